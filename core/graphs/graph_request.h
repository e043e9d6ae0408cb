#pragma once
// One entry point for "draw graph X of this capture": the CLI and the graph panel describe what they want in
// a GraphRequest and get GraphData back. Stream graphs decode only their connection's packets; the I/O graph
// goes over the index (and the bytes, for its filters).
#include "graphs/connection_trace.h"
#include "graphs/graph_data.h"
#include "graphs/io_graph.h"
#include "graphs/tcp_graphs.h"

#include <atomic>
#include <memory>
#include <string>

namespace synscope {
class PacketStore;
}

namespace synscope::graphs {

struct GraphRequest {
    GraphType type = GraphType::Stevens;
    std::uint32_t stream = 0;        // stream graphs
    StreamGraphOptions options;      // stream graphs: direction, moving-average window
    std::string streamFilter;        // stream graphs: only the connection's packets matching this BPF filter
    IoGraphOptions io;               // I/O graph
};

// Computes the graph. False with `error` when the request cannot be met (no such stream, a filter that does
// not compile, an interval out of range); false with an empty error when cancelled. `trace` (may be null)
// reuses and keeps the connection's trace between calls for the same store and stream: pass the same
// shared_ptr again and only the builder runs.
bool computeGraph(const PacketStore& store, const GraphRequest& request, GraphData& out, std::string& error,
                  const std::atomic<bool>* cancel = nullptr, std::shared_ptr<const ConnectionTrace>* trace = nullptr);

} // namespace synscope::graphs
