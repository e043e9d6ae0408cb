#include "ui/render/diagram_svg_writer.h"

#include "ui/render/diagram_picture.h"
#include "ui/render/svg_canvas.h"

#include <QCoreApplication>
#include <QFile>
#include <algorithm>
#include <unordered_set>

namespace synscope {

namespace {

QString trExport(const char* s) { return QCoreApplication::translate("DiagramExport", s); }

// The horizontal extents of the drawn arrows, one arrowhead shape each (hundreds of hosts: the first 65,
// the rest get their heads inline).
std::vector<int> headSlopes(const DiagramLayout& l)
{
    std::vector<int> slopes;
    for (const DiagramRow& row : l.rows) {
        if (row.kind != DiagramRowKind::Arrow)
            continue;
        const DiagramArrow& a = l.diagram.arrows[row.arrow];
        const int dx = l.lifelineX[a.to] - l.lifelineX[a.from];
        if (dx != 0 && std::find(slopes.begin(), slopes.end(), dx) == slopes.end())
            slopes.push_back(dx);
        if (slopes.size() > 64)
            break;
    }
    return slopes;
}

// The style sheet: every class the picture can use, in a fixed order — the shared ones, each lifeline's
// box, every state, each phase's, then each distinct arrow style (a few however many arrows).
void declareStyles(SvgCanvas& canvas, const SequenceDiagram& d)
{
    using R = DiagramRole;
    for (const R role : {R::HeaderBand, R::HeaderRule, R::Caption, R::HeaderNote, R::LifelineRole, R::LifelineTitle,
                         R::Lifeline, R::FrameNumber, R::Time, R::Delta, R::Numbers, R::Marker, R::Background,
                         R::GapMark, R::GapText, R::NoteBand, R::NoteText, R::CollapsedLine, R::CollapsedHead,
                         R::CollapsedText})
        canvas.declare(DiagramStyle::of(role));
    for (const DiagramLifeline& l : d.lifelines)
        canvas.declare(DiagramStyle::lifelineBox(l.role));
    for (int s = static_cast<int>(TcpState::Closed); s <= static_cast<int>(TcpState::LastAck); ++s) {
        canvas.declare(DiagramStyle::state(R::StateBox, static_cast<TcpState>(s)));
        canvas.declare(DiagramStyle::state(R::StateName, static_cast<TcpState>(s)));
    }
    for (const DiagramPhase& ph : d.phases) {
        canvas.declare(DiagramStyle::phase(R::PhaseBand, ph.kind));
        canvas.declare(DiagramStyle::phase(R::PhaseBracket, ph.kind));
        canvas.declare(DiagramStyle::phase(R::PhaseName, ph.kind));
    }
    std::unordered_set<int> arrowStyles;
    for (const DiagramArrow& a : d.arrows) {
        const DiagramStyle line = DiagramStyle::arrowLine(a);
        if (!arrowStyles.insert(line.variant).second)
            continue;
        canvas.declare(line);
        canvas.declare(line.ofSameArrow(a.kind == ArrowKind::IcmpError ? R::IcmpCross : R::ArrowHead));
        canvas.declare(line.ofSameArrow(R::Flags));
    }
}

void writeHead(SvgStream& out, QSize size, const QString& title, const QString& description)
{
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
}

// What every element shares: the font family as QPainter asked for it (then any sans-serif face), and
// QPainter's default line caps and joins.
std::string baseStyle(const QFont& font)
{
    std::string base = "text{font-family:";
    QString family = font.family();
    family.remove('"').remove('\'').remove(';').remove('{').remove('}').remove('<').remove('&');
    if (!family.isEmpty())
        base += "\"" + family.toStdString() + "\",";
    base += "sans-serif}\n";
    base += "path,line,polyline,rect{stroke-linecap:square;stroke-linejoin:bevel}\n";
    return base;
}

} // namespace

DiagramSvgWriter::DiagramSvgWriter(const SequenceDiagramRenderer& renderer) : layout_(renderer.layout()) {}

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
    SvgStream out(dev);
    SvgCanvas canvas(out, layout_.fonts, headSlopes(layout_));
    declareStyles(canvas, layout_.diagram);
    const QSize size(layout_.width, layout_.height);
    writeHead(out, size, title, description);
    out.writeStyle(baseStyle(layout_.fonts.normal));
    canvas.writeDefinitions();
    if (!DiagramPicture(layout_, canvas).draw(QRect(QPoint(0, 0), size)))
        return false;
    out.put("</svg>\n");
    return out.flush();
}

} // namespace synscope
