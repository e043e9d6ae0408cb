#pragma once
// Lays out and paints a SequenceDiagram with QPainter: the same code draws the on-screen view (only the
// visible rows), and the PNG, SVG and PDF exports (the whole diagram).
#include "diagram/sequence_diagram.h"

#include <QColor>
#include <QFont>
#include <QRect>
#include <QString>
#include <set>
#include <vector>

class QPainter;

namespace synscope {

struct DiagramViewOptions {
    bool collapseData = false;      // each data phase as one row
    bool timeProportional = false;  // vertical distance follows time (rows otherwise evenly spaced)
    std::set<std::size_t> hiddenLifelines;
};

class SequenceDiagramRenderer {
public:
    enum class RowKind { Arrow, Gap, CollapsedData, Note };
    struct Row {
        RowKind kind = RowKind::Arrow;
        std::size_t arrow = 0; // Arrow: the arrow; CollapsedData/Note: the phase index
        int y = 0;             // top, diagram coordinates
        int height = 0;
        QString text;          // Gap/Note text
    };

    SequenceDiagramRenderer(const SequenceDiagram& diagram, DiagramViewOptions options, const QFont& font);

    const SequenceDiagram& diagram() const { return d_; }
    const DiagramViewOptions& options() const { return options_; }
    QSize size() const { return {width_, height_}; }
    int headerHeight() const { return headerHeight_; }
    const std::vector<Row>& rows() const { return rows_; }
    int lifelineX(std::size_t lifeline) const { return lifelineX_[lifeline]; }
    bool lifelineVisible(std::size_t lifeline) const { return lifelineX_[lifeline] >= 0; }

    // Paints the part of the diagram inside `clip` (diagram coordinates; the painter is already translated).
    // With `stickyHeaderTop` >= 0 the header is painted at that y instead of 0 (a scrolled view).
    void paint(QPainter& p, const QRect& clip, long selectedArrow = -1, long hoveredArrow = -1,
               int stickyHeaderTop = -1) const;
    void paintHeader(QPainter& p, int top, int left, int right) const;

    // The arrow (or collapsed data row) under a point; -1 for none.
    long arrowAt(const QPoint& pos) const;
    long collapsedPhaseAt(const QPoint& pos) const;
    long lifelineAtHeader(const QPoint& pos) const;
    int rowOfArrow(std::size_t arrow) const; // -1 when hidden (collapsed or on a hidden lifeline)
    // The width of an arrow's label: its flags in bold and " numbers" in the normal font (measured once).
    int labelWidth(std::size_t arrow) const { return flagsWidth_[arrow] + numbersWidth_[arrow]; }
    int rowIndexAtY(int y) const;

    // The colours the picture uses (also for the legend of a screenshot).
    static QColor arrowColor(const DiagramArrow& a);
    static QColor stateColor(TcpState s);
    static QColor phaseTint(PhaseKind k); // the band behind a phase's rows (translucent)
    static QColor phaseInk(PhaseKind k);  // its bracket and name

    static constexpr int kMargin = 16;

private:
    friend class DiagramSvgWriter; // writes the same layout as SVG elements (diagram_svg_writer.cpp)

    void layout();
    QString timeText(std::size_t arrow) const;
    void paintRow(QPainter& p, const Row& row, bool selected, bool hovered) const;
    void paintArrow(QPainter& p, const Row& row, bool selected, bool hovered) const;
    void paintStates(QPainter& p, const Row& row) const;
    // `visibleTop`: the first diagram y not covered by the sticky header.
    void paintPhases(QPainter& p, const QRect& clip, int visibleTop) const;
    void paintStateBox(QPainter& p, int x, int y, TcpState s, bool leftOfLine) const;

    const SequenceDiagram& d_;
    DiagramViewOptions options_;
    QFont font_, small_, bold_;
    int lineHeight_ = 16;
    int rowHeight_ = 48;
    int headerHeight_ = 80;
    int gutter_ = 150;
    int spacing_ = 320;
    int phaseX_ = 0;
    int width_ = 0, height_ = 0;
    std::vector<int> lifelineX_;
    std::vector<Row> rows_;
    std::vector<int> arrowRow_;             // arrow -> row index, -1 hidden
    std::vector<int> flagsWidth_, numbersWidth_; // arrow -> width of its flags (bold) and " numbers"
    std::vector<std::vector<std::size_t>> statesAtArrow_; // arrow -> indexes into d_.states
    std::vector<int> phaseColumn_;          // phase -> bracket column (overlapping phases side by side)
    std::vector<std::pair<int, int>> phaseSpan_; // phase -> top and bottom y of its rows (bottom < 0: not shown)
    int phaseColumnWidth_ = 200;
};

} // namespace synscope
