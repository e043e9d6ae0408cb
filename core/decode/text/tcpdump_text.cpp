// tcpdump-style lines: time stamp, link prefix, IPv4/IPv6, ARP, ICMP/ICMPv6 and the fallbacks.
#include "decode/text/tcpdump_printer.h"

#include "common/byte_order.h"
#include "common/link_types.h"
#include "common/text_append.h"
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
    va_list ap;
    va_start(ap, fmt);
    appendFormatV(out, fmt, ap);
    va_end(ap);
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
    auto hardwareAddress = [&](std::uint32_t at) { return ByteReader(frame).at(at).upTo(at + a.hardwareSize); };
    auto mac = [&](std::uint32_t at) { return tree::hexBytes(hardwareAddress(at), ":"); };
    bool targetMacZero = true;
    for (ByteReader r = hardwareAddress(tha); !r.atEnd();)
        if (r.u8() != 0)
            targetMacZero = false;
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
