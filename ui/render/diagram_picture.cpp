#include "ui/render/diagram_picture.h"

#include "analysis/connection_report.h"

#include <QCoreApplication>
#include <algorithm>
#include <charconv>
#include <climits>
#include <cstdio>

namespace synscope {

namespace {

constexpr int kMargin = DiagramLayout::kMargin;
constexpr int kSlant = DiagramLayout::kArrowSlant;

QString tr(const char* s) { return QCoreApplication::translate("SequenceDiagram", s); }

// Adds `state` to its lifeline's list (the lifelines in order of first appearance).
void addState(std::vector<std::pair<std::size_t, std::vector<TcpState>>>& perLine, std::size_t lifeline,
              TcpState state, bool unique)
{
    auto it = std::find_if(perLine.begin(), perLine.end(), [&](const auto& e) { return e.first == lifeline; });
    if (it == perLine.end())
        perLine.push_back({lifeline, {state}});
    else if (!unique || std::find(it->second.begin(), it->second.end(), state) == it->second.end())
        it->second.push_back(state);
}

} // namespace

DiagramPicture::DiagramPicture(const DiagramLayout& layout, DiagramCanvas& canvas)
    : l_(layout), d_(layout.diagram), canvas_(canvas), normal_(layout.fonts.normal), small_(layout.fonts.small),
      bold_(layout.fonts.bold)
{
}

bool DiagramPicture::draw(const QRect& clip, long selectedArrow, long hoveredArrow, int stickyHeaderTop)
{
    const int headerTop = stickyHeaderTop >= 0 ? stickyHeaderTop : 0;
    canvas_.fill(DiagramStyle::of(DiagramRole::Background), clip);
    drawLifelines(clip);
    drawInitialStates(clip);
    drawPhases(clip, std::max(clip.top(), headerTop + l_.headerHeight));
    // Rows in the clip only: a 100,000-segment connection paints a screenful.
    for (std::size_t k = l_.firstRowFrom(clip.top()); k < l_.rows.size(); ++k) {
        const DiagramRow& r = l_.rows[k];
        if (r.y > clip.bottom())
            break;
        const bool isArrow = r.kind == DiagramRowKind::Arrow;
        drawRow(r, isArrow && static_cast<long>(r.arrow) == selectedArrow,
                isArrow && static_cast<long>(r.arrow) == hoveredArrow);
        if (!canvas_.rowDone())
            return false;
    }
    drawHeader(headerTop, clip.left(), clip.right() + 1);
    return true;
}

void DiagramPicture::drawLifelines(const QRect& clip)
{
    const int top = std::max(clip.top(), l_.headerHeight);
    const int bottom = std::min(clip.bottom(), l_.height - kMargin);
    for (int x : l_.lifelineX)
        if (x >= 0)
            canvas_.line(DiagramStyle::of(DiagramRole::Lifeline), QLine(x, top, x, bottom));
}

// Each side's state before the first arrow, under the header (a host in several connections: each
// distinct state once).
void DiagramPicture::drawInitialStates(const QRect& clip)
{
    const int initialY = l_.headerHeight + 6;
    if (clip.top() > initialY + l_.lineHeight * 2)
        return;
    perLine_.clear();
    for (const DiagramState& st : d_.states)
        if (st.arrow == DiagramState::kInitial && l_.lifelineVisible(st.lifeline))
            addState(perLine_, st.lifeline, st.state, true);
    drawStates(initialY, perLine_);
}

void DiagramPicture::drawPhases(const QRect& clip, int visibleTop)
{
    for (std::size_t i = 0; i < d_.phases.size(); ++i) {
        const DiagramPhase& ph = d_.phases[i];
        const auto [top, bottom] = l_.phaseSpan[i];
        if (bottom < 0 || bottom < clip.top() || top > clip.bottom() || ph.kind == PhaseKind::HandshakeNotCaptured)
            continue;
        canvas_.fill(DiagramStyle::phase(DiagramRole::PhaseBand, ph.kind),
                     QRect(l_.gutter, top + 1, l_.phaseX - l_.gutter - 8, bottom - top - 2));
        const int x = l_.phaseX + l_.phaseColumn[i] * l_.phaseColumnWidth;
        canvas_.bracket(DiagramStyle::phase(DiagramRole::PhaseBracket, ph.kind), x, top + 4, bottom - 4, 8);
        // The name where it can be read: at the middle of the bracket, or for a long one at the top of
        // what is visible of it, so it stays in sight while the rows scroll.
        const int lh = l_.lineHeight;
        const int textY = bottom - top > 6 * l_.rowHeight
                              ? std::clamp(visibleTop + 6, top + 6, std::max(top + 6, bottom - lh - 8))
                              : (top + bottom) / 2 - lh / 2;
        canvas_.text(DiagramStyle::phase(DiagramRole::PhaseName, ph.kind),
                     QRect(x + 12, textY, l_.phaseColumnWidth - 14, lh + 2), l_.phaseTitle(i));
    }
}

void DiagramPicture::drawRow(const DiagramRow& row, bool selected, bool hovered)
{
    switch (row.kind) {
    case DiagramRowKind::Arrow:
        drawArrowRow(row, selected, hovered);
        drawStateChanges(row);
        break;
    case DiagramRowKind::Gap: drawGapRow(row); break;
    case DiagramRowKind::Note: drawNoteRow(row); break;
    case DiagramRowKind::CollapsedData: drawCollapsedRow(row); break;
    }
}

void DiagramPicture::drawArrowRow(const DiagramRow& row, bool selected, bool hovered)
{
    const DiagramArrow& a = d_.arrows[row.arrow];
    if (selected || hovered)
        canvas_.fill(DiagramStyle::of(selected ? DiagramRole::SelectedRow : DiagramRole::HoveredRow),
                     QRect(0, row.y, l_.phaseX - 8, row.height));
    drawTimeColumn(row, a);
    const int x1 = l_.lifelineX[a.from], x2 = l_.lifelineX[a.to];
    const int yLine = row.y + l_.lineHeight + 4;
    const DiagramStyle line = DiagramStyle::arrowLine(a, selected);
    if (x1 == x2) {
        // To itself (loopback): a small loop to the right.
        canvas_.curve(line, {x1, yLine - 4}, {x1 + 60, yLine - 10}, {x1 + 60, yLine + kSlant + 6},
                      {x1 + 4, yLine + kSlant});
    } else {
        const DiagramRole head = a.kind == ArrowKind::IcmpError ? DiagramRole::IcmpCross : DiagramRole::ArrowHead;
        canvas_.arrow(line, line.ofSameArrow(head), {x1, yLine}, {x2, yLine + kSlant});
    }
    drawArrowLabel(row, a, line.ofSameArrow(DiagramRole::Flags), x1, x2, yLine);
}

// The frame number, the time since the first packet and since the previous one.
void DiagramPicture::drawTimeColumn(const DiagramRow& row, const DiagramArrow& a)
{
    const int lh = l_.lineHeight;
    char buf[64];
    buf[0] = '#';
    const auto frameEnd = std::to_chars(buf + 1, buf + sizeof buf, a.frame).ptr;
    canvas_.text(DiagramStyle::of(DiagramRole::FrameNumber), QRect(kMargin, row.y + 2, l_.gutter, lh),
                 std::string_view(buf, static_cast<std::size_t>(frameEnd - buf)));
    const std::int64_t ns = a.time.minusNs(d_.arrows.front().time);
    const int n = std::snprintf(buf, sizeof buf, "%.6f", static_cast<double>(ns) / 1e9);
    canvas_.text(DiagramStyle::of(DiagramRole::Time), QRect(kMargin, row.y + 2, l_.gutter - 8, lh),
                 std::string_view(buf, static_cast<std::size_t>(std::max(n, 0))));
    if (row.arrow > 0) {
        const std::int64_t delta = a.time.minusNs(d_.arrows[row.arrow - 1].time);
        text_.assign(1, '+');
        text_ += formatDuration(static_cast<double>(delta) / 1e6);
        canvas_.text(DiagramStyle::of(DiagramRole::Delta), QRect(kMargin, row.y + 2 + lh, l_.gutter - 8, lh), text_);
    }
}

// Above the arrow: its flags in bold, then its numbers (elided when too long); under it, what the analysis
// noticed.
void DiagramPicture::drawArrowLabel(const DiagramRow& row, const DiagramArrow& a, DiagramStyle flags, int x1, int x2,
                                    int yLine)
{
    const int lh = l_.lineHeight;
    const int left = std::min(x1, x2), right = std::max(x1, x2);
    const int flagsWidth = l_.flagsWidth[row.arrow];
    const int labelWidth = flagsWidth + l_.numbersWidth[row.arrow];
    const int available = std::max(right - left - 16, 200);
    const int lx = (left + right) / 2 - std::min(labelWidth, available) / 2;
    const int ly = row.y + 2;
    canvas_.text(flags, QRect(lx, ly, flagsWidth + 2, lh), a.flags);
    const QRect numbers(lx + flagsWidth, ly, available, lh);
    if (labelWidth <= available) {
        text_.assign(1, ' ');
        text_ += a.numbers;
        canvas_.text(DiagramStyle::of(DiagramRole::Numbers), numbers, text_);
    } else {
        // Elided only when too long (measuring the elision is the slow part of a row).
        canvas_.text(DiagramStyle::of(DiagramRole::Numbers), numbers,
                     normal_.elidedText(QStringLiteral(" ") + QString::fromStdString(a.numbers), Qt::ElideRight,
                                        available - flagsWidth));
    }
    if (!a.marker.empty()) {
        const QString marker = QStringLiteral("\u26a0 ") + QString::fromStdString(a.marker);
        const int mw = small_.horizontalAdvance(marker) + 4;
        canvas_.text(DiagramStyle::of(DiagramRole::Marker),
                     QRect((left + right) / 2 - mw / 2, yLine + kSlant / 2 + 2, mw, lh), marker);
    }
}

// The states the arrow puts the sides in; several changes of one side at one arrow (CLOSE_WAIT then
// LAST_ACK) sit side by side.
void DiagramPicture::drawStateChanges(const DiagramRow& row)
{
    const std::vector<std::size_t>& changes = l_.statesAtArrow[row.arrow];
    if (changes.empty())
        return;
    perLine_.clear();
    for (std::size_t s : changes) {
        const DiagramState& st = d_.states[s];
        if (l_.lifelineVisible(st.lifeline))
            addState(perLine_, st.lifeline, st.state, false);
    }
    drawStates(row.y + l_.lineHeight * 2 + 2, perLine_);
}

void DiagramPicture::drawStates(int y, const std::vector<StatesOfLifeline>& perLine)
{
    for (const auto& [line, states] : perLine) {
        int total = 0;
        for (TcpState s : states)
            total += small_.horizontalAdvance(QString::fromLatin1(tcpStateName(s))) + 12 + 6;
        int x = l_.lifelineX[line] - total / 2;
        for (TcpState s : states) {
            const int w = small_.horizontalAdvance(QString::fromLatin1(tcpStateName(s))) + 12;
            drawStateBox(x + w / 2, y, s);
            x += w + 6;
        }
    }
}

void DiagramPicture::drawStateBox(int x, int y, TcpState s)
{
    const char* name = tcpStateName(s);
    const int w = small_.horizontalAdvance(QString::fromLatin1(name)) + 12;
    const QRect box(x - w / 2, y, w, small_.height() + 2);
    canvas_.box(DiagramStyle::state(DiagramRole::StateBox, s), box, 4);
    canvas_.text(DiagramStyle::state(DiagramRole::StateName, s), box, std::string_view(name));
}

// A pause: break marks on the lifelines and the pause in words.
void DiagramPicture::drawGapRow(const DiagramRow& row)
{
    for (int x : l_.lifelineX) {
        if (x < 0)
            continue;
        canvas_.fill(DiagramStyle::of(DiagramRole::GapMask), QRect(x - 6, row.y + 2, 12, row.height - 4));
        canvas_.line(DiagramStyle::of(DiagramRole::GapMark), QLine(x - 6, row.y + 4, x + 6, row.y + 8));
        canvas_.line(DiagramStyle::of(DiagramRole::GapMark),
                     QLine(x - 6, row.y + row.height - 8, x + 6, row.y + row.height - 4));
    }
    canvas_.text(DiagramStyle::of(DiagramRole::GapText), QRect(kMargin, row.y, l_.phaseX - kMargin, row.height),
                 QStringLiteral("\u22ef  ") + row.text + QStringLiteral("  \u22ef"));
}

void DiagramPicture::drawNoteRow(const DiagramRow& row)
{
    const QRect r(l_.gutter, row.y + 2, l_.phaseX - l_.gutter, row.height - 4);
    canvas_.fill(DiagramStyle::of(DiagramRole::NoteBand), r);
    canvas_.text(DiagramStyle::of(DiagramRole::NoteText), r, row.text);
}

// A double arrow between the connection's two lifelines stands for all of its data.
void DiagramPicture::drawCollapsedRow(const DiagramRow& row)
{
    const DiagramPhase& ph = d_.phases[row.arrow];
    int lo = INT_MAX, hi = -1;
    for (std::size_t a = ph.firstArrow; a <= ph.lastArrow && a < d_.arrows.size(); ++a)
        if (d_.arrows[a].stream == ph.stream) {
            lo = std::min({lo, l_.lifelineX[d_.arrows[a].from], l_.lifelineX[d_.arrows[a].to]});
            hi = std::max({hi, l_.lifelineX[d_.arrows[a].from], l_.lifelineX[d_.arrows[a].to]});
            if (a > ph.firstArrow + 8)
                break;
        }
    const int y = row.y + row.height / 2;
    canvas_.line(DiagramStyle::of(DiagramRole::CollapsedLine), QLine(lo + 14, y, hi - 14, y));
    const DiagramCanvas::Triangle heads[] = {{QPoint(lo + 4, y), QPoint(lo + 16, y - 7), QPoint(lo + 16, y + 7)},
                                             {QPoint(hi - 4, y), QPoint(hi - 16, y - 7), QPoint(hi - 16, y + 7)}};
    canvas_.triangles(DiagramStyle::of(DiagramRole::CollapsedHead), heads);
    canvas_.text(DiagramStyle::of(DiagramRole::CollapsedText), QRect(lo, row.y, hi - lo, row.height / 2 - 2),
                 row.text + tr("  \u2014 click to expand"));
}

// The title, the note and one box per lifeline, over whatever was drawn at `top`.
void DiagramPicture::drawHeader(int top, int left, int right)
{
    const int lh = l_.lineHeight, hh = l_.headerHeight;
    canvas_.fill(DiagramStyle::of(DiagramRole::HeaderBand), QRect(left, top, right - left, hh));
    canvas_.line(DiagramStyle::of(DiagramRole::HeaderRule), QLine(left, top + hh - 1, right, top + hh - 1));
    QString caption = QString::fromStdString(d_.title);
    if (!caption.isEmpty())
        caption += QStringLiteral(" \u2014 ");
    caption += tr("TCP states as seen at the capture point");
    const int captionWidth = std::max(right - kMargin, 600);
    canvas_.text(DiagramStyle::of(DiagramRole::Caption), QRect(kMargin, top + 4, captionWidth, lh), caption);
    if (!d_.note.empty())
        canvas_.text(DiagramStyle::of(DiagramRole::HeaderNote), QRect(kMargin, top + 4 + lh, captionWidth, lh),
                     d_.note);
    canvas_.text(DiagramStyle::of(DiagramRole::Caption), QRect(kMargin, top + hh - lh - 6, l_.gutter, lh),
                 tr("frame   time (s)"));
    for (std::size_t i = 0; i < d_.lifelines.size(); ++i)
        if (l_.lifelineX[i] >= 0)
            drawLifelineTitle(d_.lifelines[i], l_.lifelineX[i], top);
}

void DiagramPicture::drawLifelineTitle(const DiagramLifeline& lifeline, int x, int top)
{
    const int lh = l_.lineHeight;
    const QString title = QString::fromStdString(lifeline.title);
    const int w = std::max(bold_.horizontalAdvance(title) + 24, 120);
    const QRect box(x - w / 2, top + lh * 2 + 2, w, lh * 2 + 4);
    canvas_.box(DiagramStyle::lifelineBox(lifeline.role), box, 6);
    const std::string& r = lifeline.role;
    const QString role = r == "client"              ? tr("client")
                         : r == "server"            ? tr("server")
                         : r == "router"            ? tr("ICMP sender")
                         : r == "client and server" ? tr("client and server")
                                                    : QString();
    if (!role.isEmpty())
        canvas_.text(DiagramStyle::of(DiagramRole::LifelineRole), QRect(box.left(), box.top() + 1, box.width(), lh),
                     role);
    canvas_.text(DiagramStyle::of(DiagramRole::LifelineTitle), QRect(box.left(), box.top() + lh, box.width(), lh + 2),
                 title);
}

} // namespace synscope
