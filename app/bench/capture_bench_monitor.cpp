#include "capture_bench_monitor.h"

#include <QJsonObject>
#include <algorithm>
#include <chrono>
#include <thread>

namespace synscope::cli {

void LiveBenchMonitor::watch(Clock::time_point started, bool trafficFlows, const std::atomic<bool>& interrupted,
                             LiveBenchRun& run)
{
    run.memorySamples.push_back({0, readMemory(), 0, 0});
    lastCpu_ = cpu_.sample();
    for (int second = 1; trafficFlows; ++second) {
        const auto due = started + std::chrono::seconds(second);
        while (Clock::now() < due && !interrupted.load() && capture_.running() && !traffic_.stop.load())
            std::this_thread::sleep_for(std::min<Clock::duration>(due - Clock::now(), std::chrono::milliseconds(50)));
        const double at = secondsSince(started);
        reportSecond(second, at, run);
        if (at >= settings_.runSeconds || interrupted.load() || !capture_.running() || traffic_.stop.load())
            break;
    }
}

void LiveBenchMonitor::reportSecond(int second, double at, LiveBenchRun& run)
{
    const LiveStatistics s = capture_.statistics();
    const std::uint64_t sent = traffic_.sent.load();
    const CpuTicks c = cpu_.sample();
    const double span = std::max(1e-3, at - lastAt_);
    // Incoming copies the kernel holds or handed over, not yet written (ps_recv counts both copies).
    const std::int64_t inFlight =
        static_cast<std::int64_t>((s.kernelReceived - s.kernelDropped) / 2) - static_cast<std::int64_t>(s.written);
    if (inFlight > 0 && static_cast<std::uint64_t>(inFlight) > run.maxInFlight) {
        run.maxInFlight = static_cast<std::uint64_t>(inFlight);
        run.worstInFlightSeconds = at;
    }
    const Memory m = readMemory();
    char followText[96] = "";
    const std::uint64_t indexed = follower_.indexed();
    double maxLag = 0;
    if (settings_.follow) {
        maxLag = follower_.takeMaxLagMs();
        std::snprintf(followText, sizeof followText, " %4.0f %11s  %6.0f (%.0f)",
                      cpuPercent(c.follow, lastCpu_.follow, span),
                      grouped(static_cast<std::uint64_t>(static_cast<double>(indexed - lastIndexed_) / span)).c_str(),
                      follower_.lagMs(), maxLag);
    }
    // The capture's counts are taken by its own thread every 250 ms, at s.seconds of its clock.
    const double writtenSpan = s.seconds - lastCaptureSeconds_;
    const double writtenRate = writtenSpan > 0 ? static_cast<double>(s.written - lastWritten_) / writtenSpan : 0.0;
    std::fprintf(progress_, "%5.0f %10s %10s %12s %8s %9s %7.1f  %9.0f %4.0f%s\n", at,
                 grouped(static_cast<std::uint64_t>(static_cast<double>(sent - lastSent_) / span)).c_str(),
                 grouped(static_cast<std::uint64_t>(writtenRate)).c_str(), grouped(s.kernelReceived).c_str(),
                 grouped(s.kernelDropped).c_str(), groupedSigned(inFlight).c_str(), m.rssMb,
                 cpuPercent(c.senders, lastCpu_.senders, span), cpuPercent(c.capture, lastCpu_.capture, span),
                 followText);
    QJsonObject row{{"second", at},
                    {"sent", static_cast<qint64>(sent)},
                    {"written", static_cast<qint64>(s.written)},
                    {"kernel_received", static_cast<qint64>(s.kernelReceived)},
                    {"kernel_dropped", static_cast<qint64>(s.kernelDropped)},
                    {"rss_mb", m.rssMb},
                    {"cpu_senders_percent", cpuPercent(c.senders, lastCpu_.senders, span)},
                    {"cpu_capture_percent", cpuPercent(c.capture, lastCpu_.capture, span)}};
    if (settings_.follow) {
        row["follow_indexed"] = static_cast<qint64>(indexed);
        row["follow_lag_ms"] = follower_.lagMs();
        row["follow_max_lag_ms"] = maxLag;
        row["cpu_follow_percent"] = cpuPercent(c.follow, lastCpu_.follow, span);
    }
    run.perSecond.append(row);
    if (second % 10 == 0 || at >= settings_.runSeconds) {
        run.memorySamples.push_back({at, m, s.written, follower_.memoryBytes()});
        std::fprintf(progress_,
                     "      memory at %.0f s: RSS %.1f MB (heap %.1f MB, mapped ring and file pages %.1f MB)%s\n", at,
                     m.rssMb, m.anonMb, m.fileMb,
                     settings_.follow
                         ? (", follower index + analysis " +
                            std::to_string(static_cast<double>(follower_.memoryBytes()) / 1e6).substr(0, 6) + " MB")
                               .c_str()
                         : "");
    }
    std::fflush(progress_);
    lastSent_ = sent;
    lastWritten_ = s.written;
    lastCaptureSeconds_ = s.seconds;
    lastIndexed_ = indexed;
    lastCpu_ = c;
    lastAt_ = at;
}

} // namespace synscope::cli
