// Names of the TCP analysis flags: Wireshark's field names and its Info-column labels.
#include "decode/frame_context.h"

namespace synscope::tcpanalysis {

namespace {
struct Names {
    const char* field;
    const char* label;
};
constexpr Names kNames[kCount] = {
    {"tcp.analysis.retransmission", "TCP Retransmission"},
    {"tcp.analysis.fast_retransmission", "TCP Fast Retransmission"},
    {"tcp.analysis.spurious_retransmission", "TCP Spurious Retransmission"},
    {"tcp.analysis.out_of_order", "TCP Out-Of-Order"},
    {"tcp.analysis.lost_segment", "TCP Previous segment not captured"},
    {"tcp.analysis.ack_lost_segment", "TCP ACKed unseen segment"},
    {"tcp.analysis.duplicate_ack", "TCP Dup ACK"},
    {"tcp.analysis.zero_window", "TCP ZeroWindow"},
    {"tcp.analysis.zero_window_probe", "TCP ZeroWindowProbe"},
    {"tcp.analysis.zero_window_probe_ack", "TCP ZeroWindowProbeAck"},
    {"tcp.analysis.window_full", "TCP Window Full"},
    {"tcp.analysis.window_update", "TCP Window Update"},
    {"tcp.analysis.keep_alive", "TCP Keep-Alive"},
    {"tcp.analysis.keep_alive_ack", "TCP Keep-Alive ACK"},
    {"tcp.analysis.reused_ports", "TCP Port numbers reused"},
};
} // namespace

const char* fieldName(std::uint32_t bit) { return bit < kCount ? kNames[bit].field : ""; }
const char* label(std::uint32_t bit) { return bit < kCount ? kNames[bit].label : ""; }

} // namespace synscope::tcpanalysis
