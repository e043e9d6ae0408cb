// synscope-cli bench FILE [--json]: time and memory of the core's stages on one file.
// synscope-cli bench --live ...: live capture benchmark (capture_bench.cpp).
// synscope-cli bench --diagram FILE [--stream N]: sequence diagram SVG export and paint (diagram_bench.cpp).
#include "capture_bench.h"
#include "cli_common.h"
#include "diagram_bench.h"
#include "export_bench.h"
#include "graph_bench.h"
#include "commands.h"

#include "analysis/tcp_frame_feed.h"
#include "decode/text/summary.h"
#include "store/packet_store.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <chrono>
#include <sys/resource.h>

namespace synscope::cli {

namespace {

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double peakRssMb()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;
}

} // namespace

int runBench(const QStringList& arguments)
{
    if (wantsLiveBench(arguments))
        return runLiveBench(arguments);
    if (wantsGraphBench(arguments))
        return runGraphBench(arguments);
    if (wantsDiagramBench(arguments))
        return runDiagramBench(arguments);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Measures the core on one capture: indexing, decoding every packet's list summary, the TCP "
        "analysis (a pass of its own), with their memory, and opening the capture as SynScope does (index and "
        "analysis together) with and without the analysis. Run it twice: the first run warms the page cache. 'bench --live' measures "
        "live capture instead (see 'bench --live --help').");
    parser.addHelpOption();
    parser.addPositionalArgument("FILE", "pcap or pcapng file");
    const QCommandLineOption json("json", "Print the results as a JSON object.");
    const QCommandLineOption exportFilter("export", "Time an export instead: the packets matching FILTER written "
                                                    "to a pcap file (as 'export FILE -Y FILTER -w OUT').", "FILTER");
    const QCommandLineOption exportDir("export-dir", "Folder for the export benchmark's file (default /tmp); "
                                                     "the time includes writing it to disk.", "DIR", "/tmp");
    parser.addOptions({json, exportFilter, exportDir});
    if (!parser.parse(arguments)) {
        printError(parser.errorText().toStdString());
        return kUsage;
    }
    if (parser.isSet("help")) {
        std::fputs(parser.helpText().toStdString().c_str(), stdout);
        return kOk;
    }
    std::string file;
    if (!requireOneFile(parser.positionalArguments(), "bench", file))
        return kUsage;
    if (parser.isSet(exportFilter))
        return runExportBench(file, parser.value(exportFilter).toStdString(), parser.value(exportDir).toStdString(),
                              parser.isSet(json));

    // 1. Index.
    CaptureReader reader;
    std::string error;
    auto start = std::chrono::steady_clock::now();
    if (!reader.open(file, error)) {
        printError(error);
        return kUnreadable;
    }
    PacketIndex index;
    CaptureReader::Status status;
    do
        status = reader.indexMore(index, 65536);
    while (status == CaptureReader::Status::More);
    const double indexSeconds = secondsSince(start);
    const std::size_t n = index.size();
    const double indexBytesPerPacket = n ? static_cast<double>(index.memoryBytes()) / static_cast<double>(n) : 0.0;

    // 2. Every packet's list summary (what the packet list shows).
    start = std::chrono::steady_clock::now();
    DecodeOptions fast;
    fast.verifyChecksums = false;
    Packet packet;
    PacketSummary summary;
    FrameContext context;
    std::size_t infoBytes = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const PacketRecord& r = index[i];
        decodePacket(reader.packetBytes(r), reader.linkTypeOf(r), r.originalLength, packet, fast);
        context.number = i + 1;
        context.time = reader.timestamp(r);
        summarize(packet, reader.packetBytes(r), context, summary);
        infoBytes += summary.info.size();
        if ((i & 0xffff) == 0xffff)
            reader.dropResident(index[i - 0xffff].dataOffset(), r.dataOffset());
    }
    const double summarySeconds = secondsSince(start);

    // 3. TCP analysis.
    start = std::chrono::steady_clock::now();
    TcpTracker tracker;
    TcpFrameFeed feed;
    ChunkedArray<TcpPacketRecord> records;
    for (std::size_t i = 0; i < n; ++i) {
        const PacketRecord& r = index[i];
        TcpPacketRecord rec;
        feed.feed(tracker, i + 1, reader.timestampNs(r), reader.packetBytes(r), reader.linkTypeOf(r),
                  r.originalLength, rec);
        records.push_back(rec);
        if ((i & 0xffff) == 0xffff)
            reader.dropResident(index[i - 0xffff].dataOffset(), r.dataOffset());
    }
    const double analysisSeconds = secondsSince(start);
    const std::size_t connections = tracker.connections().size();
    const double bytesPerConnection =
        connections ? static_cast<double>(tracker.memoryBytes()) / static_cast<double>(connections) : 0.0;
    const double recordBytesPerPacket = n ? static_cast<double>(records.memoryBytes()) / static_cast<double>(n) : 0.0;

    // 4. Opening the capture as the GUI and the CLI do (PacketStore: index and analysis in one pass over
    // each batch), without and with the analysis: the difference is what the analysis adds.
    auto timeOpening = [&file](bool analysis) {
        const auto begin = std::chrono::steady_clock::now();
        PacketStore store;
        store.setAnalysis(analysis);
        std::string openError;
        if (store.open(file, openError))
            while (store.loadMore(65536) == CaptureReader::Status::More) {
            }
        return secondsSince(begin);
    };
    // Best of three, alternating, so that a busy moment of the machine does not count as the analysis.
    double openIndexOnlySeconds = 1e9, openWithAnalysisSeconds = 1e9;
    for (int round = 0; round < 3; ++round) {
        openIndexOnlySeconds = std::min(openIndexOnlySeconds, timeOpening(false));
        openWithAnalysisSeconds = std::min(openWithAnalysisSeconds, timeOpening(true));
    }
    const double analysisAddsSeconds = std::max(0.0, openWithAnalysisSeconds - openIndexOnlySeconds);

    if (parser.isSet(json)) {
        QJsonObject o;
        o["file"] = QString::fromStdString(file);
        o["packets"] = static_cast<qint64>(n);
        o["file_bytes"] = static_cast<qint64>(reader.fileSize());
        o["index_seconds"] = indexSeconds;
        o["index_bytes_per_packet"] = indexBytesPerPacket;
        o["summaries_seconds"] = summarySeconds;
        o["index_and_summaries_seconds"] = indexSeconds + summarySeconds;
        o["analysis_seconds"] = analysisSeconds;
        o["connections"] = static_cast<qint64>(connections);
        o["analysis_bytes_per_connection"] = bytesPerConnection;
        o["analysis_record_bytes_per_packet"] = recordBytesPerPacket;
        o["open_index_only_seconds"] = openIndexOnlySeconds;
        o["open_with_analysis_seconds"] = openWithAnalysisSeconds;
        o["analysis_adds_seconds"] = analysisAddsSeconds;
        o["peak_rss_mb"] = peakRssMb();
        std::fputs(QJsonDocument(o).toJson(QJsonDocument::Indented).constData(), stdout);
    } else {
        std::printf("SynScope benchmark: %s\n", file.c_str());
        std::printf("  packets                %zu (%.1f MB)\n", n, static_cast<double>(reader.fileSize()) / 1e6);
        std::printf("  index                  %.3f s   %.1f bytes/packet of index memory\n", indexSeconds,
                    indexBytesPerPacket);
        std::printf("  every list summary     %.3f s   (index + summaries: %.3f s; %zu bytes of info text)\n",
                    summarySeconds, indexSeconds + summarySeconds, infoBytes);
        std::printf("  TCP analysis           %.3f s   %zu connections, %.0f bytes/connection, %.0f bytes/packet\n",
                    analysisSeconds, connections, bytesPerConnection, recordBytesPerPacket);
        std::printf("  opening the capture    %.3f s indexing alone, %.3f s with the TCP analysis: the analysis "
                    "adds %.3f s\n",
                    openIndexOnlySeconds, openWithAnalysisSeconds, analysisAddsSeconds);
        std::printf("  peak memory (RSS)      %.1f MB\n", peakRssMb());
    }
    if (status == CaptureReader::Status::Error) {
        printError(reader.describe(reader.error()));
        return kUnreadable;
    }
    return kOk;
}

} // namespace synscope::cli
