#pragma once
// Reading a TCP header (internal to core/decode): its fixed fields, how it fits the segment, and the walk
// over its options. Shared by the full decoder (tcp.cpp, which also lists every option for the tree) and
// the analysis' header reader (segment/tcp_header_reader.cpp, which only wants the values), so the two can
// never disagree about what a header or an option announced.
#include "decode/byte_reader.h"
#include "decode/packet.h"

#include <cstdint>

namespace synscope::dissect {

inline constexpr std::uint32_t kTcpMinHeaderLength = 20;

// The fixed 20 bytes of a TCP header into `t`.
inline void readTcpFixedFields(FixedBytes<kTcpMinHeaderLength> h, TcpHeaderFields& t)
{
    t.srcPort = h.be16<0>();
    t.dstPort = h.be16<2>();
    t.seq = h.be32<4>();
    t.ack = h.be32<8>();
    const std::uint8_t b12 = h.u8<12>();
    t.headerLength = static_cast<std::uint8_t>((b12 >> 4) * 4);
    t.flags = static_cast<std::uint16_t>(((b12 & 0x0f) << 8) | h.u8<13>());
    t.window = h.be16<14>();
    t.checksum = h.be16<16>();
    t.urgentPointer = h.be16<18>();
}

// A fixed header the bytes end inside (an ICMP error quotes only the first 8): the fields whose bytes are
// all present (`bytes`: the `available` bytes there are, fewer than 20), the others 0.
void readCutTcpFixedFields(const std::uint8_t* bytes, std::uint32_t available, TcpHeaderFields& t);

// Reads the fixed part of a TCP header (the reader's first 20 bytes) into `t`; false when the 20 bytes are
// not all there (then only the fields that are complete are read).
inline bool readTcpFixedHeader(const ByteReader& r, TcpHeaderFields& t)
{
    if (const FixedBytes<kTcpMinHeaderLength> h = r.peek<kTcpMinHeaderLength>()) {
        readTcpFixedFields(h, t);
        return true;
    }
    const std::uint32_t available = r.remaining();
    readCutTcpFixedFields(ByteReader(r).take(available), available, t);
    return false;
}

// How a header whose data offset says `headerLength` bytes fits a segment of `segmentLength` bytes of which
// `captured` are present. Only a Whole header has options and a payload to decode.
enum class TcpHeaderFit : std::uint8_t { Whole, OffsetBelowFive, LongerThanSegment, CutByCapture };
inline TcpHeaderFit tcpHeaderFit(std::uint32_t headerLength, std::uint32_t segmentLength, std::uint32_t captured)
{
    if (headerLength < kTcpMinHeaderLength)
        return TcpHeaderFit::OffsetBelowFive;
    if (headerLength > segmentLength)
        return TcpHeaderFit::LongerThanSegment;
    if (captured < headerLength)
        return TcpHeaderFit::CutByCapture;
    return TcpHeaderFit::Whole;
}

// Where the payload of a header at `headerOffset` lies, once its segment length is known and its header
// length is no more than that.
inline void setTcpPayload(TcpHeaderFields& t, std::uint32_t headerOffset)
{
    t.payloadOffset = headerOffset + t.headerLength;
    t.payloadLength = t.segmentLength - t.headerLength;
}

// Records the value of an option SynScope interprets; `value` holds its bytes after kind and length.
inline void takeTcpOptionValue(TcpHeaderFields& t, std::uint8_t kind, std::uint8_t len, ByteReader value)
{
    switch (kind) {
    case 2:
        if (len == 4) {
            t.hasMss = true;
            t.mss = value.be16();
        }
        break;
    case 3:
        if (len == 3) {
            t.hasWindowScale = true;
            t.windowScale = value.u8();
        }
        break;
    case 4:
        if (len == 2)
            t.sackPermitted = true;
        break;
    case 5:
        while (t.sackCount < 4 && value.has(8)) {
            t.sackLeft[t.sackCount] = value.be32();
            t.sackRight[t.sackCount] = value.be32();
            ++t.sackCount;
        }
        break;
    case 8:
        if (len == 10) {
            t.hasTimestamps = true;
            t.tsVal = value.be32();
            t.tsEcr = value.be32();
        }
        break;
    default: break;
    }
}

// Walks the options in `options` (the header's bytes after the fixed 20): `list(kind, length, offset)` is
// called for every option met, before it is checked (EOL/NOP with length 1, one whose length byte is
// missing with 0) and returns false when it cannot keep another (a defence only: 40 bytes of options make
// at most 40 entries); the values of complete options go into `t`. Returns why the walk stopped early
// (static text), or nullptr when the options were well formed.
// Always inlined: it runs for every segment the analysis reads, most of them with no or few options.
template <typename ListOption>
[[gnu::always_inline]] inline const char* walkTcpOptions(TcpHeaderFields& t, ByteReader options, ListOption&& list)
{
    // (Each read below is preceded by the same has() test it makes, which the compiler folds into one.)
    while (options.has(1)) {
        const std::uint32_t at = options.offset();
        const std::uint8_t kind = options.u8();
        if (kind == 0 || kind == 1) { // EOL, NOP
            if (!list(kind, std::uint8_t{1}, at))
                return "too many options";
            if (kind == 0)
                return nullptr; // the rest is padding
            continue;
        }
        if (!options.has(1)) {
            if (!list(kind, std::uint8_t{0}, at))
                return "too many options";
            return "an option's length byte is missing";
        }
        const std::uint8_t len = options.u8();
        if (!list(kind, len, at))
            return "too many options";
        if (len < 2)
            return "an option's length is less than 2";
        if (!options.has(len - 2u))
            return "an option runs past the end of the header";
        takeTcpOptionValue(t, kind, len, options.sub(len - 2u));
    }
    return nullptr;
}

} // namespace synscope::dissect
