// ICMP (RFC 792). Error messages quote the IP header and first bytes of the packet that caused them;
// the quotation is decoded as a nested packet (depth + 1) so the TCP analysis can link it.
#include "decode/dissect.h"

namespace synscope::dissect {

namespace {
bool isIcmpError(std::uint8_t type) { return type == 3 || type == 4 || type == 5 || type == 11 || type == 12; }
} // namespace

void decodeIcmp(State& s, const IpPayload& ip)
{
    Packet& pk = s.packet;
    if (pk.icmp.full()) {
        addData(s, ip.offset, ip.capturedEnd);
        return;
    }
    const std::uint8_t info = pk.icmp.count;
    IcmpInfo& c = pk.icmp.push();
    c = IcmpInfo{};
    Layer* l = addLayer(s, Proto::Icmp, ip.offset, 8, info);
    if (!l)
        return;
    ByteReader r = s.bytes(ip.offset, ip.capturedEnd);
    const std::uint32_t avail = r.remaining();
    c.type = r.u8();
    c.code = r.u8();
    c.checksum = r.be16();
    const FixedBytes<4> rest = r.fixed<4>();
    if (!rest) {
        l->length = avail;
        l->truncated = cutByCapture(s);
        return;
    }
    c.restOfHeader = rest.be32<0>();
    c.isError = isIcmpError(c.type);
    if (c.type == 5)
        c.target = IpAddress::v4(rest.bytes<0, 4>()); // the redirect's gateway
    const std::uint8_t* message =
        s.options.verifyChecksums ? s.whole(ip.offset, ip.capturedEnd, ip.declaredLength) : nullptr;
    if (!s.quoted && !ip.firstFragment && message)
        c.checksumStatus = checksumVerdict(checksumAdd(0, message, ip.declaredLength), c.checksum, c.checksumComputed);
    const std::uint32_t bodyAt = ip.offset + 8;
    if (c.isError && ip.capturedEnd > bodyAt && s.depth < kMaxDepth) {
        c.quotedPacketPresent = true;
        State quoted = s;
        quoted.depth = static_cast<std::uint8_t>(s.depth + 1);
        quoted.quoted = true;
        decodeIpv4(quoted, bodyAt, ip.capturedEnd);
        return;
    }
    addData(s, bodyAt, ip.capturedEnd);
}

} // namespace synscope::dissect
