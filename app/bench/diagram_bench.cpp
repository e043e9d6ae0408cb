// synscope-cli bench --diagram FILE [--stream N] [--frames K] [--width W] [--height H] [-o OUT.svg] [--json]:
// the sequence-diagram acceptance timings. Loading the capture (index and TCP analysis) and building the
// diagram's data are timed apart; "export" is what 'diagram FILE --stream N -o OUT.svg' spends after that
// (layout and writing the file); "paint" is one W×H frame of the view (its sticky header included), painted
// as the view does at K scroll positions spread over the whole diagram, after one warm-up frame.
#include "diagram_bench.h"

#include "bench_support.h"

#include "app/cli/command_line.h"

#include "diagram/sequence_diagram.h"
#include "ui/render/diagram_export.h"
#include "ui/render/sequence_diagram_renderer.h"

#include <QFileInfo>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QTemporaryDir>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

namespace synscope::cli {

namespace {

struct DiagramBenchSettings {
    uint streamNumber = 0;
    int frameCount = 25, frameWidth = 1200, frameHeight = 800;
    bool keepSvg = false; // -o OUT: the SVG stays there
    QString svgOut;
};

struct DiagramBenchFigures {
    double loadSeconds = 0, buildSeconds = 0, exportSeconds = 0, layoutSeconds = 0;
    qint64 svgBytes = 0;
    QSize size;
    QJsonArray frameArray;
    double minMs = 0, maxMs = 0, medianMs = 0;
};

// The stream, the frames and their size; kOk or kUsage (message printed).
int readSettings(const CommandLine& line, const QCommandLineOption& stream, const QCommandLineOption& frames,
                 const QCommandLineOption& width, const QCommandLineOption& height, DiagramBenchSettings& s)
{
    bool ok = false;
    s.streamNumber = line.value(stream).toUInt(&ok);
    if (!ok)
        return line.usageError("--stream takes a stream number");
    bool okFrames = false, okWidth = false, okHeight = false;
    s.frameCount = line.value(frames).toInt(&okFrames);
    s.frameWidth = line.value(width).toInt(&okWidth);
    s.frameHeight = line.value(height).toInt(&okHeight);
    if (!okFrames || !okWidth || !okHeight || s.frameCount < 1 || s.frameCount > 10000 || s.frameWidth < 100 ||
        s.frameWidth > 10000 || s.frameHeight < 100 || s.frameHeight > 10000)
        return line.usageError("--frames takes 1 to 10000, --width and --height 100 to 10000 pixels");
    return kOk;
}

// The SVG export, then the view's layout and frames painted at scroll positions.
int timeExportAndPaint(const SequenceDiagram& d, const DiagramBenchSettings& settings, DiagramBenchFigures& f)
{
    const int frameCount = settings.frameCount, frameWidth = settings.frameWidth, frameHeight = settings.frameHeight;
    std::chrono::steady_clock::time_point start;

    // The SVG export, as 'synscope-cli diagram' does it (its own layout included).
    QTemporaryDir tmp;
    const QString svgPath = settings.keepSvg ? settings.svgOut : tmp.filePath("diagram.svg");
    QString exportError;
    start = std::chrono::steady_clock::now();
    if (!exportDiagram(d, {}, "svg", svgPath, exportError)) {
        printError(exportError.toStdString());
        return kUnreadable;
    }
    const double exportSeconds = secondsSince(start);
    const qint64 svgBytes = QFileInfo(svgPath).size();

    // The view: its layout once (when the connection is chosen), then frames at scroll positions.
    QFont font = QGuiApplication::font();
    if (font.family().isEmpty())
        font = QFontDatabase::systemFont(QFontDatabase::GeneralFont);
    start = std::chrono::steady_clock::now();
    const SequenceDiagramRenderer renderer(d, {}, font);
    const double layoutSeconds = secondsSince(start);
    const QSize size = renderer.size();
    const int maxScroll = std::max(0, size.height() - frameHeight);
    QImage image(frameWidth, frameHeight, QImage::Format_ARGB32_Premultiplied);
    auto paintFrame = [&](int dy) {
        const auto t = std::chrono::steady_clock::now();
        QPainter p(&image);
        p.translate(0, -dy);
        const QRect clip(0, dy, frameWidth, frameHeight);
        p.fillRect(clip, Qt::white);
        renderer.paint(p, clip, -1, -1, dy);
        p.end();
        return secondsSince(t) * 1000.0;
    };
    paintFrame(maxScroll / 2); // warm-up: glyph caches
    std::vector<double> ms;
    QJsonArray frameArray;
    for (int k = 0; k < frameCount; ++k) {
        const int dy = frameCount == 1 ? 0 : static_cast<int>(static_cast<long long>(maxScroll) * k / (frameCount - 1));
        ms.push_back(paintFrame(dy));
        frameArray.append(ms.back());
    }
    std::vector<double> sorted = ms;
    std::sort(sorted.begin(), sorted.end());
    const double minMs = sorted.front(), maxMs = sorted.back(), medianMs = sorted[sorted.size() / 2];
    f.exportSeconds = exportSeconds;
    f.svgBytes = svgBytes;
    f.layoutSeconds = layoutSeconds;
    f.size = size;
    f.frameArray = frameArray;
    f.minMs = minMs;
    f.maxMs = maxMs;
    f.medianMs = medianMs;
    return kOk;
}

int printFigures(const std::string& file, const PacketStore& store, const SequenceDiagram& d,
                 const DiagramBenchSettings& settings, const DiagramBenchFigures& f, bool json)
{
    const uint streamNumber = settings.streamNumber;
    const int frameCount = settings.frameCount, frameWidth = settings.frameWidth, frameHeight = settings.frameHeight;
    const double loadSeconds = f.loadSeconds, buildSeconds = f.buildSeconds, exportSeconds = f.exportSeconds;
    const double layoutSeconds = f.layoutSeconds, minMs = f.minMs, maxMs = f.maxMs, medianMs = f.medianMs;
    const qint64 svgBytes = f.svgBytes;
    const QSize size = f.size;
    const QJsonArray& frameArray = f.frameArray;
    const double bytesPerArrow = d.arrows.empty() ? 0.0 : static_cast<double>(svgBytes) / static_cast<double>(d.arrows.size());

    if (json) {
        QJsonObject o;
        o["file"] = QString::fromStdString(file);
        o["stream"] = static_cast<qint64>(streamNumber);
        o["packets"] = static_cast<qint64>(store.size());
        o["arrows"] = static_cast<qint64>(d.arrows.size());
        o["diagram_width"] = size.width();
        o["diagram_height"] = size.height();
        o["load_s"] = loadSeconds;
        o["build_s"] = buildSeconds;
        o["svg_export_s"] = exportSeconds;
        o["svg_bytes"] = svgBytes;
        o["layout_s"] = layoutSeconds;
        o["frame_width"] = frameWidth;
        o["frame_height"] = frameHeight;
        o["paint_ms_min"] = minMs;
        o["paint_ms_median"] = medianMs;
        o["paint_ms_max"] = maxMs;
        o["paint_ms"] = frameArray;
        std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
        return kOk;
    }
    std::printf("sequence diagram of stream %u of %s (%zu packets)\n", streamNumber, file.c_str(), store.size());
    std::printf("  load (index + analysis, once per file)  %8.3f s\n", loadSeconds);
    std::printf("  build the diagram's data                %8.3f s  (%zu arrows, %zu phases, %zu state changes)\n",
                buildSeconds, d.arrows.size(), d.phases.size(), d.states.size());
    std::printf("  export SVG (layout + write)             %8.3f s  (%.1f MB, %.0f bytes/arrow)\n", exportSeconds,
                static_cast<double>(svgBytes) / 1e6, bytesPerArrow);
    std::printf("  view layout (once per connection)       %8.3f s  (%dx%d px)\n", layoutSeconds, size.width(),
                size.height());
    std::printf("  paint one %dx%d frame, %d positions    min %.2f ms, median %.2f ms, max %.2f ms\n", frameWidth,
                frameHeight, frameCount, minMs, medianMs, maxMs);
    return kOk;
}

} // namespace

bool wantsDiagramBench(const QStringList& arguments) { return arguments.contains("--diagram"); }

int runDiagramBench(const QStringList& arguments)
{
    CommandLine line("bench", "Times the sequence diagram of one TCP connection: exporting the whole "
                              "diagram to SVG, and painting one screenful of the view at many scroll "
                              "positions, apart from loading the file and building the diagram.");
    line.addFileArgument();
    line.keepProgramPathInHelp();
    const QCommandLineOption diagram("diagram", "Benchmark the sequence diagram (this mode).");
    const QCommandLineOption stream("stream", "The TCP stream to draw (default 0).", "N", "0");
    const QCommandLineOption frames("frames", "Scroll positions to paint (default 25).", "K", "25");
    const QCommandLineOption width("width", "Frame width in pixels (default 1200).", "W", "1200");
    const QCommandLineOption height("height", "Frame height in pixels (default 800).", "H", "800");
    const QCommandLineOption out("o", "Keep the SVG as OUT (default: a temporary file, removed).", "OUT");
    const QCommandLineOption json("json", "Print the results as a JSON object.");
    line.addOptions({diagram, stream, frames, width, height, out, json});
    int exitCode = kOk;
    if (!line.parse(arguments, exitCode))
        return exitCode;
    DiagramBenchSettings settings;
    if (const int read = readSettings(line, stream, frames, width, height, settings); read != kOk)
        return read;
    settings.keepSvg = line.isSet(out);
    settings.svgOut = line.value(out);

    DiagramBenchFigures figures;
    auto start = std::chrono::steady_clock::now();
    PacketStore store;
    if (const int loaded = openWholeCapture(store, line.file()); loaded != kOk)
        return loaded;
    figures.loadSeconds = secondsSince(start);
    const uint streamNumber = settings.streamNumber;
    if (streamNumber >= store.tracker().connections().size())
        return line.usageError("the capture has no TCP stream " + std::to_string(streamNumber) + " (it has " +
                               std::to_string(store.tracker().connections().size()) + ")");

    start = std::chrono::steady_clock::now();
    const SequenceDiagram d = buildConnectionDiagram(store, {streamNumber});
    figures.buildSeconds = secondsSince(start);
    if (const int timed = timeExportAndPaint(d, settings, figures); timed != kOk)
        return timed;
    return printFigures(line.file(), store, d, settings, figures, line.isSet(json));
}

} // namespace synscope::cli
