#include "gui_benchmark.h"

#include "ui/filter/filter_bar.h"
#include "ui/packets/packet_list_model.h"
#include "ui/window/main_window.h"

#include <QApplication>
#include <QTimer>
#include <cstdio>
#include <sys/resource.h>

namespace synscope {

namespace {
double peakRssMb()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;
}
} // namespace

GuiBenchmark::GuiBenchmark(MainWindow& window, QString path, QString filter)
    : window_(window), path_(std::move(path)), filter_(std::move(filter))
{
}

void GuiBenchmark::start()
{
    connect(window_.packetModel(), &QAbstractItemModel::rowsInserted, this, [this] {
        if (firstRowsMs_ < 0) {
            firstRowsMs_ = clock_.elapsed();
            // The rows are visible once the view has painted them.
            QApplication::processEvents();
        }
    });
    connect(&window_, &MainWindow::loadFinished, this, &GuiBenchmark::loaded, Qt::QueuedConnection);
    clock_.start();
    window_.openCapture(path_);
}

void GuiBenchmark::loaded()
{
    if (loadedMs_ >= 0)
        return;
    loadedMs_ = clock_.elapsed();
    std::printf("SynScope GUI benchmark: %s\n", qPrintable(path_));
    std::printf("  packets                     %d\n", window_.packetModel()->rowCount());
    std::printf("  first rows visible          %.3f s\n", static_cast<double>(firstRowsMs_) / 1000.0);
    std::printf("  fully loaded and analysed   %.3f s\n", static_cast<double>(loadedMs_) / 1000.0);
    std::fflush(stdout);
    connect(&window_, &MainWindow::displayedRowsChanged, this, &GuiBenchmark::filtered, Qt::QueuedConnection);
    filterStartMs_ = clock_.elapsed();
    window_.filterBar()->setExpression(filter_);
    window_.filterBar()->apply();
}

void GuiBenchmark::filtered()
{
    const qint64 ms = clock_.elapsed() - filterStartMs_;
    std::printf("  display filter \"%s\"    %.3f s (%d packets shown)\n", qPrintable(filter_),
                static_cast<double>(ms) / 1000.0, window_.packetModel()->rowCount());
    std::printf("  peak memory (RSS)           %.1f MB\n", peakRssMb());
    std::fflush(stdout);
    QTimer::singleShot(0, qApp, [] { QApplication::exit(0); });
}

} // namespace synscope
