#include "analysis/tcp_states.h"

#include "analysis/teardown_names.h"

namespace synscope {

const char* tcpStateName(TcpState s)
{
    switch (s) {
    case TcpState::Closed: return "CLOSED";
    case TcpState::Listen: return "LISTEN";
    case TcpState::SynSent: return "SYN_SENT";
    case TcpState::SynReceived: return "SYN_RECEIVED";
    case TcpState::Established: return "ESTABLISHED";
    case TcpState::FinWait1: return "FIN_WAIT_1";
    case TcpState::FinWait2: return "FIN_WAIT_2";
    case TcpState::CloseWait: return "CLOSE_WAIT";
    case TcpState::Closing: return "CLOSING";
    case TcpState::LastAck: return "LAST_ACK";
    case TcpState::TimeWait: return "TIME_WAIT";
    }
    return "?";
}

const char* openKindName(OpenKind k)
{
    switch (k) {
    case OpenKind::ThreeWay: return "three-way";
    case OpenKind::SimultaneousOpen: return "simultaneous-open";
    case OpenKind::Refused: return "refused";
    case OpenKind::Rejected: return "rejected";
    case OpenKind::Unanswered: return "unanswered";
    case OpenKind::Incomplete: return "incomplete";
    case OpenKind::NotCaptured: return "not-captured";
    }
    return "?";
}

const char* closeKindName(CloseKind k)
{
    return teardownNames(k).key;
}

const char* closedByName(ClosedBy c)
{
    switch (c) {
    case ClosedBy::Client: return "client";
    case ClosedBy::Server: return "server";
    case ClosedBy::Both: return "both";
    case ClosedBy::Nobody: break;
    }
    return nullptr;
}

} // namespace synscope
