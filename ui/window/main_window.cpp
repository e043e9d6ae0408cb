#include "ui/window/main_window.h"

#include "ui/capture/capture_document.h"
#include "ui/capture/capture_toolbar.h"
#include "ui/capture/live_capture_controller.h"
#include "ui/connections/connection_list_view.h"
#include "ui/diagram/sequence_diagram_panel.h"
#include "ui/filter/filter_bar.h"
#include "ui/graphs/graph_dock.h"
#include "ui/graphs/graph_panel.h"
#include "ui/packets/packet_details_pane.h"
#include "ui/packets/packet_list_view.h"
#include "ui/window/window_settings.h"
#include "ui/window/window_status_bar.h"

#include "live/capture_permissions.h"
#include "live/capture_spool.h"

#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <unistd.h>

namespace synscope {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent), document_(std::make_unique<CaptureDocument>())
{
    setWindowTitle(tr("SynScope"));
    setAcceptDrops(true);
    buildCentral();
    buildDocks();
    status_ = new WindowStatusBar(this);
    setStatusBar(status_);
    live_ = new LiveCaptureController(*document_, *captureBar_, *status_->captureLabel(), *this);
    buildMenus();
    connectDocument();
    connectPanels();
    connectLiveCapture();
    readSettings();
    updateCaptureActions();
    updateStatus();
    packetView_->setFocus();
}

MainWindow::~MainWindow() = default;

void MainWindow::setUnattended(bool on)
{
    unattended_ = on;
    live_->setUnattended(on);
    packetView_->setSelectsFirstPacket(!on);
}

CaptureSession* MainWindow::captureSession() const { return live_->session(); }
QString MainWindow::currentPath() const { return document_->path(); }
bool MainWindow::isLive() const { return document_->isLive(); }
bool MainWindow::isLoading() const { return document_->isLoading(); }
qint64 MainWindow::lastLoadMs() const { return document_->lastLoadMs(); }
GraphPanel* MainWindow::graphPanel() const { return graphDock_->panel(); }
QString MainWindow::statusText() const { return status_->text(); }

void MainWindow::connectDocument()
{
    CaptureDocument* d = document_.get();
    connect(d, &CaptureDocument::opened, this, &MainWindow::onOpened);
    connect(d, &CaptureDocument::openFailed, this, &MainWindow::onOpenFailed);
    connect(d, &CaptureDocument::progress, this, &MainWindow::onProgress);
    connect(d, &CaptureDocument::connectionsChanged, this, [this](const QVector<ConnectionRow>& rows) {
        connectionModel_->update(rows);
        updateStatus();
    });
    connect(d, &CaptureDocument::loadFinished, this, &MainWindow::onLoadFinished);
    connect(d, &CaptureDocument::filterRows, this, [this](const PacketRows& rows, bool reset) {
        packetView_->showFilterRows(rows, reset);
        onFilterRows();
    });
    connect(d, &CaptureDocument::filterProgress, this, [this](quint64 tested, quint64 total) {
        if (total > 0)
            status_->showActivity(tr("Filtering… %1%").arg(100 * tested / total));
    });
    connect(d, &CaptureDocument::filterFailed, this, [this](const QString& message) {
        banner_->showFilterProblem(message);
        updateStatus();
    });
    connect(d, &CaptureDocument::fileReplaced, this,
            [this] { banner_->showFileReplaced(QFileInfo(document_->path()).fileName()); });
    connect(d, &CaptureDocument::fileGrew, this,
            [this](quint64 bytes) { banner_->showFileGrew(QFileInfo(document_->path()).fileName(), bytes); });
    connect(status_, &WindowStatusBar::cancelRequested, this, &MainWindow::cancelLoad);
    connect(banner_, &Banner::actionTriggered, this, &MainWindow::bannerAction);
}

