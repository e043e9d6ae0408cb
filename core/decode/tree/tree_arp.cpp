// Tree nodes of ARP.
#include "decode/tree/tree_builders.h"

namespace synscope::tree {

void addArp(Ctx& c, const Layer& l)
{
    const ArpInfo& a = c.packet.arp[l.info];
    const std::uint32_t o = l.offset;
    const char* op = a.opcode == 1 ? "request" : a.opcode == 2 ? "reply" : a.opcode == 3 ? "reverse request"
                     : a.opcode == 4 ? "reverse reply" : "unknown";
    const int n = c.tree.add(-1, "arp", l.length >= 8 ? format("Address Resolution Protocol (%s)", op)
                                                       : std::string("Address Resolution Protocol"),
                             o, l.length);
    if (l.length >= 8) {
        c.tree.add(n, "arp.hw.type", format("Hardware type: %s (%u)", a.hardwareType == 1 ? "Ethernet" : "Unknown",
                                            a.hardwareType),
                   o, 2, std::uint64_t{a.hardwareType});
        c.tree.add(n, "arp.proto.type", format("Protocol type: %s (0x%04x)", etherTypeName(a.protocolType),
                                               a.protocolType),
                   o + 2, 2, std::uint64_t{a.protocolType});
        c.tree.add(n, "arp.hw.size", format("Hardware size: %u", a.hardwareSize), o + 4, 1,
                   std::uint64_t{a.hardwareSize});
        c.tree.add(n, "arp.proto.size", format("Protocol size: %u", a.protocolSize), o + 5, 1,
                   std::uint64_t{a.protocolSize});
        c.tree.add(n, "arp.opcode", format("Opcode: %s (%u)", op, a.opcode), o + 6, 2, std::uint64_t{a.opcode});
    }
    if (a.addressesPresent) {
        const std::uint32_t hs = a.hardwareSize, ps = a.protocolSize;
        auto hw = [&](std::uint32_t at) { return hexBytes(c.bytes(at, at + hs), ":"); };
        auto proto = [&](std::uint32_t at, const IpAddress& ip) {
            return ip.version == 4 ? ip.toString() : hexBytes(c.bytes(at, at + ps));
        };
        const std::uint32_t sha = o + 8, spa = sha + hs, tha = spa + ps, tpa = tha + hs;
        const bool mac = hs == 6;
        c.tree.add(n, mac ? "arp.src.hw_mac" : "arp.src.hw", "Sender MAC address: " + hw(sha), sha, hs, hw(sha));
        c.tree.add(n, a.senderIp.version ? "arp.src.proto_ipv4" : "arp.src.proto",
                   "Sender IP address: " + proto(spa, a.senderIp), spa, ps, proto(spa, a.senderIp));
        c.tree.add(n, mac ? "arp.dst.hw_mac" : "arp.dst.hw", "Target MAC address: " + hw(tha), tha, hs, hw(tha));
        c.tree.add(n, a.targetIp.version ? "arp.dst.proto_ipv4" : "arp.dst.proto",
                   "Target IP address: " + proto(tpa, a.targetIp), tpa, ps, proto(tpa, a.targetIp));
    }
    addLayerProblems(c, n, l);
}

} // namespace synscope::tree
