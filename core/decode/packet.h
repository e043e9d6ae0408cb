#pragma once
// The result of decoding one frame: an ordered list of layers (outermost first, a packet quoted inside an
// ICMP error follows its ICMP layer at depth + 1) and, per protocol, the header values that were parsed.
//
// One Packet object is meant to be reused for many frames: decodePacket() resets it without freeing
// memory, so decoding a million frames allocates nothing after the first few.
#include "decode/ip_address.h"

#include <array>
#include <cstdint>
#include <string>

namespace synscope {

enum class Proto : std::uint8_t {
    Ethernet,
    Llc,          // 802.3 length frame with an 802.2 LLC header
    Vlan,         // 802.1Q / 802.1ad tag
    LinuxSll,
    LinuxSll2,
    Null,         // BSD loopback
    PppoeSession,
    Ppp,
    Arp,
    Ipv4,
    Ipv6,
    Icmp,
    Icmpv6,
    Tcp,
    Udp,
    Dns,
    Data,         // bytes no decoder claimed
};

// Wireshark's protocol abbreviation ("eth", "ip", "tcp" ...), used in frame.protocols and field names.
const char* protoAbbrev(Proto p);

enum class ChecksumStatus : std::uint8_t { Unverified, Good, Bad };
const char* checksumStatusName(ChecksumStatus s); // "unverified", "good", "bad"

// Fixed-capacity list that keeps its storage between frames.
template <typename T, std::size_t N>
struct InlineList {
    static constexpr std::size_t kCapacity = N;
    std::array<T, N> items{};
    std::uint8_t count = 0;
    bool full() const { return count == N; }
    T& push() { return items[count++]; }
    const T& operator[](std::size_t i) const { return items[i]; }
    T& operator[](std::size_t i) { return items[i]; }
    const T* begin() const { return items.data(); }
    const T* end() const { return items.data() + count; }
    bool empty() const { return count == 0; }
    std::size_t size() const { return count; }
};

struct Layer {
    Proto proto = Proto::Data;
    std::uint8_t depth = 0;        // 0: the frame itself; 1: quoted inside an ICMP error; ...
    bool truncated = false;        // the snapshot length cut this header short
    std::uint8_t info = 0;         // index into the Packet's list for this protocol
    std::uint32_t offset = 0;      // first byte of the header within the frame
    std::uint32_t length = 0;      // header bytes present in the frame
    const char* malformed = nullptr; // why the header is invalid (static text), or nullptr
};

struct EthernetInfo {
    MacAddress dst, src;
    std::uint16_t typeOrLength = 0; // EtherType, or the 802.3 length when <= 1500
    bool hasFcs = false;
};

struct LlcInfo {
    std::uint8_t dsap = 0, ssap = 0, control = 0;
    bool snap = false;
    std::uint32_t oui = 0;
    std::uint16_t pid = 0;
};

struct VlanInfo {
    std::uint16_t tpid = 0; // 0x8100 (802.1Q) or 0x88a8 (802.1ad service tag)
    std::uint8_t priority = 0;
    bool dei = false;
    std::uint16_t id = 0;
    std::uint16_t etherType = 0;
};

struct SllInfo {
    bool v2 = false;
    std::uint16_t packetType = 0;
    std::uint16_t hatype = 0;
    std::uint16_t halen = 0;
    std::array<std::uint8_t, 8> address{};
    std::uint16_t protocol = 0;
    std::uint32_t interfaceIndex = 0; // SLL2 only
};

struct NullInfo {
    std::uint32_t family = 0; // address family, or an EtherType when isEtherType
    bool isEtherType = false;
};

struct PppoeInfo {
    std::uint8_t version = 0, type = 0, code = 0;
    std::uint16_t sessionId = 0, payloadLength = 0;
    std::uint16_t pppProtocol = 0;
};

struct ArpInfo {
    std::uint16_t hardwareType = 0, protocolType = 0;
    std::uint8_t hardwareSize = 0, protocolSize = 0;
    std::uint16_t opcode = 0;
    MacAddress senderMac, targetMac;   // valid when hardwareSize == 6
    IpAddress senderIp, targetIp;      // valid when protocolType == 0x0800 and protocolSize == 4
    bool addressesPresent = false;
};

struct Ipv4Info {
    std::uint8_t headerLength = 0; // bytes (IHL * 4)
    std::uint8_t tos = 0;
    std::uint16_t totalLength = 0;
    std::uint16_t id = 0;
    bool dontFragment = false, moreFragments = false, reservedFlag = false;
    std::uint16_t fragmentOffset = 0; // in bytes
    std::uint8_t ttl = 0;
    std::uint8_t protocol = 0;
    std::uint16_t checksum = 0;
    std::uint16_t checksumComputed = 0;
    ChecksumStatus checksumStatus = ChecksumStatus::Unverified;
    IpAddress src, dst;
    bool isFragment() const { return moreFragments || fragmentOffset != 0; }
};

struct Ipv6ExtensionHeader {
    std::uint8_t type = 0;       // the next-header value that announced it (0 hop-by-hop, 43 routing ...)
    std::uint8_t nextHeader = 0;
    std::uint16_t length = 0;    // bytes
    std::uint32_t offset = 0;
};

struct Ipv6Info {
    std::uint8_t trafficClass = 0;
    std::uint32_t flowLabel = 0;
    std::uint16_t payloadLength = 0;
    std::uint8_t nextHeader = 0;     // in the fixed header
    std::uint8_t hopLimit = 0;
    IpAddress src, dst;
    std::uint8_t upperProtocol = 0;  // after the extension headers
    std::uint32_t upperOffset = 0;
    std::uint32_t jumboLength = 0;   // hop-by-hop jumbo payload option, when present
    bool isFragment = false;         // a fragment header is present
    std::uint16_t fragmentOffset = 0;
    bool moreFragments = false;
    std::uint32_t fragmentId = 0;
    InlineList<Ipv6ExtensionHeader, 8> extensions;
};

struct TcpOption {
    std::uint8_t kind = 0;
    std::uint8_t length = 0;  // as written in the option (1 for EOL/NOP)
    std::uint16_t offset = 0; // within the frame
};

namespace tcpflag {
inline constexpr std::uint16_t kFin = 0x001, kSyn = 0x002, kRst = 0x004, kPsh = 0x008, kAck = 0x010, kUrg = 0x020,
                               kEce = 0x040, kCwr = 0x080, kAe = 0x100, kReserved = 0xe00;

// Appends the names of the flags set in `flags` as Wireshark writes them ("SYN, ACK"); nothing when none.
inline void appendNames(std::string& out, std::uint16_t flags)
{
    static constexpr struct {
        std::uint16_t bit;
        const char* name;
    } kNames[] = {{kFin, "FIN"}, {kSyn, "SYN"}, {kRst, "RST"}, {kPsh, "PSH"}, {kAck, "ACK"},
                  {kUrg, "URG"}, {kEce, "ECE"}, {kCwr, "CWR"}, {kAe, "AE"}};
    bool first = true;
    for (const auto& n : kNames) {
        if (flags & n.bit) {
            if (!first)
                out += ", ";
            out += n.name;
            first = false;
        }
    }
}
} // namespace tcpflag

// A TCP header's fields but its option list: a TcpInfo is reused for packet after packet, and clearing
// these alone (not the 40 option slots) is what each packet needs.
struct TcpHeaderFields {
    std::uint16_t srcPort = 0, dstPort = 0;
    std::uint32_t seq = 0, ack = 0;
    std::uint8_t headerLength = 0; // bytes (data offset * 4)
    std::uint16_t flags = 0;       // 12 bits, tcpflag::
    std::uint16_t window = 0;
    std::uint16_t checksum = 0;
    std::uint16_t checksumComputed = 0;
    ChecksumStatus checksumStatus = ChecksumStatus::Unverified;
    std::uint16_t urgentPointer = 0;
    std::uint32_t segmentLength = 0; // header + payload, as the IP layer reports it
    std::uint32_t payloadLength = 0; // tcp.len: from the IP length, even when not all of it was captured
    std::uint32_t payloadOffset = 0; // within the frame
    const char* optionProblem = nullptr; // static text when an option is malformed
    // Values of the options SynScope interprets.
    bool hasMss = false, hasWindowScale = false, sackPermitted = false, hasTimestamps = false;
    std::uint16_t mss = 0;
    std::uint8_t windowScale = 0;
    std::uint32_t tsVal = 0, tsEcr = 0;
    std::uint8_t sackCount = 0;
    std::array<std::uint32_t, 4> sackLeft{}, sackRight{};
};

struct TcpInfo : TcpHeaderFields {
    InlineList<TcpOption, 40> options;

