#include "ui/render/diagram_layout.h"

#include "analysis/connection_report.h"

#include <QCoreApplication>
#include <QFontMetrics>
#include <QHash>
#include <algorithm>
#include <array>
#include <climits>
#include <cmath>
#include <limits>

namespace synscope {

namespace {

constexpr int kMargin = DiagramLayout::kMargin;
constexpr std::int64_t kGapRowThresholdNs = 1000000000; // a pause of a second or more gets its own row

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

void measureRowHeights(DiagramLayout& l)
{
    const QFontMetrics fm(l.fonts.normal);
    l.lineHeight = fm.height();
    l.rowHeight = l.lineHeight * 3 + 6;
    l.headerHeight = l.lineHeight * 4 + 8;
    l.gutter = fm.horizontalAdvance(QStringLiteral("#000000  0000.000000")) + kMargin;
}

// Each arrow's label widths, measured once (the picture places labels with them); returns the widest
// thing that must fit between two neighbouring lifelines: a label, a host's title, two state boxes.
int measureLabels(DiagramLayout& l)
{
    const SequenceDiagram& d = l.diagram;
    const QFontMetrics fmBold(l.fonts.bold), fmSmall(l.fonts.small);
    int longest = fmSmall.horizontalAdvance(QStringLiteral("FIN_WAIT_1 \u2192 TIME_WAIT")) * 2;
    l.flagsWidth.resize(d.arrows.size());
    l.numbersWidth.resize(d.arrows.size());
    QHash<QString, int> flagsWidths; // a handful of distinct flags
    AsciiWidths numbersWidths(l.fonts.normal);
    for (std::size_t i = 0; i < d.arrows.size(); ++i) {
        const DiagramArrow& a = d.arrows[i];
        const QString flags = QString::fromStdString(a.flags);
        auto it = flagsWidths.find(flags);
        if (it == flagsWidths.end())
            it = flagsWidths.insert(flags, fmBold.horizontalAdvance(flags));
        l.flagsWidth[i] = *it;
        l.numbersWidth[i] = numbersWidths.width(" " + a.numbers);
        longest = std::max(longest, l.flagsWidth[i] + l.numbersWidth[i]);
    }
    for (const DiagramLifeline& line : d.lifelines)
        longest = std::max(longest, fmBold.horizontalAdvance(QString::fromStdString(line.title)) + 20);
    return longest;
}

void placeLifelines(DiagramLayout& l, int longestLabel)
{
    l.spacing = std::clamp(longestLabel + 60, 300, 900);
    l.lifelineX.assign(l.diagram.lifelines.size(), -1);
    // The first lifeline just clears the time column: room for its box and its state labels.
    int x = l.gutter + kMargin + 80;
    for (std::size_t i = 0; i < l.diagram.lifelines.size(); ++i) {
        if (l.options.hiddenLifelines.count(i))
            continue;
        l.lifelineX[i] = x;
        x += l.spacing;
    }
    const int lastLifeline = x - l.spacing;
    l.phaseX = lastLifeline + 100;
}

void indexStateChanges(DiagramLayout& l)
{
    const SequenceDiagram& d = l.diagram;
    l.statesAtArrow.assign(d.arrows.size(), {});
    for (std::size_t s = 0; s < d.states.size(); ++s)
        if (d.states[s].arrow != DiagramState::kInitial && d.states[s].arrow < d.arrows.size())
            l.statesAtArrow[d.states[s].arrow].push_back(s);
}

// Puts the rows one under the other: an arrow's row, or the one row of the collapsed data phase that
// swallows it; a pause row before an arrow a second or more after the previous one (or, time-proportional,
// a taller distance instead); a note row above the arrow a "handshake not captured" note belongs to.
class RowPlacer {
public:
    explicit RowPlacer(DiagramLayout& l) : l_(l), d_(l.diagram)
    {
        collapsedIn_.assign(d_.arrows.size(), -1);
        if (l_.options.collapseData)
            for (std::size_t p = 0; p < d_.phases.size(); ++p) {
                const DiagramPhase& ph = d_.phases[p];
                if (ph.kind != PhaseKind::Data)
                    continue;
                for (std::size_t a = ph.firstArrow; a <= ph.lastArrow && a < d_.arrows.size(); ++a)
                    if (d_.arrows[a].stream == ph.stream)
                        collapsedIn_[a] = static_cast<long>(p);
            }
        notesAt_.assign(d_.arrows.size(), {});
        for (std::size_t p = 0; p < d_.phases.size(); ++p)
            if (d_.phases[p].kind == PhaseKind::HandshakeNotCaptured && d_.phases[p].firstArrow < d_.arrows.size())
                notesAt_[d_.phases[p].firstArrow].push_back(p);
        collapsedShown_.assign(d_.phases.size(), false);
        pxPerNs_ = timeScale();
    }

