#pragma once
// The I/O graph of a capture: packets, bytes or bits per interval (1 ms to 10 min), one line per tcpdump/BPF
// filter, and every TCP connection's opening and closing as markers. Interval i covers
// [i × interval, (i + 1) × interval) seconds after the capture's first packet; its point is drawn at the
// interval's start and carries the first matching frame in it (0 when there is none).
#include "graphs/graph_data.h"

#include <atomic>
#include <string>
#include <vector>

namespace synscope {
class PacketStore;
}

namespace synscope::graphs {

enum class IoUnit : std::uint8_t { Packets, Bytes, Bits };
const char* ioUnitName(IoUnit u); // "packets", "bytes", "bits"
bool parseIoUnit(std::string_view word, IoUnit& out);

struct IoLineSpec {
    std::string name;              // legend and CSV column; empty: the filter, or "all packets"
    std::string filter;            // tcpdump/BPF; empty: every packet
    std::uint32_t color = 0;       // 0xRRGGBB, 0 for automatic
    SeriesStyle style = SeriesStyle::Line; // Line, Steps, Impulses or Dots
};

struct IoGraphOptions {
    std::int64_t intervalNs = 1'000'000'000;
    IoUnit unit = IoUnit::Packets;
    std::vector<IoLineSpec> lines; // empty: one line of every packet
    bool connectionMarkers = true; // series "connection_open" and "connection_close" (rightAxis, y 0)
};

inline constexpr std::int64_t kMinIoIntervalNs = 1'000'000;          // 1 ms
inline constexpr std::int64_t kMaxIoIntervalNs = 600'000'000'000;    // 10 min
inline constexpr std::size_t kMaxIoIntervals = 20'000'000;           // beyond this, ask for a longer interval

// Computes the graph over the packets the store holds now. False with `error` set when a filter does not
// compile (the message names the line) or the interval is out of range or too short for the capture's
// length. `cancel` (may be null) stops early and returns false with an empty error.
bool buildIoGraph(const PacketStore& store, const IoGraphOptions& options, GraphData& out, std::string& error,
                  const std::atomic<bool>* cancel = nullptr);

// Convenience for tests and the CLI: the interval in seconds ("0.001" .. "600") as nanoseconds; false
// when out of range.
bool ioIntervalFromSeconds(double seconds, std::int64_t& ns);

} // namespace synscope::graphs
