// ICMP (RFC 792), and what ICMP and ICMPv6 share. Error messages quote the IP header and first bytes of
// the packet that caused them; the quotation is decoded as a nested packet (depth + 1) so the TCP analysis
// can link it.
#include "decode/dissect.h"

namespace synscope::dissect {

namespace {
bool isIcmpError(std::uint8_t type) { return type == 3 || type == 4 || type == 5 || type == 11 || type == 12; }
} // namespace

IcmpStart beginIcmp(State& s, const IpPayload& ip, Proto proto, std::uint32_t length)
{
    Packet& pk = s.packet;
    if (pk.icmp.full()) {
        addData(s, ip.offset, ip.capturedEnd);
        return {};
    }
    const std::uint8_t info = pk.icmp.count;
    IcmpInfo& c = pk.icmp.push();
    c = IcmpInfo{};
    Layer* l = addLayer(s, proto, ip.offset, length, info);
    if (!l)
        return {};
    IcmpStart start{&c, l, s.bytes(ip.offset, ip.capturedEnd)};
    c.type = start.bytes.u8();
    c.code = start.bytes.u8();
    c.checksum = start.bytes.be16();
    return start;
}

void verifyIcmpChecksum(const State& s, const IpPayload& ip, IcmpInfo& c, bool pseudoHeader)
{
    if (!s.options.verifyChecksums || s.quoted || ip.firstFragment || (pseudoHeader && !ip.src))
        return;
    const std::uint8_t* message = s.whole(ip.offset, ip.capturedEnd, ip.declaredLength);
    if (!message)
        return;
    const std::uint32_t sum = checksumAdd(pseudoHeader ? pseudoHeaderSum(*ip.src, *ip.dst, 58, ip.declaredLength) : 0,
                                          message, ip.declaredLength);
    c.checksumStatus = checksumVerdict(sum, c.checksum, c.checksumComputed);
}

bool decodeQuotation(State& s, IcmpInfo& c, std::uint32_t offset, std::uint32_t end, bool ipv6)
{
    if (!c.isError || end <= offset || s.depth >= kMaxDepth)
        return false;
    c.quotedPacketPresent = true;
    State quoted = s;
    quoted.depth = static_cast<std::uint8_t>(s.depth + 1);
    quoted.quoted = true;
    if (ipv6)
        decodeIpv6(quoted, offset, end);
    else
        decodeIpv4(quoted, offset, end);
    return true;
}

void decodeIcmp(State& s, const IpPayload& ip)
{
    IcmpStart start = beginIcmp(s, ip, Proto::Icmp, 8);
    if (!start.layer)
        return;
    IcmpInfo& c = *start.info;
    const FixedBytes<4> rest = start.bytes.fixed<4>();
    if (!rest) {
        start.layer->length = ip.capturedEnd - ip.offset;
        start.layer->truncated = cutByCapture(s);
        return;
    }
    c.restOfHeader = rest.be32<0>();
    c.isError = isIcmpError(c.type);
    if (c.type == 5)
        c.target = IpAddress::v4(rest.bytes<0, 4>()); // the redirect's gateway
    verifyIcmpChecksum(s, ip, c, false);
    const std::uint32_t bodyAt = ip.offset + 8;
    if (!decodeQuotation(s, c, bodyAt, ip.capturedEnd, false))
        addData(s, bodyAt, ip.capturedEnd);
}

} // namespace synscope::dissect
