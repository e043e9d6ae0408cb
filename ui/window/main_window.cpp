#include "ui/window/main_window.h"

#include "ui/capture/capture_options_dialog.h"
#include "ui/capture/capture_session.h"
#include "ui/capture/capture_toolbar.h"
#include "ui/connections/connection_model.h"
#include "ui/export/export_runner.h"
#include "ui/filter/filter_bar.h"
#include "ui/graphs/graph_panel.h"
#include "ui/packets/hex_view.h"
#include "ui/packets/legend_bar.h"
#include "ui/packets/packet_details_pane.h"
#include "ui/packets/packet_list_model.h"
#include "ui/packets/packet_search.h"
#include "ui/packets/packet_sorter.h"
#include "ui/capture/recovered_captures_dialog.h"
#include "ui/diagram/sequence_diagram_panel.h"

#include "live/capture_permissions.h"
#include "live/capture_spool.h"
#include "decode/text/summary.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QHeaderView>
#include <QInputDialog>
#include <QLocale>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QThreadPool>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QTextDocument>
#include <QVBoxLayout>

namespace synscope {

namespace {
constexpr int kMaxRecentFiles = 10;
} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setWindowTitle(tr("SynScope"));
    setAcceptDrops(true);
    engine_ = new CaptureEngine;
    engine_->moveToThread(&engineThread_);
    connect(&engineThread_, &QThread::finished, engine_, &QObject::deleteLater);
    engineThread_.setObjectName(QStringLiteral("capture-engine"));
    engineThread_.start();
    connect(engine_, &CaptureEngine::opened, this, &MainWindow::onOpened);
    connect(engine_, &CaptureEngine::openFailed, this, &MainWindow::onOpenFailed);
    connect(engine_, &CaptureEngine::progress, this, &MainWindow::onProgress);
    connect(engine_, &CaptureEngine::connectionsChanged, this, &MainWindow::onConnections);
    connect(engine_, &CaptureEngine::loadFinished, this, &MainWindow::onLoadFinished);
    connect(engine_, &CaptureEngine::filterRows, this, &MainWindow::onFilterRows);
    connect(engine_, &CaptureEngine::filterProgress, this, &MainWindow::onFilterProgress);
    connect(engine_, &CaptureEngine::filterFailed, this, &MainWindow::onFilterFailed);

    session_ = new CaptureSession(this);
    connect(session_, &CaptureSession::started, this, &MainWindow::onCaptureStarted);
    connect(session_, &CaptureSession::statisticsChanged, this, &MainWindow::onCaptureStatistics);
    connect(session_, &CaptureSession::stopped, this, &MainWindow::onCaptureStopped);

    buildLayout();
    buildMenus();
    readSettings();
    captureBar_->showOptions(session_->options());
    updateCaptureActions();
    updateStatus();
    packetView_->setFocus();
}

MainWindow::~MainWindow()
{
    if (sortCancel_)
        sortCancel_->store(true);
    if (findCancel_)
        findCancel_->store(true);
    // Not cancel(): a follow() of the running capture still queued would clear it and then follow the
    // capture, which only the session (destroyed after this wait) would stop.
    engine_->shutdown();
    engineThread_.quit();
    engineThread_.wait();
}

