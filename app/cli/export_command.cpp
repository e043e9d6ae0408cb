// synscope-cli export FILE -w OUT [-Y FILTER] [--stream N[,M...]] [--range R] [--format pcap|pcapng] [--overwrite]
#include "cli_common.h"
#include "commands.h"

#include "store/packet_export.h"
#include "store/packet_selection.h"

#include <QCommandLineParser>
#include <cstdio>
#include <sys/stat.h>

namespace synscope::cli {

int runExport(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Writes the chosen packets of a capture to a new pcap or pcapng file, byte for byte with their time "
        "stamps and lengths. The choices combine: only packets matching every one given are written. The file "
        "appears only when complete; a failure leaves nothing behind.");
    parser.addHelpOption();
    parser.addPositionalArgument("FILE", "pcap or pcapng file to read");
    const QCommandLineOption write("w", "The file to write (required).", "OUT");
    const QCommandLineOption filter("Y", "Only packets matching this tcpdump/BPF expression.", "FILTER");
    const QCommandLineOption stream("stream", "Only these TCP connections (stream numbers as 'conversations' and "
                                              "Wireshark's tcp.stream give them), every packet of each, with "
                                              "retransmissions and the ICMP errors about them.", "N[,M...]");
    const QCommandLineOption range("range", "Only these packets, numbered from 1: e.g. 1-100,250,400-.", "R");
    const QCommandLineOption format("format", "pcap or pcapng (default: from OUT's name; .pcap, .cap and .dmp "
                                              "mean pcap, anything else pcapng).", "FORMAT");
    const QCommandLineOption overwrite("overwrite", "Replace OUT when it exists (otherwise refused).");
    parser.addOptions({write, filter, stream, range, format, overwrite});
    if (!parser.parse(arguments)) {
        printError(parser.errorText().toStdString());
        return kUsage;
    }
    if (parser.isSet("help")) {
        std::fputs(commandHelpText(parser).c_str(), stdout);
        return kOk;
    }
    std::string file;
    if (!requireOneFile(parser.positionalArguments(), "export", file))
        return kUsage;
    if (!parser.isSet(write)) {
        printError("export: name the file to write with -w OUT");
        return kUsage;
    }
    const std::string out = parser.value(write).toStdString();
    CaptureFileFormat outFormat = formatForFileName(out);
    if (parser.isSet(format)) {
        const QString f = parser.value(format).toLower();
        if (f == "pcap")
            outFormat = CaptureFileFormat::Pcap;
        else if (f == "pcapng")
            outFormat = CaptureFileFormat::PcapNg;
        else {
            printError("export: --format is pcap or pcapng, not \"" + parser.value(format).toStdString() + "\"");
            return kUsage;
        }
    }
    std::vector<FrameRange> ranges;
    std::string error;
    if (parser.isSet(range) && !parseFrameRanges(parser.value(range).toStdString(), ranges, error)) {
        printError("export: --range: " + error);
        return kUsage;
    }
    std::vector<std::uint32_t> streams;
    if (parser.isSet(stream)) {
        for (const QString& part : parser.value(stream).split(',')) {
            bool ok = false;
            const uint n = part.trimmed().toUInt(&ok);
            if (!ok) {
                printError("export: --stream expects TCP stream numbers like 0,3,7, not \"" + part.toStdString() + "\"");
                return kUsage;
            }
            streams.push_back(n);
        }
    }
    struct stat st {};
    if (::stat(out.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
        printError("export: " + out + " is a folder; give the file to write in it");
        return kUsage;
    }
    if (!parser.isSet(overwrite) && ::stat(out.c_str(), &st) == 0) {
        printError("export: " + out + " exists; choose another name or add --overwrite to replace it");
        return kUsage;
    }

    PacketStore store;
    // Only a connection export needs the TCP analysis; a filter or a range is a plain pass.
    store.setAnalysis(!streams.empty());
    if (!store.open(file, error)) {
        printError(error);
        return kUnreadable;
    }
    if (isSameFile(store, out)) {
        printError("export: " + out + " is the capture being read; write to another file");
        return kUsage;
    }
    CaptureFilter captureFilter;
    if (parser.isSet(filter) && !captureFilter.compile(parser.value(filter).toStdString(), store))
        return kUsage;
    CaptureReader::Status status;
    do
        status = store.loadMore(65536);
    while (status == CaptureReader::Status::More);
    const int readResult = finishReading(store, status);
    if (readResult != kOk)
        return readResult;
    const std::size_t connections = store.tracker().connections().size();
    for (std::uint32_t s : streams)
        if (s >= connections) {
            printError("export: there is no TCP stream " + std::to_string(s) + " in " + file +
                       (connections == 0 ? std::string(" (it has no TCP connections)")
                        : connections == 1
                            ? std::string(" (it has one: 0)")
                            : " (it has " + std::to_string(connections) + ": 0 to " + std::to_string(connections - 1) + ")"));
            return kUsage;
        }

    std::vector<std::uint32_t> chosen;
    const std::vector<std::uint32_t> candidates =
        streams.empty() ? std::vector<std::uint32_t>{} : packetsOfStreams(store, streams);
    const std::size_t total = streams.empty() ? store.size() : candidates.size();
    chosen.reserve(total);
    for (std::size_t k = 0; k < total; ++k) {
        const std::size_t i = streams.empty() ? k : candidates[k];
        // The filter reads every packet's bytes: give the pages back as it goes.
        if ((k & 0xffff) == 0 && k > 0)
            store.releaseBytes(streams.empty() ? k - 0x10000 : candidates[k - 0x10000], i);
        if (!ranges.empty() && !inFrameRanges(ranges, i + 1))
            continue;
        bool failed = false;
        if (!captureFilter.matches(store, i, failed)) {
            if (failed)
                return kUsage;
            continue;
        }
        chosen.push_back(static_cast<std::uint32_t>(i));
    }
    ExportRequest request;
    request.outputPath = out;
    request.format = outFormat;
    request.packets = &chosen;
    const ExportResult result = exportPackets(store, request);
    if (!result.ok) {
        printError("export: " + result.error);
        return kUnreadable;
    }
    std::fprintf(stderr, "synscope-cli: %llu of %zu packets written to %s\n",
                 static_cast<unsigned long long>(result.packets), store.size(), out.c_str());
    return kOk;
}

} // namespace synscope::cli
