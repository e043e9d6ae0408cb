// IPv4 (RFC 791): header checks, options, fragments; hands the payload to the next decoder.
#include "decode/dissect.h"
#include "decode/protocols/ip_headers.h"

namespace synscope::dissect {

namespace {

void takeFlagsAndOffset(Ipv4Info& ip, std::uint16_t ff)
{
    ip.reservedFlag = ff & 0x8000;
    ip.dontFragment = ff & 0x4000;
    ip.moreFragments = ff & 0x2000;
    ip.fragmentOffset = static_cast<std::uint16_t>((ff & 0x1fff) * 8);
}

// A header the captured bytes end inside: keep the fields that are complete, so a tree can show them.
void takeIncompleteHeader(Ipv4Info& ip, const ByteReader& r)
{
    if (const Ipv4Fields<4> h{r.peek<4>()})
        ip.totalLength = h.totalLength();
    if (const Ipv4Fields<10> h{r.peek<10>()}) {
        ip.id = h.id();
        takeFlagsAndOffset(ip, h.flagsAndOffset());
        ip.ttl = h.ttl();
        ip.protocol = h.protocol();
    }
}

void takeHeader(Ipv4Info& ip, Ipv4Fields<> h)
{
    ip.tos = h.tos();
    ip.totalLength = h.totalLength();
    ip.id = h.id();
    takeFlagsAndOffset(ip, h.flagsAndOffset());
    ip.ttl = h.ttl();
    ip.protocol = h.protocol();
    ip.checksum = h.checksum();
    ip.src = IpAddress::v4(h.src());
    ip.dst = IpAddress::v4(h.dst());
}

// Reads the header at `r` into `ip` and `l`; false when nothing after it can be decoded (the layer then
// says why: truncated or malformed).
bool readHeader(State& s, Ipv4Info& ip, Layer& l, const ByteReader& r)
{
    const std::uint32_t avail = r.remaining();
    const Ipv4Fields<> h{r.peek<kIpv4MinHeaderLength>()};
    if (!h) {
        takeIncompleteHeader(ip, r);
        l.length = avail;
        l.truncated = true;
        return false;
    }
    takeHeader(ip, h);
    if (ip.headerLength < kIpv4MinHeaderLength) {
        l.length = kIpv4MinHeaderLength;
        l.malformed = "the header length is less than 20 bytes";
        return false;
    }
    ByteReader withOptions = r;
    const std::uint8_t* header = withOptions.take(ip.headerLength);
    if (!header) {
        l.length = avail;
        l.truncated = true;
        return false;
    }
    l.length = ip.headerLength;
    if (s.options.verifyChecksums)
        ip.checksumStatus = checksumVerdict(checksumAdd(0, header, ip.headerLength), ip.checksum, ip.checksumComputed);
    return true;
}

} // namespace

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
    const ByteReader r = s.bytes(offset, end);
    if (r.atEnd()) {
        l->truncated = true;
        return;
    }
    const Ipv4Fields<1> first{r.peek<1>()};
    ip.headerLength = static_cast<std::uint8_t>(first.headerLength());
    if (first.version() == 6) {
        // An IPv6 packet behind the IPv4 EtherType: Wireshark decodes it as IPv6, so do we (tcpdump
        // calls it a wrong link-layer encapsulation).
        pk.ipv4.count--;
        pk.layers.count--;
        decodeIpv6(s, offset, end);
        return;
    }
    if (first.version() != 4) {
        l->length = 1;
        l->malformed = "the version field is not 4";
        addData(s, offset + 1, end);
        return;
    }
    if (!readHeader(s, ip, *l, r))
        return;
    const std::optional<std::uint32_t> declaredEnd =
        ipv4DeclaredEnd(offset, ip.totalLength, ip.headerLength, end, s.quoted);
    if (!declaredEnd) {
        l->malformed = "the total length is less than the header length";
        return;
    }
    IpPayload payload;
    payload.src = &ip.src;
    payload.dst = &ip.dst;
    payload.protocol = ip.protocol;
    payload.offset = offset + ip.headerLength;
    payload.declaredLength = *declaredEnd - payload.offset;
    payload.capturedEnd = std::min(end, *declaredEnd);
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
