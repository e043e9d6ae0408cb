#pragma once
// The benchmark capture: a realistic mix of TCP connections with every open and close kind (including
// retransmissions and duplicate ACKs), DNS over UDP, ICMP errors and echo, a share of IPv6, interleaved
// as on a busy server. Deterministic: the same arguments always give the same bytes.
#include "capture/capture_writer.h"

#include <cstdint>
#include <string>

namespace synscope::testkit {

struct BenchCaptureStats {
    std::uint64_t packets = 0;
    std::uint64_t tcpConnections = 0;
    std::uint64_t fileBytes = 0;
};

bool writeBenchCapture(const std::string& path, std::uint64_t packets, CaptureFileFormat format, std::string& error,
                       BenchCaptureStats* stats = nullptr);

} // namespace synscope::testkit
