#include "decode/segment/tcp_segment_view.h"

namespace synscope {

namespace {

// The IP layer that carries the TCP layer at index `tcpIndex`.
const Layer* carrierOf(const Packet& p, std::size_t tcpIndex)
{
    if (tcpIndex == 0)
        return nullptr;
    const Layer& ip = p.layers[tcpIndex - 1];
    if (ip.depth != p.layers[tcpIndex].depth || (ip.proto != Proto::Ipv4 && ip.proto != Proto::Ipv6))
        return nullptr;
    return &ip;
}

bool isFragment(const Packet& p, const Layer& ip)
{
    return ip.proto == Proto::Ipv4 ? p.ipv4[ip.info].isFragment() : p.ipv6[ip.info].isFragment;
}

// The ICMP error whose quotation holds the TCP layer: the last ICMP header before it, one level out.
void takeQuotingError(const Packet& p, const Layer& tcpLayer, TcpSegmentView& view)
{
    const Layer* icmp = nullptr;
    for (const Layer& l : p.layers) {
        if (&l == &tcpLayer)
            break;
        if ((l.proto == Proto::Icmp || l.proto == Proto::Icmpv6) && l.depth + 1 == tcpLayer.depth)
            icmp = &l;
    }
    if (icmp) {
        view.hasIcmp = true;
        view.icmpv6 = icmp->proto == Proto::Icmpv6;
        view.icmpType = p.icmp[icmp->info].type;
        view.icmpCode = p.icmp[icmp->info].code;
    }
    if (const Layer* outer = p.networkLayer())
        view.outerSource = outer->proto == Proto::Ipv4 ? &p.ipv4[outer->info].src : &p.ipv6[outer->info].src;
}

} // namespace

bool tcpSegmentOf(const Packet& packet, TcpSegmentView& view)
{
    view = TcpSegmentView{};
    const Layer* tcpLayer = packet.find(Proto::Tcp);
    if (!tcpLayer)
        return false;
    const Layer* ip = carrierOf(packet, static_cast<std::size_t>(tcpLayer - packet.layers.begin()));
    if (!ip)
        return false;
    view.quoted = tcpLayer->depth > 0;
    // Wireshark dissects TCP only in the frame that completes IP reassembly, which SynScope does not do.
    if (!view.quoted && isFragment(packet, *ip))
        return false;
    view.tcp = &packet.tcp[tcpLayer->info];
    view.ipv6 = ip->proto == Proto::Ipv6;
    const IpAddress& src = view.ipv6 ? packet.ipv6[ip->info].src : packet.ipv4[ip->info].src;
    const IpAddress& dst = view.ipv6 ? packet.ipv6[ip->info].dst : packet.ipv4[ip->info].dst;
    view.src = src.bytes.data();
    view.dst = dst.bytes.data();
    view.truncated = tcpLayer->truncated;
    view.malformed = tcpLayer->malformed;
    view.headerBytes = tcpLayer->length;
    if (view.quoted)
        takeQuotingError(packet, *tcpLayer, view);
    return true;
}

} // namespace synscope
