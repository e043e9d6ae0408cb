#pragma once
// The one drawing of a laid-out sequence diagram: what is where, in which role, described to a canvas
// (diagram_canvas.h) as primitives — lifelines, arrows with their heads and labels, state boxes, phase bands,
// brackets and names, pause and note rows, the lifeline header. Only the rows inside the clip are drawn, one
// at a time, so the view paints a screenful of a 200,000-arrow diagram and the SVG export streams it whole
// without holding its primitives.
#include "ui/render/diagram_canvas.h"
#include "ui/render/diagram_layout.h"

#include <QFontMetrics>
#include <string>
#include <utility>
#include <vector>

namespace synscope {

class DiagramPicture {
public:
    DiagramPicture(const DiagramLayout& layout, DiagramCanvas& canvas);

    // Draws the part of the diagram inside `clip` (diagram coordinates): the background, lifelines, initial
    // states, phases and rows, then the lifeline header over them, at `stickyHeaderTop` when >= 0 (a
    // scrolled view, a PDF page) or else at the top. The selected and hovered arrows are highlighted.
    // False when the canvas stopped the drawing.
    bool draw(const QRect& clip, long selectedArrow = -1, long hoveredArrow = -1, int stickyHeaderTop = -1);

private:
    using StatesOfLifeline = std::pair<std::size_t, std::vector<TcpState>>;

    void drawLifelines(const QRect& clip);
    void drawInitialStates(const QRect& clip);
    // `visibleTop`: the first diagram y not covered by the sticky header.
    void drawPhases(const QRect& clip, int visibleTop);
    void drawRow(const DiagramRow& row, bool selected, bool hovered);
    void drawArrowRow(const DiagramRow& row, bool selected, bool hovered);
    void drawTimeColumn(const DiagramRow& row, const DiagramArrow& a);
    void drawArrowLabel(const DiagramRow& row, const DiagramArrow& a, DiagramStyle flags, int x1, int x2, int yLine);
    void drawStateChanges(const DiagramRow& row);
    void drawStates(int y, const std::vector<StatesOfLifeline>& perLine);
    void drawStateBox(int x, int y, TcpState s);
    void drawGapRow(const DiagramRow& row);
    void drawNoteRow(const DiagramRow& row);
    void drawCollapsedRow(const DiagramRow& row);
    void drawHeader(int top, int left, int right);
    void drawLifelineTitle(const DiagramLifeline& lifeline, int x, int top);

    const DiagramLayout& l_;
    const SequenceDiagram& d_;
    DiagramCanvas& canvas_;
    const QFontMetrics normal_, small_, bold_;
    std::string text_;                       // one label's text, reused row after row
    std::vector<StatesOfLifeline> perLine_;  // the state boxes of one row, reused
};

} // namespace synscope
