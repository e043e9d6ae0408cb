#include "analysis/tcp_lifecycle.h"

#include "common/varint.h"
#include "decode/packet.h"

namespace synscope {

namespace {

bool seqGe(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(a - b) >= 0; }

bool isDone(TcpState s) { return s == TcpState::Closed || s == TcpState::TimeWait; }

} // namespace

void TcpLifecycle::setState(Side s, TcpState st, std::uint64_t frame, StateRecorder* r)
{
    SideState& x = side(s);
    if (x.state == st)
        return;
    x.state = st;
    if (st == TcpState::Established)
        everEstablished_ = true;
    if (r)
        r->stateChanged(s, st, frame);
}

void TcpLifecycle::begin(const TcpSegmentEvent& e)
{
    started_ = true;
    SideState& client = side(Side::Client);
    SideState& server = side(Side::Server);
    const bool syn = e.flags & tcpflag::kSyn;
    const bool ack = e.flags & tcpflag::kAck;
    if (syn && !ack) {
        client.initial = client.state = TcpState::Closed;
        server.initial = server.state = TcpState::Listen;
    } else if (syn && ack && e.from == Side::Server) {
        // The SYN was not captured; the SYN/ACK proves it was sent.
        client.initial = client.state = TcpState::SynSent;
        client.sentSyn = true;
        client.synSeq = e.ack - 1;
        server.initial = server.state = TcpState::Listen;
    } else {
        // The capture started in the middle of the connection.
        client.initial = client.state = TcpState::Established;
        server.initial = server.state = TcpState::Established;
        everEstablished_ = true;
    }
}

void TcpLifecycle::applyAckOf(Side receiver, std::uint32_t ack, std::uint64_t frame, StateRecorder* r, bool finFollows)
{
    SideState& x = side(receiver);
    if (x.sentSyn && !x.synAcked && seqGe(ack, x.synSeq + 1)) {
        x.synAcked = true;
        if (x.state == TcpState::SynReceived)
            setState(receiver, TcpState::Established, frame, r);
    }
    if (x.sentFin && !x.finAcked && seqGe(ack, x.finEnd)) {
        x.finAcked = true;
        // With a FIN in the same segment, FIN_WAIT_1 goes straight to TIME_WAIT (applyFinOf).
        if (x.state == TcpState::FinWait1 && !finFollows)
            setState(receiver, TcpState::FinWait2, frame, r);
        else if (x.state == TcpState::Closing)
            setState(receiver, TcpState::TimeWait, frame, r);
        else if (x.state == TcpState::LastAck)
            setState(receiver, TcpState::Closed, frame, r);
    }
}

void TcpLifecycle::applySynOf(Side receiver, std::uint64_t frame, StateRecorder* r)
{
    SideState& x = side(receiver);
    if (x.state == TcpState::Listen)
        setState(receiver, TcpState::SynReceived, frame, r);
    else if (x.state == TcpState::SynSent)
        setState(receiver, x.synAcked ? TcpState::Established : TcpState::SynReceived, frame, r);
}

void TcpLifecycle::applyFinOf(Side receiver, std::uint64_t frame, StateRecorder* r)
{
    SideState& x = side(receiver);
    x.ackedPeerFin = true;
    x.ackedPeerFinNow = true;
    switch (x.state) {
    case TcpState::Established:
    case TcpState::SynReceived: setState(receiver, TcpState::CloseWait, frame, r); break;
    case TcpState::FinWait1:
        setState(receiver, x.finAcked ? TcpState::TimeWait : TcpState::Closing, frame, r);
        break;
    case TcpState::FinWait2: setState(receiver, TcpState::TimeWait, frame, r); break;
    default: break;
    }
}

void TcpLifecycle::acknowledgePeer(Side receiver, std::uint32_t ack, std::uint64_t frame, StateRecorder* r)
{
    SideState& peer = side(otherSide(receiver));
    if (peer.pendingSyn && seqGe(ack, peer.synSeq + 1)) {
        peer.pendingSyn = false;
        const bool fin = peer.pendingSynHasFin; // a SYN+FIN segment is taken in once, here
        if (peer.pendingSynHasAck)
            applyAckOf(receiver, peer.pendingSynAck, frame, r, fin);
        applySynOf(receiver, frame, r);
        if (fin)
            applyFinOf(receiver, frame, r);
    }
    if (peer.pendingFin && seqGe(ack, peer.finEnd)) {
        peer.pendingFin = false;
        if (peer.pendingFinHasAck)
            applyAckOf(receiver, peer.pendingFinAck, frame, r, true);
        if (peer.pendingFinHasSyn) // a SYN sent again with the first FIN
            applySynOf(receiver, frame, r);
        applyFinOf(receiver, frame, r);
    }
    if (peer.queuedAck && !peer.pendingSyn && !peer.pendingFin) {
        peer.queuedAck = false;
        applyAckOf(receiver, peer.queuedAckValue, frame, r, false);
    }
}

void TcpLifecycle::onSegment(const TcpSegmentEvent& e, StateRecorder* r)
{
    if (!started_)
        begin(e);
    side(Side::Client).ackedPeerFinNow = side(Side::Server).ackedPeerFinNow = false;
    if (e.flags & tcpflag::kRst) {
        onReset(e, r);
        return;
    }
    // What this segment acknowledges shows what its sender has received.
    if (e.flags & tcpflag::kAck)
        acknowledgePeer(e.from, e.ack, e.frame, r);
    // The sender's own transitions, then the receiver's side of it.
    const bool firstSyn = (e.flags & tcpflag::kSyn) && sendSyn(e, r);
    const bool firstFin = (e.flags & tcpflag::kFin) && !side(e.from).sentFin;
    if (firstFin)
        sendFin(e, r);
    queueForReceiver(e, firstSyn, firstFin, r);
}

inline void TcpLifecycle::onReset(const TcpSegmentEvent& e, StateRecorder* r)
{
    const Side from = e.from;
    SideState& client = side(Side::Client);
    SideState& server = side(Side::Server);
    if (from == Side::Server && client.state == TcpState::SynSent && !sawSynAck_ && !everEstablished_) {
        // Nothing listens on that port: the server side never left CLOSED.
        refused_ = true;
        if (server.state == TcpState::Listen)
            server.initial = server.state = TcpState::Closed;
        setState(Side::Client, TcpState::Closed, e.frame, r);
        return;
    }
    const bool live = !(isDone(client.state) && isDone(server.state));
    if (!live)
        return; // a late RST after both sides closed changes nothing
    if (!resetSeen_) {
        resetSeen_ = true;
        resetBy_ = from;
    }
    if (side(from).state != TcpState::Listen)
        setState(from, TcpState::Closed, e.frame, r);
    if (side(otherSide(from)).state != TcpState::Listen)
        setState(otherSide(from), TcpState::Closed, e.frame, r);
}

inline bool TcpLifecycle::sendSyn(const TcpSegmentEvent& e, StateRecorder* r)
{
    const Side from = e.from;
    SideState& x = side(from);
    bool first = false;
    if (!x.sentSyn) {
        x.sentSyn = true;
        x.synSeq = e.seq;
        first = true;
    }
    if (e.flags & tcpflag::kAck) {
        sawSynAck_ = true;
        if (x.state == TcpState::Listen || x.state == TcpState::SynSent || x.state == TcpState::Closed)
            setState(from, TcpState::SynReceived, e.frame, r);
        return first;
    }
    if (from == Side::Client) {
        sawClientSyn_ = true;
        ++clientSyns_;
        if (x.state == TcpState::Closed && closedByIcmp_ && e.seq == x.synSeq) {
            // The same SYN again: the ICMP error did not close the client after all.
            x.state = TcpState::SynSent;
            if (r)
                r->stateRetracted(from);
        } else if (x.state == TcpState::Closed) {
            setState(from, TcpState::SynSent, e.frame, r);
        }
        closedByIcmp_ = false;
    } else {
        // The "server" opened too: simultaneous open, and it never listened.
        serverSentSyn_ = true;
        if (x.state == TcpState::Listen)
            x.initial = x.state = TcpState::Closed;
        if (x.state == TcpState::Closed)
            setState(from, TcpState::SynSent, e.frame, r);
    }
    return first;
}

inline void TcpLifecycle::sendFin(const TcpSegmentEvent& e, StateRecorder* r)
{
    const Side from = e.from;
    SideState& x = side(from);
    x.sentFin = true;
    x.finEnd = e.seq + e.payloadLength + ((e.flags & tcpflag::kSyn) ? 1u : 0u) + 1u;
    x.finSentBeforeAckingPeerFin = !x.ackedPeerFin;
    x.finCarriedAckOfPeerFin = x.ackedPeerFinNow;
    if (!side(otherSide(from)).sentFin)
        firstFinBy_ = from;
    switch (x.state) {
    case TcpState::Established:
    case TcpState::SynReceived: setState(from, TcpState::FinWait1, e.frame, r); break;
    case TcpState::CloseWait: setState(from, TcpState::LastAck, e.frame, r); break;
    default: break;
    }
}

inline void TcpLifecycle::queueForReceiver(const TcpSegmentEvent& e, bool firstSyn, bool firstFin, StateRecorder* r)
{
    // A SYN or FIN seen for the first time waits for the receiver's acknowledgement; anything else (a
    // retransmitted SYN or FIN too) counts as its ACK alone.
    SideState& x = side(e.from);
    const bool ack = e.flags & tcpflag::kAck;
    if (firstSyn) {
        x.pendingSyn = true;
        x.pendingSynHasAck = ack;
        // A SYN+FIN segment is taken in once, through its SYN entry: its FIN too, even a FIN sent before.
        x.pendingSynHasFin = (e.flags & tcpflag::kFin) != 0;
        x.pendingSynAck = e.ack;
    } else if (firstFin) {
        x.pendingFin = true;
        x.pendingFinHasAck = ack;
        x.pendingFinHasSyn = (e.flags & tcpflag::kSyn) != 0;
        x.pendingFinAck = e.ack;
    } else if (ack) {
        if (x.pendingSyn || x.pendingFin) {
            x.queuedAck = true;
            x.queuedAckValue = e.ack;
        } else {
            applyAckOf(otherSide(e.from), e.ack, e.frame, r, false);
        }
    }
}

void TcpLifecycle::onIcmpError(const IcmpErrorEvent& e, StateRecorder* r)
{
    SideState& client = side(Side::Client);
    SideState& server = side(Side::Server);
    if (!e.quotesClientSyn || client.state != TcpState::SynSent || sawSynAck_)
        return;
    rejected_ = true;
    if (e.portUnreachable && e.fromServerAddress && server.state == TcpState::Listen)
        server.initial = server.state = TcpState::Closed;
    setState(Side::Client, TcpState::Closed, e.frame, r);
    closedByIcmp_ = true;
}

OpenKind TcpLifecycle::openKind() const
{
    if (!sawClientSyn_)
        return OpenKind::NotCaptured;
    if (serverSentSyn_)
        return OpenKind::SimultaneousOpen;
    if (everEstablished_)
        return OpenKind::ThreeWay;
    if (sawSynAck_)
        return OpenKind::Incomplete;
    if (refused_)
        return OpenKind::Refused;
    if (rejected_)
        return OpenKind::Rejected;
    return OpenKind::Unanswered;
}

CloseKind TcpLifecycle::closeKind() const
{
    if (!everEstablished_)
        return CloseKind::None;
    if (resetSeen_)
        return CloseKind::Reset;
    const SideState& a = side(firstFinBy_);
    const SideState& b = side(otherSide(firstFinBy_));
    if (!a.sentFin && !b.sentFin)
        return CloseKind::Open;
    if (!b.sentFin)
        return CloseKind::HalfClosed;
    if (b.finSentBeforeAckingPeerFin)
        return CloseKind::Simultaneous;
    if (b.finCarriedAckOfPeerFin)
        return CloseKind::ThreeWay;
    return CloseKind::FourWay;
}

ClosedBy TcpLifecycle::closedBy() const
{
    return closedByFor(closeKind());
}

ClosedBy TcpLifecycle::closedByFor(CloseKind close) const
{
    auto of = [](Side s) { return s == Side::Client ? ClosedBy::Client : ClosedBy::Server; };
    switch (close) {
    case CloseKind::None:
    case CloseKind::Open: return ClosedBy::Nobody;
    case CloseKind::Reset: return of(resetBy_);
    case CloseKind::Simultaneous: return ClosedBy::Both;
    default: return of(firstFinBy_);
    }
}

LifecycleSummary TcpLifecycle::summary() const
{
    LifecycleSummary m;
    m.open_ = openKind();
    m.close_ = closeKind();
    m.closedBy_ = closedByFor(m.close_);
    m.clientInitial_ = sides_[0].initial;
    m.serverInitial_ = sides_[1].initial;
    m.clientState_ = sides_[0].state;
    m.serverState_ = sides_[1].state;
    m.clientSyns_ = clientSyns_;
    return m;
}

bool TcpLifecycle::settled() const
{
    return isDone(sides_[0].state) && isDone(sides_[1].state);
}

void TcpLifecycle::encode(VarintWriter& w, const std::uint32_t seqHint[2]) const
{
    for (int i = 0; i < 2; ++i) {
        const SideState& x = sides_[i];
        const std::uint32_t own = seqHint[i], peer = seqHint[1 - i];
        w.putByte(static_cast<std::uint8_t>(static_cast<unsigned>(x.initial) | static_cast<unsigned>(x.state) << 4));
        const unsigned bits = x.sentSyn | x.synAcked << 1 | x.sentFin << 2 | x.finAcked << 3 | x.ackedPeerFin << 4 |
                              x.ackedPeerFinNow << 5 | x.finSentBeforeAckingPeerFin << 6 |
                              x.finCarriedAckOfPeerFin << 7 | x.queuedAck << 8 | x.pendingSyn << 9 |
                              x.pendingSynHasAck << 10 | x.pendingSynHasFin << 11 | x.pendingFin << 12 |
                              x.pendingFinHasAck << 13 | x.pendingFinHasSyn << 14;
        w.put(bits);
        // Values are written only where they can still be read.
        if (x.sentSyn)
            w.put(static_cast<std::uint32_t>(x.synSeq - own));
        if (x.sentFin)
            w.put(static_cast<std::uint32_t>(x.finEnd - own));
        if (x.queuedAck)
            w.put(static_cast<std::uint32_t>(x.queuedAckValue - peer));
        if (x.pendingSyn && x.pendingSynHasAck)
            w.put(static_cast<std::uint32_t>(x.pendingSynAck - peer));
        if (x.pendingFin && x.pendingFinHasAck)
            w.put(static_cast<std::uint32_t>(x.pendingFinAck - peer));
    }
    const unsigned bits = started_ | sawClientSyn_ << 1 | serverSentSyn_ << 2 | sawSynAck_ << 3 |
                          everEstablished_ << 4 | refused_ << 5 | rejected_ << 6 | closedByIcmp_ << 7 |
                          resetSeen_ << 8 | static_cast<unsigned>(resetBy_) << 9 |
                          static_cast<unsigned>(firstFinBy_) << 10;
    w.put(bits);
    w.put(clientSyns_);
}

void TcpLifecycle::decode(VarintReader& r, const std::uint32_t seqHint[2])
{
    *this = TcpLifecycle{};
    for (int i = 0; i < 2; ++i) {
        SideState& x = sides_[i];
        const std::uint32_t own = seqHint[i], peer = seqHint[1 - i];
        const std::uint8_t states = r.getByte();
        x.initial = static_cast<TcpState>(states & 0xf);
        x.state = static_cast<TcpState>(states >> 4);
        const auto bits = static_cast<unsigned>(r.get());
        x.sentSyn = bits & 1;
        x.synAcked = bits >> 1 & 1;
        x.sentFin = bits >> 2 & 1;
        x.finAcked = bits >> 3 & 1;
        x.ackedPeerFin = bits >> 4 & 1;
        x.ackedPeerFinNow = bits >> 5 & 1;
        x.finSentBeforeAckingPeerFin = bits >> 6 & 1;
        x.finCarriedAckOfPeerFin = bits >> 7 & 1;
        x.queuedAck = bits >> 8 & 1;
        x.pendingSyn = bits >> 9 & 1;
        x.pendingSynHasAck = bits >> 10 & 1;
        x.pendingSynHasFin = bits >> 11 & 1;
        x.pendingFin = bits >> 12 & 1;
        x.pendingFinHasAck = bits >> 13 & 1;
        x.pendingFinHasSyn = bits >> 14 & 1;
        if (x.sentSyn)
            x.synSeq = own + static_cast<std::uint32_t>(r.get());
        if (x.sentFin)
            x.finEnd = own + static_cast<std::uint32_t>(r.get());
        if (x.queuedAck)
            x.queuedAckValue = peer + static_cast<std::uint32_t>(r.get());
        if (x.pendingSyn && x.pendingSynHasAck)
            x.pendingSynAck = peer + static_cast<std::uint32_t>(r.get());
        if (x.pendingFin && x.pendingFinHasAck)
            x.pendingFinAck = peer + static_cast<std::uint32_t>(r.get());
    }
    const auto bits = static_cast<unsigned>(r.get());
    started_ = bits & 1;
    sawClientSyn_ = bits >> 1 & 1;
    serverSentSyn_ = bits >> 2 & 1;
    sawSynAck_ = bits >> 3 & 1;
    everEstablished_ = bits >> 4 & 1;
    refused_ = bits >> 5 & 1;
    rejected_ = bits >> 6 & 1;
    closedByIcmp_ = bits >> 7 & 1;
    resetSeen_ = bits >> 8 & 1;
    resetBy_ = static_cast<Side>(bits >> 9 & 1);
    firstFinBy_ = static_cast<Side>(bits >> 10 & 1);
    clientSyns_ = static_cast<std::uint16_t>(r.get());
}

} // namespace synscope
