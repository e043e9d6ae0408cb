#include "ui/render/diagram_style.h"

#include "decode/frame_context.h"

namespace synscope {

namespace {

using ArrowInk = DiagramStyle::ArrowInk;

ArrowInk arrowInkOf(const DiagramArrow& a)
{
    if (a.kind == ArrowKind::IcmpError)
        return ArrowInk::IcmpError;
    if (a.kind == ArrowKind::Other)
        return ArrowInk::Other;
    if (a.flags.find('R') != std::string::npos)
        return ArrowInk::Reset;
    if (a.flags.find('S') != std::string::npos)
        return ArrowInk::Syn;
    if (a.flags.find('F') != std::string::npos)
        return ArrowInk::Fin;
    return ArrowInk::Plain;
}

QColor colorOf(ArrowInk ink)
{
    switch (ink) {
    case ArrowInk::IcmpError: return QColor(0x8e, 0x44, 0xad);
    case ArrowInk::Other: return QColor(0x60, 0x60, 0x60);
    case ArrowInk::Reset: return QColor(0xc0, 0x39, 0x2b);
    case ArrowInk::Syn: return QColor(0x1b, 0x7a, 0x2b);
    case ArrowInk::Fin: return QColor(0x2a, 0x5d, 0x9f);
    case ArrowInk::Plain: break;
    }
    return QColor(0x30, 0x30, 0x30);
}

bool isProblem(const DiagramArrow& a)
{
    return (a.analysisFlags & tcpanalysis::kProblems) || a.badChecksum;
}

// A state box is filled with its colour faded nearly to white: opaque, so the dashed lifeline behind does
// not run through the name.
QColor stateTint(const QColor& c)
{
    auto tint = [](int channel) { return 255 - (255 - channel) * 28 / 255; };
    return QColor(tint(c.red()), tint(c.green()), tint(c.blue()));
}

QColor lifelineFill(DiagramStyle::LifelineKind k)
{
    switch (k) {
    case DiagramStyle::LifelineKind::Client: return QColor(0xe8, 0xf1, 0xfb);
    case DiagramStyle::LifelineKind::Server: return QColor(0xfb, 0xf0, 0xe4);
    case DiagramStyle::LifelineKind::Other: break;
    }
    return QColor(0xf0, 0xf0, 0xf0);
}

DiagramInk filled(const QColor& fill)
{
    DiagramInk ink;
    ink.fill = fill;
    return ink;
}

DiagramInk stroked(const QColor& color, double width, Qt::PenStyle line = Qt::SolidLine,
                   Qt::PenCapStyle cap = Qt::SquareCap)
{
    DiagramInk ink;
    ink.color = color;
    ink.width = width;
    ink.line = line;
    ink.cap = cap;
    return ink;
}

DiagramInk boxed(const QColor& outline, double width, const QColor& fill)
{
    DiagramInk ink = stroked(outline, width);
    ink.fill = fill;
    return ink;
}

DiagramInk written(DiagramFont font, const QColor& color, int alignment)
{
    DiagramInk ink;
    ink.font = font;
    ink.color = color;
    ink.alignment = alignment;
    return ink;
}

constexpr int kLeft = Qt::AlignLeft | Qt::AlignVCenter;
constexpr int kRight = Qt::AlignRight | Qt::AlignVCenter;
constexpr int kCenter = Qt::AlignCenter;

const QColor kCaptionInk(0x55, 0x5b, 0x63), kFrameInk(0x70, 0x76, 0x7e), kCollapsedInk(0x60, 0x66, 0x70),
    kSelection(0x33, 0x8e, 0xe0);

// Roles whose look depends on their variant.
DiagramInk variantInk(DiagramStyle s)
{
    const auto state = static_cast<TcpState>(s.variant);
    const auto phase = static_cast<PhaseKind>(s.variant);
    const QColor arrow = colorOf(s.arrowInk());
    switch (s.role) {
    case DiagramRole::LifelineBox:
        return boxed(QColor(0x4a, 0x55, 0x68), 1.2, lifelineFill(static_cast<DiagramStyle::LifelineKind>(s.variant)));
    case DiagramRole::StateBox: return boxed(stateColor(state), 1, stateTint(stateColor(state)));
    case DiagramRole::StateName: return written(DiagramFont::Small, stateColor(state).darker(120), kCenter);
    case DiagramRole::PhaseBand: return filled(phaseTint(phase));
    case DiagramRole::PhaseBracket: return stroked(phaseInk(phase), 2);
    case DiagramRole::PhaseName: {
        // Written with its bracket's pen (text shows only the pen's colour): no change of pen between them.
        DiagramInk ink = written(DiagramFont::Bold, phaseInk(phase), kLeft);
        ink.width = 2;
        return ink;
    }
    case DiagramRole::ArrowLine:
        // An ICMP error dotted, a problem (retransmission, bad checksum ...) dashed.
        return stroked(arrow, s.selected() ? 2.4 : 1.6,
                       s.arrowInk() == ArrowInk::IcmpError ? Qt::DotLine
                       : s.problem()                       ? Qt::DashLine
                                                           : Qt::SolidLine);
    case DiagramRole::ArrowHead: return filled(arrow);
    case DiagramRole::IcmpCross: return stroked(arrow, 2);
    case DiagramRole::Flags: return written(DiagramFont::Bold, arrow, kLeft);
    default: return {};
    }
}

} // namespace

DiagramStyle DiagramStyle::lifelineBox(const std::string& role)
{
    const LifelineKind k = role == "client" ? LifelineKind::Client
                           : role == "server" ? LifelineKind::Server
                                              : LifelineKind::Other;
    return {DiagramRole::LifelineBox, static_cast<std::uint8_t>(k)};
}

DiagramStyle DiagramStyle::arrowLine(const DiagramArrow& a, bool selected)
{
    const int v = static_cast<int>(arrowInkOf(a)) | (isProblem(a) ? 8 : 0) | (selected ? 16 : 0);
    return {DiagramRole::ArrowLine, static_cast<std::uint8_t>(v)};
}

DiagramInk inkOf(DiagramStyle s)
{
    switch (s.role) {
    case DiagramRole::Background:
    case DiagramRole::GapMask: return filled(Qt::white);
    case DiagramRole::Lifeline: return stroked(QColor(0xa8, 0xb0, 0xbb), 1.2, Qt::DashLine);
    case DiagramRole::HeaderBand: return filled(QColor(0xf7, 0xf8, 0xfa));
    case DiagramRole::HeaderRule: return stroked(QColor(0xd0, 0xd4, 0xda), 1);
    case DiagramRole::Caption: return written(DiagramFont::Small, kCaptionInk, kLeft);
    case DiagramRole::HeaderNote: return written(DiagramFont::Small, QColor(0xa0, 0x50, 0x00), kLeft);
    case DiagramRole::LifelineRole: return written(DiagramFont::Small, kCaptionInk, kCenter);
    case DiagramRole::LifelineTitle: return written(DiagramFont::Bold, QColor(0x1f, 0x23, 0x28), kCenter);
    case DiagramRole::SelectedRow: return filled(QColor(kSelection.red(), kSelection.green(), kSelection.blue(), 60));
    case DiagramRole::HoveredRow: return filled(QColor(kSelection.red(), kSelection.green(), kSelection.blue(), 25));
    case DiagramRole::FrameNumber: return written(DiagramFont::Small, kFrameInk, kLeft);
    case DiagramRole::Time: return written(DiagramFont::Normal, QColor(0x30, 0x30, 0x30), kRight);
    case DiagramRole::Delta: return written(DiagramFont::Small, QColor(0x90, 0x96, 0x9e), kRight);
    case DiagramRole::Numbers: return written(DiagramFont::Normal, QColor(0x20, 0x24, 0x28), kLeft);
    case DiagramRole::Marker: return written(DiagramFont::Small, QColor(0xc0, 0x39, 0x2b), kCenter);
    case DiagramRole::GapMark: return stroked(kFrameInk, 1);
    case DiagramRole::GapText: return written(DiagramFont::Small, kFrameInk, kCenter);
    case DiagramRole::NoteBand: return filled(QColor(0xff, 0xf3, 0xc4));
    case DiagramRole::NoteText: return written(DiagramFont::Small, QColor(0x6a, 0x4a, 0x00), kCenter);
    case DiagramRole::CollapsedLine: return stroked(kCollapsedInk, 4, Qt::SolidLine, Qt::RoundCap);
    case DiagramRole::CollapsedHead: return filled(kCollapsedInk);
    case DiagramRole::CollapsedText:
        return written(DiagramFont::Bold, QColor(0x30, 0x36, 0x40), Qt::AlignHCenter | Qt::AlignBottom);
    default: return variantInk(s);
    }
}

QColor arrowColor(const DiagramArrow& a)
{
    return colorOf(arrowInkOf(a));
}

QColor stateColor(TcpState s)
{
    switch (s) {
    case TcpState::Closed:
    case TcpState::Listen: return QColor(0x6c, 0x75, 0x7d);
    case TcpState::SynSent:
    case TcpState::SynReceived: return QColor(0x1b, 0x7a, 0x2b);
    case TcpState::Established: return QColor(0x1f, 0x5f, 0xbf);
    case TcpState::FinWait1:
    case TcpState::FinWait2:
    case TcpState::Closing:
    case TcpState::TimeWait: return QColor(0xb3, 0x5c, 0x00);
    case TcpState::CloseWait:
    case TcpState::LastAck: return QColor(0x7b, 0x3f, 0x9e);
    }
    return Qt::black;
}

QColor phaseTint(PhaseKind k)
{
    switch (k) {
    case PhaseKind::Handshake:
    case PhaseKind::SimultaneousOpen: return QColor(0x2e, 0x9e, 0x4a, 26);
    case PhaseKind::Teardown:
    case PhaseKind::HalfClose: return QColor(0x2a, 0x5d, 0x9f, 22);
    case PhaseKind::Reset:
    case PhaseKind::Refused:
    case PhaseKind::Rejected:
    case PhaseKind::Unanswered:
    case PhaseKind::Incomplete: return QColor(0xc0, 0x39, 0x2b, 24);
    case PhaseKind::Data:
    case PhaseKind::HandshakeNotCaptured: return QColor(0x80, 0x80, 0x80, 10);
    }
    return QColor(0, 0, 0, 0);
}

QColor phaseInk(PhaseKind k)
{
    switch (k) {
    case PhaseKind::Handshake:
    case PhaseKind::SimultaneousOpen: return QColor(0x1b, 0x6e, 0x30);
    case PhaseKind::Teardown:
    case PhaseKind::HalfClose: return QColor(0x2a, 0x5d, 0x9f);
    case PhaseKind::Reset:
    case PhaseKind::Refused:
    case PhaseKind::Rejected:
    case PhaseKind::Unanswered:
    case PhaseKind::Incomplete: return QColor(0xa0, 0x25, 0x1a);
    default: return QColor(0x55, 0x55, 0x55);
    }
}

} // namespace synscope
