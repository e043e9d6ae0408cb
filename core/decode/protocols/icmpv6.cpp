// ICMPv6 (RFC 4443) and neighbour discovery (RFC 4861). Errors (types 1-4) quote the offending packet,
// decoded as a nested packet like ICMP's.
#include "decode/dissect.h"

#include "common/byte_order.h"

namespace synscope::dissect {

void decodeIcmpv6(State& s, const IpPayload& ip)
{
    Packet& pk = s.packet;
    if (pk.icmp.full()) {
        addData(s, ip.offset, ip.capturedEnd);
        return;
    }
    const std::uint8_t info = pk.icmp.count;
    IcmpInfo& c = pk.icmp.push();
    c = IcmpInfo{};
    Layer* l = addLayer(s, Proto::Icmpv6, ip.offset, 4, info);
    if (!l)
        return;
    const std::uint32_t avail = ip.capturedEnd - ip.offset;
    const std::uint8_t* p = s.data + ip.offset;
    if (avail >= 1)
        c.type = p[0];
    if (avail >= 2)
        c.code = p[1];
    if (avail < 4) {
        l->length = avail;
        l->truncated = cutByCapture(s);
        return;
    }
    c.checksum = loadBe16(p + 2);
    if (avail >= 8) {
        c.restOfHeader = loadBe32(p + 4);
        l->length = 8;
    }
    c.isError = c.type >= 1 && c.type <= 4;
    if (s.options.verifyChecksums && !s.quoted && !ip.firstFragment && avail >= ip.declaredLength && ip.src) {
        std::uint32_t sum = pseudoHeaderSum(*ip.src, *ip.dst, 58, ip.declaredLength);
        sum = checksumAdd(sum, p, ip.declaredLength);
        c.checksumStatus = checksumFinish(sum) == 0xffff ? ChecksumStatus::Good : ChecksumStatus::Bad;
        c.checksumComputed = static_cast<std::uint16_t>(~checksumFinish(sum + static_cast<std::uint16_t>(~c.checksum)));
    }
    const std::uint32_t bodyAt = ip.offset + 8;
    if ((c.type == 135 || c.type == 136 || c.type == 137) && avail >= 24) {
        c.target = IpAddress::v6(p + 8); // neighbour solicitation/advertisement target, redirect target
        l->length = 24;
        // Options: the source (1) or target (2) link-layer address, 8-byte units.
        for (std::uint32_t at = 24; at + 2 <= avail;) {
            const std::uint32_t len = p[at + 1] * 8u;
            if (len == 0 || at + len > avail)
                break;
            if ((p[at] == 1 || p[at] == 2) && len == 8) {
                c.hasLinkAddress = true;
                std::memcpy(c.linkAddress.bytes.data(), p + at + 2, 6);
            }
            at += len;
        }
    }
    if (c.isError && ip.capturedEnd > bodyAt && s.depth < kMaxDepth) {
        c.quotedPacketPresent = true;
        State quoted = s;
        quoted.depth = static_cast<std::uint8_t>(s.depth + 1);
        quoted.quoted = true;
        decodeIpv6(quoted, bodyAt, ip.capturedEnd);
        return;
    }
    addData(s, ip.offset + l->length, ip.capturedEnd);
}

} // namespace synscope::dissect
