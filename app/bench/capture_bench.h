#pragma once
// synscope-cli bench --live: sustained live capture of loopback traffic the benchmark generates itself.
#include <QStringList>

namespace synscope::cli {

// Whether `arguments` (arguments[0] names the command) ask for the live benchmark.
bool wantsLiveBench(const QStringList& arguments);
int runLiveBench(const QStringList& arguments);

} // namespace synscope::cli
