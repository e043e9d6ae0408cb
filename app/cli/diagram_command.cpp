// synscope-cli diagram FILE [--stream N[,M...]] [-Y FILTER] [--format svg|png|pdf|mermaid|text]
//                      [--numbers relative|absolute|symbolic] [--endpoints] -o OUT
#include "cli_common.h"
#include "commands.h"

#include "diagram/sequence_diagram.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>

namespace synscope::cli {

namespace {

bool writeFile(const std::string& path, const std::string& text)
{
    if (path == "-") {
        std::fwrite(text.data(), 1, text.size(), stdout);
        return true;
    }
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        printError("cannot write \"" + path + "\": " + f.errorString().toStdString());
        return false;
    }
    if (f.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size()) || !f.flush()) {
        printError("cannot write \"" + path + "\": " + f.errorString().toStdString());
        return false;
    }
    return true;
}

} // namespace

int runDiagram(const QStringList& arguments, const DiagramRenderer& render)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Draws the sequence diagram of TCP connections: one arrow per packet, the phases of each connection's "
        "life named, and each side's TCP states where they change.");
    parser.addHelpOption();
    parser.addPositionalArgument("FILE", "pcap or pcapng file");
    const QCommandLineOption stream("stream", "The TCP stream(s) to draw (numbers as in 'conversations').", "N[,M...]");
    const QCommandLineOption filter("Y", "Draw the packets matching this tcpdump/BPF expression.", "FILTER");
    const QCommandLineOption format("format", "svg, png, pdf, mermaid or text (default: from OUT's extension).",
                                    "FORMAT");
    const QCommandLineOption numbers("numbers", "relative (default), absolute or symbolic (seq=x, ack=x+1 ...).",
                                     "MODE", "relative");
    const QCommandLineOption endpoints("endpoints", "One lifeline per address:port instead of per host.");
    const QCommandLineOption out("o", "Output file ('-' for standard output, text formats only).", "OUT");
    parser.addOptions({stream, filter, format, numbers, endpoints, out});
    if (!parser.parse(arguments)) {
        printError(parser.errorText().toStdString());
        return kUsage;
    }
    if (parser.isSet("help")) {
        std::fputs(commandHelpText(parser).c_str(), stdout);
        return kOk;
    }
    std::string file;
    if (!requireOneFile(parser.positionalArguments(), "diagram", file))
        return kUsage;
    if (!parser.isSet(out)) {
        printError("diagram: -o OUT is required (use -o - to print text or mermaid)");
        return kUsage;
    }
    const std::string outPath = parser.value(out).toStdString();
    QString fmt = parser.value(format).toLower();
    if (fmt.isEmpty()) {
        const QString suffix = QFileInfo(QString::fromStdString(outPath)).suffix().toLower();
        fmt = suffix == "mmd" || suffix == "mermaid" ? "mermaid" : suffix == "txt" || outPath == "-" ? "text" : suffix;
    }
    if (fmt != "svg" && fmt != "png" && fmt != "pdf" && fmt != "mermaid" && fmt != "text") {
        printError("diagram: unknown format \"" + fmt.toStdString() + "\" (svg, png, pdf, mermaid, text)");
        return kUsage;
    }
    if (outPath == "-" && (fmt == "svg" || fmt == "png" || fmt == "pdf")) {
        printError("diagram: " + fmt.toStdString() + " needs an output file, not standard output");
        return kUsage;
    }
    DiagramOptions options;
    const QString mode = parser.value(numbers).toLower();
    if (mode == "absolute")
        options.numbers = DiagramNumbers::Absolute;
    else if (mode == "symbolic")
        options.numbers = DiagramNumbers::Symbolic;
    else if (mode != "relative") {
        printError("diagram: --numbers takes relative, absolute or symbolic");
        return kUsage;
    }
    if (parser.isSet(endpoints))
        options.lifelines = DiagramLifelines::PerEndpoint;
    std::vector<std::uint32_t> streams;
    if (parser.isSet(stream)) {
        for (const QString& part : parser.value(stream).split(',', Qt::SkipEmptyParts)) {
            bool ok = false;
            const uint v = part.trimmed().toUInt(&ok);
            if (!ok) {
                printError("diagram: --stream takes stream numbers, not \"" + part.toStdString() + "\"");
                return kUsage;
            }
            streams.push_back(v);
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
    CaptureReader::Status status;
    do
        status = store.loadMore(65536);
    while (status == CaptureReader::Status::More);
    const int readStatus = finishReading(store, status);
    if (readStatus != kOk)
        return readStatus;

    SequenceDiagram diagram;
    if (!streams.empty()) {
        for (std::uint32_t s : streams)
            if (s >= store.tracker().connections().size()) {
                printError("diagram: the capture has no TCP stream " + std::to_string(s) + " (it has " +
                           std::to_string(store.tracker().connections().size()) + ")");
                return kUsage;
            }
        diagram = buildConnectionDiagram(store, streams, options);
    } else {
        std::vector<std::uint32_t> packets;
        for (std::size_t i = 0; i < store.size(); ++i) {
            bool failed = false;
            if (captureFilter.matches(store, i, failed))
                packets.push_back(static_cast<std::uint32_t>(i));
            if (failed)
                return kUsage;
        }
        diagram = buildPacketDiagram(store, packets, options);
    }
    if (fmt == "mermaid")
        return writeFile(outPath, diagramToMermaid(diagram)) ? kOk : kUnreadable;
    if (fmt == "text")
        return writeFile(outPath, diagramToText(diagram)) ? kOk : kUnreadable;
    if (!render) {
        printError("diagram: this build of synscope-cli cannot draw " + fmt.toStdString() +
                   " (it was built without the GUI library)");
        return kUsage;
    }
    std::string renderError;
    if (!render(diagram, fmt.toStdString(), outPath, renderError)) {
        printError(renderError);
        return kUnreadable;
    }
    return kOk;
}

} // namespace synscope::cli
