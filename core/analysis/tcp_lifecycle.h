#pragma once
// The life of one TCP connection as seen at the capture point: both sides' RFC 793 states, how it opened
// and how it closed.
//
// When does a side change state? A side's own segment changes it at once (sending SYN -> SYN_SENT,
// sending FIN -> FIN_WAIT_1 or LAST_ACK). A segment it receives changes it:
//  - at once, if the segment carries only an ACK (nothing obliges the receiver to answer), unless an
//    earlier SYN or FIN from the same sender is still unacknowledged (segments arrive in order);
//  - when the receiver acknowledges it, if it carries SYN or FIN. Its ACK and its SYN/FIN take effect
//    together, so FIN_WAIT_1 + FIN/ACK -> TIME_WAIT directly, as in RFC 793.
// This puts CLOSE_WAIT where the passive side acknowledges the FIN, keeps crossed FINs apart (both
// sides go through CLOSING), and never claims a state change the capture cannot show.
#include "analysis/tcp_states.h"

#include <cstdint>

namespace synscope {

struct TcpSegmentEvent {
    Side from = Side::Client;
    std::uint16_t flags = 0; // tcpflag:: bits
    std::uint32_t seq = 0;
    std::uint32_t ack = 0;
    std::uint32_t payloadLength = 0;
    std::uint64_t frame = 0;
};

struct IcmpErrorEvent {
    std::uint64_t frame = 0;
    bool quotesClientSyn = false;    // the quoted segment is the client's SYN
    bool portUnreachable = false;    // ICMP 3/3 or ICMPv6 1/4: nothing listens on that port
    bool fromServerAddress = false;  // sent by the server's own address (not a router on the way)
};

// What a connection's report needs of its lifecycle (6 bytes): kept for every connection, while the
// lifecycle itself is kept only for active ones (connection_machine.h).
class LifecycleSummary {
public:
    OpenKind openKind() const { return open_; }
    CloseKind closeKind() const { return close_; }
    ClosedBy closedBy() const { return closedBy_; }
    TcpState initialState(Side s) const { return s == Side::Client ? clientInitial_ : serverInitial_; }
    TcpState state(Side s) const { return s == Side::Client ? clientState_ : serverState_; }
    std::uint16_t clientSynCount() const { return clientSyns_; }

private:
    friend class TcpLifecycle;
    OpenKind open_ : 3 = OpenKind::NotCaptured;
    CloseKind close_ : 3 = CloseKind::None;
    ClosedBy closedBy_ : 2 = ClosedBy::Nobody;
    TcpState clientInitial_ : 4 = TcpState::Closed;
    TcpState serverInitial_ : 4 = TcpState::Closed;
    TcpState clientState_ : 4 = TcpState::Closed;
    TcpState serverState_ : 4 = TcpState::Closed;
    std::uint16_t clientSyns_ = 0;
};

class VarintWriter;
class VarintReader;

// Receives state changes as they are inferred.
class StateRecorder {
public:
    virtual ~StateRecorder() = default;
    virtual void stateChanged(Side side, TcpState state, std::uint64_t frame) = 0;
    // The side's last change is taken back: later packets showed it did not happen.
    virtual void stateRetracted(Side side) = 0;
};

class TcpLifecycle {
public:
    void onSegment(const TcpSegmentEvent& e, StateRecorder* recorder);
    void onIcmpError(const IcmpErrorEvent& e, StateRecorder* recorder);

    OpenKind openKind() const;
    CloseKind closeKind() const;
    ClosedBy closedBy() const;
    // The state a side was in before the first change recorded for it.
    TcpState initialState(Side s) const { return side(s).initial; }
    TcpState state(Side s) const { return side(s).state; }
    std::uint16_t clientSynCount() const { return clientSyns_; }
    bool established() const { return everEstablished_; }
    std::uint32_t clientSynSeq() const { return side(Side::Client).synSeq; }
    bool clientSentSyn() const { return side(Side::Client).sentSyn; }
    LifecycleSummary summary() const;
    // Both sides are CLOSED or TIME_WAIT: only a stray segment can follow.
    bool settled() const;