void MainWindow::buildLayout()
{
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    filterBar_ = new FilterBar(central);
    connect(filterBar_, &FilterBar::applied, this, &MainWindow::applyFilter);
    layout->addWidget(filterBar_);

    captureBar_ = new CaptureToolBar(this);
    addToolBar(Qt::TopToolBarArea, captureBar_);
    connect(captureBar_->startAction(), &QAction::triggered, this, &MainWindow::startCapture);
    connect(captureBar_->stopAction(), &QAction::triggered, this, &MainWindow::stopCapture);
    connect(captureBar_->restartAction(), &QAction::triggered, this, &MainWindow::restartCapture);
    connect(captureBar_->optionsAction(), &QAction::triggered, this, &MainWindow::captureOptions);
    connect(captureBar_, &CaptureToolBar::optionsEdited, this, [this] {
        LiveOptions o = session_->options();
        captureBar_->applyTo(o);
        session_->setOptions(o);
    });

    banner_ = new QLabel(central);
    banner_->setObjectName(QStringLiteral("banner"));
    banner_->setWordWrap(true);
    banner_->setTextFormat(Qt::PlainText);
    connect(banner_, &QLabel::linkActivated, this, &MainWindow::bannerLinkActivated);
    banner_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    banner_->setContentsMargins(8, 4, 8, 4);
    banner_->hide();
    layout->addWidget(banner_);

    auto* splitter = new QSplitter(Qt::Vertical, central);
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    auto* listPane = new QWidget(splitter);
    auto* listLayout = new QVBoxLayout(listPane);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->setSpacing(0);
    packetModel_ = new PacketListModel(this);
    packetView_ = new QTableView(listPane);
    packetView_->setObjectName(QStringLiteral("packetList"));
    packetView_->setModel(packetModel_);
    packetView_->setSelectionBehavior(QAbstractItemView::SelectRows);
    packetView_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    packetView_->setShowGrid(false);
    packetView_->setWordWrap(false);
    packetView_->setAlternatingRowColors(false);
    packetView_->verticalHeader()->hide();
    packetView_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    packetView_->verticalHeader()->setDefaultSectionSize(packetView_->fontMetrics().height() + 4);
    packetView_->horizontalHeader()->setStretchLastSection(true);
    packetView_->horizontalHeader()->setSortIndicatorShown(false);
    packetView_->horizontalHeader()->setSectionsClickable(true);
    packetView_->setContextMenuPolicy(Qt::CustomContextMenu);
    packetView_->setAccessibleName(tr("Packet list"));
    const QFontMetrics fm = packetView_->fontMetrics();
    packetView_->setColumnWidth(PacketListModel::NumberColumn, fm.horizontalAdvance(QStringLiteral("0000000")) + 8);
    packetView_->setColumnWidth(PacketListModel::TimeColumn, fm.horizontalAdvance(QStringLiteral("0000.000000")) + 12);
    packetView_->setColumnWidth(PacketListModel::SourceColumn, fm.horizontalAdvance(QStringLiteral("2001:db8:ffff::ffff")) + 12);
    packetView_->setColumnWidth(PacketListModel::DestinationColumn, fm.horizontalAdvance(QStringLiteral("2001:db8:ffff::ffff")) + 12);
    packetView_->setColumnWidth(PacketListModel::ProtocolColumn, fm.horizontalAdvance(QStringLiteral("ICMPv6")) + 16);
    packetView_->setColumnWidth(PacketListModel::LengthColumn, fm.horizontalAdvance(QStringLiteral("Length")) + 16);
    connect(packetView_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::packetSelectionChanged);
    connect(packetView_, &QTableView::customContextMenuRequested, this, &MainWindow::packetContextMenu);
    connect(packetView_->horizontalHeader(), &QHeaderView::sectionClicked, this, [this](int column) {
        QHeaderView* h = packetView_->horizontalHeader();
        const bool same = h->isSortIndicatorShown() && h->sortIndicatorSection() == column;
        const Qt::SortOrder order = same && h->sortIndicatorOrder() == Qt::AscendingOrder ? Qt::DescendingOrder
                                                                                            : Qt::AscendingOrder;
        sortRequested(column, order);
    });
    listLayout->addWidget(packetView_);
    legend_ = new LegendBar(listPane);
    listLayout->addWidget(legend_);
    details_ = new PacketDetailsPane(splitter);
    splitter->addWidget(listPane);
    splitter->addWidget(details_);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);
    setCentralWidget(central);

    connectionModel_ = new ConnectionModel(this);
    connectionProxy_ = new QSortFilterProxyModel(this);
    connectionProxy_->setSourceModel(connectionModel_);
    connectionProxy_->setSortRole(ConnectionModel::SortRole);
    connectionView_ = new QTableView;
    connectionView_->setObjectName(QStringLiteral("connectionList"));
    connectionView_->setModel(connectionProxy_);
    connectionView_->setSelectionBehavior(QAbstractItemView::SelectRows);
    connectionView_->setSelectionMode(QAbstractItemView::SingleSelection);
    connectionView_->setSortingEnabled(true);
    connectionView_->sortByColumn(ConnectionModel::StreamColumn, Qt::AscendingOrder);
    connectionView_->verticalHeader()->hide();
    connectionView_->verticalHeader()->setDefaultSectionSize(connectionView_->fontMetrics().height() + 4);
    connectionView_->horizontalHeader()->setStretchLastSection(true);
    connectionView_->setShowGrid(false);
    connectionView_->setAccessibleName(tr("TCP connections"));
    connectionView_->setColumnWidth(ConnectionModel::StreamColumn, fm.horizontalAdvance(QStringLiteral("Stream")) + 36);
    connectionView_->setColumnWidth(ConnectionModel::ClientColumn, fm.horizontalAdvance(QStringLiteral("192.168.100.100:65535")) + 12);
    connectionView_->setColumnWidth(ConnectionModel::ServerColumn, fm.horizontalAdvance(QStringLiteral("192.168.100.100:65535")) + 12);
    connectionView_->setColumnWidth(ConnectionModel::OpenColumn, fm.horizontalAdvance(QStringLiteral("handshake not captured")) + 12);
    connectionView_->setColumnWidth(ConnectionModel::CloseColumn, fm.horizontalAdvance(QStringLiteral("three-way teardown")) + 12);
    connectionView_->setColumnWidth(ConnectionModel::BytesColumn, fm.horizontalAdvance(QStringLiteral("1000.0 kB → / 1000.0 kB ←")) + 12);
    connect(connectionView_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::connectionSelectionChanged);
    connectionView_->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(connectionView_, &QTableView::customContextMenuRequested, this, &MainWindow::connectionContextMenu);
    connectionDock_ = new QDockWidget(tr("TCP connections"), this);
    connectionDock_->setObjectName(QStringLiteral("connectionsDock"));
    connectionDock_->setWidget(connectionView_);
    addDockWidget(Qt::BottomDockWidgetArea, connectionDock_);

    diagramPanel_ = new SequenceDiagramPanel;
    connect(diagramPanel_, &SequenceDiagramPanel::frameActivated, this, &MainWindow::diagramFrameActivated);
    diagramDock_ = new QDockWidget(tr("Sequence diagram"), this);
    diagramDock_->setObjectName(QStringLiteral("diagramDock"));
    diagramDock_->setWidget(diagramPanel_);
    addDockWidget(Qt::RightDockWidgetArea, diagramDock_);
    diagramDock_->hide();
    buildGraphs();

    fileLabel_ = new QLabel(this);
    packetsLabel_ = new QLabel(this);
    connectionsLabel_ = new QLabel(this);
    timeLabel_ = new QLabel(this);
    progress_ = new QProgressBar(this);
    progress_->setMaximumWidth(200);
    progress_->setRange(0, 1000);
    progress_->hide();
    cancelButton_ = new QToolButton(this);
    cancelButton_->setText(tr("Cancel"));
    cancelButton_->setToolTip(tr("Stop loading; what is loaded stays"));
    cancelButton_->hide();
    connect(cancelButton_, &QToolButton::clicked, this, &MainWindow::cancelLoad);
    captureLabel_ = new QLabel(this);
    captureLabel_->setObjectName(QStringLiteral("captureStatus"));
    captureLabel_->hide();
    statusBar()->addWidget(fileLabel_, 1);
    statusBar()->addPermanentWidget(captureLabel_);
    statusBar()->addPermanentWidget(packetsLabel_);
    statusBar()->addPermanentWidget(connectionsLabel_);
    statusBar()->addPermanentWidget(progress_);
    statusBar()->addPermanentWidget(cancelButton_);
    statusBar()->addPermanentWidget(timeLabel_);
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open…"), QKeySequence::Open, this, &MainWindow::openDialog);
    recentMenu_ = file->addMenu(tr("Open &Recent"));
    saveAsAction_ = file->addAction(tr("Save &As…"), QKeySequence::SaveAs, this, &MainWindow::saveAs);
    discardAction_ = file->addAction(tr("&Discard Capture…"), this, &MainWindow::discardCapture);
    exportAction_ = file->addAction(tr("&Export Packets…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X), this,
                                    [this] { exportPackets(); });
    file->addAction(tr("&Close"), QKeySequence::Close, this, &MainWindow::closeCapture);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(tr("&Find…"), QKeySequence::Find, this, &MainWindow::find);
    edit->addAction(tr("Find &Next"), QKeySequence::FindNext, this, &MainWindow::findNext);
    edit->addAction(tr("&Go to Packet…"), QKeySequence(Qt::CTRL | Qt::Key_G), this, &MainWindow::goToPacket);
    edit->addSeparator();
    edit->addAction(tr("&Mark/Unmark Packet"), QKeySequence(Qt::CTRL | Qt::Key_M), this, &MainWindow::toggleMark);
    edit->addAction(tr("Next Mark"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N), this, &MainWindow::nextMark);
    edit->addAction(tr("Previous Mark"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B), this, &MainWindow::previousMark);
    edit->addAction(tr("Unmark All"), this, [this] { packetModel_->clearMarks(); });
    edit->addSeparator();
    edit->addAction(tr("Filter…"), QKeySequence(Qt::CTRL | Qt::Key_Slash), filterBar_, &FilterBar::focusEditor);
    edit->addAction(tr("Follow TCP Connection"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::SHIFT | Qt::Key_T), this,
                    &MainWindow::followSelectedConnection);

    QMenu* capture = menuBar()->addMenu(tr("&Capture"));
    capture->addAction(captureBar_->startAction());
    capture->addAction(captureBar_->stopAction());
    capture->addAction(captureBar_->restartAction());
    capture->addAction(captureBar_->optionsAction());
    capture->addSeparator();
    capture->addAction(captureBar_->refreshAction());

    QMenu* view = menuBar()->addMenu(tr("&View"));
    QMenu* time = view->addMenu(tr("&Time Format"));
    timeFormats_ = new QActionGroup(this);
    const std::pair<QString, PacketListModel::TimeFormat> formats[] = {
        {tr("Seconds Since Beginning of Capture"), PacketListModel::TimeFormat::SinceStart},
        {tr("Time of Day"), PacketListModel::TimeFormat::TimeOfDay},
        {tr("Seconds Since Previous Displayed Packet"), PacketListModel::TimeFormat::SincePrevious},
        {tr("Seconds Since 1970-01-01 (Epoch)"), PacketListModel::TimeFormat::Epoch}};
    for (const auto& [label, format] : formats) {
        QAction* a = time->addAction(label);
        a->setCheckable(true);
        a->setData(static_cast<int>(format));
        a->setChecked(format == packetModel_->timeFormat());
        timeFormats_->addAction(a);
    }
    connect(timeFormats_, &QActionGroup::triggered, this, [this](QAction* a) {
        packetModel_->setTimeFormat(static_cast<PacketListModel::TimeFormat>(a->data().toInt()));
    });
    QMenu* info = view->addMenu(tr("&Info Column"));
    infoStyles_ = new QActionGroup(this);
    const std::pair<QString, PacketListModel::InfoStyle> styles[] = {
        {tr("Wireshark Style"), PacketListModel::InfoStyle::Wireshark},
        {tr("tcpdump Style"), PacketListModel::InfoStyle::Tcpdump}};
    for (const auto& [label, style] : styles) {
        QAction* a = info->addAction(label);
        a->setCheckable(true);
        a->setData(static_cast<int>(style));
        a->setChecked(style == packetModel_->infoStyle());
        infoStyles_->addAction(a);
    }
    connect(infoStyles_, &QActionGroup::triggered, this, [this](QAction* a) {
        packetModel_->setInfoStyle(static_cast<PacketListModel::InfoStyle>(a->data().toInt()));
    });
    view->addSeparator();
    QAction* legend = view->addAction(tr("Colour &Legend"));
    legend->setCheckable(true);
    legend->setChecked(true);
    connect(legend, &QAction::toggled, legend_, &QWidget::setVisible);
    view->addAction(captureBar_->toggleViewAction());
    view->addAction(connectionDock_->toggleViewAction());
    view->addAction(diagramDock_->toggleViewAction());
    buildGraphMenu();

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About SynScope"), this, [this] {
        QMessageBox::about(this, tr("About SynScope"),
                           tr("<h3>SynScope %1</h3><p>A capture analyzer that explains every TCP connection's life: "
                              "how it opened, how it closed, who closed it, and each side's states as seen at the "
                              "capture point.</p>")
                               .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::readSettings()
{
    QSettings s;
    restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    if (auto* splitter = findChild<QSplitter*>(QStringLiteral("mainSplitter")))
        splitter->restoreState(s.value(QStringLiteral("window/splitter")).toByteArray());
    details_->splitter()->restoreState(s.value(QStringLiteral("window/detailsSplitter")).toByteArray());
    const QByteArray header = s.value(QStringLiteral("packetList/header")).toByteArray();
    if (!header.isEmpty())
        packetView_->horizontalHeader()->restoreState(header);
    packetView_->horizontalHeader()->setSortIndicatorShown(false);
    const QByteArray connHeader = s.value(QStringLiteral("connections/header")).toByteArray();
    if (!connHeader.isEmpty())
        connectionView_->horizontalHeader()->restoreState(connHeader);
    filterBar_->setHistory(s.value(QStringLiteral("filter/history")).toStringList());
    const int timeFormat = s.value(QStringLiteral("packetList/timeFormat"), 0).toInt();
    const int infoStyle = s.value(QStringLiteral("packetList/infoStyle"), 0).toInt();
    for (QAction* a : timeFormats_->actions())
        if (a->data().toInt() == timeFormat)
            a->trigger();
    for (QAction* a : infoStyles_->actions())
        if (a->data().toInt() == infoStyle)
            a->trigger();
    rebuildRecentMenu();
}

void MainWindow::writeSettings()
{
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    if (auto* splitter = findChild<QSplitter*>(QStringLiteral("mainSplitter")))
        s.setValue(QStringLiteral("window/splitter"), splitter->saveState());
    s.setValue(QStringLiteral("window/detailsSplitter"), details_->splitter()->saveState());
    s.setValue(QStringLiteral("packetList/header"), packetView_->horizontalHeader()->saveState());
    s.setValue(QStringLiteral("connections/header"), connectionView_->horizontalHeader()->saveState());
    s.setValue(QStringLiteral("filter/history"), filterBar_->history());
    s.setValue(QStringLiteral("packetList/timeFormat"), static_cast<int>(packetModel_->timeFormat()));
    s.setValue(QStringLiteral("packetList/infoStyle"), static_cast<int>(packetModel_->infoStyle()));
}

void MainWindow::addRecentFile(const QString& path)
{
    QSettings s;
    QStringList recent = s.value(QStringLiteral("recentFiles")).toStringList();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > kMaxRecentFiles)
        recent.removeLast();
    s.setValue(QStringLiteral("recentFiles"), recent);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    recentMenu_->clear();
    const QStringList recent = QSettings().value(QStringLiteral("recentFiles")).toStringList();
    for (const QString& path : recent)
        recentMenu_->addAction(path, this, [this, path] { openCapture(path); });
    recentMenu_->setEnabled(!recent.isEmpty());
}

void MainWindow::closeEvent(QCloseEvent* e)
{
    if (!settleCapture(tr("quitting"))) {
        e->ignore();
        return;
    }
    writeSettings();
    engine_->cancel();
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

void MainWindow::openDialog()
{
    const QString dir = currentPath_.isEmpty() ? QString() : QFileInfo(currentPath_).absolutePath();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Capture File"), dir,
        tr("Capture files (*.pcap *.pcapng *.cap *.pcap.gz *.dmp);;pcap (*.pcap *.cap);;pcapng (*.pcapng);;All files (*)"));
    if (!path.isEmpty())
        openCapture(path);
}

void MainWindow::openCapture(const QString& path, const QString& displayFilter, quint64 selectFrame)
{
    if (!settleCapture(tr("opening another file")))
        return;
    pendingMarksLive_ = false;
    beginLoad(path, displayFilter, selectFrame, nullptr);
    updateCaptureActions();
}

void MainWindow::beginLoad(const QString& path, const QString& displayFilter, quint64 selectFrame,
                           std::shared_ptr<LiveCapture> capture)
{
    if (sortCancel_)
        sortCancel_->store(true);
    engine_->cancel();
    // The current capture stays on screen until the new one opens (onOpened); if it cannot be read
    // (onOpenFailed), the window goes back to it.
    if (!openPending_)
        previousGeneration_ = generation_;
    openPending_ = true;
    ++generation_;
    pendingPath_ = path;
    pendingSelect_ = selectFrame;
    pendingLive_ = capture != nullptr;
    loading_ = true;
    // A connection restriction belongs to the previous capture; an expression may stay.
    filterBar_->setStream(-1, {});
    if (!displayFilter.isNull())
        filterBar_->setExpression(displayFilter);
    ++filterId_;
    engine_->setDisplayFilter(filterBar_->isValid() ? filterBar_->expression() : QString(), -1, filterId_);
    const quint64 generation = generation_;
    if (capture)
        QMetaObject::invokeMethod(engine_, [e = engine_, path, generation, capture] { e->follow(path, generation, capture); },
                                  Qt::QueuedConnection);
    else
        QMetaObject::invokeMethod(engine_, [e = engine_, path, generation] { e->open(path, generation); },
                                  Qt::QueuedConnection);
    fileLabel_->setText(tr("Opening %1…").arg(QFileInfo(path).fileName()));
}

void MainWindow::closeCapture()
{
    if (!settleCapture(tr("closing it")))
        return;
    clearCapture();
}

void MainWindow::clearCapture()
{
    live_ = false;
    openPending_ = false;
    watchFile(QString());
    engine_->cancel();
    ++generation_;
    QMetaObject::invokeMethod(engine_, &CaptureEngine::close, Qt::QueuedConnection);
    store_.reset();
    currentPath_.clear();
    loading_ = false;
    packetModel_->clear();
    connectionModel_->clear();
    details_->clear();
    diagramPanel_->setStore(nullptr);
    graphPanel_->setStore(nullptr);
    banner_->hide();
    captureLabel_->hide();
    progress_->hide();
    cancelButton_->hide();
    setWindowTitle(tr("SynScope"));
    updateStatus();
    updateCaptureActions();
}

void MainWindow::cancelLoad() { engine_->cancel(); }

void MainWindow::onOpened(quint64 generation, std::shared_ptr<const PacketStore> store)
{
    if (generation != generation_)
        return;
    openPending_ = false;
    currentPath_ = pendingPath_;
    live_ = pendingMarksLive_;
    watchFile(pendingLive_ ? QString() : currentPath_);
    packetModel_->clear();
    connectionModel_->clear();
    details_->clear();
    packetView_->horizontalHeader()->setSortIndicatorShown(false);
    // For a file: the previous capture's banner is stale, and the statistics of a capture no longer shown
    // must not sit next to this file's status. A live or recovered capture's banner (Save/Discard) was
    // put up for this one; a new capture cleared the window when it started.
    if (!live_) {
        banner_->hide();
        captureLabel_->hide();
    }
    lastLoadMs_ = -1;
    const std::shared_ptr<LiveCapture> capture = pendingLive_ ? session_->capture() : nullptr;
    updateTitle();
    progress_->setValue(0);
    // A live capture has no end to measure progress against; it stops with the capture.
    progress_->setVisible(!capture);
    cancelButton_->setVisible(!capture);
    store_ = store;
    packetModel_->setStore(store);
    diagramPanel_->setStore(store);
    graphPanel_->setStore(store);
    // A spool file is no place to come back to; it is added once saved.
    if (!isSpoolFile(currentPath_.toStdString()))
        addRecentFile(currentPath_);
    updateStatus();
}

void MainWindow::onOpenFailed(quint64 generation, const QString& message)
{
    if (generation != generation_)
        return;
    // Back to the capture that was open (if any): it stays usable, with the filter bar as it is now.
    openPending_ = false;
    generation_ = previousGeneration_;
    loading_ = false;
    pendingSelect_ = 0;
    const QString path = pendingPath_;
    applyFilter(filterBar_->isValid() ? filterBar_->expression() : QString(), -1);
    updateStatus();
    emit loadFinished();
    if (!screenshotPath_.isEmpty()) {
        qWarning("%s", qPrintable(message));
        QApplication::exit(1);
        return;
    }
    QMessageBox box(QMessageBox::Warning, tr("Cannot open the capture"),
                    tr("SynScope cannot read \"%1\".").arg(QFileInfo(path).fileName()), QMessageBox::Ok, this);
    box.setInformativeText(message + tr("\n\nCheck that it is a pcap or pcapng file (tcpdump -w writes pcap) "
                                        "and that you may read it.") +
                           (currentPath_.isEmpty() ? QString() : tr("\n\n%1 is still open.").arg(QFileInfo(currentPath_).fileName())));
    box.exec();
}

void MainWindow::onProgress(quint64 generation, quint64 packets, quint64 bytesDone, quint64 bytesTotal)
{
    if (generation != generation_)
        return;
    if (store_ && store_->reader().interfaces().size() > 0)
        filterBar_->setLinkType(store_->reader().interfaces()[0].linkType);
    packetModel_->setLoadedCount(packets);
    if (bytesTotal)
        progress_->setValue(static_cast<int>(1000.0 * static_cast<double>(bytesDone) / static_cast<double>(bytesTotal)));
    if (pendingSelect_ && pendingSelect_ <= packets && !packetModel_->isFiltered()) {
        selectFrame(pendingSelect_);
        pendingSelect_ = 0;
    } else if (!pendingSelect_ && packetView_->currentIndex().row() < 0 && packetModel_->rowCount() > 0 &&
               screenshotPath_.isEmpty()) {
        // The first packet is selected as soon as it is there, so the details pane is never empty.
        packetView_->setCurrentIndex(packetModel_->index(0, 0));
    }
    updateStatus();
}

void MainWindow::onConnections(quint64 generation, const QVector<ConnectionRow>& rows)
{
    if (generation != generation_)
        return;
    connectionModel_->update(rows);
    updateStatus();
}

void MainWindow::onLoadFinished(quint64 generation, const LoadResult& result)
{
    if (generation != generation_)
        return;
    loading_ = false;
    lastResult_ = result;
    // A live capture's "load" lasts as long as the capture: no load time to show; picking up new
    // packets is no load either.
    if (result.newPackets == result.packets)
        lastLoadMs_ = live_ ? -1 : result.elapsedMs;
    if (live_)
        session_->checkStopped();
    progress_->hide();
    cancelButton_->hide();
    switch (result.outcome) {
    case LoadResult::Outcome::Truncated:
        showActionBanner(tr("This capture was cut short (tcpdump may still have been writing it): every complete "
                            "packet is shown. %1 &nbsp; <a href=\"load-new\">Look for new packets</a>")
                             .arg(result.message.toHtmlEscaped()));
        break;
    case LoadResult::Outcome::Damaged:
        showBanner(tr("The capture is damaged; the packets before the damage are shown. %1").arg(result.message), true);
        break;
    case LoadResult::Outcome::Cancelled:
        // Chosen by count: Qt's %n plural reads "packet(s)" without an English translation loaded.
        showBanner(result.packets == 1 ? tr("Loading was cancelled: 1 packet loaded.")
                                       : tr("Loading was cancelled: %1 packets loaded.").arg(result.packets),
                   false);
        break;
    case LoadResult::Outcome::Complete:
        if (!result.notes.isEmpty())
            showBanner(tr("Some parts of the file could not be read: %1").arg(result.notes.join(QStringLiteral("; "))),
                       false);
        break;
    }
    if (pendingSelect_) {
        selectFrame(pendingSelect_);
        pendingSelect_ = 0;
    }
    updateCaptureActions();
    // A connection chosen while loading may have grown since it was drawn.
    if (diagramDock_->isVisible())
        diagramPanel_->refresh();
    graphPanel_->refresh();
    updateStatus();
    emit loadFinished();
    if (!screenshotPath_.isEmpty())
        QTimer::singleShot(0, this, &MainWindow::finishScreenshot);
}

void MainWindow::applyFilter(const QString& expression, qint64 stream)
{
    if (sortCancel_)
        sortCancel_->store(true);
    packetView_->horizontalHeader()->setSortIndicatorShown(false);
    ++filterId_;
    const std::size_t keep = selectedPacket();
    if (expression.isEmpty() && stream < 0) {
        // Clearing shows everything at once; the engine has nothing to compute.
        engine_->setDisplayFilter({}, -1, filterId_);
        packetModel_->showAll();
        if (keep != SIZE_MAX)
            selectFrame(keep + 1);
        updateStatus();
        emit displayedRowsChanged();
        return;
    }
    engine_->setDisplayFilter(expression, stream, filterId_);
    fileLabel_->setText(tr("Filtering…"));
}

void MainWindow::onFilterRows(quint64 generation, quint64 filterId, PacketRows rows, bool reset)
{
    if (generation != generation_ || filterId != filterId_)
        return;
    const std::size_t keep = selectedPacket();
    if (reset && !rows) {
        packetModel_->showAll();
    } else {
        packetModel_->setFilterRows(rows.get(), reset);
    }
    if (reset && keep != SIZE_MAX) {
        const int row = packetModel_->rowOf(keep);
        if (row >= 0) {
            packetView_->setCurrentIndex(packetModel_->index(row, 0));
            packetView_->scrollTo(packetModel_->index(row, 0), QAbstractItemView::PositionAtCenter);
        } else if (packetModel_->rowCount() > 0) {
            packetView_->setCurrentIndex(packetModel_->index(0, 0));
        } else {
            details_->clear();
        }
    }
    if (pendingSelect_ && pendingSelect_ <= packetModel_->loadedCount()) {
        selectFrame(pendingSelect_);
        pendingSelect_ = 0;
    }
    updateStatus();
    if (diagramDock_->isVisible() && diagramPanel_->source() == SequenceDiagramPanel::Source::DisplayedPackets)
        diagramPanel_->setDisplayedPackets(displayedRows());
    emit displayedRowsChanged();
}

void MainWindow::onFilterProgress(quint64 filterId, quint64 tested, quint64 total)
{
    if (filterId != filterId_ || total == 0)
        return;
    fileLabel_->setText(tr("Filtering… %1%").arg(100 * tested / total));
}

void MainWindow::onFilterFailed(quint64 filterId, const QString& message)
{
    if (filterId != filterId_)
        return;
    showBanner(tr("The filter cannot be applied: %1").arg(message), true);
    updateStatus();
}

std::size_t MainWindow::selectedPacket() const
{
    const QModelIndex current = packetView_->currentIndex();
    if (!current.isValid() || current.row() >= packetModel_->rowCount())
        return SIZE_MAX;
    return packetModel_->packetAt(current.row());
}

void MainWindow::selectFrame(quint64 frame)
{
    if (frame == 0)
        return;
    const int row = packetModel_->rowOf(frame - 1);
    if (row < 0) {
        statusBar()->showMessage(tr("Packet %1 is not in the list (filtered out or not loaded yet).").arg(frame), 5000);
        return;
    }
    const QModelIndex index = packetModel_->index(row, 0);
    packetView_->setCurrentIndex(index);
    packetView_->scrollTo(index, QAbstractItemView::PositionAtCenter);
}

void MainWindow::packetSelectionChanged()
{
    const std::size_t i = selectedPacket();
    if (i == SIZE_MAX || !store_) {
        details_->clear();
        return;
    }
    details_->showPacket(store_, i);
    if (diagramDock_->isVisible())
        diagramPanel_->selectFrame(i + 1);
    graphPanel_->selectFrame(i + 1);
}

void MainWindow::diagramFrameActivated(quint64 frame)
{
    if (!store_ || frame == 0 || frame > packetModel_->loadedCount())
        return;
    const int row = packetModel_->rowOf(frame - 1);
    if (row >= 0) {
        const QSignalBlocker quiet(diagramPanel_);
        packetView_->setCurrentIndex(packetModel_->index(row, 0));
        packetView_->scrollTo(packetModel_->index(row, 0), QAbstractItemView::PositionAtCenter);
    } else {
        // Filtered out of the list: its details still show.
        packetView_->clearSelection();
        details_->showPacket(store_, frame - 1);
        statusBar()->showMessage(tr("Packet %1 is hidden by the display filter; its details are shown.").arg(frame), 5000);
    }
}

void MainWindow::connectionSelectionChanged()
{
    const QModelIndexList rows = connectionView_->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    const QModelIndex source = connectionProxy_->mapToSource(rows.first());
    const ConnectionRow* c = connectionModel_->row(source.row());
    if (!c)
        return;
    filterBar_->setStream(c->stream, tr("Connection %1: %2 → %3")
                                         .arg(c->stream)
                                         .arg(QString::fromStdString(c->client.toString()),
                                              QString::fromStdString(c->server.toString())));
    applyFilter(filterBar_->isValid() ? filterBar_->expression() : QString(), c->stream);
    diagramPanel_->setConnections({c->stream});
    diagramDock_->show();
    graphPanel_->setStream(c->stream);
}

void MainWindow::followSelectedConnection()
{
    const std::size_t i = selectedPacket();
    if (i == SIZE_MAX || !store_)
        return;
    const TcpPacketRecord& r = store_->tcpRecord(i);
    if (!r.hasStream()) {
        statusBar()->showMessage(tr("The selected packet is not part of a TCP connection."), 5000);
        return;
    }
    const int row = connectionModel_->rowOfStream(r.stream);
    if (row >= 0) {
        connectionDock_->show();
        connectionView_->selectRow(connectionProxy_->mapFromSource(connectionModel_->index(row, 0)).row());
    }
}

void MainWindow::packetContextMenu(const QPoint& pos)
{
    QMenu menu(this);
    menu.addAction(tr("Follow TCP Connection"), this, &MainWindow::followSelectedConnection);
    const std::size_t selected = selectedPacket();
    if (store_ && selected != SIZE_MAX && store_->tcpRecord(selected).hasStream()) {
        const qint64 stream = store_->tcpRecord(selected).stream;
        menu.addAction(tr("Export This Connection…"), this, [this, stream] { exportPackets(stream); });
        addGraphActions(menu, stream);
    }
    menu.addAction(tr("Export Packets…"), this, [this] { exportPackets(); });
    menu.addAction(tr("Mark/Unmark Packet"), this, &MainWindow::toggleMark);
    menu.addAction(tr("Copy Summary"), this, [this] {
        const std::size_t i = selectedPacket();
        if (i == SIZE_MAX)
            return;
        QStringList cells;
        for (int c = 0; c < PacketListModel::ColumnCount; ++c)
            cells << packetModel_->cellText(i, c);
        QApplication::clipboard()->setText(cells.join(QLatin1Char('\t')));
    });
    menu.exec(packetView_->viewport()->mapToGlobal(pos));
}

std::vector<std::uint32_t> MainWindow::displayedRows() const
{
    std::vector<std::uint32_t> rows(static_cast<std::size_t>(packetModel_->rowCount()));
    for (std::size_t r = 0; r < rows.size(); ++r)
        rows[r] = static_cast<std::uint32_t>(packetModel_->packetAt(static_cast<int>(r)));
    return rows;
}

void MainWindow::sortRequested(int column, Qt::SortOrder order)
{
    if (!store_ || loading_) {
        statusBar()->showMessage(tr("Sorting is possible once the capture is loaded."), 4000);
        return;
    }
    if (sortCancel_)
        sortCancel_->store(true);
    sortCancel_ = std::make_shared<std::atomic<bool>>(false);
    auto cancel = sortCancel_;
    auto store = store_;
    std::vector<std::uint32_t> rows = displayedRows();
    const std::size_t keep = selectedPacket();
    QPointer<MainWindow> self(this);
    fileLabel_->setText(tr("Sorting…"));
    QThreadPool::globalInstance()->start([self, cancel, store, rows = std::move(rows), column, order, keep]() mutable {
        auto sorted = std::make_shared<std::vector<std::uint32_t>>(
            sortPackets(*store, std::move(rows), column, order == Qt::DescendingOrder, *cancel));
        if (!self || cancel->load())
            return;
        QMetaObject::invokeMethod(self, [self, cancel, sorted, column, order, keep] {
            if (!self || cancel->load())
                return;
            self->packetModel_->setRowOrder(std::move(*sorted));
            QHeaderView* h = self->packetView_->horizontalHeader();
            h->setSortIndicatorShown(true);
            h->setSortIndicator(column, order);
            if (keep != SIZE_MAX)
                self->selectFrame(keep + 1);
            self->updateStatus();
        });
    });
}

void MainWindow::goToPacket()
{
    if (!store_ || packetModel_->loadedCount() == 0)
        return;
    bool ok = false;
    const int frame = QInputDialog::getInt(this, tr("Go to Packet"), tr("Packet number:"), 1, 1,
                                           static_cast<int>(packetModel_->loadedCount()), 1, &ok);
    if (ok)
        selectFrame(static_cast<quint64>(frame));
}

void MainWindow::find()
{
    bool ok = false;
    const QString text = QInputDialog::getText(this, tr("Find Packet"),
                                               tr("Text in the list (source, destination, protocol or info):"),
                                               QLineEdit::Normal, lastFind_, &ok);
    if (!ok || text.isEmpty())
        return;
    lastFind_ = text;
    findNext();
}

void MainWindow::findNext()
{
    if (lastFind_.isEmpty()) {
        find();
        return;
    }
    findFrom(packetView_->currentIndex().row() + 1, lastFind_);
}

void MainWindow::findFrom(int startRow, const QString& text)
{
    if (!store_)
        return;
    auto store = store_;
    std::vector<std::uint32_t> rows = displayedRows();
    const std::string needle = text.toLower().toStdString();
    QPointer<MainWindow> self(this);
    fileLabel_->setText(tr("Searching…"));
    if (findCancel_)
        findCancel_->store(true);
    findCancel_ = std::make_shared<std::atomic<bool>>(false);
    QThreadPool::globalInstance()->start([self, store, rows = std::move(rows), needle, startRow, cancel = findCancel_] {
        const int found = findPacketRow(*store, rows, startRow, needle, *cancel);
        if (cancel->load())
            return;
        QMetaObject::invokeMethod(qApp, [self, found] {
            if (!self)
                return;
            self->updateStatus();
            if (found < 0) {
                self->statusBar()->showMessage(tr("Not found."), 4000);
                return;
            }
            self->packetView_->setCurrentIndex(self->packetModel_->index(found, 0));
            self->packetView_->scrollTo(self->packetModel_->index(found, 0), QAbstractItemView::PositionAtCenter);
        });
    });
}

void MainWindow::toggleMark()
{
    const QModelIndexList rows = packetView_->selectionModel()->selectedRows();
    for (const QModelIndex& r : rows)
        packetModel_->toggleMark(packetModel_->packetAt(r.row()));
    updateStatus();
}

void MainWindow::nextMark()
{
    const int n = packetModel_->rowCount();
    for (int k = 1; k <= n; ++k) {
        const int row = (packetView_->currentIndex().row() + k) % n;
        if (packetModel_->isMarked(packetModel_->packetAt(row))) {
            packetView_->setCurrentIndex(packetModel_->index(row, 0));
            return;
        }
    }
}

void MainWindow::previousMark()
{
    const int n = packetModel_->rowCount();
    for (int k = 1; k <= n; ++k) {
        const int row = ((packetView_->currentIndex().row() - k) % n + n) % n;
        if (packetModel_->isMarked(packetModel_->packetAt(row))) {
            packetView_->setCurrentIndex(packetModel_->index(row, 0));
            return;
        }
    }
}

void MainWindow::showBanner(const QString& text, bool error)
{
    banner_->setTextFormat(Qt::PlainText);
    banner_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    banner_->setText(text);
    banner_->setStyleSheet(error ? QStringLiteral("QLabel { background: #f8d0d0; color: #5a0000; }")
                                 : QStringLiteral("QLabel { background: #fff2b8; color: #4a3800; }"));
    banner_->show();
}

void MainWindow::showActionBanner(const QString& html)
{
    banner_->setTextFormat(Qt::RichText);
    // Its links are what it is for: they must answer the mouse (and Tab), the text stays selectable.
    banner_->setTextInteractionFlags(Qt::TextBrowserInteraction);
    banner_->setText(html);
    banner_->setStyleSheet(QStringLiteral("QLabel { background: #dcebfb; color: #0b2a4a; }"));
    banner_->show();
}

QString MainWindow::bannerText() const
{
    if (!banner_->isVisible())
        return {};
    if (banner_->textFormat() != Qt::RichText)
        return banner_->text();
    QTextDocument doc;
    doc.setHtml(banner_->text());
    return doc.toPlainText();
}

void MainWindow::updateStatus()
{
    if (currentPath_.isEmpty()) {
        fileLabel_->setText(tr("No capture open. Open a pcap or pcapng file (Ctrl+O) or drop one here."));
        packetsLabel_->clear();
        connectionsLabel_->clear();
        timeLabel_->clear();
        return;
    }
    const QString name = live_ && isSpoolFile(currentPath_.toStdString()) ? tr("Live capture (not saved)")
                                                                          : QFileInfo(currentPath_).fileName();
    fileLabel_->setText(session_->isRunning() && live_ ? tr("Capturing…")
                        : loading_                     ? tr("Loading %1…").arg(name)
                                                       : name);
    fileLabel_->setToolTip(currentPath_);
    const qulonglong total = packetModel_->loadedCount();
    const qulonglong shown = static_cast<qulonglong>(packetModel_->rowCount());
    packetsLabel_->setText(packetModel_->isFiltered() ? tr("Packets: %1 displayed of %2").arg(shown).arg(total)
                                                      : tr("Packets: %1").arg(total));
    if (!packetModel_->marks().isEmpty())
        packetsLabel_->setText(packetsLabel_->text() + tr(" · marked: %1").arg(packetModel_->marks().size()));
    connectionsLabel_->setText(tr("TCP connections: %1").arg(connectionModel_->rowCount()));
    timeLabel_->setText(lastLoadMs_ >= 0 ? (lastLoadMs_ < 1000 ? tr("Loaded in %1 ms").arg(lastLoadMs_)
                                                               : tr("Loaded in %1 s").arg(static_cast<double>(lastLoadMs_) / 1000.0, 0, 'f', 2))
                                         : QString());
}

QString MainWindow::statusText() const
{
    return QStringList{fileLabel_->text(), packetsLabel_->text(), connectionsLabel_->text(), timeLabel_->text()}.join(
        QStringLiteral(" | "));
}

void MainWindow::requestScreenshot(const QString& outPng, const QString& view)
{
    screenshotPath_ = outPng;
    screenshotView_ = view;
}

void MainWindow::finishScreenshot()
{
    if (screenshotView_ == QLatin1String("diagram")) {
        // The selected packet's connection, drawn large.
        const std::size_t i = selectedPacket();
        std::uint32_t stream = 0;
        if (store_ && i != SIZE_MAX && store_->tcpRecord(i).hasStream())
            stream = store_->tcpRecord(i).stream;
        connectionDock_->hide();
        diagramDock_->show();
        resizeDocks({diagramDock_}, {width() * 3 / 5}, Qt::Horizontal);
        diagramPanel_->setConnections({stream});
        connect(diagramPanel_, &SequenceDiagramPanel::diagramReady, this, [this, i] {
            if (i != SIZE_MAX)
                diagramPanel_->selectFrame(i + 1);
            screenshotView_ = QStringLiteral("done");
            finishScreenshot();
        }, Qt::SingleShotConnection);
        return;
    }
    if (screenshotView_ == QLatin1String("connections")) {
        connectionDock_->show();
        connectionDock_->raise();
        const std::size_t i = selectedPacket();
        // Show the selected packet's connection without filtering the list to it.
        const QSignalBlocker quiet(connectionView_->selectionModel());
        if (store_ && i != SIZE_MAX && store_->tcpRecord(i).hasStream())
            connectionView_->selectRow(connectionProxy_
                                           ->mapFromSource(connectionModel_->index(
                                               connectionModel_->rowOfStream(store_->tcpRecord(i).stream), 0))
                                           .row());
    }
    // Let the layout and the list settle before the picture.
    QTimer::singleShot(50, this, [this] {
        QApplication::processEvents();
        const QPixmap picture = grab();
        const bool ok = picture.save(screenshotPath_, "PNG");
        if (!ok)
            qWarning("cannot write %s", qPrintable(screenshotPath_));
        QApplication::exit(ok ? 0 : 1);
    });
}

} // namespace synscope
