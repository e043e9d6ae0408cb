#pragma once
// The vocabulary of a TCP connection's life: RFC 793 states (written as Linux ss/netstat do) and the
// names SynScope gives to how a connection opened and closed (see DESIGN.md).
#include <cstdint>
#include <string_view>

namespace synscope {

enum class TcpState : std::uint8_t {
    Closed,
    Listen,
    SynSent,
    SynReceived,
    Established,
    FinWait1,
    FinWait2,
    CloseWait,
    Closing,
    LastAck,
    TimeWait,
};
const char* tcpStateName(TcpState s); // "CLOSED", "SYN_SENT", ...

enum class OpenKind : std::uint8_t {
    ThreeWay,         // SYN, SYN/ACK, ACK
    SimultaneousOpen, // both sides sent SYN
    Refused,          // RST answered the SYN
    Rejected,         // an ICMP error quoting the SYN answered it
    Unanswered,       // SYN (maybe retransmitted), nothing came back
    Incomplete,       // SYN and SYN/ACK, no final ACK
    NotCaptured,      // the capture started after the handshake
};
const char* openKindName(OpenKind k); // "three-way", "simultaneous-open", ...

enum class CloseKind : std::uint8_t {
    FourWay,      // FIN, ACK, FIN, ACK
    ThreeWay,     // FIN, FIN/ACK, ACK: the passive side's ACK and FIN in one segment
    Simultaneous, // both FINs sent before either was acknowledged (CLOSING)
    Reset,        // an RST ended it
    HalfClosed,   // one side's FIN; the other never closed in the capture
    Open,         // still open when the capture ends
    None,         // never established
};
// "four-way", "three-way", ...: every name of a teardown is in analysis/teardown_names.h.
const char* closeKindName(CloseKind k);

enum class Side : std::uint8_t { Client = 0, Server = 1 };
inline Side otherSide(Side s) { return s == Side::Client ? Side::Server : Side::Client; }

// "client", "server", "both", or nullptr (no one closed it).
enum class ClosedBy : std::uint8_t { Nobody, Client, Server, Both };
const char* closedByName(ClosedBy c);

} // namespace synscope
