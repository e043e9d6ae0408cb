// Tree nodes of IPv4 and IPv6 (with extension headers).
#include "decode/tree/tree_builders.h"

#include "decode/protocols/ip_headers.h"

namespace synscope::tree {

const char* ipProtocolName(std::uint8_t proto)
{
    switch (proto) {
    case 0: return "IPv6 Hop-by-Hop Option";
    case 1: return "ICMP";
    case 2: return "IGMP";
    case 4: return "IPIP";
    case 6: return "TCP";
    case 17: return "UDP";
    case 41: return "IPv6";
    case 43: return "Routing Header for IPv6";
    case 44: return "Fragment Header for IPv6";
    case 47: return "Generic Routing Encapsulation";
    case 50: return "Encap Security Payload";
    case 51: return "Authentication Header";
    case 58: return "ICMPv6";
    case 59: return "IPv6 No Next Header";
    case 60: return "Destination Options for IPv6";
    case 89: return "OSPF IGP";
    case 103: return "PIM";
    case 112: return "Virtual Router Redundancy Protocol";
    case 132: return "Stream Control Transmission Protocol";
    case 135: return "Mobile IPv6";
    default: return "Unknown";
    }
}

namespace {

std::string checksumText(const char* label, std::uint16_t value, ChecksumStatus status, std::uint16_t correct)
{
    switch (status) {
    case ChecksumStatus::Good: return format("%s: 0x%04x [correct]", label, value);
    case ChecksumStatus::Bad: return format("%s: 0x%04x incorrect, should be 0x%04x", label, value, correct);
    case ChecksumStatus::Unverified: break;
    }
    return format("%s: 0x%04x [unverified]", label, value);
}

} // namespace

void addIpv4(Ctx& c, const Layer& l, int parent)
{
    const Ipv4Info& ip = c.packet.ipv4[l.info];
    const std::uint32_t o = l.offset;
    const bool full = l.length >= 20;
    const int n = c.tree.add(parent, "ip",
                             full ? "Internet Protocol Version 4, Src: " + ip.src.toString() +
                                        ", Dst: " + ip.dst.toString()
                                  : std::string("Internet Protocol Version 4"),
                             o, l.length);
    if (l.length >= 1) {
        const std::uint8_t b0 = c.bytes(l).peekU8();
        c.tree.add(n, "ip.version", bitLine(b0, 0xf0, 8, "Version", format("%u", b0 >> 4).c_str()), o, 1,
                   std::uint64_t{static_cast<unsigned>(b0 >> 4)});
        if (l.malformed && (b0 >> 4) != 4) {
            addLayerProblems(c, n, l);
            return;
        }
        c.tree.add(n, "ip.hdr_len",
                   bitLine(b0, 0x0f, 8, "Header Length", format("%u bytes (%u)", ip.headerLength, b0 & 0x0f).c_str()),
                   o, 1, std::uint64_t{ip.headerLength});
    }
    if (l.length >= 2)
        c.tree.add(n, "ip.dsfield",
                   format("Differentiated Services Field: 0x%02x (DSCP: %u, ECN: %u)", ip.tos, ip.tos >> 2, ip.tos & 3),
                   o + 1, 1, std::uint64_t{ip.tos});
    if (l.length >= 4)
        c.tree.add(n, "ip.len", format("Total Length: %u", ip.totalLength), o + 2, 2, std::uint64_t{ip.totalLength});
    if (l.length >= 6)
        c.tree.add(n, "ip.id", format("Identification: 0x%04x (%u)", ip.id, ip.id), o + 4, 2, std::uint64_t{ip.id});
    if (l.length >= 8) {
        const std::uint16_t ff = dissect::Ipv4Fields<8>{c.bytes(l).peek<8>()}.flagsAndOffset();
        const unsigned flags = ff >> 13;
        const char* flagName = ip.dontFragment ? ", Don't fragment" : ip.moreFragments ? ", More fragments" : "";
        const int fl = c.tree.add(n, "ip.flags", format("Flags: 0x%x%s", flags, flagName), o + 6, 1,
                                  std::uint64_t{flags});
        c.tree.add(fl, "ip.flags.rb", bitLine(flags, 4, 3, "Reserved bit", ip.reservedFlag ? "Set" : "Not set"), o + 6,
                   1, std::uint64_t{ip.reservedFlag ? 1u : 0u});
        c.tree.add(fl, "ip.flags.df", bitLine(flags, 2, 3, "Don't fragment", ip.dontFragment ? "Set" : "Not set"),
                   o + 6, 1, std::uint64_t{ip.dontFragment ? 1u : 0u});
        c.tree.add(fl, "ip.flags.mf", bitLine(flags, 1, 3, "More fragments", ip.moreFragments ? "Set" : "Not set"),
                   o + 6, 1, std::uint64_t{ip.moreFragments ? 1u : 0u});
        c.tree.add(n, "ip.frag_offset", format("Fragment Offset: %u", ip.fragmentOffset), o + 6, 2,
                   std::uint64_t{ip.fragmentOffset});
    }
    if (l.length >= 9) {
        const bool low = ip.ttl <= 1 && l.depth == 0;
        c.tree.add(n, "ip.ttl", format("Time to Live: %u", ip.ttl), o + 8, 1, std::uint64_t{ip.ttl},
                   low ? FieldSeverity::Note : FieldSeverity::None);
    }
    if (l.length >= 10)
        c.tree.add(n, "ip.proto", format("Protocol: %s (%u)", ipProtocolName(ip.protocol), ip.protocol), o + 9, 1,
                   std::uint64_t{ip.protocol});
    if (full) {
        c.tree.add(n, "ip.checksum",
                   checksumText("Header Checksum", ip.checksum, ip.checksumStatus, ip.checksumComputed), o + 10, 2,
                   std::uint64_t{ip.checksum}, ip.checksumStatus == ChecksumStatus::Bad ? FieldSeverity::Error
                                                                                      : FieldSeverity::None);
        c.tree.add(n, "ip.checksum.status",
                   format("[Header checksum status: %s]", checksumStatusName(ip.checksumStatus)), 0, 0,
                   std::string(checksumStatusName(ip.checksumStatus)));
        c.tree.add(n, "ip.src", "Source Address: " + ip.src.toString(), o + 12, 4, ip.src.toString());
        c.tree.add(n, "ip.dst", "Destination Address: " + ip.dst.toString(), o + 16, 4, ip.dst.toString());
        if (ip.headerLength > 20 && l.length >= ip.headerLength)
            c.tree.add(n, "ip.options", format("Options: (%u bytes)", ip.headerLength - 20u), o + 20,
                       ip.headerLength - 20u);
        if (ip.isFragment())
            c.tree.add(n, "", ip.fragmentOffset ? format("[Fragment at offset %u: not the first fragment, its payload "
                                                         "is not decoded]",
                                                         ip.fragmentOffset)
                                                : std::string("[First fragment: more fragments follow]"),
                       0, 0, {}, FieldSeverity::Note);
    }
    addLayerProblems(c, n, l);
}

namespace {
const char* extensionName(std::uint8_t t)
{
    switch (t) {
    case 0: return "IPv6 Hop-by-Hop Option";
    case 43: return "Routing Header for IPv6";
    case 44: return "Fragment Header for IPv6";
    case 51: return "Authentication Header";
    case 60: return "Destination Options for IPv6";
    case 135: return "Mobility Header";
    default: return "Extension header";
    }
}
const char* extensionAbbrev(std::uint8_t t)
{
    switch (t) {
    case 0: return "ipv6.hopopts";
    case 43: return "ipv6.routing";
    case 44: return "ipv6.fraghdr";
    case 60: return "ipv6.dstopts";
    default: return "ipv6.ext";
    }
}
} // namespace

void addIpv6(Ctx& c, const Layer& l, int parent)
{
    const Ipv6Info& ip = c.packet.ipv6[l.info];
    const std::uint32_t o = l.offset;
    const bool full = l.length >= 40;
    const int n = c.tree.add(parent, "ipv6",
                             full ? "Internet Protocol Version 6, Src: " + ip.src.toString() +
                                        ", Dst: " + ip.dst.toString()
                                  : std::string("Internet Protocol Version 6"),
                             o, l.length);
    if (l.length >= 1) {
        const std::uint8_t b0 = c.bytes(l).peekU8();
        c.tree.add(n, "ipv6.version", bitLine(b0, 0xf0, 8, "Version", format("%u", b0 >> 4).c_str()), o, 1,
                   std::uint64_t{static_cast<unsigned>(b0 >> 4)});
    }
    if (l.malformed && l.length == 1) {
        addLayerProblems(c, n, l);
        return;
    }
    if (full) {
        c.tree.add(n, "ipv6.tclass", format("Traffic Class: 0x%02x", ip.trafficClass), o, 2,
                   std::uint64_t{ip.trafficClass});
        c.tree.add(n, "ipv6.flow", format("Flow Label: 0x%05x", ip.flowLabel), o + 1, 3, std::uint64_t{ip.flowLabel});
    }
    if (l.length >= 8) {
        c.tree.add(n, "ipv6.plen", format("Payload Length: %u", ip.payloadLength), o + 4, 2,
                   std::uint64_t{ip.payloadLength});
        c.tree.add(n, "ipv6.nxt", format("Next Header: %s (%u)", ipProtocolName(ip.nextHeader), ip.nextHeader), o + 6,
                   1, std::uint64_t{ip.nextHeader});
        c.tree.add(n, "ipv6.hlim", format("Hop Limit: %u", ip.hopLimit), o + 7, 1, std::uint64_t{ip.hopLimit});
    }
    if (full) {
        c.tree.add(n, "ipv6.src", "Source Address: " + ip.src.toString(), o + 8, 16, ip.src.toString());
        c.tree.add(n, "ipv6.dst", "Destination Address: " + ip.dst.toString(), o + 24, 16, ip.dst.toString());
    }
    for (const Ipv6ExtensionHeader& x : ip.extensions) {
        const std::uint32_t avail = std::min<std::uint32_t>(x.length, c.packet.capturedLength - x.offset);
        const int e = c.tree.add(n, extensionAbbrev(x.type),
                                 format("%s, Next Header: %s (%u), Length: %u bytes", extensionName(x.type),
                                        ipProtocolName(x.nextHeader), x.nextHeader, x.length),
                                 x.offset, avail);
        c.tree.add(e, "ipv6.nxt", format("Next Header: %s (%u)", ipProtocolName(x.nextHeader), x.nextHeader), x.offset,
                   1, std::uint64_t{x.nextHeader});
        if (x.type == 44) {
            c.tree.add(e, "ipv6.fraghdr.offset", format("Offset: %u", ip.fragmentOffset / 8), x.offset + 2, 2,
                       std::uint64_t{ip.fragmentOffset / 8u});
            c.tree.add(e, "ipv6.fraghdr.more", format("More Fragments: %s", ip.moreFragments ? "Yes" : "No"),
                       x.offset + 3, 1, std::uint64_t{ip.moreFragments ? 1u : 0u});
            c.tree.add(e, "ipv6.fraghdr.ident", format("Identification: 0x%08x", ip.fragmentId), x.offset + 4, 4,
                       std::uint64_t{ip.fragmentId});
        }
        if (x.type == 0 && ip.jumboLength)
            c.tree.add(e, "ipv6.opt.jumbo", format("Payload Length: %u (jumbo payload)", ip.jumboLength), x.offset, avail,
                       std::uint64_t{ip.jumboLength});
    }
    addLayerProblems(c, n, l);
}

} // namespace synscope::tree
