#include "common/timestamp.h"

#include <limits>

namespace synscope {

namespace {
using i128 = __int128;
constexpr i128 kMin = std::numeric_limits<std::int64_t>::min();
constexpr i128 kMax = std::numeric_limits<std::int64_t>::max();
std::int64_t saturate(i128 v) { return static_cast<std::int64_t>(v < kMin ? kMin : v > kMax ? kMax : v); }
} // namespace

std::int64_t Timestamp::toNanoseconds() const { return saturate(static_cast<i128>(seconds) * 1000000000 + nanoseconds); }

std::int64_t Timestamp::minusNs(const Timestamp& o) const
{
    return saturate((static_cast<i128>(seconds) - o.seconds) * 1000000000 + (static_cast<i128>(nanoseconds) - o.nanoseconds));
}

// The seconds are the unsigned tick count's whole seconds plus the signed if_tsoffset: up to 2^64 + 2^63,
// more than int64 holds. They are added in 128 bits; a time after the last representable instant is that
// instant (INT64_MAX.999999999 s). Nothing is below INT64_MIN, since the ticks are never negative.
Timestamp timestampFromTicks(std::uint64_t ticks, std::uint8_t resolution, std::int64_t offsetSeconds)
{
    std::uint64_t whole;
    std::uint32_t nanoseconds;
    if (resolution == 6) { // the two resolutions nearly every file uses, without loops
        whole = ticks / 1000000;
        nanoseconds = static_cast<std::uint32_t>(ticks % 1000000) * 1000;
    } else if (resolution == 9) {
        whole = ticks / 1000000000;
        nanoseconds = static_cast<std::uint32_t>(ticks % 1000000000);
    } else if (resolution & 0x80) {
        const unsigned n = resolution & 0x7f;
        whole = n >= 64 ? 0 : ticks >> n;
        const std::uint64_t frac = n >= 64 ? ticks : ticks & ((std::uint64_t{1} << n) - 1);
        // frac < 2^n: for n >= 64 the fraction is ticks / 2^n, still below one second.
        nanoseconds = n >= 128 ? 0
                               : static_cast<std::uint32_t>((static_cast<unsigned __int128>(frac) * 1000000000u) >> n);
    } else {
        std::uint64_t perSecond = 1;
        for (unsigned i = 0; i < resolution && i < 19; ++i)
            perSecond *= 10;
        const std::uint64_t frac = ticks % perSecond;
        whole = ticks / perSecond;
        if (resolution <= 9) {
            std::uint64_t scale = 1;
            for (unsigned i = resolution; i < 9; ++i)
                scale *= 10;
            nanoseconds = static_cast<std::uint32_t>(frac * scale);
        } else {
            std::uint64_t scale = 1;
            for (unsigned i = 9; i < resolution && i < 19; ++i)
                scale *= 10;
            nanoseconds = static_cast<std::uint32_t>(frac / scale);
        }
    }
    const i128 seconds = static_cast<i128>(whole) + offsetSeconds;
    Timestamp t;
    if (seconds > kMax) {
        t.seconds = std::numeric_limits<std::int64_t>::max();
        t.nanoseconds = 999999999;
    } else {
        t.seconds = static_cast<std::int64_t>(seconds); // >= INT64_MIN: whole >= 0
        t.nanoseconds = nanoseconds;
    }
    return t;
}

} // namespace synscope
