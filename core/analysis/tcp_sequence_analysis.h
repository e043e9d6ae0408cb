#pragma once
// Wireshark's TCP sequence analysis (tcp_analyze_sequence_number in packet-tcp.c, Wireshark 4.0): the
// per-direction state and the order of checks that yield tcp.analysis.* flags, reproduced so that
// SynScope's flags mean exactly what Wireshark users know them to mean (tests/unit/test_tcp_sequence_analysis.cpp
// holds tshark's output for crafted scenarios of each flag).
#include <cstdint>

namespace synscope {

// One direction of a connection, as Wireshark tracks it.
struct TcpFlowState {
    std::int64_t nextSeqTime = 0;
    std::int64_t lastAckTime = 0;
    std::uint32_t baseSeq = 0;
    std::uint32_t nextSeq = 0;         // highest seq + len seen; 0 = unknown
    std::uint32_t maxSeqToBeAcked = 0; // 0 = unknown
    std::uint32_t lastAck = 0;         // raw ack field of this direction's last segment
    std::uint32_t dupAckNum = 0;       // 0xffffffff plays Wireshark's "-1"
    std::uint32_t lastNonDupAck = 0;   // frame
    std::uint16_t window = 0;          // raw window of the last segment, when windowKnown
    std::uint16_t lastSegmentFlags = 0; // analysis flags of this direction's previous segment
    std::int8_t windowScale = -1;       // -1 unknown, -2 not used, 0..14 shift
    bool windowKnown = false;
    bool baseSet = false;
    bool isFirstAck = false;
};

struct SequenceSegment {
    std::uint32_t seq = 0, ack = 0, length = 0; // length: payload bytes as the IP layer reports them
    std::uint16_t flags = 0;                    // tcpflag::
    std::uint16_t window = 0;                   // raw
    std::int64_t time = 0;                      // ns
    std::uint32_t frame = 0;
};

struct SequenceVerdict {
    std::uint32_t flags = 0; // tcpanalysis::
    std::uint32_t duplicateAckNum = 0;
    std::uint32_t duplicateAckFrame = 0;
};

// Runs the checks for a segment sent on `fwd` (the other direction is `rev`) and updates both.
// `handshakeRtt` is the connection's first RTT in ns (0 if unknown); it sets the out-of-order window.
SequenceVerdict analyzeSequence(TcpFlowState& fwd, TcpFlowState& rev, std::int64_t handshakeRtt,
                                const SequenceSegment& s);

} // namespace synscope
