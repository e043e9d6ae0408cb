#include "analysis/tcp_sequence_analysis.h"

#include "decode/frame_context.h"
#include "decode/packet.h"

namespace synscope {

namespace {

// Sequence-space comparisons (modulo 2^32), as Wireshark's GT_SEQ/LT_SEQ/LE_SEQ.
bool gt(std::uint32_t x, std::uint32_t y) { return static_cast<std::int32_t>(y - x) < 0; }
bool lt(std::uint32_t x, std::uint32_t y) { return static_cast<std::int32_t>(x - y) < 0; }
bool le(std::uint32_t x, std::uint32_t y) { return static_cast<std::int32_t>(x - y) <= 0; }

// Time differences are unsigned, so time running backwards never counts as "soon".
bool within(std::int64_t now, std::int64_t then, std::int64_t limitNs)
{
    return static_cast<std::uint64_t>(now - then) < static_cast<std::uint64_t>(limitNs);
}

constexpr std::int64_t kFastRetransmissionWindowNs = 20'000'000; // 20 ms
constexpr std::int64_t kDefaultOutOfOrderWindowNs = 3'000'000;   // 3 ms

// The steps of analyzeSequence(), in Wireshark's order (tcp_analyze_sequence_number: A1..A11). Each is
// called once, so the compiler folds them back into one function.

bool isSynFinRst(const SequenceSegment& s) { return s.flags & (tcpflag::kSyn | tcpflag::kFin | tcpflag::kRst); }

// A1-A7: what the segment shows of its sender's flow (windows, lost segments, keep-alives, duplicate ACKs).
inline void analyseSenderFlow(TcpFlowState& fwd, const TcpFlowState& rev, const SequenceSegment& s,
                              SequenceVerdict& v)
{
    using namespace tcpanalysis;
    const std::uint32_t seq = s.seq, ack = s.ack, len = s.length;
    const bool sfr = isSynFinRst(s);

    // A1 zero-window probe: one byte sent into the other side's zero window.
    if (len == 1 && seq == fwd.nextSeq && rev.windowKnown && rev.window == 0) {
        v.flags |= kZeroWindowProbe;
        return;
    }
    // A2 zero window.
    if (s.window == 0 && !sfr)
        v.flags |= kZeroWindow;
    // A3 previous segment not captured.
    if (fwd.nextSeq && gt(seq, fwd.nextSeq) && !(s.flags & tcpflag::kRst))
        v.flags |= kLostSegment;
    // A4 keep-alive: one byte (or none) just below what was already sent.
    if (len <= 1 && !sfr && fwd.nextSeq - 1 == seq)
        v.flags |= kKeepAlive;
    // A5 window update.
    if (len == 0 && s.window != 0 && (!fwd.windowKnown || s.window != fwd.window) && seq == fwd.nextSeq &&
        ack == fwd.lastAck && !sfr)
        v.flags |= kWindowUpdate;
    // A6 window full: the segment fills the other side's advertised window exactly.
    if (len > 0 && rev.windowScale != -1 && !sfr) {
        const int shift = (rev.isFirstAck || rev.windowScale == -2) ? 0 : rev.windowScale;
        const std::uint32_t window = rev.windowKnown ? rev.window : 0xffffffffu;
        if (seq + len == rev.lastAck + (window << shift))
            v.flags |= kWindowFull;
    }
    // A7 keep-alive ACK, zero-window-probe ACK, duplicate ACK.
    if (len == 0 && fwd.windowKnown && s.window == fwd.window && seq == fwd.nextSeq && ack == fwd.lastAck && !sfr) {
        if (s.window != 0 && (rev.lastSegmentFlags & kKeepAlive)) {
            v.flags |= kKeepAliveAck;
            return;
        }
        if (s.window == 0 && (rev.lastSegmentFlags & kZeroWindowProbe)) {
            v.flags |= kZeroWindowProbeAck;
            return;
        }
        if (s.window != 0) {
            fwd.dupAckNum = fwd.dupAckNum == 0xffffffffu ? 1 : fwd.dupAckNum + 1;
            v.flags |= kDuplicateAck;
            v.duplicateAckNum = fwd.dupAckNum;
            v.duplicateAckFrame = fwd.lastNonDupAck;
        }
    }
}

// A8-A9: the duplicate-ACK count, and an ACK of a segment never seen.
inline void analyseAck(TcpFlowState& fwd, TcpFlowState& rev, const SequenceSegment& s, SequenceVerdict& v)
{
    // A8: only a new ack value resets the duplicate-ACK count.
    if (s.ack != fwd.lastAck) {
        fwd.lastNonDupAck = s.frame;
        fwd.dupAckNum = 0;
    }
    // A9 ACKed unseen segment.
    if (rev.maxSeqToBeAcked && gt(s.ack, rev.maxSeqToBeAcked) && (s.flags & tcpflag::kAck)) {
        if (lt(rev.maxSeqToBeAcked, rev.nextSeq)) {
            rev.maxSeqToBeAcked = rev.nextSeq;
            v.flags |= tcpanalysis::kAckLostSegment;
        } else {
            if (rev.dupAckNum == 0)
                v.flags |= tcpanalysis::kAckLostSegment;
            rev.dupAckNum = 0xffffffffu;
        }
    }
}

// A10 the retransmission family: spurious, fast, out of order, plain.
inline void analyseRetransmission(const TcpFlowState& fwd, const TcpFlowState& rev, std::int64_t handshakeRtt,
                                  const SequenceSegment& s, SequenceVerdict& v)
{
    using namespace tcpanalysis;
    const std::uint32_t seq = s.seq, len = s.length;
    const bool synOrFin = s.flags & (tcpflag::kSyn | tcpflag::kFin);
    if (!(len > 0 || synOrFin))
        return;
    bool notAdvanced = fwd.nextSeq && lt(seq, fwd.nextSeq);
    if (v.flags & kKeepAlive)
        return;
    if (len > 1 && seq == fwd.nextSeq - 1)
        notAdvanced = false; // the data after a zero-window probe
    if (len > 0 && rev.lastAck && le(seq + len, rev.lastAck)) {
        v.flags |= kSpuriousRetransmission | kRetransmission;
        return;
    }
    if (notAdvanced && rev.dupAckNum >= 2 && rev.lastAck == seq &&
        within(s.time, rev.lastAckTime, kFastRetransmissionWindowNs)) {
        v.flags |= kFastRetransmission | kRetransmission;
        return;
    }
    if (notAdvanced && within(s.time, fwd.nextSeqTime, handshakeRtt ? handshakeRtt : kDefaultOutOfOrderWindowNs) &&
        fwd.nextSeq != seq + len + (synOrFin ? 1u : 0u)) {
        v.flags |= kOutOfOrder;
        return;
    }
    if (notAdvanced)
        v.flags |= kRetransmission;
}

// A11 state updates.
inline void updateSenderFlow(TcpFlowState& fwd, const SequenceSegment& s, const SequenceVerdict& v)
{
    const bool synOrFin = s.flags & (tcpflag::kSyn | tcpflag::kFin);
    std::uint32_t nextSeq = s.seq + s.length;
    if (synOrFin)
        ++nextSeq;
    const bool probe = v.flags & tcpanalysis::kZeroWindowProbe;
    if ((gt(nextSeq, fwd.nextSeq) || fwd.nextSeq == 0) && !probe) {
        fwd.nextSeq = nextSeq;
        fwd.nextSeqTime = s.time;
    }
    if ((s.seq == fwd.maxSeqToBeAcked || fwd.maxSeqToBeAcked == 0) && !probe)
        fwd.maxSeqToBeAcked = fwd.nextSeq;
    fwd.window = s.window;
    fwd.windowKnown = true;
    fwd.lastAck = s.ack;
    fwd.lastAckTime = s.time;
    fwd.lastSegmentFlags = static_cast<std::uint16_t>(v.flags);
}

} // namespace

SequenceVerdict analyzeSequence(TcpFlowState& fwd, TcpFlowState& rev, std::int64_t handshakeRtt,
                                const SequenceSegment& s)
{
    SequenceVerdict v;
    analyseSenderFlow(fwd, rev, s, v);
    analyseAck(fwd, rev, s, v);
    analyseRetransmission(fwd, rev, handshakeRtt, s, v);
    updateSenderFlow(fwd, s, v);
    return v;
}

} // namespace synscope
