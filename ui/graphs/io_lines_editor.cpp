#include "ui/graphs/io_lines_editor.h"

#include "ui/plot/graph_style.h"

#include <QColorDialog>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace synscope {

namespace {

constexpr int kColorRole = Qt::UserRole + 1;

const graphs::SeriesStyle kStyles[] = {graphs::SeriesStyle::Line, graphs::SeriesStyle::Steps,
                                       graphs::SeriesStyle::Impulses, graphs::SeriesStyle::Dots};

QString styleName(graphs::SeriesStyle s)
{
    switch (s) {
    case graphs::SeriesStyle::Steps:
        return IoLinesEditor::tr("Steps");
    case graphs::SeriesStyle::Impulses:
        return IoLinesEditor::tr("Impulses");
    case graphs::SeriesStyle::Dots:
        return IoLinesEditor::tr("Dots");
    default:
        return IoLinesEditor::tr("Line");
    }
}

QColor rgb(std::uint32_t c) { return QColor::fromRgb((c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff); }

} // namespace

IoLinesEditor::IoLinesEditor(QWidget* parent) : QWidget(parent)
{
    table_ = new QTableWidget(0, ColumnCount, this);
    table_->setHorizontalHeaderLabels({tr("Name"), tr("Filter (tcpdump syntax)"), tr("Colour"), tr("Style")});
    table_->horizontalHeader()->setSectionResizeMode(FilterColumn, QHeaderView::Stretch);
    table_->verticalHeader()->hide();
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setToolTip(tr("One line per row: packets matching the filter (empty: all packets). Double-click "
                          "to edit; click a colour to change it."));
    connect(table_, &QTableWidget::itemChanged, this, [this] {
        if (!filling_)
            emit changed();
    });
    connect(table_, &QTableWidget::cellClicked, this, [this](int row, int column) {
        if (column == ColorColumn)
            chooseColor(row);
    });

    auto* add = new QPushButton(tr("Add Line"), this);
    auto* remove = new QPushButton(tr("Remove Line"), this);
    connect(add, &QPushButton::clicked, this, [this] {
        addLine({tr("line %1").arg(table_->rowCount() + 1).toStdString(), "tcp",
                 ioLineColor(table_->rowCount()), graphs::SeriesStyle::Line});
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        const int row = table_->currentRow();
        if (row >= 0 && table_->rowCount() > 1) {
            table_->removeRow(row);
            emit changed();
        }
    });
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(table_);
    layout->addLayout(buttons);
    setLines({{tr("all packets").toStdString(), "", ioLineColor(0), graphs::SeriesStyle::Line}});
}

void IoLinesEditor::insertRow(const graphs::IoLineSpec& line)
{
    const int row = table_->rowCount();
    table_->insertRow(row);
    table_->setItem(row, NameColumn, new QTableWidgetItem(QString::fromStdString(line.name)));
    table_->setItem(row, FilterColumn, new QTableWidgetItem(QString::fromStdString(line.filter)));
    auto* color = new QTableWidgetItem;
    color->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    table_->setItem(row, ColorColumn, color);
    setRowColor(row, line.color ? line.color : ioLineColor(row));
    auto* style = new QComboBox(table_);
    for (graphs::SeriesStyle s : kStyles) {
        style->addItem(styleName(s), static_cast<int>(s));
        if (s == line.style)
            style->setCurrentIndex(style->count() - 1);
    }
    connect(style, &QComboBox::currentIndexChanged, this, [this] {
        if (!filling_)
            emit changed();
    });
    table_->setCellWidget(row, StyleColumn, style);
}

void IoLinesEditor::setRowColor(int row, std::uint32_t color)
{
    QTableWidgetItem* item = table_->item(row, ColorColumn);
    item->setData(kColorRole, color);
    item->setBackground(rgb(color));
    item->setText(rgb(color).name());
    item->setForeground(rgb(color).lightness() < 128 ? Qt::white : Qt::black);
}

void IoLinesEditor::chooseColor(int row)
{
    QTableWidgetItem* item = table_->item(row, ColorColumn);
    const QColor chosen = QColorDialog::getColor(rgb(item->data(kColorRole).toUInt()), this, tr("Line Colour"));
    if (!chosen.isValid())
        return;
    const std::uint32_t c = (static_cast<std::uint32_t>(chosen.red()) << 16) |
                            (static_cast<std::uint32_t>(chosen.green()) << 8) | static_cast<std::uint32_t>(chosen.blue());
    filling_ = true;
    setRowColor(row, c ? c : 0x010101); // 0 means "automatic"; black stays black
    filling_ = false;
    emit changed();
}

std::vector<graphs::IoLineSpec> IoLinesEditor::lines() const
{
    std::vector<graphs::IoLineSpec> out;
    for (int row = 0; row < table_->rowCount(); ++row) {
        graphs::IoLineSpec l;
        l.name = table_->item(row, NameColumn)->text().trimmed().toStdString();
        l.filter = table_->item(row, FilterColumn)->text().trimmed().toStdString();
        l.color = table_->item(row, ColorColumn)->data(kColorRole).toUInt();
        if (auto* style = qobject_cast<QComboBox*>(table_->cellWidget(row, StyleColumn)))
            l.style = static_cast<graphs::SeriesStyle>(style->currentData().toInt());
        out.push_back(std::move(l));
    }
    return out;
}

void IoLinesEditor::setLines(const std::vector<graphs::IoLineSpec>& lines)
{
    filling_ = true;
    table_->setRowCount(0);
    for (const graphs::IoLineSpec& l : lines)
        insertRow(l);
    filling_ = false;
    emit changed();
}

void IoLinesEditor::addLine(const graphs::IoLineSpec& line)
{
    filling_ = true;
    insertRow(line);
    filling_ = false;
    emit changed();
}

} // namespace synscope
