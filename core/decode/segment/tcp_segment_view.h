#pragma once
// What the TCP analysis reads of a frame: its TCP header, the IP addresses that carry it and, for a
// header quoted in an ICMP error, that error. Taken from a decoded Packet (tcpSegmentOf) or read straight
// from the frame's bytes (readTcpSegment in tcp_header_reader.h); either way it points into storage the
// caller keeps alive while the analysis reads it.
#include "decode/packet.h"

#include <cstdint>

namespace synscope {

struct TcpSegmentView {
    const TcpHeaderFields* tcp = nullptr;
    const std::uint8_t* src = nullptr; // the carrying IP header's addresses: 4 bytes, or 16 when ipv6
    const std::uint8_t* dst = nullptr;
    bool ipv6 = false;
    bool quoted = false;             // quoted inside an ICMP error
    bool truncated = false;          // the capture cut the TCP header short
    const char* malformed = nullptr; // why the TCP header is invalid, or nullptr
    std::uint32_t headerBytes = 0;   // TCP header bytes present in the frame (Layer::length)
    // A quoted header: the ICMP error that quotes it (when its header is there) and the frame's own
    // (outermost) IP source address.
    bool hasIcmp = false;
    bool icmpv6 = false;
    std::uint8_t icmpType = 0, icmpCode = 0;
    const IpAddress* outerSource = nullptr;
};

// The segment the analysis takes from a decoded frame: the frame's first TCP header (one quoted in an
// ICMP error counts) directly inside IPv4 or IPv6, unless the frame itself is an IP fragment. False
// when there is none.
bool tcpSegmentOf(const Packet& packet, TcpSegmentView& view);

} // namespace synscope