    // Ready for the next packet's header: the fields cleared, the option list emptied.
    void clear()
    {
        static_cast<TcpHeaderFields&>(*this) = TcpHeaderFields{};
        options.count = 0;
    }
    bool syn() const { return flags & tcpflag::kSyn; }
    bool fin() const { return flags & tcpflag::kFin; }
    bool rst() const { return flags & tcpflag::kRst; }
    bool ackFlag() const { return flags & tcpflag::kAck; }
};

struct UdpInfo {
    std::uint16_t srcPort = 0, dstPort = 0;
    std::uint16_t length = 0;
    std::uint16_t checksum = 0;
    std::uint16_t checksumComputed = 0;
    ChecksumStatus checksumStatus = ChecksumStatus::Unverified;
    std::uint32_t payloadOffset = 0;
};

struct IcmpInfo { // ICMP and ICMPv6
    std::uint8_t type = 0, code = 0;
    std::uint16_t checksum = 0;
    std::uint16_t checksumComputed = 0;
    ChecksumStatus checksumStatus = ChecksumStatus::Unverified;
    std::uint32_t restOfHeader = 0; // bytes 4..7: echo id/seq, unused, pointer, next-hop MTU, gateway
    bool isError = false;           // quotes the packet that caused it
    bool quotedPacketPresent = false;
    IpAddress target;               // ICMPv6 neighbour discovery target; ICMP redirect gateway
    bool hasLinkAddress = false;    // neighbour discovery source/target link-layer address option
    MacAddress linkAddress;
};

struct DnsRecord {
    std::string name; // without the trailing dot; empty for the root
    std::uint16_t type = 0, klass = 0;
    std::uint32_t ttl = 0;
    // A/AAAA address; CNAME/NS/PTR/MX/SRV target name; TXT first string; empty for other types.
    std::string data;
    std::uint16_t preference = 0;              // MX preference, SRV priority
    std::uint16_t weight = 0, port = 0;        // SRV
};

struct DnsInfo {
    std::uint16_t id = 0;
    std::uint16_t flags = 0;
    std::uint16_t questionCount = 0, answerCount = 0, authorityCount = 0, additionalCount = 0;
    bool overTcp = false;
    bool hasQuestion = false;
    DnsRecord question;
    std::uint8_t answersDecoded = 0;
    std::array<DnsRecord, 8> answers; // the first answers; enough for a list line and a tree
    bool isResponse() const { return flags & 0x8000; }
    std::uint8_t opcode() const { return (flags >> 11) & 0xf; }
    std::uint8_t rcode() const { return flags & 0xf; }
};

struct Packet {
    std::uint32_t linkType = 0;
    std::uint32_t capturedLength = 0;
    std::uint32_t originalLength = 0;

