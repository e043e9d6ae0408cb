#include "ui/diagram/sequence_diagram_panel.h"

#include "ui/render/diagram_export.h"
#include "ui/diagram/sequence_diagram_view.h"

#include "store/packet_store.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QThreadPool>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace synscope {

SequenceDiagramPanel::SequenceDiagramPanel(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    // A tool bar, so a narrow panel folds the controls into its overflow menu instead of widening.
    auto* bar = new QToolBar(this);
    bar->setIconSize(QSize(16, 16));
    sourceBox_ = new QComboBox(bar);
    sourceBox_->addItem(tr("Selected connection"));
    sourceBox_->addItem(tr("All displayed packets"));
    sourceBox_->setToolTip(tr("Draw the connection chosen in the connections panel, or every packet the list shows"));
    numbersBox_ = new QComboBox(bar);
    numbersBox_->addItem(tr("Relative numbers"), static_cast<int>(DiagramNumbers::Relative));
    numbersBox_->addItem(tr("Absolute numbers"), static_cast<int>(DiagramNumbers::Absolute));
    numbersBox_->addItem(tr("Textbook (seq=x, ack=x+1)"), static_cast<int>(DiagramNumbers::Symbolic));
    lifelinesBox_ = new QComboBox(bar);
    lifelinesBox_->addItem(tr("One line per host"), static_cast<int>(DiagramLifelines::PerHost));
    lifelinesBox_->addItem(tr("One line per address:port"), static_cast<int>(DiagramLifelines::PerEndpoint));
    collapseBox_ = new QCheckBox(tr("Collapse data"), bar);
    collapseBox_->setToolTip(tr("Show each data phase as one row, so a long connection's handshake and teardown fit "
                                "on one screen"));
    proportionalBox_ = new QCheckBox(tr("Time-proportional"), bar);
    proportionalBox_->setToolTip(tr("Space rows by the time between packets instead of evenly"));
    exportButton_ = new QToolButton(bar);
    exportButton_->setText(tr("Export…"));
    exportButton_->setToolTip(tr("Save the whole diagram as PNG, SVG, PDF or Mermaid text"));
    connect(exportButton_, &QToolButton::clicked, this, &SequenceDiagramPanel::exportDialog);
    status_ = new QLabel(bar);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A long title must not widen the window: the label gives way and shows the rest in its tooltip.
    status_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    status_->setMinimumWidth(40);
    bar->addWidget(new QLabel(tr("Draw: "), bar));
    bar->addWidget(sourceBox_);
    bar->addWidget(numbersBox_);
    bar->addWidget(lifelinesBox_);
    bar->addWidget(collapseBox_);
    bar->addWidget(proportionalBox_);
    bar->addWidget(exportButton_);
    layout->addWidget(bar);
    status_->setContentsMargins(6, 2, 6, 2);
    layout->addWidget(status_);
    view_ = new SequenceDiagramView(this);
    layout->addWidget(view_, 1);
    connect(view_, &SequenceDiagramView::frameActivated, this, &SequenceDiagramPanel::frameActivated);
    for (QComboBox* box : {sourceBox_, numbersBox_, lifelinesBox_})
        connect(box, &QComboBox::currentIndexChanged, this, &SequenceDiagramPanel::refresh);
    connect(collapseBox_, &QCheckBox::toggled, this, &SequenceDiagramPanel::optionsChanged);
    connect(proportionalBox_, &QCheckBox::toggled, this, &SequenceDiagramPanel::optionsChanged);
    exportButton_->setEnabled(false);
}

void SequenceDiagramPanel::setStore(std::shared_ptr<const PacketStore> store)
{
    store_ = std::move(store);
    streams_.clear();
    packets_.clear();
    ++generation_;
    view_->setDiagram(nullptr);
    status_->clear();
    exportButton_->setEnabled(false);
}

void SequenceDiagramPanel::setConnections(const std::vector<std::uint32_t>& streams)
{
    streams_ = streams;
    if (source() == Source::Connections)
        refresh();
}

void SequenceDiagramPanel::setDisplayedPackets(const std::vector<std::uint32_t>& packets)
{
    packets_ = packets;
    if (source() == Source::DisplayedPackets)
        refresh();
}

void SequenceDiagramPanel::setSource(Source s) { sourceBox_->setCurrentIndex(s == Source::Connections ? 0 : 1); }

SequenceDiagramPanel::Source SequenceDiagramPanel::source() const
{
    return sourceBox_->currentIndex() == 0 ? Source::Connections : Source::DisplayedPackets;
}

