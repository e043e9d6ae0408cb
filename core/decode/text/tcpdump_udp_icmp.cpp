// tcpdump-style text for UDP, DNS, ICMP and ICMPv6.
#include "decode/text/tcpdump_printer.h"

#include "decode/protocols/dns_names.h"
#include "decode/tree/tree_builders.h"

#include <algorithm>

namespace synscope {

namespace {

const IpAddress* quotedDestination(const Packet& p, std::size_t icmpIndex, std::uint8_t* protocol,
                                   const Layer** transport)
{
    const std::uint8_t depth = p.layers[icmpIndex].depth + 1;
    const IpAddress* dst = nullptr;
    for (std::size_t k = icmpIndex + 1; k < p.layers.size() && p.layers[k].depth >= depth; ++k) {
        const Layer& l = p.layers[k];
        if (l.depth != depth)
            continue;
        if (l.proto == Proto::Ipv4 && !dst && l.length >= 20) {
            dst = &p.ipv4[l.info].dst;
            *protocol = p.ipv4[l.info].protocol;
        } else if (l.proto == Proto::Ipv6 && !dst && l.length >= 40) {
            dst = &p.ipv6[l.info].dst;
            *protocol = p.ipv6[l.info].upperProtocol;
        } else if ((l.proto == Proto::Tcp || l.proto == Proto::Udp) && !*transport) {
            *transport = &l;
        }
    }
    return dst;
}

// What an ICMP error quotes, as tcpdump names it: the quoted datagram's destination ("?" when its IP
// header is not there), its protocol and, when its transport header has one, its destination port.
struct Quotation {
    std::string destination = "?";
    std::uint8_t protocol = 0;
    bool hasPort = false;
    std::uint16_t port = 0;
};

Quotation quotationOf(const Packet& p, std::size_t icmpIndex, bool isError)
{
    Quotation q;
    if (!isError)
        return q;
    const Layer* transport = nullptr;
    if (const IpAddress* dst = quotedDestination(p, icmpIndex, &q.protocol, &transport))
        q.destination = dst->toString();
    if (transport && transport->length >= 4) {
        q.hasPort = true;
        q.port = transport->proto == Proto::Tcp ? p.tcp[transport->info].dstPort : p.udp[transport->info].dstPort;
    }
    return q;
}

// "<destination> udp port N", "... tcp port N" or "... protocol P port N".
std::string portText(const Quotation& q)
{
    if (q.protocol == 17 && q.hasPort)
        return tree::format("%s udp port %u", q.destination.c_str(), q.port);
    if (q.protocol == 6 && q.hasPort)
        return tree::format("%s tcp port %u", q.destination.c_str(), q.port);
    return tree::format("%s protocol %u port %u", q.destination.c_str(), q.protocol, q.port);
}

void printIcmpUnreachable(TcpdumpPrinter& p, const IcmpInfo& m, const Quotation& q)
{
    const char* qd = q.destination.c_str();
    switch (m.code) {
    case 0: p.printf("net %s unreachable", qd); break;
    case 1: p.printf("host %s unreachable", qd); break;
    case 2: p.printf("%s protocol %u unreachable", qd, q.protocol); break;
    case 3: p.printf("%s unreachable", portText(q).c_str()); break;
    case 4:
        if (m.restOfHeader & 0xffff)
            p.printf("%s unreachable - need to frag (mtu %u)", qd, m.restOfHeader & 0xffff);
        else
            p.printf("%s unreachable - need to frag", qd);
        break;
    case 5: p.printf("%s unreachable - source route failed", qd); break;
    case 6: p.printf("net %s unreachable - unknown", qd); break;
    case 7: p.printf("host %s unreachable - unknown", qd); break;
    case 8: p.printf("%s unreachable - source host isolated", qd); break;
    case 9: p.printf("net %s unreachable - admin prohibited", qd); break;
    case 10: p.printf("host %s unreachable - admin prohibited", qd); break;
    case 11: p.printf("net %s unreachable - tos prohibited", qd); break;
    case 12: p.printf("host %s unreachable - tos prohibited", qd); break;
    case 13: p.printf("host %s unreachable - admin prohibited filter", qd); break;
    case 14: p.printf("host %s unreachable - host precedence violation", qd); break;
    case 15: p.printf("host %s unreachable - precedence cutoff", qd); break;
    default: p.printf("%s unreachable - #%u", qd, m.code); break;
    }
}

void printIcmpRedirect(TcpdumpPrinter& p, const IcmpInfo& m, const char* qd)
{
    const std::string gw = m.target.toString();
    switch (m.code) {
    case 0: p.printf("redirect %s to net %s", qd, gw.c_str()); break;
    case 1: p.printf("redirect %s to host %s", qd, gw.c_str()); break;
    case 2: p.printf("redirect-tos %s to net %s", qd, gw.c_str()); break;
    case 3: p.printf("redirect-tos %s to host %s", qd, gw.c_str()); break;
    default: p.printf("redirect-#%u %s to %s", m.code, qd, gw.c_str()); break;
    }
}

// A name as tcpdump writes it: with the trailing dot ("." for the root).
std::string dotted(const std::string& name) { return name.empty() ? std::string(".") : name + "."; }

void printDnsAnswer(TcpdumpPrinter& p, const DnsRecord& r)
{
    p.out += ' ';
    p.out += dnsTypeName(r.type);
    switch (r.type) {
    case 1:
    case 28: p.out += ' ' + r.data; break;
    case 2:
    case 5:
    case 12: p.out += ' ' + dotted(r.data); break;
    case 15: p.printf(" %s %u", dotted(r.data).c_str(), r.preference); break;
    case 33: p.printf(" %s:%u %u %u", dotted(r.data).c_str(), r.port, r.preference, r.weight); break;
    case 16: p.out += " \"" + r.data + "\""; break;
    default: break;
    }
}

} // namespace

void TcpdumpPrinter::printUdp(const Layer& l, const IpAddress& src, const IpAddress& dst,
                              std::uint32_t segmentLength, bool portsOnly, bool fragmented)
{
    const UdpInfo& u = packet.udp[l.info];
    if (l.length < 4) {
        if (!portsOnly) {
            addr(src);
            out += " > ";
            addr(dst);
            out += ":";
        }
        out += " [|udp]";
        return;
    }
    if (portsOnly)
        printf("%u > %u: ", u.srcPort, u.dstPort);
    else {
        addrPort(src, u.srcPort);
        out += " > ";
        addrPort(dst, u.dstPort);
        out += ": ";
    }
    if (segmentLength < 8) {
        printf("truncated-udp %u", segmentLength);
        return;
    }
    if (l.length < 8) {
        out += " [|udp]";
        return;
    }
    if (u.length < 8) {
        printf("truncated-udplength %u", u.length);
        return;
    }
    // tcpdump hands DNS the shorter of the UDP and IP lengths before it checks them against each other.
    const bool dnsPort = u.srcPort == 53 || u.dstPort == 53 || u.srcPort == 5353 || u.dstPort == 5353;
    const Layer* dns = packet.find(Proto::Dns, l.depth);
    if (dnsPort && dns) {
        printDns(*dns, std::min<std::uint32_t>(u.length, segmentLength) - 8u);
        return;
    }
    if (u.length > segmentLength && !fragmented) {
        printf("UDP, bad length %u > %u", u.length - 8u, segmentLength - 8u);
        return;
    }
    printf("UDP, length %u", u.length - 8u);
}

void TcpdumpPrinter::printDns(const Layer& l, std::uint32_t messageLength)
{
    const DnsInfo& d = packet.dns;
    if (messageLength < 12) {
        printf("domain [length %u < 12] (invalid)", messageLength);
        return;
    }
    if (l.truncated) {
        out += " [|domain]";
        return;
    }
    static const char* const kOps[16] = {"",     " inv_q", " stat", " op3",  " notify", " update", " op6",  " op7",
                                         " op8", " updateA", " updateD", " updateDA", " updateM", " updateMA",
                                         " zoneInit", " zoneRef"};
    static const char* const kRcodes[16] = {"",          " FormErr",  " ServFail", " NXDomain", " NotImp", " Refused",
                                            " YXDomain", " YXRRSet",  " NXRRSet",  " NotAuth",  " NotZone", " Resp11",
                                            " Resp12",   " Resp13",   " Resp14",   " NoChange"};
    const bool mdns = [&] {
        const Layer* u = packet.find(Proto::Udp, l.depth);
        return u && (packet.udp[u->info].srcPort == 5353 || packet.udp[u->info].dstPort == 5353);
    }();
    auto question = [&] {
        if (!d.hasQuestion)
            return;
        out += ' ';
        out += dnsTypeName(d.question.type);
        const std::uint16_t klass = d.question.klass & (mdns ? 0x7fff : 0xffff);
        if (klass != 1)
            printf(" %s", klass == 3 ? "CH" : klass == 4 ? "HS" : klass == 255 ? "ANY" : "Class?");
        if (mdns)
            out += (d.question.klass & 0x8000) ? " (QU)" : " (QM)";
        out += "? ";
        out += dotted(d.question.name);
    };
    if (d.isResponse()) {
        printf("%u%s%s%s%s%s%s", d.id, kOps[d.opcode()], kRcodes[d.rcode()], (d.flags & 0x0400) ? "*" : "",
               (d.flags & 0x0080) ? "" : "-", (d.flags & 0x0200) ? "|" : "", (d.flags & 0x0020) ? "$" : "");
        if (d.questionCount != 1)
            printf(" [%uq]", d.questionCount);
        printf(" %u/%u/%u", d.answerCount, d.authorityCount, d.additionalCount);
        for (std::size_t i = 0; i < d.answersDecoded; ++i) {
            if (i)
                out += ',';
            printDnsAnswer(*this, d.answers[i]);
        }
        if (l.malformed)
            out += " [|domain]";
    } else {
        printf("%u%s%s%s", d.id, kOps[d.opcode()], (d.flags & 0x0100) ? "+" : "", (d.flags & 0x0010) ? "%" : "");
        if (d.flags & 0x06cf)
            printf(" [b2&3=0x%x]", d.flags);
        if (d.answerCount)
            printf(" [%ua]", d.answerCount);
        if (d.questionCount != 1)
            printf(" [%uq]", d.questionCount);
        if (d.authorityCount)
            printf(" [%un]", d.authorityCount);
        if (d.additionalCount)
            printf(" [%uau]", d.additionalCount);
        question();
        if (l.malformed) {
            out += " [|domain]";
            return;
        }
    }
    printf(" (%u)", messageLength);
}

void TcpdumpPrinter::printIcmp(std::size_t i, std::uint32_t length)
{
    const Layer& l = packet.layers[i];
    const IcmpInfo& m = packet.icmp[l.info];
    out += "ICMP ";
    if (l.length < 8 && !(m.type == 4 || m.type == 10)) {
        out += "[|icmp]";
        return;
    }
    const Quotation q = quotationOf(packet, i, m.isError);
    const std::string& qd = q.destination;
    const std::uint32_t id = m.restOfHeader >> 16, seq = m.restOfHeader & 0xffff;
    switch (m.type) {
    case 0: printf("echo reply, id %u, seq %u", id, seq); break;
    case 8: printf("echo request, id %u, seq %u", id, seq); break;
    case 3: printIcmpUnreachable(*this, m, q); break;
    case 4: out += "source quench"; break;
    case 5: printIcmpRedirect(*this, m, qd.c_str()); break;
    case 9: out += "router advertisement"; break;
    case 10: out += "router solicitation"; break;
    case 11:
        if (m.code == 0)
            out += "time exceeded in-transit";
        else if (m.code == 1)
            out += "ip reassembly time exceeded";
        else
            printf("time exceeded-#%u", m.code);
        break;
    case 12:
        if (m.code == 0)
            printf("parameter problem - octet %u", m.restOfHeader >> 24);
        else
            printf("parameter problem - code %u", m.code);
        break;
    case 13: printf("time stamp query id %u seq %u", id, seq); break;
    case 14: printf("time stamp reply id %u seq %u", id, seq); break;
    case 15: out += "information request"; break;
    case 16: out += "information reply"; break;
    case 17: out += "address mask request"; break;
    case 18:
        if (const FixedBytes<4> mask = ByteReader(frame).at(l.offset + 8).peek<4>())
            printf("address mask is 0x%02x%02x%02x%02x", mask.u8<0>(), mask.u8<1>(), mask.u8<2>(), mask.u8<3>());
        else
            out += "address mask reply";
        break;
    default: printf("type-#%u", m.type); break;
    }
    printf(", length %u", length);
}

void TcpdumpPrinter::printIcmpv6(std::size_t i, std::uint32_t length)
{
    const Layer& l = packet.layers[i];
    const IcmpInfo& m = packet.icmp[l.info];
    out += "ICMP6, ";
    if (l.length < 4) {
        out += "[|icmp6]";
        return;
    }
    const Quotation q = quotationOf(packet, i, m.isError);
    const std::string& qd = q.destination;
    const std::uint32_t id = m.restOfHeader >> 16, seq = m.restOfHeader & 0xffff;
    switch (m.type) {
    case 1: {
        out += "destination unreachable, ";
        switch (m.code) {
        case 0: printf("unreachable route %s", qd.c_str()); break;
        case 1: printf(" unreachable prohibited %s", qd.c_str()); break;
        case 2: printf("beyond scope %s", qd.c_str()); break;
        case 3: printf("unreachable address %s", qd.c_str()); break;
        case 4: printf("unreachable port, %s", portText(q).c_str()); break;
        default: printf("unknown unreach code (%u)", m.code); return;
        }
        break;
    }
    case 2: printf("packet too big, mtu %u", m.restOfHeader); break;
    case 3:
        if (m.code == 0)
            printf("time exceeded in-transit for %s", qd.c_str());
        else if (m.code == 1)
            out += "time exceeded in-transit (reassembly)";
        else
            printf("time exceeded in-transit, unknown code (%u)", m.code);
        break;
    case 4: {
        static const char* const kWhat[] = {"erroneous", "next header", "option", "incomplete header chain"};
        if (m.code < 4)
            printf("parameter problem, %s - octet %u", kWhat[m.code], m.restOfHeader);
        else
            printf("parameter problem, code-#%u", m.code);
        break;
    }
    case 128: printf("echo request, id %u, seq %u", id, seq); break;
    case 129: printf("echo reply, id %u, seq %u", id, seq); break;
    case 133: out += "router solicitation"; break;
    case 134: out += "router advertisement"; break;
    case 135: printf("neighbor solicitation, who has %s", m.target.toString().c_str()); break;
    case 136: printf("neighbor advertisement, tgt is %s", m.target.toString().c_str()); break;
    case 137: printf("redirect, %s", m.target.toString().c_str()); break;
    case 130: out += "multicast listener query"; break;
    case 131: out += "multicast listener report"; break;
    case 132: out += "multicast listener done"; break;
    case 143: out += "multicast listener report v2"; break;
    default: printf("unknown icmp6 type (%u)", m.type); break;
    }
    printf(", length %u", length);
}

} // namespace synscope
