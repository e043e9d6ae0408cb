// decodePacket(): picks the first decoder by link type; Packet bookkeeping.
#include "decode/dissect.h"

#include "decode/protocols/ip_headers.h"
#include "decode/protocols/link_headers.h"

namespace synscope {

const char* protoAbbrev(Proto p)
{
    switch (p) {
    case Proto::Ethernet: return "eth";
    case Proto::Llc: return "llc";
    case Proto::Vlan: return "vlan";
    case Proto::LinuxSll: return "sll";
    case Proto::LinuxSll2: return "sll";
    case Proto::Null: return "null";
    case Proto::PppoeSession: return "pppoes";
    case Proto::Ppp: return "ppp";
    case Proto::Arp: return "arp";
    case Proto::Ipv4: return "ip";
    case Proto::Ipv6: return "ipv6";
    case Proto::Icmp: return "icmp";
    case Proto::Icmpv6: return "icmpv6";
    case Proto::Tcp: return "tcp";
    case Proto::Udp: return "udp";
    case Proto::Dns: return "dns";
    case Proto::Data: return "data";
    }
    return "data";
}

const char* checksumStatusName(ChecksumStatus s)
{
    switch (s) {
    case ChecksumStatus::Good: return "good";
    case ChecksumStatus::Bad: return "bad";
    case ChecksumStatus::Unverified: break;
    }
    return "unverified";
}

void Packet::reset()
{
    // Only the items the previous packet used can hold anything: later ones were cleared when last used
    // (the decoders never take an IPv6 or TCP item back).
    for (std::size_t i = 0; i < ipv6.count; ++i)
        ipv6.items[i].extensions.count = 0;
    for (std::size_t i = 0; i < tcp.count; ++i) {
        tcp.items[i].options.count = 0;
        tcp.items[i].optionProblem = nullptr;
    }
    linkType = capturedLength = originalLength = 0;
    layers.count = ethernet.count = llc.count = vlan.count = sll.count = null.count = pppoe.count = 0;
    arp.count = ipv4.count = ipv6.count = icmp.count = tcp.count = udp.count = 0;
    hasDns = false;
}

const Layer* Packet::find(Proto p, std::uint8_t maxDepth) const
{
    for (const Layer& l : layers)
        if (l.proto == p && l.depth <= maxDepth)
            return &l;
    return nullptr;
}

const Layer* Packet::networkLayer() const
{
    for (const Layer& l : layers)
        if (l.depth == 0 && (l.proto == Proto::Ipv4 || l.proto == Proto::Ipv6))
            return &l;
    return nullptr;
}

const Layer* Packet::topTcp() const { return find(Proto::Tcp, 0); }
const Layer* Packet::topUdp() const { return find(Proto::Udp, 0); }

bool Packet::anyMalformed() const
{
    for (const Layer& l : layers)
        if (l.malformed)
            return true;
    return false;
}

bool Packet::anyTruncated() const
{
    for (const Layer& l : layers)
        if (l.truncated)
            return true;
    return false;
}

namespace dissect {

Layer* addLayer(State& s, Proto proto, std::uint32_t offset, std::uint32_t length, std::uint8_t info)
{
    if (s.packet.layers.full())
        return nullptr;
    Layer& l = s.packet.layers.push();
    l = Layer{};
    l.proto = proto;
    l.depth = s.depth;
    l.info = info;
    l.offset = offset;
    l.length = length;
    return &l;
}

void addData(State& s, std::uint32_t offset, std::uint32_t end)
{
    if (end > offset)
        addLayer(s, Proto::Data, offset, end - offset, 0);
}

void decodeIp(State& s, std::uint32_t offset, std::uint32_t end)
{
    const Ipv4Fields<1> first{s.bytes(offset, end).peek<1>()};
    if (!first)
        return;
    if (first.version() == 6)
        decodeIpv6(s, offset, end);
    else
        decodeIpv4(s, offset, end); // reports a wrong version itself
}

void decodeIpPayload(State& s, const IpPayload& ip)
{
    const IpNext next = ipNextOf(ip.protocol);
    if (next == IpNext::Tcp) // the common case first: a comparison, not a jump table
        return decodeTcp(s, ip);
    switch (next) {
    case IpNext::Tcp: decodeTcp(s, ip); break;
    case IpNext::Udp: decodeUdp(s, ip); break;
    case IpNext::Icmp: decodeIcmp(s, ip); break;
    case IpNext::Icmpv6: decodeIcmpv6(s, ip); break;
    case IpNext::Ipv4: decodeIpv4(s, ip.offset, ip.capturedEnd); break;
    case IpNext::Ipv6: decodeIpv6(s, ip.offset, ip.capturedEnd); break;
    case IpNext::Data: addData(s, ip.offset, ip.capturedEnd); break;
    }
}

} // namespace dissect

void decodePacket(std::span<const std::uint8_t> frame, std::uint32_t linkType, std::uint32_t originalLength,
                  Packet& out, const DecodeOptions& options)
{
    out.reset();
    out.linkType = linkType;
    out.capturedLength = static_cast<std::uint32_t>(frame.size());
    out.originalLength = originalLength;
    dissect::State s{frame.data(), static_cast<std::uint32_t>(frame.size()), out, options};
    const std::uint32_t end = s.capturedLength;
    switch (dissect::firstHeaderOf(linkType)) {
    case dissect::FirstHeader::Ethernet: dissect::decodeEthernet(s, 0, end); break;
    case dissect::FirstHeader::LinuxSll: dissect::decodeLinuxSll(s, 0, end); break;
    case dissect::FirstHeader::LinuxSll2: dissect::decodeLinuxSll2(s, 0, end); break;
    case dissect::FirstHeader::Loopback: dissect::decodeNull(s, 0, end, false); break;
    case dissect::FirstHeader::LoopbackNetworkOrder: dissect::decodeNull(s, 0, end, true); break;
    case dissect::FirstHeader::Ip: dissect::decodeIp(s, 0, end); break;
    case dissect::FirstHeader::Ipv4: dissect::decodeIpv4(s, 0, end); break;
    case dissect::FirstHeader::Ipv6: dissect::decodeIpv6(s, 0, end); break;
    case dissect::FirstHeader::None: dissect::addData(s, 0, end); break;
    }
}

} // namespace synscope
