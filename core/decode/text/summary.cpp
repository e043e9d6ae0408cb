// Wireshark-style packet-list columns.
#include "decode/text/summary.h"

#include "common/text_append.h"
#include "decode/protocols/dns_names.h"
#include "decode/protocols/icmp_names.h"
#include "decode/tree/tree_builders.h"

namespace synscope {

namespace {

void appendAddress(std::string& out, const IpAddress& a)
{
    char buf[48];
    out.append(buf, a.format(buf));
}

// The layer that names the packet: the deepest one of the frame itself (not quoted in ICMP).
const Layer* topLayer(const Packet& p)
{
    const Layer* top = nullptr;
    for (const Layer& l : p.layers)
        if (l.depth == 0 && l.proto != Proto::Data)
            top = &l;
    return top;
}

void tcpInfo(const Packet& p, const Layer& l, const FrameContext& ctx, std::string& out)
{
    const TcpInfo& t = p.tcp[l.info];
    const TcpSegmentFacts* f = ctx.tcp;
    if (f) {
        for (std::uint32_t bit = 0; bit < tcpanalysis::kCount; ++bit) {
            const std::uint32_t mask = 1u << bit;
            if (!(f->flags & mask))
                continue;
            // A fast or spurious retransmission is also a retransmission; Wireshark names only the specific one.
            if (mask == tcpanalysis::kRetransmission &&
                (f->flags & (tcpanalysis::kFastRetransmission | tcpanalysis::kSpuriousRetransmission)))
                continue;
            if (mask == tcpanalysis::kDuplicateAck)
                appendAll(out, "[TCP Dup ACK ", f->duplicateAckFrame, '#', f->duplicateAckNum, "] ");
            else
                appendAll(out, '[', tcpanalysis::label(bit), "] ");
        }
    }
    if (l.length < 4) {
        out += "[Packet size limited during capture]";
        return;
    }
    appendAll(out, t.srcPort, " \xe2\x86\x92 ", t.dstPort);
    if (l.length < 20 || l.malformed) {
        out += l.malformed ? " [Malformed header]" : " [Packet size limited during capture]";
        return;
    }
    out += " [";
    if (t.flags & 0x1ff)
        tcpflag::appendNames(out, t.flags);
    else
        out += "<None>";
    out += ']';
    appendAll(out, " Seq=", f ? f->relativeSeq : t.seq);
    if (t.ackFlag())
        appendAll(out, " Ack=", f ? f->relativeAck : t.ack);
    appendAll(out, " Win=", f ? f->windowSize : std::uint64_t{t.window});
    if (t.flags & tcpflag::kUrg)
        appendAll(out, " Urg=", t.urgentPointer);
    appendAll(out, " Len=", t.payloadLength);
    if (t.hasMss)
        appendAll(out, " MSS=", t.mss);
    if (t.sackPermitted)
        out += " SACK_PERM";
    if (t.hasTimestamps)
        appendAll(out, " TSval=", t.tsVal, " TSecr=", t.tsEcr);
    if (t.hasWindowScale)
        appendAll(out, " WS=", t.windowScale < 15 ? 1u << t.windowScale : 16384u);
    const std::uint32_t sackBase = f ? t.ack - f->relativeAck : 0;
    for (std::uint8_t i = 0; i < t.sackCount; ++i)
        appendAll(out, " SLE=", t.sackLeft[i] - sackBase, " SRE=", t.sackRight[i] - sackBase);
}

void dnsInfo(const Packet& p, std::string& out)
{
    const DnsInfo& d = p.dns;
    if (!d.hasQuestion && d.questionCount == 0 && d.answerCount == 0 && d.id == 0 && d.flags == 0) {
        out += "DNS (malformed)";
        return;
    }
    const bool response = d.isResponse();
    out += d.opcode() == 0 ? "Standard query" : d.opcode() == 5 ? "Dynamic update" : "Query";
    if (response)
        out += " response";
    out += " 0x";
    appendHex(out, d.id, 4);
    if (response && d.rcode())
        appendFormat(out, " %s", dnsRcodeName(d.rcode()));
    if (d.hasQuestion) {
        out += ' ';
        out += dnsTypeName(d.question.type);
        out += ' ';
        out += d.question.name.empty() ? "<Root>" : d.question.name;
    }
    for (std::size_t i = 0; i < d.answersDecoded; ++i) {
        const DnsRecord& r = d.answers[i];
        out += ' ';
        out += dnsTypeName(r.type);
        if (!r.data.empty()) {
            out += ' ';
            out += r.data;
        }
    }
}

void icmpInfo(const Packet& p, const Layer& l, std::string& out)
{
    const IcmpInfo& m = p.icmp[l.info];
    const bool v6 = l.proto == Proto::Icmpv6;
    const char* code = v6 ? icmpv6CodeName(m.type, m.code) : icmpCodeName(m.type, m.code);
    const std::uint32_t id = m.restOfHeader >> 16, seq = m.restOfHeader & 0xffff;
    // The hop limit / TTL of the IP header that carried it (Wireshark shows it on echoes).
    const Layer* net = p.networkLayer();
    const unsigned hops = !net ? 0 : net->proto == Proto::Ipv4 ? p.ipv4[net->info].ttl : p.ipv6[net->info].hopLimit;
    if (!v6 && (m.type == 0 || m.type == 8) && l.length >= 8) {
        // Wireshark pads "reply" to the width of "request".
        appendFormat(out, "%s  id=0x%04x, seq=%u/%u, ttl=%u", m.type == 8 ? "Echo (ping) request" : "Echo (ping) reply  ", id,
                seq, ((seq & 0xff) << 8) | (seq >> 8), hops);
        return;
    }
    if (v6 && (m.type == 128 || m.type == 129) && l.length >= 8) {
        appendFormat(out, "%s id=0x%04x, seq=%u, hop limit=%u", m.type == 128 ? "Echo (ping) request" : "Echo (ping) reply",
                id, seq, hops);
        return;
    }
    out += v6 ? icmpv6TypeName(m.type) : icmpTypeName(m.type);
    if (code)
        appendFormat(out, " (%s)", code);
    if (v6 && m.type == 135 && m.target.version == 6) {
        out += " for ";
        appendAddress(out, m.target);
        if (m.hasLinkAddress)
            out += " from " + m.linkAddress.toString();
    } else if (v6 && m.type == 136 && m.target.version == 6) {
        out += ' ';
        appendAddress(out, m.target);
        std::string flags;
        for (const auto& [bit, name] : {std::pair{0x80000000u, "rtr"}, {0x40000000u, "sol"}, {0x20000000u, "ovr"}})
            if (m.restOfHeader & bit)
                flags += (flags.empty() ? "" : ", ") + std::string(name);
        if (!flags.empty())
            out += " (" + flags + ")";
        if (m.hasLinkAddress)
            out += " is at " + m.linkAddress.toString();
    }
}

void arpInfo(const Packet& p, const Layer& l, std::string& out)
{
    const ArpInfo& a = p.arp[l.info];
    if (!a.addressesPresent || a.senderIp.version != 4) {
        appendFormat(out, "ARP opcode %u", a.opcode);
        return;
    }
    if (a.opcode == 1) {
        if (a.senderIp == a.targetIp) {
            const bool zeroTarget = a.targetMac == MacAddress{};
            out += zeroTarget ? "ARP Announcement for " : "Gratuitous ARP for ";
            appendAddress(out, a.senderIp);
            if (!zeroTarget)
                out += " (Request)";
            return;
        }
        out += "Who has ";
        appendAddress(out, a.targetIp);
        out += "? Tell ";
        appendAddress(out, a.senderIp);
    } else if (a.opcode == 2) {
        if (a.senderIp == a.targetIp) {
            out += "Gratuitous ARP for ";
            appendAddress(out, a.senderIp);
            out += " (Reply)";
            return;
        }
        appendAddress(out, a.senderIp);
        out += " is at ";
        out += a.senderMac.toString();
    } else {
        appendFormat(out, "ARP opcode %u", a.opcode);
    }
}

} // namespace

const char* protocolColumn(const Packet& p)
{
    const Layer* top = topLayer(p);
    if (!top)
        return p.layers.empty() ? "Unknown" : "Data";
    switch (top->proto) {
    case Proto::Ethernet: return "Ethernet";
    case Proto::Llc: return "LLC";
    case Proto::Vlan: return "802.1Q";
    case Proto::LinuxSll:
    case Proto::LinuxSll2: return "SLL";
    case Proto::Null: return "NULL";
    case Proto::PppoeSession:
    case Proto::Ppp: return "PPP";
    case Proto::Arp: return "ARP";
    case Proto::Ipv4: return "IPv4";
    case Proto::Ipv6: return "IPv6";
    case Proto::Icmp: return "ICMP";
    case Proto::Icmpv6: return "ICMPv6";
    case Proto::Tcp: return "TCP";
    case Proto::Udp: return "UDP";
    case Proto::Dns: {
        const Layer* u = p.topUdp();
        if (u && (p.udp[u->info].srcPort == 5353 || p.udp[u->info].dstPort == 5353))
            return "MDNS";
        if (u && (p.udp[u->info].srcPort == 5355 || p.udp[u->info].dstPort == 5355))
            return "LLMNR";
        return "DNS";
    }
    case Proto::Data: break;
    }
    return "Data";
}

void summarize(const Packet& p, std::span<const std::uint8_t> frame, const FrameContext& ctx, PacketSummary& out)
{
    out.clear();
    (void)frame;
    out.protocol = protocolColumn(p);
    // Addresses: the frame's own network layer, else the link layer's.
    if (const Layer* net = p.networkLayer()) {
        const IpAddress& src = net->proto == Proto::Ipv4 ? p.ipv4[net->info].src : p.ipv6[net->info].src;
        const IpAddress& dst = net->proto == Proto::Ipv4 ? p.ipv4[net->info].dst : p.ipv6[net->info].dst;
        if (src.version) {
            appendAddress(out.source, src);
            appendAddress(out.destination, dst);
        }
    }
    if (out.source.empty() && !p.ethernet.empty()) {
        out.source = p.ethernet[0].src.toString();
        out.destination = p.ethernet[0].dst.toString();
    }
    const Layer* top = topLayer(p);
    if (!top) {
        appendFormat(out.info, "%u bytes", p.capturedLength);
        return;
    }
    switch (top->proto) {
    case Proto::Tcp: tcpInfo(p, *top, ctx, out.info); break;
    case Proto::Udp: {
        const UdpInfo& u = p.udp[top->info];
        if (top->length >= 8)
            appendAll(out.info, u.srcPort, " \xe2\x86\x92 ", u.dstPort, " Len=", u.length >= 8 ? u.length - 8u : 0u);
        else
            out.info = "[Packet size limited during capture]";
        break;
    }
    case Proto::Dns: dnsInfo(p, out.info); break;
    case Proto::Icmp:
    case Proto::Icmpv6: icmpInfo(p, *top, out.info); break;
    case Proto::Arp: arpInfo(p, *top, out.info); break;
    case Proto::Ipv4: {
        const Ipv4Info& ip = p.ipv4[top->info];
        if (top->malformed)
            appendFormat(out.info, "Bogus IPv4 header: %s", top->malformed);
        else if (ip.fragmentOffset)
            appendFormat(out.info, "Fragmented IP protocol (proto=%s %u, off=%u, ID=%04x)", tree::ipProtocolName(ip.protocol),
                    ip.protocol, ip.fragmentOffset, ip.id);
        else
            appendFormat(out.info, "%s (%u)", tree::ipProtocolName(ip.protocol), ip.protocol);
        break;
    }
    case Proto::Ipv6: {
        const Ipv6Info& ip = p.ipv6[top->info];
        if (top->malformed)
            appendFormat(out.info, "Bogus IPv6 header: %s", top->malformed);
        else
            appendFormat(out.info, "%s (%u)", tree::ipProtocolName(ip.upperProtocol), ip.upperProtocol);
        break;
    }
    case Proto::Ethernet:
        appendFormat(out.info, "Ethernet II, type 0x%04x (%s)", p.ethernet[top->info].typeOrLength,
                tree::etherTypeName(p.ethernet[top->info].typeOrLength));
        break;
    default: appendFormat(out.info, "%s, %u bytes", protocolColumn(p), p.capturedLength); break;
    }
    if (top->truncated && top->proto != Proto::Tcp && top->proto != Proto::Udp)
        out.info += " [Packet size limited during capture]";
}

} // namespace synscope
