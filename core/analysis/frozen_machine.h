#pragma once
// The frozen form of a ConnectionMachine: lossless, typically 50-70 bytes instead of 150. Times and
// frame numbers are written as differences from the connection's last packet, sequence numbers as
// differences from each direction's base, so most fields take one to three bytes.
#include "analysis/connection_machine.h"

#include <vector>

namespace synscope {

// The connection's last packet at the time of freezing; thawing must be given the same.
struct FreezeContext {
    std::int64_t lastTime = 0;
    std::uint32_t lastFrame = 0;
};

// Appends the frozen form (it begins with its own length) to `out`.
void freezeMachine(const ConnectionMachine& m, const FreezeContext& context, std::vector<std::uint8_t>& out);
// The length in bytes of the frozen form at `bytes` (its length prefix included).
std::size_t frozenLength(const std::uint8_t* bytes);
// Reads a frozen form; returns its length in bytes. m.stream and m.blob are left to the caller.
std::size_t thawMachine(const std::uint8_t* bytes, const FreezeContext& context, ConnectionMachine& m);

} // namespace synscope
