#include "ui/plot/graph_plot.h"

#include "ui/plot/bars_plottable.h"
#include "ui/plot/graph_style.h"
#include "graphs/decimation.h"

#include <QFile>
#include <QFileInfo>
#include <QKeyEvent>
#include <QMouseEvent>
#include <algorithm>
#include <cmath>

namespace synscope {

namespace {

// A click that moves less than this many pixels selects; more is a drag (pan).
constexpr int kClickSlop = 4;

QVector<double> xs(const std::vector<graphs::GraphPoint>& v)
{
    QVector<double> out;
    out.reserve(static_cast<qsizetype>(v.size()));
    for (const graphs::GraphPoint& p : v)
        out.append(p.x);
    return out;
}

QString formatSeconds(double s) { return QString::number(s, 'f', 6); }

} // namespace

GraphPlot::GraphPlot(QWidget* parent) : QCustomPlot(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    // Only time and the left value axis move; the right axis holds the fixed lanes of the I/O graph's
    // connection markers.
    axisRect()->setRangeDragAxes(xAxis, yAxis);
    axisRect()->setRangeZoomAxes(xAxis, yAxis);
    setNoAntialiasingOnDrag(true);

    plotLayout()->insertRow(0);
    titleElement_ = new QCPTextElement(this, QString(), QFont(font().family(), font().pointSize() + 2, QFont::Bold));
    plotLayout()->addElement(0, 0, titleElement_);

    // The legend gets a strip of its own under the plot, so it never hides data, however small the plot.
    axisRect()->insetLayout()->take(legend);
    plotLayout()->addElement(2, 0, legend);
    plotLayout()->setRowStretchFactor(2, 0.001);
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    legend->setWrap(6);
    legend->setMargins(QMargins(4, 2, 4, 2));
    legend->setVisible(true);
    legend->setBrush(Qt::NoBrush);
    legend->setBorderPen(Qt::NoPen);
    QFont legendFont = font();
    legendFont.setPointSizeF(std::max(7.0, legendFont.pointSizeF() - 1));
    legend->setFont(legendFont);

    emptyLabel_ = new QCPItemText(this);
    emptyLabel_->position->setType(QCPItemPosition::ptAxisRectRatio);
    emptyLabel_->position->setCoords(0.5, 0.5);
    emptyLabel_->setPositionAlignment(Qt::AlignCenter);
    emptyLabel_->setColor(QColor(0x60, 0x60, 0x60));
    emptyLabel_->setVisible(false);

    tracer_ = new QCPItemTracer(this);
    tracer_->setStyle(QCPItemTracer::tsCircle);
    tracer_->setSize(11);
    tracer_->setPen(QPen(QColor(0xd0, 0x20, 0x20), 2));
    tracer_->setBrush(Qt::NoBrush);
    tracer_->setVisible(false);
    tracer_->setClipToAxisRect(true);

    tracerLabel_ = new QCPItemText(this);
    tracerLabel_->position->setType(QCPItemPosition::ptAxisRectRatio);
    tracerLabel_->position->setCoords(0.5, 0.01);
    tracerLabel_->setPositionAlignment(Qt::AlignTop | Qt::AlignHCenter);
    tracerLabel_->setTextAlignment(Qt::AlignLeft);
    tracerLabel_->setPadding(QMargins(5, 3, 5, 3));
    tracerLabel_->setBrush(QColor(255, 255, 225, 235));
    tracerLabel_->setPen(QPen(QColor(0x90, 0x90, 0x90)));
    tracerLabel_->setVisible(false);

    xAxis->setLabel(tr("Time since the first packet (s)"));
    styleAxes();
    connect(xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] {
        if (!refreshing_)
            refreshData();
    });
    connect(yAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] {
        if (!refreshing_)
            refreshData();
    });
    setGraph(nullptr);
}

GraphPlot::~GraphPlot() = default;

void GraphPlot::styleAxes()
{
    for (QCPAxis* a : {xAxis, yAxis, yAxis2}) {
        a->grid()->setPen(QPen(QColor(0xdd, 0xdd, 0xdd), 0, Qt::DotLine));
        a->grid()->setSubGridVisible(false);
    }
    xAxis->grid()->setVisible(true);
    yAxis->grid()->setVisible(true);
    yAxis2->grid()->setVisible(false);
}

