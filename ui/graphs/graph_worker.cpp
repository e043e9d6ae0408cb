#include "ui/graphs/graph_worker.h"

#include <QElapsedTimer>

namespace synscope {

void GraphWorker::compute(quint64 id, std::shared_ptr<const PacketStore> store, graphs::GraphRequest request,
                          std::shared_ptr<std::atomic<bool>> cancel)
{
    if (!store || (cancel && cancel->load()))
        return;
    QElapsedTimer timer;
    timer.start();
    const PacketStore& packets = *store;
    const std::size_t count = packets.size();
    if (traceStore_.lock() != store || traceSize_ != count) {
        trace_.reset();
        traceStore_ = store;
        traceSize_ = count;
    }
    auto graph = std::make_shared<graphs::GraphData>();
    std::string error;
    const bool ok = graphs::computeGraph(packets, request, *graph, error, cancel.get(), &trace_);
    if (cancel && cancel->load())
        return;
    if (!ok) {
        emit finished(id, nullptr, QString::fromStdString(error), timer.elapsed());
        return;
    }
    emit finished(id, std::move(graph), QString(), timer.elapsed());
}

} // namespace synscope
