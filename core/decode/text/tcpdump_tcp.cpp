// tcpdump-style TCP text: addresses and ports, flags, sequence numbers (absolute or relative), window,
// options (tcpdump_tcp_options.cpp) and the first line of text protocols (tcpdump_tcp_payload.cpp),
// following tcpdump 4.99's print-tcp.c rules exactly.
#include "decode/text/tcpdump_printer.h"

#include <cstring>

namespace synscope {

namespace {

constexpr std::uint8_t kFin = 0x01, kSyn = 0x02, kRst = 0x04, kAck = 0x10, kUrg = 0x20;

} // namespace

bool TcpdumpPrinter::printTcpEndpoints(const TcpInfo& t, const IpAddress& src, const IpAddress& dst,
                                       std::uint32_t caplen, bool portsOnly)
{
    if (caplen < 4) {
        if (!portsOnly) {
            addr(src);
            out += " > ";
            addr(dst);
            out += ":";
        }
        out += " [|tcp]";
        return false;
    }
    if (portsOnly) {
        printf("%u > %u: ", t.srcPort, t.dstPort);
    } else {
        addrPort(src, t.srcPort);
        out += " > ";
        addrPort(dst, t.dstPort);
        out += ": ";
    }
    return true;
}

void TcpdumpPrinter::printTcpFlags(std::uint8_t flags)
{
    static const char kLetters[] = "FSRP.UEW";
    out += "Flags [";
    if (flags == 0)
        out += "none";
    for (int b = 0; b < 8; ++b)
        if (flags & (1u << b))
            out += kLetters[b];
    out += ']';
}

TcpdumpPrinter::TcpNumbers TcpdumpPrinter::tcpNumbers(const TcpInfo& t, const IpAddress& src, const IpAddress& dst,
                                                      std::uint8_t flags)
{
    TcpNumbers n{t.seq, t.ack, 0};
    if (!(flags & kAck))
        return n;
    if (formatter.numbers_ == TcpdumpNumbers::AnalysisRelative && context.tcp) {
        n.seq = context.tcp->relativeSeq;
        n.ack = context.tcp->relativeAck;
        n.sackBase = t.ack - context.tcp->relativeAck;
        return n;
    }
    if (formatter.numbers_ != TcpdumpNumbers::TcpdumpRelative)
        return n;
    // tcpdump keys a connection by its addresses and ports, the lower port first; the first ACK-bearing
    // segment (or any SYN) sets its bases.
    const bool rev = t.srcPort > t.dstPort ||
                     (t.srcPort == t.dstPort && std::memcmp(src.bytes.data(), dst.bytes.data(), src.byteLength()) > 0);
    TcpdumpFormatter::Key key;
    key.version = src.version;
    key.lowAddr = rev ? dst.bytes : src.bytes;
    key.highAddr = rev ? src.bytes : dst.bytes;
    key.ports = rev ? (std::uint32_t{t.dstPort} << 16) | t.srcPort : (std::uint32_t{t.srcPort} << 16) | t.dstPort;
    auto it = formatter.bases_.find(key);
    if (it == formatter.bases_.end() || (flags & kSyn)) {
        TcpdumpFormatter::Bases b;
        b.seq = rev ? t.ack - 1 : t.seq;
        b.ack = rev ? t.seq : t.ack - 1;
        it = formatter.bases_.insert_or_assign(key, b).first;
    } else {
        n.seq -= rev ? it->second.ack : it->second.seq;
        n.ack -= rev ? it->second.seq : it->second.ack;
    }
    n.sackBase = rev ? it->second.seq : it->second.ack;
    return n;
}

void TcpdumpPrinter::printTcpNumbers(const TcpInfo& t, const TcpNumbers& n, std::uint8_t flags, std::uint32_t length)
{
    if (length > 0 || (flags & (kFin | kSyn | kRst))) {
        printf(", seq %u", n.seq);
        if (length > 0)
            printf(":%u", n.seq + length);
    }
    if (flags & kAck)
        printf(", ack %u", n.ack);
    printf(", win %u", t.window);
    if (flags & kUrg)
        printf(", urg %u", t.urgentPointer);
}

void TcpdumpPrinter::printTcp(const Layer& l, const IpAddress& src, const IpAddress& dst,
                              std::uint32_t segmentLength, bool portsOnly)
{
    const TcpInfo& t = packet.tcp[l.info];
    // tcpdump stops reading at the end of the IP packet (Ethernet padding is not TCP).
    const std::uint32_t caplen =
        std::min<std::uint32_t>(static_cast<std::uint32_t>(frame.size()) - l.offset, segmentLength);
    const ByteReader tcp(frame.data() + l.offset, 0, caplen);
    if (!printTcpEndpoints(t, src, dst, caplen, portsOnly))
        return;
    const FixedBytes<20> fixed = tcp.peek<20>();
    if (!fixed) {
        out += " [|tcp]";
        return;
    }
    const std::uint32_t hlen = (fixed.u8<12>() >> 4) * 4u;
    if (hlen < 20) {
        printf(" tcp %u [bad hdr length %u - too short, < 20]", segmentLength - hlen, hlen);
        return;
    }
    const std::uint8_t flags = fixed.u8<13>();
    printTcpFlags(flags);
    const TcpNumbers numbers = tcpNumbers(t, src, dst, flags);
    if (hlen > segmentLength) {
        printf(" [bad hdr length %u - too long, > %u]", hlen, segmentLength);
        return;
    }
    const std::uint32_t length = segmentLength - hlen;
    printTcpNumbers(t, numbers, flags, length);
    if (hlen > 20 && !printTcpOptions(l, tcp, hlen, flags, numbers.sackBase))
        return;
    printf(", length %u", length);
    if (length == 0)
        return;
    if (caplen < hlen) {
        printf(" [remaining caplen(%u) < header length(%u)] [|tcp]", caplen, hlen);
        return;
    }
    printTcpPayload(l, t, ByteReader(frame.data() + l.offset + hlen, 0, caplen - hlen), length);
}

} // namespace synscope
