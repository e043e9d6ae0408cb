#include "ui/render/diagram_svg_writer.h"

#include "analysis/connection_report.h"

#include <QCoreApplication>
#include <QFile>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QScreen>
#include <algorithm>
#include <charconv>
#include <climits>
#include <cmath>
#include <string>
#include <unordered_map>
#include <vector>

namespace synscope {

namespace {

QString tr(const char* s) { return QCoreApplication::translate("SequenceDiagram", s); }
QString trExport(const char* s) { return QCoreApplication::translate("DiagramExport", s); }

constexpr std::size_t kFlushBytes = 1 << 20;

std::string hex(const QColor& c)
{
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c.red(), c.green(), c.blue());
    return buf;
}

// "fill:#rrggbb" plus its opacity when translucent.
std::string fillOf(const QColor& c)
{
    std::string s = "fill:" + hex(c);
    if (c.alpha() != 255) {
        char buf[32];
        std::snprintf(buf, sizeof buf, ";fill-opacity:%.3g", c.alphaF());
        s += buf;
    }
    return s;
}

std::string num1(double v)
{
    long t = std::lround(v * 10);
    std::string s;
    if (t < 0) {
        s += '-';
        t = -t;
    }
    s += std::to_string(t / 10);
    if (t % 10) {
        s += '.';
        s += static_cast<char>('0' + t % 10);
    }
    return s;
}

// How QPainter::drawText(rect, flags, text) places one line: the horizontal anchor and the baseline.
enum class HAlign { Left, Center, Right };
enum class VAlign { Center, Bottom };

} // namespace

// Everything one export needs: the style classes, the output buffer, the fonts' metrics.
class SvgStream {
public:
    explicit SvgStream(QIODevice& dev) : dev_(dev) { buf_.reserve(kFlushBytes + 4096); }

    // ---- styles: each distinct rule becomes a class, declared before the first element.
    void declare(const std::string& rule)
    {
        if (classes_.count(rule))
            return;
        std::string name = "c";
        name += std::to_string(classes_.size());
        rules_.push_back({name, rule});
        classes_.emplace(rule, std::move(name));
    }
    void writeStyle(const std::string& base)
    {
        put("<style type=\"text/css\"><![CDATA[\n");
        put(base);
        for (const auto& [name, rule] : rules_) {
            put(".");
            put(name);
            put("{");
            put(rule);
            put("}\n");
        }
        put("]]></style>\n");
    }
    // ` class="cN"`, or the rule inline if it was not declared (the picture stays right either way).
    std::string classAttr(const std::string& rule) const
    {
        const auto it = classes_.find(rule);
        return it != classes_.end() ? " class=\"" + it->second + "\"" : " style=\"" + rule + "\"";
    }

    // ---- output
    void put(std::string_view s) { buf_.append(s); }
    void put(char c) { buf_ += c; }
    void num(double v)
    {
        long t = std::lround(v * 10);
        if (t < 0) {
            buf_ += '-';
            t = -t;
        }
        integer(t / 10);
        if (t % 10) {
            buf_ += '.';
            buf_ += static_cast<char>('0' + t % 10);
        }
    }
    void integer(long v)
    {
        char b[24];
        const auto res = std::to_chars(b, b + sizeof b, v);
        buf_.append(b, static_cast<std::size_t>(res.ptr - b));
    }
    void attr(const char* name, double v)
    {
        put(' ');
        put(name);
        put("=\"");
        num(v);
        put('"');
    }
    void escaped(std::string_view s)
    {
        for (char c : s) {
            switch (c) {
            case '&': buf_ += "&amp;"; break;
            case '<': buf_ += "&lt;"; break;
            case '>': buf_ += "&gt;"; break;
            case '"': buf_ += "&quot;"; break;
            default:
                // Control characters are not allowed in XML 1.0 (tab, newline and return are).
                if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r')
                    buf_ += ' ';
                else
                    buf_ += c;
            }
        }
    }
    void escaped(const QString& s) { escaped(std::string_view(s.toUtf8().toStdString())); }
    void escapedUtf8(const QByteArray& s) { escaped(std::string_view(s.constData(), static_cast<std::size_t>(s.size()))); }

