// MainWindow: the commands of the menus and of the lists' context menus that need a word from the user or
// a choice of what to act on (open, go to, find, marks, export, graphs); the work is done by the capture
// document, the packet list, the export dialog and the graphs dock.
#include "ui/window/main_window.h"

#include "ui/capture/capture_document.h"
#include "ui/connections/connection_list_view.h"
#include "ui/export/export_dialog.h"
#include "ui/graphs/graph_dock.h"
#include "ui/packets/packet_list_view.h"
#include "ui/window/window_status_bar.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMenu>
#include <algorithm>

namespace synscope {

void MainWindow::openDialog()
{
    const QString path = document_->path();
    const QString dir = path.isEmpty() ? QString() : QFileInfo(path).absolutePath();
    const QString chosen = QFileDialog::getOpenFileName(
        this, tr("Open Capture File"), dir,
        tr("Capture files (*.pcap *.pcapng *.cap *.pcap.gz *.dmp);;pcap (*.pcap *.cap);;pcapng (*.pcapng);;All files (*)"));
    if (!chosen.isEmpty())
        openCapture(chosen);
}

void MainWindow::goToPacket()
{
    if (!document_->store() || packetModel_->loadedCount() == 0)
        return;
    bool ok = false;
    const int frame = QInputDialog::getInt(this, tr("Go to Packet"), tr("Packet number:"), 1, 1,
                                           static_cast<int>(packetModel_->loadedCount()), 1, &ok);
    if (ok)
        selectFrame(static_cast<quint64>(frame));
}

void MainWindow::find()
{
    bool ok = false;
    const QString text = QInputDialog::getText(this, tr("Find Packet"),
                                               tr("Text in the list (source, destination, protocol or info):"),
                                               QLineEdit::Normal, lastFind_, &ok);
    if (!ok || text.isEmpty())
        return;
    lastFind_ = text;
    findNext();
}

void MainWindow::findNext()
{
    if (lastFind_.isEmpty()) {
        find();
        return;
    }
    if (!document_->store())
        return;
    status_->showActivity(tr("Searching…"));
    packetView_->findNext(lastFind_);
}

void MainWindow::toggleMark()
{
    packetView_->toggleMarks();
    updateStatus();
}

void MainWindow::nextMark() { packetView_->nextMark(); }

void MainWindow::previousMark() { packetView_->previousMark(); }

void MainWindow::packetContextMenu(const QPoint& pos)
{
    QMenu menu(this);
    menu.addAction(tr("Follow TCP Connection"), this, &MainWindow::followSelectedConnection);
    const std::shared_ptr<const PacketStore> store = document_->store();
    const std::size_t selected = packetView_->selectedPacket();
    if (store && selected != SIZE_MAX && store->tcpRecord(selected).hasStream()) {
        const qint64 stream = store->tcpRecord(selected).stream;
        menu.addAction(tr("Export This Connection…"), this, [this, stream] { exportPackets(stream); });
        addGraphActions(menu, stream);
    }
    menu.addAction(tr("Export Packets…"), this, [this] { exportPackets(); });
    menu.addAction(tr("Mark/Unmark Packet"), this, &MainWindow::toggleMark);
    menu.addAction(tr("Copy Summary"), this, [this] { packetView_->copySummary(); });
    menu.exec(packetView_->viewport()->mapToGlobal(pos));
}

void MainWindow::connectionContextMenu(std::uint32_t stream, const QPoint& globalPos)
{
    QMenu menu(this);
    menu.addAction(tr("Export This Connection…"), this, [this, stream] { exportPackets(stream); });
    addGraphActions(menu, stream);
    menu.exec(globalPos);
}

void MainWindow::addGraphActions(QMenu& menu, qint64 stream)
{
    menu.addAction(tr("Graph This Connection"), this, [this, stream] { showStreamGraph(stream); });
}

void MainWindow::exportPackets(qint64 stream)
{
    const std::shared_ptr<const PacketStore> store = document_->store();
    if (!store || store->size() == 0) {
        status_->showMessage(tr("There are no packets to export."), 4000);
        return;
    }
    if (document_->isLoading()) {
        status_->showMessage(tr("Exporting is possible once the capture is loaded (or the capture stopped)."), 5000);
        return;
    }
    ExportChoices choices;
    choices.filtered = packetModel_->isFiltered();
    choices.displayed = packetView_->displayedPackets();
    std::sort(choices.displayed.begin(), choices.displayed.end());
    choices.selected = packetView_->selectedPackets();
    choices.marked.assign(packetModel_->marks().begin(), packetModel_->marks().end());
    std::sort(choices.marked.begin(), choices.marked.end());
    if (stream >= 0) {
        choices.streams.push_back(static_cast<std::uint32_t>(stream));
        // Everything of the connection, whatever the list shows.
        choices.filtered = false;
    }
    const QString base = QFileInfo(document_->path()).completeBaseName();
    choices.suggestedName = stream >= 0 ? tr("%1-stream%2.pcapng").arg(base).arg(stream) : tr("%1-export.pcapng").arg(base);
    ExportDialog dialog(store, std::move(choices), this);
    if (dialog.exec() == QDialog::Accepted)
        status_->showMessage(tr("Exported to %1").arg(dialog.outputPath()), 6000);
}

qint64 MainWindow::currentStream() const
{
    if (const ConnectionRow* c = connectionView_->selectedConnection())
        return c->stream;
    const std::shared_ptr<const PacketStore> store = document_->store();
    const std::size_t i = packetView_->selectedPacket();
    if (store && i != SIZE_MAX && store->tcpRecord(i).hasStream())
        return store->tcpRecord(i).stream;
    return -1;
}

void MainWindow::showStreamGraph(qint64 stream)
{
    if (stream < 0)
        stream = currentStream();
    if (stream < 0) {
        status_->showMessage(tr("Select a TCP connection (or one of its packets) to graph it."), 5000);
        return;
    }
    graphDock_->showStreamGraph(static_cast<std::uint32_t>(stream));
}

void MainWindow::showIoGraph() { graphDock_->showIoGraph(); }

} // namespace synscope
