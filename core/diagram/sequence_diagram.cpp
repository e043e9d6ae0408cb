// The two ways a diagram is chosen: the packets of some TCP streams (with the ICMP errors linked to them),
// or any list of packets. DiagramBuilder (diagram_builder.h) does the work.
#include "diagram/sequence_diagram.h"

#include "diagram/diagram_builder.h"
#include "store/packet_store.h"

namespace synscope {

SequenceDiagram buildConnectionDiagram(const PacketStore& store, const std::vector<std::uint32_t>& streams,
                                       const DiagramOptions& options)
{
    std::vector<std::uint32_t> packets;
    std::vector<bool> wanted;
    for (std::uint32_t s : streams) {
        if (wanted.size() <= s)
            wanted.resize(s + 1, false);
        wanted[s] = true;
    }
    const std::size_t n = store.size();
    for (std::size_t i = 0; i < n; ++i) {
        const TcpPacketRecord& r = store.tcpRecord(i);
        if (r.hasStream() && r.stream < wanted.size() && wanted[r.stream])
            packets.push_back(static_cast<std::uint32_t>(i));
    }
    SequenceDiagram d = DiagramBuilder(store, options).build(packets, packets.size());
    if (streams.size() == 1 && !d.arrows.empty()) {
        // Title: client → server.
        for (const DiagramLifeline& l : d.lifelines)
            if (l.role == "client")
                d.title = l.title;
        for (const DiagramLifeline& l : d.lifelines)
            if (l.role == "server")
                d.title += " \xe2\x86\x92 " + l.title;
        d.title = "Connection " + std::to_string(streams[0]) + ": " + d.title;
    } else {
        d.title = std::to_string(streams.size()) + " connections";
    }
    return d;
}

SequenceDiagram buildPacketDiagram(const PacketStore& store, const std::vector<std::uint32_t>& packets,
                                   const DiagramOptions& options)
{
    SequenceDiagram d = DiagramBuilder(store, options).build(packets, packets.size());
    d.title = std::to_string(d.arrows.size()) + " packets";
    return d;
}

} // namespace synscope
