#include "ui/plot/bars_plottable.h"

#include "graphs/decimation.h"

#include <algorithm>
#include <cmath>

namespace synscope {

BarsPlottable::BarsPlottable(QCPAxis* keyAxis, QCPAxis* valueAxis) : QCPAbstractPlottable(keyAxis, valueAxis)
{
    setSelectable(QCP::stNone);
}

void BarsPlottable::setBars(std::span<const graphs::GraphBar> bars) { bars_ = bars; }

QCPRange BarsPlottable::getKeyRange(bool& foundRange, QCP::SignDomain inSignDomain) const
{
    foundRange = false;
    QCPRange r;
    for (const graphs::GraphBar& b : bars_) {
        if ((inSignDomain == QCP::sdPositive && b.x <= 0) || (inSignDomain == QCP::sdNegative && b.x >= 0))
            continue;
        if (!foundRange) {
            r = QCPRange(b.x, b.x);
            foundRange = true;
        } else {
            r.expand(b.x);
        }
    }
    return r;
}

QCPRange BarsPlottable::getValueRange(bool& foundRange, QCP::SignDomain inSignDomain, const QCPRange& inKeyRange) const
{
    foundRange = false;
    QCPRange r;
    const bool restrict = inKeyRange != QCPRange();
    for (const graphs::GraphBar& b : bars_) {
        if (restrict && !inKeyRange.contains(b.x))
            continue;
        for (double v : {b.low, b.high}) {
            if ((inSignDomain == QCP::sdPositive && v <= 0) || (inSignDomain == QCP::sdNegative && v >= 0))
                continue;
            if (!foundRange) {
                r = QCPRange(v, v);
                foundRange = true;
            } else {
                r.expand(v);
            }
        }
    }
    return r;
}

double BarsPlottable::pixelDistance(const QPointF& pos, std::size_t i) const
{
    const graphs::GraphBar& b = bars_[i];
    const QPointF lo = coordsToPixels(b.x, b.low);
    const QPointF hi = coordsToPixels(b.x, b.high);
    double top = std::min(lo.y(), hi.y()), bottom = std::max(lo.y(), hi.y());
    if (bottom - top < minimumPixels_) {
        const double mid = (top + bottom) / 2;
        top = mid - minimumPixels_ / 2;
        bottom = mid + minimumPixels_ / 2;
    }
    const double dx = pos.x() - lo.x();
    const double dy = pos.y() < top ? top - pos.y() : pos.y() > bottom ? pos.y() - bottom : 0.0;
    return std::sqrt(dx * dx + dy * dy);
}

double BarsPlottable::selectTest(const QPointF& pos, bool onlySelectable, QVariant* details) const
{
    Q_UNUSED(details)
    if ((onlySelectable && mSelectable == QCP::stNone) || bars_.empty() || !mKeyAxis || !mValueAxis)
        return -1;
    double key = 0, value = 0;
    pixelsToCoords(pos, key, value);
    const double tolerance = mParentPlot->selectionTolerance();
    double k1 = 0, k2 = 0, v = 0;
    pixelsToCoords(pos - QPointF(tolerance, 0), k1, v);
    pixelsToCoords(pos + QPointF(tolerance, 0), k2, v);
    if (k1 > k2)
        std::swap(k1, k2);
    auto it = std::lower_bound(bars_.begin(), bars_.end(), k1, [](const graphs::GraphBar& b, double x) { return b.x < x; });
    double best = -1;
    for (; it != bars_.end() && it->x <= k2; ++it) {
        const double d = pixelDistance(pos, static_cast<std::size_t>(it - bars_.begin()));
        if (best < 0 || d < best)
            best = d;
    }
    return best;
}

void BarsPlottable::draw(QCPPainter* painter)
{
    if (bars_.empty() || !mKeyAxis || !mValueAxis)
        return;
    const QCPRange keys = mKeyAxis->range();
    const int columns = std::max(1, static_cast<int>(std::abs(mKeyAxis->coordToPixel(keys.upper) -
                                                             mKeyAxis->coordToPixel(keys.lower))));
    const std::vector<graphs::GraphBar> visible = graphs::decimateBars(bars_, keys.lower, keys.upper, columns);
    if (visible.empty())
        return;
    const bool log = mValueAxis->scaleType() == QCPAxis::stLogarithmic;
    const double floor = mValueAxis->range().lower;
    QVector<QLineF> lines;
    lines.reserve(static_cast<int>(visible.size()) * (caps_ ? 3 : 1));
    for (const graphs::GraphBar& b : visible) {
        double low = b.low, high = b.high;
        if (log) {
            if (high <= 0)
                continue;
            if (low <= 0)
                low = floor;
        }
        const QPointF p1 = coordsToPixels(b.x, low);
        QPointF p2 = coordsToPixels(b.x, high);
        // The value axis runs upwards: p2 (high) has the smaller y.
        if (std::abs(p1.y() - p2.y()) < minimumPixels_)
            p2.setY(p1.y() - minimumPixels_);
        lines.append(QLineF(p1, p2));
        if (caps_ && std::abs(p1.y() - p2.y()) >= 6) {
            lines.append(QLineF(p1.x() - 2, p1.y(), p1.x() + 2, p1.y()));
            lines.append(QLineF(p2.x() - 2, p2.y(), p2.x() + 2, p2.y()));
        }
    }
    applyDefaultAntialiasingHint(painter);
    painter->setPen(mPen);
    painter->setBrush(Qt::NoBrush);
    painter->drawLines(lines);
}

void BarsPlottable::drawLegendIcon(QCPPainter* painter, const QRectF& rect) const
{
    applyDefaultAntialiasingHint(painter);
    painter->setPen(mPen);
    const double x = rect.center().x();
    painter->drawLine(QLineF(x, rect.top() + 1, x, rect.bottom() - 1));
    painter->drawLine(QLineF(x - 3, rect.top() + 1, x + 3, rect.top() + 1));
    painter->drawLine(QLineF(x - 3, rect.bottom() - 1, x + 3, rect.bottom() - 1));
}

} // namespace synscope
