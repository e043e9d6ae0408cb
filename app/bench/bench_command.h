#pragma once
// synscope-cli bench: the benchmarks, each in its own file of this folder.
#include <QStringList>

namespace synscope::cli {

// bench FILE (file_bench.h), bench FILE --export FILTER (export_bench.h), bench --live (capture_bench.h),
// bench --graph (graph_bench.h), bench --diagram (diagram_bench.h); arguments[0] names the command.
int runBench(const QStringList& arguments);

} // namespace synscope::cli
