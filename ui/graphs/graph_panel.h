#pragma once
// The Graphs panel: a TCP stream graph of one connection (Stevens/tcptrace, throughput and goodput, RTT,
// window and bytes in flight) or the capture's I/O graph, with the controls for each. Graphs are computed
// by a GraphWorker on another thread (the capture engine's, in the main window); a newer request cancels an
// older one. It follows the connection chosen elsewhere (setStream) and the selected packet (selectFrame);
// a click on a point emits frameActivated so the main window selects that packet everywhere.
#include "ui/graphs/graph_worker.h"
#include "graphs/graph_request.h"

#include <QPointer>
#include <QWidget>
#include <atomic>
#include <memory>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QThread;

namespace synscope {

class GraphPlot;
class IoLinesEditor;

class GraphPanel : public QWidget {
    Q_OBJECT

public:
    // `computeThread`: where graphs are computed (the capture engine's thread); null: a thread of its own.
    explicit GraphPanel(QThread* computeThread = nullptr, QWidget* parent = nullptr);
    ~GraphPanel() override;

    // The capture to draw from (null: none). Recomputes when visible.
    void setStore(std::shared_ptr<const PacketStore> store);
    // The connection of the stream graphs (from the connections panel).
    void setStream(std::uint32_t stream);
    std::uint32_t stream() const;
    void setGraphType(graphs::GraphType type);
    graphs::GraphType graphType() const;
    void setDirection(graphs::Direction direction);
    void setIoInterval(std::int64_t ns);
    void setIoUnit(graphs::IoUnit unit);
    void setLogScale(bool on);
    // Recomputes the graph (the capture grew, or finished loading).
    void refresh();
    // Puts the tracer on the packet selected elsewhere (no signal).
    void selectFrame(quint64 frame);
    // The request the controls describe now.
    graphs::GraphRequest request() const;

    GraphPlot* plot() const { return plot_; }
    IoLinesEditor* ioLines() const { return ioLines_; }
    bool isComputing() const { return computing_; }
    QString statusText() const;

signals:
    void frameActivated(quint64 frame);
    // A graph (or its error) arrived and is shown.
    void graphReady();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void buildControls();
    QWidget* buildStreamControls(); // stream, direction, average
    QWidget* buildIoControls();     // interval, unit, connection events
    void connectControls();
    void updateControls();
    void requestGraph();
    void onFinished(quint64 id, GraphDataPtr graph, const QString& error, qint64 elapsedMs);
    void exportGraph();
    void updateDirectionNames(const graphs::GraphData& g);

    QThread* ownThread_ = nullptr;
    // Deleted with its thread when that ends first (the main window stops the engine's thread before its docks go).
    QPointer<GraphWorker> worker_;
    std::shared_ptr<const PacketStore> store_;
    quint64 requestId_ = 0;
    std::shared_ptr<std::atomic<bool>> cancel_;
    bool computing_ = false;
    bool dirty_ = true;
    quint64 pendingFrame_ = 0;

    QComboBox* type_ = nullptr;
    QSpinBox* stream_ = nullptr;
    QComboBox* direction_ = nullptr;
    QDoubleSpinBox* average_ = nullptr;
    QComboBox* interval_ = nullptr;
    QComboBox* unit_ = nullptr;
    QCheckBox* markers_ = nullptr;
    QCheckBox* log_ = nullptr;
    QPushButton* reset_ = nullptr;
    QPushButton* export_ = nullptr;
    QWidget* streamControls_ = nullptr;
    QWidget* ioControls_ = nullptr;
    IoLinesEditor* ioLines_ = nullptr;
    GraphPlot* plot_ = nullptr;
    QLabel* status_ = nullptr;
};

} // namespace synscope
