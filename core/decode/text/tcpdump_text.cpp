// tcpdump-style lines: time stamp, link prefix, IPv4/IPv6, ARP, ICMP/ICMPv6 and the fallbacks.
#include "decode/text/tcpdump_printer.h"

#include "common/byte_order.h"
#include "common/link_types.h"
#include "decode/tree/tree_builders.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <net/if.h>

namespace synscope {

void appendTcpdumpTime(const Timestamp& t, std::string& out)
{
    char buf[48];
    const int n = std::snprintf(buf, sizeof buf, "%lld.%06u", static_cast<long long>(t.seconds), t.nanoseconds / 1000);
    out.append(buf, static_cast<std::size_t>(n));
}

std::size_t TcpdumpFormatter::KeyHash::operator()(const Key& k) const
{
    std::uint64_t h = 1469598103934665603ull ^ k.ports ^ (std::uint64_t{k.version} << 40);
    for (std::size_t i = 0; i < 16; ++i) {
        h = (h ^ k.lowAddr[i]) * 1099511628211ull;
        h = (h ^ k.highAddr[i]) * 1099511628211ull;
    }
    return static_cast<std::size_t>(h);
}

void TcpdumpFormatter::appendLine(const Packet& packet, std::span<const std::uint8_t> frame,
                                  const FrameContext& context, std::string& out)
{
    appendTcpdumpTime(context.time, out);
    out += ' ';
    appendText(packet, frame, context, out);
}

void TcpdumpFormatter::appendText(const Packet& packet, std::span<const std::uint8_t> frame,
                                  const FrameContext& context, std::string& out)
{
    TcpdumpPrinter p{*this, packet, frame, context, out};
    p.printPacket();
}

void TcpdumpPrinter::printf(const char* fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    const int n = std::vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > 0)
        out.append(buf, std::min<std::size_t>(static_cast<std::size_t>(n), sizeof buf - 1));
}

void TcpdumpPrinter::addr(const IpAddress& a)
{
    char buf[48];
    out.append(buf, a.format(buf));
}

void TcpdumpPrinter::addrPort(const IpAddress& a, std::uint16_t port)
{
    addr(a);
    out += '.';
    char buf[8];
    const int n = std::snprintf(buf, sizeof buf, "%u", port);
    out.append(buf, static_cast<std::size_t>(n));
}

namespace {

const char* sllDirection(std::uint16_t packetType)
{
    switch (packetType) {
    case 0: return "In";
    case 1: return "B";
    case 2: return "M";
    case 3: return "P";
    case 4: return "Out";
    default: return "?";
    }
}

bool isLinkLayer(Proto p)
{
    return p == Proto::Ethernet || p == Proto::Vlan || p == Proto::LinuxSll || p == Proto::LinuxSll2 ||
           p == Proto::Null || p == Proto::PppoeSession || p == Proto::Ppp || p == Proto::Llc;
}

} // namespace

void TcpdumpPrinter::printPacket()
{
    const auto& layers = packet.layers;
    if (layers.empty()) {
        const char* name = linktype::name(packet.linkType);
        printf("[link type %u%s%s not decoded], length %u", packet.linkType, name ? ": " : "", name ? name : "",
               packet.originalLength);
        return;
    }
    std::size_t i = 0;
    for (; i < layers.size() && isLinkLayer(layers[i].proto); ++i) {
        const Layer& l = layers[i];
        if (l.truncated) {
            printf("[|%s]", protoAbbrev(l.proto));
            return;
        }
        if (l.proto == Proto::LinuxSll2) {
            const SllInfo& s = packet.sll[l.info];
            char name[IF_NAMESIZE + 1] = "?";
            // tcpdump names the interface as the machine running it knows it; so do we.
            if (!if_indextoname(s.interfaceIndex, name))
                std::snprintf(name, sizeof name, "?");
            printf("%-5s %-3s ", name, sllDirection(s.packetType));
        } else if (l.proto == Proto::PppoeSession) {
            printf("PPPoE  [ses 0x%x] ", packet.pppoe[l.info].sessionId);
        } else if (l.proto == Proto::Vlan && i > 0 && layers[i - 1].proto == Proto::LinuxSll) {
            const std::uint16_t t = packet.vlan[l.info].etherType;
            printf("ethertype %s, ", t == 0x0800 ? "IPv4" : t == 0x86dd ? "IPv6" : tree::etherTypeName(t));
        }
    }
    if (i == layers.size()) {
        // Link header only: an LLC frame or a link type without network decoding.
        const Layer& last = layers[layers.size() - 1];
        if (last.proto == Proto::Llc) {
            const LlcInfo& x = packet.llc[last.info];
            printf("LLC, dsap 0x%02x, ssap 0x%02x, ctrl 0x%02x, length %u", x.dsap, x.ssap, x.control,
                   packet.originalLength - last.offset);
        } else {
            printf("length %u", packet.originalLength);
        }
        return;
    }
    printNetwork(i);
}