void GraphPlot::setGraph(std::shared_ptr<const graphs::GraphData> graph, const QString& emptyText)
{
    graph_ = std::move(graph);
    tracer_->setVisible(false);
    tracerLabel_->setVisible(false);
    build();
    const bool empty = !graph_ || graph_->empty();
    QString text = emptyText;
    if (text.isEmpty() && graph_ && empty)
        text = graph_->note.empty() ? tr("Nothing to plot.") : QString::fromStdString(graph_->note);
    emptyLabel_->setText(text);
    emptyLabel_->setVisible(empty && !text.isEmpty());
    updateTitle();
    resetView();
}

void GraphPlot::setTitle(const QString& title)
{
    customTitle_ = title;
    updateTitle();
    replot(rpQueuedReplot);
}

QString GraphPlot::title() const { return titleElement_->text(); }

QString GraphPlot::seriesName(const graphs::Series& s)
{
    if (!s.name.empty())
        return QString::fromStdString(s.name);
    const std::string& id = s.id;
    if (id == "segments")
        return tr("Segments");
    if (id == "sack")
        return tr("SACK blocks");
    if (id == "ack")
        return tr("ACK");
    if (id == "window")
        return tr("Receive window edge");
    if (id == "syn")
        return tr("SYN");
    if (id == "fin")
        return tr("FIN");
    if (id == "rst")
        return tr("RST");
    if (id == "retransmission")
        return tr("Retransmission");
    if (id == "duplicate_ack")
        return tr("Duplicate ACK");
    if (id == "zero_window")
        return tr("Zero window");
    if (id == "throughput")
        return tr("Throughput");
    if (id == "goodput")
        return tr("Goodput");
    if (id == "rtt")
        return tr("RTT");
    if (id == "receive_window")
        return tr("Receive window");
    if (id == "bytes_in_flight")
        return tr("Bytes in flight");
    if (id == "connection_open")
        return tr("Connection opened");
    if (id == "connection_close")
        return tr("Connection closed");
    return QString::fromStdString(id);
}

namespace {

QString intervalText(double seconds)
{
    if (seconds >= 60 && std::fmod(seconds, 60) == 0)
        return GraphPlot::tr("%1 min").arg(seconds / 60);
    if (seconds >= 1)
        return GraphPlot::tr("%1 s").arg(seconds);
    return GraphPlot::tr("%1 ms").arg(seconds * 1000);
}

} // namespace

QString GraphPlot::valueLabel(const graphs::GraphData& g)
{
    switch (g.unit) {
    case graphs::ValueUnit::SequenceNumber:
        return tr("Relative sequence number (bytes)");
    case graphs::ValueUnit::BitsPerSecond:
        return tr("Bits per second");
    case graphs::ValueUnit::Milliseconds:
        return tr("Round-trip time (ms)");
    case graphs::ValueUnit::Bytes:
        return tr("Bytes");
    case graphs::ValueUnit::Packets:
        return tr("Packets per %1").arg(intervalText(g.intervalSeconds));
    case graphs::ValueUnit::BytesPerInterval:
        return tr("Bytes per %1").arg(intervalText(g.intervalSeconds));
    case graphs::ValueUnit::BitsPerInterval:
        return tr("Bits per %1").arg(intervalText(g.intervalSeconds));
    }
    return QString();
}

void GraphPlot::updateTitle()
{
    QString t = customTitle_;
    if (t.isEmpty() && graph_) {
        const graphs::GraphData& g = *graph_;
        const QString who = tr("stream %1: %2 → %3")
                                .arg(g.stream)
                                .arg(QString::fromStdString(g.sender), QString::fromStdString(g.receiver));
        switch (g.type) {
        case graphs::GraphType::Stevens:
            t = tr("Sequence numbers (Stevens) — %1").arg(who);
            break;
        case graphs::GraphType::Throughput:
            t = tr("Throughput and goodput — %1").arg(who);
            break;
        case graphs::GraphType::Rtt:
            t = tr("Round-trip time — %1").arg(who);
            break;
        case graphs::GraphType::Window:
            t = tr("Window and bytes in flight — %1").arg(who);
            break;
        case graphs::GraphType::Io:
            t = tr("I/O graph — %1 intervals").arg(intervalText(g.intervalSeconds));
            break;
        }
    }
    titleElement_->setText(t);
}

QCPAxis* GraphPlot::valueAxisOf(const graphs::Series& s) const { return s.rightAxis ? yAxis2 : yAxis; }

