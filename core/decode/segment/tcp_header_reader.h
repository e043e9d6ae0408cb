#pragma once
// The TCP analysis' shortcut past the decoder: most frames of a capture are plain TCP segments
// (Ethernet, VLAN tags, Linux cooked or loopback header, IPv4 or IPv6 without extension headers, a whole
// TCP header), and reading those few fields straight from the bytes is several times cheaper than
// decoding the frame. Everything else (ICMP errors, tunnels, fragments, cut or malformed headers ...)
// is left to the decoder, so the analysis sees exactly what tcpSegmentOf() would give it.
#include "decode/segment/tcp_segment_view.h"

#include <cstdint>
#include <span>

namespace synscope {

enum class HeaderReading : std::uint8_t {
    Segment,      // `tcp` and `view` hold the segment, as tcpSegmentOf(decoded frame) would (the header's
                  // fields as the analysis decodes them: checksum not verified, no option list)
    NoTcp,        // the decoded frame would hold no segment for the analysis either
    NeedsDecoder, // not a shape this reader knows: decode the frame and use tcpSegmentOf()
};

// Reads the segment of `frame` (captured bytes of link type `linkType`) into `tcp` and `view`, which then
// points into `tcp` and `frame`. Unless the answer is Segment, neither holds anything meaningful.
HeaderReading readTcpSegment(std::span<const std::uint8_t> frame, std::uint32_t linkType, TcpHeaderFields& tcp,
                             TcpSegmentView& view);

} // namespace synscope
