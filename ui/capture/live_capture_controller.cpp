#include "ui/capture/live_capture_controller.h"

#include "ui/capture/capture_document.h"
#include "ui/capture/capture_options_dialog.h"
#include "ui/capture/capture_toolbar.h"
#include "ui/capture/recovered_captures_dialog.h"
#include "ui/export/export_runner.h"

#include "live/capture_spool.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QSettings>

namespace synscope {

namespace {

QString interfacesText(const LiveCapture& capture)
{
    QStringList names;
    for (const std::string& n : capture.options().interfaces)
        names << QString::fromStdString(n);
    return names.join(QStringLiteral(", "));
}

// `sentence` with "N captured packets" for %1. Qt's %n plurals need a translation loaded even for
// English ("packet(s)" otherwise), so the count picks the English wording here.
QString capturedPacketsText(const QString& sentence, qulonglong n)
{
    return sentence.arg(n == 1 ? LiveCaptureController::tr("1 captured packet")
                               : LiveCaptureController::tr("%1 captured packets").arg(n));
}

QString elapsedText(double seconds)
{
    const qint64 s = static_cast<qint64>(seconds);
    return QStringLiteral("%1:%2:%3")
        .arg(s / 3600)
        .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
        .arg(s % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

LiveCaptureController::LiveCaptureController(CaptureDocument& document, CaptureToolBar& toolBar, QLabel& statusLabel,
                                             QWidget& window)
    : QObject(&window), document_(document), toolBar_(toolBar), statusLabel_(statusLabel), window_(window),
      session_(new CaptureSession(this))
{
    connect(session_, &CaptureSession::started, this, &LiveCaptureController::onStarted);
    connect(session_, &CaptureSession::statisticsChanged, this, &LiveCaptureController::onStatistics);
    connect(session_, &CaptureSession::stopped, this, &LiveCaptureController::onStopped);
    connect(&toolBar_, &CaptureToolBar::optionsEdited, this, [this] {
        LiveOptions o = session_->options();
        toolBar_.applyTo(o);
        session_->setOptions(o);
    });
    toolBar_.showOptions(session_->options());
}

void LiveCaptureController::start()
{
    if (session_->isRunning())
        return;
    QString problem;
    if (!toolBar_.filterIsValid(&problem)) {
        QMessageBox::warning(&window_, tr("Cannot Start the Capture"), tr("The capture filter is invalid: %1").arg(problem));
        return;
    }
    if (!settle(tr("starting a new capture")))
        return;
    LiveOptions o = session_->options();
    toolBar_.applyTo(o);
    // The file being shown is mapped into memory: a capture must never write over it.
    const QString shown = document_.path();
    if (!o.outputPath.empty() && !shown.isEmpty() &&
        QFileInfo(QString::fromStdString(o.outputPath)).canonicalFilePath() == QFileInfo(shown).canonicalFilePath()) {
        QMessageBox::warning(&window_, tr("Cannot Start the Capture"),
                             tr("%1 is the capture open in this window. Choose another output file.").arg(shown));
        return;
    }
    session_->setOptions(o);
    QString error;
    if (!session_->start(error)) {
        reportStartFailure(o, error);
        return;
    }
    // The chosen output file was used once; the toolbar and dialog show the options without it.
    toolBar_.showOptions(session_->options());
}

void LiveCaptureController::reportStartFailure(const LiveOptions& options, const QString& error)
{
    emit startFailed(error);
    if (unattended_)
        return;
    // With several interfaces any of them may be the one that failed: the message below names it,
    // the headline must not blame the first.
    QMessageBox box(QMessageBox::Critical, tr("Cannot Start the Capture"),
                    options.interfaces.size() == 1
                        ? tr("The capture on %1 could not start.").arg(QString::fromStdString(options.interfaces.front()))
                        : tr("The capture could not start."),
                    QMessageBox::Ok, &window_);
    box.setInformativeText(error);
    box.setTextInteractionFlags(Qt::TextSelectableByMouse);
    box.exec();
    emit stateChanged();
}

void LiveCaptureController::restart()
{
    if (!session_->isRunning()) {
        start();
        return;
    }
    afterStop_ = AfterStop::StartAgain;
    session_->stop();
}

void LiveCaptureController::editOptions()
{
    LiveOptions o = session_->options();
    toolBar_.applyTo(o);
    CaptureOptionsDialog dialog(toolBar_.interfaces(), o, &window_);
    const int result = dialog.exec();
    LiveOptions edited = dialog.options();
    session_->setOptions(edited);
    toolBar_.showOptions(edited);
    if (result == QDialog::Accepted)
        start();
}

void LiveCaptureController::onStarted(const QString& path, std::shared_ptr<LiveCapture> capture)
{
    emit started(path, capture);
    statusLabel_.setText(tr("Capturing on %1…").arg(interfacesText(*capture)));
    statusLabel_.setStyleSheet(QStringLiteral("QLabel { color: #b00000; }"));
    statusLabel_.show();
}

void LiveCaptureController::onStatistics(const LiveStatistics& s)
{
    if (!session_->isRunning())
        return;
    const QLocale locale;
    QString text = tr("● Capturing: %1 packets, %2 · dropped by kernel: %3")
                       .arg(locale.toString(static_cast<qulonglong>(s.written)),
                            locale.formattedDataSize(static_cast<qint64>(s.bytesWritten)),
                            locale.toString(static_cast<qulonglong>(s.kernelDropped)));
    if (s.interfaceDropped)
        text += tr(" · by interface: %1").arg(locale.toString(static_cast<qulonglong>(s.interfaceDropped)));
    text += QStringLiteral(" · ") + elapsedText(s.seconds);
    statusLabel_.setText(text);
    statusLabel_.setToolTip(tr("%1 packets received by the capture filter").arg(locale.toString(static_cast<qulonglong>(s.kernelReceived))));
}

void LiveCaptureController::onStopped(const QString& failure)
{
    const LiveStatistics s = session_->statistics();
    const QLocale locale;
    QString text = tr("Capture stopped: %1 packets captured, %2 received by filter, %3 dropped by kernel")
                       .arg(locale.toString(static_cast<qulonglong>(s.written)),
                            locale.toString(static_cast<qulonglong>(s.kernelReceived)),
                            locale.toString(static_cast<qulonglong>(s.kernelDropped)));
    if (s.interfaceDropped)
        text += tr(", %1 dropped by interface").arg(locale.toString(static_cast<qulonglong>(s.interfaceDropped)));
    statusLabel_.setText(text);
    statusLabel_.setStyleSheet(QString());
    statusLabel_.setToolTip(session_->summary());
    // Also before a restart: if the user cancels the new start, this capture still offers Save/Discard
    // (a new capture that starts clears the window).
    emit stopped(failure);
    if (std::exchange(afterStop_, AfterStop::Nothing) == AfterStop::StartAgain) {
        // Queued: this may run inside the window's handling of the end of the load (the engine noticed
        // the end first), which must finish announcing the old capture before the new one starts.
        QMetaObject::invokeMethod(this, &LiveCaptureController::start, Qt::QueuedConnection);
    }
}

QString LiveCaptureController::windowTitle() const
{
    const QString path = document_.path();
    const bool ours = document_.isLive() && !path.isEmpty() && path == session_->path();
    if (path.isEmpty())
        return tr("SynScope");
    if (ours && session_->isRunning())
        return tr("Capturing on %1 — SynScope").arg(interfacesText(*session_->capture()));
    if (ours && session_->hasUnsavedCapture())
        // An adopted spool file has no capture of this session behind it.
        return session_->capture() ? tr("Live capture (not saved) — SynScope") : tr("Recovered capture (not saved) — SynScope");
    return tr("%1 — SynScope").arg(QFileInfo(path).fileName());
}

bool LiveCaptureController::canDiscard() const
{
    return !session_->isRunning() && document_.isLive() && session_->hasUnsavedCapture();
}

bool LiveCaptureController::showsUnsavedCapture() const
{
    return document_.isLive() && document_.path() == session_->path();
}

bool LiveCaptureController::settle(const QString& action)
{
    if (session_->isRunning()) {
        const auto answer = QMessageBox::question(
            &window_, tr("Capture Running"), tr("A capture is running. Stop it before %1?").arg(action),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Yes);
        if (answer != QMessageBox::Yes)
            return false;
        session_->stop();
        if (auto capture = session_->capture())
            capture->wait();
    }
    if (!session_->hasUnsavedCapture())
        return true;
    // Let the engine take in the last packets before anything is counted or saved (a capture that
    // stopped by itself or for a restart may still be loading them).
    if (showsUnsavedCapture())
        while (document_.isLoading())
            QApplication::processEvents(QEventLoop::AllEvents, 20);
    const qulonglong packets = document_.isLive() ? document_.loadedPackets() : session_->statistics().written;
    QMessageBox box(QMessageBox::Question, tr("Unsaved Capture"),
                    capturedPacketsText(tr("Save the %1 before %2?"), packets).arg(action),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, &window_);
    box.setInformativeText(tr("They are in a temporary file that is deleted if you discard them."));
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Save: return saveAs();
    case QMessageBox::Discard: {
        const bool shown = showsUnsavedCapture();
        session_->discard();
        // Its file is gone: the window must not go on showing it.
        if (shown)
            emit discarded();
        return true;
    }
    default: return false;
    }
}

bool LiveCaptureController::saveAs()
{
    if (!document_.store() || document_.path().isEmpty()) {
        emit notice(tr("There is no capture to save."), 4000);
        return false;
    }
    if (document_.isLoading()) {
        emit notice(session_->isRunning() ? tr("Stop the capture before saving it.")
                                          : tr("Saving is possible once the capture is loaded."),
                    5000);
        return false;
    }
    const bool unsaved = showsUnsavedCapture() && session_->hasUnsavedCapture();
    const QString target = chooseSaveTarget(unsaved);
    if (target.isEmpty())
        return false;
    if (QFileInfo(target).exists() && QFileInfo(target).canonicalFilePath() == QFileInfo(document_.path()).canonicalFilePath()) {
        QMessageBox::warning(&window_, tr("Save Capture As"), tr("%1 is the capture itself; choose another name.").arg(target));
        return false;
    }
    if (!writeCapture(target, unsaved))
        return false;
    const bool isShownCapture = document_.isLive() || unsaved;
    if (isShownCapture)
        document_.savedAs(target);
    emit saved(target, isShownCapture);
    return true;
}

QString LiveCaptureController::chooseSaveTarget(bool unsaved) const
{
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("saveDirectory"), QDir::homePath()).toString();
    const QFileInfo shown(document_.path());
    const QString suggested =
        unsaved ? QStringLiteral("capture-%1.pcapng").arg(shown.lastModified().toString(QStringLiteral("yyyyMMdd-HHmmss")))
                : shown.fileName();
    QString selectedFilter;
    QString target = QFileDialog::getSaveFileName(&window_, tr("Save Capture As"), QDir(dir).filePath(suggested),
                                                  tr("pcapng (*.pcapng);;pcap (*.pcap)"), &selectedFilter);
    if (target.isEmpty())
        return {};
    // The name's extension decides the format; a bare name gets the chosen filter's.
    if (QFileInfo(target).suffix().isEmpty()) {
        target += selectedFilter.startsWith(QLatin1String("pcap (")) ? QStringLiteral(".pcap") : QStringLiteral(".pcapng");
        // The file dialog asked about the name typed, not this one: ask here, as it would have.
        if (QFileInfo::exists(target) &&
            QMessageBox::question(&window_, tr("Save Capture As"),
                                  tr("%1 already exists. Do you want to replace it?").arg(QFileInfo(target).fileName()),
                                  QMessageBox::Yes | QMessageBox::No, QMessageBox::No) != QMessageBox::Yes)
            return {};
    }
    settings.setValue(QStringLiteral("saveDirectory"), QFileInfo(target).absolutePath());
    return target;
}

bool LiveCaptureController::writeCapture(const QString& target, bool unsaved)
{
    const std::shared_ptr<const PacketStore> store = document_.store();
    const CaptureFileFormat format = formatForFileName(target.toStdString());
    const bool sameFormat = (format == CaptureFileFormat::PcapNg) == (store->reader().format() == CaptureFormat::PcapNg);
    // Renamed in place: the engine keeps reading the same file under its new name.
    if (unsaved && sameFormat && session_->moveTo(target))
        return true;
    ExportRequest request;
    request.outputPath = target.toStdString();
    request.format = format;
    const ExportResult result = runExport(&window_, store, request, tr("Saving %1…").arg(QFileInfo(target).fileName()));
    if (!result.ok) {
        if (!result.cancelled)
            QMessageBox::critical(&window_, tr("Save Capture As"),
                                  tr("The capture was not saved.") + QStringLiteral("\n\n") + QString::fromStdString(result.error));
        return false;
    }
    if (unsaved)
        session_->savedAs(target);
    return true;
}

void LiveCaptureController::discard()
{
    if (!session_->hasUnsavedCapture() || session_->isRunning())
        return;
    if (QMessageBox::question(&window_, tr("Discard Capture?"),
                              capturedPacketsText(tr("Delete the %1? They cannot be recovered."), document_.loadedPackets()),
                              QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel) != QMessageBox::Discard)
        return;
    session_->discard();
    emit discarded();
}

void LiveCaptureController::offerRecovery()
{
    const std::vector<SpoolFile> leftovers = orphanedSpoolFiles();
    if (leftovers.empty())
        return;
    RecoveredCapturesDialog dialog(leftovers, &window_);
    if (dialog.exec() != QDialog::Accepted || dialog.chosenPath().isEmpty())
        return;
    QString error;
    if (!session_->adopt(dialog.chosenPath(), error))
        QMessageBox::warning(&window_, tr("Recover Capture"), error);
    else
        emit recovered(dialog.chosenPath());
}

} // namespace synscope
