// MainWindow: live capture (start, stop, restart, options, statistics), saving and discarding what was
// captured, recovery of captures a crashed session left, and the note for users running as root.
#include "ui/window/main_window.h"

#include "ui/capture/capture_options_dialog.h"
#include "ui/capture/capture_session.h"
#include "ui/capture/capture_toolbar.h"
#include "ui/export/export_runner.h"
#include "ui/filter/filter_bar.h"
#include "ui/packets/packet_list_model.h"
#include "ui/capture/recovered_captures_dialog.h"

#include "live/capture_permissions.h"
#include "live/capture_spool.h"

#include <QAction>
#include <QApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QFileSystemWatcher>
#include <QStatusBar>
#include <sys/stat.h>
#include <unistd.h>

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
    return sentence.arg(n == 1 ? MainWindow::tr("1 captured packet")
                               : MainWindow::tr("%1 captured packets").arg(n));
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

void MainWindow::startCapture()
{
    if (session_->isRunning())
        return;
    QString problem;
    if (!captureBar_->filterIsValid(&problem)) {
        QMessageBox::warning(this, tr("Cannot Start the Capture"), tr("The capture filter is invalid: %1").arg(problem));
        return;
    }
    if (!settleCapture(tr("starting a new capture")))
        return;
    LiveOptions o = session_->options();
    captureBar_->applyTo(o);
    // The file being shown is mapped into memory: a capture must never write over it.
    if (!o.outputPath.empty() && !currentPath_.isEmpty() &&
        QFileInfo(QString::fromStdString(o.outputPath)).canonicalFilePath() == QFileInfo(currentPath_).canonicalFilePath()) {
        QMessageBox::warning(this, tr("Cannot Start the Capture"),
                             tr("%1 is the capture open in this window. Choose another output file.").arg(currentPath_));
        return;
    }
    session_->setOptions(o);
    QString error;
    if (!session_->start(error)) {
        if (!screenshotPath_.isEmpty()) {
            qWarning("synscope: %s", qPrintable(error));
            // Queued: this may run before the event loop has started.
            QMetaObject::invokeMethod(qApp, [] { QApplication::exit(1); }, Qt::QueuedConnection);
            return;
        }
        // With several interfaces any of them may be the one that failed: the message below names it,
        // the headline must not blame the first.
        QMessageBox box(QMessageBox::Critical, tr("Cannot Start the Capture"),
                        o.interfaces.size() == 1
                            ? tr("The capture on %1 could not start.").arg(QString::fromStdString(o.interfaces.front()))
                            : tr("The capture could not start."),
                        QMessageBox::Ok, this);
        box.setInformativeText(error);
        box.setTextInteractionFlags(Qt::TextSelectableByMouse);
        box.exec();
        updateCaptureActions();
        return;
    }
    // The chosen output file was used once; the toolbar and dialog show the options without it.
    captureBar_->showOptions(session_->options());
}

void MainWindow::stopCapture() { session_->stop(); }

void MainWindow::restartCapture()
{
    if (!session_->isRunning()) {
        startCapture();
        return;
    }
    restartPending_ = true;
    session_->stop();
}

void MainWindow::captureOptions()
{
    LiveOptions o = session_->options();
    captureBar_->applyTo(o);
    CaptureOptionsDialog dialog(captureBar_->interfaces(), o, this);
    const int result = dialog.exec();
    LiveOptions edited = dialog.options();
    session_->setOptions(edited);
    captureBar_->showOptions(edited);
    if (result == QDialog::Accepted)
        startCapture();
}

void MainWindow::onCaptureStarted(const QString& path, std::shared_ptr<LiveCapture> capture)
{
    // As in Wireshark, the window belongs to the new capture from the moment it starts: the previous
    // one (saved or discarded by now) leaves the list, panels, banner and title at once.
    clearCapture();
    pendingMarksLive_ = true;
    beginLoad(path, QString(), 0, capture);
    currentPath_ = path;
    live_ = true;
    updateTitle();
    updateStatus();
    captureLabel_->setText(tr("Capturing on %1…").arg(interfacesText(*capture)));
    captureLabel_->setStyleSheet(QStringLiteral("QLabel { color: #b00000; }"));
    captureLabel_->show();
    updateCaptureActions();
}

