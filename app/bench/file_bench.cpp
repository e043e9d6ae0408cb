#include "file_bench.h"

#include "bench_support.h"

#include "app/cli/cli_common.h"

#include "analysis/tcp_frame_feed.h"
#include "store/frame_decoder.h"
#include "store/packet_store.h"
#include "store/page_release.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cstdio>

namespace synscope::cli {

namespace {

// Passes over every packet give the pages of every so many packets back, so the figures do not depend
// on the machine's free memory.
constexpr std::size_t kReleaseEvery = 0x10000;

struct FileBenchFigures {
    std::size_t packets = 0;
    std::uint64_t fileBytes = 0;
    double indexSeconds = 0, indexBytesPerPacket = 0;
    double summarySeconds = 0;
    std::size_t infoBytes = 0;
    double analysisSeconds = 0, bytesPerConnection = 0, recordBytesPerPacket = 0;
    std::size_t connections = 0;
    double openIndexOnlySeconds = 1e9, openWithAnalysisSeconds = 1e9, analysisAddsSeconds = 0;
};

// 1. Indexing alone: the capture reader's index of every packet, and its memory. False with `error` when
// the file cannot be opened; `status` is how the file ended (`error` names a damaged one).
bool timeIndexing(const std::string& file, FileBenchFigures& f, CaptureReader::Status& status, std::string& error)
{
    CaptureReader reader;
    const auto start = Clock::now();
    if (!reader.open(file, error))
        return false;
    PacketIndex index;
    do
        status = reader.indexMore(index, 65536);
    while (status == CaptureReader::Status::More);
    f.indexSeconds = secondsSince(start);
    f.packets = index.size();
    f.fileBytes = reader.fileSize();
    f.indexBytesPerPacket =
        f.packets ? static_cast<double>(index.memoryBytes()) / static_cast<double>(f.packets) : 0.0;
    if (status == CaptureReader::Status::Error)
        error = reader.describe(reader.error());
    return true;
}

// 2. Every packet's list summary, as the packet list gets it: FrameDecoder (decode, frame context,
// summary) over a store without the TCP analysis.
void timeSummaries(const PacketStore& store, FileBenchFigures& f)
{
    const auto start = Clock::now();
    FrameDecoder frames(store, FrameDecoder::listOptions(), kReleaseEvery);
    for (std::size_t i = 0; i < store.size(); ++i)
        f.infoBytes += frames.summarize(i).info.size();
    f.summarySeconds = secondsSince(start);
}

// 3. The TCP analysis alone, a pass of its own over the indexed packets, and its memory.
void timeAnalysis(const PacketStore& store, FileBenchFigures& f)
{
    const auto start = Clock::now();
    TcpTracker tracker;
    TcpFrameFeed feed;
    ChunkedArray<TcpPacketRecord> records;
    PageRelease release(store, kReleaseEvery);
    const CaptureReader& reader = store.reader();
    for (std::size_t i = 0; i < store.size(); ++i) {
        const PacketRecord& r = store.record(i);
        TcpPacketRecord rec;
        feed.feed(tracker, i + 1, reader.timestampNs(r), store.bytes(i), store.linkType(i), r.originalLength, rec);
        records.push_back(rec);
        release.read(i);
    }
    f.analysisSeconds = secondsSince(start);
    f.connections = tracker.connections().size();
    f.bytesPerConnection =
        f.connections ? static_cast<double>(tracker.memoryBytes()) / static_cast<double>(f.connections) : 0.0;
    f.recordBytesPerPacket =
        f.packets ? static_cast<double>(records.memoryBytes()) / static_cast<double>(f.packets) : 0.0;
}

// 4. Opening the capture as the GUI and the CLI do (PacketStore: index and analysis in one pass over
// each batch), without and with the analysis: the difference is what the analysis adds.
void timeOpening(const std::string& file, FileBenchFigures& f)
{
    auto timeOpen = [&file](bool analysis) {
        const auto begin = Clock::now();
        PacketStore store;
        store.setAnalysis(analysis);
        std::string openError;
        if (store.open(file, openError))
            while (store.loadMore(65536) == CaptureReader::Status::More) {
            }
        return secondsSince(begin);
    };
    // Best of three, alternating, so that a busy moment of the machine does not count as the analysis.
    for (int round = 0; round < 3; ++round) {
        f.openIndexOnlySeconds = std::min(f.openIndexOnlySeconds, timeOpen(false));
        f.openWithAnalysisSeconds = std::min(f.openWithAnalysisSeconds, timeOpen(true));
    }
    f.analysisAddsSeconds = std::max(0.0, f.openWithAnalysisSeconds - f.openIndexOnlySeconds);
}

void printJson(const std::string& file, const FileBenchFigures& f)
{
    QJsonObject o;
    o["file"] = QString::fromStdString(file);
    o["packets"] = static_cast<qint64>(f.packets);
    o["file_bytes"] = static_cast<qint64>(f.fileBytes);
    o["index_seconds"] = f.indexSeconds;
    o["index_bytes_per_packet"] = f.indexBytesPerPacket;
    o["summaries_seconds"] = f.summarySeconds;
    o["index_and_summaries_seconds"] = f.indexSeconds + f.summarySeconds;
    o["analysis_seconds"] = f.analysisSeconds;
    o["connections"] = static_cast<qint64>(f.connections);
    o["analysis_bytes_per_connection"] = f.bytesPerConnection;
    o["analysis_record_bytes_per_packet"] = f.recordBytesPerPacket;
    o["open_index_only_seconds"] = f.openIndexOnlySeconds;
    o["open_with_analysis_seconds"] = f.openWithAnalysisSeconds;
    o["analysis_adds_seconds"] = f.analysisAddsSeconds;
    o["peak_rss_mb"] = peakRssMb();
    std::fputs(QJsonDocument(o).toJson(QJsonDocument::Indented).constData(), stdout);
}

void printText(const std::string& file, const FileBenchFigures& f)
{
    std::printf("SynScope benchmark: %s\n", file.c_str());
    std::printf("  packets                %zu (%.1f MB)\n", f.packets, static_cast<double>(f.fileBytes) / 1e6);
    std::printf("  index                  %.3f s   %.1f bytes/packet of index memory\n", f.indexSeconds,
                f.indexBytesPerPacket);
    std::printf("  every list summary     %.3f s   (index + summaries: %.3f s; %zu bytes of info text)\n",
                f.summarySeconds, f.indexSeconds + f.summarySeconds, f.infoBytes);
    std::printf("  TCP analysis           %.3f s   %zu connections, %.0f bytes/connection, %.0f bytes/packet\n",
                f.analysisSeconds, f.connections, f.bytesPerConnection, f.recordBytesPerPacket);
    std::printf("  opening the capture    %.3f s indexing alone, %.3f s with the TCP analysis: the analysis "
                "adds %.3f s\n",
                f.openIndexOnlySeconds, f.openWithAnalysisSeconds, f.analysisAddsSeconds);
    std::printf("  peak memory (RSS)      %.1f MB\n", peakRssMb());
}

} // namespace

int runFileBench(const std::string& file, bool json)
{
    FileBenchFigures figures;
    CaptureReader::Status status;
    std::string error;
    if (!timeIndexing(file, figures, status, error)) {
        printError(error);
        return kUnreadable;
    }
    {
        // The store the packet list reads, indexed again (not timed: that was stage 1), without the TCP
        // analysis: stage 3 times the analysis on its own.
        PacketStore store;
        store.setAnalysis(false);
        std::string openError;
        if (!store.open(file, openError)) {
            printError(openError);
            return kUnreadable;
        }
        while (store.loadMore(65536) == CaptureReader::Status::More) {
        }
        timeSummaries(store, figures);
        timeAnalysis(store, figures);
    }
    timeOpening(file, figures);
    if (json)
        printJson(file, figures);
    else
        printText(file, figures);
    if (status == CaptureReader::Status::Error) {
        printError(error);
        return kUnreadable;
    }
    return kOk;
}

} // namespace synscope::cli
