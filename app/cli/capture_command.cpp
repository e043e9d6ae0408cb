// synscope-cli capture [-i IFACE]... [-f FILTER] [-c N] [-a duration:S|filesize:KB|packets:N] [-w OUT] [--json]
#include "command_line.h"
#include "commands.h"
#include "packet_printer.h"

#include "live/capture_permissions.h"
#include "live/capture_spool.h"
#include "live/interfaces.h"
#include "live/live_capture.h"
#include "store/page_release.h"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

namespace synscope::cli {

namespace {

// The capture a signal handler stops; requestStop() is async-signal-safe (an atomic and a pipe write).
std::atomic<LiveCapture*> g_signalledCapture{nullptr};

extern "C" void stopOnSignal(int)
{
    if (LiveCapture* c = g_signalledCapture.load())
        c->requestStop();
}

void installStopHandlers(LiveCapture* capture)
{
    g_signalledCapture.store(capture);
    struct sigaction sa {};
    sa.sa_handler = stopOnSignal;
    sigemptyset(&sa.sa_mask);
    for (int signal : {SIGINT, SIGTERM, SIGHUP})
        sigaction(signal, &sa, nullptr);
    // A reader that goes away (piped into head) ends the capture cleanly instead of killing the program.
    std::signal(SIGPIPE, SIG_IGN);
}

void removeStopHandlers()
{
    for (int signal : {SIGINT, SIGTERM, SIGHUP})
        std::signal(signal, SIG_DFL);
    g_signalledCapture.store(nullptr);
}

bool parseCount(const QString& text, std::uint64_t& out)
{
    bool ok = false;
    out = text.toULongLong(&ok);
    return ok && out > 0;
}

// "-a duration:S", "-a filesize:KB" (1000 bytes, as tshark), "-a packets:N".
bool parseAutostop(const QString& spec, LiveOptions& o, std::string& error)
{
    const int colon = spec.indexOf(':');
    const QString key = spec.left(colon), value = spec.mid(colon + 1);
    bool ok = false;
    if (colon > 0 && key == "duration") {
        o.stopAfterSeconds = value.toDouble(&ok);
        ok = ok && o.stopAfterSeconds > 0;
    } else if (colon > 0 && key == "filesize") {
        const std::uint64_t kb = value.toULongLong(&ok);
        o.stopAfterBytes = kb * 1000;
        ok = ok && kb > 0;
    } else if (colon > 0 && key == "packets") {
        ok = parseCount(value, o.stopAfterPackets);
    } else {
        error = "capture: -a expects duration:SECONDS, filesize:KB or packets:N, not \"" + spec.toStdString() + "\"";
        return false;
    }
    if (!ok)
        error = "capture: -a " + key.toStdString() + " needs a positive number, not \"" + value.toStdString() + "\"";
    return ok;
}

// The interface tcpdump would pick without -i: the first that is up and running and not a loopback.
std::string defaultInterface(std::string& error)
{
    const std::vector<CaptureDevice> devices = listCaptureDevices(error);
    for (const CaptureDevice& d : devices)
        if (d.up && d.running && !d.loopback && d.name != "any")
            return d.name;
    if (error.empty())
        error = "no interface is up to capture on; name one with -i ('synscope-cli interfaces' lists them)";
    return {};
}

struct CaptureCommandOptions {
    QCommandLineOption iface{"i",
                             "Interface to capture on; repeat for several (one pcapng, one IDB each). Default: the "
                             "first that is up, as tcpdump picks.",
                             "IFACE"};
    QCommandLineOption captureFilter{"f", "Capture filter (tcpdump/BPF syntax), checked before starting.", "FILTER"};
    QCommandLineOption count{"c", "Stop after N packets.", "N"};
    QCommandLineOption autostop{"a",
                                "Stop condition: duration:SECONDS, filesize:KB (1000 bytes) or packets:N; repeat to "
                                "combine (the first one met stops).",
                                "COND"};
    QCommandLineOption write{"w",
                             "Write the packets to OUT: pcapng, or pcap when OUT ends in .pcap. Without -w they go "
                             "to a temporary file that is removed at the end.",
                             "OUT"};
    QCommandLineOption overwrite{"overwrite", "Replace OUT when it exists (otherwise refused)."};
    QCommandLineOption json{"json", "Print JSON Lines (as read --json) instead of tcpdump-style lines."};
    QCommandLineOption absolute{"S", "Print absolute TCP sequence numbers (as tcpdump -S)."};
    QCommandLineOption quiet{"q", "Print no packets, only the statistics at the end."};
    QCommandLineOption snaplen{"s", "Snapshot length: bytes kept of each packet (default 262144).", "BYTES"};
    QCommandLineOption noPromiscuous{"p", "Do not put the interface into promiscuous mode."};
    QCommandLineOption buffer{"B", "Kernel buffer size in KiB (as tcpdump -B; default 32768).", "KIB"};
    QCommandLineOption immediate{"immediate", "Hand over each packet at once instead of in blocks."};
    QCommandLineOption linkType{"y",
                                "Link type to capture with, e.g. LINUX_SLL2 on 'any' (see 'synscope-cli interfaces "
                                "--link-types IFACE').",
                                "TYPE"};
};

// The filter and the stop conditions. kOk or kUsage (message printed).
int readFilterAndLimits(const CommandLine& line, const CaptureCommandOptions& o, LiveOptions& live)
{
    if (line.isSet(o.captureFilter) && !line.positionalArguments().isEmpty())
        return line.usageError("give the capture filter either with -f or after the options, not both");
    live.filter =
        (line.isSet(o.captureFilter) ? line.value(o.captureFilter) : line.positionalArguments().join(' ')).toStdString();
    if (line.isSet(o.count) && !parseCount(line.value(o.count), live.stopAfterPackets))
        return line.usageError("-c expects a positive number of packets, not \"" + line.value(o.count).toStdString() +
                               "\"");
    std::string error;
    for (const QString& spec : line.values(o.autostop))
        if (!parseAutostop(spec, live, error)) {
            printError(error);
            return kUsage;
        }
    return kOk;
}

// The interfaces, the filter, the limits and how libpcap captures. kOk or kUsage (message printed).
int readLiveOptions(const CommandLine& line, const CaptureCommandOptions& o, LiveOptions& live)
{
    for (const QString& name : line.values(o.iface))
        live.interfaces.push_back(name.toStdString());
    if (const int read = readFilterAndLimits(line, o, live); read != kOk)
        return read;
    if (line.isSet(o.snaplen)) {
        bool ok = false;
        live.snapLength = line.value(o.snaplen).toInt(&ok);
        if (!ok || live.snapLength <= 0 || live.snapLength > 262144)
            return line.usageError("-s expects a snapshot length from 1 to 262144 bytes");
    }
    live.promiscuous = !line.isSet(o.noPromiscuous);
    if (line.isSet(o.buffer)) {
        bool ok = false;
        live.bufferSizeKiB = line.value(o.buffer).toUInt(&ok);
        if (!ok || live.bufferSizeKiB == 0)
            return line.usageError("-B expects a buffer size in KiB");
    }
    live.immediate = line.isSet(o.immediate);
    if (line.isSet(o.linkType)) {
        live.linkType = linkTypeFromName(line.value(o.linkType).toStdString());
        if (live.linkType < 0)
            return line.usageError("unknown link type \"" + line.value(o.linkType).toStdString() +
                                   "\" (names as tcpdump -L prints them, e.g. EN10MB, LINUX_SLL2)");
    }
    return kOk;
}

// Where the packets go: -w OUT, or a spool file removed at the end. Then the interface to capture on
// when none was named. kOk, kUsage or kUnreadable (message printed).
int chooseOutputAndInterface(const CommandLine& line, const CaptureCommandOptions& o, LiveOptions& live,
                             SpoolFileClaim& spool)
{
    std::string error;
    if (line.isSet(o.write)) {
        live.outputPath = line.value(o.write).toStdString();
        if (live.outputPath == "-")
            return line.usageError("-w - (standard output) is not supported; name a file");
        if (fileExists(live.outputPath) && !line.isSet(o.overwrite))
            return line.usageError(live.outputPath + " exists; choose another name or add --overwrite to replace it");
    } else {
        if (!spool.create(error)) {
            // Missing capture rights come first: a user who fixes the cache folder would meet them next.
            if (!captureRoute().canCapture())
                printError("no permission to capture. Capturing needs the CAP_NET_RAW and CAP_NET_ADMIN "
                           "capabilities: " + captureRightsAdvice());
            printError(error);
            return kUnreadable;
        }
        live.outputPath = spool.path();
    }
    if (live.interfaces.empty()) {
        const std::string name = defaultInterface(error);
        if (name.empty()) {
            printError(error);
            return kUnreadable;
        }
        live.interfaces.push_back(name);
    }
    return kOk;
}

// What tcpdump says when it starts: the interfaces, where the packets go.
void announceCapture(const LiveCapture& capture, const LiveOptions& live, bool toNamedFile)
{
    for (std::size_t i = 0; i < capture.interfaces().size(); ++i) {
        const WriterInterface& w = capture.interfaces()[i];
        std::fprintf(stderr, "synscope-cli: listening on %s, link-type %s, snapshot length %u bytes\n",
                     w.name.c_str(), linkTypeText(w.linkType).c_str(), w.snapLength);
    }
    if (toNamedFile)
        std::fprintf(stderr, "synscope-cli: writing to %s\n", live.outputPath.c_str());
    if (capture.throughHelper())
        std::fprintf(stderr, "synscope-cli: capturing through the capture helper %s\n", findCaptureHelper().c_str());
}

// Follows the file the capture writes and prints its packets until the capture has stopped and its last
// packets are printed; the capture never waits for this printing. Returns the exit code.
int printWhileCapturing(LiveCapture& capture, const std::string& path, bool json, bool absolute)
{
    PacketStore store;
    std::string error;
    if (!store.open(path, error, true)) {
        printError(error);
        capture.requestStop();
        capture.wait();
        return kUnreadable;
    }
    // Printed packets give their pages back, so a long capture does not grow the process.
    PacketPrinter printer(store, json, absolute, PageRelease::kDefaultEvery);
    std::size_t next = 0;
    bool finalPass = false;
    int result = kOk;
    while (true) {
        const CaptureReader::Status status = store.loadMore(65536);
        std::string out;
        for (; next < store.size(); ++next) {
            printer.append(next, out);
            out += '\n';
        }
        // stdout is a pipe's buffer: a reader that went away shows when the buffer is flushed.
        if (!out.empty() &&
            (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() || std::fflush(stdout) != 0)) {
            capture.requestStop(); // nobody reads us any more
        }
        if (status == CaptureReader::Status::More)
            continue;
        if (status == CaptureReader::Status::Error) {
            printError(store.reader().describe(store.reader().error()));
            capture.requestStop();
            result = kUnreadable;
            break;
        }
        // The end of what is written so far (or a block half written): look again shortly.
        if (finalPass)
            break;
        if (!capture.running())
            finalPass = true;
        else
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        store.refresh(error);
    }
    capture.wait();
    return result;
}

} // namespace

int runCapture(const QStringList& arguments)
{
    CommandLine line("capture", "Captures live traffic through libpcap (as root; otherwise through the capture "
                                "helper synscope-capture, which members of the synscope group may run), writes every "
                                "packet to a file as it arrives, and prints them as 'read' does. Ctrl-C (SIGINT) or "
                                "SIGTERM stops it with everything written; the statistics lines follow, as tcpdump "
                                "prints them.");
    line.addPositionalArgument("FILTER", "Capture filter, as tcpdump takes it after its options (or use -f).",
                               "[FILTER...]");
    const CaptureCommandOptions o;
    line.addOptions({o.iface, o.captureFilter, o.count, o.autostop, o.write, o.overwrite, o.json, o.absolute, o.quiet,
                     o.snaplen, o.noPromiscuous, o.buffer, o.immediate, o.linkType});
    int exitCode = kOk;
    if (!line.parse(arguments, exitCode))
        return exitCode;
    LiveOptions live;
    if (const int read = readLiveOptions(line, o, live); read != kOk)
        return read;
    SpoolFileClaim spool;
    if (const int chosen = chooseOutputAndInterface(line, o, live, spool); chosen != kOk)
        return chosen;

    LiveCapture capture;
    std::string error;
    if (!capture.start(live, error)) {
        printError(error);
        spool.remove();
        // An invalid filter is bad usage (exit 2), as for every other command.
        return capture.startFailure() == LiveCapture::StartFailure::BadFilter ? kUsage : kUnreadable;
    }
    installStopHandlers(&capture);
    announceCapture(capture, live, line.isSet(o.write));
    int result = kOk;
    if (line.isSet(o.quiet))
        capture.wait();
    else
        result = printWhileCapturing(capture, live.outputPath, line.isSet(o.json), line.isSet(o.absolute));
    removeStopHandlers();

    std::fputs(capture.summaryText().c_str(), stderr);
    const std::string failure = capture.failure();
    if (!line.isSet(o.write))
        spool.remove();
    if (!failure.empty()) {
        printError(failure + (line.isSet(o.write) ? "; the packets before it are in " + live.outputPath : ""));
        return kUnreadable;
    }
    return result;
}

} // namespace synscope::cli
