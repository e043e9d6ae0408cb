#pragma once
// bench --live while traffic flows: every second what was sent, written, received and dropped by the
// kernel, what is in flight, the memory and each thread's CPU; every 10 s the memory in detail.
#include "bench_support.h"
#include "capture_bench_follower.h"
#include "capture_bench_report.h"
#include "capture_bench_traffic.h"

#include <atomic>
#include <cstdio>

namespace synscope::cli {

class LiveBenchMonitor {
public:
    LiveBenchMonitor(const LiveBenchSettings& settings, const LiveCapture& capture, const Traffic& traffic,
                     Follower& follower, CpuSampler& cpu, std::FILE* progress)
        : settings_(settings), capture_(capture), traffic_(traffic), follower_(follower), cpu_(cpu),
          progress_(progress)
    {
    }

    // Takes the first memory sample; then, when `trafficFlows`, reports every second from `started` until
    // the run's time is up, the traffic or the capture stopped, or `interrupted` is set. Fills the memory
    // samples, the per-second rows and the largest number of packets in flight of `run`.
    void watch(Clock::time_point started, bool trafficFlows, const std::atomic<bool>& interrupted, LiveBenchRun& run);

private:
    // The line (and JSON row) of one second; every 10 s also the memory line.
    void reportSecond(int second, double at, LiveBenchRun& run);
    double cpuPercent(std::uint64_t now, std::uint64_t before, double span) const
    {
        return static_cast<double>(now - before) / CpuSampler::ticksPerSecond() / span * 100.0;
    }

    const LiveBenchSettings& settings_;
    const LiveCapture& capture_;
    const Traffic& traffic_;
    Follower& follower_;
    CpuSampler& cpu_;
    std::FILE* progress_;
    // The counts at the previous report.
    std::uint64_t lastSent_ = 0, lastWritten_ = 0, lastIndexed_ = 0;
    double lastCaptureSeconds_ = 0, lastAt_ = 0;
    CpuTicks lastCpu_;
};

} // namespace synscope::cli
