// ICMPv6 (RFC 4443) and neighbour discovery (RFC 4861). Errors (types 1-4) quote the offending packet,
// decoded as a nested packet like ICMP's.
#include "decode/dissect.h"

namespace synscope::dissect {

namespace {

// Neighbour discovery options after the target: the source (1) or target (2) link-layer address, in
// 8-byte units.
void takeLinkAddressOption(IcmpInfo& c, ByteReader options)
{
    while (const FixedBytes<2> h = options.peek<2>()) {
        const std::uint32_t len = h.u8<1>() * 8u;
        if (len == 0)
            break;
        ByteReader option = options.sub(len);
        if (options.isShort())
            break;
        if ((h.u8<0>() == 1 || h.u8<0>() == 2) && len == 8) {
            c.hasLinkAddress = true;
            option.skip(2);
            option.fixed<6>().copyTo<0, 6>(c.linkAddress.bytes.data());
        }
    }
}

} // namespace

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
    ByteReader r = s.bytes(ip.offset, ip.capturedEnd);
    const std::uint32_t avail = r.remaining();
    c.type = r.u8();
    c.code = r.u8();
    c.checksum = r.be16();
    if (r.isShort()) {
        l->length = avail;
        l->truncated = cutByCapture(s);
        return;
    }
    if (const FixedBytes<4> rest = r.fixed<4>()) {
        c.restOfHeader = rest.be32<0>();
        l->length = 8;
    }
    c.isError = c.type >= 1 && c.type <= 4;
    const std::uint8_t* message =
        s.options.verifyChecksums ? s.whole(ip.offset, ip.capturedEnd, ip.declaredLength) : nullptr;
    if (!s.quoted && !ip.firstFragment && message && ip.src) {
        const std::uint32_t sum =
            checksumAdd(pseudoHeaderSum(*ip.src, *ip.dst, 58, ip.declaredLength), message, ip.declaredLength);
        c.checksumStatus = checksumVerdict(sum, c.checksum, c.checksumComputed);
    }
    const std::uint32_t bodyAt = ip.offset + 8;
    if (c.type == 135 || c.type == 136 || c.type == 137) {
        // Neighbour solicitation/advertisement target, redirect target.
        if (const FixedBytes<16> target = r.fixed<16>()) {
            c.target = IpAddress::v6(target.bytes<0, 16>());
            l->length = 24;
            takeLinkAddressOption(c, r);
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