    void place()
    {
        l_.rows.clear();
        l_.arrowRow.assign(d_.arrows.size(), -1);
        y_ = l_.headerHeight + l_.lineHeight * 2 + 8; // room for the initial states
        long previousArrow = -1;
        for (std::size_t a = 0; a < d_.arrows.size(); ++a) {
            const DiagramArrow& arrow = d_.arrows[a];
            if (!l_.lifelineVisible(arrow.from) || !l_.lifelineVisible(arrow.to))
                continue;
            if (previousArrow >= 0)
                addPause(arrow.time.minusNs(d_.arrows[static_cast<std::size_t>(previousArrow)].time));
            for (std::size_t p : notesAt_[a])
                add(DiagramRowKind::Note, p, l_.lineHeight + 12,
                    tr("Handshake not captured: the capture started after the connection opened"));
            previousArrow = static_cast<long>(a);
            if (collapsedIn_[a] >= 0) {
                addCollapsedPhase(static_cast<std::size_t>(collapsedIn_[a]));
                continue;
            }
            l_.arrowRow[a] = static_cast<int>(l_.rows.size());
            add(DiagramRowKind::Arrow, a, l_.rowHeight, {});
        }
        l_.height = y_ + kMargin;
    }

private:
    // Time-proportional mode: pixels per nanosecond so that the median gap takes one row.
    double timeScale() const
    {
        if (!l_.options.timeProportional || d_.arrows.size() < 2)
            return 0;
        std::vector<std::int64_t> gaps;
        for (std::size_t a = 1; a < d_.arrows.size(); ++a)
            gaps.push_back(std::max<std::int64_t>(1, d_.arrows[a].time.minusNs(d_.arrows[a - 1].time)));
        std::nth_element(gaps.begin(), gaps.begin() + static_cast<long>(gaps.size() / 2), gaps.end());
        const std::int64_t median = std::max<std::int64_t>(gaps[gaps.size() / 2], 1000);
        return static_cast<double>(l_.rowHeight) / static_cast<double>(median);
    }

    void addPause(std::int64_t gapNs)
    {
        if (l_.options.timeProportional) {
            const int extra = static_cast<int>(std::min(static_cast<double>(gapNs) * pxPerNs_, 12.0 * l_.rowHeight));
            y_ += std::max(0, extra - l_.rowHeight);
        } else if (gapNs >= kGapRowThresholdNs) {
            add(DiagramRowKind::Gap, 0, l_.lineHeight + 10,
                tr("%1 later").arg(QString::fromStdString(formatDuration(static_cast<double>(gapNs) / 1e6))));
        }
    }

    void addCollapsedPhase(std::size_t phase)
    {
        if (collapsedShown_[phase])
            return;
        collapsedShown_[phase] = true;
        add(DiagramRowKind::CollapsedData, phase, l_.rowHeight, QString::fromStdString(d_.phases[phase].name));
    }

    void add(DiagramRowKind kind, std::size_t index, int height, QString text)
    {
        DiagramRow r;
        r.kind = kind;
        r.arrow = index;
        r.y = y_;
        r.height = height;
        r.text = std::move(text);
        l_.rows.push_back(std::move(r));
        y_ += height;
    }

