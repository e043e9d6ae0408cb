// IPv6 (RFC 8200) with hop-by-hop, routing, fragment, destination-options and AH extension headers,
// and the jumbo payload option (RFC 2675, used by Linux BIG TCP).
#include "decode/dissect.h"
#include "decode/protocols/ip_headers.h"

namespace synscope::dissect {

namespace {

// Looks for a jumbo payload option (type 0xC2) in a hop-by-hop header's options.
std::uint32_t findJumboLength(ByteReader options)
{
    while (!options.atEnd()) {
        const std::uint8_t type = options.u8();
        if (type == 0) // Pad1
            continue;
        const std::uint8_t len = options.u8();
        ByteReader value = options.sub(len);
        if (options.isShort())
            break;
        if (type == 0xc2 && len == 4)
            return value.be32();
    }
    return 0;
}

// An extension header's length in bytes, from its first 8 (RFC 8200 section 4; AH counts 4-byte units).
std::uint32_t extensionLength(std::uint8_t type, FixedBytes<8> h)
{
    if (type == 44)
        return 8;
    if (type == 51)
        return (static_cast<std::uint32_t>(h.u8<1>()) + 2) * 4;
    return (static_cast<std::uint32_t>(h.u8<1>()) + 1) * 8;
}

// Walks the extension-header chain from `r` (just after the fixed header) into `ip`; each header is bounded
// by the bytes present, and the list by its capacity, so a looping or endless chain stops. Returns where
// the upper-layer header starts (or the cut header, when the capture ends inside the chain).
std::uint32_t walkExtensions(Ipv6Info& ip, Layer& l, ByteReader r)
{
    std::uint8_t nh = ip.nextHeader;
    std::uint32_t at = r.offset();
    while (isIpv6ExtensionHeader(nh)) {
        if (ip.extensions.full()) {
            l.malformed = "more than 8 extension headers";
            break;
        }
        const FixedBytes<8> h = r.peek<8>();
        if (!h) {
            l.truncated = true;
            break;
        }
        const std::uint32_t hlen = extensionLength(nh, h);
        ByteReader body = r.sub(hlen);
        Ipv6ExtensionHeader& x = ip.extensions.push();
        x = {nh, h.u8<0>(), static_cast<std::uint16_t>(hlen), at};
        if (r.isShort()) {
            l.truncated = true;
            break;
        }
        if (nh == 0 && body.skip(2))
            ip.jumboLength = findJumboLength(body);
        if (nh == 44) {
            const std::uint16_t fo = h.be16<2>();
            ip.isFragment = true;
            ip.fragmentOffset = static_cast<std::uint16_t>(fo & 0xfff8);
            ip.moreFragments = fo & 1;
            ip.fragmentId = h.be32<4>();
        }
        nh = h.u8<0>();
        at = r.offset();
    }
    ip.upperProtocol = nh;
    return at;
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
    Layer* l = addLayer(s, Proto::Ipv6, offset, kIpv6HeaderLength, info);
    if (!l)
        return;
    const std::uint32_t layerIndex = pk.layers.count - 1;
    ByteReader r = s.bytes(offset, end);
    const std::uint32_t avail = r.remaining();
    if (const Ipv6Fields<1> first{r.peek<1>()}; first && first.version() != 6) {
        l->length = 1;
        l->malformed = "the version field is not 6";
        addData(s, offset + 1, end);
        return;
    }
    const Ipv6Fields<> h{r.peek<kIpv6HeaderLength>()};
    if (!h) {
        if (const Ipv6Fields<8> part{r.peek<8>()}) {
            ip.payloadLength = part.payloadLength();
            ip.nextHeader = part.nextHeader();
            ip.hopLimit = part.hopLimit();
        }
        l->length = avail;
        l->truncated = true;
        return;
    }
    const std::uint32_t vtf = h.versionClassFlow();
    ip.trafficClass = static_cast<std::uint8_t>((vtf >> 20) & 0xff);
    ip.flowLabel = vtf & 0xfffff;
    ip.payloadLength = h.payloadLength();
    ip.nextHeader = h.nextHeader();
    ip.hopLimit = h.hopLimit();
    ip.src = IpAddress::v6(h.src());
    ip.dst = IpAddress::v6(h.dst());
    r.skip(kIpv6HeaderLength);

    const std::uint32_t at = walkExtensions(ip, *l, r);
    const std::uint8_t nh = ip.upperProtocol;
    ip.upperOffset = at;
    // A chain the capture cuts short covers the bytes that are there (as Wireshark's item for the cut
    // header does); upperOffset still names where the cut header starts.
    l->length = (l->truncated ? end : std::min(at, end)) - offset;
    if (l->truncated || l->malformed)
        return;

    const std::uint32_t declaredEnd = ipv6DeclaredEnd(offset, ip.payloadLength, ip.jumboLength, nh, end, s.quoted);
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
    if (nh == kIpv6NoNextHeader)
        return addData(s, at, payload.capturedEnd);
    if (ip.isFragment && ip.fragmentOffset != 0)
        return addData(s, at, payload.capturedEnd);
    decodeIpPayload(s, payload);
}

} // namespace synscope::dissect
