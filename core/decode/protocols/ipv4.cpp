// IPv4 (RFC 791): header checks, options, fragments; hands the payload to the next decoder.
#include "decode/dissect.h"

#include "common/byte_order.h"

#include <algorithm>

namespace synscope::dissect {

void decodeIpv4(State& s, std::uint32_t offset, std::uint32_t end)
{
    Packet& pk = s.packet;
    if (pk.ipv4.full() || s.depth > kMaxDepth) {
        addData(s, offset, end);
        return;
    }
    const std::uint8_t info = pk.ipv4.count;
    Ipv4Info& ip = pk.ipv4.push();
    ip = Ipv4Info{};
    Layer* l = addLayer(s, Proto::Ipv4, offset, 0, info);
    if (!l)
        return;
    const std::uint32_t layerIndex = pk.layers.count - 1;
    const std::uint32_t avail = end - offset;
    const std::uint8_t* p = s.data + offset;
    if (avail < 1) {
        l->truncated = true;
        return;
    }
    const std::uint8_t version = p[0] >> 4;
    ip.headerLength = static_cast<std::uint8_t>((p[0] & 0x0f) * 4);
    if (version == 6) {
        // An IPv6 packet behind the IPv4 EtherType: Wireshark decodes it as IPv6, so do we (tcpdump
        // calls it a wrong link-layer encapsulation).
        pk.ipv4.count--;
        pk.layers.count--;
        decodeIpv6(s, offset, end);
        return;
    }
    if (version != 4) {
        l->length = 1;
        l->malformed = "the version field is not 4";
        addData(s, offset + 1, end);
        return;
    }
    if (avail < 20) {
        // Keep the fields that are complete, so a tree can show them.
        if (avail >= 4)
            ip.totalLength = loadBe16(p + 2);
        if (avail >= 10) {
            ip.id = loadBe16(p + 4);
            const std::uint16_t ff = loadBe16(p + 6);
            ip.reservedFlag = ff & 0x8000;
            ip.dontFragment = ff & 0x4000;
            ip.moreFragments = ff & 0x2000;
            ip.fragmentOffset = static_cast<std::uint16_t>((ff & 0x1fff) * 8);
            ip.ttl = p[8];
            ip.protocol = p[9];
        }
        l->length = avail;
        l->truncated = true;
        return;
    }
    ip.tos = p[1];
    ip.totalLength = loadBe16(p + 2);
    ip.id = loadBe16(p + 4);
    const std::uint16_t ff = loadBe16(p + 6);
    ip.reservedFlag = ff & 0x8000;
    ip.dontFragment = ff & 0x4000;
    ip.moreFragments = ff & 0x2000;
    ip.fragmentOffset = static_cast<std::uint16_t>((ff & 0x1fff) * 8);
    ip.ttl = p[8];
    ip.protocol = p[9];
    ip.checksum = loadBe16(p + 10);
    ip.src = IpAddress::v4(p + 12);
    ip.dst = IpAddress::v4(p + 16);
    if (ip.headerLength < 20) {
        l->length = 20;
        l->malformed = "the header length is less than 20 bytes";
        return;
    }
    if (avail < ip.headerLength) {
        l->length = avail;
        l->truncated = true;
        return;
    }
    l->length = ip.headerLength;
    if (s.options.verifyChecksums) {
        const std::uint32_t sum = checksumAdd(0, p, ip.headerLength);
        ip.checksumStatus = checksumFinish(sum) == 0xffff ? ChecksumStatus::Good : ChecksumStatus::Bad;
        ip.checksumComputed =
            static_cast<std::uint16_t>(~checksumFinish(sum + static_cast<std::uint16_t>(~ip.checksum)));
    }
    // A total length of 0 is what TCP segmentation offload leaves in captures of outgoing packets.
    std::uint32_t declaredEnd;
    if (ip.totalLength == 0 && !s.quoted) {
        declaredEnd = std::max<std::uint32_t>(end, offset + ip.headerLength);
    } else if (ip.totalLength < ip.headerLength) {
        l->malformed = "the total length is less than the header length";
        return;
    } else {
        declaredEnd = offset + ip.totalLength;
    }
    IpPayload payload;
    payload.src = &ip.src;
    payload.dst = &ip.dst;
    payload.protocol = ip.protocol;
    payload.offset = offset + ip.headerLength;
    payload.declaredLength = declaredEnd - payload.offset;
    payload.capturedEnd = std::min(end, declaredEnd);
    payload.ipLayer = static_cast<std::uint8_t>(layerIndex);
    payload.firstFragment = ip.moreFragments;
    if (ip.fragmentOffset != 0) {
        // Not the first fragment: its bytes continue a header that is in another packet.
        addData(s, payload.offset, payload.capturedEnd);
        return;
    }
    decodeIpPayload(s, payload);
}

} // namespace synscope::dissect
