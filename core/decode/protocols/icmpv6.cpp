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
    IcmpStart start = beginIcmp(s, ip, Proto::Icmpv6, 4);
    if (!start.layer)
        return;
    IcmpInfo& c = *start.info;
    Layer* l = start.layer;
    ByteReader& r = start.bytes;
    if (r.isShort()) {
        l->length = ip.capturedEnd - ip.offset;
        l->truncated = cutByCapture(s);
        return;
    }
    if (const FixedBytes<4> rest = r.fixed<4>()) {
        c.restOfHeader = rest.be32<0>();
        l->length = 8;
    }
    c.isError = c.type >= 1 && c.type <= 4;
    verifyIcmpChecksum(s, ip, c, true);
    if (c.type == 135 || c.type == 136 || c.type == 137) {
        // Neighbour solicitation/advertisement target, redirect target.
        if (const FixedBytes<16> target = r.fixed<16>()) {
            c.target = IpAddress::v6(target.bytes<0, 16>());
            l->length = 24;
            takeLinkAddressOption(c, r);
        }
    }
    if (!decodeQuotation(s, c, ip.offset + 8, ip.capturedEnd, true))
        addData(s, ip.offset + l->length, ip.capturedEnd);
}

} // namespace synscope::dissect