    bool flushIfFull() { return buf_.size() < kFlushBytes || flush(); }
    bool flush()
    {
        if (!buf_.empty() && dev_.write(buf_.data(), static_cast<qint64>(buf_.size())) != static_cast<qint64>(buf_.size()))
            ok_ = false;
        buf_.clear();
        return ok_;
    }
    bool ok() const { return ok_; }

private:
    QIODevice& dev_;
    std::string buf_;
    bool ok_ = true;
    std::unordered_map<std::string, std::string> classes_;
    std::vector<std::pair<std::string, std::string>> rules_;
};

namespace {

// A font as CSS, and where QPainter puts its baseline in a rectangle.
struct FontStyle {
    std::string css; // "font-size:12.7px;font-weight:bold"
    double ascent = 0, descent = 0;

    FontStyle(const QFont& font)
    {
        const QFontMetricsF fm(font);
        ascent = fm.ascent();
        descent = fm.descent();
        double px = font.pixelSize() > 0 ? font.pixelSize() : 0;
        if (px <= 0) {
            const QScreen* screen = QGuiApplication::primaryScreen();
            const double dpi = screen ? screen->logicalDotsPerInchY() : 96.0;
            px = font.pointSizeF() * dpi / 72.0;
        }
        char buf[64];
        std::snprintf(buf, sizeof buf, "font-size:%.2fpx", px);
        css = buf;
        if (font.bold())
            css += ";font-weight:bold";
    }
    double baseline(double top, double height, VAlign v) const
    {
        const double h = ascent + descent;
        return v == VAlign::Bottom ? top + height - h + ascent : top + (height - h) / 2 + ascent;
    }
};

std::string textRule(const FontStyle& f, const QColor& c, HAlign h)
{
    std::string r = f.css + ";" + fillOf(c);
    if (h == HAlign::Center)
        r += ";text-anchor:middle";
    else if (h == HAlign::Right)
        r += ";text-anchor:end";
    return r;
}

std::string strokeRule(const QColor& c, double width, const char* extra = "")
{
    std::string r = "fill:none;stroke:" + hex(c);
    if (c.alpha() != 255)
        r += ";stroke-opacity:" + num1(c.alphaF());
    if (width != 1)
        r += ";stroke-width:" + [&] {
            char buf[16];
            std::snprintf(buf, sizeof buf, "%g", width);
            return std::string(buf);
        }();
    return r + extra;
}

// Qt's dash patterns are in pen widths: DashLine 4 on 2 off, DotLine 1 on 2 off.
std::string dashes(double width, double on, double off)
{
    char buf[64];
    // Butt caps, with dashes half a width longer than the pattern says: what QPainter's square-capped dashes
    // look like (square caps in SVG lengthen every dash by a whole width, and dots run together).
    std::snprintf(buf, sizeof buf, ";stroke-dasharray:%g,%g;stroke-linecap:butt", (on + 0.5) * width,
                  (off - 0.5) * width);
    return buf;
}

std::string boxRule(const QColor& stroke, double width, const QColor& fill)
{
    std::string r = fillOf(fill) + ";stroke:" + hex(stroke);
    if (width != 1) {
        char buf[32];
        std::snprintf(buf, sizeof buf, ";stroke-width:%g", width);
        r += buf;
    }
    return r;
}

// The colours SequenceDiagramRenderer uses, by what they are for.
const QColor kHeaderFill(0xf7, 0xf8, 0xfa), kHeaderLine(0xd0, 0xd4, 0xda), kCaption(0x55, 0x5b, 0x63),
    kNoteInk(0xa0, 0x50, 0x00), kBoxLine(0x4a, 0x55, 0x68), kTitleInk(0x1f, 0x23, 0x28),
    kClientFill(0xe8, 0xf1, 0xfb), kServerFill(0xfb, 0xf0, 0xe4), kOtherFill(0xf0, 0xf0, 0xf0),
    kLifeline(0xa8, 0xb0, 0xbb), kFrameInk(0x70, 0x76, 0x7e), kTimeInk(0x30, 0x30, 0x30),
    kDeltaInk(0x90, 0x96, 0x9e), kNumbersInk(0x20, 0x24, 0x28), kMarkerInk(0xc0, 0x39, 0x2b),
    kNoteRowFill(0xff, 0xf3, 0xc4), kNoteRowInk(0x6a, 0x4a, 0x00), kCollapsed(0x60, 0x66, 0x70),
    kCollapsedInk(0x30, 0x36, 0x40);

QColor stateTint(const QColor& c)
{
    auto tint = [](int channel) { return 255 - (255 - channel) * 28 / 255; };
    return QColor(tint(c.red()), tint(c.green()), tint(c.blue()));
}

bool isProblem(const DiagramArrow& a) { return (a.analysisFlags & tcpanalysis::kProblems) || a.badChecksum; }

} // namespace

