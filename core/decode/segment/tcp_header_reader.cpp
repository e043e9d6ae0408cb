#include "decode/segment/tcp_header_reader.h"

#include "decode/dissect.h"
#include "decode/protocols/tcp_options.h"

#include "common/byte_order.h"
#include "common/link_types.h"

#include <algorithm>

namespace synscope {

namespace {

constexpr std::uint8_t kTcp = 6, kUdp = 17;

// Every test below mirrors a decision of the decoder (ethernet.cpp, linux_sll.cpp, null_loopback.cpp,
// ipv4.cpp, ipv6.cpp, tcp.cpp). A frame is called NoTcp only where the decoder certainly finds no TCP
// header (ARP, UDP, a loopback family that is not IP, Linux cooked netlink and 802.3/802.2 frames); any
// doubt goes to the decoder.
class Reader {
public:
    Reader(std::span<const std::uint8_t> frame, TcpHeaderFields& tcp, TcpSegmentView& view)
        : d_(frame.data()), end_(static_cast<std::uint32_t>(frame.size())), tcp_(tcp), view_(view)
    {
    }

    HeaderReading linkLayer(std::uint32_t linkType)
    {
        switch (linkType) {
        case linktype::kEthernet:
            if (end_ < 14)
                return HeaderReading::NeedsDecoder;
            // A type/length field up to 1500 is an 802.3 length (LLC follows): the decoder's business.
            return loadBe16(d_ + 12) < 0x0600 ? HeaderReading::NeedsDecoder : etherType(loadBe16(d_ + 12), 14);
        case linktype::kLinuxSll:
            if (end_ < 16)
                return HeaderReading::NeedsDecoder;
            return cooked(loadBe16(d_ + 2), loadBe16(d_ + 14), 16);
        case linktype::kLinuxSll2:
            if (end_ < 20)
                return HeaderReading::NeedsDecoder;
            return cooked(loadBe16(d_ + 8), loadBe16(d_), 20);
        case linktype::kNull:
        case linktype::kLoop: {
            if (end_ < 4)
                return HeaderReading::NeedsDecoder;
            const std::uint32_t family = dissect::nullLoopbackFamily(d_, linkType == linktype::kLoop);
            if (family == 2)
                return ipv4(4);
            if (family == 10 || family == 24 || family == 28 || family == 30)
                return ipv6(4);
            return family > 1500 ? HeaderReading::NeedsDecoder : HeaderReading::NoTcp;
        }
        case linktype::kRaw:
        case linktype::kRawAlt12:
        case linktype::kRawAlt14:
        case linktype::kIpv4: // the decoder takes a version-6 header here as IPv6, as Wireshark does
            if (end_ < 1)
                return HeaderReading::NeedsDecoder;
            return (d_[0] >> 4) == 6 ? ipv6(0) : ipv4(0);
        case linktype::kIpv6: return ipv6(0);
        default: return HeaderReading::NeedsDecoder;
        }
    }

private:
    HeaderReading cooked(std::uint16_t hatype, std::uint16_t protocol, std::uint32_t at)
    {
        if (hatype == 824 /* ARPHRD_NETLINK */ || protocol == 0x0001 || protocol == 0x0004)
            return HeaderReading::NoTcp; // netlink messages, 802.3 / 802.2 frames: the decoder shows data
        return etherType(protocol, at);
    }

    HeaderReading etherType(std::uint16_t type, std::uint32_t at)
    {
        // Up to four VLAN tags, as many as the decoder keeps.
        for (int tags = 0; type == 0x8100 || type == 0x88a8 || type == 0x9100; ++tags) {
            if (tags == 4 || end_ - at < 4)
                return HeaderReading::NeedsDecoder;
            type = loadBe16(d_ + at + 2);
            at += 4;
        }
        switch (type) {
        case 0x0800: return ipv4(at);
        case 0x86dd: return ipv6(at);
        case 0x0806: return HeaderReading::NoTcp; // ARP
        default: return HeaderReading::NeedsDecoder;
        }
    }

