// Tree nodes of ICMP and ICMPv6; an error's quoted packet nests below (see buildFieldTree).
#include "decode/tree/tree_builders.h"

#include "decode/protocols/icmp_names.h"

namespace synscope::tree {

namespace {

void addChecksum(Ctx& c, int n, bool v6, const IcmpInfo& m, std::uint32_t at)
{
    std::string text;
    FieldSeverity sev = FieldSeverity::None;
    switch (m.checksumStatus) {
    case ChecksumStatus::Good: text = format("Checksum: 0x%04x [correct]", m.checksum); break;
    case ChecksumStatus::Bad:
        text = format("Checksum: 0x%04x incorrect, should be 0x%04x", m.checksum, m.checksumComputed);
        sev = FieldSeverity::Error;
        break;
    case ChecksumStatus::Unverified: text = format("Checksum: 0x%04x [unverified]", m.checksum); break;
    }
    c.tree.add(n, v6 ? "icmpv6.checksum" : "icmp.checksum", text, at, 2, std::uint64_t{m.checksum}, sev);
    c.tree.add(n, v6 ? "icmpv6.checksum.status" : "icmp.checksum.status",
               format("[Checksum Status: %s]", checksumStatusName(m.checksumStatus)), 0, 0,
               std::string(checksumStatusName(m.checksumStatus)));
}

} // namespace

void addIcmp(Ctx& c, const Layer& l, int parent)
{
    const IcmpInfo& m = c.packet.icmp[l.info];
    const std::uint32_t o = l.offset;
    const int n = c.tree.add(parent, "icmp", "Internet Control Message Protocol", o, l.length);
    if (l.length >= 1)
        c.tree.add(n, "icmp.type", format("Type: %u (%s)", m.type, icmpTypeName(m.type)), o, 1, std::uint64_t{m.type});
    if (l.length >= 2) {
        const char* codeName = icmpCodeName(m.type, m.code);
        c.tree.add(n, "icmp.code", codeName ? format("Code: %u (%s)", m.code, codeName) : format("Code: %u", m.code),
                   o + 1, 1, std::uint64_t{m.code});
    }
    if (l.length >= 4)
        addChecksum(c, n, false, m, o + 2);
    if (l.length >= 8) {
        if (m.type == 0 || m.type == 8 || m.type == 13 || m.type == 14 || m.type == 17 || m.type == 18) {
            const std::uint32_t id = m.restOfHeader >> 16, seq = m.restOfHeader & 0xffff;
            c.tree.add(n, "icmp.ident", format("Identifier (BE): %u (0x%04x)", id, id), o + 4, 2, std::uint64_t{id});
            c.tree.add(n, "icmp.seq", format("Sequence Number (BE): %u (0x%04x)", seq, seq), o + 6, 2,
                       std::uint64_t{seq});
        } else if (m.type == 5) {
            c.tree.add(n, "icmp.redir_gw", "Gateway Address: " + m.target.toString(), o + 4, 4, m.target.toString());
        } else if (m.type == 3 && m.code == 4) {
            c.tree.add(n, "icmp.mtu", format("MTU of next hop: %u", m.restOfHeader & 0xffff), o + 6, 2,
                       std::uint64_t{m.restOfHeader & 0xffff});
        } else if (m.type == 12) {
            c.tree.add(n, "icmp.pointer", format("Pointer: %u", m.restOfHeader >> 24), o + 4, 1,
                       std::uint64_t{m.restOfHeader >> 24});
        } else if (m.isError) {
            c.tree.add(n, "icmp.unused", format("Unused: %08x", m.restOfHeader), o + 4, 4);
        }
    }
    addLayerProblems(c, n, l);
}

void addIcmpv6(Ctx& c, const Layer& l, int parent)
{
    const IcmpInfo& m = c.packet.icmp[l.info];
    const std::uint32_t o = l.offset;
    const int n = c.tree.add(parent, "icmpv6", "Internet Control Message Protocol v6", o, l.length);
    if (l.length >= 1)
        c.tree.add(n, "icmpv6.type", format("Type: %s (%u)", icmpv6TypeName(m.type), m.type), o, 1,
                   std::uint64_t{m.type});
    if (l.length >= 2) {
        const char* codeName = icmpv6CodeName(m.type, m.code);
        c.tree.add(n, "icmpv6.code", codeName ? format("Code: %u (%s)", m.code, codeName) : format("Code: %u", m.code),
                   o + 1, 1, std::uint64_t{m.code});
    }
    if (l.length >= 4)
        addChecksum(c, n, true, m, o + 2);
    if (l.length >= 8) {
        if (m.type == 128 || m.type == 129) {
            const std::uint32_t id = m.restOfHeader >> 16, seq = m.restOfHeader & 0xffff;
            c.tree.add(n, "icmpv6.echo.identifier", format("Identifier: 0x%04x", id), o + 4, 2, std::uint64_t{id});
            c.tree.add(n, "icmpv6.echo.sequence_number", format("Sequence: %u", seq), o + 6, 2, std::uint64_t{seq});
        } else if (m.type == 2) {
            c.tree.add(n, "icmpv6.mtu", format("MTU: %u", m.restOfHeader), o + 4, 4, std::uint64_t{m.restOfHeader});
        } else if (m.type == 4) {
            c.tree.add(n, "icmpv6.pointer", format("Pointer: %u", m.restOfHeader), o + 4, 4,
                       std::uint64_t{m.restOfHeader});
        }
    }
    if ((m.type == 135 || m.type == 136 || m.type == 137) && l.length >= 24)
        c.tree.add(n, "icmpv6.nd.ns.target_address", "Target Address: " + m.target.toString(), o + 8, 16,
                   m.target.toString());
    addLayerProblems(c, n, l);
}

} // namespace synscope::tree