    // A lossless compact form (for idle connections). `seqHint` (by Side): a number near each side's
    // sequence numbers (its initial one), so they are written as small differences; decode() needs the same.
    void encode(VarintWriter& w, const std::uint32_t seqHint[2]) const;
    void decode(VarintReader& r, const std::uint32_t seqHint[2]);

private:
    // 26 bytes a side, 56 in all: a tracker keeps one per connection. A pending SYN ends at synSeq + 1 and
    // a pending FIN at finEnd, so only the ACK each carried is stored.
    struct SideState {
        TcpState initial : 4 = TcpState::Closed;
        TcpState state : 4 = TcpState::Closed;
        bool sentSyn : 1 = false, synAcked : 1 = false;
        bool sentFin : 1 = false, finAcked : 1 = false;
        bool ackedPeerFin : 1 = false;
        bool ackedPeerFinNow : 1 = false;             // in the segment being processed
        bool finSentBeforeAckingPeerFin : 1 = false; // an active closer
        bool finCarriedAckOfPeerFin : 1 = false;     // its FIN acknowledged the peer's FIN (three-way teardown)
        bool queuedAck : 1 = false;                  // an ACK waiting behind a pending SYN/FIN
        // A SYN or FIN the peer has not yet shown it received, and whether its segment carried an ACK.
        bool pendingSyn : 1 = false, pendingSynHasAck : 1 = false, pendingSynHasFin : 1 = false;
        bool pendingFin : 1 = false, pendingFinHasAck : 1 = false, pendingFinHasSyn : 1 = false;
        std::uint32_t synSeq = 0;
        std::uint32_t finEnd = 0;
        std::uint32_t queuedAckValue = 0;
        std::uint32_t pendingSynAck = 0;
        std::uint32_t pendingFinAck = 0;
    };

    ClosedBy closedByFor(CloseKind close) const;
    SideState& side(Side s) { return sides_[static_cast<int>(s)]; }
    const SideState& side(Side s) const { return sides_[static_cast<int>(s)]; }
    void setState(Side s, TcpState st, std::uint64_t frame, StateRecorder* r);
    void begin(const TcpSegmentEvent& e);
    // `receiver` takes in the effects of segments from the other side that `ack` acknowledges.
    void acknowledgePeer(Side receiver, std::uint32_t ack, std::uint64_t frame, StateRecorder* r);
    // `finFollows`: the same segment carries a FIN, handled right after by applyFinOf().
    void applyAckOf(Side receiver, std::uint32_t ack, std::uint64_t frame, StateRecorder* r, bool finFollows);
    void applySynOf(Side receiver, std::uint64_t frame, StateRecorder* r);
    void applyFinOf(Side receiver, std::uint64_t frame, StateRecorder* r);
    // The steps of onSegment().
    void onReset(const TcpSegmentEvent& e, StateRecorder* r);
    // The sender's SYN: its own state; true when it is the first SYN the sender sent.
    bool sendSyn(const TcpSegmentEvent& e, StateRecorder* r);
    // The sender's first FIN: its own state.
    void sendFin(const TcpSegmentEvent& e, StateRecorder* r);
    // What the receiver takes in of the segment, now or once it acknowledges its first SYN or FIN.
    void queueForReceiver(const TcpSegmentEvent& e, bool firstSyn, bool firstFin, StateRecorder* r);

    SideState sides_[2];
    bool started_ : 1 = false;
    bool sawClientSyn_ : 1 = false;
    bool serverSentSyn_ : 1 = false;
    bool sawSynAck_ : 1 = false;
    bool everEstablished_ : 1 = false;
    bool refused_ : 1 = false;
    bool rejected_ : 1 = false;
    // The client was taken to CLOSED by an ICMP error; undone if it sends its SYN again (Linux since 6.5
    // treats the first ICMP error of a SYN_SENT socket as soft and keeps trying).
    bool closedByIcmp_ : 1 = false;
    bool resetSeen_ : 1 = false;
    Side resetBy_ : 1 = Side::Client;
    Side firstFinBy_ : 1 = Side::Client;
    std::uint16_t clientSyns_ = 0;
};

} // namespace synscope
