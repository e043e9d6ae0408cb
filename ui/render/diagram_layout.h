#pragma once
// Where everything of a sequence diagram goes: the lifelines' x, one row per drawn arrow (and the pause,
// note and collapsed-data rows between them), each phase's span and bracket column, each arrow's label
// widths. Computed once per diagram and view options (a 200,000-arrow diagram: a few hundred ms, one small
// row record per arrow); the picture (diagram_picture.h) draws any part of it from this.
#include "diagram/sequence_diagram.h"

#include <QFont>
#include <QString>
#include <set>
#include <utility>
#include <vector>

namespace synscope {

struct DiagramViewOptions {
    bool collapseData = false;      // each data phase as one row
    bool timeProportional = false;  // vertical distance follows time (rows otherwise evenly spaced)
    std::set<std::size_t> hiddenLifelines;
};

enum class DiagramRowKind { Arrow, Gap, CollapsedData, Note };

struct DiagramRow {
    DiagramRowKind kind = DiagramRowKind::Arrow;
    std::size_t arrow = 0; // Arrow: the arrow; CollapsedData/Note: the phase index
    int y = 0;             // top, diagram coordinates
    int height = 0;
    QString text;          // Gap/Note text, CollapsedData: the phase's name
};

// The three fonts of the picture: the view's (times, numbers), a smaller one (captions, states, frame
// numbers) and a bold one (flags, titles, phase names).
struct DiagramFonts {
    explicit DiagramFonts(const QFont& font);
    QFont normal, small, bold;
};

struct DiagramLayout {
    static constexpr int kMargin = 16;
    static constexpr int kArrowSlant = 6; // arrows slope downwards a little: the packet travels while time passes

    DiagramLayout(const SequenceDiagram& diagram, DiagramViewOptions options, const QFont& font);

    bool lifelineVisible(std::size_t lifeline) const { return lifelineX[lifeline] >= 0; }
    // The row that holds diagram y, or -1; the first row at or below y.
    int rowIndexAtY(int y) const;
    std::size_t firstRowFrom(int y) const;
    // A phase's name as drawn beside its bracket ("Data (3 segments, 120 B)", " (stream 2)" when several).
    QString phaseTitle(std::size_t phase) const;

    const SequenceDiagram& diagram;
    const DiagramViewOptions options;
    const DiagramFonts fonts;
    int lineHeight = 16;
    int rowHeight = 48;
    int headerHeight = 80;
    int gutter = 150;   // the time column's width
    int spacing = 320;  // between neighbouring lifelines
    int phaseX = 0;     // the first bracket column
    int width = 0, height = 0;
    std::vector<int> lifelineX;                          // lifeline -> x, -1 hidden
    std::vector<DiagramRow> rows;                        // top to bottom
    std::vector<int> arrowRow;                           // arrow -> row index, -1 hidden
    std::vector<int> flagsWidth, numbersWidth;           // arrow -> width of its flags (bold) and " numbers"
    std::vector<std::vector<std::size_t>> statesAtArrow; // arrow -> indexes into diagram.states
    std::vector<int> phaseColumn;                        // phase -> bracket column (overlapping phases side by side)
    std::vector<std::pair<int, int>> phaseSpan;          // phase -> top and bottom y of its rows (bottom < 0: none)
    int phaseColumnWidth = 200;
};

} // namespace synscope
