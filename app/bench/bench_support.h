#pragma once
// What every synscope-cli benchmark measures with: wall time since a moment, and the peak memory.
#include <chrono>
#include <sys/resource.h>

namespace synscope::cli {

using Clock = std::chrono::steady_clock;

inline double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// The process's peak resident memory so far, in MB (getrusage's ru_maxrss).
inline double peakRssMb()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;
}

} // namespace synscope::cli
