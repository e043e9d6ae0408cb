#pragma once
// A QCustomPlot that draws a graphs::GraphData: every graph type with its colours, markers, legend, axis
// labels and title; decimated to the pixels in view (min/max per column) and refreshed as you zoom; zoom and
// pan with the mouse (wheel, drag) and the keyboard (+, -, arrows, 0 to reset); a tracer that shows the
// value under the cursor; a click on a point emits its frame. Exports PNG, PDF and CSV (the full data).
// The synscope-cli graph command draws through it too (offscreen).
#include "graphs/graph_data.h"

#include <qcustomplot.h>
#include <memory>
#include <string_view>
#include <vector>

namespace synscope {

class BarsPlottable;

class GraphPlot : public QCustomPlot {
    Q_OBJECT

public:
    explicit GraphPlot(QWidget* parent = nullptr);
    ~GraphPlot() override;

    // Shows `graph` (nullptr: an empty plot with `emptyText` in the middle). Resets the view.
    void setGraph(std::shared_ptr<const graphs::GraphData> graph, const QString& emptyText = QString());
    const graphs::GraphData* graph() const { return graph_.get(); }
    std::shared_ptr<const graphs::GraphData> graphShared() const { return graph_; }
    // The title above the plot (empty: one made from the graph).
    void setTitle(const QString& title);
    QString title() const;
    void setLogScale(bool on);
    bool logScale() const { return logScale_; }

    // View: the whole graph; zoom around the centre (factor < 1 zooms in); pan by fractions of the view.
    void resetView();
    void zoomBy(double factor);
    void panBy(double fractionX, double fractionY);

    struct Pick {
        bool valid = false;
        int series = -1;        // index in graph()->series
        std::size_t index = 0;  // in that series' points (or bars)
        bool bar = false;
        std::uint64_t frame = 0;
        double x = 0, y = 0;    // the point (a bar: its upper end)
        double distance = 0;    // pixels
    };
    // The point drawn nearest `pixel` within `radius` pixels (markers win ties over lines and bars).
    Pick pickAt(const QPointF& pixel, double radius = 8) const;
    // Where point `index` of series `id` is drawn (a bar: the middle), in widget pixels; (-1, -1) if none.
    QPointF pixelOf(std::string_view id, std::size_t index) const;
    // Text for a picked point: series, frame, time and value.
    QString describe(const Pick& pick) const;
    // Puts the tracer on a point of `frame` (the packet selected elsewhere); false when the graph has none.
    bool showFrame(quint64 frame);
    // The tracer's text, or empty when hidden.
    QString tracerText() const;

    // User-visible name of a series ("Segments", "ACK", an I/O line's own name ...).
    static QString seriesName(const graphs::Series& s);
    // Value axis label for a graph.
    static QString valueLabel(const graphs::GraphData& g);
    // Number of points handed to QCustomPlot at the moment (after decimation), for tests and benchmarks.
    std::size_t drawnPoints() const;

    // Saves the plot as .png or .pdf (the picture, `width` × `height`, 0 = as on screen) or .csv (every
    // point of the graph). The format comes from the suffix. False with a message.
    bool saveAs(const QString& path, QString* error = nullptr, int width = 0, int height = 0);

signals:
    void frameActivated(quint64 frame);
    // The text of the point under the cursor, or empty.
    void pointHovered(const QString& text);

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    struct Drawn {
        int series = -1;                      // index in graph_->series
        QCPGraph* graph = nullptr;            // lines, steps, impulses, dots, markers
        BarsPlottable* bars = nullptr;        // bars
        bool markers = false;
        std::vector<graphs::GraphPoint> shown; // the decimated points handed to `graph`
    };
    void build();
    void refreshData();
    void applyLogScale();
    void updateTitle();
    void setTracer(const Pick& pick);
    void styleAxes();
    QCPAxis* valueAxisOf(const graphs::Series& s) const;
    // Pixel columns to decimate for: the plot's width, or the exported picture's.
    int columns() const;

    std::shared_ptr<const graphs::GraphData> graph_;
    std::vector<Drawn> drawn_;
    QCPTextElement* titleElement_ = nullptr;
    QString customTitle_;
    QCPItemText* emptyLabel_ = nullptr;
    QCPItemTracer* tracer_ = nullptr;
    QCPItemText* tracerLabel_ = nullptr;
    bool logScale_ = false;
    QPoint pressPos_;
    bool pressed_ = false;
    bool refreshing_ = false;
    QCPRange fullX_, fullY_;
    double minPositive_ = 0; // smallest value > 0, the lower end of a log axis
    int exportColumns_ = 0;
};

} // namespace synscope