void MainWindow::closeEvent(QCloseEvent* e)
{
    if (!live_->settle(tr("quitting"))) {
        e->ignore();
        return;
    }
    writeSettings();
    document_->cancelLoad();
    e->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* e)
{
    if (e->mimeData()->hasUrls() && !e->mimeData()->urls().isEmpty() && e->mimeData()->urls().first().isLocalFile())
        e->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* e)
{
    const QList<QUrl> urls = e->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile()) {
        openCapture(urls.first().toLocalFile());
        e->acceptProposedAction();
    }
}

void MainWindow::openCapture(const QString& path, const QString& displayFilter, quint64 selectFrame)
{
    if (!live_->settle(tr("opening another file")))
        return;
    beginLoad(path, displayFilter, selectFrame, [&](const QString& filter) { document_->openFile(path, filter); });
    updateCaptureActions();
}

template <typename Open>
void MainWindow::beginLoad(const QString& path, const QString& displayFilter, quint64 selectFrame, Open open)
{
    packetView_->cancelSort();
    packetView_->selectWhenListed(selectFrame);
    // A connection restriction belongs to the previous capture; an expression may stay.
    filterBar_->setStream(-1, {});
    if (!displayFilter.isNull())
        filterBar_->setExpression(displayFilter);
    // The current capture stays on screen until the new one opens; if it cannot be read, it stays.
    open(filterBar_->isValid() ? filterBar_->expression() : QString());
    status_->showActivity(tr("Opening %1…").arg(QFileInfo(path).fileName()));
}

void MainWindow::closeCapture()
{
    if (!live_->settle(tr("closing it")))
        return;
    clearCapture();
}

void MainWindow::clearCapture()
{
    document_->close();
    packetModel_->clear();
    connectionModel_->clear();
    details_->clear();
    diagramPanel_->setStore(nullptr);
    graphPanel()->setStore(nullptr);
    banner_->hide();
    status_->captureLabel()->hide();
    status_->hideLoadProgress();
    setWindowTitle(tr("SynScope"));
    updateStatus();
    updateCaptureActions();
}

void MainWindow::cancelLoad() { document_->cancelLoad(); }

void MainWindow::onOpened()
{
    const std::shared_ptr<const PacketStore> store = document_->store();
    packetModel_->clear();
    connectionModel_->clear();
    details_->clear();
    packetView_->clearSortIndicator();
    // For a file: the previous capture's banner is stale, and the statistics of a capture no longer shown
    // must not sit next to this file's status. A live or recovered capture's banner (Save/Discard) was
    // put up for this one; a new capture cleared the window when it started.
    if (!document_->isLive()) {
        banner_->hide();
        status_->captureLabel()->hide();
    }
    updateTitle();
    status_->startLoadProgress(document_->state() != CaptureDocument::State::Following);
    packetModel_->setStore(store);
    diagramPanel_->setStore(store);
    graphPanel()->setStore(store);
    // A spool file is no place to come back to; it is added once saved.
    if (!isSpoolFile(document_->path().toStdString()))
        addRecentFile(document_->path());
    updateStatus();
}

void MainWindow::onOpenFailed(const QString& path, const QString& message)
{
    // Back to the capture that was open (if any): it stays usable, with the filter bar as it is now.
    packetView_->selectWhenListed(0);
    applyFilter(filterBar_->isValid() ? filterBar_->expression() : QString(), -1);
    updateStatus();
    emit loadFinished();
    if (unattended_)
        return;
    const QString shown = document_->path();
    QMessageBox box(QMessageBox::Warning, tr("Cannot open the capture"),
                    tr("SynScope cannot read \"%1\".").arg(QFileInfo(path).fileName()), QMessageBox::Ok, this);
    box.setInformativeText(message + tr("\n\nCheck that it is a pcap or pcapng file (tcpdump -w writes pcap) "
                                        "and that you may read it.") +
                           (shown.isEmpty() ? QString() : tr("\n\n%1 is still open.").arg(QFileInfo(shown).fileName())));
    box.exec();
}

