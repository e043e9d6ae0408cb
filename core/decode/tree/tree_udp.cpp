// Tree nodes of UDP.
#include "decode/tree/tree_builders.h"

namespace synscope::tree {

void addUdp(Ctx& c, const Layer& l, int parent)
{
    const UdpInfo& u = c.packet.udp[l.info];
    const std::uint32_t o = l.offset;
    std::string title = "User Datagram Protocol";
    if (l.length >= 4)
        title += format(", Src Port: %u, Dst Port: %u", u.srcPort, u.dstPort);
    const int n = c.tree.add(parent, "udp", title, o, l.length);
    if (l.length >= 2)
        c.tree.add(n, "udp.srcport", format("Source Port: %u", u.srcPort), o, 2, std::uint64_t{u.srcPort});
    if (l.length >= 4)
        c.tree.add(n, "udp.dstport", format("Destination Port: %u", u.dstPort), o + 2, 2, std::uint64_t{u.dstPort});
    if (l.length >= 6)
        c.tree.add(n, "udp.length", format("Length: %u", u.length), o + 4, 2, std::uint64_t{u.length},
                   l.malformed ? FieldSeverity::Error : FieldSeverity::None);
    if (l.length >= 8) {
        std::string text;
        FieldSeverity sev = FieldSeverity::None;
        if (u.checksum == 0 && u.checksumStatus == ChecksumStatus::Unverified)
            text = "Checksum: 0x0000 [zero-value ignored]";
        else if (u.checksumStatus == ChecksumStatus::Good)
            text = format("Checksum: 0x%04x [correct]", u.checksum);
        else if (u.checksumStatus == ChecksumStatus::Bad) {
            text = format("Checksum: 0x%04x incorrect, should be 0x%04x (maybe caused by \"UDP checksum offload\"?)",
                          u.checksum, u.checksumComputed);
            sev = FieldSeverity::Error;
        } else
            text = format("Checksum: 0x%04x [unverified]", u.checksum);
        c.tree.add(n, "udp.checksum", text, o + 6, 2, std::uint64_t{u.checksum}, sev);
        c.tree.add(n, "udp.checksum.status", format("[Checksum Status: %s]", checksumStatusName(u.checksumStatus)), 0,
                   0, std::string(checksumStatusName(u.checksumStatus)));
        if (u.length >= 8 && l.depth == 0)
            c.tree.add(n, "udp.payload", format("UDP payload (%u bytes)", u.length - 8u), o + 8,
                       std::min<std::uint32_t>(u.length - 8u, c.packet.capturedLength - (o + 8)));
    }
    addLayerProblems(c, n, l);
}

} // namespace synscope::tree
