// synscope: the desktop program.
#include "command_line.h"
#include "display_check.h"
#include "gui_benchmark.h"
#include "screenshot_driver.h"

#include "ui/capture/capture_session.h"
#include "ui/capture/capture_toolbar.h"
#include "ui/window/main_window.h"

#include <QApplication>
#include <cstdio>
#include <memory>

namespace {

// Without a display there is no window to open: one line that says so and what to use instead, not Qt's
// abort. --help and --version still answer.
int reportNoDisplay(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    synscope::setApplicationNames();
    synscope::GuiCommandLine commandLine;
    commandLine.process(app);
    std::fprintf(stderr, "synscope: %s\n",
                 qPrintable(QCoreApplication::translate(
                     "main", "no display to open the window on (DISPLAY and WAYLAND_DISPLAY are not set): use "
                             "synscope-cli without a display, or set QT_QPA_PLATFORM=offscreen to run the window "
                             "off screen")));
    return 1;
}

int runBenchmark(QApplication& app, synscope::MainWindow& window, const synscope::GuiOptions& options)
{
    window.resize(1440, 900);
    window.show();
    synscope::GuiBenchmark benchmark(window, options.file, options.displayFilter.value_or(QStringLiteral("tcp port 443")));
    benchmark.start();
    return app.exec();
}

} // namespace

int main(int argc, char** argv)
{
    if (!synscope::displayAvailable(argc, argv))
        return reportNoDisplay(argc, argv);
    QApplication app(argc, argv);
    synscope::setApplicationNames();
    synscope::GuiCommandLine commandLine;
    commandLine.process(app);
    const std::optional<synscope::GuiOptions> options = commandLine.options();
    if (!options)
        return 2;

    synscope::MainWindow window;
    if (options->bench)
        return runBenchmark(app, window, *options);
    std::unique_ptr<synscope::ScreenshotDriver> screenshot;
    if (!options->screenshot.isEmpty()) {
        window.resize(1440, 900);
        screenshot = std::make_unique<synscope::ScreenshotDriver>(window, options->screenshot, options->view);
    }
    if (options->editsCaptureOptions) {
        synscope::LiveOptions o = window.captureSession()->options();
        options->applyTo(o);
        window.captureSession()->setOptions(o);
        window.captureToolBar()->showOptions(o);
    }
    window.show();
    if (!options->file.isEmpty())
        window.openCapture(options->file, options->displayFilter.value_or(QString()), options->selectFrame);
    else if (options->startCapture)
        window.startCapture();
    if (!screenshot && !options->startCapture)
        window.showStartupNotes();
    const int status = app.exec();
    // A picture taken of a live capture leaves nothing behind.
    if (screenshot)
        window.captureSession()->discard();
    return status;
}
