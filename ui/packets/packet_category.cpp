#include "ui/packets/packet_category.h"

#include <QCoreApplication>

namespace synscope {

PacketCategory categorize(const Packet& p, const TcpPacketRecord& record)
{
    if (record.hasStream() && !(record.bits & TcpPacketRecord::kQuoted) && (record.flags & tcpanalysis::kProblems))
        return PacketCategory::Problem;
    for (const Layer& l : p.layers) {
        if (l.depth > 0)
            break;
        switch (l.proto) {
        case Proto::Tcp: {
            const TcpInfo& t = p.tcp[l.info];
            if (l.length < 14)
                return PacketCategory::Plain;
            if (t.rst())
                return PacketCategory::Reset;
            if (t.syn())
                return PacketCategory::Handshake;
            if (t.fin())
                return PacketCategory::Teardown;
            return PacketCategory::Plain;
        }
        case Proto::Icmp:
        case Proto::Icmpv6:
            return p.icmp[l.info].isError ? PacketCategory::IcmpError : PacketCategory::Plain;
        case Proto::Dns: return PacketCategory::Dns;
        case Proto::Arp: return PacketCategory::Arp;
        default: break;
        }
    }
    return PacketCategory::Plain;
}

const std::vector<CategoryStyle>& categoryStyles()
{
    // Close to Wireshark's default colouring rules, which users already read fluently.
    static const std::vector<CategoryStyle> styles = [] {
        auto tr = [](const char* s) { return QCoreApplication::translate("PacketColors", s); };
        return std::vector<CategoryStyle>{
            {PacketCategory::Handshake, QColor(0xa0, 0xe0, 0xa0), QColor(0x12, 0x27, 0x2e), tr("Handshake"),
             tr("SYN and SYN/ACK: a connection opening")},
            {PacketCategory::Teardown, QColor(0xc8, 0xc8, 0xc8), QColor(0x12, 0x27, 0x2e), tr("Teardown"),
             tr("FIN: a side closing its direction of the connection")},
            {PacketCategory::Reset, QColor(0xa4, 0x00, 0x00), QColor(0xff, 0xfc, 0x9c), tr("Reset"),
             tr("RST: a connection refused or aborted")},
            {PacketCategory::IcmpError, QColor(0x12, 0x27, 0x2e), QColor(0xb7, 0xf7, 0x74), tr("ICMP error"),
             tr("Destination unreachable, time exceeded and other ICMP/ICMPv6 errors")},
            {PacketCategory::Problem, QColor(0x12, 0x27, 0x2e), QColor(0xf7, 0x87, 0x87), tr("TCP problem"),
             tr("Retransmission, out-of-order, lost segment, duplicate ACK, zero window ...")},
            {PacketCategory::Dns, QColor(0xda, 0xee, 0xff), QColor(0x12, 0x27, 0x2e), tr("DNS"), tr("Name lookups")},
            {PacketCategory::Arp, QColor(0xfa, 0xf0, 0xd7), QColor(0x12, 0x27, 0x2e), tr("ARP"),
             tr("Address resolution")},
            {PacketCategory::Plain, QColor(), QColor(), tr("Other"), tr("Everything else")},
        };
    }();
    return styles;
}

const CategoryStyle& styleOf(PacketCategory c)
{
    for (const CategoryStyle& s : categoryStyles())
        if (s.category == c)
            return s;
    return categoryStyles().back();
}

} // namespace synscope
