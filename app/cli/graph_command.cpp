// synscope-cli graph FILE [--stream N] --type stevens|throughput|rtt|window|io [-Y FILTER]... [--direction client|server]
//                    [--average S] [--interval S] [--unit packets|bytes|bits] [--log] [--size WxH] -o OUT.png|.pdf|.csv|-
// CSV is written by the core alone; PNG and PDF are drawn by the desktop program's GraphPlot, offscreen.
#include "command_line.h"
#include "commands.h"

#include "ui/plot/graph_plot.h"
#include "graphs/graph_request.h"

#include <QFile>
#include <QFileInfo>
#include <cstdio>

namespace synscope::cli {

namespace {

bool parseSize(const QString& text, int& width, int& height)
{
    const QStringList parts = text.toLower().split('x');
    if (parts.size() != 2)
        return false;
    bool okW = false, okH = false;
    width = parts[0].toInt(&okW);
    height = parts[1].toInt(&okH);
    return okW && okH && width >= 200 && height >= 150 && width <= 10000 && height <= 10000;
}

bool writeCsv(const std::string& path, const std::string& text)
{
    if (path == "-") {
        std::fwrite(text.data(), 1, text.size(), stdout);
        return std::fflush(stdout) == 0;
    }
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        f.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size()) || !f.flush()) {
        printError("cannot write \"" + path + "\": " + f.errorString().toStdString());
        return false;
    }
    return true;
}

struct GraphOptions {
    QCommandLineOption stream{"stream", "The TCP stream (numbers as in 'conversations'); stream graphs only.", "N"};
    QCommandLineOption type{"type", "stevens, throughput, rtt, window or io.", "TYPE"};
    QCommandLineOption filter = displayFilterOption(
        "tcpdump/BPF filter. Stream graphs: only the connection's packets matching it. I/O graph: one line per -Y "
        "(default: one line of all packets).");
    QCommandLineOption direction{"direction", "Stream graphs: the data sent by the client (default) or by the server.",
                                 "client|server", "client"};
    QCommandLineOption average{"average", "Throughput: moving-average window in seconds (default 1).", "S", "1"};
    QCommandLineOption interval{"interval", "I/O graph: interval in seconds, 0.001 to 600 (default 1).", "S", "1"};
    QCommandLineOption unit{"unit", "I/O graph: packets (default), bytes or bits per interval.", "UNIT", "packets"};
    QCommandLineOption log{"log", "Logarithmic value axis (PNG/PDF)."};
    QCommandLineOption size{"size", "Picture size in pixels (PNG/PDF; default 1200x700).", "WxH", "1200x700"};
    QCommandLineOption out{"o", "Output file: .png, .pdf or .csv ('-': CSV on standard output).", "OUT"};
};

// The I/O graph's options: interval, unit, one line per -Y. kOk or kUsage (message printed).
int readIoOptions(const CommandLine& line, const GraphOptions& o, graphs::GraphRequest& request)
{
    bool ok = false;
    const double seconds = line.value(o.interval).toDouble(&ok);
    if (!ok || !graphs::ioIntervalFromSeconds(seconds, request.io.intervalNs))
        return line.usageError("--interval must be between 0.001 (1 ms) and 600 (10 min) seconds");
    if (!graphs::parseIoUnit(line.value(o.unit).toLower().toStdString(), request.io.unit))
        return line.usageError("--unit takes packets, bytes or bits");
    for (const QString& f : line.values(o.filter))
        request.io.lines.push_back({{}, f.toStdString(), 0, graphs::SeriesStyle::Line});
    return kOk;
}

