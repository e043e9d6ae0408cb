// synscope: the desktop program.
#include "gui_benchmark.h"
#include "main_window.h"

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
    parser.addOptions({filter, select, screenshot, view, bench});
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
    if (parser.isSet(screenshot) && files.size() != 1) {
        std::fprintf(stderr, "synscope: --screenshot needs one capture file\n");
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
    window.show();
    if (!files.isEmpty())
        window.openCapture(QFileInfo(files.first()).absoluteFilePath(), parser.isSet(filter) ? parser.value(filter) : QString(),
                           selectFrame);
    return app.exec();
}
