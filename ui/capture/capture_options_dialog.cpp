#include "ui/capture/capture_options_dialog.h"

#include "ui/capture/interface_list_model.h"
#include "ui/capture/sparkline_delegate.h"

#include "live/capture_permissions.h"
#include "live/interfaces.h"
#include "filter/bpf_filter.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace synscope {

namespace {

QString code(const QString& command) { return QStringLiteral("<code>%1</code>").arg(command.toHtmlEscaped()); }

// Which route to a capture applies and, when none is open, the exact command that opens one. Empty when
// this process captures by itself (root).
QString captureRouteNote(const CaptureRoute& r)
{
    const QString helper = QString::fromStdString(r.helperPath);
    const QString self = QString::fromStdString(currentExecutablePath());
    const QString setcap = QStringLiteral("sudo setcap cap_net_raw,cap_net_admin=eip ");
    switch (r.kind) {
    case CaptureRouteKind::InProcess:
        return {};
    case CaptureRouteKind::Helper:
        return CaptureOptionsDialog::tr("Capturing through the capture helper %1.").arg(code(helper));
    case CaptureRouteKind::HelperNotInGroup:
        return CaptureOptionsDialog::tr("<b>Capturing is not possible yet.</b> The capture helper %1 may be run by "
                                        "members of the <i>synscope</i> group only. Add yourself once with %2, "
                                        "then log out and in again.")
            .arg(code(helper), code(QStringLiteral("sudo usermod -aG synscope %1").arg(QString::fromStdString(r.user))));
    case CaptureRouteKind::HelperNeedsNewLogin:
        return CaptureOptionsDialog::tr("<b>Capturing is not possible yet.</b> You are in the <i>synscope</i> group, "
                                        "but this session started before you were added: log out and in again "
                                        "(or start SynScope from a shell opened with %1).")
            .arg(code(QStringLiteral("newgrp synscope")));
    case CaptureRouteKind::HelperNotExecutable:
        return r.packaged
                   ? CaptureOptionsDialog::tr("<b>Capturing is not possible yet.</b> The capture helper %1 is not "
                                              "executable by you. Restore its rights with %2.")
                         .arg(code(helper), code(QStringLiteral("sudo dpkg-reconfigure synscope")))
                   : CaptureOptionsDialog::tr("<b>Capturing is not possible yet.</b> The capture helper %1 is not "
                                              "executable by you: make it executable with %2, or run SynScope as "
                                              "root.")
                         .arg(code(helper), code(QStringLiteral("chmod 0755 ") + helper));
    case CaptureRouteKind::HelperWithoutCapabilities:
        return r.packaged
                   ? CaptureOptionsDialog::tr("<b>Capturing is not possible yet.</b> The capture helper %1 lacks "
                                              "its capture capabilities. Restore them with %2 (or %3).")
                         .arg(code(helper), code(QStringLiteral("sudo dpkg-reconfigure synscope")),
                              code(setcap + helper))
                   : CaptureOptionsDialog::tr("<b>Capturing is not possible yet.</b> This build's capture helper %1 "
                                              "lacks the capture capabilities. Give them once (again after each "
                                              "rebuild) with %2, or run SynScope as root.")
                         .arg(code(helper), code(setcap + helper));
    case CaptureRouteKind::NoHelper:
        break;
    }
    return CaptureOptionsDialog::tr("<b>Capturing is not possible yet.</b> No capture helper (synscope-capture) is "
                                    "installed next to SynScope. Run SynScope as root, or give it the capture "
                                    "capabilities with %1.")
        .arg(code(setcap + self));
}

} // namespace

