#pragma once
#include <string>

namespace synscope::cli {

// bench FILE --export FILTER: the time of what 'export FILE -Y FILTER -w OUT' does (index, filter, write,
// sync, rename) into a temporary file in `directory`, which is removed afterwards.
int runExportBench(const std::string& file, const std::string& filter, const std::string& directory, bool json);

} // namespace synscope::cli