void SequenceDiagramPanel::setNumbers(DiagramNumbers n)
{
    numbersBox_->setCurrentIndex(numbersBox_->findData(static_cast<int>(n)));
}

DiagramOptions SequenceDiagramPanel::options() const
{
    DiagramOptions o;
    o.numbers = static_cast<DiagramNumbers>(numbersBox_->currentData().toInt());
    o.lifelines = static_cast<DiagramLifelines>(lifelinesBox_->currentData().toInt());
    return o;
}

void SequenceDiagramPanel::optionsChanged()
{
    DiagramViewOptions o = view_->viewOptions();
    o.collapseData = collapseBox_->isChecked();
    o.timeProportional = proportionalBox_->isChecked();
    view_->setViewOptions(o);
}

void SequenceDiagramPanel::refresh()
{
    const quint64 generation = ++generation_;
    if (!store_ || (source() == Source::Connections ? streams_.empty() : packets_.empty())) {
        view_->setDiagram(nullptr);
        status_->setText(source() == Source::Connections ? tr("No connection selected.") : tr("No packets displayed."));
        exportButton_->setEnabled(false);
        building_ = false;
        return;
    }
    building_ = true;
    status_->setText(tr("Drawing…"));
    auto store = store_;
    const bool connections = source() == Source::Connections;
    std::vector<std::uint32_t> what = connections ? streams_ : packets_;
    const DiagramOptions opts = options();
    QPointer<SequenceDiagramPanel> self(this);
    QThreadPool::globalInstance()->start([self, store, connections, what = std::move(what), opts, generation] {
        auto d = std::make_shared<SequenceDiagram>(connections ? buildConnectionDiagram(*store, what, opts)
                                                               : buildPacketDiagram(*store, what, opts));
        QMetaObject::invokeMethod(QCoreApplication::instance(), [self, d, generation] {
            if (self)
                self->show(d, generation);
        });
    });
}

void SequenceDiagramPanel::show(std::shared_ptr<const SequenceDiagram> d, quint64 generation)
{
    if (generation != generation_)
        return;
    building_ = false;
    const bool optionsKeepCollapsed = collapseBox_->isChecked();
    view_->setDiagram(d);
    if (optionsKeepCollapsed != view_->viewOptions().collapseData)
        optionsChanged();
    exportButton_->setEnabled(!d->arrows.empty());
    // Chosen by count: Qt's %n plural reads "packet(s)" without an English translation loaded.
    QString text = d->arrows.size() == 1 ? tr("1 packet")
                                         : tr("%1 packets").arg(static_cast<qulonglong>(d->arrows.size()));
    if (!d->title.empty())
        text = QString::fromStdString(d->title) + QStringLiteral(" \u00b7 ") + text;
    if (!d->note.empty())
        text += QStringLiteral(" \u00b7 ") + QString::fromStdString(d->note);
    status_->setText(text);
    status_->setToolTip(text);
    if (pendingSelect_) {
        view_->selectFrame(pendingSelect_);
        pendingSelect_ = 0;
    }
    emit diagramReady();
}

bool SequenceDiagramPanel::selectFrame(quint64 frame)
{
    if (building_) {
        pendingSelect_ = frame;
        return true;
    }
    return view_->selectFrame(frame);
}

void SequenceDiagramPanel::exportDialog()
{
    const SequenceDiagram* d = view_->diagram();
    if (!d)
        return;
    QString selectedFilter;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Sequence Diagram"), QString(),
        tr("SVG image (*.svg);;PNG image (*.png);;PDF document (*.pdf);;Mermaid text (*.mmd)"), &selectedFilter);
    if (path.isEmpty())
        return;
    QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix.isEmpty())
        suffix = selectedFilter.section(QStringLiteral("*."), 1).section(QLatin1Char(')'), 0, 0);
    QString error;
    bool ok;
    if (suffix == QLatin1String("mmd") || suffix == QLatin1String("mermaid")) {
        QFile f(path);
        const std::string text = diagramToMermaid(*d);
        ok = f.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
             f.write(text.data(), static_cast<qint64>(text.size())) == static_cast<qint64>(text.size()) && f.flush();
        if (!ok)
            error = tr("cannot write \"%1\": %2").arg(path, f.errorString());
    } else {
        ok = exportDiagram(*d, view_->viewOptions(), suffix.toStdString(), path, error);
    }
    if (!ok)
        QMessageBox::warning(this, tr("Export failed"), error);
}

} // namespace synscope
