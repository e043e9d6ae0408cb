// synscope-cli diagram FILE [--stream N[,M...]] [-Y FILTER] [--format svg|png|pdf|mermaid|text]
//                      [--numbers relative|absolute|symbolic] [--endpoints] -o OUT
#include "command_line.h"
#include "commands.h"

#include "diagram/sequence_diagram.h"

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

struct DiagramCommandOptions {
    QCommandLineOption stream = streamListOption("The TCP stream(s) to draw (numbers as in 'conversations').");
    QCommandLineOption filter = displayFilterOption("Draw the packets matching this tcpdump/BPF expression.");
    QCommandLineOption format{"format", "svg, png, pdf, mermaid or text (default: from OUT's extension).", "FORMAT"};
    QCommandLineOption numbers{"numbers", "relative (default), absolute or symbolic (seq=x, ack=x+1 ...).", "MODE",
                               "relative"};
    QCommandLineOption endpoints{"endpoints", "One lifeline per address:port instead of per host."};
    QCommandLineOption out{"o", "Output file ('-' for standard output, text formats only).", "OUT"};
};

// What to draw and where, from the options.
struct DiagramChoice {
    std::string outPath;
    QString format;
    DiagramOptions options;
    std::vector<std::uint32_t> streams;
};

// The output and its format (from --format or the name). kOk or kUsage (message printed).
int readOutput(const CommandLine& line, const DiagramCommandOptions& o, DiagramChoice& choice)
{
    if (!line.isSet(o.out))
        return line.usageError("-o OUT is required (use -o - to print text or mermaid)");
    const std::string& outPath = choice.outPath = line.value(o.out).toStdString();
    QString fmt = line.value(o.format).toLower();
    if (fmt.isEmpty()) {
        const QString suffix = QFileInfo(QString::fromStdString(outPath)).suffix().toLower();
        fmt = suffix == "mmd" || suffix == "mermaid" ? "mermaid" : suffix == "txt" || outPath == "-" ? "text" : suffix;
    }
    if (fmt != "svg" && fmt != "png" && fmt != "pdf" && fmt != "mermaid" && fmt != "text")
        return line.usageError("unknown format \"" + fmt.toStdString() + "\" (svg, png, pdf, mermaid, text)");
    if (outPath == "-" && (fmt == "svg" || fmt == "png" || fmt == "pdf"))
        return line.usageError(fmt.toStdString() + " needs an output file, not standard output");
    choice.format = fmt;
    return kOk;
}

// The output, the numbers and lifelines, the streams.
int readChoice(const CommandLine& line, const DiagramCommandOptions& o, DiagramChoice& choice)
{
    if (const int output = readOutput(line, o, choice); output != kOk)
        return output;
    const QString mode = line.value(o.numbers).toLower();
    if (mode == "absolute")
        choice.options.numbers = DiagramNumbers::Absolute;
    else if (mode == "symbolic")
        choice.options.numbers = DiagramNumbers::Symbolic;
    else if (mode != "relative")
        return line.usageError("--numbers takes relative, absolute or symbolic");
    if (line.isSet(o.endpoints))
        choice.options.lifelines = DiagramLifelines::PerEndpoint;
    QString badPart;
    if (line.isSet(o.stream) && !parseStreamList(line.value(o.stream), true, choice.streams, badPart))
        return line.usageError("--stream takes stream numbers, not \"" + badPart.toStdString() + "\"");
    return kOk;
}

// The diagram of the chosen streams, or else of the packets passing the filter (every packet without one).
int buildDiagram(const CommandLine& line, const PacketStore& store, const DiagramChoice& choice,
                 DisplayFilter& filter, SequenceDiagram& diagram)
{
    if (!choice.streams.empty()) {
        for (std::uint32_t s : choice.streams)
            if (s >= store.tracker().connections().size())
                return line.usageError("the capture has no TCP stream " + std::to_string(s) + " (it has " +
                                       std::to_string(store.tracker().connections().size()) + ")");
        diagram = buildConnectionDiagram(store, choice.streams, choice.options);
        return kOk;
    }
    std::vector<std::uint32_t> packets;
    for (std::size_t i = 0; i < store.size(); ++i) {
        if (filter.matches(store, i))
            packets.push_back(static_cast<std::uint32_t>(i));
        else if (filter.failed())
            return displayFilterFailure(filter);
    }
    diagram = buildPacketDiagram(store, packets, choice.options);
    return kOk;
}

// Text formats are written here; svg, png and pdf are drawn by `render`.
int writeDiagram(const SequenceDiagram& diagram, const DiagramChoice& choice, const DiagramRenderer& render)
{
    const QString& fmt = choice.format;
    const std::string& outPath = choice.outPath;
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

} // namespace

int runDiagram(const QStringList& arguments, const DiagramRenderer& render)
{
    CommandLine line("diagram", "Draws the sequence diagram of TCP connections: one arrow per packet, the phases of "
                                "each connection's life named, and each side's TCP states where they change.");
    line.addFileArgument();
    const DiagramCommandOptions o;
    line.addOptions({o.stream, o.filter, o.format, o.numbers, o.endpoints, o.out});
    int exitCode = kOk;
    if (!line.parse(arguments, exitCode))
        return exitCode;
    DiagramChoice choice;
    if (const int chosen = readChoice(line, o, choice); chosen != kOk)
        return chosen;

    PacketStore store;
    if (const int opened = openCapture(store, line.file()); opened != kOk)
        return opened;
    DisplayFilter filter;
    if (line.isSet(o.filter) && !setUpDisplayFilter(filter, line.value(o.filter).toStdString(), store))
        return kUsage;
    if (const int loaded = loadWholeCapture(store); loaded != kOk)
        return loaded;
    SequenceDiagram diagram;
    if (const int built = buildDiagram(line, store, choice, filter, diagram); built != kOk)
        return built;
    return writeDiagram(diagram, choice, render);
}

} // namespace synscope::cli