    InlineList<Layer, 24> layers;
    InlineList<EthernetInfo, 2> ethernet;
    InlineList<LlcInfo, 1> llc;
    InlineList<VlanInfo, 4> vlan;
    InlineList<SllInfo, 1> sll;
    InlineList<NullInfo, 1> null;
    InlineList<PppoeInfo, 1> pppoe;
    InlineList<ArpInfo, 1> arp;
    InlineList<Ipv4Info, 4> ipv4;
    InlineList<Ipv6Info, 4> ipv6;
    InlineList<IcmpInfo, 4> icmp; // ICMP and ICMPv6 share the list
    InlineList<TcpInfo, 2> tcp;
    InlineList<UdpInfo, 3> udp;
    DnsInfo dns;
    bool hasDns = false;

    void reset();
    // The first layer of `p`, or nullptr.
    const Layer* find(Proto p, std::uint8_t maxDepth = 255) const;
    // The outermost IP layer (v4 or v6) of the frame itself.
    const Layer* networkLayer() const;
    // The TCP layer of the frame itself (not one quoted in an ICMP error), or nullptr.
    const Layer* topTcp() const;
    const Layer* topUdp() const;
    const Layer* lastLayer() const { return layers.count ? &layers[layers.count - 1] : nullptr; }
    bool anyMalformed() const;
    bool anyTruncated() const;
};

} // namespace synscope
