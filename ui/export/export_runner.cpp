#include "ui/export/export_runner.h"

#include <QApplication>
#include <QEventLoop>
#include <QProgressDialog>
#include <QTimer>
#include <atomic>
#include <thread>

namespace synscope {

ExportResult runExport(QWidget* parent, std::shared_ptr<const PacketStore> store, ExportRequest request,
                       const QString& title)
{
    struct Shared {
        std::atomic<bool> cancel{false};
        std::atomic<bool> finished{false};
        std::atomic<std::uint64_t> done{0}, total{0};
        ExportResult result;
    };
    auto shared = std::make_shared<Shared>();
    request.progress = [shared](std::uint64_t done, std::uint64_t total) {
        shared->done.store(done);
        shared->total.store(total);
        return !shared->cancel.load();
    };
    QProgressDialog dialog(title, QApplication::translate("ExportRunner", "Cancel"), 0, 1000, parent);
    dialog.setWindowModality(Qt::WindowModal);
    dialog.setMinimumDuration(500);
    dialog.setAutoClose(false);
    dialog.setAutoReset(false);
    QObject::connect(&dialog, &QProgressDialog::canceled, [shared] { shared->cancel.store(true); });

    std::thread worker([shared, store, request] {
        shared->result = exportPackets(*store, request);
        shared->finished.store(true);
    });
    QEventLoop loop;
    QTimer tick;
    QObject::connect(&tick, &QTimer::timeout, &loop, [&] {
        const std::uint64_t total = shared->total.load();
        if (total)
            dialog.setValue(static_cast<int>(1000.0 * static_cast<double>(shared->done.load()) / static_cast<double>(total)));
        if (shared->finished.load())
            loop.quit();
    });
    tick.start(50);
    loop.exec();
    worker.join();
    dialog.close();
    return shared->result;
}

} // namespace synscope
