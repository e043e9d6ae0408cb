// ICMP (RFC 792). Error messages quote the IP header and first bytes of the packet that caused them;
// the quotation is decoded as a nested packet (depth + 1) so the TCP analysis can link it.
#include "decode/dissect.h"

#include "common/byte_order.h"

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
    const std::uint32_t avail = ip.capturedEnd - ip.offset;
    const std::uint8_t* p = s.data + ip.offset;
    if (avail >= 1)
        c.type = p[0];
    if (avail >= 2)
        c.code = p[1];
    if (avail >= 4)
        c.checksum = loadBe16(p + 2);
    if (avail < 8) {
        l->length = avail;
        l->truncated = cutByCapture(s);
        return;
    }
    c.restOfHeader = loadBe32(p + 4);
    c.isError = isIcmpError(c.type);
    if (c.type == 5)
        c.target = IpAddress::v4(p + 4);
    if (s.options.verifyChecksums && !s.quoted && !ip.firstFragment && avail >= ip.declaredLength) {
        const std::uint32_t sum = checksumAdd(0, p, ip.declaredLength);
        c.checksumStatus = checksumFinish(sum) == 0xffff ? ChecksumStatus::Good : ChecksumStatus::Bad;
        c.checksumComputed = static_cast<std::uint16_t>(~checksumFinish(sum + static_cast<std::uint16_t>(~c.checksum)));
    }
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