void GraphPlot::build()
{
    clearPlottables();
    drawn_.clear();
    legend->clearItems();
    // The right axis holds two fixed lanes near the bottom: opened (y 0) and closed (y 1).
    yAxis2->setVisible(false);
    yAxis2->setRange(-0.6, 16);
    if (!graph_) {
        replot(rpQueuedReplot);
        return;
    }
    yAxis->setLabel(valueLabel(*graph_));
    int ioIndex = 0;
    for (std::size_t i = 0; i < graph_->series.size(); ++i) {
        const graphs::Series& s = graph_->series[i];
        const SeriesLook look = lookOf(s, s.id.rfind("io", 0) == 0 ? ioIndex++ : 0);
        Drawn d;
        d.series = static_cast<int>(i);
        if (s.style == graphs::SeriesStyle::Bars) {
            auto* bars = new BarsPlottable(xAxis, valueAxisOf(s));
            bars->setBars(s.bars);
            bars->setPen(QPen(look.color, look.width));
            bars->setName(seriesName(s));
            d.bars = bars;
        } else {
            QCPGraph* g = addGraph(xAxis, valueAxisOf(s));
            g->setName(seriesName(s));
            g->setPen(QPen(look.color, look.width));
            g->setAdaptiveSampling(false); // decimated here already, keeping each column's extremes and frames
            switch (s.style) {
            case graphs::SeriesStyle::Line:
                g->setLineStyle(QCPGraph::lsLine);
                if (look.dots)
                    g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, look.color, 4));
                break;
            case graphs::SeriesStyle::Steps:
                g->setLineStyle(QCPGraph::lsStepLeft);
                break;
            case graphs::SeriesStyle::Impulses:
                g->setLineStyle(QCPGraph::lsImpulse);
                break;
            case graphs::SeriesStyle::Dots:
                g->setLineStyle(QCPGraph::lsNone);
                g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, look.color, 5));
                break;
            case graphs::SeriesStyle::Markers:
                g->setLineStyle(QCPGraph::lsNone);
                g->setScatterStyle(QCPScatterStyle(look.marker, QPen(look.color, 1.6), look.fill, look.markerSize));
                d.markers = true;
                break;
            case graphs::SeriesStyle::Bars:
                break;
            }
            d.graph = g;
        }
        drawn_.push_back(d);
    }

    // Full extent: time over every series, values over the left axis' series only.
    bool any = false;
    double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
    auto take = [&](double x, double y, bool value) {
        if (!std::isfinite(x))
            return;
        if (!any) {
            x0 = x1 = x;
            any = true;
        }
        x0 = std::min(x0, x);
        x1 = std::max(x1, x);
        if (value && std::isfinite(y)) {
            y0 = std::min(y0, y);
            y1 = std::max(y1, y);
        }
    };
    minPositive_ = 0;
    for (const graphs::Series& s : graph_->series) {
        for (const graphs::GraphPoint& p : s.points) {
            take(p.x, p.y, !s.rightAxis);
            if (!s.rightAxis && p.y > 0 && (minPositive_ == 0 || p.y < minPositive_))
                minPositive_ = p.y;
        }
        for (const graphs::GraphBar& b : s.bars) {
            take(b.x, b.low, true);
            take(b.x, b.high, true);
        }
    }
    if (x1 <= x0)
        x1 = x0 + (graph_->intervalSeconds > 0 ? graph_->intervalSeconds : 0.001);
    if (y1 <= y0)
        y1 = y0 + 1;
    const double xm = (x1 - x0) * 0.02, ym = (y1 - y0) * 0.05;
    fullX_ = QCPRange(x0 - xm, x1 + xm);
    fullY_ = QCPRange(y0 < 0 ? y0 - ym : 0, y1 + ym);
    // I/O graphs: the interval's point is at its start; show the last interval whole.
    if (graph_->type == graphs::GraphType::Io && graph_->intervalSeconds > 0)
        fullX_.upper = std::max(fullX_.upper, x1 + graph_->intervalSeconds);
    applyLogScale();
}

void GraphPlot::setLogScale(bool on)
{
    if (on == logScale_)
        return;
    logScale_ = on;
    applyLogScale();
    resetView();
}

void GraphPlot::applyLogScale()
{
    if (logScale_) {
        yAxis->setScaleType(QCPAxis::stLogarithmic);
        yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
        yAxis->setNumberFormat(QStringLiteral("eb"));
        yAxis->setNumberPrecision(0);
    } else {
        yAxis->setScaleType(QCPAxis::stLinear);
        yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
        yAxis->setNumberFormat(QStringLiteral("gb"));
        yAxis->setNumberPrecision(6);
    }
}

