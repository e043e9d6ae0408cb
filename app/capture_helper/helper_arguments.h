#pragma once
// synscope-capture's command line: every argument checked, with a message naming the option and what
// it accepts, before anything is opened.
#include "live/live_capture.h"

#include <string>
#include <vector>

namespace synscope::helper {

struct HelperRequest {
    LiveOptions options;       // interfaces, filter, snapshot length, buffer, limits, format
    std::string output;        // "-" (standard output) or a file
    bool overwrite = false;    // replace an existing regular file
    int statusFd = -1;         // where the status lines go (capture_helper_protocol.h); -1: none
    bool help = false;
    bool version = false;
};

// Parses argv[1..]; false with `error` naming the bad argument.
bool parseHelperArguments(const std::vector<std::string>& args, HelperRequest& request, std::string& error);

extern const char* const kHelperUsage;

} // namespace synscope::helper