void TcpdumpPrinter::printNetwork(std::size_t i)
{
    const Layer& l = packet.layers[i];
    switch (l.proto) {
    case Proto::Ipv4: printIpv4(i); return;
    case Proto::Ipv6: printIpv6(i); return;
    case Proto::Arp: printArp(l); return;
    default: break;
    }
    // An EtherType / family / protocol SynScope does not decode.
    if (i > 0 && packet.layers[i - 1].proto == Proto::Ethernet) {
        const EthernetInfo& e = packet.ethernet[packet.layers[i - 1].info];
        const char* name = tree::etherTypeName(e.typeOrLength);
        printf("%s > %s, ethertype %s (0x%04x), length %u", e.src.toString().c_str(), e.dst.toString().c_str(),
               name, e.typeOrLength, packet.originalLength);
        return;
    }
    if (i > 0 && packet.layers[i - 1].proto == Proto::Null) {
        printf("AF Unknown (%u), length %u", packet.null[packet.layers[i - 1].info].family, packet.originalLength);
        return;
    }
    if (i > 0 && packet.layers[i - 1].proto == Proto::Vlan) {
        const std::uint16_t t = packet.vlan[packet.layers[i - 1].info].etherType;
        printf("ethertype %s (0x%04x), length %u", tree::etherTypeName(t), t, packet.originalLength);
        return;
    }
    printf("length %u", packet.originalLength);
}

