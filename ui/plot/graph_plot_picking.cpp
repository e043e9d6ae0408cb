// GraphPlot's picking: the point under the mouse, where a point is drawn, the tracer and its text.
#include "ui/plot/graph_plot.h"

#include "ui/plot/bars_plottable.h"

#include <algorithm>
#include <cmath>

namespace synscope {

namespace {

QString formatSeconds(double s) { return QString::number(s, 'f', 6); }

} // namespace

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

} // namespace synscope
