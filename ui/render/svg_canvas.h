#pragma once
// Draws the diagram's primitives as SVG elements, straight into an SvgStream: each role's look is a CSS
// class (declared up front, diagram_svg_writer.cpp), arrowheads are <defs> reused by <use>, coordinates
// have at most one decimal, texts are real <text> elements placed where QPainter puts them.
#include "ui/render/diagram_canvas.h"
#include "ui/render/diagram_layout.h"
#include "ui/render/svg_stream.h"

#include <array>
#include <string>
#include <vector>

namespace synscope {

// A font as CSS ("font-size:12.7px;font-weight:bold"), and where QPainter puts its baseline in a rectangle.
struct SvgFont {
    SvgFont() = default;
    explicit SvgFont(const QFont& font);
    double baseline(double top, double height, bool bottom) const;

    std::string css;
    double ascent = 0, descent = 0;
};

class SvgCanvas : public DiagramCanvas {
public:
    // `headSlopes`: the horizontal extents of the arrows whose heads are shared as <defs> (one each).
    SvgCanvas(SvgStream& out, const DiagramFonts& fonts, std::vector<int> headSlopes);

    // The CSS rule that draws `style`; declare() adds it to the style sheet.
    std::string cssRule(DiagramStyle style) const;
    void declare(DiagramStyle style) { out_.declare(cssRule(style)); }
    // The <defs>: one arrowhead per slope, the ICMP error's cross.
    void writeDefinitions();

    void fill(DiagramStyle style, const QRect& r) override;
    void box(DiagramStyle style, const QRect& r, int radius) override;
    void line(DiagramStyle style, const QLine& l) override;
    void bracket(DiagramStyle style, int x, int top, int bottom, int tick) override;
    void arrow(DiagramStyle line, DiagramStyle head, QPoint from, QPoint to) override;
    void curve(DiagramStyle style, QPoint from, QPoint control1, QPoint control2, QPoint to) override;
    void triangles(DiagramStyle style, std::span<const Triangle> triangles) override;
    void text(DiagramStyle style, const QRect& r, std::string_view utf8) override;
    void text(DiagramStyle style, const QRect& r, const QString& text) override;
    bool rowDone() override { return out_.flushIfFull(); }

private:
    // What an element of a style needs, looked up once (after the style sheet is written).
    struct ElementStyle {
        std::string classAttr; // ` class="cN"`
        int alignment = 0;     // texts: where in their rectangle
        DiagramFont font = DiagramFont::None;
    };
    const ElementStyle& styleOf(DiagramStyle style);
    const std::string& classOf(DiagramStyle style) { return styleOf(style).classAttr; }
    void rect(DiagramStyle style, const QRect& r, int radius);
    void startText(DiagramStyle style, const QRect& r);
    void point(QPoint p); // "x y"

    SvgStream& out_;
    std::array<SvgFont, 4> fonts_; // by DiagramFont
    std::vector<int> headSlopes_;
    std::vector<ElementStyle> styles_; // by DiagramStyle::index()
};

} // namespace synscope
