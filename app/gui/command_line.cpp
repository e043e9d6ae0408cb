#include "command_line.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QFileInfo>
#include <algorithm>
#include <cstdio>
#include <iterator>

namespace synscope {

namespace {

QString text(const char* source) { return QCoreApplication::translate("main", source); }

// "-a duration:SECONDS" or "-a packets:N" into `o`; false for anything else.
bool parseAutostop(const QString& spec, GuiOptions& o)
{
    bool ok = false;
    if (spec.startsWith(QLatin1String("duration:")))
        o.stopAfterSeconds = spec.mid(9).toDouble(&ok);
    else if (spec.startsWith(QLatin1String("packets:")))
        o.stopAfterPackets = spec.mid(8).toULongLong(&ok);
    return ok;
}

} // namespace

void GuiOptions::applyTo(LiveOptions& options) const
{
    if (interfaces)
        options.interfaces = *interfaces;
    if (captureFilter)
        options.filter = *captureFilter;
    options.stopAfterPackets = stopAfterPackets;
    options.stopAfterSeconds = stopAfterSeconds;
}

void setApplicationNames()
{
    QCoreApplication::setOrganizationName(QStringLiteral("SynScope"));
    QCoreApplication::setApplicationName(QStringLiteral("synscope"));
    QGuiApplication::setApplicationDisplayName(QStringLiteral("SynScope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SYNSCOPE_VERSION));
}

GuiCommandLine::GuiCommandLine()
    : filter_(QStringLiteral("Y"), text("Display filter (tcpdump/BPF expression)."), QStringLiteral("FILTER")),
      select_(QStringLiteral("select"), text("Select packet N (from 1) once it is loaded."), QStringLiteral("N")),
      screenshot_(QStringLiteral("screenshot"), text("Load FILE completely, save a PNG of the window to OUT and exit."),
                  QStringLiteral("OUT")),
      view_(QStringLiteral("view"), text("With --screenshot: the view to show (packets, connections, diagram)."),
            QStringLiteral("NAME"), QStringLiteral("packets")),
      bench_(QStringLiteral("bench"), text("Open FILE, time the load and a display filter (-Y, default \"tcp port 443\"), "
                                           "print, exit.")),
      iface_(QStringLiteral("i"), text("Interface to capture on (repeat for several)."), QStringLiteral("IFACE")),
      captureFilter_(QStringLiteral("f"), text("Capture filter (tcpdump/BPF expression)."), QStringLiteral("FILTER")),
      startNow_(QStringLiteral("k"), text("Start capturing at once (with -i).")),
      autostop_(QStringLiteral("a"), text("Stop the capture after duration:SECONDS or packets:N."), QStringLiteral("COND"))
{
    parser_.setApplicationDescription(text("SynScope shows what happened to every TCP connection of a capture file."));
    parser_.addHelpOption();
    parser_.addVersionOption();
    parser_.addPositionalArgument(QStringLiteral("FILE"), text("pcap or pcapng file to open"));
    parser_.addOptions({filter_, select_, screenshot_, view_, bench_, iface_, captureFilter_, startNow_, autostop_});
}

void GuiCommandLine::process(const QCoreApplication& app) { parser_.process(app); }

std::optional<GuiOptions> GuiCommandLine::options() const
{
    GuiOptions o;
    const QStringList files = parser_.positionalArguments();
    if (!files.isEmpty())
        o.file = QFileInfo(files.first()).absoluteFilePath();
    if (parser_.isSet(filter_))
        o.displayFilter = parser_.value(filter_);
    if (parser_.isSet(select_)) {
        bool ok = false;
        o.selectFrame = parser_.value(select_).toULongLong(&ok);
        if (!ok || o.selectFrame == 0) {
            std::fprintf(stderr, "synscope: --select expects a packet number from 1, not \"%s\"\n",
                         qPrintable(parser_.value(select_)));
            return std::nullopt;
        }
    }
    o.view = parser_.value(view_);
    const QString views[] = {QStringLiteral("packets"), QStringLiteral("connections"), QStringLiteral("diagram")};
    if (parser_.isSet(view_) && std::find(std::begin(views), std::end(views), o.view) == std::end(views)) {
        std::fprintf(stderr, "synscope: unknown view \"%s\" (packets, connections, diagram)\n", qPrintable(o.view));
        return std::nullopt;
    }
    o.startCapture = parser_.isSet(startNow_);
    if (o.startCapture && !files.isEmpty()) {
        std::fprintf(stderr, "synscope: -k starts a live capture; open a file or capture, not both\n");
        return std::nullopt;
    }
    if (parser_.isSet(screenshot_)) {
        o.screenshot = parser_.value(screenshot_);
        if (files.size() != 1 && !o.startCapture) {
            std::fprintf(stderr, "synscope: --screenshot needs one capture file (or a capture with -k and -a)\n");
            return std::nullopt;
        }
    }
    o.bench = parser_.isSet(bench_);
    if (o.bench) {
        if (files.size() != 1) {
            std::fprintf(stderr, "synscope: --bench needs one capture file\n");
            return std::nullopt;
        }
        return o; // the benchmark only opens the file
    }
    // Capture options from the command line replace the remembered ones for this session.
    o.editsCaptureOptions = parser_.isSet(iface_) || parser_.isSet(captureFilter_) || parser_.isSet(autostop_);
    if (parser_.isSet(iface_)) {
        o.interfaces.emplace();
        for (const QString& name : parser_.values(iface_))
            o.interfaces->push_back(name.toStdString());
    }
    if (parser_.isSet(captureFilter_))
        o.captureFilter = parser_.value(captureFilter_).toStdString();
    for (const QString& spec : parser_.values(autostop_)) {
        if (!parseAutostop(spec, o)) {
            std::fprintf(stderr, "synscope: -a expects duration:SECONDS or packets:N, not \"%s\"\n", qPrintable(spec));
            return std::nullopt;
        }
    }
    return o;
}

} // namespace synscope
