#pragma once
// Thinning a series to what a screen can show: the x range [xMin, xMax] is cut into `columns` pixel columns
// and each column keeps only the points that shape what is drawn there. A line through the kept points
// covers the same pixels as a line through all of them, so a million points draw as fast as a few thousand.
// Kept points are the original ones (with their frames), in their original order.
#include "graphs/graph_data.h"

#include <span>
#include <vector>

namespace synscope::graphs {

// Points sorted by x (non-decreasing). Per column: the first, the lowest, the highest and the last point.
// Outside the range only the nearest point on each side is kept, so lines still run to the edges.
std::vector<GraphPoint> decimateMinMax(std::span<const GraphPoint> points, double xMin, double xMax, int columns);

// Bars sorted by x. Per column: the bar reaching lowest and the bar reaching highest (one bar when they are
// the same), so the column's painted extent is unchanged. Bars outside the range are dropped.
std::vector<GraphBar> decimateBars(std::span<const GraphBar> bars, double xMin, double xMax, int columns);

// Markers sorted by x: per column, the first marker at each distinct y within `yTolerance` of one another is
// enough (identical symbols drawn on top of each other). Markers outside the range are dropped.
std::vector<GraphPoint> decimateMarkers(std::span<const GraphPoint> points, double xMin, double xMax, int columns,
                                        double yTolerance);

} // namespace synscope::graphs
