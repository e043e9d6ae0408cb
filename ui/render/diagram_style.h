#pragma once
// What each mark of the sequence diagram is for (its role), and the one table of how each role looks: its
// colours, line, font and text alignment. The QPainter canvas turns a role into pens, brushes and fonts,
// the SVG canvas into CSS classes; both read them here, so the view, PNG, PDF and SVG look alike.
#include "analysis/tcp_states.h"
#include "diagram/sequence_diagram.h"

#include <QColor>
#include <cstdint>

namespace synscope {

enum class DiagramRole : std::uint8_t {
    Background,    // the white behind everything
    Lifeline,      // a host's dashed vertical line
    HeaderBand,    // the lifeline header's background
    HeaderRule,    // the line under the header
    Caption,       // the diagram's title, and "frame   time (s)" above the time column
    HeaderNote,    // the diagram's note (e.g. only the first arrows drawn)
    LifelineBox,   // the box naming a lifeline (variant: DiagramStyle::LifelineKind)
    LifelineRole,  // "client", "server" ... in that box
    LifelineTitle, // the host's address in that box
    StateBox,      // a TCP state's box on a lifeline (variant: TcpState)
    StateName,     // its name
    PhaseBand,     // the tint behind a phase's rows (variant: PhaseKind)
    PhaseBracket,  // its bracket right of the rows
    PhaseName,     // its name beside the bracket
    SelectedRow,   // the band behind the selected arrow (view only)
    HoveredRow,    // the band behind the arrow under the mouse (view only)
    FrameNumber,   // "#12" in the time column
    Time,          // seconds since the first packet
    Delta,         // "+1.0 ms" since the previous packet
    ArrowLine,     // a packet's line (variant: DiagramStyle::arrowVariant)
    ArrowHead,     // its triangular head
    IcmpCross,     // the cross that ends an ICMP error
    Flags,         // its flags ("[S.]"), in the arrow's colour
    Numbers,       // " seq=1 ack=1 len=0 win=64256"
    Marker,        // "⚠ Retransmission" under the arrow
    GapMask,       // what hides the lifelines where a pause row breaks them
    GapMark,       // the break marks on the lifelines
    GapText,       // "⋯  2.00 s later  ⋯"
    NoteBand,      // the band of a note row ("Handshake not captured ...")
    NoteText,      // its text
    CollapsedLine, // the double arrow that stands for a collapsed data phase
    CollapsedHead, // its heads
    CollapsedText, // its name
};
constexpr int kDiagramRoleCount = static_cast<int>(DiagramRole::CollapsedText) + 1;

// A role and what it varies by (a state, a phase kind, an arrow's colour and line); small enough to pass
// by value and to index a table of 32 variants per role.
struct DiagramStyle {
    enum class LifelineKind : std::uint8_t { Client, Server, Other };
    enum class ArrowInk : std::uint8_t { IcmpError, Other, Reset, Syn, Fin, Plain };
    static constexpr int kVariants = 32;

    DiagramRole role = DiagramRole::Background;
    std::uint8_t variant = 0;

    static DiagramStyle of(DiagramRole r) { return {r, 0}; }
    static DiagramStyle state(DiagramRole r, TcpState s) { return {r, static_cast<std::uint8_t>(s)}; }
    static DiagramStyle phase(DiagramRole r, PhaseKind k) { return {r, static_cast<std::uint8_t>(k)}; }
    static DiagramStyle lifelineBox(const std::string& role);
    // The line of arrow `a`: its variant is the arrow's ink (bits 0-2), whether it shows a problem (bit 3,
    // dashed) and whether it is selected (bit 4, wider).
    static DiagramStyle arrowLine(const DiagramArrow& a, bool selected = false);

    // The same arrow's style in another of its roles (ArrowHead, IcmpCross, Flags).
    DiagramStyle ofSameArrow(DiagramRole r) const { return {r, static_cast<std::uint8_t>(variant & 7)}; }
    ArrowInk arrowInk() const { return static_cast<ArrowInk>(variant & 7); }
    bool problem() const { return variant & 8; }
    bool selected() const { return variant & 16; }
    int index() const { return static_cast<int>(role) * kVariants + variant; }
};

enum class DiagramFont : std::uint8_t { None, Normal, Small, Bold };

// How a role looks. Lines use `color`, `width`, `line` and `cap`; filled shapes `fill` (with `color` as
// their outline when valid); texts `font`, `color` and `alignment` (Qt::Alignment in their rectangle).
struct DiagramInk {
    QColor color;
    QColor fill;
    double width = 1;
    Qt::PenStyle line = Qt::SolidLine;
    Qt::PenCapStyle cap = Qt::SquareCap;
    DiagramFont font = DiagramFont::None;
    int alignment = 0;
};
DiagramInk inkOf(DiagramStyle style);

// The colours of the picture by what they mean (also for a legend).
QColor arrowColor(const DiagramArrow& a);
QColor stateColor(TcpState s);
QColor phaseTint(PhaseKind k); // the band behind a phase's rows (translucent)
QColor phaseInk(PhaseKind k);  // its bracket and name

} // namespace synscope