    DiagramLayout& l_;
    const SequenceDiagram& d_;
    std::vector<long> collapsedIn_;                 // arrow -> the collapsed data phase that swallows it
    std::vector<std::vector<std::size_t>> notesAt_; // arrow -> note phases above it
    std::vector<bool> collapsedShown_;
    double pxPerNs_ = 0;
    int y_ = 0;
};

// The rows each phase spans: its note or collapsed row, its first and last visible arrows.
void spanPhases(DiagramLayout& l)
{
    const SequenceDiagram& d = l.diagram;
    l.phaseSpan.assign(d.phases.size(), {INT_MAX, -1});
    auto include = [&](std::size_t p, const DiagramRow& r) {
        l.phaseSpan[p].first = std::min(l.phaseSpan[p].first, r.y);
        l.phaseSpan[p].second = std::max(l.phaseSpan[p].second, r.y + r.height);
    };
    for (const DiagramRow& r : l.rows)
        if (r.kind == DiagramRowKind::Note || r.kind == DiagramRowKind::CollapsedData)
            include(r.arrow, r);
    for (std::size_t p = 0; p < d.phases.size(); ++p) {
        const DiagramPhase& ph = d.phases[p];
        const std::size_t last = std::min(ph.lastArrow, d.arrows.size() - 1);
        for (std::size_t a = ph.firstArrow; a <= last; ++a)
            if (d.arrows[a].stream == ph.stream && l.arrowRow[a] >= 0) {
                include(p, l.rows[static_cast<std::size_t>(l.arrowRow[a])]);
                break;
            }
        for (std::size_t a = last + 1; a-- > ph.firstArrow;)
            if (d.arrows[a].stream == ph.stream && l.arrowRow[a] >= 0) {
                include(p, l.rows[static_cast<std::size_t>(l.arrowRow[a])]);
                break;
            }
    }
}

// Overlapping phases (several connections at once) get bracket columns side by side, each as wide as the
// widest name.
void placePhaseColumns(DiagramLayout& l)
{
    const SequenceDiagram& d = l.diagram;
    const QFontMetrics fmBold(l.fonts.bold);
    l.phaseColumn.assign(d.phases.size(), 0);
    std::vector<int> columnEnd; // last y used per column
    int widestName = 0;
    for (std::size_t p = 0; p < d.phases.size(); ++p) {
        const auto [top, bottom] = l.phaseSpan[p];
        // "Handshake not captured" is a note row above the first arrow, not a bracket.
        if (bottom < 0 || d.phases[p].kind == PhaseKind::HandshakeNotCaptured)
            continue;
        std::size_t col = 0;
        while (col < columnEnd.size() && columnEnd[col] > top)
            ++col;
        if (col == columnEnd.size())
            columnEnd.push_back(0);
        columnEnd[col] = bottom;
        l.phaseColumn[p] = static_cast<int>(col);
        widestName = std::max(widestName, fmBold.horizontalAdvance(l.phaseTitle(p)));
    }
    l.phaseColumnWidth = widestName + 28;
    l.width = l.phaseX + std::max<int>(1, static_cast<int>(columnEnd.size())) * l.phaseColumnWidth + kMargin;
}

} // namespace

DiagramFonts::DiagramFonts(const QFont& font) : normal(font), small(font), bold(font)
{
    small.setPointSizeF(font.pointSizeF() > 0 ? font.pointSizeF() * 0.85 : 8);
    bold.setBold(true);
}

DiagramLayout::DiagramLayout(const SequenceDiagram& d, DiagramViewOptions o, const QFont& font)
    : diagram(d), options(std::move(o)), fonts(font)
{
    measureRowHeights(*this);
    placeLifelines(*this, measureLabels(*this));
    indexStateChanges(*this);
    RowPlacer(*this).place();
    spanPhases(*this);
    placePhaseColumns(*this);
}

int DiagramLayout::rowIndexAtY(int y) const
{
    auto it = std::upper_bound(rows.begin(), rows.end(), y, [](int v, const DiagramRow& r) { return v < r.y; });
    if (it == rows.begin())
        return -1;
    --it;
    return y < it->y + it->height ? static_cast<int>(it - rows.begin()) : -1;
}

std::size_t DiagramLayout::firstRowFrom(int y) const
{
    const int holding = rowIndexAtY(y);
    if (holding >= 0)
        return static_cast<std::size_t>(holding);
    auto it = std::lower_bound(rows.begin(), rows.end(), y, [](const DiagramRow& r, int v) { return r.y < v; });
    return static_cast<std::size_t>(it - rows.begin());
}

QString DiagramLayout::phaseTitle(std::size_t phase) const
{
    QString name = QString::fromStdString(diagram.phases[phase].name);
    if (diagram.multipleStreams)
        name += tr(" (stream %1)").arg(diagram.phases[phase].stream);
    return name;
}

} // namespace synscope
