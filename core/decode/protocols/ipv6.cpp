// IPv6 (RFC 8200) with hop-by-hop, routing, fragment, destination-options and AH extension headers,
// and the jumbo payload option (RFC 2675, used by Linux BIG TCP).
#include "decode/dissect.h"

#include "common/byte_order.h"

#include <algorithm>

namespace synscope::dissect {

namespace {

bool isExtensionHeader(std::uint8_t nh)
{
    return nh == 0 || nh == 43 || nh == 44 || nh == 60 || nh == 51 || nh == 135 || nh == 139 || nh == 140;
}

// Looks for a jumbo payload option (type 0xC2) in a hop-by-hop header's options.
std::uint32_t findJumboLength(const std::uint8_t* opts, std::uint32_t length)
{
    std::uint32_t at = 0;
    while (at < length) {
        const std::uint8_t type = opts[at];
        if (type == 0) { // Pad1
            ++at;
            continue;
        }
        if (at + 2 > length)
            break;
        const std::uint8_t len = opts[at + 1];
        if (at + 2 + len > length)
            break;
        if (type == 0xc2 && len == 4)
            return loadBe32(opts + at + 2);
        at += 2 + len;
    }
    return 0;
}

} // namespace

void decodeIpv6(State& s, std::uint32_t offset, std::uint32_t end)
{
    Packet& pk = s.packet;
    if (pk.ipv6.full() || s.depth > kMaxDepth) {
        addData(s, offset, end);
        return;
    }
    const std::uint8_t info = pk.ipv6.count;
    Ipv6Info& ip = pk.ipv6.push();
    ip = Ipv6Info{};
    Layer* l = addLayer(s, Proto::Ipv6, offset, 40, info);
    if (!l)
        return;
    const std::uint32_t layerIndex = pk.layers.count - 1;
    const std::uint32_t avail = end - offset;
    const std::uint8_t* p = s.data + offset;
    if (avail >= 1 && (p[0] >> 4) != 6) {
        l->length = 1;
        l->malformed = "the version field is not 6";
        addData(s, offset + 1, end);
        return;
    }
    if (avail < 40) {
        if (avail >= 8) {
            ip.payloadLength = loadBe16(p + 4);
            ip.nextHeader = p[6];
            ip.hopLimit = p[7];
        }
        l->length = avail;
        l->truncated = true;
        return;
    }
    const std::uint32_t vtf = loadBe32(p);
    ip.trafficClass = static_cast<std::uint8_t>((vtf >> 20) & 0xff);
    ip.flowLabel = vtf & 0xfffff;
    ip.payloadLength = loadBe16(p + 4);
    ip.nextHeader = p[6];
    ip.hopLimit = p[7];
    ip.src = IpAddress::v6(p + 8);
    ip.dst = IpAddress::v6(p + 24);

    // Walk the extension-header chain; each header is bounded by the bytes present, and the list by
    // its capacity, so a looping or endless chain stops.
    std::uint8_t nh = ip.nextHeader;
    std::uint32_t at = offset + 40;
    while (isExtensionHeader(nh)) {
        if (ip.extensions.full()) {
            l->malformed = "more than 8 extension headers";
            break;
        }
        if (end - at < 8) {
            l->truncated = true;
            break;
        }
        const std::uint8_t* h = s.data + at;
        std::uint32_t hlen;
        if (nh == 44)
            hlen = 8;
        else if (nh == 51)
            hlen = (static_cast<std::uint32_t>(h[1]) + 2) * 4;
        else
            hlen = (static_cast<std::uint32_t>(h[1]) + 1) * 8;
        if (end - at < hlen) {
            Ipv6ExtensionHeader& x = ip.extensions.push();
            x = {nh, h[0], static_cast<std::uint16_t>(hlen), at};
            l->truncated = true;
            break;
        }
        Ipv6ExtensionHeader& x = ip.extensions.push();
        x = {nh, h[0], static_cast<std::uint16_t>(hlen), at};
        if (nh == 0)
            ip.jumboLength = findJumboLength(h + 2, hlen - 2);
        if (nh == 44) {
            const std::uint16_t fo = loadBe16(h + 2);
            ip.isFragment = true;
            ip.fragmentOffset = static_cast<std::uint16_t>(fo & 0xfff8);
            ip.moreFragments = fo & 1;
            ip.fragmentId = loadBe32(h + 4);
        }
        nh = h[0];
        at += hlen;
    }
    ip.upperProtocol = nh;
    ip.upperOffset = at;
    // A chain the capture cuts short covers the bytes that are there (as Wireshark's item for the cut
    // header does); upperOffset still names where the cut header starts.
    l->length = (l->truncated ? end : std::min(at, end)) - offset;
    if (l->truncated || l->malformed)
        return;

    std::uint32_t declaredEnd;
    if (ip.payloadLength == 0 && ip.jumboLength != 0)
        declaredEnd = offset + 40 + ip.jumboLength;
    else if (ip.payloadLength == 0 && !s.quoted && nh != 59)
        declaredEnd = end; // segmentation offload leaves 0 in outgoing packets
    else
        declaredEnd = offset + 40 + ip.payloadLength;
    if (declaredEnd < at) {
        l->malformed = "the payload length is shorter than the extension headers";
        return;
    }
    IpPayload payload;
    payload.src = &ip.src;
    payload.dst = &ip.dst;
    payload.protocol = nh;
    payload.offset = at;
    payload.declaredLength = declaredEnd - at;
    payload.capturedEnd = std::min(end, declaredEnd);
    payload.ipLayer = static_cast<std::uint8_t>(layerIndex);
    payload.firstFragment = ip.isFragment && ip.moreFragments;
    if (nh == 59) // no next header
        return addData(s, at, payload.capturedEnd);
    if (ip.isFragment && ip.fragmentOffset != 0)
        return addData(s, at, payload.capturedEnd);
    decodeIpPayload(s, payload);
}

} // namespace synscope::dissect
