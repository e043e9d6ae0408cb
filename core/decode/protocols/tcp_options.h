#pragma once
// Walking a TCP header's options (internal to core/decode): one walk, shared by the full decoder (which
// lists every option for the tree) and the analysis' header reader (which only wants the values), so the
// two can never disagree about what an option announced.
#include "decode/packet.h"

#include "common/byte_order.h"

#include <cstdint>

namespace synscope::dissect {

// Records the value of an option SynScope interprets; `v` points at its value (after kind and length).
inline void takeTcpOptionValue(TcpHeaderFields& t, std::uint8_t kind, std::uint8_t len, const std::uint8_t* v)
{
    switch (kind) {
    case 2:
        if (len == 4) {
            t.hasMss = true;
            t.mss = loadBe16(v);
        }
        break;
    case 3:
        if (len == 3) {
            t.hasWindowScale = true;
            t.windowScale = v[0];
        }
        break;
    case 4:
        if (len == 2)
            t.sackPermitted = true;
        break;
    case 5:
        for (std::uint32_t b = 0; b + 8 <= static_cast<std::uint32_t>(len - 2) && t.sackCount < 4; b += 8) {
            t.sackLeft[t.sackCount] = loadBe32(v + b);
            t.sackRight[t.sackCount] = loadBe32(v + b + 4);
            ++t.sackCount;
        }
        break;
    case 8:
        if (len == 10) {
            t.hasTimestamps = true;
            t.tsVal = loadBe32(v);
            t.tsEcr = loadBe32(v + 4);
        }
        break;
    default: break;
    }
}

// Walks the options in frame[start, end): `list(kind, length, offset)` is called for every option met,
// before it is checked (EOL/NOP with length 1, one whose length byte is missing with 0) and returns false
// when it cannot keep another (a defence only: 40 bytes of options make at most 40 entries); the values of
// complete options go into `t`. Returns why the walk stopped
// early (static text), or nullptr when the options were well formed.
template <typename ListOption>
const char* walkTcpOptions(TcpHeaderFields& t, const std::uint8_t* frame, std::uint32_t start, std::uint32_t end,
                           ListOption&& list)
{
    std::uint32_t at = start;
    while (at < end) {
        const std::uint8_t kind = frame[at];
        if (kind == 0 || kind == 1) { // EOL, NOP
            if (!list(kind, std::uint8_t{1}, at))
                return "too many options";
            ++at;
            if (kind == 0)
                return nullptr; // the rest is padding
            continue;
        }
        if (at + 1 >= end) {
            if (!list(kind, std::uint8_t{0}, at))
                return "too many options";
            return "an option's length byte is missing";
        }
        const std::uint8_t len = frame[at + 1];
        if (!list(kind, len, at))
            return "too many options";
        if (len < 2)
            return "an option's length is less than 2";
        if (at + len > end)
            return "an option runs past the end of the header";
        takeTcpOptionValue(t, kind, len, frame + at + 2);
        at += len;
    }
    return nullptr;
}

} // namespace synscope::dissect
