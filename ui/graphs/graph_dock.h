#pragma once
// The Graphs dock of the main window: the GraphPanel (TCP stream graphs and the I/O graph), given room
// when it first shows.
#include <QDockWidget>
#include <cstdint>

class QMainWindow;
class QThread;

namespace synscope {

class GraphPanel;

class GraphDock : public QDockWidget {
    Q_OBJECT

public:
    // Docked at the bottom of `window`, hidden; graphs are computed on `computeThread`.
    GraphDock(QThread* computeThread, QMainWindow* window);

    GraphPanel* panel() const { return panel_; }
    // The stream graph of TCP stream `stream` (the sequence graph unless a stream graph is chosen).
    void showStreamGraph(std::uint32_t stream);
    void showIoGraph();

private:
    void showWithRoom();

    QMainWindow* window_;
    GraphPanel* panel_;
};

} // namespace synscope
