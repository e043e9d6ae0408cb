#include "ui/render/diagram_export.h"

#include "ui/render/diagram_svg_writer.h"

#include <QFileInfo>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QImage>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>

namespace synscope {

namespace {

QString tr(const char* s) { return QCoreApplication::translate("DiagramExport", s); }

QFont exportFont()
{
    // The application font when there is one; a font every Debian has otherwise.
    QFont f = QGuiApplication::font();
    if (f.family().isEmpty())
        f = QFontDatabase::systemFont(QFontDatabase::GeneralFont);
    f.setPointSizeF(9.5);
    return f;
}

bool checkWritable(const QString& path, QString& error)
{
    const QFileInfo dir(QFileInfo(path).absolutePath());
    if (!dir.exists() || !dir.isDir()) {
        error = tr("cannot write \"%1\": the folder %2 does not exist").arg(path, dir.absoluteFilePath());
        return false;
    }
    return true;
}

bool writePng(const SequenceDiagramRenderer& renderer, const QString& path, QString& error)
{
    const QSize size = renderer.size();
    if (size.height() > kMaxPngHeight) {
        error = tr("the diagram is %1 pixels tall, more than a PNG can reasonably hold (%2): export SVG or PDF, "
                   "or collapse the data phase")
                    .arg(size.height())
                    .arg(kMaxPngHeight);
        return false;
    }
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    {
        QPainter p(&image);
        renderer.paint(p, QRect(QPoint(0, 0), size));
    }
    if (!image.save(path, "PNG")) {
        error = tr("cannot write \"%1\" (is the disk full, or the folder read-only?)").arg(path);
        return false;
    }
    return true;
}

// One point per pixel; pages at most 14400 points tall (the PDF limit), the header repeated on each.
bool writePdf(const SequenceDiagramRenderer& renderer, const QString& title, const QString& path, QString& error)
{
    const QSize size = renderer.size();
    QPdfWriter pdf(path);
    pdf.setResolution(72);
    pdf.setTitle(title);
    pdf.setCreator(QStringLiteral("SynScope"));
    const int header = renderer.headerHeight();
    const int pageHeight = std::min(size.height(), 14000);
    const int content = std::max(pageHeight - header, 200);
    pdf.setPageSize(QPageSize(QSizeF(size.width(), pageHeight), QPageSize::Point));
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
    QPainter p;
    if (!p.begin(&pdf)) {
        error = tr("cannot write \"%1\"").arg(path);
        return false;
    }
    for (int start = header; start < size.height() || start == header; start += content) {
        if (start != header)
            pdf.newPage();
        const int top = start - header;
        p.save();
        p.translate(0, -top);
        const QRect clip(0, top, size.width(), pageHeight);
        p.setClipRect(clip);
        renderer.paint(p, clip, -1, -1, top);
        p.restore();
        if (start + content >= size.height())
            break;
    }
    if (!p.end()) {
        error = tr("cannot write \"%1\" (is the disk full?)").arg(path);
        return false;
    }
    return true;
}

} // namespace

bool exportDiagram(const SequenceDiagram& diagram, const DiagramViewOptions& options, const std::string& format,
                   const QString& path, QString& error)
{
    if (!checkWritable(path, error))
        return false;
    const SequenceDiagramRenderer renderer(diagram, options, exportFont());
    if (format == "png")
        return writePng(renderer, path, error);
    if (format == "svg") {
        // Written directly from the renderer's layout (compact, streamed): QSvgGenerator took minutes and
        // ~3.7 KB an arrow for a 100,000-segment connection.
        return DiagramSvgWriter(renderer).write(
            path, QString::fromStdString(diagram.title),
            tr("TCP sequence diagram drawn by SynScope; states as seen at the capture point"), error);
    }
    if (format == "pdf")
        return writePdf(renderer, QString::fromStdString(diagram.title), path, error);
    error = tr("unknown format \"%1\" (png, svg, pdf)").arg(QString::fromStdString(format));
    return false;
}

} // namespace synscope
