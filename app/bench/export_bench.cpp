#include "export_bench.h"

#include "bench_support.h"

#include "app/cli/command_line.h"

#include "store/packet_export.h"
#include "store/page_release.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>
#include <unistd.h>

namespace synscope::cli {

namespace {

// The packets passing the filter (loading the whole file first, as 'export' does); kOk, or the exit
// code of a packet the filter failed on.
int choosePackets(PacketStore& store, DisplayFilter& filter, std::vector<std::uint32_t>& chosen)
{
    loadAll(store);
    // The filter reads every packet's bytes: give the pages back as it goes.
    PageRelease release(store, 0x10000);
    for (std::size_t i = 0; i < store.size(); ++i) {
        release.read(i);
        if (filter.matches(store, i))
            chosen.push_back(static_cast<std::uint32_t>(i));
        else if (filter.failed())
            return displayFilterFailure(filter);
    }
    return kOk;
}

void printResult(const std::string& file, const std::string& filter, const std::string& directory,
                 std::size_t packets, const ExportResult& result, double seconds, bool json)
{
    const double rssMb = peakRssMb();
    if (json) {
        QJsonObject o;
        o["file"] = QString::fromStdString(file);
        o["filter"] = QString::fromStdString(filter);
        o["packets"] = static_cast<qint64>(packets);
        o["exported_packets"] = static_cast<qint64>(result.packets);
        o["exported_bytes"] = static_cast<qint64>(result.bytes);
        o["export_seconds"] = seconds;
        o["peak_rss_mb"] = rssMb;
        std::fputs(QJsonDocument(o).toJson(QJsonDocument::Indented).constData(), stdout);
        return;
    }
    std::printf("SynScope export benchmark: %s, filter \"%s\"\n", file.c_str(), filter.c_str());
    std::printf("  exported               %llu of %zu packets, %.1f MB, to %s\n",
                static_cast<unsigned long long>(result.packets), packets, static_cast<double>(result.bytes) / 1e6,
                directory.c_str());
    std::printf("  time                   %.3f s   (index, filter, write, fsync, rename)\n", seconds);
    std::printf("  peak memory (RSS)      %.1f MB\n", rssMb);
}

} // namespace

int runExportBench(const std::string& file, const std::string& filter, const std::string& directory, bool json)
{
    const auto start = Clock::now();
    PacketStore store;
    store.setAnalysis(false);
    if (const int opened = openCapture(store, file); opened != kOk)
        return opened;
    DisplayFilter displayFilter;
    if (!setUpDisplayFilter(displayFilter, filter, store))
        return kUsage;
    std::vector<std::uint32_t> chosen;
    if (const int picked = choosePackets(store, displayFilter, chosen); picked != kOk)
        return picked;
    const std::string out = directory + "/synscope-export-bench-" + std::to_string(::getpid()) + ".pcap";
    ExportRequest request;
    request.outputPath = out;
    request.format = CaptureFileFormat::Pcap;
    request.packets = &chosen;
    const ExportResult result = exportPackets(store, request);
    const double seconds = secondsSince(start);
    ::unlink(out.c_str());
    if (!result.ok) {
        printError(result.error);
        return kUnreadable;
    }
    printResult(file, filter, directory, store.size(), result, seconds, json);
    return kOk;
}

} // namespace synscope::cli
