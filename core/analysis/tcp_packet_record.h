#pragma once
// What the TCP analysis remembers about one frame (24 bytes), and how it becomes the TcpSegmentFacts
// that the tree, list and JSON show.
#include "decode/frame_context.h"
#include "decode/packet.h"

#include <cstdint>

namespace synscope {

struct TcpPacketRecord {
    static constexpr std::uint32_t kNoStream = 0xffffffffu;
    enum Bits : std::uint8_t {
        kFromClient = 1,
        kSegmentLengthKnown = 2, // relative numbers and nxtseq apply
        kQuoted = 4,             // a TCP header quoted inside an ICMP error
        kBogusHeaderLength = 8,  // data offset < 5: Wireshark stops after the sequence number
        kHideAnalysis = 16,      // options cut short by the snapshot length: Wireshark shows no analysis
        kSyn = 32,
        kIcmpLinkOnly = 64,      // an ICMP error quoting too little TCP for Wireshark to give it a stream;
                                 // `stream` names the connection it was linked to, nothing else is set
    };

    std::uint32_t stream = kNoStream;
    std::uint32_t seq = 0;  // relative when kSegmentLengthKnown, else raw
    std::uint32_t ack = 0;  // relative when kSegmentLengthKnown and ACK is set, else the raw field
    std::uint32_t duplicateAckNum = 0;
    std::uint32_t duplicateAckFrame = 0;
    std::uint16_t flags = 0;       // tcpanalysis::
    std::int8_t windowScale = -1;  // in force for this segment: -1 unknown, -2 none, else the shift
    std::uint8_t bits = 0;

    // The packet belongs to a connection (its own segment, or an ICMP error about one).
    bool hasStream() const { return stream != kNoStream; }
    // Wireshark gives it a tcp.stream (not an ICMP error linked only by SynScope).
    bool hasWiresharkStream() const { return stream != kNoStream && !(bits & kIcmpLinkOnly); }
};
static_assert(sizeof(TcpPacketRecord) == 24);

// Combines a record with the decoded segment (for its length and raw window).
TcpSegmentFacts segmentFacts(const TcpPacketRecord& record, const TcpInfo& tcp);

} // namespace synscope
