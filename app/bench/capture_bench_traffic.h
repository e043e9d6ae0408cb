#pragma once
// The live capture benchmark's traffic: sender threads send numbered UDP datagrams with sendmmsg to a
// port on 127.0.0.1 that the benchmark has bound (only loopback is touched).
#include "capture_bench_system.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>

namespace synscope::cli {

constexpr std::uint32_t kMagic = 0x424e5953; // "SYNB" in the datagram, little-endian
constexpr std::size_t kPayloadHeader = 16;   // sequence number (u64), magic (u32), sender (u32)
constexpr unsigned kBatch = 64;              // datagrams per sendmmsg

struct Traffic {
    std::atomic<bool> stop{false};
    std::atomic<std::uint64_t> nextSequence{0}; // sequence numbers handed out (each sent exactly once)
    std::atomic<std::uint64_t> sent{0};
    std::atomic<std::uint64_t> unsent{0};       // handed out but not sent: a sender failed
    std::atomic<std::uint64_t> retries{0};      // sendmmsg refused for a moment (ENOBUFS, EAGAIN)
    std::mutex mutex;
    std::string failure;
};

// One sender: a UDP socket connected to 127.0.0.1:port, batches of kBatch datagrams through sendmmsg,
// paced to `rate` datagrams per second (0: as fast as it can).
void sendLoop(int fd, std::uint32_t id, double rate, std::size_t payload, Traffic& traffic, CpuSampler& cpu);

// A UDP socket bound to 127.0.0.1:port (0: any free port, which `port` then holds) that receives the
// benchmark's datagrams; -1 with `error`.
int bindSink(std::uint16_t& port, std::string& error);
// A UDP socket connected to 127.0.0.1:port; -1 with `error`.
int connectSender(std::uint16_t port, std::string& error);

} // namespace synscope::cli
