#include "graphs/tcp_graphs.h"
#include "common/timestamp.h"

#include "decode/frame_context.h"

#include <algorithm>
#include <cassert>
#include <limits>

namespace synscope::graphs {

namespace {

// Sequence-space comparisons (modulo 2^32), as Wireshark's GT_SEQ/LT_SEQ/LE_SEQ.
bool gtSeq(std::uint32_t x, std::uint32_t y) { return static_cast<std::int32_t>(y - x) < 0; }
bool ltSeq(std::uint32_t x, std::uint32_t y) { return static_cast<std::int32_t>(x - y) < 0; }
bool leSeq(std::uint32_t x, std::uint32_t y) { return static_cast<std::int32_t>(x - y) <= 0; }

double seconds(std::int64_t ns) { return static_cast<double>(ns) / 1e9; }

bool fromSender(const TraceSegment& s, Direction d) { return s.fromClient == (d == Direction::ClientToServer); }

GraphData start(const ConnectionTrace& trace, GraphType type, Direction d, ValueUnit unit)
{
    GraphData g;
    g.type = type;
    g.direction = d;
    g.stream = trace.stream;
    g.unit = unit;
    g.series.reserve(16); // builders hold references to the series they add: no reallocation
    const bool c2s = d == Direction::ClientToServer;
    g.sender = (c2s ? trace.client : trace.server).toString();
    g.receiver = (c2s ? trace.server : trace.client).toString();
    if (!trace.found)
        g.note = "the capture has no TCP stream " + std::to_string(trace.stream);
    return g;
}

Series& add(GraphData& g, const char* id, SeriesStyle style, bool rightAxis = false)
{
    assert(g.series.size() < g.series.capacity());
    Series s;
    s.id = id;
    s.style = style;
    s.rightAxis = rightAxis;
    g.series.push_back(std::move(s));
    return g.series.back();
}

// Drops series with nothing in them, so legends list only what is drawn.
void dropEmpty(GraphData& g)
{
    std::erase_if(g.series, [](const Series& s) { return s.empty(); });
}

void noteIfEmpty(GraphData& g, const char* what)
{
    if (g.note.empty() && g.empty())
        g.note = what;
}

} // namespace

// ---------------------------------------------------------------------------------------------------------
// Wireshark's unacknowledged-segment lists.

namespace {

constexpr std::size_t kMaxUnacked = 10000; // TCP_MAX_UNACKED_SEGMENTS

struct Unacked {
    std::uint32_t seq = 0, nextSeq = 0; // raw
    Timestamp time;
    std::uint64_t frame = 0;
    bool resent = false; // these bytes were sent more than once while unacknowledged (Karn)
};

struct FlowList {
    std::vector<Unacked> entries; // oldest first; Wireshark walks its list newest first
    std::uint32_t base = 0;       // raw sequence number of relative 0
    bool validBif = true;
    std::uint32_t sackedBytes = 0; // SACK blocks of this direction's latest segment (its first three)
    bool sentAny = false;
    std::uint32_t highestNext = 0; // raw, highest end of anything sent (for Karn)
    // Cached extremes of the relative numbers (what the bytes-in-flight computation takes).
    std::uint32_t minSeq = 0, maxNext = 0;
    bool extremesDirty = false;

