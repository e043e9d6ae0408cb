#include "analysis/tcp_tracker.h"
#include "common/timestamp.h"

#include <algorithm>
#include <cstring>

namespace synscope {

std::string Endpoint::toString() const
{
    const std::string a = address.toString();
    return (address.version == 6 ? "[" + a + "]" : a) + ":" + std::to_string(port);
}

void TcpTracker::stateChanged(Side side, TcpState state, std::uint64_t frame)
{
    stateTouched_ = true;
    Connection& c = connections_[current_];
    c.changes[static_cast<int>(side)].push(state);
    if (options_.keepStateFrames)
        stateFrames_[current_].push_back({side, state, frame});
}

void TcpTracker::stateRetracted(Side side)
{
    stateTouched_ = true;
    Connection& c = connections_[current_];
    c.changes[static_cast<int>(side)].pop();
    if (options_.keepStateFrames) {
        auto& frames = stateFrames_[current_];
        for (auto it = frames.rbegin(); it != frames.rend(); ++it)
            if (it->side == side) {
                frames.erase(std::next(it).base());
                break;
            }
    }
}

bool TcpTracker::addressId(const std::uint8_t* address, bool ipv6, std::uint32_t& id)
{
    if (!ipv6) {
        std::memcpy(&id, address, 4);
        return true;
    }
    const std::string_view bytes(reinterpret_cast<const char*>(address), 16);
    if (auto it = ipv6Ids_.find(bytes); it != ipv6Ids_.end()) {
        id = it->second;
        return true;
    }
    id = static_cast<std::uint32_t>(ipv6Addresses_.size());
    std::array<std::uint8_t, 16> copy;
    std::memcpy(copy.data(), address, 16);
    if (!ipv6Addresses_.push_back(copy))
        return false; // 2^28 different IPv6 addresses: the list is full
    ipv6Ids_.emplace(std::string_view(reinterpret_cast<const char*>(ipv6Addresses_[id].data()), 16), id);
    return true;
}

Endpoint TcpTracker::endpoint(const Connection& c, Side s) const
{
    const int i = static_cast<int>(s);
    Endpoint e;
    e.port = c.port[i];
    if (c.ipv6) {
        e.address = IpAddress::v6(ipv6Addresses_[c.address[i]].data());
    } else {
        std::uint8_t bytes[4];
        std::memcpy(bytes, &c.address[i], 4);
        e.address = IpAddress::v4(bytes);
    }
    return e;
}

std::uint32_t TcpTracker::newConnection(const ConnectionKey& key, bool senderIsClient, std::uint64_t frame,
                                        std::int64_t time)
{
    const auto stream = static_cast<std::uint32_t>(connections_.size());
    if (!connections_.push_back(Connection{}))
        return ConnectionTable::kNone; // 2^28 connections: the list is full
    Connection& c = connections_[stream];
    c.stream = stream;
    const int client = senderIsClient ? 0 : 1;
    c.address[0] = key.address[client];
    c.port[0] = key.port[client];
    c.address[1] = key.address[1 - client];
    c.port[1] = key.port[1 - client];
    c.ipv6 = key.ipv6;
    c.firstFrame = c.lastFrame = static_cast<std::uint32_t>(frame);
    c.firstTime = c.lastTime = time;
    if (options_.keepStateFrames)
        stateFrames_.emplace_back();
    machines_.create(c); // cannot fail: the pool has a slot for every connection the list can hold
    table_.put(connections_, stream);
    return stream;
}

bool TcpTracker::process(std::uint64_t frame, std::int64_t time, const Packet& packet, TcpPacketRecord& record)
{
    TcpSegmentView segment;
    return process(frame, time, tcpSegmentOf(packet, segment) ? &segment : nullptr, record);
}

// process() reads top to bottom as the steps a segment goes through; each step is an inline helper, so
// the per-packet path compiles to the one function it was before it was split up.

namespace {

// Whether the sender of the segment with `key` is the connection's client (its first end).
inline Side senderSideOf(const Connection& c, const ConnectionKey& key)
{
    return c.address[0] == key.address[0] && c.port[0] == key.port[0] ? Side::Client : Side::Server;
}

} // namespace

bool TcpTracker::process(std::uint64_t frame, std::int64_t time, const TcpSegmentView* segment,
                         TcpPacketRecord& record)
{
    record = TcpPacketRecord{};
    freezeIdleMachines(frame);
    if (!segment)
        return false;
    const TcpSegmentView& view = *segment;
    ConnectionKey key;
    if (!connectionKey(view, key))
        return false;
    if (view.headerBytes < 16)
        return linkShortQuotation(view, key, frame, record);

    std::uint32_t analysisFlags = 0;
    const SegmentTarget target = findOrCreateConnection(view, key, frame, time, analysisFlags);
    if (target.stream == ConnectionTable::kNone)
        return false; // the connection list is full: the segment is left out of the analysis
    Connection& c = connections_[target.stream];
    ConnectionMachine& machine = machines_.live(c);
    TcpFlowState& fwd = machine.flows[static_cast<int>(target.side)];
    TcpFlowState& rev = machine.flows[static_cast<int>(otherSide(target.side))];
    startRecord(view, target, record);
    const std::uint32_t payload = analyseSequence(view, c, fwd, rev, frame, time, analysisFlags, record);
    // Only now: thawing a frozen machine (live() above) reads the connection's previous last frame and time.
    c.lastFrame = static_cast<std::uint32_t>(frame);
    c.lastTime = time;
    if (view.tcp->headerLength < 20) {
        // Wireshark stops here: no handshake bookkeeping, options or window-scale checks.
        record.bits |= TcpPacketRecord::kBogusHeaderLength;
        return true;
    }
    trackHandshakeAndOptions(view, c, fwd, rev, time, record);

    if (view.quoted) {
        linkIcmpError(view, target.stream, target.side, frame);
        return true;
    }
    if (view.headerBytes < 20 || view.malformed)
        return true;
    countSegment(view, c, target, payload, frame, time);
    runLifecycle(view, c, machine, target, payload, frame);
    return true;
}

inline void TcpTracker::freezeIdleMachines(std::uint64_t frame)
{
    if (options_.idleFrames && frame >= nextIdleSweep_) {
        // Connections without a packet for a while give their analysis state up to the frozen form.
        if (frame >= options_.idleFrames)
            machines_.freezeIdleBefore(static_cast<std::uint32_t>(frame - options_.idleFrames + 1));
        nextIdleSweep_ = frame + options_.idleFrames;
    }
}

inline bool TcpTracker::connectionKey(const TcpSegmentView& view, ConnectionKey& key)
{
    // Beyond 2^28 different IPv6 addresses a segment is left out of the analysis.
    if (!addressId(view.src, view.ipv6, key.address[0]) || !addressId(view.dst, view.ipv6, key.address[1]))
        return false;
    key.port[0] = view.tcp->srcPort;
    key.port[1] = view.tcp->dstPort;
    key.ipv6 = view.ipv6;
    return true;
}

inline bool TcpTracker::linkShortQuotation(const TcpSegmentView& view, const ConnectionKey& key,
                                           std::uint64_t frame, TcpPacketRecord& record)
{
    // Too short for a stream (Wireshark reads 16 header bytes first); an ICMP quotation of 8 bytes
    // still names its connection, so link it without creating one.
    if (!view.quoted || view.headerBytes < 4)
        return false;
    const std::uint32_t s = table_.find(connections_, key);
    if (s == ConnectionTable::kNone)
        return false;
    const Side sender = senderSideOf(connections_[s], key);
    linkIcmpError(view, s, sender, frame);
    // Recorded so exports and diagrams find it with its connection; it has no Wireshark stream.
    record.stream = s;
    record.bits = TcpPacketRecord::kQuoted | TcpPacketRecord::kIcmpLinkOnly |
                  (sender == Side::Client ? TcpPacketRecord::kFromClient : 0);
    return true;
}

inline TcpTracker::SegmentTarget TcpTracker::findOrCreateConnection(const TcpSegmentView& view,
                                                                    const ConnectionKey& key, std::uint64_t frame,
                                                                    std::int64_t time, std::uint32_t& analysisFlags)
{
    const TcpHeaderFields& t = *view.tcp;
    const bool syn = t.flags & tcpflag::kSyn, ackFlag = t.flags & tcpflag::kAck;
    std::uint32_t stream = table_.find(connections_, key);
    if (stream == ConnectionTable::kNone) {
        // The sender of a SYN/ACK is the server; otherwise the first sender is the client.
        stream = newConnection(key, !(syn && ackFlag), frame, time);
        if (stream == ConnectionTable::kNone)
            return {ConnectionTable::kNone, Side::Client};
    }
    const Side side = senderSideOf(connections_[stream], key);

    // Port reuse (Wireshark 4.0): a SYN with a new initial sequence number starts a new stream.
    Connection& previous = connections_[stream];
    TcpFlowState& fwd = machines_.live(previous).flows[static_cast<int>(side)];
    if (syn && !ackFlag && fwd.baseSet) {
        if (t.seq == fwd.baseSeq) {
            fwd.nextSeq = fwd.maxSeqToBeAcked; // a retransmitted SYN
            return {stream, side};
        }
        stream = newConnection(key, true, frame, time);
        if (stream == ConnectionTable::kNone)
            return {ConnectionTable::kNone, Side::Client};
        if (options_.idleFrames)
            machines_.freeze(previous); // no packet can reach it any more
        analysisFlags |= tcpanalysis::kReusedPorts;
        return {stream, Side::Client};
    }
    if (syn && ackFlag && fwd.baseSet && t.seq != fwd.baseSeq) {
        fwd.baseSeq = t.seq;
        analysisFlags |= tcpanalysis::kReusedPorts;
    }
    return {stream, side};
}

inline void TcpTracker::startRecord(const TcpSegmentView& view, SegmentTarget target, TcpPacketRecord& record)
{
    record.stream = target.stream;
    if (target.side == Side::Client)
        record.bits |= TcpPacketRecord::kFromClient;
    if (view.quoted)
        record.bits |= TcpPacketRecord::kQuoted;
    if (view.tcp->flags & tcpflag::kSyn)
        record.bits |= TcpPacketRecord::kSyn;
}

inline std::uint32_t TcpTracker::analyseSequence(const TcpSegmentView& view, const Connection& c, TcpFlowState& fwd,
                                                 TcpFlowState& rev, std::uint64_t frame, std::int64_t time,
                                                 std::uint32_t analysisFlags, TcpPacketRecord& record)
{
    const TcpHeaderFields& t = *view.tcp;
    const bool syn = t.flags & tcpflag::kSyn, ackFlag = t.flags & tcpflag::kAck;
    const std::uint32_t headerLength = t.headerLength;
    const bool lengthKnown = !view.quoted && t.segmentLength >= headerLength;
    const std::uint32_t payload = lengthKnown ? t.segmentLength - headerLength : 0;
    record.windowScale = fwd.windowScale;
    record.seq = t.seq;
    record.ack = t.ack;
    if (lengthKnown) {
        if (!fwd.baseSet) {
            fwd.baseSeq = syn ? t.seq : t.seq - 1;
            fwd.baseSet = true;
        }
        if (!rev.baseSet && ackFlag) {
            rev.baseSeq = t.ack - 1;
            rev.baseSet = true;
        }
        SequenceSegment seg;
        seg.seq = t.seq;
        seg.ack = t.ack;
        seg.length = payload;
        seg.flags = t.flags;
        seg.window = t.window;
        seg.time = time;
        seg.frame = static_cast<std::uint32_t>(frame);
        const SequenceVerdict v = analyzeSequence(fwd, rev, c.handshakeRtt(), seg);
        analysisFlags |= v.flags;
        record.duplicateAckNum = v.duplicateAckNum;
        record.duplicateAckFrame = v.duplicateAckFrame;
        record.seq = t.seq - fwd.baseSeq;
        if (ackFlag)
            record.ack = t.ack - rev.baseSeq;
        record.bits |= TcpPacketRecord::kSegmentLengthKnown;
    }
    record.flags = static_cast<std::uint16_t>(analysisFlags);
    return payload;
}

inline void TcpTracker::trackHandshakeAndOptions(const TcpSegmentView& view, Connection& c, TcpFlowState& fwd,
                                                 TcpFlowState& rev, std::int64_t time, TcpPacketRecord& record)
{
    const TcpHeaderFields& t = *view.tcp;
    const bool syn = t.flags & tcpflag::kSyn, ackFlag = t.flags & tcpflag::kAck;
    // Handshake bookkeeping (for the out-of-order window and the handshake RTT).
    if (syn) {
        if (!ackFlag && !c.rttKnown)
            c.synTimeOrRtt = time; // a later SYN's time no longer matters once the RTT is known
        fwd.isFirstAck = true;
    }
    if (ackFlag && !syn) {
        // A zero difference leaves the RTT unknown, as Wireshark's first_rtt stays unset.
        if (!c.rttKnown && c.synTimeOrRtt != 0) {
            if (const std::int64_t rtt = nanosecondsBetween(c.synTimeOrRtt, time); rtt != 0) {
                c.synTimeOrRtt = rtt;
                c.rttKnown = true;
            }
        }
        fwd.isFirstAck = false;
    }
    // Options count after this segment's own analysis; a window scale option counts even off a SYN.
    if (t.hasWindowScale)
        fwd.windowScale = static_cast<std::int8_t>(std::min<int>(t.windowScale, 14));
    const bool optionsCut = view.truncated && view.headerBytes < t.headerLength;
    if (optionsCut)
        record.bits |= TcpPacketRecord::kHideAnalysis;
    else if (syn) {
        // A SYN without a window scale option switches scaling off in both directions.
        if (fwd.windowScale == -1)
            fwd.windowScale = rev.windowScale = -2;
        else if (ackFlag && rev.windowScale == -2)
            fwd.windowScale = -2;
    }
}

inline void TcpTracker::countSegment(const TcpSegmentView& view, Connection& c, SegmentTarget target,
                                     std::uint32_t payload, std::uint64_t frame, std::int64_t time)
{
    const TcpHeaderFields& t = *view.tcp;
    const bool syn = t.flags & tcpflag::kSyn, ackFlag = t.flags & tcpflag::kAck;
    const int side = static_cast<int>(target.side);
    ++c.packets;
    c.bytes[side] += payload;
    if (syn) {
        AnnouncedOptions& o = c.options[side];
        o.seen = true;
        o.hasMss = t.hasMss;
        o.mss = t.mss;
        o.hasWindowScale = t.hasWindowScale;
        o.windowScale = t.windowScale;
        o.sackPermitted = t.sackPermitted;
        o.timestamps = t.hasTimestamps;
    }
    if (syn && !ackFlag && target.side == Side::Client) {
        // Only SYNs after the connection's first packet are listed: most connections have one SYN, and
        // its time is the connection's firstTime.
        if (frame == c.firstFrame)
            c.firstIsClientSyn = true;
        else
            synSends_.push_back({target.stream, static_cast<std::uint32_t>(frame), time});
    }
}

inline void TcpTracker::runLifecycle(const TcpSegmentView& view, Connection& c, ConnectionMachine& machine,
                                     SegmentTarget target, std::uint32_t payload, std::uint64_t frame)
{
    const TcpHeaderFields& t = *view.tcp;
    TcpSegmentEvent e;
    e.from = target.side;
    e.flags = t.flags;
    e.seq = t.seq;
    e.ack = t.ack;
    e.payloadLength = payload;
    e.frame = frame;
    current_ = target.stream;
    stateTouched_ = false;
    machine.lifecycle.onSegment(e, this);
    // The summary reflects SYNs, FINs, RSTs, the first segment and state changes; a plain data or ACK
    // segment changes none of them.
    if (stateTouched_ || c.packets == 1 || (t.flags & (tcpflag::kSyn | tcpflag::kFin | tcpflag::kRst)))
        c.lifecycle = machine.lifecycle.summary();
    if (options_.idleFrames && machine.lifecycle.settled())
        machines_.freeze(c); // thawed again if a stray segment comes
}

void TcpTracker::linkIcmpError(const TcpSegmentView& segment, std::uint32_t stream, Side sender,
                               std::uint64_t frame)
{
    icmpLinks_.push_back({stream, static_cast<std::uint32_t>(frame)});
    if (!segment.hasIcmp)
        return;
    const bool v6 = segment.icmpv6;
    const bool unreachable = v6 ? segment.icmpType == 1 : (segment.icmpType == 3 && segment.icmpCode != 4);
    if (!unreachable)
        return;
    Connection& c = connections_[stream];
    ConnectionMachine& machine = machines_.live(c);
    const TcpHeaderFields& t = *segment.tcp;
    IcmpErrorEvent e;
    e.frame = frame;
    e.quotesClientSyn = sender == Side::Client && machine.lifecycle.clientSentSyn() &&
                        t.seq == machine.lifecycle.clientSynSeq();
    e.portUnreachable = v6 ? segment.icmpCode == 4 : segment.icmpCode == 3;
    if (segment.outerSource)
        e.fromServerAddress = *segment.outerSource == endpoint(c, Side::Server).address;
    current_ = stream;
    machine.lifecycle.onIcmpError(e, this);
    c.lifecycle = machine.lifecycle.summary();
    if (options_.idleFrames && machine.lifecycle.settled())
        machines_.freeze(c);
}

std::vector<TcpState> TcpTracker::states(const Connection& c, Side s) const
{
    std::vector<TcpState> out{c.lifecycle.initialState(s)};
    const StateHistory& h = c.changes[static_cast<int>(s)];
    for (std::size_t i = 0; i < h.size(); ++i)
        out.push_back(h[i]);
    return out;
}

const std::vector<StateChange>& TcpTracker::stateChanges(std::uint32_t stream) const
{
    static const std::vector<StateChange> none;
    return stream < stateFrames_.size() ? stateFrames_[stream] : none;
}

std::size_t TcpTracker::memoryBytes() const
{
    // The IPv6 map: its nodes (key, value, next pointer, cached hash) and its bucket array.
    const std::size_t ipv6Map = ipv6Ids_.size() * (sizeof(std::string_view) + 4 * sizeof(void*)) +
                                ipv6Ids_.bucket_count() * sizeof(void*);
    std::size_t n = connections_.memoryBytes() + machines_.memoryBytes() + table_.memoryBytes() +
                    ipv6Addresses_.memoryBytes() + ipv6Map +
                    icmpLinks_.capacity() * sizeof(IcmpLink) + synSends_.capacity() * sizeof(SynSend);
    for (const auto& v : stateFrames_)
        n += sizeof(v) + v.capacity() * sizeof(StateChange);
    return n;
}

void TcpTracker::clear()
{
    machines_.clear();
    connections_.clear();
    table_.clear();
    nextIdleSweep_ = 0;
    ipv6Ids_.clear();
    ipv6Addresses_.clear();
    stateFrames_.clear();
    icmpLinks_.clear();
    synSends_.clear();
}

} // namespace synscope
