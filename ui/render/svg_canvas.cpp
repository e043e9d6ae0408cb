#include "ui/render/svg_canvas.h"

#include <QFontMetricsF>
#include <QGuiApplication>
#include <QScreen>
#include <algorithm>
#include <cstdio>

namespace synscope {

namespace {

std::string hex(const QColor& c)
{
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c.red(), c.green(), c.blue());
    return buf;
}

std::string formatG(const char* format, double v)
{
    char buf[48];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

// "fill:#rrggbb" plus its opacity when translucent.
std::string fillRule(const QColor& c)
{
    std::string s = "fill:" + hex(c);
    if (c.alpha() != 255)
        s += formatG(";fill-opacity:%.3g", c.alphaF());
    return s;
}

// Qt's dash patterns are in pen widths: DashLine 4 on 2 off, DotLine 1 on 2 off.
std::string dashes(double width, double on, double off)
{
    char buf[64];
    // Butt caps, with dashes half a width longer than the pattern says: what QPainter's square-capped dashes
    // look like (square caps in SVG lengthen every dash by a whole width, and dots run together).
    std::snprintf(buf, sizeof buf, ";stroke-dasharray:%g,%g;stroke-linecap:butt", (on + 0.5) * width,
                  (off - 0.5) * width);
    return buf;
}

std::string strokeRule(const DiagramInk& ink)
{
    std::string r = "fill:none;stroke:" + hex(ink.color);
    if (ink.color.alpha() != 255)
        r += ";stroke-opacity:" + svgNumber(ink.color.alphaF());
    if (ink.width != 1)
        r += formatG(";stroke-width:%g", ink.width);
    if (ink.line == Qt::DashLine)
        r += dashes(ink.width, 4, 2);
    else if (ink.line == Qt::DotLine)
        r += dashes(ink.width, 1, 2);
    if (ink.cap == Qt::RoundCap)
        r += ";stroke-linecap:round";
    return r;
}

std::string boxRule(const DiagramInk& ink)
{
    std::string r = fillRule(ink.fill) + ";stroke:" + hex(ink.color);
    if (ink.width != 1)
        r += formatG(";stroke-width:%g", ink.width);
    return r;
}

std::string textRule(const SvgFont& font, const DiagramInk& ink)
{
    std::string r = font.css + ";" + fillRule(ink.color);
    if (ink.alignment & Qt::AlignHCenter)
        r += ";text-anchor:middle";
    else if (ink.alignment & Qt::AlignRight)
        r += ";text-anchor:end";
    return r;
}

// An arrowhead's triangle with its tip at 0,0, for an arrow going (dx, dy).
std::string headPath(double dx, double dy)
{
    const auto back = arrowHeadBack(dx, dy);
    return "M0 0L" + svgNumber(-back[0].x()) + " " + svgNumber(-back[0].y()) + "L" + svgNumber(-back[1].x()) + " " +
           svgNumber(-back[1].y()) + "Z";
}

} // namespace

SvgFont::SvgFont(const QFont& font)
{
    const QFontMetricsF fm(font);
    ascent = fm.ascent();
    descent = fm.descent();
    double px = font.pixelSize() > 0 ? font.pixelSize() : 0;
    if (px <= 0) {
        const QScreen* screen = QGuiApplication::primaryScreen();
        const double dpi = screen ? screen->logicalDotsPerInchY() : 96.0;
        px = font.pointSizeF() * dpi / 72.0;
    }
    css = formatG("font-size:%.2fpx", px);
    if (font.bold())
        css += ";font-weight:bold";
}

double SvgFont::baseline(double top, double height, bool bottom) const
{
    const double h = ascent + descent;
    return bottom ? top + height - h + ascent : top + (height - h) / 2 + ascent;
}

SvgCanvas::SvgCanvas(SvgStream& out, const DiagramFonts& fonts, std::vector<int> headSlopes)
    : out_(out), headSlopes_(std::move(headSlopes)), styles_(kDiagramRoleCount * DiagramStyle::kVariants)
{
    fonts_[static_cast<int>(DiagramFont::Normal)] = SvgFont(fonts.normal);
    fonts_[static_cast<int>(DiagramFont::Small)] = SvgFont(fonts.small);
    fonts_[static_cast<int>(DiagramFont::Bold)] = SvgFont(fonts.bold);
}

std::string SvgCanvas::cssRule(DiagramStyle style) const
{
    const DiagramInk ink = inkOf(style);
    if (ink.font != DiagramFont::None)
        return textRule(fonts_[static_cast<int>(ink.font)], ink);
    if (ink.fill.isValid())
        return ink.color.isValid() ? boxRule(ink) : fillRule(ink.fill);
    return strokeRule(ink);
}

const SvgCanvas::ElementStyle& SvgCanvas::styleOf(DiagramStyle style)
{
    ElementStyle& s = styles_[static_cast<std::size_t>(style.index())];
    if (s.classAttr.empty()) {
        const DiagramInk ink = inkOf(style);
        s.classAttr = out_.classAttr(cssRule(style));
        s.alignment = ink.alignment;
        s.font = ink.font;
    }
    return s;
}

void SvgCanvas::writeDefinitions()
{
    out_.put("<defs>\n");
    for (std::size_t i = 0; i < headSlopes_.size(); ++i) {
        out_.put("<path id=\"h");
        out_.integer(static_cast<long>(i));
        out_.put("\" d=\"");
        out_.put(headPath(headSlopes_[i], DiagramLayout::kArrowSlant));
        out_.put("\"/>\n");
    }
    const std::string h = std::to_string(kIcmpCrossHalf);
    out_.put("<path id=\"x\" d=\"M-" + h + " -" + h + "L" + h + " " + h + "M-" + h + " " + h + "L" + h + " -" + h +
             "\"/>\n</defs>\n");
}

void SvgCanvas::point(QPoint p)
{
    out_.integer(p.x());
    out_.put(' ');
    out_.integer(p.y());
}

void SvgCanvas::rect(DiagramStyle style, const QRect& r, int radius)
{
    out_.put("<rect");
    out_.put(classOf(style));
    out_.attr("x", r.x());
    out_.attr("y", r.y());
    out_.attr("width", r.width());
    out_.attr("height", r.height());
    if (radius > 0) {
        out_.attr("rx", radius);
        out_.attr("ry", radius);
    }
    out_.put("/>\n");
}

void SvgCanvas::fill(DiagramStyle style, const QRect& r)
{
    rect(style, r, 0);
}

void SvgCanvas::box(DiagramStyle style, const QRect& r, int radius)
{
    rect(style, r, radius);
}

void SvgCanvas::line(DiagramStyle style, const QLine& l)
{
    out_.put("<path");
    out_.put(classOf(style));
    out_.put(" d=\"M");
    out_.num(l.x1());
    out_.put(' ');
    out_.num(l.y1());
    out_.put('L');
    out_.num(l.x2());
    out_.put(' ');
    out_.num(l.y2());
    out_.put("\"/>\n");
}

void SvgCanvas::bracket(DiagramStyle style, int x, int top, int bottom, int tick)
{
    out_.put("<path");
    out_.put(classOf(style));
    out_.put(" d=\"M");
    point({x + tick, top});
    out_.put('H');
    out_.integer(x);
    out_.put('V');
    out_.integer(bottom);
    out_.put('H');
    out_.integer(x + tick);
    out_.put("\"/>\n");
}

void SvgCanvas::arrow(DiagramStyle line, DiagramStyle head, QPoint from, QPoint to)
{
    out_.put("<path");
    out_.put(classOf(line));
    out_.put(" d=\"M");
    point(from);
    out_.put('l');
    point(to - from);
    out_.put("\"/>\n");
    const int dx = to.x() - from.x();
    const bool cross = head.role == DiagramRole::IcmpCross;
    const auto slope = std::find(headSlopes_.begin(), headSlopes_.end(), dx);
    if (!cross && slope == headSlopes_.end()) {
        // (Hundreds of hosts: the heads of the rarer slopes inline.)
        out_.put("<path");
        out_.put(classOf(head));
        out_.put(" transform=\"translate(");
        point(to);
        out_.put(")\" d=\"");
        out_.put(headPath(dx, to.y() - from.y()));
        out_.put("\"/>\n");
        return;
    }
    out_.put("<use xlink:href=\"#");
    if (cross) {
        out_.put('x');
    } else {
        out_.put('h');
        out_.integer(static_cast<long>(slope - headSlopes_.begin()));
    }
    out_.put('"');
    out_.put(classOf(head));
    out_.attr("x", to.x());
    out_.attr("y", to.y());
    out_.put("/>\n");
}

void SvgCanvas::curve(DiagramStyle style, QPoint from, QPoint control1, QPoint control2, QPoint to)
{
    out_.put("<path");
    out_.put(classOf(style));
    out_.put(" d=\"M");
    point(from);
    out_.put('C');
    point(control1);
    out_.put(' ');
    point(control2);
    out_.put(' ');
    point(to);
    out_.put("\"/>\n");
}

void SvgCanvas::triangles(DiagramStyle style, std::span<const Triangle> triangles)
{
    out_.put("<path");
    out_.put(classOf(style));
    out_.put(" d=\"");
    for (const Triangle& t : triangles) {
        out_.put('M');
        point(t[0]);
        out_.put('L');
        point(t[1]);
        out_.put('L');
        point(t[2]);
        out_.put('Z');
    }
    out_.put("\"/>\n");
}

// `<text class x y>`: x where the alignment anchors it, y the baseline QPainter would use.
void SvgCanvas::startText(DiagramStyle style, const QRect& r)
{
    const ElementStyle& s = styleOf(style);
    const double x = r.x(), w = r.width();
    out_.put("<text");
    out_.put(s.classAttr);
    out_.attr("x", s.alignment & Qt::AlignHCenter ? x + w / 2 : s.alignment & Qt::AlignRight ? x + w : x);
    out_.attr("y", fonts_[static_cast<int>(s.font)].baseline(r.y(), r.height(), s.alignment & Qt::AlignBottom));
    out_.put(">");
}

void SvgCanvas::text(DiagramStyle style, const QRect& r, std::string_view utf8)
{
    startText(style, r);
    out_.escaped(utf8);
    out_.put("</text>\n");
}

void SvgCanvas::text(DiagramStyle style, const QRect& r, const QString& text)
{
    startText(style, r);
    out_.escaped(text);
    out_.put("</text>\n");
}

} // namespace synscope
