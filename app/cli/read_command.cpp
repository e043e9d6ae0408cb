// synscope-cli read FILE [-S] [--json] [-Y FILTER] [-c COUNT]
#include "cli_common.h"
#include "commands.h"

#include "packet_printer.h"

#include <QCommandLineParser>

namespace synscope::cli {

int runRead(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Prints every packet of a capture file: one line each in tcpdump's style (like tcpdump -n -tt -r), "
        "or with --json one JSON object each, keyed by Wireshark field names.");
    parser.addHelpOption();
    parser.addPositionalArgument("FILE", "pcap or pcapng file");
    const QCommandLineOption absolute("S", "Print absolute TCP sequence numbers (as tcpdump -S).");
    const QCommandLineOption json("json", "JSON Lines: one object per packet.");
    const QCommandLineOption filter("Y", "Only packets matching this tcpdump/BPF expression.", "FILTER");
    const QCommandLineOption count("c", "Stop after COUNT packets.", "COUNT");
    parser.addOptions({absolute, json, filter, count});
    if (!parser.parse(arguments)) {
        printError(parser.errorText().toStdString());
        return kUsage;
    }
    if (parser.isSet("help")) {
        std::fputs(commandHelpText(parser).c_str(), stdout);
        return kOk;
    }
    std::string file;
    if (!requireOneFile(parser.positionalArguments(), "read", file))
        return kUsage;
    std::uint64_t limit = UINT64_MAX;
    if (parser.isSet(count)) {
        bool ok = false;
        limit = parser.value(count).toULongLong(&ok);
        if (!ok) {
            printError("read: -c expects a number of packets, not \"" + parser.value(count).toStdString() + "\"");
            return kUsage;
        }
    }

    PacketStore store;
    std::string error;
    if (!store.open(file, error)) {
        printError(error);
        return kUnreadable;
    }
    CaptureFilter captureFilter;
    if (parser.isSet(filter) && !captureFilter.compile(parser.value(filter).toStdString(), store))
        return kUsage;

    PacketPrinter printer(store, parser.isSet(json), parser.isSet(absolute));
    Output out;
    std::uint64_t printed = 0;
    std::size_t next = 0;
    CaptureReader::Status status = CaptureReader::Status::More;
    while (printed < limit) {
        status = store.loadMore(65536);
        for (; next < store.size() && printed < limit; ++next) {
            bool failed = false;
            if (!captureFilter.matches(store, next, failed)) {
                if (failed)
                    return kUsage;
                continue;
            }
            printer.append(next, out.buffer());
            out.endLine();
            ++printed;
        }
        if (status != CaptureReader::Status::More)
            break;
    }
    out.flush();
    if (printed >= limit && status == CaptureReader::Status::More)
        return kOk;
    return finishReading(store, status);
}

} // namespace synscope::cli
