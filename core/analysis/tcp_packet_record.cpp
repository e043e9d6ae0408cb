#include "analysis/tcp_packet_record.h"

namespace synscope {

TcpSegmentFacts segmentFacts(const TcpPacketRecord& r, const TcpInfo& t)
{
    TcpSegmentFacts f;
    f.stream = r.stream;
    f.relativeSeq = r.seq;
    f.relativeAck = r.ack;
    f.fromClient = r.bits & TcpPacketRecord::kFromClient;
    f.quoted = r.bits & TcpPacketRecord::kQuoted;
    f.bogusHeaderLength = r.bits & TcpPacketRecord::kBogusHeaderLength;
    f.segmentLengthKnown = r.bits & TcpPacketRecord::kSegmentLengthKnown;
    const bool syn = t.flags & tcpflag::kSyn;
    f.hasNextSeq = f.segmentLengthKnown && !f.bogusHeaderLength;
    if (f.hasNextSeq)
        f.nextSeq = r.seq + t.payloadLength + ((syn || (t.flags & tcpflag::kFin)) ? 1u : 0u);
    f.windowScale = r.windowScale;
    f.hasWindowScaleField = !syn;
    f.windowSize = t.window;
    if (f.segmentLengthKnown && !syn && r.windowScale >= 0)
        f.windowSize = static_cast<std::uint64_t>(t.window) << r.windowScale;
    if (!(r.bits & TcpPacketRecord::kHideAnalysis)) {
        f.flags = r.flags;
        f.duplicateAckNum = r.duplicateAckNum;
        f.duplicateAckFrame = r.duplicateAckFrame;
    }
    return f;
}

} // namespace synscope