void MainWindow::onProgress(quint64 packets, quint64 bytesDone, quint64 bytesTotal)
{
    const std::shared_ptr<const PacketStore> store = document_->store();
    if (store && store->reader().interfaces().size() > 0)
        filterBar_->setLinkType(store->reader().interfaces()[0].linkType);
    packetView_->showLoadedPackets(packets);
    status_->setLoadProgress(bytesDone, bytesTotal);
    updateStatus();
}

void MainWindow::onLoadFinished(const LoadResult& result)
{
    if (document_->isLive())
        captureSession()->checkStopped();
    status_->hideLoadProgress();
    banner_->showLoadOutcome(result);
    packetView_->loadEnded();
    updateCaptureActions();
    // A connection chosen while loading may have grown since it was drawn.
    if (diagramDock_->isVisible())
        diagramPanel_->refresh();
    graphPanel()->refresh();
    updateStatus();
    emit loadFinished();
}

void MainWindow::applyFilter(const QString& expression, qint64 stream)
{
    packetView_->cancelSort();
    packetView_->clearSortIndicator();
    if (expression.isEmpty() && stream < 0) {
        // Clearing shows everything at once; the engine has nothing to compute.
        document_->setDisplayFilter({}, -1);
        packetView_->showAllPackets();
        updateStatus();
        emit displayedRowsChanged();
        return;
    }
    document_->setDisplayFilter(expression, stream);
    status_->showActivity(tr("Filtering…"));
}

void MainWindow::onFilterRows()
{
    updateStatus();
    if (diagramDock_->isVisible() && diagramPanel_->source() == SequenceDiagramPanel::Source::DisplayedPackets)
        diagramPanel_->setDisplayedPackets(packetView_->displayedPackets());
    emit displayedRowsChanged();
}

void MainWindow::loadNewPackets()
{
    if (!document_->loadNewPackets())
        return;
    banner_->hide();
    updateStatus();
}

void MainWindow::selectFrame(quint64 frame) { packetView_->selectFrame(frame); }

void MainWindow::packetSelectionChanged(std::size_t packet)
{
    const std::shared_ptr<const PacketStore> store = document_->store();
    if (packet == SIZE_MAX || !store) {
        details_->clear();
        return;
    }
    details_->showPacket(store, packet);
    if (diagramDock_->isVisible())
        diagramPanel_->selectFrame(packet + 1);
    graphPanel()->selectFrame(packet + 1);
}

void MainWindow::diagramFrameActivated(quint64 frame)
{
    const std::shared_ptr<const PacketStore> store = document_->store();
    if (!store || frame == 0 || frame > packetModel_->loadedCount())
        return;
    const int row = packetModel_->rowOf(frame - 1);
    if (row >= 0) {
        const QSignalBlocker quiet(diagramPanel_);
        packetView_->showRow(row);
    } else {
        // Filtered out of the list: its details still show.
        packetView_->clearSelection();
        details_->showPacket(store, frame - 1);
        status_->showMessage(tr("Packet %1 is hidden by the display filter; its details are shown.").arg(frame), 5000);
    }
}

void MainWindow::connectionSelected(const ConnectionRow& c)
{
    const std::uint32_t stream = c.stream;
    filterBar_->setStream(stream, tr("Connection %1: %2 → %3")
                                      .arg(stream)
                                      .arg(QString::fromStdString(c.client.toString()),
                                           QString::fromStdString(c.server.toString())));
    applyFilter(filterBar_->isValid() ? filterBar_->expression() : QString(), stream);
    diagramPanel_->setConnections({stream});
    diagramDock_->show();
    graphPanel()->setStream(stream);
}

