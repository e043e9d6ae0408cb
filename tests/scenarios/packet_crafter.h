#pragma once
// Builds frames byte by byte for tests, the bundled sample and the benchmark file: Ethernet, VLAN,
// Linux cooked, loopback, PPPoE, IPv4/IPv6, TCP/UDP/ICMP/ICMPv6/ARP/DNS, with correct checksums unless
// asked otherwise.
#include "decode/ip_address.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace synscope::testkit {

using Bytes = std::vector<std::uint8_t>;

Bytes bytesOf(std::string_view text);
MacAddress mac(std::uint8_t last); // 02:00:00:00:00:<last> (locally administered)
IpAddress ip(const char* text);    // IPv4 or IPv6 literal

// Link layers.
Bytes ethernet(const MacAddress& src, const MacAddress& dst, std::uint16_t etherType, const Bytes& payload);
// Ethernet with VLAN tags, outermost first: each tag is {TPID, TCI}.
Bytes ethernetTagged(const MacAddress& src, const MacAddress& dst, const std::vector<std::array<std::uint16_t, 2>>& tags,
                     std::uint16_t etherType, const Bytes& payload);
Bytes linuxSll(std::uint16_t packetType, const MacAddress& src, std::uint16_t protocol, const Bytes& payload);
Bytes linuxSll2(std::uint16_t protocol, std::uint32_t ifindex, std::uint8_t packetType, const MacAddress& src,
                const Bytes& payload);
Bytes nullLoopback(std::uint32_t family, bool bigEndian, const Bytes& payload);
Bytes pppoeSession(std::uint16_t sessionId, std::uint16_t pppProtocol, const Bytes& payload);

// Network layers.
struct Ipv4Options {
    std::uint8_t ttl = 64;
    std::uint16_t id = 0;
    bool dontFragment = true;
    bool moreFragments = false;
    std::uint16_t fragmentOffset = 0; // bytes, a multiple of 8
    std::uint8_t tos = 0;
    Bytes options;                   // IP options, padded by the caller to a multiple of 4
    int totalLengthOverride = -1;
    int headerLengthOverride = -1;   // bytes; for malformed headers
    bool badChecksum = false;
};
Bytes ipv4(const IpAddress& src, const IpAddress& dst, std::uint8_t protocol, const Bytes& payload,
           const Ipv4Options& o = {});
struct Ipv6Extension {
    std::uint8_t type = 0; // 0 hop-by-hop, 43 routing, 44 fragment, 60 destination options
    Bytes body;            // after next-header and length bytes; padded so the header is a multiple of 8
};
Bytes ipv6(const IpAddress& src, const IpAddress& dst, std::uint8_t nextHeader, const Bytes& payload,
           std::uint8_t hopLimit = 64, const std::vector<Ipv6Extension>& extensions = {},
           int payloadLengthOverride = -1);
Bytes arp(std::uint16_t opcode, const MacAddress& senderMac, const IpAddress& senderIp, const MacAddress& targetMac,
          const IpAddress& targetIp);

// Transport layers. Checksums use the pseudo-header of src/dst.
struct TcpSpec {
    std::uint16_t srcPort = 0, dstPort = 0;
    std::uint32_t seq = 0, ack = 0;
    std::uint16_t flags = 0; // tcpflag::
    std::uint16_t window = 65535;
    std::uint16_t urgent = 0;
    Bytes options;           // padded to a multiple of 4 by tcp()
    Bytes payload;
    int dataOffsetOverride = -1; // 32-bit words; for malformed headers
    bool badChecksum = false;
};
Bytes tcp(const IpAddress& src, const IpAddress& dst, const TcpSpec& s);
Bytes udp(const IpAddress& src, const IpAddress& dst, std::uint16_t srcPort, std::uint16_t dstPort, const Bytes& payload,
          bool zeroChecksum = false);
Bytes icmpv4(std::uint8_t type, std::uint8_t code, std::uint32_t rest, const Bytes& payload);
Bytes icmpv6(const IpAddress& src, const IpAddress& dst, std::uint8_t type, std::uint8_t code, std::uint32_t rest,
             const Bytes& payload);

// TCP options as Linux sends them in a SYN: mss, sackOK, TS, nop, wscale.
Bytes linuxSynOptions(std::uint16_t mss, std::uint8_t windowScale, std::uint32_t tsVal, std::uint32_t tsEcr);
Bytes timestampOptions(std::uint32_t tsVal, std::uint32_t tsEcr); // nop, nop, TS

// DNS messages.
Bytes dnsQuery(std::uint16_t id, const std::string& name, std::uint16_t type);
// A response with one A (4-byte) or AAAA (16-byte) answer per address.
Bytes dnsResponse(std::uint16_t id, const std::string& name, std::uint16_t type, const std::vector<IpAddress>& answers,
                  std::uint8_t rcode = 0);

// Convenience: a whole Ethernet frame carrying an IP packet (EtherType from the address family).
Bytes ethernetIp(const MacAddress& src, const MacAddress& dst, const Bytes& ipPacket);

} // namespace synscope::testkit