void GraphPlot::resetView()
{
    refreshing_ = true;
    xAxis->setRange(fullX_);
    if (logScale_) {
        const double low = minPositive_ > 0 ? minPositive_ / 2 : 0.5;
        yAxis->setRange(low, std::max(fullY_.upper * 2, low * 10));
    } else {
        yAxis->setRange(fullY_);
    }
    refreshing_ = false;
    // Lay out now (tick labels set the axis rect's size): decimation and picking use its pixels.
    updateLayout();
    refreshData();
}

void GraphPlot::zoomBy(double factor)
{
    refreshing_ = true;
    xAxis->scaleRange(factor, xAxis->range().center());
    if (logScale_)
        yAxis->scaleRange(factor, std::sqrt(yAxis->range().lower * yAxis->range().upper));
    else
        yAxis->scaleRange(factor, yAxis->range().center());
    refreshing_ = false;
    refreshData();
}

void GraphPlot::panBy(double fractionX, double fractionY)
{
    refreshing_ = true;
    xAxis->moveRange(xAxis->range().size() * fractionX);
    if (logScale_) {
        const double f = std::pow(yAxis->range().upper / yAxis->range().lower, fractionY);
        yAxis->setRange(yAxis->range().lower * f, yAxis->range().upper * f);
    } else {
        yAxis->moveRange(yAxis->range().size() * fractionY);
    }
    refreshing_ = false;
    refreshData();
}

int GraphPlot::columns() const
{
    if (exportColumns_ > 0)
        return exportColumns_;
    return std::max(100, axisRect()->width() > 10 ? axisRect()->width() : width());
}

void GraphPlot::refreshData()
{
    if (!graph_)
        return;
    const QCPRange keys = xAxis->range();
    const int cols = columns();
    const double pixelValue = yAxis->range().size() / std::max(50, axisRect()->height());
    for (Drawn& d : drawn_) {
        if (!d.graph)
            continue;
        const graphs::Series& s = graph_->series[static_cast<std::size_t>(d.series)];
        std::vector<graphs::GraphPoint> pts =
            d.markers ? graphs::decimateMarkers(s.points, keys.lower, keys.upper, cols,
                                                s.rightAxis ? 0.5 : pixelValue * 2)
                      : graphs::decimateMinMax(s.points, keys.lower, keys.upper, cols);
        if (logScale_ && !s.rightAxis)
            std::erase_if(pts, [](const graphs::GraphPoint& p) { return !(p.y > 0); });
        QVector<double> values;
        values.reserve(static_cast<qsizetype>(pts.size()));
        for (const graphs::GraphPoint& p : pts)
            values.append(p.y);
        d.graph->setData(xs(pts), values, true);
        // Thousands of segments zig-zagging through every column look the same without antialiasing,
        // and paint several times faster.
        d.graph->setAntialiased(pts.size() < 1000);
        d.shown = std::move(pts);
    }
    replot(rpQueuedReplot);
}

std::size_t GraphPlot::drawnPoints() const
{
    std::size_t n = 0;
    for (const Drawn& d : drawn_)
        n += d.shown.size();
    return n;
}

