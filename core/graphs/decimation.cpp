#include "graphs/decimation.h"

#include <algorithm>
#include <cmath>

namespace synscope::graphs {

namespace {

template <typename T>
std::size_t lowerBoundX(std::span<const T> v, double x)
{
    return static_cast<std::size_t>(
        std::lower_bound(v.begin(), v.end(), x, [](const T& p, double key) { return p.x < key; }) - v.begin());
}

template <typename T>
std::size_t upperBoundX(std::span<const T> v, double x)
{
    return static_cast<std::size_t>(
        std::upper_bound(v.begin(), v.end(), x, [](double key, const T& p) { return key < p.x; }) - v.begin());
}

// Column of x in [xMin, xMax] split into `columns`.
struct Columns {
    double xMin, scale;
    int count;
    Columns(double lo, double hi, int n) : xMin(lo), scale(hi > lo ? n / (hi - lo) : 0), count(n) {}
    long of(double x) const
    {
        const double c = (x - xMin) * scale;
        if (!(c >= 0))
            return 0;
        return std::min<long>(static_cast<long>(c), count - 1);
    }
};

} // namespace

std::vector<GraphPoint> decimateMinMax(std::span<const GraphPoint> points, double xMin, double xMax, int columns)
{
    std::vector<GraphPoint> out;
    if (points.empty())
        return out;
    columns = std::max(columns, 1);
    const std::size_t begin = lowerBoundX(points, xMin);
    const std::size_t end = upperBoundX(points, xMax);
    // Small enough already: everything in range plus one neighbour each side.
    const std::size_t from = begin > 0 ? begin - 1 : 0;
    const std::size_t to = end < points.size() ? end + 1 : points.size();
    if (to - from <= static_cast<std::size_t>(columns) * 4) {
        out.assign(points.begin() + static_cast<std::ptrdiff_t>(from), points.begin() + static_cast<std::ptrdiff_t>(to));
        return out;
    }
    out.reserve(static_cast<std::size_t>(columns) * 4 + 2);
    if (begin > 0)
        out.push_back(points[begin - 1]);
    const Columns cols(xMin, xMax, columns);
    std::size_t i = begin;
    while (i < end) {
        // A NaN value is a gap in the line: keep it, so the gap stays visible.
        if (std::isnan(points[i].y)) {
            out.push_back(points[i]);
            ++i;
            continue;
        }
        const long column = cols.of(points[i].x);
        const std::size_t first = i;
        std::size_t lo = i, hi = i;
        ++i;
        while (i < end && !std::isnan(points[i].y) && cols.of(points[i].x) == column) {
            if (points[i].y < points[lo].y)
                lo = i;
            if (points[i].y > points[hi].y)
                hi = i;
            ++i;
        }
        const std::size_t last = i - 1;
        std::size_t keep[4] = {first, lo, hi, last};
        std::sort(std::begin(keep), std::end(keep));
        for (int k = 0; k < 4; ++k)
            if (k == 0 || keep[k] != keep[k - 1])
                out.push_back(points[keep[k]]);
    }
    if (end < points.size())
        out.push_back(points[end]);
    return out;
}

std::vector<GraphBar> decimateBars(std::span<const GraphBar> bars, double xMin, double xMax, int columns)
{
    std::vector<GraphBar> out;
    columns = std::max(columns, 1);
    const std::size_t begin = lowerBoundX(bars, xMin);
    const std::size_t end = upperBoundX(bars, xMax);
    if (end <= begin)
        return out;
    if (end - begin <= static_cast<std::size_t>(columns) * 2) {
        out.assign(bars.begin() + static_cast<std::ptrdiff_t>(begin), bars.begin() + static_cast<std::ptrdiff_t>(end));
        return out;
    }
    out.reserve(static_cast<std::size_t>(columns) * 2);
    const Columns cols(xMin, xMax, columns);
    std::size_t i = begin;
    while (i < end) {
        const long column = cols.of(bars[i].x);
        std::size_t lo = i, hi = i;
        ++i;
        while (i < end && cols.of(bars[i].x) == column) {
            if (bars[i].low < bars[lo].low)
                lo = i;
            if (bars[i].high > bars[hi].high)
                hi = i;
            ++i;
        }
        if (lo == hi) {
            out.push_back(bars[lo]);
        } else {
            out.push_back(bars[std::min(lo, hi)]);
            out.push_back(bars[std::max(lo, hi)]);
        }
    }
    return out;
}

std::vector<GraphPoint> decimateMarkers(std::span<const GraphPoint> points, double xMin, double xMax, int columns,
                                        double yTolerance)
{
    std::vector<GraphPoint> out;
    columns = std::max(columns, 1);
    const std::size_t begin = lowerBoundX(points, xMin);
    const std::size_t end = upperBoundX(points, xMax);
    if (end <= begin)
        return out;
    if (end - begin <= static_cast<std::size_t>(columns)) {
        out.assign(points.begin() + static_cast<std::ptrdiff_t>(begin),
                   points.begin() + static_cast<std::ptrdiff_t>(end));
        return out;
    }
    const Columns cols(xMin, xMax, columns);
    long column = -1;
    std::size_t columnStart = 0; // index in `out` of the first marker kept in this column
    for (std::size_t i = begin; i < end; ++i) {
        const long c = cols.of(points[i].x);
        if (c != column) {
            column = c;
            columnStart = out.size();
        }
        bool covered = false;
        for (std::size_t k = columnStart; k < out.size() && !covered; ++k)
            covered = std::fabs(out[k].y - points[i].y) <= yTolerance;
        // A column crowded with distinct values keeps at most a handful: the symbols would overlap anyway.
        if (!covered && out.size() - columnStart < 8)
            out.push_back(points[i]);
    }
    return out;
}

} // namespace synscope::graphs
