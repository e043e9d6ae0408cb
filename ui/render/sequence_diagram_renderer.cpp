#include "ui/render/sequence_diagram_renderer.h"

#include "analysis/connection_report.h"
#include "decode/frame_context.h"

#include <QCoreApplication>
#include <QFontMetrics>
#include <QHash>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <array>
#include <limits>
#include <cmath>

namespace synscope {

namespace {

constexpr int kMargin = SequenceDiagramRenderer::kMargin;
constexpr int kGapRowThresholdNs = 1000000000; // a pause of a second or more gets its own row

QString tr(const char* s) { return QCoreApplication::translate("SequenceDiagram", s); }

// Widths of many short ASCII labels (an arrow's numbers) without shaping each one: HarfBuzz takes ~20 µs a
// label, seconds for 200,000 arrows. The sum of the characters' advances and of each pair's kerning, both
// measured by Qt once, is what QFontMetrics::horizontalAdvance gives for the whole string.
class AsciiWidths {
public:
    explicit AsciiWidths(const QFont& font) : fm_(font), fmF_(font)
    {
        for (int c = 0; c < 128; ++c)
            advance_[c] = c >= 32 && c < 127 ? fmF_.horizontalAdvance(QString(QChar(c))) : 0;
        for (auto& row : kerning_)
            row.fill(std::numeric_limits<double>::quiet_NaN());
    }
    int width(const std::string& text)
    {
        double sum = 0;
        int previous = -1;
        for (const char ch : text) {
            const auto c = static_cast<unsigned char>(ch);
            if (c < 32 || c >= 127)
                return fm_.horizontalAdvance(QString::fromStdString(text)); // not plain ASCII: shape it
            sum += advance_[c];
            if (previous >= 0) {
                double& k = kerning_[static_cast<std::size_t>(previous)][c];
                if (std::isnan(k))
                    k = fmF_.horizontalAdvance(QString(QChar(previous)) + QChar(c)) - advance_[previous] - advance_[c];
                sum += k;
            }
            previous = c;
        }
        return qRound(sum);
    }

private:
    QFontMetrics fm_;
    QFontMetricsF fmF_;
    std::array<double, 128> advance_{};
    std::array<std::array<double, 128>, 128> kerning_{};
};

bool isProblem(const DiagramArrow& a)
{
    return (a.analysisFlags & tcpanalysis::kProblems) || a.badChecksum;
}

} // namespace

QColor SequenceDiagramRenderer::phaseTint(PhaseKind k)
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

QColor SequenceDiagramRenderer::phaseInk(PhaseKind k)
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

QColor SequenceDiagramRenderer::arrowColor(const DiagramArrow& a)
{
    if (a.kind == ArrowKind::IcmpError)
        return QColor(0x8e, 0x44, 0xad);
    if (a.kind == ArrowKind::Other)
        return QColor(0x60, 0x60, 0x60);
    if (a.flags.find('R') != std::string::npos)
        return QColor(0xc0, 0x39, 0x2b);
    if (a.flags.find('S') != std::string::npos)
        return QColor(0x1b, 0x7a, 0x2b);
    if (a.flags.find('F') != std::string::npos)
        return QColor(0x2a, 0x5d, 0x9f);
    return QColor(0x30, 0x30, 0x30);
}

QColor SequenceDiagramRenderer::stateColor(TcpState s)
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

SequenceDiagramRenderer::SequenceDiagramRenderer(const SequenceDiagram& diagram, DiagramViewOptions options,
                                                 const QFont& font)
    : d_(diagram), options_(std::move(options)), font_(font), small_(font), bold_(font)
{
    small_.setPointSizeF(font.pointSizeF() > 0 ? font.pointSizeF() * 0.85 : 8);
    bold_.setBold(true);
    layout();
}

QString SequenceDiagramRenderer::timeText(std::size_t arrow) const
{
    const std::int64_t ns = d_.arrows[arrow].time.minusNs(d_.arrows.front().time);
    return QString::asprintf("%.6f", static_cast<double>(ns) / 1e9);
}

void SequenceDiagramRenderer::layout()
{
    const QFontMetrics fm(font_), fmBold(bold_), fmSmall(small_);
    lineHeight_ = fm.height();
    rowHeight_ = lineHeight_ * 3 + 6;
    headerHeight_ = lineHeight_ * 4 + 8;
    gutter_ = fm.horizontalAdvance(QStringLiteral("#000000  0000.000000")) + kMargin;

    // Spacing between lifelines: the longest label between two neighbours, and the state boxes.
    int longest = fmSmall.horizontalAdvance(QStringLiteral("FIN_WAIT_1 \u2192 TIME_WAIT")) * 2;
    // Each arrow's label widths, measured once (the view paints and the SVG writer places labels with them).
    flagsWidth_.resize(d_.arrows.size());
    numbersWidth_.resize(d_.arrows.size());
    QHash<QString, int> flagsWidths; // a handful of distinct flags
    AsciiWidths numbersWidths(font_);
    for (std::size_t i = 0; i < d_.arrows.size(); ++i) {
        const DiagramArrow& a = d_.arrows[i];
        const QString flags = QString::fromStdString(a.flags);
        auto it = flagsWidths.find(flags);
        if (it == flagsWidths.end())
            it = flagsWidths.insert(flags, fmBold.horizontalAdvance(flags));
        flagsWidth_[i] = *it;
        numbersWidth_[i] = numbersWidths.width(" " + a.numbers);
        longest = std::max(longest, flagsWidth_[i] + numbersWidth_[i]);
    }
    for (const DiagramLifeline& l : d_.lifelines)
        longest = std::max(longest, fmBold.horizontalAdvance(QString::fromStdString(l.title)) + 20);
    spacing_ = std::clamp(longest + 60, 300, 900);

    lifelineX_.assign(d_.lifelines.size(), -1);
    // The first lifeline just clears the time column: room for its box and its state labels.
    int x = gutter_ + kMargin + 80;
    for (std::size_t i = 0; i < d_.lifelines.size(); ++i) {
        if (options_.hiddenLifelines.count(i))
            continue;
        lifelineX_[i] = x;
        x += spacing_;
    }
    const int lastLifeline = x - spacing_;
    phaseX_ = lastLifeline + 100;

    // Which arrows a collapsed data phase swallows.
    std::vector<long> collapsedIn(d_.arrows.size(), -1);
    if (options_.collapseData)
        for (std::size_t p = 0; p < d_.phases.size(); ++p) {
            const DiagramPhase& ph = d_.phases[p];
            if (ph.kind != PhaseKind::Data)
                continue;
            for (std::size_t a = ph.firstArrow; a <= ph.lastArrow && a < d_.arrows.size(); ++a)
                if (d_.arrows[a].stream == ph.stream)
                    collapsedIn[a] = static_cast<long>(p);
        }
    std::vector<std::vector<std::size_t>> notesAt(d_.arrows.size());
    for (std::size_t p = 0; p < d_.phases.size(); ++p)
        if (d_.phases[p].kind == PhaseKind::HandshakeNotCaptured && d_.phases[p].firstArrow < d_.arrows.size())
            notesAt[d_.phases[p].firstArrow].push_back(p);
    statesAtArrow_.assign(d_.arrows.size(), {});
    for (std::size_t s = 0; s < d_.states.size(); ++s)
        if (d_.states[s].arrow != DiagramState::kInitial && d_.states[s].arrow < d_.arrows.size())
            statesAtArrow_[d_.states[s].arrow].push_back(s);

    // Time-proportional mode: pixels per second so that the median gap takes one row.
    double pxPerNs = 0;
    if (options_.timeProportional && d_.arrows.size() > 1) {
        std::vector<std::int64_t> gaps;
        for (std::size_t a = 1; a < d_.arrows.size(); ++a)
            gaps.push_back(std::max<std::int64_t>(1, d_.arrows[a].time.minusNs(d_.arrows[a - 1].time)));
        std::nth_element(gaps.begin(), gaps.begin() + static_cast<long>(gaps.size() / 2), gaps.end());
        pxPerNs = static_cast<double>(rowHeight_) / static_cast<double>(std::max<std::int64_t>(gaps[gaps.size() / 2], 1000));
    }

    rows_.clear();
    arrowRow_.assign(d_.arrows.size(), -1);
    int y = headerHeight_ + lineHeight_ * 2 + 8; // room for the initial states
    std::vector<bool> collapsedShown(d_.phases.size(), false);
    long previousArrow = -1;
    for (std::size_t a = 0; a < d_.arrows.size(); ++a) {
        const DiagramArrow& arrow = d_.arrows[a];
        if (!lifelineVisible(arrow.from) || !lifelineVisible(arrow.to))
            continue;
        if (previousArrow >= 0) {
            const std::int64_t gap = arrow.time.minusNs(d_.arrows[static_cast<std::size_t>(previousArrow)].time);
            if (options_.timeProportional) {
                const int extra = static_cast<int>(std::min(static_cast<double>(gap) * pxPerNs, 12.0 * rowHeight_));
                y += std::max(0, extra - rowHeight_);
            } else if (gap >= kGapRowThresholdNs) {
                Row g;
                g.kind = RowKind::Gap;
                g.y = y;
                g.height = lineHeight_ + 10;
                g.text = tr("%1 later").arg(QString::fromStdString(formatDuration(static_cast<double>(gap) / 1e6)));
                rows_.push_back(g);
                y += g.height;
            }
        }
        for (std::size_t p : notesAt[a]) {
            Row n;
            n.kind = RowKind::Note;
            n.arrow = p;
            n.y = y;
            n.height = lineHeight_ + 12;
            n.text = tr("Handshake not captured: the capture started after the connection opened");
            rows_.push_back(n);
            y += n.height;
        }
        if (collapsedIn[a] >= 0) {
            const auto p = static_cast<std::size_t>(collapsedIn[a]);
            if (!collapsedShown[p]) {
                collapsedShown[p] = true;
                Row c;
                c.kind = RowKind::CollapsedData;
                c.arrow = p;
                c.y = y;
                c.height = rowHeight_;
                c.text = QString::fromStdString(d_.phases[p].name);
                rows_.push_back(c);
                y += c.height;
            }
            previousArrow = static_cast<long>(a);
            continue;
        }
        Row r;
        r.kind = RowKind::Arrow;
        r.arrow = a;
        r.y = y;
        r.height = rowHeight_;
        arrowRow_[a] = static_cast<int>(rows_.size());
        rows_.push_back(r);
        y += r.height;
        previousArrow = static_cast<long>(a);
    }
    height_ = y + kMargin;

    // The rows each phase spans: its note or collapsed row, its first and last visible arrows.
    phaseSpan_.assign(d_.phases.size(), {INT_MAX, -1});
    auto include = [&](std::size_t p, const Row& r) {
        phaseSpan_[p].first = std::min(phaseSpan_[p].first, r.y);
        phaseSpan_[p].second = std::max(phaseSpan_[p].second, r.y + r.height);
    };
    for (const Row& r : rows_)
        if (r.kind == RowKind::Note || r.kind == RowKind::CollapsedData)
            include(r.arrow, r);
    for (std::size_t p = 0; p < d_.phases.size(); ++p) {
        const DiagramPhase& ph = d_.phases[p];
        const std::size_t last = std::min(ph.lastArrow, d_.arrows.size() - 1);
        for (std::size_t a = ph.firstArrow; a <= last; ++a)
            if (d_.arrows[a].stream == ph.stream && arrowRow_[a] >= 0) {
                include(p, rows_[static_cast<std::size_t>(arrowRow_[a])]);
                break;
            }
        for (std::size_t a = last + 1; a-- > ph.firstArrow;)
            if (d_.arrows[a].stream == ph.stream && arrowRow_[a] >= 0) {
                include(p, rows_[static_cast<std::size_t>(arrowRow_[a])]);
                break;
            }
    }
    // Overlapping phases (several connections at once) get bracket columns side by side.
    phaseColumn_.assign(d_.phases.size(), 0);
    std::vector<int> columnEnd; // last y used per column
    int widestName = 0;
    for (std::size_t p = 0; p < d_.phases.size(); ++p) {
        const auto [top, bottom] = phaseSpan_[p];
        // "Handshake not captured" is a note row above the first arrow, not a bracket.
        if (bottom < 0 || d_.phases[p].kind == PhaseKind::HandshakeNotCaptured)
            continue;
        std::size_t col = 0;
        while (col < columnEnd.size() && columnEnd[col] > top)
            ++col;
        if (col == columnEnd.size())
            columnEnd.push_back(0);
        columnEnd[col] = bottom;
        phaseColumn_[p] = static_cast<int>(col);
        QString name = QString::fromStdString(d_.phases[p].name);
        if (d_.multipleStreams)
            name += tr(" (stream %1)").arg(d_.phases[p].stream);
        widestName = std::max(widestName, QFontMetrics(bold_).horizontalAdvance(name));
    }
    phaseColumnWidth_ = widestName + 28;
    width_ = phaseX_ + std::max<int>(1, static_cast<int>(columnEnd.size())) * phaseColumnWidth_ + kMargin;
}

int SequenceDiagramRenderer::rowOfArrow(std::size_t arrow) const
{
    return arrow < arrowRow_.size() ? arrowRow_[arrow] : -1;
}

int SequenceDiagramRenderer::rowIndexAtY(int y) const
{
    auto it = std::upper_bound(rows_.begin(), rows_.end(), y, [](int v, const Row& r) { return v < r.y; });
    if (it == rows_.begin())
        return -1;
    --it;
    return y < it->y + it->height ? static_cast<int>(it - rows_.begin()) : -1;
}

long SequenceDiagramRenderer::arrowAt(const QPoint& pos) const
{
    const int r = rowIndexAtY(pos.y());
    if (r < 0 || rows_[static_cast<std::size_t>(r)].kind != RowKind::Arrow)
        return -1;
    // Anywhere on the row between the gutter and the phase brackets counts.
    if (pos.x() < gutter_ || pos.x() > phaseX_)
        return -1;
    return static_cast<long>(rows_[static_cast<std::size_t>(r)].arrow);
}

long SequenceDiagramRenderer::collapsedPhaseAt(const QPoint& pos) const
{
    const int r = rowIndexAtY(pos.y());
    if (r < 0 || rows_[static_cast<std::size_t>(r)].kind != RowKind::CollapsedData)
        return -1;
    return static_cast<long>(rows_[static_cast<std::size_t>(r)].arrow);
}

long SequenceDiagramRenderer::lifelineAtHeader(const QPoint& pos) const
{
    if (pos.y() > headerHeight_)
        return -1;
    for (std::size_t i = 0; i < lifelineX_.size(); ++i)
        if (lifelineX_[i] >= 0 && std::abs(pos.x() - lifelineX_[i]) < spacing_ / 2 - 10)
            return static_cast<long>(i);
    return -1;
}

void SequenceDiagramRenderer::paintHeader(QPainter& p, int top, int left, int right) const
{
    p.fillRect(QRect(left, top, right - left, headerHeight_), QColor(0xf7, 0xf8, 0xfa));
    p.setPen(QColor(0xd0, 0xd4, 0xda));
    p.drawLine(left, top + headerHeight_ - 1, right, top + headerHeight_ - 1);
    p.setFont(small_);
    p.setPen(QColor(0x55, 0x5b, 0x63));
    QString caption = QString::fromStdString(d_.title);
    if (!caption.isEmpty())
        caption += QStringLiteral(" \u2014 ");
    caption += tr("TCP states as seen at the capture point");
    p.drawText(QRect(kMargin, top + 4, std::max(right - kMargin, 600), lineHeight_), Qt::AlignLeft | Qt::AlignVCenter, caption);
    if (!d_.note.empty()) {
        p.setPen(QColor(0xa0, 0x50, 0x00));
        p.drawText(QRect(kMargin, top + 4 + lineHeight_, std::max(right - kMargin, 600), lineHeight_),
                   Qt::AlignLeft | Qt::AlignVCenter, QString::fromStdString(d_.note));
    }
    p.setPen(QColor(0x55, 0x5b, 0x63));
    p.drawText(QRect(kMargin, top + headerHeight_ - lineHeight_ - 6, gutter_, lineHeight_), Qt::AlignLeft | Qt::AlignVCenter,
               tr("frame   time (s)"));
    const QFontMetrics fmBold(bold_);
    for (std::size_t i = 0; i < d_.lifelines.size(); ++i) {
        const int x = lifelineX_[i];
        if (x < 0)
            continue;
        const DiagramLifeline& l = d_.lifelines[i];
        const QString title = QString::fromStdString(l.title);
        const int w = std::max(fmBold.horizontalAdvance(title) + 24, 120);
        const QRect box(x - w / 2, top + lineHeight_ * 2 + 2, w, lineHeight_ * 2 + 4);
        p.setPen(QPen(QColor(0x4a, 0x55, 0x68), 1.2));
        p.setBrush(l.role == "client" ? QColor(0xe8, 0xf1, 0xfb) : l.role == "server" ? QColor(0xfb, 0xf0, 0xe4)
                                                                                     : QColor(0xf0, 0xf0, 0xf0));
        p.drawRoundedRect(box, 6, 6);
        p.setFont(small_);
        p.setPen(QColor(0x55, 0x5b, 0x63));
        QString role = l.role == "client" ? tr("client") : l.role == "server" ? tr("server")
                     : l.role == "router" ? tr("ICMP sender") : l.role == "client and server" ? tr("client and server")
                                                                                               : QString();
        p.drawText(QRect(box.left(), box.top() + 1, box.width(), lineHeight_), Qt::AlignCenter, role);
        p.setFont(bold_);
        p.setPen(QColor(0x1f, 0x23, 0x28));
        p.drawText(QRect(box.left(), box.top() + lineHeight_, box.width(), lineHeight_ + 2), Qt::AlignCenter, title);
    }
}

void SequenceDiagramRenderer::paintStateBox(QPainter& p, int x, int y, TcpState s, bool) const
{
    const QString text = QString::fromLatin1(tcpStateName(s));
    const QFontMetrics fm(small_);
    const int w = fm.horizontalAdvance(text) + 12;
    const QRect box(x - w / 2, y, w, fm.height() + 2);
    const QColor c = stateColor(s);
    // Opaque, so the dashed lifeline behind does not run through the name.
    auto tint = [](int channel) { return 255 - (255 - channel) * 28 / 255; };
    p.setPen(QPen(c, 1));
    p.setBrush(QColor(tint(c.red()), tint(c.green()), tint(c.blue())));
    p.drawRoundedRect(box, 4, 4);
    p.setFont(small_);
    p.setPen(c.darker(120));
    p.drawText(box, Qt::AlignCenter, text);
}

void SequenceDiagramRenderer::paintStates(QPainter& p, const Row& row) const
{
    // Several changes of one side at one arrow (CLOSE_WAIT then LAST_ACK) sit side by side.
    std::vector<std::pair<std::size_t, std::vector<TcpState>>> perLine;
    for (std::size_t s : statesAtArrow_[row.arrow]) {
        const DiagramState& st = d_.states[s];
        if (!lifelineVisible(st.lifeline))
            continue;
        auto it = std::find_if(perLine.begin(), perLine.end(), [&](const auto& e) { return e.first == st.lifeline; });
        if (it == perLine.end())
            perLine.push_back({st.lifeline, {st.state}});
        else
            it->second.push_back(st.state);
    }
    const QFontMetrics fm(small_);
    const int y = row.y + lineHeight_ * 2 + 2;
    for (const auto& [line, states] : perLine) {
        int total = 0;
        for (TcpState s : states)
            total += fm.horizontalAdvance(QString::fromLatin1(tcpStateName(s))) + 12 + 6;
        int x = lifelineX_[line] - total / 2;
        for (TcpState s : states) {
            const int w = fm.horizontalAdvance(QString::fromLatin1(tcpStateName(s))) + 12;
            paintStateBox(p, x + w / 2, y, s, false);
            x += w + 6;
        }
    }
}

void SequenceDiagramRenderer::paintArrow(QPainter& p, const Row& row, bool selected, bool hovered) const
{
    const DiagramArrow& a = d_.arrows[row.arrow];
    if (selected)
        p.fillRect(QRect(0, row.y, phaseX_ - 8, row.height), QColor(0x33, 0x8e, 0xe0, 60));
    else if (hovered)
        p.fillRect(QRect(0, row.y, phaseX_ - 8, row.height), QColor(0x33, 0x8e, 0xe0, 25));
    // Gutter: frame number, time since the first packet and since the previous one.
    p.setFont(small_);
    p.setPen(QColor(0x70, 0x76, 0x7e));
    p.drawText(QRect(kMargin, row.y + 2, gutter_, lineHeight_), Qt::AlignLeft | Qt::AlignVCenter,
               QStringLiteral("#%1").arg(a.frame));
    p.setFont(font_);
    p.setPen(QColor(0x30, 0x30, 0x30));
    p.drawText(QRect(kMargin, row.y + 2, gutter_ - 8, lineHeight_), Qt::AlignRight | Qt::AlignVCenter, timeText(row.arrow));
    if (row.arrow > 0) {
        const std::int64_t delta = a.time.minusNs(d_.arrows[row.arrow - 1].time);
        p.setFont(small_);
        p.setPen(QColor(0x90, 0x96, 0x9e));
        p.drawText(QRect(kMargin, row.y + 2 + lineHeight_, gutter_ - 8, lineHeight_), Qt::AlignRight | Qt::AlignVCenter,
                   QStringLiteral("+") + QString::fromStdString(formatDuration(static_cast<double>(delta) / 1e6)));
    }

    const int x1 = lifelineX_[a.from], x2 = lifelineX_[a.to];
    const QColor color = arrowColor(a);
    const bool problem = isProblem(a);
    const int yLine = row.y + lineHeight_ + 4;
    const int slant = 6; // arrows slope downwards a little: the packet travels while time passes
    QPen pen(color, selected ? 2.4 : 1.6);
    if (problem)
        pen.setStyle(Qt::DashLine);
    if (a.kind == ArrowKind::IcmpError)
        pen.setStyle(Qt::DotLine);
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    if (x1 == x2) {
        // To itself (loopback): a small loop to the right.
        QPainterPath loop;
        loop.moveTo(x1, yLine - 4);
        loop.cubicTo(x1 + 60, yLine - 10, x1 + 60, yLine + slant + 6, x1 + 4, yLine + slant);
        p.drawPath(loop);
    } else {
        const QPointF from(x1, yLine), to(x2, yLine + slant);
        p.drawLine(from, to);
        // Arrowhead.
        const double angle = std::atan2(to.y() - from.y(), to.x() - from.x());
        QPolygonF head;
        head << to << to - QPointF(std::cos(angle - 0.4) * 10, std::sin(angle - 0.4) * 10)
             << to - QPointF(std::cos(angle + 0.4) * 10, std::sin(angle + 0.4) * 10);
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        if (a.kind == ArrowKind::IcmpError) {
            p.setPen(QPen(color, 2));
            p.drawLine(to + QPointF(-5, -5), to + QPointF(5, 5));
            p.drawLine(to + QPointF(-5, 5), to + QPointF(5, -5));
        } else {
            p.drawPolygon(head);
        }
    }
    // Label above the arrow: flags in bold, then the numbers.
    const int left = std::min(x1, x2), right = std::max(x1, x2);
    const QString flags = QString::fromStdString(a.flags);
    const QString numbers = QString::fromStdString(a.numbers);
    const QFontMetrics fm(font_);
    const int flagsWidth = flagsWidth_[row.arrow];
    const int labelWidth = flagsWidth + numbersWidth_[row.arrow];
    const int available = std::max(right - left - 16, 200);
    int lx = (left + right) / 2 - std::min(labelWidth, available) / 2;
    const int ly = row.y + 2;
    p.setFont(bold_);
    p.setPen(color);
    p.drawText(QRect(lx, ly, flagsWidth + 2, lineHeight_), Qt::AlignLeft | Qt::AlignVCenter, flags);
    lx += flagsWidth;
    p.setFont(font_);
    p.setPen(QColor(0x20, 0x24, 0x28));
    // Elided only when too long (measuring the elision is the slow part of a row).
    const QString elided = labelWidth <= available
                               ? QStringLiteral(" ") + numbers
                               : fm.elidedText(QStringLiteral(" ") + numbers, Qt::ElideRight, available - flagsWidth);
    p.drawText(QRect(lx, ly, available, lineHeight_), Qt::AlignLeft | Qt::AlignVCenter, elided);
    if (!a.marker.empty()) {
        p.setFont(small_);
        p.setPen(QColor(0xc0, 0x39, 0x2b));
        const QString marker = QStringLiteral("\u26a0 ") + QString::fromStdString(a.marker);
        const int mw = QFontMetrics(small_).horizontalAdvance(marker) + 4;
        p.drawText(QRect((left + right) / 2 - mw / 2, yLine + slant / 2 + 2, mw, lineHeight_), Qt::AlignCenter, marker);
    }
}

void SequenceDiagramRenderer::paintRow(QPainter& p, const Row& row, bool selected, bool hovered) const
{
    switch (row.kind) {
    case RowKind::Arrow:
        paintArrow(p, row, selected, hovered);
        paintStates(p, row);
        break;
    case RowKind::Gap: {
        p.setFont(small_);
        p.setPen(QColor(0x70, 0x76, 0x7e));
        // Break marks on the lifelines and the pause in words.
        for (int x : lifelineX_) {
            if (x < 0)
                continue;
            p.fillRect(QRect(x - 6, row.y + 2, 12, row.height - 4), Qt::white);
            p.drawLine(x - 6, row.y + 4, x + 6, row.y + 8);
            p.drawLine(x - 6, row.y + row.height - 8, x + 6, row.y + row.height - 4);
        }
        p.drawText(QRect(kMargin, row.y, phaseX_ - kMargin, row.height), Qt::AlignCenter,
                   QStringLiteral("\u22ef  ") + row.text + QStringLiteral("  \u22ef"));
        break;
    }
    case RowKind::Note: {
        p.setFont(small_);
        p.setPen(QColor(0x6a, 0x4a, 0x00));
        const QRect r(gutter_, row.y + 2, phaseX_ - gutter_, row.height - 4);
        p.fillRect(r, QColor(0xff, 0xf3, 0xc4));
        p.drawText(r, Qt::AlignCenter, row.text);
        break;
    }
    case RowKind::CollapsedData: {
        const DiagramPhase& ph = d_.phases[row.arrow];
        if (selected || hovered)
            p.fillRect(QRect(0, row.y, width_, row.height), QColor(0x33, 0x8e, 0xe0, 25));
        // A double arrow between the connection's two lifelines stands for all of it.
        int lo = INT_MAX, hi = -1;
        for (std::size_t a = ph.firstArrow; a <= ph.lastArrow && a < d_.arrows.size(); ++a)
            if (d_.arrows[a].stream == ph.stream) {
                lo = std::min({lo, lifelineX_[d_.arrows[a].from], lifelineX_[d_.arrows[a].to]});
                hi = std::max({hi, lifelineX_[d_.arrows[a].from], lifelineX_[d_.arrows[a].to]});
                if (a > ph.firstArrow + 8)
                    break;
            }
        const int y = row.y + row.height / 2;
        p.setPen(QPen(QColor(0x60, 0x66, 0x70), 4, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(lo + 14, y, hi - 14, y);
        p.setBrush(QColor(0x60, 0x66, 0x70));
        p.setPen(Qt::NoPen);
        p.drawPolygon(QPolygon{{lo + 4, y}, {lo + 16, y - 7}, {lo + 16, y + 7}});
        p.drawPolygon(QPolygon{{hi - 4, y}, {hi - 16, y - 7}, {hi - 16, y + 7}});
        p.setFont(bold_);
        p.setPen(QColor(0x30, 0x36, 0x40));
        p.drawText(QRect(lo, row.y, hi - lo, row.height / 2 - 2), Qt::AlignHCenter | Qt::AlignBottom,
                   row.text + tr("  \u2014 click to expand"));
        break;
    }
    }
}

void SequenceDiagramRenderer::paintPhases(QPainter& p, const QRect& clip, int visibleTop) const
{
    for (std::size_t i = 0; i < d_.phases.size(); ++i) {
        const DiagramPhase& ph = d_.phases[i];
        const auto [top, bottom] = phaseSpan_[i];
        if (bottom < 0 || bottom < clip.top() || top > clip.bottom() || ph.kind == PhaseKind::HandshakeNotCaptured)
            continue;
        p.fillRect(QRect(gutter_, top + 1, phaseX_ - gutter_ - 8, bottom - top - 2), phaseTint(ph.kind));
        const int x = phaseX_ + phaseColumn_[i] * phaseColumnWidth_;
        const QColor ink = phaseInk(ph.kind);
        p.setPen(QPen(ink, 2));
        p.drawLine(x, top + 4, x + 8, top + 4);
        p.drawLine(x, top + 4, x, bottom - 4);
        p.drawLine(x, bottom - 4, x + 8, bottom - 4);
        p.setFont(bold_);
        QString name = QString::fromStdString(ph.name);
        if (d_.multipleStreams)
            name += tr(" (stream %1)").arg(ph.stream);
        // The name where it can be read: at the middle of the bracket, or for a long one at the top of
        // what is visible of it, so it stays in sight while the rows scroll.
        const int textY = bottom - top > 6 * rowHeight_
                              ? std::clamp(visibleTop + 6, top + 6, std::max(top + 6, bottom - lineHeight_ - 8))
                              : (top + bottom) / 2 - lineHeight_ / 2;
        p.drawText(QRect(x + 12, textY, phaseColumnWidth_ - 14, lineHeight_ + 2), Qt::AlignLeft | Qt::AlignVCenter, name);
    }
}

void SequenceDiagramRenderer::paint(QPainter& p, const QRect& clip, long selectedArrow, long hoveredArrow,
                                    int stickyHeaderTop) const
{
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setRenderHint(QPainter::TextAntialiasing, true);
    p.fillRect(clip, Qt::white);
    const int firstY = headerHeight_;
    // Lifelines.
    for (int x : lifelineX_) {
        if (x < 0)
            continue;
        p.setPen(QPen(QColor(0xa8, 0xb0, 0xbb), 1.2, Qt::DashLine));
        p.drawLine(x, std::max(clip.top(), firstY), x, std::min(clip.bottom(), height_ - kMargin));
    }
    // Initial states under the header.
    const int initialY = headerHeight_ + 6;
    if (clip.top() <= initialY + lineHeight_ * 2) {
        std::vector<std::pair<std::size_t, std::vector<TcpState>>> perLine;
        for (const DiagramState& st : d_.states) {
            if (st.arrow != DiagramState::kInitial || !lifelineVisible(st.lifeline))
                continue;
            auto it = std::find_if(perLine.begin(), perLine.end(), [&](const auto& e) { return e.first == st.lifeline; });
            if (it == perLine.end())
                perLine.push_back({st.lifeline, {st.state}});
            else if (std::find(it->second.begin(), it->second.end(), st.state) == it->second.end())
                it->second.push_back(st.state);
        }
        const QFontMetrics fm(small_);
        for (const auto& [line, states] : perLine) {
            int total = 0;
            for (TcpState s : states)
                total += fm.horizontalAdvance(QString::fromLatin1(tcpStateName(s))) + 18;
            int x = lifelineX_[line] - total / 2;
            for (TcpState s : states) {
                const int w = fm.horizontalAdvance(QString::fromLatin1(tcpStateName(s))) + 12;
                paintStateBox(p, x + w / 2, initialY, s, false);
                x += w + 6;
            }
        }
    }
    paintPhases(p, clip, std::max(clip.top(), (stickyHeaderTop >= 0 ? stickyHeaderTop : 0) + headerHeight_));
    // Rows in the clip only: a 100,000-segment connection paints a screenful.
    int first = rowIndexAtY(clip.top());
    if (first < 0) {
        auto it = std::lower_bound(rows_.begin(), rows_.end(), clip.top(), [](const Row& r, int v) { return r.y < v; });
        first = static_cast<int>(it - rows_.begin());
    }
    for (std::size_t k = static_cast<std::size_t>(std::max(first, 0)); k < rows_.size(); ++k) {
        const Row& r = rows_[k];
        if (r.y > clip.bottom())
            break;
        const bool isArrow = r.kind == RowKind::Arrow;
        paintRow(p, r, isArrow ? static_cast<long>(r.arrow) == selectedArrow : false,
                 isArrow ? static_cast<long>(r.arrow) == hoveredArrow : false);
    }
    paintHeader(p, stickyHeaderTop >= 0 ? stickyHeaderTop : 0, clip.left(), clip.right() + 1);
}

} // namespace synscope
