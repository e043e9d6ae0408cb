// synscope: the desktop program.
#include "ui/capture/capture_session.h"
#include "ui/capture/capture_toolbar.h"
#include "ui/window/gui_benchmark.h"
#include "ui/window/main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <cstdio>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("SynScope"));
    QApplication::setApplicationName(QStringLiteral("synscope"));
    QApplication::setApplicationDisplayName(QStringLiteral("SynScope"));
    QApplication::setApplicationVersion(QStringLiteral(SYNSCOPE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate(
        "main", "SynScope shows what happened to every TCP connection of a capture file."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("FILE"), QApplication::translate("main", "pcap or pcapng file to open"));
    const QCommandLineOption filter(QStringLiteral("Y"),
                                    QApplication::translate("main", "Display filter (tcpdump/BPF expression)."),
                                    QStringLiteral("FILTER"));
    const QCommandLineOption select(QStringLiteral("select"),
                                    QApplication::translate("main", "Select packet N (from 1) once it is loaded."),
                                    QStringLiteral("N"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QApplication::translate("main", "Load FILE completely, save a PNG of the window to OUT and exit."),
        QStringLiteral("OUT"));
    const QCommandLineOption view(QStringLiteral("view"),
                                  QApplication::translate("main", "With --screenshot: the view to show "
                                                                  "(packets, connections, diagram)."),
                                  QStringLiteral("NAME"), QStringLiteral("packets"));
    const QCommandLineOption bench(QStringLiteral("bench"),
                                   QApplication::translate("main", "Open FILE, time the load and a display filter "
                                                                   "(-Y, default \"tcp port 443\"), print, exit."));
    const QCommandLineOption iface(QStringLiteral("i"),
                                   QApplication::translate("main", "Interface to capture on (repeat for several)."),
                                   QStringLiteral("IFACE"));
    const QCommandLineOption captureFilter(
        QStringLiteral("f"), QApplication::translate("main", "Capture filter (tcpdump/BPF expression)."),
        QStringLiteral("FILTER"));
    const QCommandLineOption startNow(QStringLiteral("k"),
                                      QApplication::translate("main", "Start capturing at once (with -i)."));
    const QCommandLineOption autostop(
        QStringLiteral("a"),
        QApplication::translate("main", "Stop the capture after duration:SECONDS or packets:N."),
        QStringLiteral("COND"));
    parser.addOptions({filter, select, screenshot, view, bench, iface, captureFilter, startNow, autostop});
    parser.process(app);

    const QStringList files = parser.positionalArguments();
    quint64 selectFrame = 0;
    if (parser.isSet(select)) {
        bool ok = false;
        selectFrame = parser.value(select).toULongLong(&ok);
        if (!ok || selectFrame == 0) {
            std::fprintf(stderr, "synscope: --select expects a packet number from 1, not \"%s\"\n",
                         qPrintable(parser.value(select)));
            return 2;
        }
    }
    const QString views[] = {QStringLiteral("packets"), QStringLiteral("connections"), QStringLiteral("diagram")};
    if (parser.isSet(view) && std::find(std::begin(views), std::end(views), parser.value(view)) == std::end(views)) {
        std::fprintf(stderr, "synscope: unknown view \"%s\" (packets, connections, diagram)\n", qPrintable(parser.value(view)));
        return 2;
    }
    const bool capturing = parser.isSet(startNow);
    if (capturing && !files.isEmpty()) {
        std::fprintf(stderr, "synscope: -k starts a live capture; open a file or capture, not both\n");
        return 2;
    }
    if (parser.isSet(screenshot) && files.size() != 1 && !capturing) {
        std::fprintf(stderr, "synscope: --screenshot needs one capture file (or a capture with -k and -a)\n");
        return 2;
    }

    synscope::MainWindow window;
    if (parser.isSet(bench)) {
        if (files.size() != 1) {
            std::fprintf(stderr, "synscope: --bench needs one capture file\n");
            return 2;
        }
        window.resize(1440, 900);
        window.show();
        synscope::GuiBenchmark benchmark(window, QFileInfo(files.first()).absoluteFilePath(),
                                         parser.isSet(filter) ? parser.value(filter) : QStringLiteral("tcp port 443"));
        benchmark.start();
        return app.exec();
    }
    if (parser.isSet(screenshot)) {
        window.resize(1440, 900);
        window.requestScreenshot(parser.value(screenshot), parser.value(view));
    }
    // Capture options from the command line replace the remembered ones for this session.
    if (parser.isSet(iface) || parser.isSet(captureFilter) || parser.isSet(autostop)) {
        synscope::LiveOptions o = window.captureSession()->options();
        if (parser.isSet(iface)) {
            o.interfaces.clear();
            for (const QString& name : parser.values(iface))
                o.interfaces.push_back(name.toStdString());
        }
        if (parser.isSet(captureFilter))
            o.filter = parser.value(captureFilter).toStdString();
        o.stopAfterPackets = 0;
        o.stopAfterSeconds = 0;
        for (const QString& spec : parser.values(autostop)) {
            bool ok = false;
            if (spec.startsWith(QLatin1String("duration:")))
                o.stopAfterSeconds = spec.mid(9).toDouble(&ok);
            else if (spec.startsWith(QLatin1String("packets:")))
                o.stopAfterPackets = spec.mid(8).toULongLong(&ok);
            if (!ok) {
                std::fprintf(stderr, "synscope: -a expects duration:SECONDS or packets:N, not \"%s\"\n", qPrintable(spec));
                return 2;
            }
        }
        window.captureSession()->setOptions(o);
        window.captureToolBar()->showOptions(o);
    }
    window.show();
    if (!files.isEmpty())
        window.openCapture(QFileInfo(files.first()).absoluteFilePath(), parser.isSet(filter) ? parser.value(filter) : QString(),
                           selectFrame);
    else if (capturing)
        window.startCapture();
    if (!parser.isSet(screenshot) && !capturing)
        window.showStartupNotes();
    const int status = app.exec();
    // A picture taken of a live capture leaves nothing behind.
    if (parser.isSet(screenshot))
        window.captureSession()->discard();
    return status;
}