CaptureOptionsDialog::CaptureOptionsDialog(InterfaceListModel* interfaces, const LiveOptions& o, QWidget* parent)
    : QDialog(parent), interfaces_(interfaces), initialLinkType_(o.linkType)
{
    setWindowTitle(tr("Capture Options"));
    auto* layout = new QVBoxLayout(this);
    if (QLabel* note = buildRouteNote())
        layout->addWidget(note);
    layout->addWidget(buildInterfaces(interfaces));
    layout->addWidget(buildSettings(o));
    layout->addWidget(buildStopConditions(o));
    layout->addWidget(buildOutput(o));

    auto* buttons = new QDialogButtonBox(this);
    startButton_ = buttons->addButton(tr("Start"), QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    for (const std::string& name : o.interfaces) {
        const int row = interfaces->rowOfName(QString::fromStdString(name));
        if (row >= 0)
            list_->selectionModel()->select(interfaces->index(row), QItemSelectionModel::Select);
    }
    connect(list_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &CaptureOptionsDialog::interfacesChanged);
    connect(filter_, &QLineEdit::textChanged, this, &CaptureOptionsDialog::checkFilter);
    interfacesChanged();
}

QLabel* CaptureOptionsDialog::buildRouteNote()
{
    const CaptureRoute route = captureRoute();
    const QString routeNote = captureRouteNote(route);
    if (routeNote.isEmpty())
        return nullptr;
    auto* note = new QLabel(routeNote, this);
    note->setObjectName(QStringLiteral("captureRouteNote"));
    note->setWordWrap(true);
    note->setTextFormat(Qt::RichText);
    note->setTextInteractionFlags(Qt::TextSelectableByMouse); // the command is there to be copied
    if (!route.canCapture())
        note->setStyleSheet(QStringLiteral("QLabel { background: #fdf1d0; border: 1px solid #e0c068; "
                                           "padding: 6px; }"));
    return note;
}

QGroupBox* CaptureOptionsDialog::buildInterfaces(InterfaceListModel* interfaces)
{
    auto* input = new QGroupBox(tr("Interfaces"), this);
    auto* inputLayout = new QVBoxLayout(input);
    auto* hint = new QLabel(tr("Choose one or more (Ctrl+click). Several interfaces go into one pcapng file."), input);
    hint->setWordWrap(true);
    inputLayout->addWidget(hint);
    list_ = new QListView(input);
    list_->setObjectName(QStringLiteral("interfaceList"));
    list_->setModel(interfaces);
    list_->setItemDelegate(new SparklineDelegate(list_));
    list_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    list_->setMinimumHeight(160);
    inputLayout->addWidget(list_);
    auto* linkRow = new QHBoxLayout;
    linkRow->addWidget(new QLabel(tr("Link type:"), input));
    linkType_ = new QComboBox(input);
    linkRow->addWidget(linkType_, 1);
    inputLayout->addLayout(linkRow);
    linkTypeNote_ = new QLabel(input);
    linkTypeNote_->setWordWrap(true);
    linkTypeNote_->hide();
    inputLayout->addWidget(linkTypeNote_);
    return input;
}

QGroupBox* CaptureOptionsDialog::buildSettings(const LiveOptions& o)
{
    auto* settings = new QGroupBox(tr("Capture"), this);
    auto* form = new QFormLayout(settings);
    filter_ = new QLineEdit(QString::fromStdString(o.filter), settings);
    filter_->setPlaceholderText(tr("tcpdump/BPF expression; empty captures everything"));
    filter_->setClearButtonEnabled(true);
    form->addRow(tr("Capture filter:"), filter_);
    filterNote_ = new QLabel(settings);
    filterNote_->setWordWrap(true);
    filterNote_->hide();
    form->addRow(QString(), filterNote_);
    snapLength_ = new QSpinBox(settings);
    snapLength_->setRange(1, 262144);
    snapLength_->setValue(o.snapLength);
    snapLength_->setSuffix(tr(" bytes"));
    snapLength_->setToolTip(tr("Bytes kept of each packet (tcpdump -s). 262144 keeps whole packets."));
    form->addRow(tr("Snapshot length:"), snapLength_);
    promiscuous_ = new QCheckBox(tr("Promiscuous mode (also packets for other hosts)"), settings);
    promiscuous_->setChecked(o.promiscuous);
    form->addRow(QString(), promiscuous_);
    bufferMiB_ = new QSpinBox(settings);
    bufferMiB_->setRange(0, 1024);
    bufferMiB_->setSpecialValueText(tr("default (32 MiB)"));
    bufferMiB_->setSuffix(tr(" MiB"));
    bufferMiB_->setValue(static_cast<int>(o.bufferSizeKiB / 1024));
    bufferMiB_->setToolTip(tr("Kernel buffer (tcpdump -B). A larger one rides out bursts without drops."));
    form->addRow(tr("Kernel buffer:"), bufferMiB_);
    immediate_ = new QCheckBox(tr("Immediate mode (each packet at once, more CPU)"), settings);
    immediate_->setChecked(o.immediate);
    form->addRow(QString(), immediate_);
    return settings;
}

QGroupBox* CaptureOptionsDialog::buildStopConditions(const LiveOptions& o)
{
    auto* stop = new QGroupBox(tr("Stop automatically after"), this);
    auto* stopForm = new QFormLayout(stop);
    stopPackets_ = new QCheckBox(tr("Packets:"), stop);
    stopPacketsValue_ = new QSpinBox(stop);
    stopPacketsValue_->setRange(1, 2000000000);
    stopPacketsValue_->setValue(o.stopAfterPackets ? static_cast<int>(std::min<std::uint64_t>(o.stopAfterPackets, 2000000000)) : 1000);
    stopPackets_->setChecked(o.stopAfterPackets > 0);
    stopForm->addRow(stopPackets_, stopPacketsValue_);
    stopSeconds_ = new QCheckBox(tr("Seconds:"), stop);
    stopSecondsValue_ = new QDoubleSpinBox(stop);
    stopSecondsValue_->setRange(0.1, 31.0 * 24 * 3600);
    stopSecondsValue_->setDecimals(1);
    stopSecondsValue_->setValue(o.stopAfterSeconds > 0 ? o.stopAfterSeconds : 60);
    stopSeconds_->setChecked(o.stopAfterSeconds > 0);
    stopForm->addRow(stopSeconds_, stopSecondsValue_);
    stopMegabytes_ = new QCheckBox(tr("Megabytes written:"), stop);
    stopMegabytesValue_ = new QSpinBox(stop);
    stopMegabytesValue_->setRange(1, 1000000);
    stopMegabytesValue_->setSuffix(tr(" MB"));
    stopMegabytesValue_->setToolTip(tr("1 MB = 1,000,000 bytes of capture file"));
    stopMegabytesValue_->setValue(o.stopAfterBytes ? static_cast<int>(std::max<std::uint64_t>(1, o.stopAfterBytes / 1000000)) : 100);
    stopMegabytes_->setChecked(o.stopAfterBytes > 0);
    stopForm->addRow(stopMegabytes_, stopMegabytesValue_);
    return stop;
}

QGroupBox* CaptureOptionsDialog::buildOutput(const LiveOptions& o)
{
    auto* output = new QGroupBox(tr("Output"), this);
    auto* outputLayout = new QVBoxLayout(output);
    toTemporary_ = new QRadioButton(tr("Temporary file: choose whether to save it when the capture stops"), output);
    toFile_ = new QRadioButton(tr("Write to this file:"), output);
    auto* fileRow = new QHBoxLayout;
    outputPath_ = new QLineEdit(QString::fromStdString(o.outputPath), output);
    outputPath_->setPlaceholderText(tr("capture.pcapng (pcap when the name ends in .pcap)"));
    auto* browse = new QPushButton(tr("Browse…"), output);
    fileRow->addWidget(toFile_);
    fileRow->addWidget(outputPath_, 1);
    fileRow->addWidget(browse);
    outputLayout->addWidget(toTemporary_);
    outputLayout->addLayout(fileRow);
    (o.outputPath.empty() ? toTemporary_ : toFile_)->setChecked(true);
    outputPath_->setEnabled(toFile_->isChecked());
    connect(toFile_, &QRadioButton::toggled, outputPath_, &QWidget::setEnabled);
    connect(browse, &QPushButton::clicked, this, &CaptureOptionsDialog::chooseFile);
    return output;
}

QStringList CaptureOptionsDialog::chosenInterfaces() const
{
    QModelIndexList rows = list_->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    QStringList names;
    for (const QModelIndex& r : rows)
        names << r.data(InterfaceListModel::NameRole).toString();
    return names;
}

void CaptureOptionsDialog::interfacesChanged()
{
    const QStringList names = chosenInterfaces();
    const int keep = linkType_->count() > 0 ? linkType_->currentData().toInt() : initialLinkType_;
    linkType_->clear();
    linkType_->addItem(tr("The interface's default"), -1);
    linkTypeNote_->hide();
    if (names.size() == 1) {
        std::string error;
        for (const LinkTypeChoice& c : listLinkTypes(names.front().toStdString(), error))
            linkType_->addItem(QStringLiteral("%1 (%2)").arg(QString::fromStdString(c.name),
                                                              QString::fromStdString(c.description)),
                               static_cast<int>(c.linkType));
        if (!error.empty()) {
            // Without rights of its own the program captures through the helper, which does not list link
            // types: the route note above already says what is missing, so this one stays short.
            linkTypeNote_->setText(processCanCapture()
                                       ? tr("The link types of %1 cannot be listed: %2")
                                             .arg(names.front(), QString::fromStdString(error))
                                       : tr("The link types of %1 are listed only when SynScope runs as root; "
                                            "the capture uses the interface's default.")
                                             .arg(names.front()));
            linkTypeNote_->show();
        }
    }
    const int index = linkType_->findData(keep);
    linkType_->setCurrentIndex(index >= 0 ? index : 0);
    linkType_->setEnabled(names.size() == 1 && linkType_->count() > 1);
    checkFilter();
}

void CaptureOptionsDialog::checkFilter()
{
    const QString text = filter_->text().trimmed();
    bool valid = true;
    if (!text.isEmpty()) {
        const int chosen = linkType_->currentData().toInt();
        const std::uint32_t linkType = chosen >= 0 ? static_cast<std::uint32_t>(chosen)
                                       : chosenInterfaces().value(0) == QLatin1String("any") ? 113u
                                                                                             : 1u;
        std::string error;
        valid = BpfFilter::check(text.toStdString(), linkType, error);
        filterNote_->setText(valid ? QString() : tr("Invalid capture filter: %1").arg(QString::fromStdString(error)));
    }
    filterNote_->setVisible(!valid);
    filter_->setStyleSheet(text.isEmpty() ? QString()
                           : valid        ? QStringLiteral("QLineEdit { background: #d9f5d3; }")
                                          : QStringLiteral("QLineEdit { background: #f8d0d0; }"));
    if (startButton_)
        startButton_->setEnabled(valid && !chosenInterfaces().isEmpty());
}

void CaptureOptionsDialog::chooseFile()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Capture To File"), outputPath_->text(),
                                                      tr("pcapng (*.pcapng);;pcap (*.pcap)"));
    if (path.isEmpty())
        return;
    outputPath_->setText(path);
    confirmedPath_ = path;
    toFile_->setChecked(true);
}