void MainWindow::onCaptureStatistics(const LiveStatistics& s)
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
    captureLabel_->setText(text);
    captureLabel_->setToolTip(tr("%1 packets received by the capture filter").arg(locale.toString(static_cast<qulonglong>(s.kernelReceived))));
}

void MainWindow::onCaptureStopped(const QString& failure)
{
    const LiveStatistics s = session_->statistics();
    const QLocale locale;
    QString text = tr("Capture stopped: %1 packets captured, %2 received by filter, %3 dropped by kernel")
                       .arg(locale.toString(static_cast<qulonglong>(s.written)),
                            locale.toString(static_cast<qulonglong>(s.kernelReceived)),
                            locale.toString(static_cast<qulonglong>(s.kernelDropped)));
    if (s.interfaceDropped)
        text += tr(", %1 dropped by interface").arg(locale.toString(static_cast<qulonglong>(s.interfaceDropped)));
    captureLabel_->setText(text);
    captureLabel_->setStyleSheet(QString());
    captureLabel_->setToolTip(session_->summary());
    updateTitle();
    updateCaptureActions();
    updateStatus();
    // Also before a restart: if the user cancels the new start, this capture still offers Save/Discard
    // (a new capture that starts clears the banner).
    if (!failure.isEmpty()) {
        showBanner(tr("The capture stopped because of a problem: %1. Every packet before it is kept.").arg(failure), true);
    } else if (session_->hasUnsavedCapture()) {
        showActionBanner(tr("The capture is in a temporary file. <a href=\"save\">Save it…</a> &nbsp; "
                            "<a href=\"discard\">Discard it…</a>"));
    }
    if (restartPending_) {
        restartPending_ = false;
        // Queued: this may run inside onLoadFinished (the engine noticed the end first), which must
        // finish announcing the old capture's load before the new capture starts.
        QMetaObject::invokeMethod(this, &MainWindow::startCapture, Qt::QueuedConnection);
    }
}

void MainWindow::updateTitle()
{
    const bool ours = live_ && !currentPath_.isEmpty() && currentPath_ == session_->path();
    if (currentPath_.isEmpty())
        setWindowTitle(tr("SynScope"));
    else if (ours && session_->isRunning())
        setWindowTitle(tr("Capturing on %1 — SynScope").arg(interfacesText(*session_->capture())));
    else if (ours && session_->hasUnsavedCapture())
        // An adopted spool file has no capture of this session behind it.
        setWindowTitle(session_->capture() ? tr("Live capture (not saved) — SynScope")
                                           : tr("Recovered capture (not saved) — SynScope"));
    else
        setWindowTitle(tr("%1 — SynScope").arg(QFileInfo(currentPath_).fileName()));
}

void MainWindow::bannerLinkActivated(const QString& link)
{
    if (link == QLatin1String("save")) {
        saveAs();
    } else if (link == QLatin1String("discard")) {
        discardCapture();
    } else if (link == QLatin1String("load-new")) {
        loadNewPackets();
    } else if (link == QLatin1String("reopen")) {
        const QString path = currentPath_;
        openCapture(path);
    } else if (link == QLatin1String("dismiss-root-note")) {
        QSettings().setValue(QStringLiteral("notes/rootCaptureDismissed"), true);
        banner_->hide();
    }
}

