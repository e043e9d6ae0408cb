#pragma once
// The segments of one TCP connection, both directions in capture order, with what the stream graphs need
// from each: time, flags, relative numbers, length, scaled window, SACK blocks and the analysis flags.
// Built once per connection (decoding only that connection's packets), then every stream graph of either
// direction is computed from it.
#include "analysis/connection.h"
#include "common/timestamp.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace synscope {
class PacketStore;
class DisplayFilter;
} // namespace synscope

namespace synscope::graphs {

struct TraceSegment {
    std::uint64_t frame = 0;
    Timestamp time;              // as captured
    std::int64_t timeNs = 0;     // since the capture's first packet (saturated, for ordering and windows)
    double seconds = 0;          // since the capture's first packet, for plotting (exact even for odd files)
    bool fromClient = true;
    std::uint16_t tcpFlags = 0;  // tcpflag:: (SYN, FIN, RST, ACK ...)
    std::uint32_t analysis = 0;  // tcpanalysis:: flags (Wireshark's tcp.analysis.*)
    std::uint32_t rawSeq = 0, rawAck = 0;
    std::uint32_t seq = 0;       // relative, in the sender's sequence space (tcp.seq)
    std::uint32_t ack = 0;       // relative, in the receiver's sequence space (tcp.ack); valid with ACK
    std::uint32_t length = 0;    // payload bytes (tcp.len)
    std::uint64_t window = 0;    // tcp.window_size: scaled when the scale is known
    std::uint8_t sackCount = 0;
    std::array<std::uint32_t, 4> sackLeft{}, sackRight{}; // relative, in the receiver's sequence space

    bool syn() const;
    bool fin() const;
    bool rst() const;
    bool hasAck() const;
};

// Seconds from `first` to `t`, as a double that stays meaningful when the nanosecond difference does not fit
// 64 bits (files with time stamps centuries apart).
double secondsBetween(const Timestamp& first, const Timestamp& t);

struct ConnectionTrace {
    std::uint32_t stream = 0;
    bool found = false;         // the capture has this stream
    Endpoint client, server;
    std::vector<TraceSegment> segments;
    std::int64_t durationNs = 0; // of the whole capture (for axis ranges)
};

// The segments of `stream` (its own TCP segments; ICMP errors quoting it are left out). With `filter`, only
// the packets that match it. `cancel` (may be null) stops early; the trace is then incomplete.
ConnectionTrace traceConnection(const PacketStore& store, std::uint32_t stream, DisplayFilter* filter = nullptr,
                                const std::atomic<bool>* cancel = nullptr);

// Relative 32-bit sequence numbers made monotonic 64-bit ones, so a connection that moves more than 4 GiB
// does not wrap around on the plot. Feed values in capture order; each is placed nearest the previous one.
class SequenceUnwrapper {
public:
    std::int64_t operator()(std::uint32_t v)
    {
        if (!started_) {
            started_ = true;
            last_ = v;
            return last_;
        }
        last_ += static_cast<std::int32_t>(v - static_cast<std::uint32_t>(last_));
        return last_;
    }

private:
    std::int64_t last_ = 0;
    bool started_ = false;
};

} // namespace synscope::graphs
