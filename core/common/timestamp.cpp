#include "timestamp.h"

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

Timestamp timestampFromTicks(std::uint64_t ticks, std::uint8_t resolution, std::int64_t offsetSeconds)
{
    Timestamp t;
    // The two resolutions nearly every file uses, without loops.
    if (resolution == 6) {
        t.seconds = static_cast<std::int64_t>(ticks / 1000000) + offsetSeconds;
        t.nanoseconds = static_cast<std::uint32_t>(ticks % 1000000) * 1000;
        return t;
    }
    if (resolution == 9) {
        t.seconds = static_cast<std::int64_t>(ticks / 1000000000) + offsetSeconds;
        t.nanoseconds = static_cast<std::uint32_t>(ticks % 1000000000);
        return t;
    }
    if (resolution & 0x80) {
        const unsigned n = resolution & 0x7f;
        const std::uint64_t whole = n >= 64 ? 0 : ticks >> n;
        const std::uint64_t frac = n >= 64 ? ticks : ticks & ((std::uint64_t{1} << n) - 1);
        t.seconds = static_cast<std::int64_t>(whole);
        t.nanoseconds = static_cast<std::uint32_t>((static_cast<unsigned __int128>(frac) * 1000000000u) >> n);
    } else {
        std::uint64_t perSecond = 1;
        for (unsigned i = 0; i < resolution && i < 19; ++i)
            perSecond *= 10;
        const std::uint64_t frac = ticks % perSecond;
        t.seconds = static_cast<std::int64_t>(ticks / perSecond);
        if (resolution <= 9) {
            std::uint64_t scale = 1;
            for (unsigned i = resolution; i < 9; ++i)
                scale *= 10;
            t.nanoseconds = static_cast<std::uint32_t>(frac * scale);
        } else {
            std::uint64_t scale = 1;
            for (unsigned i = 9; i < resolution && i < 19; ++i)
                scale *= 10;
            t.nanoseconds = static_cast<std::uint32_t>(frac / scale);
        }
    }
    t.seconds += offsetSeconds;
    return t;
}

} // namespace synscope
