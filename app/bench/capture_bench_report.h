#pragma once
// bench --live: what a run measured, SynScope's own loss worked out from it (see capture_bench.cpp for
// how), and the final report, as text or JSON.
#include "capture_bench_check.h"
#include "capture_bench_system.h"

#include "live/live_capture.h"

#include <QJsonArray>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace synscope::cli {

// The run asked for on the command line.
struct LiveBenchSettings {
    double runSeconds = 60;
    double targetRate = 200000; // datagrams per second over all senders; 0: as fast as they can
    unsigned senderThreads = 1;
    std::size_t payload = 64;
    bool follow = false;     // a PacketStore follows the file
    bool print = false;      // ... and formats every packet's line
    bool check = true;       // read the file back at the end
    bool namedFile = false;  // -w OUT (kept) rather than a spool file (removed)
    bool json = false;
};

// Every 10 s: the process's memory, with the packets written and the follower's index + analysis.
struct MemorySample {
    double at;
    Memory memory;
    std::uint64_t written;
    std::uint64_t followMemory;
};

// What a run measured, once the capture has stopped.
struct LiveBenchRun {
    LiveStatistics statistics;
    std::uint64_t sent = 0, sequences = 0, retries = 0;
    double trafficSeconds = 0;
    bool interrupted = false;
    std::uint64_t softnet = 0; // softnet backlog drops on the machine during the run
    std::vector<MemorySample> memorySamples;
    QJsonArray perSecond;
    std::uint64_t maxInFlight = 0;
    double worstInFlightSeconds = 0;
    CpuTicks cpuTotal;
    Memory memoryAtEnd;
    Check check;
    // The follower's (with --follow).
    std::size_t followIndexed = 0, followMemoryBytes = 0;
    double followWorstLagMs = 0;
    std::uint64_t followPrintedBytes = 0;
};

// SynScope's own loss and the rest of the accounting, from a run's counts.
struct LiveBenchAccounting {
    std::int64_t lossHigh = 0, lossLow = 0;
    bool exact = false;            // the kernel dropped nothing: the loss is exactly lossHigh
    std::int64_t beforeTap = 0;    // copies that never reached the filter
    std::int64_t missing = 0;      // sent but not in the file (when checked)
    std::int64_t unexplained = 0;  // missing ones the kernel does not account for
    double writtenPps = 0, sentPps = 0;
    double heapGrowthMb = 0, followGrowthMb = 0;
    std::uint64_t packetsBetween = 0;
    double firstSampleAt = 0, lastSampleAt = 0;
};

LiveBenchAccounting accountFor(const LiveBenchRun& run);
// The final report on stdout.
void printLiveBenchJson(const LiveBenchSettings& settings, const LiveOptions& options, const LiveBenchRun& run,
                        const LiveBenchAccounting& a);
void printLiveBenchText(const LiveBenchSettings& settings, const LiveBenchRun& run, const LiveBenchAccounting& a);
// Whether SynScope's own pipeline lost or duplicated a packet: the benchmark then fails.
bool pipelineLost(const LiveBenchRun& run, const LiveBenchAccounting& a);

} // namespace synscope::cli
