#include "ui/graphs/graph_dock.h"

#include "ui/graphs/graph_panel.h"

#include <QMainWindow>

namespace synscope {

GraphDock::GraphDock(QThread* computeThread, QMainWindow* window)
    : QDockWidget(tr("Graphs"), window), window_(window), panel_(new GraphPanel(computeThread))
{
    panel_->setObjectName(QStringLiteral("graphPanel"));
    setObjectName(QStringLiteral("graphDock"));
    setWidget(panel_);
    window->addDockWidget(Qt::BottomDockWidgetArea, this);
    hide();
}

void GraphDock::showStreamGraph(std::uint32_t stream)
{
    panel_->setStream(stream);
    if (panel_->graphType() == graphs::GraphType::Io)
        panel_->setGraphType(graphs::GraphType::Stevens);
    showWithRoom();
}

void GraphDock::showIoGraph()
{
    panel_->setGraphType(graphs::GraphType::Io);
    showWithRoom();
}

void GraphDock::showWithRoom()
{
    if (!isVisible()) {
        show();
        // A graph wants room: half the window's height, and most of the bottom row's width.
        window_->resizeDocks({this}, {window_->height() / 2}, Qt::Vertical);
        window_->resizeDocks({this}, {window_->width() * 2 / 3}, Qt::Horizontal);
    }
    raise();
}

} // namespace synscope
