// synscope-cli bench --graph TYPE FILE [--stream N] [--interval S] [-Y FILTER]... [--json]: the graph acceptance timings.
// Loading the capture (index and TCP analysis) is timed apart: it happens once when a file is opened, the
// graph each time one is asked for. "render" is what the user waits for after choosing a graph: computing
// its data, handing it to the plot (decimated to the pixels) and painting a 1200×700 picture.
#include "graph_bench.h"

#include "bench_support.h"

#include "app/cli/command_line.h"

#include "ui/plot/graph_plot.h"
#include "graphs/graph_request.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>

namespace synscope::cli {

namespace {

struct GraphBenchFigures {
    double loadSeconds = 0, computeSeconds = 0, drawSeconds = 0;
    std::size_t points = 0, drawn = 0;
    bool drew = false;
};

// The graph's type, stream, interval and lines from the options; kOk or kUsage (message printed).
int readRequest(const CommandLine& line, const QCommandLineOption& graph, const QCommandLineOption& stream,
                const QCommandLineOption& interval, const QCommandLineOption& filter, graphs::GraphRequest& request)
{
    if (!graphs::parseGraphType(line.value(graph).toLower().toStdString(), request.type))
        return line.usageError("--graph takes stevens, throughput, rtt, window or io");
    bool ok = false;
    request.stream = line.value(stream).toUInt(&ok);
    if (!ok)
        return line.usageError("--stream takes a stream number");
    if (!graphs::ioIntervalFromSeconds(line.value(interval).toDouble(), request.io.intervalNs))
        return line.usageError("--interval must be between 0.001 and 600 seconds");
    for (const QString& f : line.values(filter))
        request.io.lines.push_back({{}, f.toStdString(), 0, graphs::SeriesStyle::Line});
    return kOk;
}

// Computes the graph's data, then hands it to the plot (decimated to its pixels) and paints 1200x700.
int timeGraph(const PacketStore& store, const graphs::GraphRequest& request, GraphBenchFigures& f)
{
    auto start = Clock::now();
    auto data = std::make_shared<graphs::GraphData>();
    std::string error;
    if (!graphs::computeGraph(store, request, *data, error)) {
        printError("bench: " + error);
        return kUsage;
    }
    f.computeSeconds = secondsSince(start);

    GraphPlot plot;
    plot.resize(1200, 700);
    start = Clock::now();
    plot.setGraph(data);
    const QPixmap picture = plot.toPixmap(1200, 700);
    f.drawSeconds = secondsSince(start);
    f.points = data->pointCount();
    f.drawn = plot.drawnPoints();
    f.drew = !picture.isNull();
    return kOk;
}

void printFigures(const std::string& file, const PacketStore& store, const graphs::GraphRequest& request,
                  const GraphBenchFigures& f, bool json)
{
    const double renderSeconds = f.computeSeconds + f.drawSeconds;
    if (json) {
        QJsonObject o;
        o["file"] = QString::fromStdString(file);
        o["graph"] = graphs::graphTypeName(request.type);
        o["packets"] = static_cast<qint64>(store.size());
        o["load_s"] = f.loadSeconds;
        o["compute_s"] = f.computeSeconds;
        o["draw_s"] = f.drawSeconds;
        o["render_s"] = renderSeconds;
        o["points"] = static_cast<qint64>(f.points);
        o["drawn_points"] = static_cast<qint64>(f.drawn);
        std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
        return;
    }
    std::printf("graph %s of %s (%zu packets)\n", graphs::graphTypeName(request.type), file.c_str(), store.size());
    std::printf("  load (index + analysis, once per file) %8.3f s\n", f.loadSeconds);
    std::printf("  compute graph data                     %8.3f s  (%zu points)\n", f.computeSeconds, f.points);
    std::printf("  decimate + paint 1200x700              %8.3f s  (%zu points drawn)\n", f.drawSeconds, f.drawn);
    std::printf("  render (compute + decimate + paint)    %8.3f s\n", renderSeconds);
}

} // namespace

bool wantsGraphBench(const QStringList& arguments) { return arguments.contains("--graph"); }

int runGraphBench(const QStringList& arguments)
{
    CommandLine line("bench", "Times one graph of a capture: computing its data, decimating it to the "
                              "plot's pixels and painting it (1200×700), apart from loading the file.");
    line.addFileArgument();
    const QCommandLineOption graph("graph", "stevens, throughput, rtt, window or io.", "TYPE");
    const QCommandLineOption stream("stream", "The TCP stream of a stream graph (default 0).", "N", "0");
    const QCommandLineOption interval("interval", "I/O graph interval in seconds (default 1).", "S", "1");
    const QCommandLineOption filter =
        displayFilterOption("I/O graph: one line per filter (default: one line of all packets).");
    const QCommandLineOption json("json", "Print the results as a JSON object.");
    line.addOptions({graph, stream, interval, filter, json});
    int exitCode = kOk;
    if (!line.parse(arguments, exitCode))
        return exitCode;
    graphs::GraphRequest request;
    if (const int read = readRequest(line, graph, stream, interval, filter, request); read != kOk)
        return read;

    GraphBenchFigures figures;
    const auto start = Clock::now();
    PacketStore store;
    if (const int loaded = openWholeCapture(store, line.file()); loaded != kOk)
        return loaded;
    figures.loadSeconds = secondsSince(start);
    if (const int timed = timeGraph(store, request, figures); timed != kOk)
        return timed;
    printFigures(line.file(), store, request, figures, line.isSet(json));
    return figures.drew ? kOk : kUnreadable;
}

} // namespace synscope::cli
