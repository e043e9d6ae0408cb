// synscope-cli capture [-i IFACE]... [-f FILTER] [-c N] [-a duration:S|filesize:KB|packets:N] [-w OUT] [--json]
// synscope-cli interfaces [--json]
#include "cli_common.h"
#include "commands.h"
#include "packet_printer.h"

#include "live/capture_permissions.h"
#include "live/capture_spool.h"
#include "live/interfaces.h"
#include "live/live_capture.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <sys/stat.h>
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

bool fileExists(const std::string& path)
{
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
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

} // namespace

int runCapture(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Captures live traffic through libpcap (as root; otherwise through the capture helper synscope-capture, "
        "which members of the synscope group may run), "
        "writes every packet to a file as it arrives, and prints them as 'read' does. Ctrl-C (SIGINT) or "
        "SIGTERM stops it with everything written; the statistics lines follow, as tcpdump prints them.");
    parser.addHelpOption();
    parser.addPositionalArgument("FILTER", "Capture filter, as tcpdump takes it after its options (or use -f).",
                                 "[FILTER...]");
    const QCommandLineOption iface("i", "Interface to capture on; repeat for several (one pcapng, one IDB each). "
                                        "Default: the first that is up, as tcpdump picks.", "IFACE");
    const QCommandLineOption captureFilter("f", "Capture filter (tcpdump/BPF syntax), checked before starting.",
                                           "FILTER");
    const QCommandLineOption count("c", "Stop after N packets.", "N");
    const QCommandLineOption autostop("a", "Stop condition: duration:SECONDS, filesize:KB (1000 bytes) or "
                                           "packets:N; repeat to combine (the first one met stops).", "COND");
    const QCommandLineOption write("w", "Write the packets to OUT: pcapng, or pcap when OUT ends in .pcap. "
                                        "Without -w they go to a temporary file that is removed at the end.", "OUT");
    const QCommandLineOption overwrite("overwrite", "Replace OUT when it exists (otherwise refused).");
    const QCommandLineOption json("json", "Print JSON Lines (as read --json) instead of tcpdump-style lines.");
    const QCommandLineOption absolute("S", "Print absolute TCP sequence numbers (as tcpdump -S).");
    const QCommandLineOption quiet("q", "Print no packets, only the statistics at the end.");
    const QCommandLineOption snaplen("s", "Snapshot length: bytes kept of each packet (default 262144).", "BYTES");
    const QCommandLineOption noPromiscuous("p", "Do not put the interface into promiscuous mode.");
    const QCommandLineOption buffer("B", "Kernel buffer size in KiB (as tcpdump -B; default 32768).", "KIB");
    const QCommandLineOption immediate("immediate", "Hand over each packet at once instead of in blocks.");
    const QCommandLineOption linkType("y", "Link type to capture with, e.g. LINUX_SLL2 on 'any' (see "
                                           "'synscope-cli interfaces --link-types IFACE').", "TYPE");
    parser.addOptions({iface, captureFilter, count, autostop, write, overwrite, json, absolute, quiet, snaplen,
                       noPromiscuous, buffer, immediate, linkType});
    if (!parser.parse(arguments)) {
        printError(parser.errorText().toStdString());
        return kUsage;
    }
    if (parser.isSet("help")) {
        std::fputs(commandHelpText(parser).c_str(), stdout);
        return kOk;
    }

    LiveOptions o;
    std::string error;
    for (const QString& name : parser.values(iface))
        o.interfaces.push_back(name.toStdString());
    if (parser.isSet(captureFilter) && !parser.positionalArguments().isEmpty()) {
        printError("capture: give the capture filter either with -f or after the options, not both");
        return kUsage;
    }
    o.filter = (parser.isSet(captureFilter) ? parser.value(captureFilter) : parser.positionalArguments().join(' '))
                   .toStdString();
    if (parser.isSet(count) && !parseCount(parser.value(count), o.stopAfterPackets)) {
        printError("capture: -c expects a positive number of packets, not \"" + parser.value(count).toStdString() + "\"");
        return kUsage;
    }
    for (const QString& spec : parser.values(autostop))
        if (!parseAutostop(spec, o, error)) {
            printError(error);
            return kUsage;
        }
    if (parser.isSet(snaplen)) {
        bool ok = false;
        o.snapLength = parser.value(snaplen).toInt(&ok);
        if (!ok || o.snapLength <= 0 || o.snapLength > 262144) {
            printError("capture: -s expects a snapshot length from 1 to 262144 bytes");
            return kUsage;
        }
    }
    o.promiscuous = !parser.isSet(noPromiscuous);
    if (parser.isSet(buffer)) {
        bool ok = false;
        o.bufferSizeKiB = parser.value(buffer).toUInt(&ok);
        if (!ok || o.bufferSizeKiB == 0) {
            printError("capture: -B expects a buffer size in KiB");
            return kUsage;
        }
    }
    o.immediate = parser.isSet(immediate);
    if (parser.isSet(linkType)) {
        o.linkType = linkTypeFromName(parser.value(linkType).toStdString());
        if (o.linkType < 0) {
            printError("capture: unknown link type \"" + parser.value(linkType).toStdString() +
                       "\" (names as tcpdump -L prints them, e.g. EN10MB, LINUX_SLL2)");
            return kUsage;
        }
    }

    SpoolFileClaim spool;
    if (parser.isSet(write)) {
        o.outputPath = parser.value(write).toStdString();
        if (o.outputPath == "-") {
            printError("capture: -w - (standard output) is not supported; name a file");
            return kUsage;
        }
        if (fileExists(o.outputPath) && !parser.isSet(overwrite)) {
            printError("capture: " + o.outputPath + " exists; choose another name or add --overwrite to replace it");
            return kUsage;
        }
    } else {
        if (!spool.create(error)) {
            // Missing capture rights come first: a user who fixes the cache folder would meet them next.
            if (!captureRoute().canCapture())
                printError("no permission to capture. Capturing needs the CAP_NET_RAW and CAP_NET_ADMIN "
                           "capabilities: " + captureRightsAdvice());
            printError(error);
            return kUnreadable;
        }
        o.outputPath = spool.path();
    }
    if (o.interfaces.empty()) {
        const std::string name = defaultInterface(error);
        if (name.empty()) {
            printError(error);
            return kUnreadable;
        }
        o.interfaces.push_back(name);
    }

    LiveCapture capture;
    if (!capture.start(o, error)) {
        printError(error);
        spool.remove();
        // An invalid filter is bad usage (exit 2), as for every other command.
        return capture.startFailure() == LiveCapture::StartFailure::BadFilter ? kUsage : kUnreadable;
    }
    installStopHandlers(&capture);
    for (std::size_t i = 0; i < capture.interfaces().size(); ++i) {
        const WriterInterface& w = capture.interfaces()[i];
        std::fprintf(stderr, "synscope-cli: listening on %s, link-type %s, snapshot length %u bytes\n",
                     w.name.c_str(), linkTypeText(w.linkType).c_str(), w.snapLength);
    }
    if (parser.isSet(write))
        std::fprintf(stderr, "synscope-cli: writing to %s\n", o.outputPath.c_str());
    if (capture.throughHelper())
        std::fprintf(stderr, "synscope-cli: capturing through the capture helper %s\n", findCaptureHelper().c_str());

    int result = kOk;
    if (parser.isSet(quiet)) {
        capture.wait();
    } else {
        // Follow the file the capture writes; the capture never waits for this printing.
        PacketStore store;
        if (!store.open(o.outputPath, error, true)) {
            printError(error);
            capture.requestStop();
            capture.wait();
            result = kUnreadable;
        } else {
            PacketPrinter printer(store, parser.isSet(json), parser.isSet(absolute));
            std::size_t next = 0;
            bool finalPass = false;
            while (true) {
                const CaptureReader::Status status = store.loadMore(65536);
                std::string out;
                const std::size_t first = next;
                for (; next < store.size(); ++next) {
                    printer.append(next, out);
                    out += '\n';
                }
                // Printed packets give their pages back, so a long capture does not grow the process.
                store.releaseBytes(first, next);
                // stdout is a pipe's buffer: a reader that went away shows when the buffer is flushed.
                if (!out.empty() && (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() ||
                                     std::fflush(stdout) != 0)) {
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
        }
    }
    removeStopHandlers();

    std::fputs(capture.summaryText().c_str(), stderr);
    const std::string failure = capture.failure();
    if (!parser.isSet(write))
        spool.remove();
    if (!failure.empty()) {
        printError(failure + (parser.isSet(write) ? "; the packets before it are in " + o.outputPath : ""));
        return kUnreadable;
    }
    return result;
}

int runInterfaces(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Lists the interfaces libpcap can capture on (as tcpdump -D), with their "
                                     "addresses; --link-types IFACE lists the link types one offers (as tcpdump -L).");
    parser.addHelpOption();
    const QCommandLineOption json("json", "One JSON array of interfaces.");
    const QCommandLineOption linkTypes("link-types", "The link types IFACE can capture with.", "IFACE");
    parser.addOptions({json, linkTypes});
    if (!parser.parse(arguments)) {
        printError(parser.errorText().toStdString());
        return kUsage;
    }
    if (parser.isSet("help")) {
        std::fputs(commandHelpText(parser).c_str(), stdout);
        return kOk;
    }
    std::string error;
    if (parser.isSet(linkTypes)) {
        const std::string device = parser.value(linkTypes).toStdString();
        const std::vector<LinkTypeChoice> types = listLinkTypes(device, error);
        if (types.empty()) {
            printError(error.empty() ? "interface " + device + " offers no link type" : error);
            return kUnreadable;
        }
        if (parser.isSet(json)) {
            QJsonArray a;
            for (const LinkTypeChoice& t : types)
                a.append(QJsonObject{{"linktype", static_cast<qint64>(t.linkType)},
                                     {"name", QString::fromStdString(t.name)},
                                     {"description", QString::fromStdString(t.description)}});
            std::printf("%s\n", QJsonDocument(a).toJson(QJsonDocument::Compact).constData());
        } else {
            std::printf("Data link types for %s (use option -y to set):\n", device.c_str());
            for (const LinkTypeChoice& t : types)
                std::printf("  %s (%s)\n", t.name.c_str(), t.description.c_str());
        }
        return kOk;
    }
    const std::vector<CaptureDevice> devices = listCaptureDevices(error);
    if (!error.empty()) {
        printError(error);
        return kUnreadable;
    }
    if (parser.isSet(json)) {
        QJsonArray a;
        for (const CaptureDevice& d : devices) {
            QJsonArray addresses;
            for (const std::string& x : d.addresses)
                addresses.append(QString::fromStdString(x));
            a.append(QJsonObject{{"name", QString::fromStdString(d.name)},
                                 {"description", QString::fromStdString(d.description)},
                                 {"addresses", addresses},
                                 {"up", d.up},
                                 {"running", d.running},
                                 {"loopback", d.loopback},
                                 {"wireless", d.wireless}});
        }
        std::printf("%s\n", QJsonDocument(a).toJson(QJsonDocument::Compact).constData());
        return kOk;
    }
    int n = 0;
    for (const CaptureDevice& d : devices) {
        std::string flags;
        auto add = [&](bool on, const char* what) {
            if (on)
                flags += (flags.empty() ? "" : ", ") + std::string(what);
        };
        add(d.up, "Up");
        add(d.running, "Running");
        add(d.loopback, "Loopback");
        add(d.wireless, "Wireless");
        std::printf("%d.%s", ++n, d.name.c_str());
        if (!d.description.empty())
            std::printf(" (%s)", d.description.c_str());
        if (!flags.empty())
            std::printf(" [%s]", flags.c_str());
        for (const std::string& x : d.addresses)
            std::printf(" %s", x.c_str());
        std::printf("\n");
    }
    if (devices.empty()) {
        printError(captureRoute().canCapture() ? "libpcap found no interface to capture on"
                                       : "no interface found; listing them needs capture rights: " +
                                             captureRightsAdvice());
        return kUnreadable;
    }
    return kOk;
}

} // namespace synscope::cli
