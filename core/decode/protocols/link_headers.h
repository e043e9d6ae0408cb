#pragma once
// The link-layer headers' fields and what each says comes next: the one place that decides which link
// types, EtherTypes, loopback families and Linux cooked header values lead to which decoder. The decoder
// (decoder.cpp, ethernet.cpp, linux_sll.cpp, null_loopback.cpp, pppoe.cpp) and the analysis' header reader
// (segment/tcp_header_reader.cpp) both read link headers through these, so they cannot disagree about what
// a frame carries. Internal to core/decode.
#include "decode/byte_reader.h"
#include "decode/packet.h"

#include "common/link_types.h"

#include <cstdint>

namespace synscope::dissect {

// The header a frame of a link type starts with.
enum class FirstHeader : std::uint8_t {
    Ethernet,
    LinuxSll,
    LinuxSll2,
    Loopback,            // LINKTYPE_NULL: the family in the capturing host's byte order
    LoopbackNetworkOrder, // LINKTYPE_LOOP
    Ip,                  // raw IP: the version nibble decides
    Ipv4,                // LINKTYPE_IPV4 (a version-6 header is still taken as IPv6, as Wireshark does)
    Ipv6,
    None,                // a link type SynScope does not decode
};

inline FirstHeader firstHeaderOf(std::uint32_t linkType)
{
    if (linkType == linktype::kEthernet) // nearly every capture: one comparison
        return FirstHeader::Ethernet;
    switch (linkType) {
    case linktype::kLinuxSll: return FirstHeader::LinuxSll;
    case linktype::kLinuxSll2: return FirstHeader::LinuxSll2;
    case linktype::kNull: return FirstHeader::Loopback;
    case linktype::kLoop: return FirstHeader::LoopbackNetworkOrder;
    case linktype::kRaw:
    case linktype::kRawAlt12:
    case linktype::kRawAlt14: return FirstHeader::Ip;
    case linktype::kIpv4: return FirstHeader::Ipv4;
    case linktype::kIpv6: return FirstHeader::Ipv6;
    default: return FirstHeader::None;
    }
}

// The decoder of what follows a link-layer header.
enum class NextLayer : std::uint8_t {
    Ipv4,
    Ipv6,
    Arp,
    Vlan,
    PppoeSession,
    Llc,           // an 802.3 length field: 802.2 LLC follows
    BadTypeLength, // an Ethernet type/length field that is neither
    Data,          // nothing SynScope decodes
};

inline NextLayer nextAfterEtherType(std::uint16_t etherType)
{
    if (etherType == 0x0800) // the common case first: one comparison
        return NextLayer::Ipv4;
    switch (etherType) {
    case 0x86dd: return NextLayer::Ipv6;
    case 0x0806: return NextLayer::Arp;
    case 0x8100:
    case 0x88a8:
    case 0x9100: return NextLayer::Vlan;
    case 0x8864: return NextLayer::PppoeSession;
    default: return NextLayer::Data;
    }
}

// Ethernet II and 802.3.
inline constexpr std::uint32_t kEthernetHeaderLength = 14;
struct EthernetHeader {
    FixedBytes<kEthernetHeaderLength> bytes;
    std::uint16_t typeOrLength() const { return bytes.be16<12>(); }
};
inline NextLayer nextAfterEthernet(std::uint16_t typeOrLength)
{
    if (typeOrLength >= 0x0600)
        return nextAfterEtherType(typeOrLength);
    // 802.3: up to 1500 the field is the payload length.
    return typeOrLength <= 1500 ? NextLayer::Llc : NextLayer::BadTypeLength;
}

// 802.1Q / 802.1ad tags: TCI and the next EtherType. A frame holds as many as Packet::vlan keeps.
inline constexpr std::uint32_t kVlanTagLength = 4;
inline constexpr int kMaxVlanTags = static_cast<int>(decltype(Packet::vlan)::kCapacity);
struct VlanTag {
    FixedBytes<kVlanTagLength> bytes;
    std::uint16_t tci() const { return bytes.be16<0>(); }
    std::uint16_t etherType() const { return bytes.be16<2>(); }
};

// Linux cooked capture v1 (LINKTYPE_LINUX_SLL) and v2 (LINKTYPE_LINUX_SLL2).
inline constexpr std::uint32_t kLinuxSllHeaderLength = 16, kLinuxSll2HeaderLength = 20;
struct LinuxSllHeader {
    FixedBytes<kLinuxSllHeaderLength> bytes;
    std::uint16_t packetType() const { return bytes.be16<0>(); }
    std::uint16_t hatype() const { return bytes.be16<2>(); }
    std::uint16_t halen() const { return bytes.be16<4>(); }
    const std::uint8_t* address() const { return bytes.bytes<6, 8>(); }
    std::uint16_t protocol() const { return bytes.be16<14>(); }
};
struct LinuxSll2Header {
    FixedBytes<kLinuxSll2HeaderLength> bytes;
    std::uint16_t protocol() const { return bytes.be16<0>(); }
    std::uint32_t interfaceIndex() const { return bytes.be32<4>(); }
    std::uint16_t hatype() const { return bytes.be16<8>(); }
    std::uint8_t packetType() const { return bytes.u8<10>(); }
    std::uint8_t halen() const { return bytes.u8<11>(); }
    const std::uint8_t* address() const { return bytes.bytes<12, 8>(); }
};
// The protocol field holds an EtherType, except for a few ARPHRD / pseudo values.
inline NextLayer nextAfterLinuxSll(std::uint16_t hatype, std::uint16_t protocol)
{
    if (hatype == 824 /* ARPHRD_NETLINK */)
        return NextLayer::Data;
    switch (protocol) {
    case 0x0001: // LINUX_SLL_P_802_3: Novell 802.3 frames without an 802.2 header
    case 0x0004: // LINUX_SLL_P_802_2: 802.2 LLC follows
        return NextLayer::Data;
    default: return nextAfterEtherType(protocol);
    }
}

// BSD loopback: the address family (or an EtherType) in 4 bytes.
inline constexpr std::uint32_t kLoopbackHeaderLength = 4;
inline std::uint32_t loopbackFamily(FixedBytes<kLoopbackHeaderLength> bytes, bool networkByteOrder)
{
    if (networkByteOrder)
        return bytes.be32<0>();
    // The writer's byte order is unknown; Wireshark's heuristics (packet-null.c), which also accept
    // IRIX-style 16-bit families and an EtherType in place of the family.
    std::uint32_t v = bytes.le32<0>();
    if (v & 0xffff0000u) {
        if ((v & 0xff000000u) == 0 && (v & 0x00ff0000u) < 0x00060000u)
            v >>= 16;
        else
            v = __builtin_bswap32(v);
    } else if ((v & 0xffu) == 0 && (v & 0xff00u) < 0x0600u) {
        v = __builtin_bswap16(static_cast<std::uint16_t>(v & 0xffff));
    }
    return v;
}
inline bool loopbackFamilyIsEtherType(std::uint32_t family) { return family > 1500; }
inline NextLayer nextAfterLoopback(std::uint32_t family)
{
    if (loopbackFamilyIsEtherType(family))
        return nextAfterEtherType(static_cast<std::uint16_t>(family));
    switch (family) {
    case 2: return NextLayer::Ipv4; // AF_INET everywhere
    case 10: // AF_INET6: Linux
    case 24: // NetBSD, OpenBSD, BSD/OS
    case 28: // FreeBSD, DragonFly
    case 30: // macOS
        return NextLayer::Ipv6;
    default: return NextLayer::Data;
    }
}

// PPPoE session stage and the PPP protocol field after it.
inline constexpr std::uint32_t kPppoeHeaderLength = 6, kPppProtocolLength = 2;
struct PppoeHeader {
    FixedBytes<kPppoeHeaderLength> bytes;
    std::uint8_t version() const { return bytes.u8<0>() >> 4; }
    std::uint8_t type() const { return bytes.u8<0>() & 0x0f; }
    std::uint8_t code() const { return bytes.u8<1>(); }
    std::uint16_t sessionId() const { return bytes.be16<2>(); }
    std::uint16_t payloadLength() const { return bytes.be16<4>(); }
};
inline NextLayer nextAfterPpp(std::uint16_t pppProtocol)
{
    switch (pppProtocol) {
    case 0x0021: return NextLayer::Ipv4;
    case 0x0057: return NextLayer::Ipv6;
    default: return NextLayer::Data;
    }
}

} // namespace synscope::dissect
