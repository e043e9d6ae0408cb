#pragma once
// The analysis state of one connection: what the next segment is checked against (Wireshark's
// per-direction sequence analysis and the lifecycle's state machine). A TcpTracker keeps it live only for
// active connections; an idle or finished connection's machine is frozen into a few dozen bytes
// (frozen_machine.h) and thawed if another of its segments arrives.
#include "analysis/tcp_lifecycle.h"
#include "analysis/tcp_sequence_analysis.h"

#include <cstdint>

namespace synscope {

struct ConnectionMachine {
    static constexpr std::uint32_t kNoBlob = 0xffffffffu;
    TcpFlowState flows[2]; // by Side
    TcpLifecycle lifecycle;
    std::uint32_t stream = 0;
    std::uint32_t blob = kNoBlob; // where it was frozen before this thaw (reused when the new form fits)
};

} // namespace synscope
