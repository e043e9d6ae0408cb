// MainWindow: the Graphs dock (TCP stream graphs and the I/O graph), the Statistics menu and the
// connections panel's "Graph This Connection" entry. Graphs are computed on the capture engine's thread.
#include "ui/window/main_window.h"

#include "ui/connections/connection_model.h"
#include "ui/graphs/graph_panel.h"
#include "ui/plot/graph_plot.h"
#include "ui/packets/packet_list_model.h"

#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QTableView>

namespace synscope {

void MainWindow::buildGraphs()
{
    graphPanel_ = new GraphPanel(&engineThread_);
    graphPanel_->setObjectName(QStringLiteral("graphPanel"));
    // A click on a point selects its packet in the list, the details and the diagram.
    connect(graphPanel_, &GraphPanel::frameActivated, this, &MainWindow::diagramFrameActivated);
    graphDock_ = new QDockWidget(tr("Graphs"), this);
    graphDock_->setObjectName(QStringLiteral("graphDock"));
    graphDock_->setWidget(graphPanel_);
    addDockWidget(Qt::BottomDockWidgetArea, graphDock_);
    graphDock_->hide();
}

void MainWindow::buildGraphMenu()
{
    QMenu* statistics = menuBar()->addMenu(tr("&Statistics"));
    QAction* stream = statistics->addAction(tr("&TCP Stream Graph"), this, [this] { showStreamGraph(-1); });
    stream->setStatusTip(tr("Sequence numbers, throughput, round-trip time and window of the selected connection"));
    QAction* io = statistics->addAction(tr("&I/O Graph"), this, &MainWindow::showIoGraph);
    io->setStatusTip(tr("Packets, bytes or bits per interval, one line per filter"));
    statistics->addSeparator();
    statistics->addAction(graphDock_->toggleViewAction());
}

qint64 MainWindow::currentStream() const
{
    const QModelIndexList rows = connectionView_->selectionModel()->selectedRows();
    if (!rows.isEmpty())
        if (const ConnectionRow* c = connectionModel_->row(connectionProxy_->mapToSource(rows.first()).row()))
            return c->stream;
    const std::size_t i = selectedPacket();
    if (store_ && i != SIZE_MAX && store_->tcpRecord(i).hasStream())
        return store_->tcpRecord(i).stream;
    return -1;
}

void MainWindow::showStreamGraph(qint64 stream)
{
    if (stream < 0)
        stream = currentStream();
    if (stream < 0) {
        statusBar()->showMessage(tr("Select a TCP connection (or one of its packets) to graph it."), 5000);
        return;
    }
    graphPanel_->setStream(static_cast<std::uint32_t>(stream));
    if (graphPanel_->graphType() == graphs::GraphType::Io)
        graphPanel_->setGraphType(graphs::GraphType::Stevens);
    showGraphDock();
}

void MainWindow::showIoGraph()
{
    graphPanel_->setGraphType(graphs::GraphType::Io);
    showGraphDock();
}

void MainWindow::showGraphDock()
{
    if (!graphDock_->isVisible()) {
        graphDock_->show();
        // A graph wants room: half the window's height, and most of the bottom row's width.
        resizeDocks({graphDock_}, {height() / 2}, Qt::Vertical);
        resizeDocks({graphDock_}, {width() * 2 / 3}, Qt::Horizontal);
    }
    graphDock_->raise();
}

void MainWindow::addGraphActions(QMenu& menu, qint64 stream)
{
    menu.addAction(tr("Graph This Connection"), this, [this, stream] { showStreamGraph(stream); });
}

} // namespace synscope