// A stream graph's options: the stream, direction, averaging window, at most one -Y.
int readStreamOptions(const CommandLine& line, const GraphOptions& o, graphs::GraphRequest& request)
{
    if (!line.isSet(o.stream))
        return line.usageError("a stream graph needs --stream N (see 'synscope-cli conversations')");
    bool ok = false;
    request.stream = line.value(o.stream).toUInt(&ok);
    if (!ok)
        return line.usageError("--stream takes a stream number, not \"" + line.value(o.stream).toStdString() + "\"");
    const QString d = line.value(o.direction).toLower();
    if (d == "client" || d == "c2s")
        request.options.direction = graphs::Direction::ClientToServer;
    else if (d == "server" || d == "s2c")
        request.options.direction = graphs::Direction::ServerToClient;
    else
        return line.usageError("--direction takes client or server");
    request.options.averageSeconds = line.value(o.average).toDouble(&ok);
    if (!ok || !(request.options.averageSeconds > 0) || request.options.averageSeconds > 3600)
        return line.usageError("--average takes seconds, more than 0 and at most 3600");
    const QStringList filters = line.values(o.filter);
    if (filters.size() > 1)
        return line.usageError("a stream graph takes one -Y filter");
    if (!filters.isEmpty())
        request.streamFilter = filters.first().toStdString();
    return kOk;
}

// The output (its format from the name), the graph type and its options, the picture size.
int readRequest(const CommandLine& line, const GraphOptions& o, graphs::GraphRequest& request, QString& suffix,
                int& width, int& height)
{
    if (!line.isSet(o.out))
        return line.usageError("-o OUT is required (.png, .pdf or .csv; -o - prints CSV)");
    const QString outPath = line.value(o.out);
    suffix = outPath == "-" ? QStringLiteral("csv") : QFileInfo(outPath).suffix().toLower();
    if (suffix != "png" && suffix != "pdf" && suffix != "csv")
        return line.usageError("unknown output format \"" + suffix.toStdString() + "\" (use .png, .pdf or .csv)");
    if (!line.isSet(o.type))
        return line.usageError("--type is required (stevens, throughput, rtt, window or io)");
    if (!graphs::parseGraphType(line.value(o.type).toLower().toStdString(), request.type))
        return line.usageError("unknown --type \"" + line.value(o.type).toStdString() +
                               "\" (stevens, throughput, rtt, window or io)");
    const int options = request.type == graphs::GraphType::Io ? readIoOptions(line, o, request)
                                                               : readStreamOptions(line, o, request);
    if (options != kOk)
        return options;
    if (!parseSize(line.value(o.size), width, height))
        return line.usageError("--size takes WIDTHxHEIGHT in pixels, from 200x150 to 10000x10000");
    return kOk;
}

// Draws the graph as PNG or PDF with the desktop program's plot, offscreen.
int drawGraph(const std::shared_ptr<graphs::GraphData>& graph, const QString& outPath, int width, int height,
              bool logScale)
{
    GraphPlot plot;
    plot.resize(width, height);
    plot.setGraph(graph);
    plot.setLogScale(logScale);
    QString message;
    if (!plot.saveAs(outPath, &message, width, height)) {
        printError(message.toStdString());
        return kUnreadable;
    }
    return kOk;
}

} // namespace

int runGraph(const QStringList& arguments)
{
    CommandLine line("graph", "Draws a TCP stream graph of one connection (sequence numbers as Stevens/tcptrace draw "
                              "them, throughput and goodput, round-trip times, window and bytes in flight) or the "
                              "I/O graph of the capture, as PNG or PDF, or writes the plotted data as CSV.");
    line.addFileArgument();
    const GraphOptions o;
    line.addOptions({o.stream, o.type, o.filter, o.direction, o.average, o.interval, o.unit, o.log, o.size, o.out});
    int exitCode = kOk;
    if (!line.parse(arguments, exitCode))
        return exitCode;
    graphs::GraphRequest request;
    QString suffix;
    int width = 0, height = 0;
    if (const int read = readRequest(line, o, request, suffix, width, height); read != kOk)
        return read;

    PacketStore store;
    if (const int loaded = openWholeCapture(store, line.file()); loaded != kOk)
        return loaded;
    auto graph = std::make_shared<graphs::GraphData>();
    std::string error;
    if (!graphs::computeGraph(store, request, *graph, error)) {
        printError("graph: " + error);
        return kUsage;
    }
    if (!graph->note.empty())
        printWarning(graph->note);
    if (suffix == "csv")
        return writeCsv(line.value(o.out).toStdString(), graphs::toCsv(*graph)) ? kOk : kUnreadable;
    return drawGraph(graph, line.value(o.out), width, height, line.isSet(o.log));
}

} // namespace synscope::cli