    HeaderReading ipv4(std::uint32_t at)
    {
        if (end_ - at < 20 || (d_[at] >> 4) != 4)
            return HeaderReading::NeedsDecoder;
        const std::uint8_t* p = d_ + at;
        const std::uint32_t headerLength = (p[0] & 0x0fu) * 4;
        const std::uint8_t protocol = p[9];
        if (protocol == kUdp)
            return HeaderReading::NoTcp;
        // Options are fine; a short header, a cut one, a fragment or another protocol go to the decoder.
        const std::uint16_t totalLength = loadBe16(p + 2);
        if (protocol != kTcp || headerLength < 20 || end_ - at < headerLength || (loadBe16(p + 6) & 0x3fff) != 0 ||
            (totalLength != 0 && totalLength < headerLength))
            return HeaderReading::NeedsDecoder;
        // A total length of 0 is what segmentation offload leaves: the payload runs to the frame's end.
        const std::uint32_t declaredEnd = totalLength == 0 ? end_ : at + totalLength;
        view_.ipv6 = false;
        view_.src = p + 12;
        view_.dst = p + 16;
        return segment(at + headerLength, declaredEnd);
    }

    HeaderReading ipv6(std::uint32_t at)
    {
        if (end_ - at < 40 || (d_[at] >> 4) != 6)
            return HeaderReading::NeedsDecoder;
        const std::uint8_t* p = d_ + at;
        const std::uint8_t nextHeader = p[6];
        if (nextHeader == kUdp)
            return HeaderReading::NoTcp;
        if (nextHeader != kTcp)
            return HeaderReading::NeedsDecoder; // extension headers, ICMPv6, tunnels ...
        const std::uint16_t payloadLength = loadBe16(p + 4);
        const std::uint32_t declaredEnd = payloadLength == 0 ? end_ : at + 40 + payloadLength;
        view_.ipv6 = true;
        view_.src = p + 8;
        view_.dst = p + 24;
        return segment(at + 40, declaredEnd);
    }

    HeaderReading segment(std::uint32_t at, std::uint32_t declaredEnd)
    {
        const std::uint32_t capturedEnd = std::min(end_, declaredEnd);
        const std::uint32_t declaredLength = declaredEnd - at;
        if (capturedEnd < at + 20)
            return HeaderReading::NeedsDecoder;
        const std::uint8_t* p = d_ + at;
        const std::uint32_t headerLength = (p[12] >> 4) * 4u;
        if (headerLength < 20 || headerLength > declaredLength || capturedEnd - at < headerLength)
            return HeaderReading::NeedsDecoder;
        TcpHeaderFields& t = tcp_;
        t = TcpHeaderFields{}; // nothing of the previous frame's header may remain
        t.srcPort = loadBe16(p);
        t.dstPort = loadBe16(p + 2);
        t.seq = loadBe32(p + 4);
        t.ack = loadBe32(p + 8);
        t.headerLength = static_cast<std::uint8_t>(headerLength);
        t.flags = static_cast<std::uint16_t>(((p[12] & 0x0f) << 8) | p[13]);
        t.window = loadBe16(p + 14);
        t.checksum = loadBe16(p + 16); // not verified, as the analysis' decoding leaves it
        t.urgentPointer = loadBe16(p + 18);
        t.segmentLength = declaredLength;
        t.payloadOffset = at + headerLength;
        t.payloadLength = declaredLength - headerLength;
        auto keepNoList = [](std::uint8_t, std::uint8_t, std::uint32_t) { return true; };
        t.optionProblem = dissect::walkTcpOptions(t, d_, at + 20, at + headerLength, keepNoList);
        view_.tcp = &t;
        view_.headerBytes = headerLength;
        return HeaderReading::Segment;
    }

    const std::uint8_t* d_;
    std::uint32_t end_;
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
