// synscope-cli graph FILE [--stream N] --type stevens|throughput|rtt|window|io [-Y FILTER]... [--direction client|server]
//                    [--average S] [--interval S] [--unit packets|bytes|bits] [--log] [--size WxH] -o OUT.png|.pdf|.csv|-
// CSV is written by the core alone; PNG and PDF are drawn by the desktop program's GraphPlot, offscreen.
#include "cli_common.h"
#include "commands.h"

#include "ui/plot/graph_plot.h"
#include "graphs/graph_request.h"

#include <QCommandLineParser>
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

} // namespace

int runGraph(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Draws a TCP stream graph of one connection (sequence numbers as Stevens/tcptrace draw them, throughput "
        "and goodput, round-trip times, window and bytes in flight) or the I/O graph of the capture, as PNG or "
        "PDF, or writes the plotted data as CSV.");
    parser.addHelpOption();
    parser.addPositionalArgument("FILE", "pcap or pcapng file");
    const QCommandLineOption stream("stream", "The TCP stream (numbers as in 'conversations'); stream graphs only.",
                                    "N");
    const QCommandLineOption type("type", "stevens, throughput, rtt, window or io.", "TYPE");
    const QCommandLineOption filter(
        "Y",
        "tcpdump/BPF filter. Stream graphs: only the connection's packets matching it. I/O graph: one line per -Y "
        "(default: one line of all packets).",
        "FILTER");
    const QCommandLineOption direction("direction",
                                       "Stream graphs: the data sent by the client (default) or by the server.",
                                       "client|server", "client");
    const QCommandLineOption average("average", "Throughput: moving-average window in seconds (default 1).", "S",
                                     "1");
    const QCommandLineOption interval("interval", "I/O graph: interval in seconds, 0.001 to 600 (default 1).", "S",
                                      "1");
    const QCommandLineOption unit("unit", "I/O graph: packets (default), bytes or bits per interval.", "UNIT",
                                  "packets");
    const QCommandLineOption log("log", "Logarithmic value axis (PNG/PDF).");
    const QCommandLineOption size("size", "Picture size in pixels (PNG/PDF; default 1200x700).", "WxH", "1200x700");
    const QCommandLineOption out("o", "Output file: .png, .pdf or .csv ('-': CSV on standard output).", "OUT");
    parser.addOptions({stream, type, filter, direction, average, interval, unit, log, size, out});
    if (!parser.parse(arguments)) {
        printError(parser.errorText().toStdString());
        return kUsage;
    }
    if (parser.isSet("help")) {
        std::fputs(commandHelpText(parser).c_str(), stdout);
        return kOk;
    }
    std::string file;
    if (!requireOneFile(parser.positionalArguments(), "graph", file))
        return kUsage;
    if (!parser.isSet(out)) {
        printError("graph: -o OUT is required (.png, .pdf or .csv; -o - prints CSV)");
        return kUsage;
    }
    const QString outPath = parser.value(out);
    const QString suffix = outPath == "-" ? QStringLiteral("csv") : QFileInfo(outPath).suffix().toLower();
    if (suffix != "png" && suffix != "pdf" && suffix != "csv") {
        printError("graph: unknown output format \"" + suffix.toStdString() + "\" (use .png, .pdf or .csv)");
        return kUsage;
    }
    if (!parser.isSet(type)) {
        printError("graph: --type is required (stevens, throughput, rtt, window or io)");
        return kUsage;
    }
    graphs::GraphRequest request;
    if (!graphs::parseGraphType(parser.value(type).toLower().toStdString(), request.type)) {
        printError("graph: unknown --type \"" + parser.value(type).toStdString() +
                   "\" (stevens, throughput, rtt, window or io)");
        return kUsage;
    }
    const bool io = request.type == graphs::GraphType::Io;
    const QStringList filters = parser.values(filter);
    if (io) {
        bool ok = false;
        const double seconds = parser.value(interval).toDouble(&ok);
        if (!ok || !graphs::ioIntervalFromSeconds(seconds, request.io.intervalNs)) {
            printError("graph: --interval must be between 0.001 (1 ms) and 600 (10 min) seconds");
            return kUsage;
        }
        if (!graphs::parseIoUnit(parser.value(unit).toLower().toStdString(), request.io.unit)) {
            printError("graph: --unit takes packets, bytes or bits");
            return kUsage;
        }
        for (const QString& f : filters)
            request.io.lines.push_back({{}, f.toStdString(), 0, graphs::SeriesStyle::Line});
    } else {
        if (!parser.isSet(stream)) {
            printError("graph: a stream graph needs --stream N (see 'synscope-cli conversations')");
            return kUsage;
        }
        bool ok = false;
        request.stream = parser.value(stream).toUInt(&ok);
        if (!ok) {
            printError("graph: --stream takes a stream number, not \"" + parser.value(stream).toStdString() + "\"");
            return kUsage;
        }
        const QString d = parser.value(direction).toLower();
        if (d == "client" || d == "c2s")
            request.options.direction = graphs::Direction::ClientToServer;
        else if (d == "server" || d == "s2c")
            request.options.direction = graphs::Direction::ServerToClient;
        else {
            printError("graph: --direction takes client or server");
            return kUsage;
        }
        request.options.averageSeconds = parser.value(average).toDouble(&ok);
        if (!ok || !(request.options.averageSeconds > 0) || request.options.averageSeconds > 3600) {
            printError("graph: --average takes seconds, more than 0 and at most 3600");
            return kUsage;
        }
        if (filters.size() > 1) {
            printError("graph: a stream graph takes one -Y filter");
            return kUsage;
        }
        if (!filters.isEmpty())
            request.streamFilter = filters.first().toStdString();
    }
    int width = 0, height = 0;
    if (!parseSize(parser.value(size), width, height)) {
        printError("graph: --size takes WIDTHxHEIGHT in pixels, from 200x150 to 10000x10000");
        return kUsage;
    }

    PacketStore store;
    std::string error;
    if (!store.open(file, error)) {
        printError(error);
        return kUnreadable;
    }
    CaptureReader::Status status;
    do
        status = store.loadMore(65536);
    while (status == CaptureReader::Status::More);
    const int readStatus = finishReading(store, status);
    if (readStatus != kOk)
        return readStatus;

    auto graph = std::make_shared<graphs::GraphData>();
    if (!graphs::computeGraph(store, request, *graph, error)) {
        printError("graph: " + error);
        return kUsage;
    }
    if (!graph->note.empty())
        printWarning(graph->note);
    if (suffix == "csv")
        return writeCsv(outPath.toStdString(), graphs::toCsv(*graph)) ? kOk : kUnreadable;

    GraphPlot plot;
    plot.resize(width, height);
    plot.setGraph(graph);
    plot.setLogScale(parser.isSet(log));
    QString message;
    if (!plot.saveAs(outPath, &message, width, height)) {
        printError(message.toStdString());
        return kUnreadable;
    }
    return kOk;
}

} // namespace synscope::cli
