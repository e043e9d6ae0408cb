// UDP (RFC 768) with checksum (optional over IPv4, mandatory over IPv6); DNS, mDNS and LLMNR payloads.
#include "decode/dissect.h"

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
    ByteReader r = s.bytes(ip.offset, ip.capturedEnd);
    const std::uint32_t avail = r.remaining();
    if (const FixedBytes<4> ports = r.fixed<4>()) {
        u.srcPort = ports.be16<0>();
        u.dstPort = ports.be16<2>();
    }
    u.length = r.be16();
    u.checksum = r.be16();
    if (r.isShort()) {
        l->length = avail;
        l->truncated = cutByCapture(s);
        return;
    }
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
    const std::uint8_t* datagram = s.options.verifyChecksums ? s.whole(ip.offset, ip.capturedEnd, u.length) : nullptr;
    if (!s.quoted && !ip.firstFragment && !zeroOverV4 && datagram && ip.src) {
        const std::uint32_t sum = checksumAdd(pseudoHeaderSum(*ip.src, *ip.dst, 17, u.length), datagram, u.length);
        std::uint16_t correct = 0;
        u.checksumStatus = checksumVerdict(sum, u.checksum, correct);
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
