// synscope-cli: the headless front end over SynScope's core, for scripts, CI and benchmarks.
#include "cli_common.h"
#include "commands.h"

#include "app/bench/bench_command.h"

#include "ui/render/diagram_export.h"

#include <QApplication>
#include <QCoreApplication>
#include <QGuiApplication>
#include <memory>
#include <cstdio>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace {

const char* const kUsage =
    "Usage: synscope-cli COMMAND [OPTIONS] ...\n"
    "\n"
    "Commands:\n"
    "  read FILE [-S] [--json] [-Y FILTER] [-c COUNT]   print packets (tcpdump style, or JSON Lines)\n"
    "  conversations FILE [--json] [-Y FILTER]           every TCP connection: how it opened and closed\n"
    "  diagram FILE [--stream N] [-Y FILTER] [--format svg|png|pdf|mermaid|text] -o OUT\n"
    "                                                    sequence diagram: handshakes, teardowns, states\n"
    "  export FILE -w OUT [-Y FILTER] [--stream N[,M...]] [--range R] [--format pcap|pcapng]\n"
    "                                                    write chosen packets to a new pcap/pcapng file\n"
    "  capture [-i IFACE]... [-f FILTER] [-c N] [-a duration:S|filesize:KB] [-w OUT] [--json]\n"
    "                                                    live capture through libpcap, every packet kept\n"
    "  interfaces [--json] [--link-types IFACE]          interfaces to capture on (as tcpdump -D / -L)\n"
    "  graph FILE --type stevens|throughput|rtt|window|io [--stream N] [-Y FILTER]... -o OUT.png|.pdf|.csv\n"
    "                                                    TCP stream graphs of a connection, or the I/O graph\n"
    "  bench FILE                                        time and memory of indexing, decoding, analysis\n"
    "  bench --graph stevens|throughput|rtt|window|io FILE [--stream N]\n"
    "                                                    time one graph: compute, decimate, paint\n"
    "  bench --diagram FILE [--stream N]                 time a sequence diagram: SVG export, paint per frame\n"
    "  bench --live [--seconds S] [--rate PPS] [--follow] [-w OUT]\n"
    "                                                    live capture of loopback traffic it generates (root)\n"
    "\n"
    "Run 'synscope-cli COMMAND --help' for a command's options.\n"
    "Exit status: 0 success (also for a file cut short, with a warning), 1 unreadable file or failed\n"
    "capture, 2 bad usage.\n";

} // namespace

int main(int argc, char** argv)
{
    // Drawing a diagram needs fonts, which need a GUI application; it runs offscreen, without a display.
    // Graphs are drawn by the desktop program's plot widget (QCustomPlot), which needs a QApplication.
    bool graphing = argc > 1 && std::strcmp(argv[1], "graph") == 0;
    bool diagramBench = false;
    for (int i = 2; argc > 1 && std::strcmp(argv[1], "bench") == 0 && i < argc; ++i) {
        graphing = graphing || std::strcmp(argv[i], "--graph") == 0;
        diagramBench = diagramBench || std::strcmp(argv[i], "--diagram") == 0;
    }
    const bool drawing = graphing || diagramBench || (argc > 1 && std::strcmp(argv[1], "diagram") == 0);
    if (drawing && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (drawing && qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
        // Qt wants a private runtime folder (root shells often have none) and complains without one.
        const QByteArray dir = "/tmp/synscope-runtime-" + QByteArray::number(getuid());
        ::mkdir(dir.constData(), 0700);
        qputenv("XDG_RUNTIME_DIR", dir);
    }
    std::unique_ptr<QCoreApplication> application;
    if (graphing)
        application = std::make_unique<QApplication>(argc, argv);
    else if (drawing)
        application = std::make_unique<QGuiApplication>(argc, argv);
    else
        application = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName("synscope-cli");
    QCoreApplication::setApplicationVersion(SYNSCOPE_VERSION);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() < 2 || args[1] == "--help" || args[1] == "-h" || args[1] == "help") {
        std::fputs(kUsage, args.size() < 2 ? stderr : stdout);
        return args.size() < 2 ? synscope::cli::kUsage : synscope::cli::kOk;
    }
    if (args[1] == "--version" || args[1] == "-v") {
        std::printf("synscope-cli %s\n", SYNSCOPE_VERSION);
        return 0;
    }
    QStringList rest = args.mid(2);
    rest.prepend("synscope-cli " + args[1]);
    const QString command = args[1];
    if (command == "read")
        return synscope::cli::runRead(rest);
    if (command == "conversations")
        return synscope::cli::runConversations(rest);
    if (command == "export")
        return synscope::cli::runExport(rest);
    if (command == "capture")
        return synscope::cli::runCapture(rest);
    if (command == "interfaces")
        return synscope::cli::runInterfaces(rest);
    if (command == "bench")
        return synscope::cli::runBench(rest);
    if (command == "graph")
        return synscope::cli::runGraph(rest);
    if (command == "diagram")
        return synscope::cli::runDiagram(rest, [](const synscope::SequenceDiagram& d, const std::string& format,
                                                  const std::string& path, std::string& error) {
            QString message;
            const bool ok = synscope::exportDiagram(d, {}, format, QString::fromStdString(path), message);
            error = message.toStdString();
            return ok;
        });
    synscope::cli::printError("unknown command \"" + command.toStdString() + "\"\n\n" + kUsage);
    return synscope::cli::kUsage;
}
