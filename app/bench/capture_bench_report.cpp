#include "capture_bench_report.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cstdio>

namespace synscope::cli {

namespace {

// A thread's CPU time over the run, in % of one core.
double cpuShare(const LiveBenchRun& run, std::uint64_t ticks)
{
    return static_cast<double>(ticks) / CpuSampler::ticksPerSecond() / run.trafficSeconds * 100.0;
}

double followBytesPerPacket(const LiveBenchRun& run)
{
    return run.followIndexed ? static_cast<double>(run.followMemoryBytes) / static_cast<double>(run.followIndexed)
                             : 0.0;
}

QJsonArray memoryJson(const std::vector<MemorySample>& samples)
{
    QJsonArray memory;
    for (const MemorySample& m : samples)
        memory.append(QJsonObject{{"second", m.at},
                                  {"rss_mb", m.memory.rssMb},
                                  {"anon_mb", m.memory.anonMb},
                                  {"file_mb", m.memory.fileMb},
                                  {"follow_memory_bytes", static_cast<qint64>(m.followMemory)}});
    return memory;
}

// The counts: sent, written, the kernel's, before the tap, SynScope's own loss.
void printCounts(const LiveBenchRun& run, const LiveBenchAccounting& a)
{
    const LiveStatistics& s = run.statistics;
    std::printf("  sent                    %s datagrams, %s/s%s\n", grouped(run.sent).c_str(),
                grouped(static_cast<std::uint64_t>(a.sentPps)).c_str(),
                run.retries ? (" (" + grouped(run.retries) + " sendmmsg retries)").c_str() : "");
    std::printf("  written by SynScope     %s packets, %s/s, %.1f MB of pcapng\n", grouped(s.written).c_str(),
                grouped(static_cast<std::uint64_t>(a.writtenPps)).c_str(), static_cast<double>(s.bytesWritten) / 1e6);
    std::printf("  kernel (pcap_stats)     %s received by filter (both copies of each datagram on lo), %s dropped "
                "(ring full), %s dropped by interface\n",
                grouped(s.kernelReceived).c_str(), grouped(s.kernelDropped).c_str(), grouped(s.interfaceDropped).c_str());
    std::printf("  before the tap          %s copies of 2 x %s never reached the filter (softnet backlog drops "
                "on the machine: %s)\n",
                groupedSigned(a.beforeTap).c_str(), grouped(run.sent).c_str(), grouped(run.softnet).c_str());
    if (a.exact)
        std::printf("  SynScope pipeline loss  %s  (= kernel received %s / 2 - written %s; exact, the kernel "
                    "dropped nothing)\n",
                    groupedSigned(a.lossHigh).c_str(), grouped(s.kernelReceived).c_str(), grouped(s.written).c_str());
    else
        std::printf("  SynScope pipeline loss  between %s and %s  (= kernel received %s / 2 [- kernel dropped %s] "
                    "- written %s: a ring drop may have hit either copy)\n",
                    groupedSigned(a.lossLow).c_str(), groupedSigned(a.lossHigh).c_str(),
                    grouped(s.kernelReceived).c_str(), grouped(s.kernelDropped).c_str(), grouped(s.written).c_str());
    std::printf("  largest in flight       %s packets (kernel handed over, not yet written) at %.0f s\n",
                grouped(run.maxInFlight).c_str(), run.worstInFlightSeconds);
}

void printCheck(const LiveBenchRun& run, const LiveBenchAccounting& a)
{
    const Check& check = run.check;
    if (check.done)
        std::printf("  file check              %s packets read back in %.2f s: %s distinct sequence numbers, %s "
                    "duplicates, %s others; %s of %s sent missing, %s of them not explained by the kernel\n",
                    grouped(check.packets).c_str(), check.seconds, grouped(check.distinct).c_str(),
                    grouped(check.duplicates).c_str(), grouped(check.strangers).c_str(),
                    groupedSigned(a.missing).c_str(), grouped(run.sent).c_str(),
                    groupedSigned(std::max<std::int64_t>(0, a.unexplained)).c_str());
    else if (!check.error.empty())
        std::printf("  file check              failed: %s\n", check.error.c_str());
}

void printMemoryAndCpu(const LiveBenchSettings& settings, const LiveBenchRun& run, const LiveBenchAccounting& a)
{
    std::printf("  memory (RSS)            ");
    for (std::size_t i = 0; i < run.memorySamples.size(); ++i)
        std::printf("%s%.0f s %.1f MB", i ? ", " : "", run.memorySamples[i].at, run.memorySamples[i].memory.rssMb);
    std::printf("; after stopping %.1f MB\n", run.memoryAtEnd.rssMb);
    std::printf("  heap growth %.0f-%.0f s   %+.2f MB over %s packets", a.firstSampleAt, a.lastSampleAt,
                a.heapGrowthMb, grouped(a.packetsBetween).c_str());
    if (settings.follow)
        std::printf(" (the follower's index + analysis grew %.2f MB of it)", a.followGrowthMb);
    std::printf("\n");
    if (settings.follow)
        std::printf("  follower                %s packets indexed and analysed, worst lag behind the wire %.0f ms, "
                    "%.1f bytes/packet of index + analysis memory%s\n",
                    grouped(run.followIndexed).c_str(), run.followWorstLagMs, followBytesPerPacket(run),
                    settings.print
                        ? (", " + std::to_string(run.followPrintedBytes / 1000000) + " MB of packet lines").c_str()
                        : "");
    std::printf("  CPU (%% of one core)     senders %.0f%% (including the kernel's loopback and packet-tap work), "
                "capture thread %.0f%%%s, main %.0f%%\n",
                cpuShare(run, run.cpuTotal.senders), cpuShare(run, run.cpuTotal.capture),
                settings.follow
                    ? (", follower " + std::to_string(static_cast<int>(cpuShare(run, run.cpuTotal.follow))) + "%")
                          .c_str()
                    : "",
                cpuShare(run, run.cpuTotal.main));
}

} // namespace

LiveBenchAccounting accountFor(const LiveBenchRun& run)
{
    // The accounting (see the comment at the top of capture_bench.cpp).
    const LiveStatistics& s = run.statistics;
    LiveBenchAccounting a;
    const std::int64_t incoming = static_cast<std::int64_t>(s.kernelReceived / 2); // copies SynScope is owed
    a.lossHigh = incoming - static_cast<std::int64_t>(s.written);
    a.lossLow = std::max<std::int64_t>(0, a.lossHigh - static_cast<std::int64_t>(s.kernelDropped));
    a.exact = s.kernelDropped == 0 && s.kernelReceived % 2 == 0;
    // Copies that never reached the tap: 2 per datagram sent, less what the kernel counted.
    a.beforeTap = static_cast<std::int64_t>(2 * run.sent) - static_cast<std::int64_t>(s.kernelReceived);
    a.missing = run.check.done ? static_cast<std::int64_t>(run.sent) - static_cast<std::int64_t>(run.check.distinct) : 0;
    // Missing datagrams the kernel does not account for: at least this many were lost after the kernel.
    a.unexplained = a.missing - static_cast<std::int64_t>(s.kernelDropped) - std::max<std::int64_t>(0, a.beforeTap);
    a.writtenPps = static_cast<double>(s.written) / run.trafficSeconds;
    a.sentPps = static_cast<double>(run.sent) / run.trafficSeconds;
    const MemorySample& first = run.memorySamples.size() > 1 ? run.memorySamples[1] : run.memorySamples[0];
    const MemorySample& last = run.memorySamples.back();
    a.heapGrowthMb = last.memory.anonMb - first.memory.anonMb;
    a.followGrowthMb = static_cast<double>(last.followMemory - first.followMemory) / 1048576.0;
    a.packetsBetween = last.written - first.written;
    a.firstSampleAt = first.at;
    a.lastSampleAt = last.at;
    return a;
}

void printLiveBenchJson(const LiveBenchSettings& settings, const LiveOptions& options, const LiveBenchRun& run,
                        const LiveBenchAccounting& a)
{
    const LiveStatistics& s = run.statistics;
    QJsonObject r;
    r["interface"] = "lo";
    r["filter"] = QString::fromStdString(options.filter);
    r["buffer_kib"] = static_cast<qint64>(options.bufferSizeKiB);
    r["immediate"] = options.immediate;
    r["senders"] = static_cast<qint64>(settings.senderThreads);
    r["payload_bytes"] = static_cast<qint64>(settings.payload);
    r["target_pps"] = settings.targetRate;
    r["seconds"] = run.trafficSeconds;
    r["sent"] = static_cast<qint64>(run.sent);
    r["sent_pps"] = a.sentPps;
    r["written"] = static_cast<qint64>(s.written);
    r["written_pps"] = a.writtenPps;
    r["file_bytes"] = static_cast<qint64>(s.bytesWritten);
    r["kernel_received"] = static_cast<qint64>(s.kernelReceived);
    r["kernel_dropped"] = static_cast<qint64>(s.kernelDropped);
    r["interface_dropped"] = static_cast<qint64>(s.interfaceDropped);
    r["softnet_dropped"] = static_cast<qint64>(run.softnet);
    r["pipeline_loss"] = static_cast<qint64>(a.lossHigh);
    r["pipeline_loss_min"] = static_cast<qint64>(a.exact ? a.lossHigh : a.lossLow);
    r["pipeline_loss_exact"] = a.exact;
    r["copies_before_tap"] = static_cast<qint64>(a.beforeTap);
    r["max_in_flight"] = static_cast<qint64>(run.maxInFlight);
    if (run.check.done) {
        r["check_distinct"] = static_cast<qint64>(run.check.distinct);
        r["check_duplicates"] = static_cast<qint64>(run.check.duplicates);
        r["check_strangers"] = static_cast<qint64>(run.check.strangers);
        r["check_missing"] = static_cast<qint64>(a.missing);
        r["check_missing_unexplained"] = static_cast<qint64>(a.unexplained);
    }
    r["memory"] = memoryJson(run.memorySamples);
    r["heap_growth_mb"] = a.heapGrowthMb;
    r["cpu_senders_percent"] = cpuShare(run, run.cpuTotal.senders);
    r["cpu_capture_percent"] = cpuShare(run, run.cpuTotal.capture);
    r["cpu_main_percent"] = cpuShare(run, run.cpuTotal.main);
    if (settings.follow) {
        r["follow_indexed"] = static_cast<qint64>(run.followIndexed);
        r["follow_worst_lag_ms"] = run.followWorstLagMs;
        r["follow_memory_bytes_per_packet"] = followBytesPerPacket(run);
        r["cpu_follow_percent"] = cpuShare(run, run.cpuTotal.follow);
    }
    r["per_second"] = run.perSecond;
    std::fputs(QJsonDocument(r).toJson(QJsonDocument::Indented).constData(), stdout);
}

void printLiveBenchText(const LiveBenchSettings& settings, const LiveBenchRun& run, const LiveBenchAccounting& a)
{
    std::printf("\nResult after %.1f s of traffic (%s):\n", run.trafficSeconds,
                run.interrupted ? "interrupted" : "as asked");
    printCounts(run, a);
    printCheck(run, a);
    printMemoryAndCpu(settings, run, a);
}

bool pipelineLost(const LiveBenchRun& run, const LiveBenchAccounting& a)
{
    return (a.exact && a.lossHigh != 0) || a.lossLow > 0 ||
           (run.check.done && (a.unexplained > 0 || run.check.duplicates > 0));
}

} // namespace synscope::cli
