// MainWindow: exporting packets (File → Export Packets…, "Export This Connection…" in the packet list's
// and the connections panel's menus).
#include "ui/window/main_window.h"

#include "ui/connections/connection_model.h"
#include "ui/export/export_dialog.h"
#include "ui/packets/packet_list_model.h"

#include <QFileInfo>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QTableView>
#include <algorithm>

namespace synscope {

void MainWindow::exportPackets(qint64 stream)
{
    if (!store_ || store_->size() == 0) {
        statusBar()->showMessage(tr("There are no packets to export."), 4000);
        return;
    }
    if (loading_) {
        statusBar()->showMessage(tr("Exporting is possible once the capture is loaded (or the capture stopped)."), 5000);
        return;
    }
    ExportChoices choices;
    choices.filtered = packetModel_->isFiltered();
    choices.displayed = displayedRows();
    std::sort(choices.displayed.begin(), choices.displayed.end());
    for (const QModelIndex& r : packetView_->selectionModel()->selectedRows())
        choices.selected.push_back(static_cast<std::uint32_t>(packetModel_->packetAt(r.row())));
    std::sort(choices.selected.begin(), choices.selected.end());
    for (quint32 m : packetModel_->marks())
        choices.marked.push_back(m);
    std::sort(choices.marked.begin(), choices.marked.end());
    if (stream >= 0) {
        choices.streams.push_back(static_cast<std::uint32_t>(stream));
        // Everything of the connection, whatever the list shows.
        choices.filtered = false;
    }
    const QString base = QFileInfo(currentPath_).completeBaseName();
    choices.suggestedName = stream >= 0 ? tr("%1-stream%2.pcapng").arg(base).arg(stream)
                                        : tr("%1-export.pcapng").arg(base);
    ExportDialog dialog(store_, std::move(choices), this);
    if (dialog.exec() == QDialog::Accepted)
        statusBar()->showMessage(tr("Exported to %1").arg(dialog.outputPath()), 6000);
}

void MainWindow::connectionContextMenu(const QPoint& pos)
{
    const QModelIndex index = connectionView_->indexAt(pos);
    if (!index.isValid())
        return;
    const ConnectionRow* c = connectionModel_->row(connectionProxy_->mapToSource(index).row());
    if (!c)
        return;
    const qint64 stream = c->stream;
    QMenu menu(this);
    menu.addAction(tr("Export This Connection…"), this, [this, stream] { exportPackets(stream); });
    addGraphActions(menu, stream);
    menu.exec(connectionView_->viewport()->mapToGlobal(pos));
}

} // namespace synscope
