#pragma once
// Writes a whole sequence diagram as PNG or PDF (split into pages, the lifeline header on each), painted by the
// same renderer as the on-screen view, or as SVG: the same picture drawn as SVG elements (DiagramSvgWriter:
// labels as real text elements).
#include "ui/render/sequence_diagram_renderer.h"

#include <QString>
#include <string>

namespace synscope {

// `format`: "png", "svg" or "pdf". On failure returns false with a message naming the file.
bool exportDiagram(const SequenceDiagram& diagram, const DiagramViewOptions& options, const std::string& format,
                   const QString& path, QString& error);

// A PNG taller than this is refused (use SVG or PDF, or collapse the data phase).
constexpr int kMaxPngHeight = 30000;

} // namespace synscope
