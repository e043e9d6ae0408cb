// synscope-cli bench --graph TYPE FILE [--stream N] [--interval S] [-Y FILTER]... [--json]: the graph acceptance timings.
// Loading the capture (index and TCP analysis) is timed apart: it happens once when a file is opened, the
// graph each time one is asked for. "render" is what the user waits for after choosing a graph: computing
// its data, handing it to the plot (decimated to the pixels) and painting a 1200×700 picture.
#include "graph_bench.h"

#include "cli_common.h"

#include "ui/plot/graph_plot.h"
#include "graphs/graph_request.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>
#include <chrono>
#include <cstdio>

namespace synscope::cli {

namespace {

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

bool wantsGraphBench(const QStringList& arguments) { return arguments.contains("--graph"); }

int runGraphBench(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Times one graph of a capture: computing its data, decimating it to the "
                                     "plot's pixels and painting it (1200×700), apart from loading the file.");
    parser.addHelpOption();
    parser.addPositionalArgument("FILE", "pcap or pcapng file");
    const QCommandLineOption graph("graph", "stevens, throughput, rtt, window or io.", "TYPE");
    const QCommandLineOption stream("stream", "The TCP stream of a stream graph (default 0).", "N", "0");
    const QCommandLineOption interval("interval", "I/O graph interval in seconds (default 1).", "S", "1");
    const QCommandLineOption filter("Y", "I/O graph: one line per filter (default: one line of all packets).",
                                    "FILTER");
    const QCommandLineOption json("json", "Print the results as a JSON object.");
    parser.addOptions({graph, stream, interval, filter, json});
    if (!parser.parse(arguments)) {
        printError(parser.errorText().toStdString());
        return kUsage;
    }
    if (parser.isSet("help")) {
        std::fputs(commandHelpText(parser).c_str(), stdout);
        return kOk;
    }
    std::string file;
    if (!requireOneFile(parser.positionalArguments(), "bench", file))
        return kUsage;
    graphs::GraphRequest request;
    if (!graphs::parseGraphType(parser.value(graph).toLower().toStdString(), request.type)) {
        printError("bench: --graph takes stevens, throughput, rtt, window or io");
        return kUsage;
    }
    bool ok = false;
    request.stream = parser.value(stream).toUInt(&ok);
    if (!ok) {
        printError("bench: --stream takes a stream number");
        return kUsage;
    }
    if (!graphs::ioIntervalFromSeconds(parser.value(interval).toDouble(), request.io.intervalNs)) {
        printError("bench: --interval must be between 0.001 and 600 seconds");
        return kUsage;
    }

    for (const QString& f : parser.values(filter))
        request.io.lines.push_back({{}, f.toStdString(), 0, graphs::SeriesStyle::Line});

    auto start = std::chrono::steady_clock::now();
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
    const double loadSeconds = secondsSince(start);

    start = std::chrono::steady_clock::now();
    auto data = std::make_shared<graphs::GraphData>();
    if (!graphs::computeGraph(store, request, *data, error)) {
        printError("bench: " + error);
        return kUsage;
    }
    const double computeSeconds = secondsSince(start);

    GraphPlot plot;
    plot.resize(1200, 700);
    start = std::chrono::steady_clock::now();
    plot.setGraph(data);
    const QPixmap picture = plot.toPixmap(1200, 700);
    const double drawSeconds = secondsSince(start);
    const std::size_t points = data->pointCount();
    const std::size_t drawn = plot.drawnPoints();
    const double renderSeconds = computeSeconds + drawSeconds;

    if (parser.isSet(json)) {
        QJsonObject o;
        o["file"] = QString::fromStdString(file);
        o["graph"] = graphs::graphTypeName(request.type);
        o["packets"] = static_cast<qint64>(store.size());
        o["load_s"] = loadSeconds;
        o["compute_s"] = computeSeconds;
        o["draw_s"] = drawSeconds;
        o["render_s"] = renderSeconds;
        o["points"] = static_cast<qint64>(points);
        o["drawn_points"] = static_cast<qint64>(drawn);
        std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
        return picture.isNull() ? kUnreadable : kOk;
    }
    std::printf("graph %s of %s (%zu packets)\n", graphs::graphTypeName(request.type), file.c_str(), store.size());
    std::printf("  load (index + analysis, once per file) %8.3f s\n", loadSeconds);
    std::printf("  compute graph data                     %8.3f s  (%zu points)\n", computeSeconds, points);
    std::printf("  decimate + paint 1200x700              %8.3f s  (%zu points drawn)\n", drawSeconds, drawn);
    std::printf("  render (compute + decimate + paint)    %8.3f s\n", renderSeconds);
    return picture.isNull() ? kUnreadable : kOk;
}

} // namespace synscope::cli