bool MainWindow::settleCapture(const QString& action)
{
    if (session_->isRunning()) {
        const auto answer = QMessageBox::question(
            this, tr("Capture Running"), tr("A capture is running. Stop it before %1?").arg(action),
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
    if (live_ && currentPath_ == session_->path())
        while (loading_)
            QApplication::processEvents(QEventLoop::AllEvents, 20);
    const qulonglong packets = live_ ? packetModel_->loadedCount() : session_->statistics().written;
    QMessageBox box(QMessageBox::Question, tr("Unsaved Capture"),
                    capturedPacketsText(tr("Save the %1 before %2?"), packets).arg(action),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setInformativeText(tr("They are in a temporary file that is deleted if you discard them."));
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Save: return saveAs();
    case QMessageBox::Discard: {
        const bool shown = live_ && currentPath_ == session_->path();
        session_->discard();
        // Its file is gone: the window must not go on showing it.
        if (shown)
            clearCapture();
        return true;
    }
    default: return false;
    }
}

bool MainWindow::saveAs()
{
    if (!store_ || currentPath_.isEmpty()) {
        statusBar()->showMessage(tr("There is no capture to save."), 4000);
        return false;
    }
    if (loading_) {
        statusBar()->showMessage(session_->isRunning() ? tr("Stop the capture before saving it.")
                                                       : tr("Saving is possible once the capture is loaded."),
                                 5000);
        return false;
    }
    const bool unsaved = live_ && session_->hasUnsavedCapture() && session_->path() == currentPath_;
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("saveDirectory"), QDir::homePath()).toString();
    const QString suggested = unsaved ? QStringLiteral("capture-%1.pcapng")
                                            .arg(QFileInfo(currentPath_).lastModified().toString(QStringLiteral("yyyyMMdd-HHmmss")))
                                      : QFileInfo(currentPath_).fileName();
    QString selectedFilter;
    QString target = QFileDialog::getSaveFileName(this, tr("Save Capture As"), QDir(dir).filePath(suggested),
                                                  tr("pcapng (*.pcapng);;pcap (*.pcap)"), &selectedFilter);
    if (target.isEmpty())
        return false;
    // The name's extension decides the format; a bare name gets the chosen filter's.
    if (QFileInfo(target).suffix().isEmpty()) {
        target += selectedFilter.startsWith(QLatin1String("pcap (")) ? QStringLiteral(".pcap") : QStringLiteral(".pcapng");
        // The file dialog asked about the name typed, not this one: ask here, as it would have.
        if (QFileInfo::exists(target) &&
            QMessageBox::question(this, tr("Save Capture As"),
                                  tr("%1 already exists. Do you want to replace it?").arg(QFileInfo(target).fileName()),
                                  QMessageBox::Yes | QMessageBox::No, QMessageBox::No) != QMessageBox::Yes)
            return false;
    }
    settings.setValue(QStringLiteral("saveDirectory"), QFileInfo(target).absolutePath());
    if (QFileInfo(target).exists() && QFileInfo(target).canonicalFilePath() == QFileInfo(currentPath_).canonicalFilePath()) {
        QMessageBox::warning(this, tr("Save Capture As"), tr("%1 is the capture itself; choose another name.").arg(target));
        return false;
    }
    const CaptureFileFormat format = formatForFileName(target.toStdString());
    const bool sameFormat = (format == CaptureFileFormat::PcapNg) == (store_->reader().format() == CaptureFormat::PcapNg);
    if (unsaved && sameFormat && session_->moveTo(target)) {
        // Renamed in place: the engine keeps reading the same file under its new name.
    } else {
        ExportRequest request;
        request.outputPath = target.toStdString();
        request.format = format;
        const ExportResult result = runExport(this, store_, request, tr("Saving %1…").arg(QFileInfo(target).fileName()));
        if (!result.ok) {
            if (!result.cancelled)
                QMessageBox::critical(this, tr("Save Capture As"),
                                      tr("The capture was not saved.") + QStringLiteral("\n\n") +
                                          QString::fromStdString(result.error));
            return false;
        }
        if (unsaved)
            session_->savedAs(target);
    }
    if (live_ || unsaved) {
        currentPath_ = target;
        setWindowTitle(tr("%1 — SynScope").arg(QFileInfo(target).fileName()));
        banner_->hide();
    }
    addRecentFile(target);
    statusBar()->showMessage(tr("Saved %1 packets to %2").arg(store_->size()).arg(target), 6000);
    updateStatus();
    updateCaptureActions();
    return true;
}

void MainWindow::discardCapture()
{
    if (!session_->hasUnsavedCapture() || session_->isRunning())
        return;
    if (QMessageBox::question(this, tr("Discard Capture?"),
                              capturedPacketsText(tr("Delete the %1? They cannot be recovered."),
                                                  packetModel_->loadedCount()),
                              QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel) != QMessageBox::Discard)
        return;
    session_->discard();
    live_ = false;
    closeCapture();
}

void MainWindow::updateCaptureActions()
{
    const bool running = session_->isRunning();
    captureBar_->setRunning(running);
    saveAsAction_->setEnabled(store_ != nullptr && !loading_);
    exportAction_->setEnabled(store_ != nullptr && !loading_);
    discardAction_->setEnabled(!running && live_ && session_->hasUnsavedCapture());
}

void MainWindow::watchFile(const QString& path)
{
    if (!watcher_) {
        watcher_ = new QFileSystemWatcher(this);
        connect(watcher_, &QFileSystemWatcher::fileChanged, this, &MainWindow::fileChangedOnDisk);
    }
    if (!watcher_->files().isEmpty())
        watcher_->removePaths(watcher_->files());
    if (!path.isEmpty())
        watcher_->addPath(path);
}

void MainWindow::fileChangedOnDisk()
{
    if (!store_ || live_ || currentPath_.isEmpty() || loading_)
        return;
    const QFileInfo now(currentPath_);
    // tcpdump -C / -G and editors replace the file: the watch goes with the old one.
    if (!watcher_->files().contains(currentPath_) && now.exists())
        watcher_->addPath(currentPath_);
    const MappedFile& mapped = store_->reader().file();
    const bool replaced = !now.exists() || static_cast<std::uint64_t>(now.size()) < mapped.size() ||
                          QFileInfo(currentPath_).canonicalFilePath().isEmpty();
    struct stat st {};
    const bool sameFile = ::stat(currentPath_.toLocal8Bit().constData(), &st) == 0 &&
                          static_cast<std::uint64_t>(st.st_ino) == mapped.inode() &&
                          static_cast<std::uint64_t>(st.st_dev) == mapped.device();
    if (replaced || !sameFile) {
        showActionBanner(tr("%1 was replaced or shortened on disk; what is shown is the file as it was. "
                            "<a href=\"reopen\">Open it again</a>")
                             .arg(QFileInfo(currentPath_).fileName().toHtmlEscaped()));
        return;
    }
    if (static_cast<std::uint64_t>(now.size()) > mapped.size())
        showActionBanner(tr("%1 has grown by %2 since it was loaded (tcpdump may still be writing it). "
                            "<a href=\"load-new\">Load the new packets</a>")
                             .arg(QFileInfo(currentPath_).fileName().toHtmlEscaped(),
                                  QLocale().formattedDataSize(now.size() - static_cast<qint64>(mapped.size()))));
}

void MainWindow::loadNewPackets()
{
    if (!store_ || loading_ || live_)
        return;
    banner_->hide();
    loading_ = true;
    updateStatus();
    const quint64 generation = generation_;
    QMetaObject::invokeMethod(engine_, [e = engine_, generation] { e->loadNewPackets(generation); }, Qt::QueuedConnection);
}

void MainWindow::showStartupNotes()
{
    const std::vector<SpoolFile> leftovers = orphanedSpoolFiles();
    if (!leftovers.empty()) {
        RecoveredCapturesDialog dialog(leftovers, this);
        if (dialog.exec() == QDialog::Accepted && !dialog.chosenPath().isEmpty()) {
            QString error;
            if (!session_->adopt(dialog.chosenPath(), error)) {
                QMessageBox::warning(this, tr("Recover Capture"), error);
            } else {
                pendingMarksLive_ = true;
                beginLoad(dialog.chosenPath(), QString(), 0, nullptr);
                setWindowTitle(tr("Recovered capture (not saved) — SynScope"));
                showActionBanner(tr("This capture was recovered from a session that ended unexpectedly. "
                                    "<a href=\"save\">Save it…</a> &nbsp; <a href=\"discard\">Discard it…</a>"));
                updateCaptureActions();
            }
        }
    }
    if (::geteuid() == 0 && !QSettings().value(QStringLiteral("notes/rootCaptureDismissed")).toBool() &&
        banner_->isHidden()) {
        showActionBanner(
            tr("SynScope is running as root. Capturing works, but the safer way is to run it as yourself and give "
               "only the capture rights to the program: <code>sudo setcap cap_net_raw,cap_net_admin=eip %1</code>. "
               "&nbsp; <a href=\"dismiss-root-note\">Don't show this again</a>")
                .arg(QString::fromStdString(currentExecutablePath()).toHtmlEscaped()));
    }
}

} // namespace synscope
