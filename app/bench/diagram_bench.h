#pragma once
// synscope-cli bench --diagram FILE [--stream N]: the sequence-diagram acceptance timings (issue 5): the SVG
// export of a connection's whole diagram, and the paint time of one screenful at many scroll positions.
#include <QStringList>

namespace synscope::cli {

// Whether `arguments` (arguments[0] names the command) ask for the diagram benchmark.
bool wantsDiagramBench(const QStringList& arguments);
int runDiagramBench(const QStringList& arguments);

} // namespace synscope::cli
