#pragma once
// synscope-cli bench --graph TYPE FILE [--stream N]: how long a graph takes, from the loaded capture to pixels.
#include <QStringList>

namespace synscope::cli {

// Whether `arguments` (arguments[0] names the command) ask for the graph benchmark.
bool wantsGraphBench(const QStringList& arguments);
int runGraphBench(const QStringList& arguments);

} // namespace synscope::cli