void MainWindow::followSelectedConnection()
{
    const std::size_t i = packetView_->selectedPacket();
    const std::shared_ptr<const PacketStore> store = document_->store();
    if (i == SIZE_MAX || !store)
        return;
    const TcpPacketRecord& r = store->tcpRecord(i);
    if (!r.hasStream()) {
        status_->showMessage(tr("The selected packet is not part of a TCP connection."), 5000);
        return;
    }
    if (connectionView_->rowOfStream(r.stream) >= 0) {
        connectionDock_->show();
        connectionView_->selectStream(r.stream);
    }
}

void MainWindow::sortRequested(int column, Qt::SortOrder order)
{
    if (!document_->store() || document_->isLoading()) {
        status_->showMessage(tr("Sorting is possible once the capture is loaded."), 4000);
        return;
    }
    status_->showActivity(tr("Sorting…"));
    packetView_->sortBy(column, order);
}

void MainWindow::updateStatus()
{
    status_->showCapture(*document_, *packetModel_, connectionModel_->rowCount(),
                         document_->isLive() && captureSession()->isRunning());
}

void MainWindow::updateTitle() { setWindowTitle(live_->windowTitle()); }

void MainWindow::updateCaptureActions()
{
    captureBar_->setRunning(captureSession()->isRunning());
    const bool loaded = document_->store() != nullptr && !document_->isLoading();
    saveAsAction_->setEnabled(loaded);
    exportAction_->setEnabled(loaded);
    discardAction_->setEnabled(live_->canDiscard());
}

// Live capture: the controller runs it; the window shows what it announces.

void MainWindow::startCapture() { live_->start(); }
void MainWindow::stopCapture() { live_->stop(); }
void MainWindow::restartCapture() { live_->restart(); }
void MainWindow::captureOptions() { live_->editOptions(); }
bool MainWindow::saveAs() { return live_->saveAs(); }
void MainWindow::discardCapture() { live_->discard(); }

void MainWindow::onCaptureStarted(const QString& path, std::shared_ptr<LiveCapture> capture)
{
    // As in Wireshark, the window belongs to the new capture from the moment it starts: the previous
    // one (saved or discarded by now) leaves the list, panels, banner and title at once.
    clearCapture();
    beginLoad(path, QString(), 0, [&](const QString& filter) { document_->follow(path, capture, filter); });
    updateTitle();
    updateStatus();
    updateCaptureActions();
}

void MainWindow::onCaptureStopped(const QString& failure)
{
    updateTitle();
    updateCaptureActions();
    updateStatus();
    if (!failure.isEmpty())
        banner_->showCaptureFailure(failure);
    else if (captureSession()->hasUnsavedCapture())
        banner_->showUnsavedCapture();
}

void MainWindow::onCaptureSaved(const QString& path, bool isShownCapture)
{
    if (isShownCapture)
        banner_->hide();
    updateTitle();
    addRecentFile(path);
    status_->showMessage(tr("Saved %1 packets to %2").arg(document_->store()->size()).arg(path), 6000);
    updateStatus();
    updateCaptureActions();
}

void MainWindow::onCaptureRecovered(const QString& path)
{
    beginLoad(path, QString(), 0, [&](const QString& filter) { document_->openRecovered(path, filter); });
    setWindowTitle(tr("Recovered capture (not saved) — SynScope"));
    banner_->showRecoveredCapture();
    updateCaptureActions();
}

void MainWindow::showStartupNotes()
{
    live_->offerRecovery();
    if (::geteuid() == 0 && !WindowSettings().rootNoteDismissed() && banner_->isHidden())
        banner_->showRootNote(QString::fromStdString(currentExecutablePath()));
}

void MainWindow::bannerAction(Banner::Action action)
{
    switch (action) {
    case Banner::Action::Save: saveAs(); break;
    case Banner::Action::Discard: discardCapture(); break;
    case Banner::Action::LoadNewPackets: loadNewPackets(); break;
    case Banner::Action::Reopen: {
        const QString path = document_->path();
        openCapture(path);
        break;
    }
    case Banner::Action::DismissRootNote:
        WindowSettings().dismissRootNote();
        banner_->hide();
        break;
    }
}

} // namespace synscope
