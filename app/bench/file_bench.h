#pragma once
// synscope-cli bench FILE: time and memory of the core's stages on one capture file.
#include <string>

namespace synscope::cli {

// Indexing; every packet's list summary (through FrameDecoder, as the packet list gets it); the TCP
// analysis alone; opening the capture as SynScope does, with and without the analysis. Prints the
// figures (as text, or one JSON object); returns the exit code.
int runFileBench(const std::string& file, bool json);

} // namespace synscope::cli
