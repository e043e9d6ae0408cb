#pragma once
// SynScope's main window: filter bar, packet list, packet details (tree and bytes), connections panel,
// status bar; the capture engine on its worker thread behind them.
#include "engine/capture_engine.h"

#include <QMainWindow>
#include <QPointer>
#include <QThread>
#include <atomic>
#include <memory>

class QAction;
class QActionGroup;
class QLabel;
class QMenu;
class QProgressBar;
class QTableView;
class QToolButton;
class QDockWidget;
class QFileSystemWatcher;
class QSortFilterProxyModel;

namespace synscope {

class CaptureSession;
class CaptureToolBar;
class ConnectionModel;
class FilterBar;
class GraphPanel;
class LegendBar;
class PacketDetailsPane;
class PacketListModel;
class SequenceDiagramPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a capture; `displayFilter` (BPF) applies from the first packet, `selectFrame` (from 1) is
    // selected as soon as it is loaded.
    void openCapture(const QString& path, const QString& displayFilter = {}, quint64 selectFrame = 0);
    // For documentation and tests: once `path` is fully loaded (and filtered), select `selectFrame`, show
    // `view` ("packets", "connections"), save a PNG of the window to `outPng`, and quit with status 0
    // (1 if the capture cannot be read or the PNG cannot be written).
    void requestScreenshot(const QString& outPng, const QString& view);
    // At start: offers the unsaved captures a crashed session left (see RecoveredCapturesDialog), and
    // tells a user running as root, once, that a capture helper with capabilities is the safer way.
    void showStartupNotes();

    CaptureSession* captureSession() const { return session_; }
    CaptureToolBar* captureToolBar() const { return captureBar_; }
    QString currentPath() const { return currentPath_; }
    bool isLive() const { return live_; }

    // For tests and the status bar.
    PacketListModel* packetModel() const { return packetModel_; }
    QTableView* packetView() const { return packetView_; }
    PacketDetailsPane* details() const { return details_; }
    ConnectionModel* connectionModel() const { return connectionModel_; }
    QTableView* connectionView() const { return connectionView_; }
    FilterBar* filterBar() const { return filterBar_; }
    SequenceDiagramPanel* diagramPanel() const { return diagramPanel_; }
    GraphPanel* graphPanel() const { return graphPanel_; }
    bool isLoading() const { return loading_; }
    QString bannerText() const;
    QString statusText() const;
    qint64 lastLoadMs() const { return lastLoadMs_; }
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

private slots:
    void onOpened(quint64 generation, std::shared_ptr<const synscope::PacketStore> store);
    void onOpenFailed(quint64 generation, const QString& message);
    void onProgress(quint64 generation, quint64 packets, quint64 bytesDone, quint64 bytesTotal);
    void onConnections(quint64 generation, const QVector<synscope::ConnectionRow>& rows);
    void onLoadFinished(quint64 generation, const synscope::LoadResult& result);
    void onFilterRows(quint64 generation, quint64 filterId, synscope::PacketRows rows, bool reset);
    void onFilterProgress(quint64 filterId, quint64 tested, quint64 total);
    void onFilterFailed(quint64 filterId, const QString& message);
    void packetSelectionChanged();
    void connectionSelectionChanged();
    void sortRequested(int column, Qt::SortOrder order);
    void packetContextMenu(const QPoint& pos);
    void diagramFrameActivated(quint64 frame);
    void onCaptureStarted(const QString& path, std::shared_ptr<synscope::LiveCapture> capture);
    void onCaptureStatistics(const synscope::LiveStatistics& statistics);
    void onCaptureStopped(const QString& failure);
    void bannerLinkActivated(const QString& link);
    void connectionContextMenu(const QPoint& pos);
    void fileChangedOnDisk();

private:
    void buildMenus();
    void buildLayout();
    void readSettings();
    void writeSettings();
    void addRecentFile(const QString& path);
    void rebuildRecentMenu();
    void updateStatus();
    void showBanner(const QString& text, bool error);
    // A banner with links (href "save", "discard", "dismiss-root-note"), handled by bannerLinkActivated.
    void showActionBanner(const QString& html);
    // The window title for what is shown: "Capturing on lo", "Live capture (not saved)", "Recovered
    // capture (not saved)" or the file's name.
    void updateTitle();
    // Empties the window (list, panels, banner, capture statistics); closeCapture() without the question.
    void clearCapture();
    void beginLoad(const QString& path, const QString& displayFilter, quint64 selectFrame,
                   std::shared_ptr<LiveCapture> capture);
    // Before the open capture goes away (open, close, new capture, quit): a running capture is stopped
    // and an unsaved one saved or discarded, as the user chooses. False: the user cancelled.
    bool settleCapture(const QString& action);
    void updateCaptureActions();
    // Watches `path` for growth or replacement ("" stops watching).
    void watchFile(const QString& path);
    // Picks up the packets appended to the open file since it was loaded.
    void loadNewPackets();
    void findFrom(int startRow, const QString& text);
    void finishScreenshot();
    std::size_t selectedPacket() const; // SIZE_MAX when none
    std::vector<std::uint32_t> displayedRows() const;
    // Graphs (main_window_graphs.cpp).
    void buildGraphs();
    void buildGraphMenu();
    void addGraphActions(QMenu& menu, qint64 stream);
    void showGraphDock();
    qint64 currentStream() const; // the selected connection's stream, or the selected packet's; -1 when none