GraphPlot::Pick GraphPlot::pickAt(const QPointF& pixel, double radius) const
{
    Pick best;
    if (!graph_)
        return best;
    double bestScore = 0;
    auto consider = [&](const Drawn& d, std::size_t index, bool bar, std::uint64_t frame, double x, double y,
                        double distance) {
        if (distance > radius)
            return;
        // Markers sit on top of lines and bars: they win when about as near.
        const double score = distance - (d.markers ? 3.0 : 0.0);
        if (best.valid && score >= bestScore)
            return;
        best.valid = true;
        best.series = d.series;
        best.index = index;
        best.bar = bar;
        best.frame = frame;
        best.x = x;
        best.y = y;
        best.distance = distance;
        bestScore = score;
    };
    for (const Drawn& d : drawn_) {
        const graphs::Series& s = graph_->series[static_cast<std::size_t>(d.series)];
        if (d.bars) {
            double k1 = 0, k2 = 0;
            k1 = xAxis->pixelToCoord(pixel.x() - radius);
            k2 = xAxis->pixelToCoord(pixel.x() + radius);
            if (k1 > k2)
                std::swap(k1, k2);
            const auto& bars = s.bars;
            auto it = std::lower_bound(bars.begin(), bars.end(), k1,
                                       [](const graphs::GraphBar& b, double x) { return b.x < x; });
            for (; it != bars.end() && it->x <= k2; ++it) {
                const std::size_t i = static_cast<std::size_t>(it - bars.begin());
                consider(d, i, true, it->frame, it->x, it->high, d.bars->pixelDistance(pixel, i));
            }
            continue;
        }
        QCPAxis* valueAxis = valueAxisOf(s);
        for (const graphs::GraphPoint& p : d.shown) {
            const double px = xAxis->coordToPixel(p.x);
            if (std::abs(px - pixel.x()) > radius)
                continue;
            const double py = valueAxis->coordToPixel(p.y);
            const double dist = std::hypot(px - pixel.x(), py - pixel.y());
            // The index in the full series: the decimated points are the original ones, in order.
            const auto& all = s.points;
            auto it = std::lower_bound(all.begin(), all.end(), p.x,
                                       [](const graphs::GraphPoint& a, double x) { return a.x < x; });
            while (it != all.end() && it->x == p.x && (it->frame != p.frame || it->y != p.y))
                ++it;
            consider(d, static_cast<std::size_t>(it - all.begin()), false, p.frame, p.x, p.y, dist);
        }
    }
    return best;
}

QPointF GraphPlot::pixelOf(std::string_view id, std::size_t index) const
{
    if (!graph_)
        return {-1, -1};
    for (const Drawn& d : drawn_) {
        const graphs::Series& s = graph_->series[static_cast<std::size_t>(d.series)];
        if (s.id != id)
            continue;
        QCPAxis* valueAxis = valueAxisOf(s);
        if (d.bars) {
            if (index >= s.bars.size())
                return {-1, -1};
            const graphs::GraphBar& b = s.bars[index];
            return {xAxis->coordToPixel(b.x), valueAxis->coordToPixel((b.low + b.high) / 2)};
        }
        if (index >= s.points.size())
            return {-1, -1};
        const graphs::GraphPoint& p = s.points[index];
        return {xAxis->coordToPixel(p.x), valueAxis->coordToPixel(p.y)};
    }
    return {-1, -1};
}

QString GraphPlot::describe(const Pick& pick) const
{
    if (!pick.valid || !graph_)
        return QString();
    const graphs::Series& s = graph_->series[static_cast<std::size_t>(pick.series)];
    QString value;
    if (pick.bar) {
        const graphs::GraphBar& b = s.bars[pick.index];
        value = tr("%1 – %2").arg(QString::fromStdString(graphs::formatNumber(b.low)),
                                  QString::fromStdString(graphs::formatNumber(b.high)));
    } else {
        value = QString::fromStdString(graphs::formatNumber(pick.y));
        if (s.id == "rtt" && pick.index < s.points.size())
            value = tr("%1 ms (acknowledges frame %2)").arg(value).arg(static_cast<quint64>(s.points[pick.index].aux));
        if (s.rightAxis && pick.index < s.points.size())
            value = tr("stream %1").arg(static_cast<quint64>(s.points[pick.index].aux));
    }
    const QString frame = pick.frame ? tr("frame %1").arg(pick.frame) : tr("no packet");
    return tr("%1: %2\n%3, %4 s").arg(seriesName(s), value, frame, formatSeconds(pick.x));
}

void GraphPlot::setTracer(const Pick& pick)
{
    if (!pick.valid || !graph_) {
        tracer_->setVisible(false);
        tracerLabel_->setVisible(false);
        replot(rpQueuedReplot);
        return;
    }
    const graphs::Series& s = graph_->series[static_cast<std::size_t>(pick.series)];
    tracer_->position->setAxes(xAxis, valueAxisOf(s));
    tracer_->position->setCoords(pick.x, pick.y);
    tracer_->setVisible(true);
    tracerLabel_->setText(describe(pick));
    tracerLabel_->setVisible(true);
    replot(rpQueuedReplot);
}

