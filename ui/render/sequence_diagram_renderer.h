#pragma once
// A sequence diagram laid out for drawing (diagram_layout.h), painted with QPainter through the one
// picture of it (diagram_picture.h): the on-screen view paints only the visible rows, the PNG and PDF exports
// the whole diagram, and the SVG export (DiagramSvgWriter) draws the same picture from this layout. Also
// says what is where, for clicks, keys and tooltips.
#include "ui/render/diagram_layout.h"

#include <QColor>
#include <QFont>
#include <QPoint>
#include <QRect>
#include <QSize>
#include <vector>

class QPainter;

namespace synscope {

class SequenceDiagramRenderer {
public:
    using RowKind = DiagramRowKind;
    using Row = DiagramRow;

    SequenceDiagramRenderer(const SequenceDiagram& diagram, DiagramViewOptions options, const QFont& font);

    const SequenceDiagram& diagram() const { return layout_.diagram; }
    const DiagramViewOptions& options() const { return layout_.options; }
    const DiagramLayout& layout() const { return layout_; }
    QSize size() const { return {layout_.width, layout_.height}; }
    int headerHeight() const { return layout_.headerHeight; }
    const std::vector<Row>& rows() const { return layout_.rows; }
    int lifelineX(std::size_t lifeline) const { return layout_.lifelineX[lifeline]; }
    bool lifelineVisible(std::size_t lifeline) const { return layout_.lifelineVisible(lifeline); }

    // Paints the part of the diagram inside `clip` (diagram coordinates; the painter is already translated).
    // With `stickyHeaderTop` >= 0 the header is painted at that y instead of 0 (a scrolled view).
    void paint(QPainter& p, const QRect& clip, long selectedArrow = -1, long hoveredArrow = -1,
               int stickyHeaderTop = -1) const;

    // The arrow (or collapsed data row) under a point; -1 for none.
    long arrowAt(const QPoint& pos) const;
    long collapsedPhaseAt(const QPoint& pos) const;
    long lifelineAtHeader(const QPoint& pos) const;
    int rowOfArrow(std::size_t arrow) const; // -1 when hidden (collapsed or on a hidden lifeline)
    // The width of an arrow's label: its flags in bold and " numbers" in the normal font (measured once).
    int labelWidth(std::size_t arrow) const { return layout_.flagsWidth[arrow] + layout_.numbersWidth[arrow]; }
    int rowIndexAtY(int y) const { return layout_.rowIndexAtY(y); }

    // An arrow's colour (diagram_style.h has the others).
    static QColor arrowColor(const DiagramArrow& a);

private:
    DiagramLayout layout_;
};

} // namespace synscope
