#include "screenshot_driver.h"

#include "ui/capture/capture_document.h"
#include "ui/capture/live_capture_controller.h"
#include "ui/connections/connection_list_view.h"
#include "ui/diagram/sequence_diagram_panel.h"
#include "ui/packets/packet_list_view.h"
#include "ui/window/main_window.h"

#include <QApplication>
#include <QDockWidget>
#include <QPixmap>
#include <QTimer>
#include <optional>

namespace synscope {

namespace {

// The TCP stream of the selected packet, if it has one.
std::optional<std::uint32_t> selectedStream(const MainWindow& window)
{
    const std::shared_ptr<const PacketStore> store = window.document()->store();
    const std::size_t i = window.packetView()->selectedPacket();
    if (store && i != SIZE_MAX && store->tcpRecord(i).hasStream())
        return store->tcpRecord(i).stream;
    return std::nullopt;
}

} // namespace

ScreenshotDriver::ScreenshotDriver(MainWindow& window, QString outPng, QString view)
    : window_(window), path_(std::move(outPng)), view_(std::move(view))
{
    window_.setUnattended(true);
    // After the window's own handling: the picture is of the window as the load left it.
    connect(window_.document(), &CaptureDocument::loadFinished, this,
            [this] { QTimer::singleShot(0, this, &ScreenshotDriver::arrange); });
    connect(window_.document(), &CaptureDocument::openFailed, this, [](const QString&, const QString& message) {
        qWarning("%s", qPrintable(message));
        QApplication::exit(1);
    });
    connect(window_.liveCapture(), &LiveCaptureController::startFailed, this, [](const QString& message) {
        qWarning("synscope: %s", qPrintable(message));
        // Queued: this may run before the event loop has started.
        QMetaObject::invokeMethod(qApp, [] { QApplication::exit(1); }, Qt::QueuedConnection);
    });
}

void ScreenshotDriver::arrange()
{
    if (view_ == QLatin1String("diagram")) {
        showDiagram();
        return;
    }
    if (view_ == QLatin1String("connections"))
        showConnections();
    saveSoon();
}

void ScreenshotDriver::showDiagram()
{
    const std::size_t i = window_.packetView()->selectedPacket();
    window_.connectionDock()->hide();
    window_.diagramDock()->show();
    window_.resizeDocks({window_.diagramDock()}, {window_.width() * 3 / 5}, Qt::Horizontal);
    SequenceDiagramPanel* diagram = window_.diagramPanel();
    diagram->setConnections({selectedStream(window_).value_or(0)});
    connect(diagram, &SequenceDiagramPanel::diagramReady, this, [this, diagram, i] {
        if (i != SIZE_MAX)
            diagram->selectFrame(i + 1);
        saveSoon();
    }, Qt::SingleShotConnection);
}

void ScreenshotDriver::showConnections()
{
    window_.connectionDock()->show();
    window_.connectionDock()->raise();
    // Show the selected packet's connection without filtering the list to it.
    ConnectionListView* connections = window_.connectionView();
    const QSignalBlocker quiet(connections->selectionModel());
    if (const std::optional<std::uint32_t> stream = selectedStream(window_))
        connections->selectStream(*stream);
}

void ScreenshotDriver::saveSoon()
{
    // Let the layout and the list settle before the picture.
    QTimer::singleShot(50, this, [this] {
        QApplication::processEvents();
        const QPixmap picture = window_.grab();
        const bool ok = picture.save(path_, "PNG");
        if (!ok)
            qWarning("cannot write %s", qPrintable(path_));
        QApplication::exit(ok ? 0 : 1);
    });
}

} // namespace synscope