bool GraphPlot::showFrame(quint64 frame)
{
    if (!graph_ || frame == 0)
        return false;
    // Prefer the series that carries the packet itself: bars and lines before markers.
    Pick found;
    for (int pass = 0; pass < 2 && !found.valid; ++pass) {
        for (const Drawn& d : drawn_) {
            if (d.markers != (pass == 1))
                continue;
            const graphs::Series& s = graph_->series[static_cast<std::size_t>(d.series)];
            for (std::size_t i = 0; i < s.bars.size() && !found.valid; ++i)
                if (s.bars[i].frame == frame) {
                    found = {true, d.series, i, true, frame, s.bars[i].x, s.bars[i].high, 0};
                }
            for (std::size_t i = 0; i < s.points.size() && !found.valid; ++i)
                if (s.points[i].frame == frame) {
                    found = {true, d.series, i, false, frame, s.points[i].x, s.points[i].y, 0};
                }
            if (found.valid)
                break;
        }
    }
    if (!found.valid) {
        setTracer(Pick());
        return false;
    }
    setTracer(found);
    return true;
}

QString GraphPlot::tracerText() const { return tracerLabel_->visible() ? tracerLabel_->text() : QString(); }

bool GraphPlot::saveAs(const QString& path, QString* error, int width, int height)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    auto fail = [&](const QString& message) {
        if (error)
            *error = message;
        return false;
    };
    if (suffix == QLatin1String("csv")) {
        if (!graph_)
            return fail(tr("There is no graph to save."));
        const std::string text = graphs::toCsv(*graph_);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return fail(tr("Cannot write %1: %2").arg(path, f.errorString()));
        if (f.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size()) || !f.flush())
            return fail(tr("Cannot write %1: %2").arg(path, f.errorString()));
        return true;
    }
    if (suffix != QLatin1String("png") && suffix != QLatin1String("pdf"))
        return fail(tr("Unknown format \"%1\": use .png, .pdf or .csv.").arg(suffix));
    // Decimate for the picture's width, not the window's.
    const bool sized = width > 0 && height > 0;
    const QCPRange oldX = xAxis->range(), oldY = yAxis->range();
    if (sized) {
        exportColumns_ = width;
        refreshData();
    }
    const bool ok = suffix == QLatin1String("png") ? savePng(path, width, height)
                                                   : savePdf(path, width, height, QCP::epNoCosmetic,
                                                             QStringLiteral("SynScope"), title());
    if (sized) {
        exportColumns_ = 0;
        refreshing_ = true;
        xAxis->setRange(oldX);
        yAxis->setRange(oldY);
        refreshing_ = false;
        refreshData();
    }
    if (!ok)
        return fail(tr("Cannot write %1.").arg(path));
    return true;
}

void GraphPlot::keyPressEvent(QKeyEvent* event)
{
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomBy(0.8);
        return;
    case Qt::Key_Minus:
        zoomBy(1.25);
        return;
    case Qt::Key_Left:
        panBy(-0.1, 0);
        return;
    case Qt::Key_Right:
        panBy(0.1, 0);
        return;
    case Qt::Key_Up:
        panBy(0, 0.1);
        return;
    case Qt::Key_Down:
        panBy(0, -0.1);
        return;
    case Qt::Key_0:
    case Qt::Key_Home:
        resetView();
        return;
    default:
        QCustomPlot::keyPressEvent(event);
    }
}

void GraphPlot::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton) {
        pressPos_ = event->position().toPoint();
        pressed_ = true;
    }
    QCustomPlot::mousePressEvent(event);
}

void GraphPlot::mouseReleaseEvent(QMouseEvent* event)
{
    QCustomPlot::mouseReleaseEvent(event);
    if (event->button() != Qt::LeftButton || !pressed_)
        return;
    pressed_ = false;
    if ((event->position().toPoint() - pressPos_).manhattanLength() > kClickSlop)
        return; // a drag
    const Pick pick = pickAt(event->position());
    if (!pick.valid)
        return;
    setTracer(pick);
    if (pick.frame)
        emit frameActivated(pick.frame);
}

void GraphPlot::mouseMoveEvent(QMouseEvent* event)
{
    QCustomPlot::mouseMoveEvent(event);
    if (event->buttons() != Qt::NoButton)
        return;
    const Pick pick = pickAt(event->position());
    if (pick.valid) {
        setTracer(pick);
        emit pointHovered(describe(pick));
    }
}

void GraphPlot::leaveEvent(QEvent* event)
{
    QCustomPlot::leaveEvent(event);
    emit pointHovered(QString());
}

void GraphPlot::resizeEvent(QResizeEvent* event)
{
    QCustomPlot::resizeEvent(event);
    updateLayout();
    refreshData();
}

} // namespace synscope
