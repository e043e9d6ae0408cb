#include "decode/segment/tcp_header_reader.h"

#include "decode/protocols/ip_headers.h"
#include "decode/protocols/link_headers.h"
#include "decode/protocols/tcp_header.h"

#include <algorithm>

namespace synscope {

namespace {

using namespace dissect;

// The link-layer and IP headers are read through the decoder's own header views and decisions
// (protocols/link_headers.h, ip_headers.h, tcp_header.h): which link types, EtherTypes and loopback
// families lead to IP, where a datagram ends, how a TCP header fits its segment. What stays here is only
// the choice of the shapes this shortcut takes. A frame is called NoTcp only where the decoder certainly
// finds no TCP header (ARP, UDP, a link header followed by data only); any doubt goes to the decoder.
class Reader {
public:
    Reader(std::span<const std::uint8_t> frame, TcpHeaderFields& tcp, TcpSegmentView& view)
        : frame_(frame), tcp_(tcp), view_(view)
    {
    }

    HeaderReading linkLayer(std::uint32_t linkType)
    {
        switch (firstHeaderOf(linkType)) {
        case FirstHeader::Ethernet: {
            const EthernetHeader h{frame_.peek<kEthernetHeaderLength>()};
            if (!h.bytes)
                return HeaderReading::NeedsDecoder;
            return next(nextAfterEthernet(h.typeOrLength()), kEthernetHeaderLength);
        }
        case FirstHeader::LinuxSll: {
            const LinuxSllHeader h{frame_.peek<kLinuxSllHeaderLength>()};
            if (!h.bytes)
                return HeaderReading::NeedsDecoder;
            return next(nextAfterLinuxSll(h.hatype(), h.protocol()), kLinuxSllHeaderLength);
        }
        case FirstHeader::LinuxSll2: {
            const LinuxSll2Header h{frame_.peek<kLinuxSll2HeaderLength>()};
            if (!h.bytes)
                return HeaderReading::NeedsDecoder;
            return next(nextAfterLinuxSll(h.hatype(), h.protocol()), kLinuxSll2HeaderLength);
        }
        case FirstHeader::Loopback:
        case FirstHeader::LoopbackNetworkOrder: {
            const FixedBytes<kLoopbackHeaderLength> h = frame_.peek<kLoopbackHeaderLength>();
            if (!h)
                return HeaderReading::NeedsDecoder;
            const std::uint32_t family =
                loopbackFamily(h, firstHeaderOf(linkType) == FirstHeader::LoopbackNetworkOrder);
            if (loopbackFamilyIsEtherType(family))
                return HeaderReading::NeedsDecoder; // rare: left to the decoder
            return next(nextAfterLoopback(family), kLoopbackHeaderLength);
        }
        case FirstHeader::Ip:
        case FirstHeader::Ipv4: { // the decoder takes a version-6 header here as IPv6, as Wireshark does
            const Ipv4Fields<1> first{frame_.peek<1>()};
            if (!first)
                return HeaderReading::NeedsDecoder;
            return first.version() == 6 ? ipv6(0) : ipv4(0);
        }
        case FirstHeader::Ipv6: return ipv6(0);
        case FirstHeader::None: break;
        }
        return HeaderReading::NeedsDecoder;
    }

private:
    // What follows a link-layer header ending at `at`.
    HeaderReading next(NextLayer layer, std::uint32_t at)
    {
        // As many VLAN tags as the decoder keeps.
        for (int tags = 0; layer == NextLayer::Vlan; ++tags) {
            const VlanTag tag{frame_.peekAt<kVlanTagLength>(at)};
            if (tags == kMaxVlanTags || !tag.bytes)
                return HeaderReading::NeedsDecoder;
            layer = nextAfterEtherType(tag.etherType());
            at += kVlanTagLength;
        }
        switch (layer) {
        case NextLayer::Ipv4: return ipv4(at);
        case NextLayer::Ipv6: return ipv6(at);
        case NextLayer::Arp:
        case NextLayer::Data: return HeaderReading::NoTcp;
        default: return HeaderReading::NeedsDecoder; // LLC, PPPoE, a bad type/length field
        }
    }

    HeaderReading ipv4(std::uint32_t at)
    {
        const Ipv4Fields<> h{frame_.peekAt<kIpv4MinHeaderLength>(at)};
        if (!h || h.version() != 4)
            return HeaderReading::NeedsDecoder;
        const IpNext next = ipNextOf(h.protocol());
        if (next == IpNext::Udp)
            return HeaderReading::NoTcp;
        // Options are fine; a short header, a cut one, a fragment or another protocol go to the decoder.
        const std::uint32_t headerLength = h.headerLength();
        if (next != IpNext::Tcp || headerLength < kIpv4MinHeaderLength || !frame_.window(at, frame_.end()).has(headerLength) ||
            ipv4IsFragment(h.flagsAndOffset()))
            return HeaderReading::NeedsDecoder;
        const std::optional<std::uint32_t> declaredEnd =
            ipv4DeclaredEnd(at, h.totalLength(), headerLength, frame_.end(), false);
        if (!declaredEnd)
            return HeaderReading::NeedsDecoder;
        view_.ipv6 = false;
        view_.src = h.src();
        view_.dst = h.dst();
        return segment(at + headerLength, *declaredEnd);
    }

    HeaderReading ipv6(std::uint32_t at)
    {
        const Ipv6Fields<> h{frame_.peekAt<kIpv6HeaderLength>(at)};
        if (!h || h.version() != 6)
            return HeaderReading::NeedsDecoder;
        const std::uint8_t nextHeader = h.nextHeader();
        const IpNext next = ipNextOf(nextHeader);
        if (next == IpNext::Udp)
            return HeaderReading::NoTcp;
        if (next != IpNext::Tcp)
            return HeaderReading::NeedsDecoder; // extension headers, ICMPv6, tunnels ...
        view_.ipv6 = true;
        view_.src = h.src();
        view_.dst = h.dst();
        return segment(at + kIpv6HeaderLength,
                       ipv6DeclaredEnd(at, h.payloadLength(), 0, nextHeader, frame_.end(), false));
    }

    HeaderReading segment(std::uint32_t at, std::uint32_t declaredEnd)
    {
        const ByteReader r = frame_.window(at, declaredEnd);
        TcpHeaderFields& t = tcp_;
        t = TcpHeaderFields{}; // nothing of the previous frame's header may remain
        // The checksum is not verified, as the analysis' decoding leaves it.
        if (!readTcpFixedHeader(r, t) ||
            tcpHeaderFit(t.headerLength, declaredEnd - at, r.remaining()) != TcpHeaderFit::Whole)
            return HeaderReading::NeedsDecoder;
        t.segmentLength = declaredEnd - at;
        setTcpPayload(t, at);
        auto keepNoList = [](std::uint8_t, std::uint8_t, std::uint32_t) { return true; };
        t.optionProblem = walkTcpOptions(t, r.window(at + kTcpMinHeaderLength, t.payloadOffset), keepNoList);
        view_.tcp = &t;
        view_.headerBytes = t.headerLength;
        return HeaderReading::Segment;
    }

    const ByteReader frame_;
    TcpHeaderFields& tcp_;
    TcpSegmentView& view_;
};

} // namespace

HeaderReading readTcpSegment(std::span<const std::uint8_t> frame, std::uint32_t linkType, TcpHeaderFields& tcp,
                             TcpSegmentView& view)
{
    view = TcpSegmentView{}; // not quoted, not truncated, not malformed: the only segments read here
    return Reader(frame, tcp, view).linkLayer(linkType);
}

} // namespace synscope