    void recompute()
    {
        extremesDirty = false;
        if (entries.empty())
            return;
        minSeq = entries.back().seq - base;
        maxNext = entries.back().nextSeq - base;
        for (const Unacked& e : entries) {
            minSeq = std::min(minSeq, e.seq - base);
            maxNext = std::max(maxNext, e.nextSeq - base);
        }
    }
    void extremes(std::uint32_t& lo, std::uint32_t& hi)
    {
        if (extremesDirty)
            recompute();
        lo = minSeq;
        hi = maxNext;
    }
    void push(const Unacked& u)
    {
        if (entries.empty()) {
            minSeq = u.seq - base;
            maxNext = u.nextSeq - base;
            extremesDirty = false;
        } else if (!extremesDirty) {
            minSeq = std::min(minSeq, u.seq - base);
            maxNext = std::max(maxNext, u.nextSeq - base);
        }
        entries.push_back(u);
    }
};

// The segment joins its direction's list of unacknowledged segments.
void addUnacked(FlowList& fwd, const TraceSegment& s)
{
    const std::uint32_t next = s.rawSeq + s.length + ((s.syn() || s.fin()) ? 1u : 0u);
    const bool resend = fwd.sentAny && ltSeq(s.rawSeq, fwd.highestNext);
    if (resend) {
        // Karn: every unacknowledged segment sharing these bytes now has an ambiguous ACK.
        for (Unacked& e : fwd.entries)
            if (ltSeq(e.seq, next) && ltSeq(s.rawSeq, e.nextSeq))
                e.resent = true;
    }
    if (fwd.entries.size() < kMaxUnacked) {
        Unacked u;
        u.seq = s.rawSeq;
        u.nextSeq = next;
        u.time = s.time;
        u.frame = s.frame;
        u.resent = resend;
        fwd.push(u);
    }
    if (!fwd.sentAny || gtSeq(next, fwd.highestNext))
        fwd.highestNext = next;
    fwd.sentAny = true;
}

// Segment k's acknowledgement number (Wireshark takes the field whatever the flags) retires the other
// direction's segments it covers; one it matches exactly gives the RTT.
void retireAcked(FlowList& rev, const TraceSegment& s, std::size_t k, AckAnalysis& a)
{
    const std::uint32_t ack = s.rawAck;
    std::uint32_t lo = 0, hi = 0;
    rev.extremes(lo, hi);
    const std::uint32_t relAck = ack - rev.base;
    const bool nothingToDo = relAck <= lo && hi - relAck < 0x80000000u;
    if (nothingToDo)
        return;
    bool matched = false, resent = false;
    std::uint64_t frameAcked = 0;
    std::int64_t rtt = 0;
    bool changed = false;
    // Newest first, as Wireshark's list: with several exact matches the oldest one wins.
    for (std::size_t i = rev.entries.size(); i-- > 0;) {
        Unacked& e = rev.entries[i];
        bool erase = false;
        if (ack == e.nextSeq) {
            matched = true;
            frameAcked = e.frame;
            rtt = s.time.minusNs(e.time); // may be negative: time stamps out of order
            resent = resent || e.resent;
            erase = true;
        } else if (gtSeq(ack, e.seq) && leSeq(ack, e.nextSeq)) {
            e.seq = ack; // the acknowledged part is gone
            changed = true;
        } else if (gtSeq(e.nextSeq, ack)) {
            // not yet acknowledged
        } else {
            erase = true; // acknowledged before, or by this ACK without an exact match
        }
        if (erase) {
            e.frame = 0; // marks it for removal
            changed = true;
        }
    }
    if (changed) {
        std::erase_if(rev.entries, [](const Unacked& e) { return e.frame == 0; });
        rev.extremesDirty = true;
    }
    if (matched) {
        a.frameAcked[k] = frameAcked;
        a.ackRttNs[k] = rtt;
        a.retransmittedAck[k] = resent;
    }
}

} // namespace

AckAnalysis analyzeAcks(const ConnectionTrace& trace)
{
    const std::size_t n = trace.segments.size();
    AckAnalysis a;
    a.bytesInFlight.assign(n, 0);
    a.ackRttNs.assign(n, 0);
    a.frameAcked.assign(n, 0);
    a.retransmittedAck.assign(n, false);
    FlowList flows[2];
    for (std::size_t k = 0; k < n; ++k) {
        const TraceSegment& s = trace.segments[k];
        FlowList& fwd = flows[s.fromClient ? 0 : 1];
        FlowList& rev = flows[s.fromClient ? 1 : 0];
        if (fwd.base != s.rawSeq - s.seq) {
            fwd.base = s.rawSeq - s.seq; // set, or moved by a SYN/ACK with a new ISN (port reuse)
            fwd.extremesDirty = true;
        }
        if (s.hasAck())
            rev.validBif = true; // "an ACK seen in the other direction" re-enables it
        if (s.analysis & tcpanalysis::kLostSegment)
            fwd.validBif = false; // a segment before this one was not captured

        if (s.length > 0 || s.syn() || s.fin())
            addUnacked(fwd, s);
        if (!rev.entries.empty())
            retireAcked(rev, s, k, a);

        // Bytes in flight after this segment was sent: from the lowest unacknowledged byte to the highest
        // byte sent, over the segments in the list, less what the receiver's latest segment reported in
        // SACK blocks; a SYN or FIN's virtual byte does not count.
        if (s.length != 0 && !fwd.entries.empty() && fwd.validBif) {
            std::uint32_t lo = 0, hi = 0;
            fwd.extremes(lo, hi);
            const std::uint32_t inFlight = hi - lo - rev.sackedBytes;
            if (inFlight > 0 && inFlight < 2000000000u)
                a.bytesInFlight[k] = inFlight - ((s.syn() || s.fin()) ? 1u : 0u);
        }
        // Wireshark keeps the SACK blocks of each direction's latest segment, dissected after its analysis,
        // and only three of four (it counts from 1 and stops below 4).
        fwd.sackedBytes = 0;
        for (std::uint8_t i = 0; i < s.sackCount && i < 3; ++i)
            fwd.sackedBytes += s.sackRight[i] - s.sackLeft[i];
    }
    return a;
}

// ---------------------------------------------------------------------------------------------------------

GraphData buildStevensGraph(const ConnectionTrace& trace, Direction d)
{
    GraphData g = start(trace, GraphType::Stevens, d, ValueUnit::SequenceNumber);
    Series& segments = add(g, "segments", SeriesStyle::Bars);
    Series& sack = add(g, "sack", SeriesStyle::Bars);
    Series& ack = add(g, "ack", SeriesStyle::Steps);
    Series& window = add(g, "window", SeriesStyle::Steps);
    Series& syn = add(g, "syn", SeriesStyle::Markers);
    Series& fin = add(g, "fin", SeriesStyle::Markers);
    Series& rst = add(g, "rst", SeriesStyle::Markers);
    Series& retransmission = add(g, "retransmission", SeriesStyle::Markers);
    Series& dupAck = add(g, "duplicate_ack", SeriesStyle::Markers);
    Series& zeroWindow = add(g, "zero_window", SeriesStyle::Markers);
    SequenceUnwrapper unwrap;
    for (const TraceSegment& s : trace.segments) {
        const double t = s.seconds;
        if (fromSender(s, d)) {
            const double seq = static_cast<double>(unwrap(s.seq));
            const double end = seq + s.length;
            if (s.length > 0)
                segments.bars.push_back({t, seq, end, s.frame});
            if (s.syn())
                syn.points.push_back({t, seq, s.frame, 0});
            if (s.fin())
                fin.points.push_back({t, end, s.frame, 0});
            if (s.rst())
                rst.points.push_back({t, seq, s.frame, 0});
            if (s.analysis & tcpanalysis::kRetransmission)
                retransmission.points.push_back({t, end, s.frame, 0});
            continue;
        }
        if (!s.hasAck()) {
            continue; // a receiver's RST or SYN without ACK says nothing about this direction's bytes
        }
        const std::int64_t a = unwrap(s.ack);
        const double y = static_cast<double>(a);
        ack.points.push_back({t, y, s.frame, 0});
        window.points.push_back({t, static_cast<double>(a + static_cast<std::int64_t>(s.window)), s.frame, 0});
        for (std::uint8_t i = 0; i < s.sackCount; ++i) {
            const std::int64_t le = a + static_cast<std::int32_t>(s.sackLeft[i] - s.ack);
            const std::int64_t re = a + static_cast<std::int32_t>(s.sackRight[i] - s.ack);
            sack.bars.push_back({t, static_cast<double>(le), static_cast<double>(re), s.frame});
        }
        if (s.analysis & tcpanalysis::kDuplicateAck)
            dupAck.points.push_back({t, y, s.frame, 0});
        if (s.analysis & tcpanalysis::kZeroWindow)
            zeroWindow.points.push_back({t, y, s.frame, 0});
        if (s.rst())
            rst.points.push_back({t, y, s.frame, 0});
    }
    dropEmpty(g);
    noteIfEmpty(g, "no segments in this direction");
    return g;
}

GraphData buildThroughputGraph(const ConnectionTrace& trace, Direction d, double averageSeconds)
{
    GraphData g = start(trace, GraphType::Throughput, d, ValueUnit::BitsPerSecond);
    if (!(averageSeconds > 0))
        averageSeconds = 1.0;
    const std::int64_t windowNs = std::max<std::int64_t>(1, static_cast<std::int64_t>(averageSeconds * 1e9 + 0.5));
    Series& throughput = add(g, "throughput", SeriesStyle::Line);
    Series& goodput = add(g, "goodput", SeriesStyle::Line);

    // Throughput: payload bytes on the wire (retransmissions included) in (t - window, t].
    {
        std::vector<std::pair<std::int64_t, std::uint32_t>> sent; // time, bytes
        for (const TraceSegment& s : trace.segments)
            if (fromSender(s, d) && s.length > 0)
                sent.emplace_back(s.timeNs, s.length);
        std::uint64_t sum = 0;
        std::size_t oldest = 0, i = 0;
        for (const TraceSegment& s : trace.segments) {
            if (!fromSender(s, d) || s.length == 0)
                continue;
            sum += sent[i].second;
            while (oldest < i && sent[oldest].first <= nanosecondsBetween(windowNs, s.timeNs))
                sum -= sent[oldest++].second;
            throughput.points.push_back({s.seconds, static_cast<double>(sum) * 8.0 / seconds(windowNs), s.frame, 0});
            ++i;
        }
    }
    // Goodput: data bytes newly acknowledged, from the receiver's ACKs. The sender's SYN and FIN take a
    // sequence number each but carry no data: data runs from relative 1 up to the FIN.
    {
        std::int64_t finSeq = std::numeric_limits<std::int64_t>::max();
        {
            SequenceUnwrapper u;
            for (const TraceSegment& s : trace.segments) {
                if (fromSender(s, d)) {
                    const std::int64_t seq = u(s.seq);
                    if (s.fin() && finSeq == std::numeric_limits<std::int64_t>::max())
                        finSeq = seq + s.length;
                } else if (s.hasAck()) {
                    u(s.ack);
                }
            }
        }
        SequenceUnwrapper u;
        std::int64_t acked = 1; // highest data byte acknowledged + 1
        std::vector<std::pair<std::int64_t, std::int64_t>> advances; // time, bytes
        std::int64_t sum = 0;
        std::size_t oldest = 0;
        for (const TraceSegment& s : trace.segments) {
            if (fromSender(s, d)) {
                u(s.seq);
                continue;
            }
            if (!s.hasAck())
                continue;
            const std::int64_t a = std::min(u(s.ack), finSeq);
            if (a <= acked)
                continue;
            advances.emplace_back(s.timeNs, a - acked);
            acked = a;
            sum += advances.back().second;
            while (oldest + 1 < advances.size() && advances[oldest].first <= nanosecondsBetween(windowNs, s.timeNs))
                sum -= advances[oldest++].second;
            goodput.points.push_back({s.seconds, static_cast<double>(sum) * 8.0 / seconds(windowNs), s.frame, 0});
        }
    }
    dropEmpty(g);
    noteIfEmpty(g, "no data sent in this direction");
    return g;
}

GraphData buildRttGraph(const ConnectionTrace& trace, Direction d)
{
    GraphData g = start(trace, GraphType::Rtt, d, ValueUnit::Milliseconds);
    Series& rtt = add(g, "rtt", SeriesStyle::Line);
    const AckAnalysis a = analyzeAcks(trace);
    std::size_t skipped = 0;
    for (std::size_t k = 0; k < trace.segments.size(); ++k) {
        const TraceSegment& s = trace.segments[k];
        if (fromSender(s, d) || !a.frameAcked[k] || a.ackRttNs[k] == 0)
            continue; // RTT samples come from the receiver's ACKs; Wireshark shows no ack_rtt of 0
        if (a.retransmittedAck[k]) {
            ++skipped;
            continue;
        }
        rtt.points.push_back({s.seconds, static_cast<double>(a.ackRttNs[k]) / 1e6, s.frame,
                              static_cast<double>(a.frameAcked[k])});
    }
    dropEmpty(g);
    if (g.note.empty() && g.empty())
        g.note = skipped ? "every acknowledged segment was retransmitted (no RTT sample under Karn's rule)"
                         : "no acknowledged segments in this direction";
    return g;
}

GraphData buildWindowGraph(const ConnectionTrace& trace, Direction d)
{
    GraphData g = start(trace, GraphType::Window, d, ValueUnit::Bytes);
    Series& window = add(g, "receive_window", SeriesStyle::Steps);
    Series& inFlight = add(g, "bytes_in_flight", SeriesStyle::Line);
    const AckAnalysis a = analyzeAcks(trace);
    for (std::size_t k = 0; k < trace.segments.size(); ++k) {
        const TraceSegment& s = trace.segments[k];
        const double t = s.seconds;
        if (fromSender(s, d)) {
            if (a.bytesInFlight[k])
                inFlight.points.push_back({t, static_cast<double>(a.bytesInFlight[k]), s.frame, 0});
        } else if (!s.rst()) {
            window.points.push_back({t, static_cast<double>(s.window), s.frame, 0});
        }
    }
    dropEmpty(g);
    noteIfEmpty(g, "no segments in this direction");
    return g;
}

GraphData buildStreamGraph(const ConnectionTrace& trace, GraphType type, const StreamGraphOptions& options)
{
    switch (type) {
    case GraphType::Stevens:
        return buildStevensGraph(trace, options.direction);
    case GraphType::Throughput:
        return buildThroughputGraph(trace, options.direction, options.averageSeconds);
    case GraphType::Rtt:
        return buildRttGraph(trace, options.direction);
    case GraphType::Window:
    case GraphType::Io:
        break;
    }
    return buildWindowGraph(trace, options.direction);
}

} // namespace synscope::graphs
