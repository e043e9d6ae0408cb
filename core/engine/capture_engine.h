#pragma once
// The capture engine: a QObject that lives on a worker thread, opens a capture, indexes and analyses it,
// and publishes it to the GUI in batches (at most every ~50 ms) through queued signals. It also applies
// the display filter (BPF and/or one TCP stream) to what is loaded and to what keeps arriving.
//
// The GUI reads packets straight from the PacketStore it receives (opened()): the index, the TCP records
// and the bytes are safe to read for every packet below the published count. It never touches the
// tracker; connections reach it as ConnectionRow copies.
#include "live/live_capture.h"
#include "engine/connection_row.h"
#include "filter/display_filter.h"
#include "store/packet_store.h"

#include <QElapsedTimer>
#include <QMetaType>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QVector>
#include <atomic>
#include <memory>
#include <vector>

namespace synscope {

struct LoadResult {
    enum class Outcome { Complete, Truncated, Damaged, Cancelled };
    Outcome outcome = Outcome::Complete;
    QString message;   // the truncation warning or the damage, naming the file and offset
    QStringList notes; // non-fatal problems (bad options, packets of undefined interfaces ...)
    quint64 packets = 0;
    quint64 newPackets = 0; // loaded by this pass (all of them, except when new packets were picked up)
    qint64 elapsedMs = 0;
};

using PacketRows = std::shared_ptr<const std::vector<std::uint32_t>>;

class CaptureEngine : public QObject {
    Q_OBJECT

public:
    explicit CaptureEngine(QObject* parent = nullptr);

    // Thread-safe: the running load or filter stops at its next check (every few milliseconds).
    void cancel() { cancel_.store(true); }
    // Thread-safe, for the owner's destructor: cancels the running load and also those still queued. A
    // plain cancel() is undone by the next open()/follow() in the queue, which would then run to its end
    // (a live capture's: until the capture stops) while the owner waits for this thread.
    void shutdown()
    {
        shuttingDown_.store(true);
        cancel_.store(true);
    }
    // Thread-safe: shows only packets matching `bpf` (a tcpdump expression; empty for all) and, when
    // `stream` >= 0, belonging to that TCP stream. Applied to what is loaded, then to what arrives.
    void setDisplayFilter(const QString& bpf, qint64 stream, quint64 filterId);

public slots:
    void open(const QString& path, quint64 generation);
    // Follows the file a live capture is writing, until the capture has stopped and its last packets
    // are loaded. The list, connections and diagram update as packets arrive (within ~50 ms).
    void follow(const QString& path, quint64 generation, std::shared_ptr<synscope::LiveCapture> capture);
    void close();
    // Picks up packets appended to the open file since it was loaded (tcpdump still writing it): the
    // list and connections grow, then loadFinished() as after a load. The file must only have grown.
    void loadNewPackets(quint64 generation);

signals:
    void opened(quint64 generation, std::shared_ptr<const synscope::PacketStore> store);
    void openFailed(quint64 generation, const QString& message);
    void progress(quint64 generation, quint64 packets, quint64 bytesDone, quint64 bytesTotal);
    void connectionsChanged(quint64 generation, const QVector<synscope::ConnectionRow>& rows);
    void loadFinished(quint64 generation, const synscope::LoadResult& result);
    // Rows (0-based packet indexes) passing display filter `filterId`: `reset` replaces what the list shows,
    // otherwise they follow the rows sent before.
    void filterRows(quint64 generation, quint64 filterId, synscope::PacketRows rows, bool reset);
    void filterProgress(quint64 filterId, quint64 tested, quint64 total);
    void filterFailed(quint64 filterId, const QString& message);

private slots:
    void applyPendingFilter();

private:
    void run(const QString& path, quint64 generation, const std::shared_ptr<LiveCapture>& capture);
    // Loads what the reader has not read yet, publishing batches; follows a live capture until it stops.
    void load(const std::shared_ptr<LiveCapture>& capture);
    // The steps of load(), on the state of one load (defined in capture_engine.cpp).
    struct LoadPass;
    bool loadStep(LoadPass& pass);
    void markDirtyConnections(std::size_t from, std::size_t to);
    bool publishDue(const LoadPass& pass, bool done) const;
    void publishBatch(LoadPass& pass);
    void publishCancelled(LoadPass& pass);
    void publishNewRows(LoadPass& pass);
    void emitProgress(const LoadPass& pass);
    LoadResult loadResult(const LoadPass& pass) const;

    struct Filter {
        quint64 id = 0;
        DisplayFilter display; // inactive: every packet is shown, no rows are sent
    };
    bool takePendingFilter();
    // Tests packets [0, upTo) against the current filter and sends them as the list's new rows (or, for
    // an inactive filter, says that every packet is shown).
    void showFilteredRows(std::size_t upTo);
    // Tests packets [from, to) against the current filter; false if cancelled or superseded.
    bool filterRange(std::size_t from, std::size_t to, std::vector<std::uint32_t>& out, bool reportProgress);
    void publishConnections(bool all);

    std::shared_ptr<PacketStore> store_;
    quint64 generation_ = 0;
    std::atomic<bool> cancel_{false};
    std::atomic<bool> shuttingDown_{false};
    bool loading_ = false;

    QMutex pendingMutex_;
    bool pendingChanged_ = false;
    QString pendingBpf_;
    qint64 pendingStream_ = -1;
    quint64 pendingId_ = 0;
    std::atomic<bool> filterChanged_{false};
    Filter filter_;

    std::vector<char> dirty_;
    std::vector<std::uint32_t> dirtyList_;
};

} // namespace synscope

Q_DECLARE_METATYPE(std::shared_ptr<const synscope::PacketStore>)
Q_DECLARE_METATYPE(QVector<synscope::ConnectionRow>)
Q_DECLARE_METATYPE(synscope::LoadResult)
Q_DECLARE_METATYPE(synscope::PacketRows)
Q_DECLARE_METATYPE(std::shared_ptr<synscope::LiveCapture>)
