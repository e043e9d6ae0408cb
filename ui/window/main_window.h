#pragma once
// SynScope's main window: it builds the menus, the docks and the status bar and connects the objects that
// do the work: the open capture (CaptureDocument: the engine on its worker thread), live capture
// (LiveCaptureController), the packet list, the details, the connections panel, the sequence diagram and
// the graphs, the filter bar and the banner, and the settings it remembers (WindowSettings).
#include "ui/connections/connection_list_view.h" // packetView() and connectionView() give the list types
#include "ui/packets/packet_list_view.h"
#include "ui/window/banner.h"

#include <QMainWindow>
#include <memory>

class QAction;
class QActionGroup;
class QDockWidget;
class QMenu;
class QSplitter;

namespace synscope {

class CaptureDocument;
class CaptureSession;
class CaptureToolBar;
class FilterBar;
class GraphDock;
class GraphPanel;
class LegendBar;
class LiveCaptureController;
class PacketDetailsPane;
class SequenceDiagramPanel;
class WindowStatusBar;
class LiveCapture;
struct LoadResult;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a capture; `displayFilter` (BPF) applies from the first packet, `selectFrame` (from 1) is
    // selected as soon as it is loaded.
    void openCapture(const QString& path, const QString& displayFilter = {}, quint64 selectFrame = 0);
    // At start: offers the unsaved captures a crashed session left (see RecoveredCapturesDialog), and
    // tells a user running as root, once, that a capture helper with capabilities is the safer way.
    void showStartupNotes();
    // Unattended (a program drives the window: synscope --screenshot): nothing waits for a click — a capture
    // that cannot be opened or started is only signalled (CaptureDocument::openFailed,
    // LiveCaptureController::startFailed) — and the list selects no packet by itself.
    void setUnattended(bool on);

    CaptureDocument* document() const { return document_.get(); }
    LiveCaptureController* liveCapture() const { return live_; }
    CaptureSession* captureSession() const;
    CaptureToolBar* captureToolBar() const { return captureBar_; }
    QString currentPath() const;
    bool isLive() const;

    // For tests, the status bar and the screenshot driver.
    PacketListModel* packetModel() const { return packetModel_; }
    PacketListView* packetView() const { return packetView_; }
    PacketDetailsPane* details() const { return details_; }
    ConnectionModel* connectionModel() const { return connectionModel_; }
    ConnectionListView* connectionView() const { return connectionView_; }
    QDockWidget* connectionDock() const { return connectionDock_; }
    FilterBar* filterBar() const { return filterBar_; }
    SequenceDiagramPanel* diagramPanel() const { return diagramPanel_; }
    QDockWidget* diagramDock() const { return diagramDock_; }
    GraphPanel* graphPanel() const;
    Banner* banner() const { return banner_; }
    bool isLoading() const;
    QString bannerText() const { return banner_->plainText(); }
    QString statusText() const;
    qint64 lastLoadMs() const;
    void selectFrame(quint64 frame);

signals:
    void loadFinished();        // the current capture is fully loaded (or failed)
    void displayedRowsChanged(); // a display filter's result arrived

public slots:
    void openDialog();
    void closeCapture();
    void cancelLoad();
    void goToPacket();
    void find();
    void findNext();
    void toggleMark();
    void nextMark();
    void previousMark();
    void followSelectedConnection();
    void applyFilter(const QString& expression, qint64 stream);
    // Live capture with the toolbar's interface and filter and the session's other options.
    void startCapture();
    void stopCapture();
    void restartCapture();
    void captureOptions();
    // Saves the open capture under a new name (pcapng or pcap): an unsaved live capture is moved there
    // when it can be, anything else is written out packet by packet.
    bool saveAs();
    // Deletes the unsaved live capture after asking.
    void discardCapture();
    // File → Export Packets…; with `stream` >= 0 the dialog starts on that TCP connection.
    void exportPackets(qint64 stream = -1);
    // Statistics → TCP Stream Graph (stream < 0: the selected connection's) and I/O Graph.
    void showStreamGraph(qint64 stream = -1);
    void showIoGraph();

protected:
    void closeEvent(QCloseEvent* e) override;
    void dragEnterEvent(QDragEnterEvent* e) override;
    void dropEvent(QDropEvent* e) override;

private:
    // Construction (main_window_layout.cpp): the central list and details, the docks, the menus, and the
    // connections between them; connectDocument() (main_window.cpp) wires the open capture.
    void buildCentral();
    void buildDocks();
    void buildMenus();
    void buildFileMenu();
    void buildEditMenu();
    void buildViewMenu();
    void buildStatisticsMenu();
    void connectDocument();
    void connectPanels();
    void connectLiveCapture();
    void readSettings();
    void writeSettings();
    void addRecentFile(const QString& path);
    void rebuildRecentMenu();

    // What the open capture tells.
    void onOpened();
    void onOpenFailed(const QString& path, const QString& message);
    void onProgress(quint64 packets, quint64 bytesDone, quint64 bytesTotal);
    void onLoadFinished(const LoadResult& result);
    void onFilterRows();
    // Live capture.
    void onCaptureStarted(const QString& path, std::shared_ptr<LiveCapture> capture);
    void onCaptureStopped(const QString& failure);
    void onCaptureSaved(const QString& path, bool isShownCapture);
    void onCaptureRecovered(const QString& path);
    void bannerAction(Banner::Action action);

    // Empties the window (list, panels, banner, capture statistics); closeCapture() without the question.
    void clearCapture();
    // The window's part of opening: the filter bar, the list's selection, the status; `open` asks the
    // document, with the display filter to apply from the first packet.
    template <typename Open>
    void beginLoad(const QString& path, const QString& displayFilter, quint64 selectFrame, Open open);
    void loadNewPackets();
    void packetSelectionChanged(std::size_t packet);
    void connectionSelected(const ConnectionRow& connection);
    void diagramFrameActivated(quint64 frame);
    void sortRequested(int column, Qt::SortOrder order);
    // Context menus (main_window_commands.cpp, with the menu commands).
    void packetContextMenu(const QPoint& pos);
    void connectionContextMenu(std::uint32_t stream, const QPoint& globalPos);
    void addGraphActions(QMenu& menu, qint64 stream);
    qint64 currentStream() const; // the selected connection's stream, or the selected packet's; -1 when none
    void updateStatus();
    void updateTitle();
    void updateCaptureActions();

    // First to go: the engine's thread stops before the panels computing on it and the capture session.
    std::unique_ptr<CaptureDocument> document_;
    LiveCaptureController* live_ = nullptr;
    CaptureToolBar* captureBar_ = nullptr;
    FilterBar* filterBar_ = nullptr;
    Banner* banner_ = nullptr;
    QSplitter* mainSplitter_ = nullptr;
    PacketListModel* packetModel_ = nullptr;
    PacketListView* packetView_ = nullptr;
    LegendBar* legend_ = nullptr;
    PacketDetailsPane* details_ = nullptr;
    ConnectionModel* connectionModel_ = nullptr;
    ConnectionListView* connectionView_ = nullptr;
    QDockWidget* connectionDock_ = nullptr;
    SequenceDiagramPanel* diagramPanel_ = nullptr;
    QDockWidget* diagramDock_ = nullptr;
    GraphDock* graphDock_ = nullptr;
    WindowStatusBar* status_ = nullptr;
    QAction* saveAsAction_ = nullptr;
    QAction* discardAction_ = nullptr;
    QAction* exportAction_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QActionGroup* timeFormats_ = nullptr;
    QActionGroup* infoStyles_ = nullptr;
    QString lastFind_;
    bool unattended_ = false;
};

} // namespace synscope
