// tcpdump-style text of IPv4 and IPv6 headers (tcpdump 4.99's print-ip.c and print-ip6.c): lengths,
// fragments, the IPv6 extension headers, then the transport layer.
#include "decode/text/tcpdump_printer.h"

#include "decode/protocols/ip_headers.h"

#include <algorithm>

namespace synscope {

void TcpdumpPrinter::printIpv4(std::size_t i)
{
    const Layer& l = packet.layers[i];
    const Ipv4Info& ip = packet.ipv4[l.info];
    const bool noLinkHeader = i == 0;
    if (l.malformed && l.length == 1) { // wrong version
        const unsigned version = dissect::ipVersion(ByteReader(frame).at(l.offset).peekU8());
        if (noLinkHeader)
            printf("unknown ip %u", version);
        else if (version == 6)
            out += "IP6, wrong link-layer encapsulation (invalid)";
        else
            printf("IP%u (invalid)", version);
        return;
    }
    out += "IP ";
    const std::uint32_t wire = wireBytesFrom(l.offset);
    if (l.length < 20 && !l.malformed) {
        if (wire < 20)
            printf("truncated-ip %u", wire);
        else
            out += " [|ip]";
        return;
    }
    if (ip.headerLength < 20) {
        printf("bad-hlen %u", ip.headerLength);
        return;
    }
    std::uint32_t ipLen = ip.totalLength;
    if (ipLen == 0)
        ipLen = wire; // segmentation offload (tcpdump does the same for length 0)
    if (ipLen > wire)
        printf("truncated-ip - %u bytes missing! ", ipLen - wire);
    if (ipLen < ip.headerLength) {
        printf("bad-len %u", ipLen);
        return;
    }
    if (l.truncated) {
        // The captured bytes end inside the header. tcpdump (print-ip.c) names the protocols other than
        // TCP/UDP/SCTP/DCCP by their addresses first, then says how many bytes were left (the capture,
        // cut to the total length) against the header length.
        if (ip.fragmentOffset == 0 && ip.headerLength > 20) {
            const std::uint8_t p = ip.protocol;
            if (p != 6 && p != 17 && p != 132 && p != 33) {
                addr(ip.src);
                out += " > ";
                addr(ip.dst);
                out += ": ";
            }
            const std::uint32_t captured = frame.size() > l.offset ? static_cast<std::uint32_t>(frame.size()) - l.offset : 0;
            printf(" [remaining caplen(%u) < header length(%u)]", std::min(captured, ipLen), unsigned(ip.headerLength));
        }
        out += " [|ip]";
        return;
    }
    const std::uint32_t payloadLength = ipLen - ip.headerLength;
    if (ip.fragmentOffset != 0) {
        addr(ip.src);
        out += " > ";
        addr(ip.dst);
        printf(": ip-proto-%u", ip.protocol);
        return;
    }
    printTransport(i, ip.src, ip.dst, payloadLength, false, ip.moreFragments);
}

void TcpdumpPrinter::printIpv6(std::size_t i)
{
    const Layer& l = packet.layers[i];
    const Ipv6Info& ip = packet.ipv6[l.info];
    if (i > 0) {
        // IPv6 behind the IPv4 EtherType (the decoder follows Wireshark and decodes it anyway).
        const Layer& link = packet.layers[i - 1];
        std::uint16_t type = 0;
        if (link.proto == Proto::Ethernet)
            type = packet.ethernet[link.info].typeOrLength;
        else if (link.proto == Proto::Vlan)
            type = packet.vlan[link.info].etherType;
        else if (link.proto == Proto::LinuxSll || link.proto == Proto::LinuxSll2)
            type = packet.sll[link.info].protocol;
        if (type == 0x0800) {
            out += "IP6, wrong link-layer encapsulation (invalid)";
            return;
        }
    }
    if (l.malformed && l.length == 1) {
        const unsigned version = dissect::ipVersion(ByteReader(frame).at(l.offset).peekU8());
        if (i == 0)
            printf("unknown ip %u", version);
        else
            printf("IP6 version error: %u != 6", version);
        return;
    }
    out += "IP6 ";
    if (l.length < 40) {
        printf("truncated-ip6 %u", wireBytesFrom(l.offset));
        return;
    }
    std::uint32_t declared = ip.payloadLength;
    if (declared == 0 && ip.jumboLength)
        declared = ip.jumboLength;
    else if (declared == 0 && ip.upperProtocol != 59)
        declared = wireBytesFrom(l.offset + 40);
    const std::uint32_t wire = wireBytesFrom(l.offset + 40);
    if (declared > wire)
        printf("truncated-ip6 - %u bytes missing!", declared - wire);
    const std::uint8_t upper = ip.upperProtocol;
    const bool direct = ip.extensions.empty() && (upper == 6 || upper == 17);
    if (!direct) {
        addr(ip.src);
        out += " > ";
        addr(ip.dst);
        out += ": ";
        for (const Ipv6ExtensionHeader& x : ip.extensions)
            if (!printIpv6Extension(x.type, x.offset, ip, l, declared))
                return;
        // A header the capture cut short before the decoder could list it.
        if (l.truncated && ip.extensions.empty() == false && ip.extensions[ip.extensions.size() - 1].offset == ip.upperOffset)
            return;
        if (l.truncated) {
            printIpv6Extension(ip.upperProtocol, ip.upperOffset, ip, l, declared);
            return;
        }
    }
    if (l.truncated) {
        out += "[|ip6]";
        return;
    }
    if (l.malformed) {
        printf("[%s]", l.malformed);
        return;
    }
    const std::uint32_t extBytes = ip.upperOffset - (l.offset + 40);
    const std::uint32_t upperLength = declared >= extBytes ? declared - extBytes : 0;
    if (ip.isFragment && ip.fragmentOffset != 0)
        return; // "frag (off|len)" is all tcpdump prints for a later fragment
    if (upper == 59) {
        out += "no next header";
        return;
    }
    printTransport(i, ip.src, ip.dst, upperLength, !direct, ip.isFragment);
}

namespace {

bool cut(TcpdumpPrinter& p, const char* name)
{
    p.printf(" [|%s]", name);
    return false;
}

// Hop-by-hop and destination options: only whether the capture holds the whole header.
bool printOptionsHeader(TcpdumpPrinter& p, std::uint8_t type, const ByteReader& h)
{
    const char* name = type == 0 ? "hbhopt" : "dstopt";
    p.out += type == 0 ? "HBH " : "DSTOPT ";
    const FixedBytes<2> start = h.peek<2>();
    if (!start)
        return cut(p, name);
    return h.has((start.u8<1>() + 1u) * 8) || cut(p, name);
}

bool printAuthenticationHeader(TcpdumpPrinter& p, ByteReader h)
{
    p.out += "AH(";
    const FixedBytes<12> fixed = h.fixed<12>();
    if (!fixed)
        return cut(p, "ah");
    const std::uint32_t ahLength = (fixed.u8<1>() + 2u) * 4;
    p.printf("spi=0x%08x,seq=0x%x,icv=0x", fixed.be32<4>(), fixed.be32<8>());
    for (std::uint32_t i = 12; i < ahLength; ++i) {
        if (h.atEnd())
            return cut(p, "ah");
        p.printf("%02x", h.u8());
    }
    p.out += "): ";
    return true;
}

bool printRoutingHeader(TcpdumpPrinter& p, ByteReader h)
{
    p.out += "RT6";
    if (!h.skip(1) || h.atEnd())
        return cut(p, "rt6");
    const unsigned len = h.u8();
    p.printf(" (len=%u", len);
    if (h.atEnd())
        return cut(p, "rt6");
    const unsigned rtype = h.u8();
    p.printf(", type=%u%s", rtype, rtype == 0 ? " [Deprecated]" : "");
    if (h.atEnd())
        return cut(p, "rt6");
    p.printf(", segleft=%u", h.u8());
    if (rtype != 0 && rtype != 2 && rtype != 4) {
        p.out += " (unknown type) (invalid)";
        return false;
    }
    const FixedBytes<4> rest = h.fixed<4>();
    if (!rest)
        return cut(p, "rt6");
    if (rtype == 4) {
        p.printf(", last-entry=%u", rest.u8<0>());
        if (rest.u8<1>())
            p.printf(", flags=0x%x", rest.u8<1>());
        p.printf(", tag=%x", rest.be16<2>());
    } else if (const std::uint32_t rsv = rest.be32<0>()) {
        p.printf(", rsv=0x%x", rsv);
    }
    if (len % 2 == 1) {
        p.printf(" (invalid length %u) (invalid)", len);
        return false;
    }
    for (unsigned i = 0; i < len / 2; ++i) {
        const std::uint8_t* address = h.take(16);
        if (!address)
            return cut(p, "rt6");
        p.printf(", [%u]%s", i, IpAddress::v6(address).toString().c_str());
    }
    p.out += ") ";
    return true;
}

} // namespace

bool TcpdumpPrinter::printIpv6Extension(std::uint8_t type, std::uint32_t at, const Ipv6Info& ip, const Layer& l,
                                        std::uint32_t declared)
{
    const ByteReader h = ByteReader(frame).at(at);
    switch (type) {
    case 0:
    case 60: return printOptionsHeader(*this, type, h);
    case 44:
        if (!h.has(8)) {
            out += "frag";
            return cut(*this, "frag6");
        }
        printf("frag (%u|%u)", ip.fragmentOffset, declared - (at + 8 - (l.offset + dissect::kIpv6HeaderLength)));
        // A later fragment ends the line here; the first goes on with its upper layer.
        if (ip.fragmentOffset == 0)
            out += ' ';
        return true;
    case 51: return printAuthenticationHeader(*this, h);
    case 43: return printRoutingHeader(*this, h);
    default: printf("ext-%u ", type); return true;
    }
}

} // namespace synscope
