#pragma once
// The check that the analysis' header reader (readTcpSegment) and the decoder agree on a frame, shared by
// test_tcp_header_reader and the decoder fuzzers: where the reader answers, the decoded frame must give the
// analysis exactly the same segment, every header field of it (or, for NoTcp, none).
#include "decode/decoder.h"
#include "decode/segment/tcp_header_reader.h"

#include <cstring>
#include <string>

namespace synscope::test {

// Empty when they agree, else what differs. `decoded` is `frame` decoded as the analysis decodes it.
inline std::string segmentDisagreement(std::span<const std::uint8_t> frame, std::uint32_t linkType,
                                       const Packet& decoded)
{
    TcpHeaderFields fields;
    TcpSegmentView read;
    const HeaderReading reading = readTcpSegment(frame, linkType, fields, read);
    TcpSegmentView want;
    const bool has = tcpSegmentOf(decoded, want);
    if (reading == HeaderReading::NeedsDecoder)
        return {};
    if (reading == HeaderReading::NoTcp)
        return has ? "read as no TCP, the decoder has a segment" : "";
    if (!has)
        return "read a segment, the decoder has none";
    std::string diff;
    auto check = [&diff](bool same, const char* what) {
        if (!same)
            diff += std::string(diff.empty() ? "" : ", ") + what;
    };
    const TcpHeaderFields& a = *read.tcp;
    const TcpHeaderFields& b = *want.tcp;
    check(read.ipv6 == want.ipv6, "IP version");
    check(std::memcmp(read.src, want.src, read.ipv6 ? 16 : 4) == 0, "source address");
    check(std::memcmp(read.dst, want.dst, read.ipv6 ? 16 : 4) == 0, "destination address");
    check(read.quoted == want.quoted && read.hasIcmp == want.hasIcmp && read.icmpv6 == want.icmpv6 &&
              read.icmpType == want.icmpType && read.icmpCode == want.icmpCode && !read.outerSource &&
              !want.outerSource,
          "quotation");
    check(read.truncated == want.truncated, "truncated");
    check(read.malformed == want.malformed, "malformed");
    check(read.headerBytes == want.headerBytes, "header bytes present");
    check(a.srcPort == b.srcPort && a.dstPort == b.dstPort, "ports");
    check(a.seq == b.seq && a.ack == b.ack, "sequence/acknowledgement number");
    check(a.headerLength == b.headerLength, "header length");
    check(a.flags == b.flags, "flags");
    check(a.window == b.window, "window");
    check(a.segmentLength == b.segmentLength, "segment length");
    check(a.payloadLength == b.payloadLength && a.payloadOffset == b.payloadOffset, "payload");
    check(a.checksum == b.checksum && a.checksumStatus == b.checksumStatus &&
              a.checksumComputed == b.checksumComputed,
          "checksum");
    check(a.urgentPointer == b.urgentPointer, "urgent pointer");
    // The same text (a literal's address may differ between translation units).
    check(a.optionProblem == b.optionProblem ||
              (a.optionProblem && b.optionProblem && std::strcmp(a.optionProblem, b.optionProblem) == 0),
          "option problem");
    check(a.hasMss == b.hasMss && a.mss == b.mss, "MSS option");
    check(a.hasWindowScale == b.hasWindowScale && a.windowScale == b.windowScale, "window scale option");
    check(a.sackPermitted == b.sackPermitted, "SACK permitted option");
    check(a.hasTimestamps == b.hasTimestamps && a.tsVal == b.tsVal && a.tsEcr == b.tsEcr, "timestamps option");
    check(a.sackCount == b.sackCount && a.sackLeft == b.sackLeft && a.sackRight == b.sackRight, "SACK blocks");
    return diff;
}

} // namespace synscope::test