void TcpdumpPrinter::printIpv4(std::size_t i)
{
    const Layer& l = packet.layers[i];
    const Ipv4Info& ip = packet.ipv4[l.info];
    const bool noLinkHeader = i == 0;
    if (l.malformed && l.length == 1) { // wrong version
        const unsigned version = frame[l.offset] >> 4;
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
        const unsigned version = frame[l.offset] >> 4;
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

bool TcpdumpPrinter::printIpv6Extension(std::uint8_t type, std::uint32_t at, const Ipv6Info& ip, const Layer& l,
                                        std::uint32_t declared)
{
    const std::uint32_t end = static_cast<std::uint32_t>(frame.size());
    auto have = [&](std::uint32_t n) { return at + n <= end; };
    auto trunc = [&](const char* name) {
        printf(" [|%s]", name);
        return false;
    };
    switch (type) {
    case 0:
    case 60:
        out += type == 0 ? "HBH " : "DSTOPT ";
        if (!have(2))
            return trunc(type == 0 ? "hbhopt" : "dstopt");
        return have((frame[at + 1] + 1u) * 8) || trunc(type == 0 ? "hbhopt" : "dstopt");
    case 44:
        if (!have(8)) {
            out += "frag";
            return trunc("frag6");
        }
        printf("frag (%u|%u)", ip.fragmentOffset, declared - (at + 8 - (l.offset + 40)));
        // A later fragment ends the line here; the first goes on with its upper layer.
        if (ip.fragmentOffset == 0)
            out += ' ';
        return true;
    case 51: {
        out += "AH(";
        if (!have(12))
            return trunc("ah");
        const std::uint32_t ahLength = (frame[at + 1] + 2u) * 4;
        printf("spi=0x%08x,seq=0x%x,icv=0x", loadBe32(frame.data() + at + 4), loadBe32(frame.data() + at + 8));
        for (std::uint32_t i = 12; i < ahLength; ++i) {
            if (!have(i + 1))
                return trunc("ah");
            printf("%02x", frame[at + i]);
        }
        out += "): ";
        return true;
    }
    case 43: {
        out += "RT6";
        if (!have(2))
            return trunc("rt6");
        const unsigned len = frame[at + 1];
        printf(" (len=%u", len);
        if (!have(3))
            return trunc("rt6");
        const unsigned rtype = frame[at + 2];
        printf(", type=%u%s", rtype, rtype == 0 ? " [Deprecated]" : "");
        if (!have(4))
            return trunc("rt6");
        printf(", segleft=%u", frame[at + 3]);
        if (rtype == 0 || rtype == 2 || rtype == 4) {
            if (!have(8))
                return trunc("rt6");
            if (rtype == 4) {
                printf(", last-entry=%u", frame[at + 4]);
                if (frame[at + 5])
                    printf(", flags=0x%x", frame[at + 5]);
                printf(", tag=%x", loadBe16(frame.data() + at + 6));
            } else if (const std::uint32_t rsv = loadBe32(frame.data() + at + 4)) {
                printf(", rsv=0x%x", rsv);
            }
            if (len % 2 == 1) {
                printf(" (invalid length %u) (invalid)", len);
                return false;
            }
            for (unsigned i = 0; i < len / 2; ++i) {
                if (!have(8 + 16 * (i + 1)))
                    return trunc("rt6");
                printf(", [%u]%s", i, IpAddress::v6(frame.data() + at + 8 + 16 * i).toString().c_str());
            }
            out += ") ";
            return true;
        }
        out += " (unknown type) (invalid)";
        return false;
    }
    default: printf("ext-%u ", type); return true;
    }
}

void TcpdumpPrinter::printTransport(std::size_t i, const IpAddress& src, const IpAddress& dst,
                                    std::uint32_t segmentLength, bool afterExtensionHeaders, bool fragmented)
{
    const Layer* n = next(i);
    // The IPv6 printer has already written "src > dst: " when extension headers precede the payload.
    auto addressesOnce = [&] {
        if (afterExtensionHeaders)
            return;
        addr(src);
        out += " > ";
        addr(dst);
        out += ": ";
    };
    if (!n || n->depth != packet.layers[i].depth) {
        addressesOnce();
        printf(" ip-proto-%u %u", src.version == 4 ? packet.ipv4[packet.layers[i].info].protocol
                                                   : packet.ipv6[packet.layers[i].info].upperProtocol,
               segmentLength);
        return;
    }
    switch (n->proto) {
    case Proto::Tcp: printTcp(*n, src, dst, segmentLength, afterExtensionHeaders); return;
    case Proto::Udp: printUdp(*n, src, dst, segmentLength, afterExtensionHeaders, fragmented); return;
    case Proto::Icmp:
        addressesOnce();
        printIcmp(i + 1, segmentLength);
        return;
    case Proto::Icmpv6:
        addressesOnce();
        printIcmpv6(i + 1, segmentLength);
        return;
    case Proto::Ipv4:
    case Proto::Ipv6:
        addressesOnce();
        printNetwork(i + 1);
        return;
    default: {
        const std::uint8_t proto = src.version == 4 ? packet.ipv4[packet.layers[i].info].protocol
                                                    : packet.ipv6[packet.layers[i].info].upperProtocol;
        addressesOnce();
        printf(" ip-proto-%u %u", proto, segmentLength);
        return;
    }
    }
}

void TcpdumpPrinter::printArp(const Layer& l)
{
    const ArpInfo& a = packet.arp[l.info];
    const std::uint32_t length = wireBytesFrom(l.offset);
    out += "ARP, ";
    if (l.length < 8) {
        out += "[|arp]";
        return;
    }
    // tcpdump interprets any hardware type, as long as the protocol addresses are IPv4.
    const bool ipv4 = (a.protocolType == 0x0800 || a.protocolType == 0x1000) && a.protocolSize == 4 && a.hardwareSize != 0;
    if (!ipv4) {
        if (a.hardwareType == 1)
            out += "Ethernet";
        else
            printf("Unknown Hardware (%u)", a.hardwareType);
        printf(" (len %u), ", a.hardwareSize);
        if (a.protocolType == 0x0800)
            out += "IPv4";
        else
            printf("Unknown Protocol (0x%04x)", a.protocolType);
        printf(" (len %u), length %u", a.protocolSize, length);
        return;
    }
    if (!a.addressesPresent) {
        out += "[|arp]";
        return;
    }
    const std::uint32_t sha = l.offset + 8, tha = sha + a.hardwareSize + 4;
    auto mac = [&](std::uint32_t at) {
        std::string s;
        for (std::uint32_t k = 0; k < a.hardwareSize; ++k)
            s += tree::format(k ? ":%02x" : "%02x", frame[at + k]);
        return s;
    };
    bool targetMacZero = true;
    for (std::uint32_t k = 0; k < a.hardwareSize; ++k)
        targetMacZero = targetMacZero && frame[tha + k] == 0;
    switch (a.opcode) {
    case 1:
        out += "Request who-has ";
        addr(a.targetIp);
        if (!targetMacZero)
            printf(" (%s)", mac(tha).c_str());
        out += " tell ";
        addr(a.senderIp);
        break;
    case 2:
        out += "Reply ";
        addr(a.senderIp);
        printf(" is-at %s", mac(sha).c_str());
        break;
    case 3: printf("Reverse Request who-is %s tell %s", mac(tha).c_str(), mac(sha).c_str()); break;
    case 4:
        printf("Reverse Reply %s at ", mac(tha).c_str());
        addr(a.targetIp);
        break;
    case 8: printf("Inverse Request who-is %s tell %s", mac(tha).c_str(), mac(sha).c_str()); break;
    case 9:
        printf("Inverse Reply %s at ", mac(sha).c_str());
        addr(a.senderIp);
        break;
    case 10: out += "NACK Reply"; break;
    default: printf("Unknown (%u)", a.opcode); break;
    }
    printf(", length %u", length);
}

} // namespace synscope
