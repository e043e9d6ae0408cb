#pragma once
// Writes a laid-out sequence diagram as an SVG file: the same picture the view paints (diagram_picture.h),
// drawn on an SvgCanvas. Compact: shared styles are CSS classes, arrowheads are <defs> reused by <use>,
// coordinates have at most one decimal, labels are real <text> elements. Streamed to the file through a
// buffer: a 200,000-arrow diagram takes about a second and ~400 bytes an arrow (QSvgGenerator: minutes,
// ~3.7 KB an arrow).
#include "ui/render/sequence_diagram_renderer.h"

#include <QString>

class QIODevice;

namespace synscope {

class DiagramSvgWriter {
public:
    explicit DiagramSvgWriter(const SequenceDiagramRenderer& renderer);

    // The whole diagram, with `title` and `description` as the document's <title> and <desc>. On failure
    // returns false with a message naming the file.
    bool write(const QString& path, const QString& title, const QString& description, QString& error) const;
    bool write(QIODevice& out, const QString& title, const QString& description) const;

private:
    const DiagramLayout& layout_;
};

} // namespace synscope
