// UDP (RFC 768) with checksum (optional over IPv4, mandatory over IPv6); DNS, mDNS and LLMNR payloads.
#include "decode/dissect.h"

#include "common/byte_order.h"

#include <algorithm>

namespace synscope::dissect {

namespace {
bool isDnsPort(std::uint16_t port) { return port == 53 || port == 5353 || port == 5355; }
} // namespace

void decodeUdp(State& s, const IpPayload& ip)
{
    Packet& pk = s.packet;
    if (pk.udp.full()) {
        addData(s, ip.offset, ip.capturedEnd);
        return;
    }
    const std::uint8_t info = pk.udp.count;
    UdpInfo& u = pk.udp.push();
    u = UdpInfo{};
    Layer* l = addLayer(s, Proto::Udp, ip.offset, 8, info);
    if (!l)
        return;
    const std::uint32_t avail = ip.capturedEnd - ip.offset;
    const std::uint8_t* p = s.data + ip.offset;
    if (avail >= 4) {
        u.srcPort = loadBe16(p);
        u.dstPort = loadBe16(p + 2);
    }
    if (avail >= 6)
        u.length = loadBe16(p + 4);
    if (avail < 8) {
        l->length = avail;
        l->truncated = cutByCapture(s);
        return;
    }
    u.checksum = loadBe16(p + 6);
    u.payloadOffset = ip.offset + 8;
    if (u.length < 8) {
        l->malformed = "the length field is less than 8";
        return;
    }
    // A first fragment carries only part of the datagram its length field describes.
    if (!s.quoted && !ip.firstFragment && u.length > ip.declaredLength) {
        l->malformed = "the length field exceeds the IP payload length";
        addData(s, u.payloadOffset, ip.capturedEnd);
        return;
    }
    const std::uint32_t declaredEnd = ip.offset + u.length;
    const std::uint32_t payloadEnd = std::min(ip.capturedEnd, declaredEnd);
    const bool zeroOverV4 = u.checksum == 0 && ip.src && ip.src->version == 4;
    if (s.options.verifyChecksums && !s.quoted && !ip.firstFragment && !zeroOverV4 && avail >= u.length && ip.src) {
        std::uint32_t sum = pseudoHeaderSum(*ip.src, *ip.dst, 17, u.length);
        sum = checksumAdd(sum, p, u.length);
        u.checksumStatus = checksumFinish(sum) == 0xffff ? ChecksumStatus::Good : ChecksumStatus::Bad;
        std::uint16_t correct =
            static_cast<std::uint16_t>(~checksumFinish(sum + static_cast<std::uint16_t>(~u.checksum)));
        u.checksumComputed = correct == 0 ? 0xffff : correct; // 0 is sent as 0xffff
    }
    if (s.options.decodeDns && !s.quoted && (isDnsPort(u.srcPort) || isDnsPort(u.dstPort)) &&
        payloadEnd > u.payloadOffset) {
        decodeDns(s, u.payloadOffset, payloadEnd, false, payloadEnd < declaredEnd);
        return;
    }
    addData(s, u.payloadOffset, payloadEnd);
}

} // namespace synscope::dissect
