#pragma once
// The IPv4 and IPv6 headers' fields and the decisions about where a datagram's payload ends: shared by the
// decoder (ipv4.cpp, ipv6.cpp) and the analysis' header reader (segment/tcp_header_reader.cpp), so the two
// read the same bytes the same way. Internal to core/decode.
#include "decode/byte_reader.h"

#include <algorithm>
#include <cstdint>
#include <optional>

namespace synscope::dissect {

inline std::uint8_t ipVersion(std::uint8_t firstByte) { return firstByte >> 4; }

// The decoder of an IP payload, by the protocol number (IPv4) or upper-layer next header (IPv6).
enum class IpNext : std::uint8_t { Tcp, Udp, Icmp, Icmpv6, Ipv4, Ipv6, Data };
inline IpNext ipNextOf(std::uint8_t protocol)
{
    if (protocol == 6) // the common case first: one comparison
        return IpNext::Tcp;
    switch (protocol) {
    case 17: return IpNext::Udp;
    case 1: return IpNext::Icmp;
    case 58: return IpNext::Icmpv6;
    case 4: return IpNext::Ipv4;  // IP in IP
    case 41: return IpNext::Ipv6; // IPv6 in IP (6in4)
    default: return IpNext::Data;
    }
}

// The first N bytes of an IPv4 header (RFC 791); the fixed header is 20. A header the capture cut short
// is read with a smaller N: only the fields it holds compile.
inline constexpr std::uint32_t kIpv4MinHeaderLength = 20;
template <std::uint32_t N = kIpv4MinHeaderLength>
struct Ipv4Fields {
    FixedBytes<N> bytes;
    explicit operator bool() const { return static_cast<bool>(bytes); }
    std::uint8_t version() const { return ipVersion(bytes.template u8<0>()); }
    std::uint32_t headerLength() const { return (bytes.template u8<0>() & 0x0fu) * 4; } // bytes (IHL * 4)
    std::uint8_t tos() const { return bytes.template u8<1>(); }
    std::uint16_t totalLength() const { return bytes.template be16<2>(); }
    std::uint16_t id() const { return bytes.template be16<4>(); }
    std::uint16_t flagsAndOffset() const { return bytes.template be16<6>(); } // 3 flag bits, 13 offset bits
    std::uint8_t ttl() const { return bytes.template u8<8>(); }
    std::uint8_t protocol() const { return bytes.template u8<9>(); }
    std::uint16_t checksum() const { return bytes.template be16<10>(); }
    const std::uint8_t* src() const { return bytes.template bytes<12, 4>(); }
    const std::uint8_t* dst() const { return bytes.template bytes<16, 4>(); }
};
// More fragments follow, or this is not the first: the datagram is incomplete.
inline bool ipv4IsFragment(std::uint16_t flagsAndOffset) { return (flagsAndOffset & 0x3fff) != 0; }

// Where an IPv4 datagram starting at `offset` ends by its header, or nothing when its total length is
// less than its header length (malformed). A total length of 0 is what TCP segmentation offload leaves in
// captures of outgoing packets: the datagram runs to the end of the captured bytes, unless it is quoted in
// an ICMP error, whose lengths describe the original.
inline std::optional<std::uint32_t> ipv4DeclaredEnd(std::uint32_t offset, std::uint16_t totalLength,
                                                    std::uint32_t headerLength, std::uint32_t capturedEnd,
                                                    bool quoted)
{
    if (totalLength == 0 && !quoted)
        return std::max<std::uint32_t>(capturedEnd, offset + headerLength);
    if (totalLength < headerLength)
        return std::nullopt;
    return offset + totalLength;
}

// The first N bytes of an IPv6 header (RFC 8200); the fixed header is 40.
inline constexpr std::uint32_t kIpv6HeaderLength = 40;
template <std::uint32_t N = kIpv6HeaderLength>
struct Ipv6Fields {
    FixedBytes<N> bytes;
    explicit operator bool() const { return static_cast<bool>(bytes); }
    std::uint8_t version() const { return ipVersion(bytes.template u8<0>()); }
    std::uint32_t versionClassFlow() const { return bytes.template be32<0>(); }
    std::uint16_t payloadLength() const { return bytes.template be16<4>(); }
    std::uint8_t nextHeader() const { return bytes.template u8<6>(); }
    std::uint8_t hopLimit() const { return bytes.template u8<7>(); }
    const std::uint8_t* src() const { return bytes.template bytes<8, 16>(); }
    const std::uint8_t* dst() const { return bytes.template bytes<24, 16>(); }
};

inline constexpr std::uint8_t kIpv6NoNextHeader = 59;
inline bool isIpv6ExtensionHeader(std::uint8_t nextHeader)
{
    const std::uint8_t nh = nextHeader;
    return nh == 0 || nh == 43 || nh == 44 || nh == 60 || nh == 51 || nh == 135 || nh == 139 || nh == 140;
}

// Where an IPv6 datagram starting at `offset` ends by its header: the jumbo payload option's length when
// the payload length is 0 (RFC 2675); else a payload length of 0 is segmentation offload (the datagram
// runs to the end of the captured bytes) unless quoted or followed by no next header.
inline std::uint32_t ipv6DeclaredEnd(std::uint32_t offset, std::uint16_t payloadLength, std::uint32_t jumboLength,
                                     std::uint8_t upperProtocol, std::uint32_t capturedEnd, bool quoted)
{
    if (payloadLength == 0 && jumboLength != 0)
        return offset + kIpv6HeaderLength + jumboLength;
    if (payloadLength == 0 && !quoted && upperProtocol != kIpv6NoNextHeader)
        return capturedEnd;
    return offset + kIpv6HeaderLength + payloadLength;
}

} // namespace synscope::dissect
