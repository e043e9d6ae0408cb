// MainWindow: what it is made of (the filter bar, the banner, the packet list above the details, the docks,
// the menus) and the layout it remembers between sessions.
#include "ui/window/main_window.h"

#include "ui/capture/capture_document.h"
#include "ui/capture/capture_toolbar.h"
#include "ui/capture/live_capture_controller.h"
#include "ui/connections/connection_list_view.h"
#include "ui/diagram/sequence_diagram_panel.h"
#include "ui/filter/filter_bar.h"
#include "ui/graphs/graph_dock.h"
#include "ui/graphs/graph_panel.h"
#include "ui/packets/legend_bar.h"
#include "ui/packets/packet_details_pane.h"
#include "ui/packets/packet_list_view.h"
#include "ui/window/window_settings.h"
#include "ui/window/window_status_bar.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QDockWidget>
#include <QHeaderView>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QVBoxLayout>

namespace synscope {

void MainWindow::buildCentral()
{
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    filterBar_ = new FilterBar(central);
    layout->addWidget(filterBar_);
    captureBar_ = new CaptureToolBar(this);
    addToolBar(Qt::TopToolBarArea, captureBar_);
    banner_ = new Banner(central);
    layout->addWidget(banner_);

    mainSplitter_ = new QSplitter(Qt::Vertical, central);
    mainSplitter_->setObjectName(QStringLiteral("mainSplitter"));
    auto* listPane = new QWidget(mainSplitter_);
    auto* listLayout = new QVBoxLayout(listPane);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->setSpacing(0);
    packetModel_ = new PacketListModel(this);
    packetView_ = new PacketListView(packetModel_, listPane);
    listLayout->addWidget(packetView_);
    legend_ = new LegendBar(listPane);
    listLayout->addWidget(legend_);
    details_ = new PacketDetailsPane(mainSplitter_);
    mainSplitter_->addWidget(listPane);
    mainSplitter_->addWidget(details_);
    mainSplitter_->setStretchFactor(0, 3);
    mainSplitter_->setStretchFactor(1, 2);
    layout->addWidget(mainSplitter_, 1);
    setCentralWidget(central);
}

void MainWindow::buildDocks()
{
    connectionModel_ = new ConnectionModel(this);
    connectionView_ = new ConnectionListView(connectionModel_);
    connectionDock_ = new QDockWidget(tr("TCP connections"), this);
    connectionDock_->setObjectName(QStringLiteral("connectionsDock"));
    connectionDock_->setWidget(connectionView_);
    addDockWidget(Qt::BottomDockWidgetArea, connectionDock_);

    diagramPanel_ = new SequenceDiagramPanel;
    diagramDock_ = new QDockWidget(tr("Sequence diagram"), this);
    diagramDock_->setObjectName(QStringLiteral("diagramDock"));
    diagramDock_->setWidget(diagramPanel_);
    addDockWidget(Qt::RightDockWidgetArea, diagramDock_);
    diagramDock_->hide();
    graphDock_ = new GraphDock(document_->engineThread(), this);
}

void MainWindow::connectPanels()
{
    connect(filterBar_, &FilterBar::applied, this, &MainWindow::applyFilter);
    connect(packetView_, &PacketListView::currentPacketChanged, this, &MainWindow::packetSelectionChanged);
    connect(packetView_, &QTableView::customContextMenuRequested, this, &MainWindow::packetContextMenu);
    connect(packetView_, &PacketListView::sortRequested, this, &MainWindow::sortRequested);
    connect(packetView_, &PacketListView::sorted, this, &MainWindow::updateStatus);
    connect(packetView_, &PacketListView::searched, this, [this](bool found) {
        updateStatus();
        if (!found)
            status_->showMessage(tr("Not found."), 4000);
    });
    connect(packetView_, &PacketListView::frameNotListed, this, [this](quint64 frame) {
        status_->showMessage(tr("Packet %1 is not in the list (filtered out or not loaded yet).").arg(frame), 5000);
    });
    connect(connectionView_, &ConnectionListView::connectionSelected, this, &MainWindow::connectionSelected);
    connect(connectionView_, &ConnectionListView::contextMenuRequested, this, &MainWindow::connectionContextMenu);
    connect(diagramPanel_, &SequenceDiagramPanel::frameActivated, this, &MainWindow::diagramFrameActivated);
    // A click on a point selects its packet in the list, the details and the diagram.
    connect(graphPanel(), &GraphPanel::frameActivated, this, &MainWindow::diagramFrameActivated);
}

void MainWindow::connectLiveCapture()
{
    connect(captureBar_->startAction(), &QAction::triggered, this, &MainWindow::startCapture);
    connect(captureBar_->stopAction(), &QAction::triggered, this, &MainWindow::stopCapture);
    connect(captureBar_->restartAction(), &QAction::triggered, this, &MainWindow::restartCapture);
    connect(captureBar_->optionsAction(), &QAction::triggered, this, &MainWindow::captureOptions);
    connect(live_, &LiveCaptureController::started, this, &MainWindow::onCaptureStarted);
    connect(live_, &LiveCaptureController::stopped, this, &MainWindow::onCaptureStopped);
    connect(live_, &LiveCaptureController::stateChanged, this, &MainWindow::updateCaptureActions);
    connect(live_, &LiveCaptureController::saved, this, &MainWindow::onCaptureSaved);
    connect(live_, &LiveCaptureController::discarded, this, &MainWindow::clearCapture);
    connect(live_, &LiveCaptureController::recovered, this, &MainWindow::onCaptureRecovered);
    connect(live_, &LiveCaptureController::notice, status_, &QStatusBar::showMessage);
}

void MainWindow::buildMenus()
{
    buildFileMenu();
    buildEditMenu();
    QMenu* capture = menuBar()->addMenu(tr("&Capture"));
    capture->addAction(captureBar_->startAction());
    capture->addAction(captureBar_->stopAction());
    capture->addAction(captureBar_->restartAction());
    capture->addAction(captureBar_->optionsAction());
    capture->addSeparator();
    capture->addAction(captureBar_->refreshAction());
    buildViewMenu();
    buildStatisticsMenu();
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About SynScope"), this, [this] {
        QMessageBox::about(this, tr("About SynScope"),
                           tr("<h3>SynScope %1</h3><p>A capture analyzer that explains every TCP connection's life: "
                              "how it opened, how it closed, who closed it, and each side's states as seen at the "
                              "capture point.</p>")
                               .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::buildFileMenu()
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
}

void MainWindow::buildEditMenu()
{
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
}

namespace {

// A "View" submenu of exclusive choices, each carrying its value; the model's current one checked.
template <typename Value>
QActionGroup* addChoices(QMenu* menu, const std::initializer_list<std::pair<QString, Value>>& choices, Value current)
{
    auto* group = new QActionGroup(menu);
    for (const auto& [label, value] : choices) {
        QAction* a = menu->addAction(label);
        a->setCheckable(true);
        a->setData(static_cast<int>(value));
        a->setChecked(value == current);
        group->addAction(a);
    }
    return group;
}

} // namespace

void MainWindow::buildViewMenu()
{
    using TimeFormat = PacketListModel::TimeFormat;
    using InfoStyle = PacketListModel::InfoStyle;
    QMenu* view = menuBar()->addMenu(tr("&View"));
    timeFormats_ = addChoices<TimeFormat>(view->addMenu(tr("&Time Format")),
                                          {{tr("Seconds Since Beginning of Capture"), TimeFormat::SinceStart},
                                           {tr("Time of Day"), TimeFormat::TimeOfDay},
                                           {tr("Seconds Since Previous Displayed Packet"), TimeFormat::SincePrevious},
                                           {tr("Seconds Since 1970-01-01 (Epoch)"), TimeFormat::Epoch}},
                                          packetModel_->timeFormat());
    connect(timeFormats_, &QActionGroup::triggered, this,
            [this](QAction* a) { packetModel_->setTimeFormat(static_cast<TimeFormat>(a->data().toInt())); });
    infoStyles_ = addChoices<InfoStyle>(view->addMenu(tr("&Info Column")),
                                        {{tr("Wireshark Style"), InfoStyle::Wireshark},
                                         {tr("tcpdump Style"), InfoStyle::Tcpdump}},
                                        packetModel_->infoStyle());
    connect(infoStyles_, &QActionGroup::triggered, this,
            [this](QAction* a) { packetModel_->setInfoStyle(static_cast<InfoStyle>(a->data().toInt())); });
    view->addSeparator();
    QAction* legend = view->addAction(tr("Colour &Legend"));
    legend->setCheckable(true);
    legend->setChecked(true);
    connect(legend, &QAction::toggled, legend_, &QWidget::setVisible);
    view->addAction(captureBar_->toggleViewAction());
    view->addAction(connectionDock_->toggleViewAction());
    view->addAction(diagramDock_->toggleViewAction());
}

void MainWindow::buildStatisticsMenu()
{
    QMenu* statistics = menuBar()->addMenu(tr("&Statistics"));
    QAction* stream = statistics->addAction(tr("&TCP Stream Graph"), this, [this] { showStreamGraph(-1); });
    stream->setStatusTip(tr("Sequence numbers, throughput, round-trip time and window of the selected connection"));
    QAction* io = statistics->addAction(tr("&I/O Graph"), this, &MainWindow::showIoGraph);
    io->setStatusTip(tr("Packets, bytes or bits per interval, one line per filter"));
    statistics->addSeparator();
    statistics->addAction(graphDock_->toggleViewAction());
}

void MainWindow::readSettings()
{
    WindowSettings settings;
    settings.restoreLayout({this, mainSplitter_, details_->splitter(), packetView_->horizontalHeader(),
                            connectionView_->horizontalHeader()});
    filterBar_->setHistory(settings.filterHistory());
    for (QAction* a : timeFormats_->actions())
        if (a->data().toInt() == settings.timeFormat())
            a->trigger();
    for (QAction* a : infoStyles_->actions())
        if (a->data().toInt() == settings.infoStyle())
            a->trigger();
    rebuildRecentMenu();
}

void MainWindow::writeSettings()
{
    WindowSettings settings;
    settings.saveLayout({this, mainSplitter_, details_->splitter(), packetView_->horizontalHeader(),
                         connectionView_->horizontalHeader()});
    settings.setFilterHistory(filterBar_->history());
    settings.setListStyle(static_cast<int>(packetModel_->timeFormat()), static_cast<int>(packetModel_->infoStyle()));
}

void MainWindow::addRecentFile(const QString& path)
{
    WindowSettings().addRecentFile(path);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    recentMenu_->clear();
    const QStringList recent = WindowSettings().recentFiles();
    for (const QString& path : recent)
        recentMenu_->addAction(path, this, [this, path] { openCapture(path); });
    recentMenu_->setEnabled(!recent.isEmpty());
}

} // namespace synscope
