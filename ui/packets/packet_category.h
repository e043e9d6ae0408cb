#pragma once
// What a packet means for the list's colours: handshake, teardown, reset, ICMP error, analysis problem.
// Computed from the decoded packet and its TCP record; the view only maps it to colours.
#include "analysis/tcp_packet_record.h"
#include "decode/packet.h"

#include <QColor>
#include <QString>
#include <vector>

namespace synscope {

enum class PacketCategory : std::uint8_t {
    Plain,
    Handshake,   // SYN or SYN/ACK
    Teardown,    // FIN
    Reset,       // RST
    IcmpError,   // ICMP/ICMPv6 error
    Problem,     // retransmission, out-of-order, lost segment, duplicate ACK, zero window ...
    Dns,
    Arp,
};

PacketCategory categorize(const Packet& packet, const TcpPacketRecord& record);

struct CategoryStyle {
    PacketCategory category;
    QColor background;
    QColor foreground;
    QString name;        // for the legend, translated
    QString description; // tooltip of the legend entry, translated
};

// The colour of each category, in legend order.
const std::vector<CategoryStyle>& categoryStyles();
const CategoryStyle& styleOf(PacketCategory c);

} // namespace synscope