LiveOptions CaptureOptionsDialog::options() const
{
    LiveOptions o;
    for (const QString& name : chosenInterfaces())
        o.interfaces.push_back(name.toStdString());
    o.filter = filter_->text().trimmed().toStdString();
    o.snapLength = snapLength_->value();
    o.promiscuous = promiscuous_->isChecked();
    o.bufferSizeKiB = static_cast<std::uint32_t>(bufferMiB_->value()) * 1024u;
    o.immediate = immediate_->isChecked();
    o.linkType = o.interfaces.size() == 1 ? linkType_->currentData().toInt() : -1;
    o.stopAfterPackets = stopPackets_->isChecked() ? static_cast<std::uint64_t>(stopPacketsValue_->value()) : 0;
    o.stopAfterSeconds = stopSeconds_->isChecked() ? stopSecondsValue_->value() : 0.0;
    o.stopAfterBytes = stopMegabytes_->isChecked() ? static_cast<std::uint64_t>(stopMegabytesValue_->value()) * 1000000u : 0;
    o.outputPath = toFile_->isChecked() ? outputPath_->text().trimmed().toStdString() : std::string();
    return o;
}

void CaptureOptionsDialog::done(int result)
{
    if (result == QDialog::Accepted) {
        const LiveOptions o = options();
        if (toFile_->isChecked() && o.outputPath.empty()) {
            QMessageBox::warning(this, tr("Capture Options"), tr("Give the file to write to, or choose a temporary file."));
            return;
        }
        const QString path = QString::fromStdString(o.outputPath);
        if (o.interfaces.size() > 1 && path.endsWith(QLatin1String(".pcap"), Qt::CaseInsensitive)) {
            QMessageBox::warning(this, tr("Capture Options"),
                                 tr("A pcap file holds one interface. Capture several interfaces into a .pcapng file."));
            return;
        }
        // A typed name (not chosen through Browse, which asks itself) must not replace a file silently.
        if (!path.isEmpty() && path != confirmedPath_ && QFileInfo::exists(path) &&
            QMessageBox::question(this, tr("Replace File?"),
                                  tr("%1 exists. Replace it with the new capture?").arg(path),
                                  QMessageBox::Yes | QMessageBox::No, QMessageBox::No) != QMessageBox::Yes)
            return;
    }
    QDialog::done(result);
}

} // namespace synscope
