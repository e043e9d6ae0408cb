// Tree nodes of the link layers: Ethernet, LLC, VLAN, Linux cooked, BSD loopback, PPPoE, PPP.
#include "decode/tree/tree_builders.h"

#include "decode/protocols/link_headers.h"

namespace synscope::tree {

const char* etherTypeName(std::uint16_t type)
{
    switch (type) {
    case 0x0800: return "IPv4";
    case 0x86dd: return "IPv6";
    case 0x0806: return "ARP";
    case 0x8100: return "802.1Q Virtual LAN";
    case 0x88a8: return "802.1ad Provider Bridge (Q-in-Q)";
    case 0x9100: return "VLAN tag (0x9100)";
    case 0x8863: return "PPPoE Discovery";
    case 0x8864: return "PPPoE Session";
    case 0x88cc: return "802.1 Link Layer Discovery Protocol (LLDP)";
    case 0x8035: return "Reverse ARP";
    case 0x888e: return "802.1X Authentication";
    case 0x8847: return "MPLS label switched packet";
    case 0x88e5: return "802.1AE (MACsec)";
    default: return "Unknown";
    }
}

void addEthernet(Ctx& c, const Layer& l)
{
    const EthernetInfo& e = c.packet.ethernet[l.info];
    const bool whole = l.length >= 14;
    const int n = c.tree.add(-1, "eth",
                             whole ? "Ethernet II, Src: " + e.src.toString() + ", Dst: " + e.dst.toString()
                                   : std::string("Ethernet II"),
                             l.offset, l.length);
    if (l.length >= 6)
        c.tree.add(n, "eth.dst", "Destination: " + e.dst.toString(), l.offset, 6, e.dst.toString());
    if (l.length >= 12)
        c.tree.add(n, "eth.src", "Source: " + e.src.toString(), l.offset + 6, 6, e.src.toString());
    if (whole) {
        if (e.typeOrLength <= 1500)
            c.tree.add(n, "eth.len", format("Length: %u", e.typeOrLength), l.offset + 12, 2,
                       std::uint64_t{e.typeOrLength});
        else
            c.tree.add(n, "eth.type", format("Type: %s (0x%04x)", etherTypeName(e.typeOrLength), e.typeOrLength),
                       l.offset + 12, 2, std::uint64_t{e.typeOrLength});
    }
    addLayerProblems(c, n, l);
}

void addLlc(Ctx& c, const Layer& l)
{
    const LlcInfo& x = c.packet.llc[l.info];
    const int n = c.tree.add(-1, "llc",
                             format("Logical-Link Control, DSAP 0x%02x, SSAP 0x%02x, Control 0x%02x", x.dsap, x.ssap,
                                    x.control),
                             l.offset, l.length);
    c.tree.add(n, "llc.dsap", format("DSAP: 0x%02x", x.dsap), l.offset, 1, std::uint64_t{x.dsap});
    c.tree.add(n, "llc.ssap", format("SSAP: 0x%02x", x.ssap), l.offset + 1, 1, std::uint64_t{x.ssap});
    c.tree.add(n, "llc.control", format("Control field: 0x%02x", x.control), l.offset + 2, 1, std::uint64_t{x.control});
    if (x.snap && l.length >= 8) {
        c.tree.add(n, "llc.oui", format("Organization Code: 0x%06x", x.oui), l.offset + 3, 3, std::uint64_t{x.oui});
        c.tree.add(n, "llc.pid", format("PID: 0x%04x", x.pid), l.offset + 6, 2, std::uint64_t{x.pid});
    }
}

void addVlan(Ctx& c, const Layer& l)
{
    const VlanInfo& v = c.packet.vlan[l.info];
    // Wireshark names a service tag's fields ieee8021ad.*, a customer tag's vlan.*.
    const bool service = v.tpid == 0x88a8;
    const char* title = service ? "IEEE 802.1ad" : "802.1Q Virtual LAN";
    if (l.length < 4) {
        const int n = c.tree.add(-1, service ? "ieee8021ad" : "vlan", title, l.offset, l.length);
        addLayerProblems(c, n, l);
        return;
    }
    const int n = c.tree.add(-1, service ? "ieee8021ad" : "vlan",
                             format("%s, PRI: %u, DEI: %u, ID: %u", title, v.priority, v.dei ? 1 : 0, v.id), l.offset,
                             4);
    const std::uint16_t tci = dissect::VlanTag{c.bytes(l).peek<dissect::kVlanTagLength>()}.tci();
    c.tree.add(n, service ? "ieee8021ad.priority" : "vlan.priority",
               bitLine(tci, 0xe000, 16, "Priority", format("%u", v.priority).c_str()), l.offset, 2,
               std::uint64_t{v.priority});
    c.tree.add(n, service ? "ieee8021ad.dei" : "vlan.dei", bitLine(tci, 0x1000, 16, "DEI", v.dei ? "1" : "0"),
               l.offset, 2, std::uint64_t{v.dei ? 1u : 0u});
    c.tree.add(n, service ? "ieee8021ad.id" : "vlan.id", bitLine(tci, 0x0fff, 16, "ID", format("%u", v.id).c_str()),
               l.offset, 2, std::uint64_t{v.id});
    c.tree.add(n, service ? "ieee8021ad.etype" : "vlan.etype",
               format("Type: %s (0x%04x)", etherTypeName(v.etherType), v.etherType), l.offset + 2, 2,
               std::uint64_t{v.etherType});
}

namespace {
const char* sllPacketTypeName(std::uint16_t t)
{
    switch (t) {
    case 0: return "Unicast to us";
    case 1: return "Broadcast";
    case 2: return "Multicast";
    case 3: return "Unicast to another host";
    case 4: return "Sent by us";
    default: return "Unknown";
    }
}
} // namespace

void addLinuxSll(Ctx& c, const Layer& l)
{
    const SllInfo& s = c.packet.sll[l.info];
    const char* title = s.v2 ? "Linux cooked capture v2" : "Linux cooked capture v1";
    const int n = c.tree.add(-1, "sll", title, l.offset, l.length);
    if (l.truncated) {
        addLayerProblems(c, n, l);
        return;
    }
    const std::uint32_t o = l.offset;
    const std::string addr = hexBytes(ByteReader(s.address.data(), 0, std::min<std::uint32_t>(s.halen, 8)), ":");
    if (!s.v2) {
        c.tree.add(n, "sll.pkttype", format("Packet type: %s (%u)", sllPacketTypeName(s.packetType), s.packetType), o, 2,
                   std::uint64_t{s.packetType});
        c.tree.add(n, "sll.hatype", format("Link-layer address type: %u", s.hatype), o + 2, 2, std::uint64_t{s.hatype});
        c.tree.add(n, "sll.halen", format("Link-layer address length: %u", s.halen), o + 4, 2, std::uint64_t{s.halen});
        if (s.halen == 6)
            c.tree.add(n, "sll.src.eth", "Source: " + addr, o + 6, 6, addr);
        else
            c.tree.add(n, "sll.src.other", "Source: " + addr, o + 6, 8, addr);
        c.tree.add(n, "sll.etype", format("Protocol: %s (0x%04x)", etherTypeName(s.protocol), s.protocol), o + 14, 2,
                   std::uint64_t{s.protocol});
    } else {
        c.tree.add(n, "sll.etype", format("Protocol: %s (0x%04x)", etherTypeName(s.protocol), s.protocol), o, 2,
                   std::uint64_t{s.protocol});
        c.tree.add(n, "sll.ifindex", format("Interface index: %u", s.interfaceIndex), o + 4, 4,
                   std::uint64_t{s.interfaceIndex});
        c.tree.add(n, "sll.hatype", format("Link-layer address type: %u", s.hatype), o + 8, 2, std::uint64_t{s.hatype});
        c.tree.add(n, "sll.pkttype", format("Packet type: %s (%u)", sllPacketTypeName(s.packetType), s.packetType),
                   o + 10, 1, std::uint64_t{s.packetType});
        c.tree.add(n, "sll.halen", format("Link-layer address length: %u", s.halen), o + 11, 1, std::uint64_t{s.halen});
        if (s.halen == 6)
            c.tree.add(n, "sll.src.eth", "Source: " + addr, o + 12, 6, addr);
        else
            c.tree.add(n, "sll.src.other", "Source: " + addr, o + 12, 8, addr);
    }
}

void addNull(Ctx& c, const Layer& l)
{
    const NullInfo& x = c.packet.null[l.info];
    const int n = c.tree.add(-1, "null", "Null/Loopback", l.offset, l.length);
    if (l.truncated) {
        addLayerProblems(c, n, l);
        return;
    }
    if (x.isEtherType) {
        c.tree.add(n, "null.type", format("Type: %s (0x%04x)", etherTypeName(static_cast<std::uint16_t>(x.family)), x.family),
                   l.offset, 4, std::uint64_t{x.family});
        return;
    }
    const dissect::NextLayer next = dissect::nextAfterLoopback(x.family);
    const char* fam = next == dissect::NextLayer::Ipv4 ? "IP" : next == dissect::NextLayer::Ipv6 ? "IPv6" : "unknown";
    c.tree.add(n, "null.family", format("Family: %s (%u)", fam, x.family), l.offset, 4, std::uint64_t{x.family});
}

void addPppoe(Ctx& c, const Layer& l)
{
    const PppoeInfo& x = c.packet.pppoe[l.info];
    const int n = c.tree.add(-1, "pppoes", "PPP-over-Ethernet Session", l.offset, l.length);
    if (l.truncated) {
        addLayerProblems(c, n, l);
        return;
    }
    c.tree.add(n, "pppoe.version", format("Version: %u", x.version), l.offset, 1, std::uint64_t{x.version});
    c.tree.add(n, "pppoe.type", format("Type: %u", x.type), l.offset, 1, std::uint64_t{x.type});
    c.tree.add(n, "pppoe.code", format("Code: Session Data (0x%02x)", x.code), l.offset + 1, 1, std::uint64_t{x.code});
    c.tree.add(n, "pppoe.session_id", format("Session ID: 0x%04x", x.sessionId), l.offset + 2, 2,
               std::uint64_t{x.sessionId});
    c.tree.add(n, "pppoe.payload_length", format("Payload Length: %u", x.payloadLength), l.offset + 4, 2,
               std::uint64_t{x.payloadLength});
}

void addPpp(Ctx& c, const Layer& l)
{
    const PppoeInfo& x = c.packet.pppoe[0];
    const dissect::NextLayer next = dissect::nextAfterPpp(x.pppProtocol);
    const char* name = next == dissect::NextLayer::Ipv4   ? "Internet Protocol version 4"
                       : next == dissect::NextLayer::Ipv6 ? "Internet Protocol version 6"
                                                          : "Unknown";
    const int n = c.tree.add(-1, "ppp", "Point-to-Point Protocol", l.offset, l.length);
    c.tree.add(n, "ppp.protocol", format("Protocol: %s (0x%04x)", name, x.pppProtocol), l.offset, 2,
               std::uint64_t{x.pppProtocol});
}

} // namespace synscope::tree
