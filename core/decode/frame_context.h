#pragma once
// What the presentation of one frame (tree, list row, JSON) needs beyond its bytes: its number, time,
// interface, and what the TCP analysis concluded about it.
#include "common/timestamp.h"

#include <cstdint>
#include <string_view>

namespace synscope {

// Wireshark's tcp.analysis.* flags.
namespace tcpanalysis {
inline constexpr std::uint32_t kRetransmission = 1u << 0;
inline constexpr std::uint32_t kFastRetransmission = 1u << 1;
inline constexpr std::uint32_t kSpuriousRetransmission = 1u << 2;
inline constexpr std::uint32_t kOutOfOrder = 1u << 3;
inline constexpr std::uint32_t kLostSegment = 1u << 4;       // previous segment not captured
inline constexpr std::uint32_t kAckLostSegment = 1u << 5;    // ACKed unseen segment
inline constexpr std::uint32_t kDuplicateAck = 1u << 6;
inline constexpr std::uint32_t kZeroWindow = 1u << 7;
inline constexpr std::uint32_t kZeroWindowProbe = 1u << 8;
inline constexpr std::uint32_t kZeroWindowProbeAck = 1u << 9;
inline constexpr std::uint32_t kWindowFull = 1u << 10;
inline constexpr std::uint32_t kWindowUpdate = 1u << 11;
inline constexpr std::uint32_t kKeepAlive = 1u << 12;
inline constexpr std::uint32_t kKeepAliveAck = 1u << 13;
inline constexpr std::uint32_t kReusedPorts = 1u << 14;
inline constexpr std::uint32_t kCount = 15;

// Wireshark field name ("tcp.analysis.retransmission") and column text ("TCP Retransmission") of flag bit i.
const char* fieldName(std::uint32_t bit);
const char* label(std::uint32_t bit);
// Flags that indicate a problem (list colouring, diagram markers).
inline constexpr std::uint32_t kProblems = kRetransmission | kFastRetransmission | kSpuriousRetransmission |
                                            kOutOfOrder | kLostSegment | kAckLostSegment | kDuplicateAck |
                                            kZeroWindow | kWindowFull;
} // namespace tcpanalysis

// The TCP analysis' view of one segment, in Wireshark's terms.
struct TcpSegmentFacts {
    std::uint32_t stream = 0;
    std::uint32_t relativeSeq = 0;   // raw when !segmentLengthKnown (Wireshark does the same)
    std::uint32_t relativeAck = 0;   // raw field when !segmentLengthKnown or ACK is not set
    std::uint32_t nextSeq = 0;       // relative; valid when hasNextSeq
    bool hasNextSeq = false;
    bool segmentLengthKnown = true;
    bool quoted = false;             // a header quoted in an ICMP error: stream only, raw numbers
    bool bogusHeaderLength = false;  // data offset < 5: only stream and seq
    bool fromClient = true;
    bool hasWindowScaleField = true; // tcp.window_size_scalefactor is absent on SYN segments
    std::int8_t windowScale = -1;    // -1 unknown, -2 no scaling, otherwise the shift
    std::uint64_t windowSize = 0;    // scaled when the scale is known, else the raw value
    std::uint32_t flags = 0;         // tcpanalysis::
    std::uint32_t duplicateAckNum = 0;
    std::uint64_t duplicateAckFrame = 0; // the frame this duplicate ACK repeats
    std::uint64_t retransmittedFrame = 0; // for retransmissions, the original segment's frame (0 unknown)
};

struct FrameContext {
    std::uint64_t number = 0;       // frame number, from 1
    Timestamp time;
    Timestamp firstTime; // of frame 1, for frame.time_relative
    std::uint32_t interfaceId = 0;
    std::string_view interfaceName;
    std::string_view comment;
    const TcpSegmentFacts* tcp = nullptr; // of the frame's own TCP segment (not one quoted in ICMP)
};

} // namespace synscope
