#pragma once
// The TCP stream graphs of one connection and direction (Wireshark's "TCP Stream Graphs", tcptrace's
// pictures), computed from a ConnectionTrace:
//
//  Stevens / tcptrace: each data segment as a vertical bar from seq to seq+len at its time ("segments"),
//    the receiver's cumulative ACK as steps ("ack"), the right edge of its receive window, ack + scaled
//    window, as steps ("window"), its SACK blocks as bars at the ACK's time ("sack"), and markers: "syn",
//    "fin", "rst" (the sender's, at seq; FIN at seq+len; the receiver's RST at its ack), "retransmission"
//    (tcp.analysis.retransmission, at the top of the bar), "duplicate_ack" and "zero_window" (the receiver's,
//    at its ack). Sequence numbers are relative (tcp.seq), unwrapped past 4 GiB.
//  Throughput: at each data segment, the payload bytes sent in the last `averageSeconds` (this segment
//    included) × 8 / averageSeconds, in bits/s ("throughput"); goodput, the same over the data bytes newly
//    acknowledged by the receiver, at each ACK that advances ("goodput").
//  RTT: Wireshark's tcp.analysis.ack_rtt: at each ACK that equals the end (nextseq) of a segment still
//    unacknowledged, the time since that segment was sent, in ms ("rtt", x = the ACK's time, frame = the
//    ACK, aux = the acknowledged segment's frame). Karn's rule: no sample when the acknowledged bytes were
//    sent more than once (a retransmission, or a segment retransmitted before the ACK came).
//  Window: the receiver's advertised window (tcp.window_size, scaled) at each of its segments, as steps
//    ("receive_window"), and Wireshark's tcp.analysis.bytes_in_flight at each data segment the sender sends
//    ("bytes_in_flight").
#include "graphs/connection_trace.h"
#include "graphs/graph_data.h"

#include <vector>

namespace synscope::graphs {

struct StreamGraphOptions {
    Direction direction = Direction::ClientToServer;
    double averageSeconds = 1.0; // throughput/goodput moving-average window; > 0
};

GraphData buildStevensGraph(const ConnectionTrace& trace, Direction direction);
GraphData buildThroughputGraph(const ConnectionTrace& trace, Direction direction, double averageSeconds);
GraphData buildRttGraph(const ConnectionTrace& trace, Direction direction);
GraphData buildWindowGraph(const ConnectionTrace& trace, Direction direction);
// One of the four above (type must not be Io).
GraphData buildStreamGraph(const ConnectionTrace& trace, GraphType type, const StreamGraphOptions& options);

// Wireshark's per-segment acknowledgement analysis (tcp_analyze_sequence_number, Wireshark 4.0): the list
// of unacknowledged segments per direction, replayed over the trace. One entry per trace segment.
struct AckAnalysis {
    std::vector<std::uint32_t> bytesInFlight; // tcp.analysis.bytes_in_flight; 0 when Wireshark shows none
    std::vector<std::uint64_t> frameAcked;    // tcp.analysis.acks_frame; 0 when none
    std::vector<std::int64_t> ackRttNs;       // time since that frame (Wireshark shows ack_rtt when not 0)
    std::vector<bool> retransmittedAck;       // the acknowledged bytes were sent more than once (Karn)
};
AckAnalysis analyzeAcks(const ConnectionTrace& trace);

} // namespace synscope::graphs