DiagramSvgWriter::DiagramSvgWriter(const SequenceDiagramRenderer& renderer) : r_(renderer) {}

bool DiagramSvgWriter::write(const QString& path, const QString& title, const QString& description,
                             QString& error) const
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        error = trExport("cannot write \"%1\": %2").arg(path, f.errorString());
        return false;
    }
    if (!write(f, title, description) || !f.flush()) {
        error = trExport("cannot write \"%1\" (is the disk full?)").arg(path);
        f.close();
        QFile::remove(path);
        return false;
    }
    f.close();
    return true;
}

bool DiagramSvgWriter::write(QIODevice& dev, const QString& title, const QString& description) const
{
    const SequenceDiagramRenderer& r = r_;
    const SequenceDiagram& d = r.d_;
    constexpr int kMargin = SequenceDiagramRenderer::kMargin;
    const int lh = r.lineHeight_;
    const FontStyle normal(r.font_), small(r.small_), bold(r.bold_);
    const QFontMetrics fmSmall(r.small_), fm(r.font_);
    SvgStream out(dev);

    // ---- The style sheet: every rule the picture can use.
    std::string headerFill = fillOf(kHeaderFill), headerLine = strokeRule(kHeaderLine, 1);
    std::string captionText = textRule(small, kCaption, HAlign::Left),
                      noteText = textRule(small, kNoteInk, HAlign::Left),
                      roleText = textRule(small, kCaption, HAlign::Center),
                      titleText = textRule(bold, kTitleInk, HAlign::Center);
    auto roleFill = [](const std::string& role) {
        return role == "client" ? kClientFill : role == "server" ? kServerFill : kOtherFill;
    };
    std::string lifeline = strokeRule(kLifeline, 1.2, dashes(1.2, 4, 2).c_str());
    std::string frameText = textRule(small, kFrameInk, HAlign::Left),
                      timeText = textRule(normal, kTimeInk, HAlign::Right),
                      deltaText = textRule(small, kDeltaInk, HAlign::Right),
                      numbersText = textRule(normal, kNumbersInk, HAlign::Left),
                      markerText = textRule(small, kMarkerInk, HAlign::Center);
    std::string white = fillOf(Qt::white), gapLine = strokeRule(kFrameInk, 1),
                      gapText = textRule(small, kFrameInk, HAlign::Center), noteRowFill = fillOf(kNoteRowFill),
                      noteRowText = textRule(small, kNoteRowInk, HAlign::Center),
                      collapsedLine = strokeRule(kCollapsed, 4, ";stroke-linecap:round"),
                      collapsedHead = fillOf(kCollapsed),
                      collapsedText = textRule(bold, kCollapsedInk, HAlign::Center);
    auto stateBox = [&](TcpState s) { return boxRule(SequenceDiagramRenderer::stateColor(s), 1, stateTint(SequenceDiagramRenderer::stateColor(s))); };
    auto stateText = [&](TcpState s) { return textRule(small, SequenceDiagramRenderer::stateColor(s).darker(120), HAlign::Center); };
    auto phaseFill = [](PhaseKind k) { return fillOf(SequenceDiagramRenderer::phaseTint(k)); };
    auto phaseLine = [](PhaseKind k) { return strokeRule(SequenceDiagramRenderer::phaseInk(k), 2); };
    auto phaseText = [&](PhaseKind k) { return textRule(bold, SequenceDiagramRenderer::phaseInk(k), HAlign::Left); };
    auto arrowLine = [](const DiagramArrow& a) {
        const QColor c = SequenceDiagramRenderer::arrowColor(a);
        if (a.kind == ArrowKind::IcmpError)
            return strokeRule(c, 1.6, dashes(1.6, 1, 2).c_str());
        return strokeRule(c, 1.6, isProblem(a) ? dashes(1.6, 4, 2).c_str() : "");
    };
    auto arrowHead = [](const DiagramArrow& a) { return fillOf(SequenceDiagramRenderer::arrowColor(a)); };
    auto crossLine = [](const DiagramArrow& a) { return strokeRule(SequenceDiagramRenderer::arrowColor(a), 2); };
    auto flagsText = [&](const DiagramArrow& a) { return textRule(bold, SequenceDiagramRenderer::arrowColor(a), HAlign::Left); };

    const std::initializer_list<std::string*> fixedStyles = {
        &headerFill, &headerLine, &captionText, &noteText,    &roleText,    &titleText,     &lifeline,
        &frameText,  &timeText,   &deltaText,   &numbersText, &markerText,  &white,         &gapLine,
        &gapText,    &noteRowFill, &noteRowText, &collapsedLine, &collapsedHead, &collapsedText};
    for (std::string* rule : fixedStyles)
        out.declare(*rule);
    for (const DiagramLifeline& l : d.lifelines)
        out.declare(boxRule(kBoxLine, 1.2, roleFill(l.role)));
    for (int s = static_cast<int>(TcpState::Closed); s <= static_cast<int>(TcpState::LastAck); ++s) {
        out.declare(stateBox(static_cast<TcpState>(s)));
        out.declare(stateText(static_cast<TcpState>(s)));
    }
    for (const DiagramPhase& ph : d.phases) {
        out.declare(phaseFill(ph.kind));
        out.declare(phaseLine(ph.kind));
        out.declare(phaseText(ph.kind));
    }
    // Arrow styles: a few distinct ones however many arrows (remembered by colour and line kind).
    struct ArrowStyle {
        std::string line, head, flags; // class attributes
    };
    auto arrowKey = [](const DiagramArrow& a) {
        return (static_cast<std::uint64_t>(SequenceDiagramRenderer::arrowColor(a).rgb()) << 8) |
               (static_cast<std::uint64_t>(a.kind) << 1) | (isProblem(a) ? 1 : 0);
    };
    std::unordered_map<std::uint64_t, ArrowStyle> arrowStyles;
    std::vector<int> headSlopes; // distinct x2 - x1 of the drawn arrows: one arrowhead shape each
    {
        for (const DiagramArrow& a : d.arrows) {
            const std::uint64_t key = arrowKey(a);
            if (arrowStyles.count(key))
                continue;
            out.declare(arrowLine(a));
            out.declare(a.kind == ArrowKind::IcmpError ? crossLine(a) : arrowHead(a));
            out.declare(flagsText(a));
            arrowStyles.emplace(key, ArrowStyle{out.classAttr(arrowLine(a)),
                                                out.classAttr(a.kind == ArrowKind::IcmpError ? crossLine(a) : arrowHead(a)),
                                                out.classAttr(flagsText(a))});
        }
        for (const SequenceDiagramRenderer::Row& row : r.rows_) {
            if (row.kind != SequenceDiagramRenderer::RowKind::Arrow)
                continue;
            const DiagramArrow& a = d.arrows[row.arrow];
            const int dx = r.lifelineX_[a.to] - r.lifelineX_[a.from];
            if (dx != 0 && std::find(headSlopes.begin(), headSlopes.end(), dx) == headSlopes.end())
                headSlopes.push_back(dx);
            if (headSlopes.size() > 64)
                break; // (hundreds of hosts: the rest get their heads inline)
        }
    }

    for (std::string* rule : fixedStyles)
        *rule = out.classAttr(*rule);
    auto C = [&](const std::string& rule) { return out.classAttr(rule); };

    // ---- Document head.
    const QSize size = r.size();
    out.put("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
            "xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.2\" baseProfile=\"tiny\" width=\"");
    out.integer(size.width());
    out.put("\" height=\"");
    out.integer(size.height());
    out.put("\" viewBox=\"0 0 ");
    out.integer(size.width());
    out.put(" ");
    out.integer(size.height());
    out.put("\" xml:space=\"preserve\">\n<title>");
    out.escaped(title);
    out.put("</title>\n<desc>");
    out.escaped(description);
    out.put("</desc>\n");
    std::string base = "text{font-family:";
    {
        // The family as QPainter asked for it, then any sans-serif face.
        QString family = r.font_.family();
        family.remove('"').remove('\'').remove(';').remove('{').remove('}').remove('<').remove('&');
        if (!family.isEmpty())
            base += "\"" + family.toStdString() + "\",";
        base += "sans-serif}\n";
    }
    base += "path,line,polyline,rect{stroke-linecap:square;stroke-linejoin:bevel}\n";
    out.writeStyle(base);
    // Arrowheads, drawn at the arrow's end (the renderer's triangle: 10 px sides, 0.4 rad either side).
    out.put("<defs>\n");
    const int slant = 6;
    auto headPath = [&](double dx) {
        const double angle = std::atan2(static_cast<double>(slant), dx);
        std::string s = "M0 0L";
        s += num1(-std::cos(angle - 0.4) * 10) + " " + num1(-std::sin(angle - 0.4) * 10) + "L";
        s += num1(-std::cos(angle + 0.4) * 10) + " " + num1(-std::sin(angle + 0.4) * 10) + "Z";
        return s;
    };
    for (std::size_t i = 0; i < headSlopes.size(); ++i) {
        out.put("<path id=\"h");
        out.integer(static_cast<long>(i));
        out.put("\" d=\"");
        out.put(headPath(headSlopes[i]));
        out.put("\"/>\n");
    }
    out.put("<path id=\"x\" d=\"M-5 -5L5 5M-5 5L5 -5\"/>\n</defs>\n");

    // ---- Helpers that mirror QPainter calls.
    auto text = [&](const std::string& cls, const FontStyle& font, HAlign h, VAlign v, double x, double y, double w,
                    double hgt, auto&& content) {
        out.put("<text");
        out.put(cls);
        out.attr("x", h == HAlign::Left ? x : h == HAlign::Center ? x + w / 2 : x + w);
        out.attr("y", font.baseline(y, hgt, v));
        out.put(">");
        content();
        out.put("</text>\n");
    };
    auto rect = [&](const std::string& cls, double x, double y, double w, double h, double radius = 0) {
        out.put("<rect");
        out.put(cls);
        out.attr("x", x);
        out.attr("y", y);
        out.attr("width", w);
        out.attr("height", h);
        if (radius > 0) {
            out.attr("rx", radius);
            out.attr("ry", radius);
        }
        out.put("/>\n");
    };
    auto line = [&](const std::string& cls, double x1, double y1, double x2, double y2) {
        out.put("<path");
        out.put(cls);
        out.put(" d=\"M");
        out.num(x1);
        out.put(' ');
        out.num(y1);
        out.put('L');
        out.num(x2);
        out.put(' ');
        out.num(y2);
        out.put("\"/>\n");
    };
    auto stateBoxAt = [&](int x, int y, TcpState s) {
        const QString name = QString::fromLatin1(tcpStateName(s));
        const int w = fmSmall.horizontalAdvance(name) + 12;
        const int bx = x - w / 2, by = y, bw = w, bh = fmSmall.height() + 2;
        rect(C(stateBox(s)), bx, by, bw, bh, 4);
        text(C(stateText(s)), small, HAlign::Center, VAlign::Center, bx, by, bw, bh,
             [&] { out.put(tcpStateName(s)); });
    };

    // ---- Background, lifelines, initial states (as SequenceDiagramRenderer::paint, whole diagram).
    rect(white, 0, 0, size.width(), size.height());
    for (int x : r.lifelineX_)
        if (x >= 0)
            line(lifeline, x, r.headerHeight_, x, std::min(size.height() - 1, r.height_ - kMargin));
    {
        const int initialY = r.headerHeight_ + 6;
        std::vector<std::pair<std::size_t, std::vector<TcpState>>> perLine;
        for (const DiagramState& st : d.states) {
            if (st.arrow != DiagramState::kInitial || !r.lifelineVisible(st.lifeline))
                continue;
            auto it = std::find_if(perLine.begin(), perLine.end(), [&](const auto& e) { return e.first == st.lifeline; });
            if (it == perLine.end())
                perLine.push_back({st.lifeline, {st.state}});
            else if (std::find(it->second.begin(), it->second.end(), st.state) == it->second.end())
                it->second.push_back(st.state);
        }
        for (const auto& [lineIndex, states] : perLine) {
            int total = 0;
            for (TcpState s : states)
                total += fmSmall.horizontalAdvance(QString::fromLatin1(tcpStateName(s))) + 18;
            int x = r.lifelineX_[lineIndex] - total / 2;
            for (TcpState s : states) {
                const int w = fmSmall.horizontalAdvance(QString::fromLatin1(tcpStateName(s))) + 12;
                stateBoxAt(x + w / 2, initialY, s);
                x += w + 6;
            }
        }
    }

    // ---- Phases: the band behind their rows, the bracket and the name.
    for (std::size_t i = 0; i < d.phases.size(); ++i) {
        const DiagramPhase& ph = d.phases[i];
        const auto [top, bottom] = r.phaseSpan_[i];
        if (bottom < 0 || ph.kind == PhaseKind::HandshakeNotCaptured)
            continue;
        rect(C(phaseFill(ph.kind)), r.gutter_, top + 1, r.phaseX_ - r.gutter_ - 8, bottom - top - 2);
        const int x = r.phaseX_ + r.phaseColumn_[i] * r.phaseColumnWidth_;
        out.put("<path");
        out.put(C(phaseLine(ph.kind)));
        out.put(" d=\"M");
        out.integer(x + 8);
        out.put(' ');
        out.integer(top + 4);
        out.put('H');
        out.integer(x);
        out.put('V');
        out.integer(bottom - 4);
        out.put('H');
        out.integer(x + 8);
        out.put("\"/>\n");
        QString name = QString::fromStdString(ph.name);
        if (d.multipleStreams)
            name += tr(" (stream %1)").arg(ph.stream);
        const int visibleTop = r.headerHeight_;
        const int textY = bottom - top > 6 * r.rowHeight_
                              ? std::clamp(visibleTop + 6, top + 6, std::max(top + 6, bottom - lh - 8))
                              : (top + bottom) / 2 - lh / 2;
        text(C(phaseText(ph.kind)), bold, HAlign::Left, VAlign::Center, x + 12, textY, r.phaseColumnWidth_ - 14, lh + 2,
             [&] { out.escaped(name); });
    }

    // ---- Rows.
    char buf[128];
    std::vector<std::pair<std::size_t, std::vector<TcpState>>> perLine;
    for (const SequenceDiagramRenderer::Row& row : r.rows_) {
        switch (row.kind) {
        case SequenceDiagramRenderer::RowKind::Arrow: {
            const DiagramArrow& a = d.arrows[row.arrow];
            const ArrowStyle& style = arrowStyles.at(arrowKey(a));
            // Gutter: frame number, time since the first packet and since the previous one.
            text(frameText, small, HAlign::Left, VAlign::Center, kMargin, row.y + 2, r.gutter_, lh, [&] {
                out.put('#');
                out.integer(static_cast<long>(a.frame));
            });
            text(timeText, normal, HAlign::Right, VAlign::Center, kMargin, row.y + 2, r.gutter_ - 8, lh, [&] {
                const std::int64_t ns = a.time.minusNs(d.arrows.front().time);
                const int n = std::snprintf(buf, sizeof buf, "%.6f", static_cast<double>(ns) / 1e9);
                out.put(std::string_view(buf, static_cast<std::size_t>(std::max(n, 0))));
            });
            if (row.arrow > 0)
                text(deltaText, small, HAlign::Right, VAlign::Center, kMargin, row.y + 2 + lh, r.gutter_ - 8, lh, [&] {
                    const std::int64_t delta = a.time.minusNs(d.arrows[row.arrow - 1].time);
                    out.put('+');
                    out.escaped(formatDuration(static_cast<double>(delta) / 1e6));
                });
            const int x1 = r.lifelineX_[a.from], x2 = r.lifelineX_[a.to];
            const int yLine = row.y + lh + 4;
            if (x1 == x2) {
                out.put("<path");
                out.put(style.line);
                out.put(" d=\"M");
                out.integer(x1);
                out.put(' ');
                out.integer(yLine - 4);
                out.put('C');
                out.integer(x1 + 60);
                out.put(' ');
                out.integer(yLine - 10);
                out.put(' ');
                out.integer(x1 + 60);
                out.put(' ');
                out.integer(yLine + slant + 6);
                out.put(' ');
                out.integer(x1 + 4);
                out.put(' ');
                out.integer(yLine + slant);
                out.put("\"/>\n");
            } else {
                out.put("<path");
                out.put(style.line);
                out.put(" d=\"M");
                out.integer(x1);
                out.put(' ');
                out.integer(yLine);
                out.put('l');
                out.integer(x2 - x1);
                out.put(' ');
                out.integer(slant);
                out.put("\"/>\n");
                const bool icmp = a.kind == ArrowKind::IcmpError;
                const auto slope = std::find(headSlopes.begin(), headSlopes.end(), x2 - x1);
                if (!icmp && slope == headSlopes.end()) {
                    out.put("<path");
                    out.put(style.head);
                    out.put(" transform=\"translate(");
                    out.integer(x2);
                    out.put(' ');
                    out.integer(yLine + slant);
                    out.put(")\" d=\"");
                    out.put(headPath(x2 - x1));
                    out.put("\"/>\n");
                } else {
                    out.put("<use xlink:href=\"#");
                    if (icmp)
                        out.put('x');
                    else {
                        out.put('h');
                        out.integer(static_cast<long>(slope - headSlopes.begin()));
                    }
                    out.put('"');
                    out.put(style.head);
                    out.attr("x", x2);
                    out.attr("y", yLine + slant);
                    out.put("/>\n");
                }
            }
            // Label above the arrow: flags in bold, then the numbers.
            const int left = std::min(x1, x2), right = std::max(x1, x2);
            const int flagsWidth = r.flagsWidth_[row.arrow];
            const int labelWidth = flagsWidth + r.numbersWidth_[row.arrow];
            const int available = std::max(right - left - 16, 200);
            const int lx = (left + right) / 2 - std::min(labelWidth, available) / 2;
            const int ly = row.y + 2;
            text(style.flags, bold, HAlign::Left, VAlign::Center, lx, ly, flagsWidth + 2, lh,
                 [&] { out.escaped(a.flags); });
            text(numbersText, normal, HAlign::Left, VAlign::Center, lx + flagsWidth, ly, available, lh, [&] {
                if (labelWidth <= available) {
                    out.put(' ');
                    out.escaped(a.numbers);
                } else {
                    out.escaped(fm.elidedText(QStringLiteral(" ") + QString::fromStdString(a.numbers), Qt::ElideRight,
                                              available - flagsWidth));
                }
            });
            if (!a.marker.empty()) {
                const QString marker = QStringLiteral("\u26a0 ") + QString::fromStdString(a.marker);
                const int mw = fmSmall.horizontalAdvance(marker) + 4;
                text(markerText, small, HAlign::Center, VAlign::Center, (left + right) / 2 - mw / 2,
                     yLine + slant / 2 + 2, mw, lh, [&] { out.escaped(marker); });
            }
            // State changes on the lifelines: several of one side at one arrow sit side by side.
            if (!r.statesAtArrow_[row.arrow].empty()) {
                perLine.clear();
                for (std::size_t s : r.statesAtArrow_[row.arrow]) {
                    const DiagramState& st = d.states[s];
                    if (!r.lifelineVisible(st.lifeline))
                        continue;
                    auto it = std::find_if(perLine.begin(), perLine.end(),
                                           [&](const auto& e) { return e.first == st.lifeline; });
                    if (it == perLine.end())
                        perLine.push_back({st.lifeline, {st.state}});
                    else
                        it->second.push_back(st.state);
                }
                const int y = row.y + lh * 2 + 2;
                for (const auto& [lineIndex, states] : perLine) {
                    int total = 0;
                    for (TcpState s : states)
                        total += fmSmall.horizontalAdvance(QString::fromLatin1(tcpStateName(s))) + 12 + 6;
                    int x = r.lifelineX_[lineIndex] - total / 2;
                    for (TcpState s : states) {
                        const int w = fmSmall.horizontalAdvance(QString::fromLatin1(tcpStateName(s))) + 12;
                        stateBoxAt(x + w / 2, y, s);
                        x += w + 6;
                    }
                }
            }
            break;
        }
        case SequenceDiagramRenderer::RowKind::Gap:
            for (int x : r.lifelineX_) {
                if (x < 0)
                    continue;
                rect(white, x - 6, row.y + 2, 12, row.height - 4);
                line(gapLine, x - 6, row.y + 4, x + 6, row.y + 8);
                line(gapLine, x - 6, row.y + row.height - 8, x + 6, row.y + row.height - 4);
            }
            text(gapText, small, HAlign::Center, VAlign::Center, kMargin, row.y, r.phaseX_ - kMargin, row.height,
                 [&] { out.escaped(QStringLiteral("\u22ef  ") + row.text + QStringLiteral("  \u22ef")); });
            break;
        case SequenceDiagramRenderer::RowKind::Note: {
            const int x = r.gutter_, y = row.y + 2, w = r.phaseX_ - r.gutter_, h = row.height - 4;
            rect(noteRowFill, x, y, w, h);
            text(noteRowText, small, HAlign::Center, VAlign::Center, x, y, w, h, [&] { out.escaped(row.text); });
            break;
        }
        case SequenceDiagramRenderer::RowKind::CollapsedData: {
            const DiagramPhase& ph = d.phases[row.arrow];
            int lo = INT_MAX, hi = -1;
            for (std::size_t i = ph.firstArrow; i <= ph.lastArrow && i < d.arrows.size(); ++i)
                if (d.arrows[i].stream == ph.stream) {
                    lo = std::min({lo, r.lifelineX_[d.arrows[i].from], r.lifelineX_[d.arrows[i].to]});
                    hi = std::max({hi, r.lifelineX_[d.arrows[i].from], r.lifelineX_[d.arrows[i].to]});
                    if (i > ph.firstArrow + 8)
                        break;
                }
            const int y = row.y + row.height / 2;
            line(collapsedLine, lo + 14, y, hi - 14, y);
            out.put("<path");
            out.put(collapsedHead);
            std::snprintf(buf, sizeof buf, " d=\"M%d %dL%d %dL%d %dZ", lo + 4, y, lo + 16, y - 7, lo + 16, y + 7);
            out.put(buf);
            std::snprintf(buf, sizeof buf, "M%d %dL%d %dL%d %dZ\"/>\n", hi - 4, y, hi - 16, y - 7, hi - 16, y + 7);
            out.put(buf);
            text(collapsedText, bold, HAlign::Center, VAlign::Bottom, lo, row.y, hi - lo, row.height / 2 - 2,
                 [&] { out.escaped(row.text + tr("  \u2014 click to expand")); });
            break;
        }
        }
        if (!out.flushIfFull())
            return false;
    }

    // ---- The lifeline header, over the top of everything (SequenceDiagramRenderer::paintHeader).
    {
        const int top = 0, right = size.width();
        rect(headerFill, 0, top, right, r.headerHeight_);
        line(headerLine, 0, top + r.headerHeight_ - 1, right, top + r.headerHeight_ - 1);
        QString caption = QString::fromStdString(d.title);
        if (!caption.isEmpty())
            caption += QStringLiteral(" \u2014 ");
        caption += tr("TCP states as seen at the capture point");
        const int captionWidth = std::max(right - kMargin, 600);
        text(captionText, small, HAlign::Left, VAlign::Center, kMargin, top + 4, captionWidth, lh,
             [&] { out.escaped(caption); });
        if (!d.note.empty())
            text(noteText, small, HAlign::Left, VAlign::Center, kMargin, top + 4 + lh, captionWidth, lh,
                 [&] { out.escaped(d.note); });
        text(captionText, small, HAlign::Left, VAlign::Center, kMargin, top + r.headerHeight_ - lh - 6, r.gutter_, lh,
             [&] { out.escaped(tr("frame   time (s)")); });
        const QFontMetrics fmBold(r.bold_);
        for (std::size_t i = 0; i < d.lifelines.size(); ++i) {
            const int x = r.lifelineX_[i];
            if (x < 0)
                continue;
            const DiagramLifeline& l = d.lifelines[i];
            const QString lifelineTitle = QString::fromStdString(l.title);
            const int w = std::max(fmBold.horizontalAdvance(lifelineTitle) + 24, 120);
            const int bx = x - w / 2, by = top + lh * 2 + 2, bh = lh * 2 + 4;
            rect(C(boxRule(kBoxLine, 1.2, roleFill(l.role))), bx, by, w, bh, 6);
            const QString role = l.role == "client" ? tr("client") : l.role == "server" ? tr("server")
                               : l.role == "router" ? tr("ICMP sender")
                               : l.role == "client and server" ? tr("client and server")
                                                               : QString();
            if (!role.isEmpty())
                text(roleText, small, HAlign::Center, VAlign::Center, bx, by + 1, w, lh, [&] { out.escaped(role); });
            text(titleText, bold, HAlign::Center, VAlign::Center, bx, by + lh, w, lh + 2,
                 [&] { out.escaped(lifelineTitle); });
        }
    }
    out.put("</svg>\n");
    return out.flush();
}

} // namespace synscope