    QThread engineThread_;
    CaptureSession* session_ = nullptr;
    CaptureToolBar* captureBar_ = nullptr;
    QLabel* captureLabel_ = nullptr;
    QAction* saveAsAction_ = nullptr;
    QAction* discardAction_ = nullptr;
    QAction* exportAction_ = nullptr;
    bool live_ = false;            // the open capture is (or was, until saved) a live capture of this session
    bool pendingMarksLive_ = false; // live_ for the capture being opened
    bool openPending_ = false;     // a capture is being opened; the previous one is still shown
    quint64 previousGeneration_ = 0;
    QString pendingPath_;
    bool pendingLive_ = false;
    QFileSystemWatcher* watcher_ = nullptr; // the open file, to notice tcpdump still writing it
    bool restartPending_ = false;  // start again once the running capture has stopped
    CaptureEngine* engine_ = nullptr;
    std::shared_ptr<const PacketStore> store_;
    quint64 generation_ = 0;
    quint64 filterId_ = 0;
    bool loading_ = false;
    QString currentPath_;
    quint64 pendingSelect_ = 0;
    qint64 lastLoadMs_ = -1;
    LoadResult lastResult_;
    QString lastFind_;
    std::shared_ptr<std::atomic<bool>> sortCancel_;
    std::shared_ptr<std::atomic<bool>> findCancel_;

    PacketListModel* packetModel_ = nullptr;
    QTableView* packetView_ = nullptr;
    PacketDetailsPane* details_ = nullptr;
    ConnectionModel* connectionModel_ = nullptr;
    QSortFilterProxyModel* connectionProxy_ = nullptr;
    QTableView* connectionView_ = nullptr;
    QDockWidget* connectionDock_ = nullptr;
    SequenceDiagramPanel* diagramPanel_ = nullptr;
    QDockWidget* diagramDock_ = nullptr;
    GraphPanel* graphPanel_ = nullptr;
    QDockWidget* graphDock_ = nullptr;
    FilterBar* filterBar_ = nullptr;
    LegendBar* legend_ = nullptr;
    QLabel* banner_ = nullptr;
    QLabel* fileLabel_ = nullptr;
    QLabel* packetsLabel_ = nullptr;
    QLabel* connectionsLabel_ = nullptr;
    QLabel* timeLabel_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QToolButton* cancelButton_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QActionGroup* timeFormats_ = nullptr;
    QActionGroup* infoStyles_ = nullptr;

    QString screenshotPath_;
    QString screenshotView_;
};

} // namespace synscope
