#include "ui/export/export_dialog.h"

#include "ui/export/export_runner.h"

#include "store/packet_export.h"
#include "store/packet_selection.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QVBoxLayout>
#include <algorithm>

namespace synscope {

namespace {

std::vector<std::uint32_t> intersect(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b)
{
    std::vector<std::uint32_t> out;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
    return out;
}

} // namespace

ExportDialog::ExportDialog(std::shared_ptr<const PacketStore> store, ExportChoices choices, QWidget* parent)
    : QDialog(parent), store_(std::move(store)), choices_(std::move(choices))
{
    setWindowTitle(tr("Export Packets"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(buildScopeChoices());
    count_ = new QLabel(this);
    count_->setObjectName(QStringLiteral("exportCount"));
    QFont bold = count_->font();
    bold.setBold(true);
    count_->setFont(bold);
    layout->addWidget(count_);
    problem_ = new QLabel(this);
    problem_->setStyleSheet(QStringLiteral("QLabel { color: #a00000; }"));
    problem_->setWordWrap(true);
    problem_->hide();
    layout->addWidget(problem_);
    layout->addWidget(buildFileChoice());

    auto* buttons = new QDialogButtonBox(this);
    exportButton_ = buttons->addButton(tr("Export"), QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    for (QRadioButton* b : {all_, selected_, marked_, range_, connections_})
        connect(b, &QRadioButton::toggled, this, &ExportDialog::update);
    connect(rangeText_, &QLineEdit::textEdited, this, [this] {
        range_->setChecked(true);
        update();
    });
    connect(streamText_, &QLineEdit::textEdited, this, [this] {
        connections_->setChecked(true);
        update();
    });
    connect(displayedOnly_, &QCheckBox::toggled, this, &ExportDialog::update);
    connect(format_, &QComboBox::currentIndexChanged, this, &ExportDialog::formatChanged);
    connect(path_, &QLineEdit::textEdited, this, [this] {
        const QSignalBlocker quiet(format_);
        format_->setCurrentIndex(formatForFileName(path_->text().toStdString()) == CaptureFileFormat::Pcap ? 1 : 0);
    });

    if (!choices_.streams.empty())
        connections_->setChecked(true);
    else if (choices_.selected.size() > 1)
        selected_->setChecked(true);
    else
        all_->setChecked(true);
    update();
    resize(560, sizeHint().height());
}

QGroupBox* ExportDialog::buildScopeChoices()
{
    const QLocale locale;
    auto* which = new QGroupBox(tr("Packets"), this);
    auto* grid = new QGridLayout(which);
    all_ = new QRadioButton(tr("All packets (%1)").arg(locale.toString(static_cast<qulonglong>(store_->size()))), which);
    selected_ = new QRadioButton(tr("Selected packets (%1)").arg(choices_.selected.size()), which);
    marked_ = new QRadioButton(tr("Marked packets (%1)").arg(choices_.marked.size()), which);
    range_ = new QRadioButton(tr("Range:"), which);
    connections_ = new QRadioButton(tr("TCP connections:"), which);
    rangeText_ = new QLineEdit(which);
    rangeText_->setPlaceholderText(tr("e.g. 1-100,250,400-"));
    streamText_ = new QLineEdit(which);
    streamText_->setPlaceholderText(tr("stream numbers, e.g. 0,3,7"));
    streamText_->setToolTip(tr("Every packet of these connections, with retransmissions and the ICMP errors about them"));
    QStringList streams;
    for (std::uint32_t s : choices_.streams)
        streams << QString::number(s);
    streamText_->setText(streams.join(QLatin1Char(',')));
    selected_->setEnabled(!choices_.selected.empty());
    marked_->setEnabled(!choices_.marked.empty());
    grid->addWidget(all_, 0, 0, 1, 2);
    grid->addWidget(selected_, 1, 0, 1, 2);
    grid->addWidget(marked_, 2, 0, 1, 2);
    grid->addWidget(range_, 3, 0);
    grid->addWidget(rangeText_, 3, 1);
    grid->addWidget(connections_, 4, 0);
    grid->addWidget(streamText_, 4, 1);
    displayedOnly_ = new QCheckBox(tr("Only packets the display filter shows (%1)")
                                       .arg(locale.toString(static_cast<qulonglong>(choices_.displayed.size()))),
                                   which);
    displayedOnly_->setEnabled(choices_.filtered);
    displayedOnly_->setChecked(choices_.filtered);
    grid->addWidget(displayedOnly_, 5, 0, 1, 2);
    return which;
}

QGroupBox* ExportDialog::buildFileChoice()
{
    auto* target = new QGroupBox(tr("File"), this);
    auto* targetLayout = new QHBoxLayout(target);
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("saveDirectory"), QDir::homePath()).toString();
    path_ = new QLineEdit(QDir(dir).filePath(choices_.suggestedName), target);
    auto* browse = new QPushButton(tr("Browse…"), target);
    format_ = new QComboBox(target);
    format_->addItem(tr("pcapng"), QStringLiteral("pcapng"));
    format_->addItem(tr("pcap"), QStringLiteral("pcap"));
    format_->setCurrentIndex(formatForFileName(path_->text().toStdString()) == CaptureFileFormat::Pcap ? 1 : 0);
    targetLayout->addWidget(path_, 1);
    targetLayout->addWidget(browse);
    targetLayout->addWidget(format_);
    connect(browse, &QPushButton::clicked, this, &ExportDialog::chooseFile);
    return target;
}

void ExportDialog::setScope(Scope scope)
{
    switch (scope) {
    case Scope::All: all_->setChecked(true); break;
    case Scope::Selected: selected_->setChecked(true); break;
    case Scope::Marked: marked_->setChecked(true); break;
    case Scope::Range: range_->setChecked(true); break;
    case Scope::Connections: connections_->setChecked(true); break;
    }
    update();
}

bool ExportDialog::parseStreams(std::vector<std::uint32_t>& out) const
{
    out.clear();
    for (const QString& part : streamText_->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const uint s = part.trimmed().toUInt(&ok);
        if (!ok || s >= store_->tracker().connections().size())
            return false;
        out.push_back(s);
    }
    return !out.empty();
}

std::vector<std::uint32_t> ExportDialog::packets() const
{
    std::vector<std::uint32_t> chosen;
    if (all_->isChecked()) {
        chosen.resize(store_->size());
        for (std::size_t i = 0; i < chosen.size(); ++i)
            chosen[i] = static_cast<std::uint32_t>(i);
    } else if (selected_->isChecked()) {
        chosen = choices_.selected;
    } else if (marked_->isChecked()) {
        chosen = choices_.marked;
    } else if (range_->isChecked()) {
        std::vector<FrameRange> ranges;
        std::string error;
        if (parseFrameRanges(rangeText_->text().toStdString(), ranges, error))
            for (std::size_t i = 0; i < store_->size(); ++i)
                if (inFrameRanges(ranges, i + 1))
                    chosen.push_back(static_cast<std::uint32_t>(i));
    } else if (connections_->isChecked()) {
        std::vector<std::uint32_t> streams;
        if (parseStreams(streams))
            chosen = packetsOfStreams(*store_, streams);
    }
    if (displayedOnly_->isChecked() && displayedOnly_->isEnabled())
        chosen = intersect(chosen, choices_.displayed);
    return chosen;
}

void ExportDialog::update()
{
    QString problem;
    if (range_->isChecked()) {
        std::vector<FrameRange> ranges;
        std::string error;
        if (!parseFrameRanges(rangeText_->text().toStdString(), ranges, error))
            problem = QString::fromStdString(error);
    } else if (connections_->isChecked()) {
        std::vector<std::uint32_t> streams;
        if (!parseStreams(streams))
            problem = tr("Give TCP stream numbers from 0 to %1, separated by commas.")
                          .arg(static_cast<qulonglong>(store_->tracker().connections().size()) - 1);
    }
    const std::size_t n = problem.isEmpty() ? packets().size() : 0;
    // Chosen by count: Qt's %n plural reads "packet(s)" without an English translation loaded.
    count_->setText(n == 1 ? tr("1 packet will be written")
                           : tr("%1 packets will be written").arg(static_cast<qulonglong>(n)));
    problem_->setText(problem);
    problem_->setVisible(!problem.isEmpty());
    exportButton_->setEnabled(problem.isEmpty() && n > 0);
}

void ExportDialog::chooseFile()
{
    QString selectedFilter = format_->currentIndex() == 1 ? tr("pcap (*.pcap)") : tr("pcapng (*.pcapng)");
    QString path = QFileDialog::getSaveFileName(this, tr("Export Packets"), path_->text(),
                                                tr("pcapng (*.pcapng);;pcap (*.pcap)"), &selectedFilter);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += selectedFilter.startsWith(QLatin1String("pcap (")) ? QStringLiteral(".pcap") : QStringLiteral(".pcapng");
    path_->setText(path);
    confirmedPath_ = path;
    const QSignalBlocker quiet(format_);
    format_->setCurrentIndex(formatForFileName(path.toStdString()) == CaptureFileFormat::Pcap ? 1 : 0);
}

void ExportDialog::formatChanged()
{
    // The name follows the format, so the file says what it holds.
    QString path = path_->text();
    const QString suffix = format_->currentData().toString();
    const QFileInfo info(path);
    if (info.suffix().compare(suffix, Qt::CaseInsensitive) == 0)
        return;
    if (info.suffix() == QLatin1String("pcap") || info.suffix() == QLatin1String("pcapng"))
        path.chop(info.suffix().size() + 1);
    path_->setText(path + QLatin1Char('.') + suffix);
}

QString ExportDialog::outputPath() const { return path_->text().trimmed(); }

void ExportDialog::done(int result)
{
    if (result != QDialog::Accepted) {
        QDialog::done(result);
        return;
    }
    const QString path = outputPath();
    if (path.isEmpty()) {
        QMessageBox::warning(this, windowTitle(), tr("Give the file to write."));
        return;
    }
    if (isSameFile(*store_, path.toStdString())) {
        QMessageBox::warning(this, windowTitle(), tr("%1 is the capture being read. Choose another file.").arg(path));
        return;
    }
    if (path != confirmedPath_ && QFileInfo::exists(path) &&
        QMessageBox::question(this, tr("Replace File?"), tr("%1 exists. Replace it?").arg(path),
                              QMessageBox::Yes | QMessageBox::No, QMessageBox::No) != QMessageBox::Yes)
        return;
    const std::vector<std::uint32_t> chosen = packets();
    ExportRequest request;
    request.outputPath = path.toStdString();
    request.format = format_->currentIndex() == 1 ? CaptureFileFormat::Pcap : CaptureFileFormat::PcapNg;
    request.packets = &chosen;
    const ExportResult r = runExport(this, store_, request, tr("Exporting %1 packets…").arg(chosen.size()));
    if (!r.ok) {
        if (!r.cancelled)
            QMessageBox::critical(this, windowTitle(),
                                  tr("Nothing was written.") + QStringLiteral("\n\n") + QString::fromStdString(r.error));
        return;
    }
    QSettings().setValue(QStringLiteral("saveDirectory"), QFileInfo(path).absolutePath());
    QDialog::done(result);
}

} // namespace synscope
