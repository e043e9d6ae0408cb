#include "graphs/graph_request.h"

#include "store/packet_store.h"
#include "filter/display_filter.h"

namespace synscope::graphs {

bool computeGraph(const PacketStore& store, const GraphRequest& request, GraphData& out, std::string& error,
                  const std::atomic<bool>* cancel, std::shared_ptr<const ConnectionTrace>* trace)
{
    error.clear();
    if (request.type == GraphType::Io)
        return buildIoGraph(store, request.io, out, error, cancel);

    const std::size_t streams = store.tracker().connections().size();
    if (request.stream >= streams) {
        error = "the capture has no TCP stream " + std::to_string(request.stream) + " (it has " +
                std::to_string(streams) + ")";
        return false;
    }
    std::shared_ptr<const ConnectionTrace> t;
    const bool reusable = trace && *trace && (*trace)->stream == request.stream && request.streamFilter.empty();
    if (reusable) {
        t = *trace;
    } else {
        DisplayFilter filter;
        if (!request.streamFilter.empty()) {
            std::string message;
            if (!filter.set(request.streamFilter, &store, message)) {
                error = "invalid filter \"" + request.streamFilter + "\": " + message;
                return false;
            }
        }
        auto fresh = std::make_shared<ConnectionTrace>(traceConnection(store, request.stream, &filter, cancel));
        if (cancel && cancel->load()) {
            error.clear();
            return false;
        }
        t = fresh;
        if (trace && request.streamFilter.empty())
            *trace = t;
    }
    out = buildStreamGraph(*t, request.type, request.options);
    return true;
}

} // namespace synscope::graphs
