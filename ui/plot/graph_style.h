#pragma once
// How each series looks on the plot: colour, pen width, marker shape. One place, so the desktop panel and
// the pictures synscope-cli draws agree. A series' own colour (I/O lines the user coloured) wins.
#include "graphs/graph_data.h"

#include <QColor>
#include <QBrush>
#include <qcustomplot.h>

namespace synscope {

struct SeriesLook {
    QColor color;
    double width = 1.5;
    bool dots = false;                           // lines: a dot at each point too
    QCPScatterStyle::ScatterShape marker = QCPScatterStyle::ssNone;
    QBrush fill = Qt::NoBrush;
    double markerSize = 8;
};

// `ioIndex`: the position of an I/O line among the I/O lines, for its default colour.
SeriesLook lookOf(const graphs::Series& s, int ioIndex);

// Default colour of the n-th I/O line (0xRRGGBB).
std::uint32_t ioLineColor(int n);

} // namespace synscope
