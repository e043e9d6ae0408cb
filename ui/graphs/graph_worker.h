#pragma once
// Computes graphs off the GUI thread. The main window moves it to the capture engine's thread, so a graph is
// computed between the engine's loads, never while the engine changes the TCP analysis it reads. Requests
// carry an id and a cancel flag: a newer request cancels the one running, and the panel drops stale answers.
#include "store/packet_store.h"
#include "graphs/graph_request.h"

#include <QMetaType>
#include <QObject>
#include <QString>
#include <atomic>
#include <memory>

namespace synscope {

using GraphDataPtr = std::shared_ptr<const graphs::GraphData>;

class GraphWorker : public QObject {
    Q_OBJECT

public:
    using QObject::QObject;

    // Runs on the worker's thread (call it through a queued invocation). Emits finished() unless cancelled.
    void compute(quint64 id, std::shared_ptr<const PacketStore> store, graphs::GraphRequest request,
                 std::shared_ptr<std::atomic<bool>> cancel);

signals:
    // `graph` is null with `error` set when the request cannot be met.
    void finished(quint64 id, synscope::GraphDataPtr graph, const QString& error, qint64 elapsedMs);

private:
    // The last connection traced, reused while the store and its packet count stay the same (switching
    // between the graphs of one connection only reruns the builder).
    std::shared_ptr<const graphs::ConnectionTrace> trace_;
    std::weak_ptr<const PacketStore> traceStore_;
    std::size_t traceSize_ = 0;
};

} // namespace synscope

Q_DECLARE_METATYPE(synscope::GraphDataPtr)
