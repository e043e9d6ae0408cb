#include "ui/render/sequence_diagram_renderer.h"

#include "ui/render/diagram_picture.h"
#include "ui/render/diagram_style.h"
#include "ui/render/painter_canvas.h"

#include <cstdlib>

namespace synscope {

SequenceDiagramRenderer::SequenceDiagramRenderer(const SequenceDiagram& diagram, DiagramViewOptions options,
                                                 const QFont& font)
    : layout_(diagram, std::move(options), font)
{
}

QColor SequenceDiagramRenderer::arrowColor(const DiagramArrow& a)
{
    return synscope::arrowColor(a);
}

void SequenceDiagramRenderer::paint(QPainter& p, const QRect& clip, long selectedArrow, long hoveredArrow,
                                    int stickyHeaderTop) const
{
    PainterCanvas canvas(p, layout_.fonts);
    DiagramPicture(layout_, canvas).draw(clip, selectedArrow, hoveredArrow, stickyHeaderTop);
}

int SequenceDiagramRenderer::rowOfArrow(std::size_t arrow) const
{
    return arrow < layout_.arrowRow.size() ? layout_.arrowRow[arrow] : -1;
}

long SequenceDiagramRenderer::arrowAt(const QPoint& pos) const
{
    const int r = rowIndexAtY(pos.y());
    if (r < 0 || layout_.rows[static_cast<std::size_t>(r)].kind != RowKind::Arrow)
        return -1;
    // Anywhere on the row between the gutter and the phase brackets counts.
    if (pos.x() < layout_.gutter || pos.x() > layout_.phaseX)
        return -1;
    return static_cast<long>(layout_.rows[static_cast<std::size_t>(r)].arrow);
}

long SequenceDiagramRenderer::collapsedPhaseAt(const QPoint& pos) const
{
    const int r = rowIndexAtY(pos.y());
    if (r < 0 || layout_.rows[static_cast<std::size_t>(r)].kind != RowKind::CollapsedData)
        return -1;
    return static_cast<long>(layout_.rows[static_cast<std::size_t>(r)].arrow);
}

long SequenceDiagramRenderer::lifelineAtHeader(const QPoint& pos) const
{
    if (pos.y() > layout_.headerHeight)
        return -1;
    for (std::size_t i = 0; i < layout_.lifelineX.size(); ++i)
        if (layout_.lifelineX[i] >= 0 && std::abs(pos.x() - layout_.lifelineX[i]) < layout_.spacing / 2 - 10)
            return static_cast<long>(i);
    return -1;
}

} // namespace synscope
