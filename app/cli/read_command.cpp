// synscope-cli read FILE [-S] [--json] [-Y FILTER] [-c COUNT]
#include "command_line.h"
#include "commands.h"
#include "packet_printer.h"

#include "store/page_release.h"

namespace synscope::cli {

namespace {

// Prints the packets of `store` that pass `filter`, at most `limit` of them, loading the file as it
// goes; returns the exit code.
int printPackets(PacketStore& store, DisplayFilter& filter, PacketPrinter& printer, std::uint64_t limit)
{
    Output out;
    // The filter and the printer read every packet's bytes: their pages go back as the pass goes.
    PageRelease release(store);
    std::uint64_t printed = 0;
    std::size_t next = 0;
    CaptureReader::Status status = CaptureReader::Status::More;
    while (printed < limit) {
        status = store.loadMore(65536);
        for (; next < store.size() && printed < limit; ++next) {
            const bool matches = filter.matches(store, next);
            if (matches) {
                printer.append(next, out.buffer());
                out.endLine();
                ++printed;
            }
            release.read(next);
            if (!matches && filter.failed())
                return displayFilterFailure(filter);
        }
        if (status != CaptureReader::Status::More)
            break;
    }
    out.flush();
    if (printed >= limit && status == CaptureReader::Status::More)
        return kOk;
    return finishReading(store, status);
}

} // namespace

int runRead(const QStringList& arguments)
{
    CommandLine line("read", "Prints every packet of a capture file: one line each in tcpdump's style (like "
                             "tcpdump -n -tt -r), or with --json one JSON object each, keyed by Wireshark field names.");
    line.addFileArgument();
    const QCommandLineOption absolute("S", "Print absolute TCP sequence numbers (as tcpdump -S).");
    const QCommandLineOption json("json", "JSON Lines: one object per packet.");
    const QCommandLineOption filter = displayFilterOption("Only packets matching this tcpdump/BPF expression.");
    const QCommandLineOption count("c", "Stop after COUNT packets.", "COUNT");
    line.addOptions({absolute, json, filter, count});
    int exitCode = kOk;
    if (!line.parse(arguments, exitCode))
        return exitCode;
    std::uint64_t limit = UINT64_MAX;
    if (line.isSet(count)) {
        bool ok = false;
        limit = line.value(count).toULongLong(&ok);
        if (!ok)
            return line.usageError("-c expects a number of packets, not \"" + line.value(count).toStdString() + "\"");
    }

    PacketStore store;
    if (const int opened = openCapture(store, line.file()); opened != kOk)
        return opened;
    DisplayFilter displayFilter;
    if (line.isSet(filter) && !setUpDisplayFilter(displayFilter, line.value(filter).toStdString(), store))
        return kUsage;
    PacketPrinter printer(store, line.isSet(json), line.isSet(absolute));
    return printPackets(store, displayFilter, printer, limit);
}

} // namespace synscope::cli
