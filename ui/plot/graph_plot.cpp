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
