#pragma once
// The packet-list row of a frame: source, destination, protocol and info columns, Wireshark-style.
#include "decode/frame_context.h"
#include "decode/packet.h"

#include <span>
#include <string>

namespace synscope {

struct PacketSummary {
    std::string source;
    std::string destination;
    std::string protocol; // "TCP", "DNS", "ICMP" ... (tshark's _ws.col.Protocol)
    std::string info;
    void clear()
    {
        source.clear();
        destination.clear();
        protocol.clear();
        info.clear();
    }
};

// Fills `out` (reusing its buffers). The info text follows Wireshark's Info column, e.g.
// "41334 → 60000 [SYN] Seq=0 Win=14600 Len=0 MSS=1460 SACK_PERM TSval=1412272238 TSecr=0 WS=128".
void summarize(const Packet& packet, std::span<const std::uint8_t> frame, const FrameContext& context,
               PacketSummary& out);

// Just the protocol column.
const char* protocolColumn(const Packet& packet);

} // namespace synscope
