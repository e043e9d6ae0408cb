#pragma once
// What the sequence diagram is drawn with: a handful of primitives, each with its role (diagram_style.h).
// The picture (diagram_picture.h) describes the diagram through them, a row at a time; a backend draws
// them: PainterCanvas with QPainter (the view, PNG, PDF), SvgCanvas as SVG elements (the SVG export).
// Coordinates are the diagram's pixels.
#include "ui/render/diagram_style.h"

#include <QLine>
#include <QPoint>
#include <QPointF>
#include <QRect>
#include <QString>
#include <array>
#include <cmath>
#include <span>
#include <string_view>

namespace synscope {

// The two back corners of an arrowhead (10 px sides, 0.4 rad either side of the line) on a line going
// (dx, dy), as offsets back from its tip.
inline std::array<QPointF, 2> arrowHeadBack(double dx, double dy)
{
    const double angle = std::atan2(dy, dx);
    return {QPointF(std::cos(angle - 0.4) * 10, std::sin(angle - 0.4) * 10),
            QPointF(std::cos(angle + 0.4) * 10, std::sin(angle + 0.4) * 10)};
}

// Half the side of the cross that ends an ICMP error's arrow.
constexpr int kIcmpCrossHalf = 5;

class DiagramCanvas {
public:
    using Triangle = std::array<QPoint, 3>;

    virtual ~DiagramCanvas() = default;

    // A rectangle filled without outline: backgrounds, bands, highlights.
    virtual void fill(DiagramStyle style, const QRect& r) = 0;
    // A filled, outlined box with rounded corners: a lifeline's title, a state's name.
    virtual void box(DiagramStyle style, const QRect& r, int radius) = 0;
    virtual void line(DiagramStyle style, const QLine& l) = 0;
    // A phase's bracket: a vertical line at x from top to bottom with ticks `tick` long to the right at both ends.
    virtual void bracket(DiagramStyle style, int x, int top, int bottom, int tick) = 0;
    // A packet's arrow from `from` to `to`, with its head there: a triangle (style.role ArrowHead) or an
    // ICMP error's cross (IcmpCross).
    virtual void arrow(DiagramStyle line, DiagramStyle head, QPoint from, QPoint to) = 0;
    // A cubic curve: a packet from a host to itself.
    virtual void curve(DiagramStyle style, QPoint from, QPoint control1, QPoint control2, QPoint to) = 0;
    virtual void triangles(DiagramStyle style, std::span<const Triangle> triangles) = 0;
    // One line of text in `r`, placed as the style's alignment says.
    virtual void text(DiagramStyle style, const QRect& r, std::string_view utf8) = 0;
    virtual void text(DiagramStyle style, const QRect& r, const QString& text) = 0;
    // After each row of the diagram: false stops the drawing (the SVG file could not be written).
    virtual bool rowDone() { return true; }
};

} // namespace synscope
