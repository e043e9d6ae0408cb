#include "export_bench.h"

#include "cli_common.h"

#include "store/packet_export.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <chrono>
#include <cstdio>
#include <sys/resource.h>
#include <unistd.h>

namespace synscope::cli {

int runExportBench(const std::string& file, const std::string& filter, const std::string& directory, bool json)
{
    const auto start = std::chrono::steady_clock::now();
    PacketStore store;
    store.setAnalysis(false);
    std::string error;
    if (!store.open(file, error)) {
        printError(error);
        return kUnreadable;
    }
    CaptureFilter captureFilter;
    if (!captureFilter.compile(filter, store))
        return kUsage;
    CaptureReader::Status status;
    do
        status = store.loadMore(65536);
    while (status == CaptureReader::Status::More);
    std::vector<std::uint32_t> chosen;
    for (std::size_t i = 0; i < store.size(); ++i) {
        if ((i & 0xffff) == 0 && i > 0)
            store.releaseBytes(i - 0x10000, i);
        bool failed = false;
        if (captureFilter.matches(store, i, failed))
            chosen.push_back(static_cast<std::uint32_t>(i));
        else if (failed)
            return kUsage;
    }
    const std::string out = directory + "/synscope-export-bench-" + std::to_string(::getpid()) + ".pcap";
    ExportRequest request;
    request.outputPath = out;
    request.format = CaptureFileFormat::Pcap;
    request.packets = &chosen;
    const ExportResult result = exportPackets(store, request);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ::unlink(out.c_str());
    if (!result.ok) {
        printError(result.error);
        return kUnreadable;
    }
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    const double rssMb = static_cast<double>(u.ru_maxrss) / 1024.0;
    if (json) {
        QJsonObject o;
        o["file"] = QString::fromStdString(file);
        o["filter"] = QString::fromStdString(filter);
        o["packets"] = static_cast<qint64>(store.size());
        o["exported_packets"] = static_cast<qint64>(result.packets);
        o["exported_bytes"] = static_cast<qint64>(result.bytes);
        o["export_seconds"] = seconds;
        o["peak_rss_mb"] = rssMb;
        std::fputs(QJsonDocument(o).toJson(QJsonDocument::Indented).constData(), stdout);
    } else {
        std::printf("SynScope export benchmark: %s, filter \"%s\"\n", file.c_str(), filter.c_str());
        std::printf("  exported               %llu of %zu packets, %.1f MB, to %s\n",
                    static_cast<unsigned long long>(result.packets), store.size(),
                    static_cast<double>(result.bytes) / 1e6, directory.c_str());
        std::printf("  time                   %.3f s   (index, filter, write, fsync, rename)\n", seconds);
        std::printf("  peak memory (RSS)      %.1f MB\n", rssMb);
    }
    return kOk;
}

} // namespace synscope::cli
