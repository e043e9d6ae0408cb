#pragma once
// The capture the window shows: the capture engine on its worker thread, the PacketStore it published, the
// file's path and where it came from, and where the load stands, as one state machine:
//
//   Empty ──openFile / openRecovered / follow──▶ Opening ──opened──▶ Loading or Following ──loadFinished──▶ Loaded
//                                                 │  ▲ (open again)                                        │
//                                                 │  └───────────────────────────── loadNewPackets ◀──────┘
//                                                 └──openFailed──▶ back to what was shown (Loaded, or Empty)
//   any state ──close──▶ Empty
//
// While a capture opens, the one shown before stays (path, store, filter rows) until the new one has opened,
// and comes back if it cannot be opened. Every request to the engine carries a generation (which load) and
// every display filter an id; results of an older load or filter are dropped here, so the window only hears
// about what it shows. The open file is watched: tcpdump may still be appending to it, or may replace it.
#include "engine/capture_engine.h"

#include <QObject>
#include <QString>
#include <QThread>
#include <memory>
#include <optional>

class QFileSystemWatcher;

namespace synscope {

class CaptureDocument : public QObject {
    Q_OBJECT

public:
    enum class State {
        Empty,     // nothing open
        Opening,   // the engine opens a capture; what was shown before stays until it has
        Loading,   // a file's packets are being read (its first load, or packets appended since)
        Following, // a live capture of this session is read as it writes, until it has stopped
        Loaded,    // everything readable is in
    };
    Q_ENUM(State)
    enum class Origin {
        File,             // a capture file the user opened
        LiveCapture,      // the file a live capture of this session writes (or wrote, until saved elsewhere)
        RecoveredCapture, // the unsaved capture of a session that ended unexpectedly
    };
    Q_ENUM(Origin)

    explicit CaptureDocument(QObject* parent = nullptr);
    ~CaptureDocument() override;

    // Transitions. Each open applies `displayFilter` (a BPF expression, "" for none) from the first packet.
    void openFile(const QString& path, const QString& displayFilter);
    void openRecovered(const QString& path, const QString& displayFilter);
    // From Empty: follows the file `capture` writes at `path`, which is the document's path at once.
    void follow(const QString& path, std::shared_ptr<LiveCapture> capture, const QString& displayFilter);
    void close();
    // Loaded file (not a live capture) → Loading: reads the packets appended to it since. False otherwise.
    bool loadNewPackets();
    // Stops the running load at its next check; what is loaded stays (loadFinished() tells the outcome).
    void cancelLoad();
    // The capture was saved under `path` (moved there, or written out): the document is that file now.
    void savedAs(const QString& path);
    // Shows only packets matching `expression` (BPF, "" for all) and, with `stream` >= 0, of that TCP stream.
    // The rows arrive through filterRows(); those of any earlier filter are dropped.
    void setDisplayFilter(const QString& expression, qint64 stream);

    State state() const { return state_; }
    bool isLoading() const { return state_ == State::Opening || state_ == State::Loading || state_ == State::Following; }
    // The shown capture's path ("" when Empty); while Opening, still the previous one's (a followed capture's
    // path is its own from the start).
    QString path() const { return path_; }
    Origin origin() const { return origin_; }
    // Is (or was, until saved) a capture of this session: a live capture or a recovered one.
    bool isLive() const { return origin_ != Origin::File; }
    std::shared_ptr<const PacketStore> store() const { return store_; }
    // The packets published so far (what the list has to show).
    quint64 loadedPackets() const { return loadedPackets_; }
    // How long the last complete load took; -1 for none (a live capture's load lasts as long as it runs).
    qint64 lastLoadMs() const { return lastLoadMs_; }
    // The thread the engine runs on (the graphs are computed there too).
    QThread* engineThread() { return &engineThread_; }

signals:
    // The capture being opened replaced the shown one (state Loading or Following).
    void opened(std::shared_ptr<const synscope::PacketStore> store);
    // It could not be opened: the previous capture (if any) is shown again, in state Loaded.
    void openFailed(const QString& path, const QString& message);
    void progress(quint64 packets, quint64 bytesDone, quint64 bytesTotal);
    void connectionsChanged(const QVector<synscope::ConnectionRow>& rows);
    void loadFinished(const synscope::LoadResult& result); // state Loaded
    void filterRows(synscope::PacketRows rows, bool reset);
    void filterProgress(quint64 tested, quint64 total);
    void filterFailed(const QString& message);
    // The open file changed on disk (a file only, once loaded).
    void fileReplaced();
    void fileGrew(quint64 bytes);

private:
    // A capture being opened, and the load to go back to if it cannot be.
    struct PendingOpen {
        QString path;
        Origin origin = Origin::File;
        bool follows = false; // a live capture: state Following once opened
        quint64 previousGeneration = 0;
    };
    void beginOpening(const QString& path, Origin origin, const QString& displayFilter,
                      std::shared_ptr<LiveCapture> capture);
    void onOpened(quint64 generation, std::shared_ptr<const synscope::PacketStore> store);
    void onOpenFailed(quint64 generation, const QString& message);
    void onLoadFinished(quint64 generation, const synscope::LoadResult& result);
    void watch(const QString& path); // "" stops watching
    void checkFileOnDisk();

    QThread engineThread_;
    CaptureEngine* engine_ = nullptr;
    QFileSystemWatcher* watcher_ = nullptr;
    State state_ = State::Empty;
    std::optional<PendingOpen> opening_; // set in state Opening
    QString path_;
    Origin origin_ = Origin::File;
    std::shared_ptr<const PacketStore> store_;
    quint64 generation_ = 0;
    quint64 filterId_ = 0;
    quint64 loadedPackets_ = 0;
    qint64 lastLoadMs_ = -1;
};

} // namespace synscope
