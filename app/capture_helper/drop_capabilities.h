#pragma once
// Gives up every capability of the calling thread for good: effective, permitted, inheritable and
// ambient sets cleared, and no_new_privs so no later exec can grant any. Call it before any other thread
// exists (capabilities are per thread; threads created afterwards inherit the empty sets).
#include <string>

namespace synscope::helper {

bool dropAllCapabilities(std::string& error);

} // namespace synscope::helper
