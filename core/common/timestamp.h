#pragma once
// A packet time stamp: seconds since 1970-01-01 UTC (negative before) and nanoseconds. Wide enough for
// any pcapng time stamp (64-bit ticks at any resolution, plus an offset), unlike 64-bit nanoseconds.
#include <cstdint>

namespace synscope {

struct Timestamp {
    std::int64_t seconds = 0;
    std::uint32_t nanoseconds = 0; // 0..999999999

    // Nanoseconds since the epoch, saturated to the int64 range (years 1678..2262): for differences.
    std::int64_t toNanoseconds() const;
    // this - other, in nanoseconds (saturated).
    std::int64_t minusNs(const Timestamp& other) const;
    bool operator==(const Timestamp&) const = default;
};

// later - earlier for nanosecond times (toNanoseconds()), saturated to the int64 range: a file's time
// stamps may lie anywhere in it, so a plain difference could overflow.
inline std::int64_t nanosecondsBetween(std::int64_t earlier, std::int64_t later)
{
    std::int64_t d = 0;
    if (__builtin_sub_overflow(later, earlier, &d))
        return later < earlier ? INT64_MIN : INT64_MAX;
    return d;
}

// Converts `ticks` at a pcapng resolution byte (6 = microseconds, 9 = nanoseconds, 0x80|n = 2^-n
// seconds) plus an offset in seconds.
Timestamp timestampFromTicks(std::uint64_t ticks, std::uint8_t resolution, std::int64_t offsetSeconds);

} // namespace synscope
