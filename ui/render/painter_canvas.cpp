#include "ui/render/painter_canvas.h"

#include <QPainter>
#include <QPainterPath>
#include <QPolygon>

namespace synscope {

PainterCanvas::PainterCanvas(QPainter& painter, const DiagramFonts& fonts) : p_(painter), fonts_(fonts)
{
    p_.setRenderHint(QPainter::Antialiasing, true);
    p_.setRenderHint(QPainter::TextAntialiasing, true);
}

void PainterCanvas::setLinePen(const DiagramInk& ink)
{
    p_.setPen(QPen(ink.color, ink.width, ink.line, ink.cap));
}

const QFont& PainterCanvas::fontOf(DiagramFont f) const
{
    return f == DiagramFont::Small ? fonts_.small : f == DiagramFont::Bold ? fonts_.bold : fonts_.normal;
}

void PainterCanvas::fill(DiagramStyle style, const QRect& r)
{
    p_.fillRect(r, inkOf(style).fill);
}

void PainterCanvas::box(DiagramStyle style, const QRect& r, int radius)
{
    const DiagramInk ink = inkOf(style);
    p_.setPen(QPen(ink.color, ink.width));
    p_.setBrush(ink.fill);
    p_.drawRoundedRect(r, radius, radius);
}

void PainterCanvas::line(DiagramStyle style, const QLine& l)
{
    setLinePen(inkOf(style));
    p_.drawLine(l);
}

void PainterCanvas::bracket(DiagramStyle style, int x, int top, int bottom, int tick)
{
    setLinePen(inkOf(style));
    p_.drawLine(x, top, x + tick, top);
    p_.drawLine(x, top, x, bottom);
    p_.drawLine(x, bottom, x + tick, bottom);
}

void PainterCanvas::arrow(DiagramStyle line, DiagramStyle head, QPoint from, QPoint to)
{
    setLinePen(inkOf(line));
    p_.setBrush(Qt::NoBrush);
    const QPointF tip(to);
    p_.drawLine(QPointF(from), tip);
    const DiagramInk headInk = inkOf(head);
    if (head.role == DiagramRole::IcmpCross) {
        p_.setBrush(headInk.color);
        setLinePen(headInk);
        constexpr double h = kIcmpCrossHalf;
        p_.drawLine(tip + QPointF(-h, -h), tip + QPointF(h, h));
        p_.drawLine(tip + QPointF(-h, h), tip + QPointF(h, -h));
        return;
    }
    const auto back = arrowHeadBack(tip.x() - from.x(), tip.y() - from.y());
    QPolygonF triangle;
    triangle << tip << tip - back[0] << tip - back[1];
    p_.setPen(Qt::NoPen);
    p_.setBrush(headInk.fill);
    p_.drawPolygon(triangle);
}

void PainterCanvas::curve(DiagramStyle style, QPoint from, QPoint control1, QPoint control2, QPoint to)
{
    setLinePen(inkOf(style));
    p_.setBrush(Qt::NoBrush);
    QPainterPath path;
    path.moveTo(from);
    path.cubicTo(control1, control2, to);
    p_.drawPath(path);
}

void PainterCanvas::triangles(DiagramStyle style, std::span<const Triangle> triangles)
{
    p_.setPen(Qt::NoPen);
    p_.setBrush(inkOf(style).fill);
    for (const Triangle& t : triangles)
        p_.drawPolygon(QPolygon{t[0], t[1], t[2]});
}

void PainterCanvas::text(DiagramStyle style, const QRect& r, std::string_view utf8)
{
    text(style, r, QString::fromUtf8(utf8.data(), static_cast<qsizetype>(utf8.size())));
}

void PainterCanvas::text(DiagramStyle style, const QRect& r, const QString& text)
{
    const DiagramInk ink = inkOf(style);
    p_.setFont(fontOf(ink.font));
    p_.setPen(QPen(ink.color, ink.width));
    p_.drawText(r, ink.alignment, text);
}

} // namespace synscope
