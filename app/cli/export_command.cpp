// synscope-cli export FILE -w OUT [-Y FILTER] [--stream N[,M...]] [--range R] [--format pcap|pcapng] [--overwrite]
#include "command_line.h"
#include "commands.h"

#include "store/packet_export.h"
#include "store/packet_selection.h"
#include "store/page_release.h"

#include <cstdio>
#include <sys/stat.h>

namespace synscope::cli {

namespace {

// What to write, from the options.
struct ExportChoice {
    std::string out;
    CaptureFileFormat format = CaptureFileFormat::PcapNg;
    std::vector<FrameRange> ranges;
    std::vector<std::uint32_t> streams;
};

struct ExportOptions {
    QCommandLineOption write{"w", "The file to write (required).", "OUT"};
    QCommandLineOption filter = displayFilterOption("Only packets matching this tcpdump/BPF expression.");
    QCommandLineOption stream = streamListOption(
        "Only these TCP connections (stream numbers as 'conversations' and Wireshark's tcp.stream give them), every "
        "packet of each, with retransmissions and the ICMP errors about them.");
    QCommandLineOption range{"range", "Only these packets, numbered from 1: e.g. 1-100,250,400-.", "R"};
    QCommandLineOption format{"format",
                              "pcap or pcapng (default: from OUT's name; .pcap, .cap and .dmp mean pcap, anything "
                              "else pcapng).",
                              "FORMAT"};
    QCommandLineOption overwrite{"overwrite", "Replace OUT when it exists (otherwise refused)."};
};

// Reads the options into `choice`; kOk, or kUsage with the message printed.
int readChoice(const CommandLine& line, const ExportOptions& o, ExportChoice& choice)
{
    if (!line.isSet(o.write))
        return line.usageError("name the file to write with -w OUT");
    choice.out = line.value(o.write).toStdString();
    choice.format = formatForFileName(choice.out);
    if (line.isSet(o.format)) {
        const QString f = line.value(o.format).toLower();
        if (f == "pcap")
            choice.format = CaptureFileFormat::Pcap;
        else if (f == "pcapng")
            choice.format = CaptureFileFormat::PcapNg;
        else
            return line.usageError("--format is pcap or pcapng, not \"" + line.value(o.format).toStdString() + "\"");
    }
    std::string error;
    if (line.isSet(o.range) && !parseFrameRanges(line.value(o.range).toStdString(), choice.ranges, error))
        return line.usageError("--range: " + error);
    QString badPart;
    if (line.isSet(o.stream) && !parseStreamList(line.value(o.stream), false, choice.streams, badPart))
        return line.usageError("--stream expects TCP stream numbers like 0,3,7, not \"" + badPart.toStdString() + "\"");
    struct stat st {};
    if (::stat(choice.out.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
        return line.usageError(choice.out + " is a folder; give the file to write in it");
    if (!line.isSet(o.overwrite) && fileExists(choice.out))
        return line.usageError(choice.out + " exists; choose another name or add --overwrite to replace it");
    return kOk;
}

// Every stream asked for exists; otherwise kUsage with the message printed.
int checkStreams(const CommandLine& line, const PacketStore& store, const std::vector<std::uint32_t>& streams)
{
    const std::size_t connections = store.tracker().connections().size();
    for (std::uint32_t s : streams)
        if (s >= connections)
            return line.usageError(
                "there is no TCP stream " + std::to_string(s) + " in " + line.file() +
                (connections == 0   ? std::string(" (it has no TCP connections)")
                 : connections == 1 ? std::string(" (it has one: 0)")
                                    : " (it has " + std::to_string(connections) + ": 0 to " +
                                          std::to_string(connections - 1) + ")"));
    return kOk;
}

// The packets to write: of the streams (or all), in the ranges, passing the filter. kOk, or the exit
// code of a packet the filter failed on.
int choosePackets(PacketStore& store, const ExportChoice& choice, DisplayFilter& filter,
                  std::vector<std::uint32_t>& chosen)
{
    const std::vector<std::uint32_t> candidates =
        choice.streams.empty() ? std::vector<std::uint32_t>{} : packetsOfStreams(store, choice.streams);
    const std::size_t total = choice.streams.empty() ? store.size() : candidates.size();
    chosen.reserve(total);
    // The filter reads every packet's bytes: give the pages back as it goes.
    PageRelease release(store, 0x10000);
    for (std::size_t k = 0; k < total; ++k) {
        const std::size_t i = choice.streams.empty() ? k : candidates[k];
        release.read(i);
        if (!choice.ranges.empty() && !inFrameRanges(choice.ranges, i + 1))
            continue;
        if (!filter.matches(store, i)) {
            if (filter.failed())
                return displayFilterFailure(filter);
            continue;
        }
        chosen.push_back(static_cast<std::uint32_t>(i));
    }
    return kOk;
}

int writeChosen(const PacketStore& store, const ExportChoice& choice,
                const std::vector<std::uint32_t>& chosen)
{
    ExportRequest request;
    request.outputPath = choice.out;
    request.format = choice.format;
    request.packets = &chosen;
    const ExportResult result = exportPackets(store, request);
    if (!result.ok) {
        printError(std::string("export: ") + result.error);
        return kUnreadable;
    }
    std::fprintf(stderr, "synscope-cli: %llu of %zu packets written to %s\n",
                 static_cast<unsigned long long>(result.packets), store.size(), choice.out.c_str());
    return kOk;
}

} // namespace

int runExport(const QStringList& arguments)
{
    CommandLine line("export", "Writes the chosen packets of a capture to a new pcap or pcapng file, byte for byte "
                               "with their time stamps and lengths. The choices combine: only packets matching "
                               "every one given are written. The file appears only when complete; a failure leaves "
                               "nothing behind.");
    line.addFileArgument("pcap or pcapng file to read");
    const ExportOptions o;
    line.addOptions({o.write, o.filter, o.stream, o.range, o.format, o.overwrite});
    int exitCode = kOk;
    if (!line.parse(arguments, exitCode))
        return exitCode;
    ExportChoice choice;
    if (const int chosen = readChoice(line, o, choice); chosen != kOk)
        return chosen;

    PacketStore store;
    // Only a connection export needs the TCP analysis; a filter or a range is a plain pass.
    store.setAnalysis(!choice.streams.empty());
    if (const int opened = openCapture(store, line.file()); opened != kOk)
        return opened;
    if (isSameFile(store, choice.out))
        return line.usageError(choice.out + " is the capture being read; write to another file");
    DisplayFilter filter;
    if (line.isSet(o.filter) && !setUpDisplayFilter(filter, line.value(o.filter).toStdString(), store))
        return kUsage;
    if (const int loaded = loadWholeCapture(store); loaded != kOk)
        return loaded;
    if (const int checked = checkStreams(line, store, choice.streams); checked != kOk)
        return checked;
    std::vector<std::uint32_t> chosen;
    if (const int picked = choosePackets(store, choice, filter, chosen); picked != kOk)
        return picked;
    return writeChosen(store, choice, chosen);
}

} // namespace synscope::cli
