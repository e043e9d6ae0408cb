#pragma once
// Draws the diagram's primitives with QPainter: the on-screen view, PNG and PDF. Each role's pen, brush
// and font come from its ink (diagram_style.h).
#include "ui/render/diagram_canvas.h"
#include "ui/render/diagram_layout.h"

class QPainter;

namespace synscope {

class PainterCanvas : public DiagramCanvas {
public:
    // Turns antialiasing on for `painter`; the fonts are the layout's.
    PainterCanvas(QPainter& painter, const DiagramFonts& fonts);

    void fill(DiagramStyle style, const QRect& r) override;
    void box(DiagramStyle style, const QRect& r, int radius) override;
    void line(DiagramStyle style, const QLine& l) override;
    void bracket(DiagramStyle style, int x, int top, int bottom, int tick) override;
    void arrow(DiagramStyle line, DiagramStyle head, QPoint from, QPoint to) override;
    void curve(DiagramStyle style, QPoint from, QPoint control1, QPoint control2, QPoint to) override;
    void triangles(DiagramStyle style, std::span<const Triangle> triangles) override;
    void text(DiagramStyle style, const QRect& r, std::string_view utf8) override;
    void text(DiagramStyle style, const QRect& r, const QString& text) override;

private:
    void setLinePen(const DiagramInk& ink);
    const QFont& fontOf(DiagramFont f) const;

    QPainter& p_;
    const DiagramFonts& fonts_;
};

} // namespace synscope
