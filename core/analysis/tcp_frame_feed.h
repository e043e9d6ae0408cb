#pragma once
// Feeds frames, as captured bytes, to a TcpTracker: a plain TCP segment's headers are read straight from
// the bytes (readTcpSegment), any other frame is decoded first. What the tracker sees is the same either
// way; opening a capture spends about a third of the time it would decoding every frame.
#include "analysis/tcp_tracker.h"

#include "decode/decoder.h"
#include "decode/segment/tcp_header_reader.h"

#include <cstdint>
#include <span>

namespace synscope {

class TcpFrameFeed {
public:
    // As TcpTracker::process() with the frame decoded.
    bool feed(TcpTracker& tracker, std::uint64_t frame, std::int64_t timeNs, std::span<const std::uint8_t> bytes,
              std::uint32_t linkType, std::uint32_t originalLength, TcpPacketRecord& record)
    {
        TcpSegmentView segment;
        switch (readTcpSegment(bytes, linkType, fields_, segment)) {
        case HeaderReading::Segment: return tracker.process(frame, timeNs, &segment, record);
        case HeaderReading::NoTcp: return tracker.process(frame, timeNs, nullptr, record);
        case HeaderReading::NeedsDecoder: break;
        }
        DecodeOptions options; // the analysis needs headers only
        options.verifyChecksums = false;
        options.decodeDns = false;
        decodePacket(bytes, linkType, originalLength, packet_, options);
        return tracker.process(frame, timeNs, packet_, record);
    }

private:
    TcpHeaderFields fields_;
    Packet packet_;
};

} // namespace synscope
