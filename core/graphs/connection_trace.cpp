#include "graphs/connection_trace.h"

#include "analysis/tcp_packet_record.h"
#include "store/packet_store.h"
#include "store/page_release.h"
#include "filter/display_filter.h"

#include <climits>

namespace synscope::graphs {

bool TraceSegment::syn() const { return tcpFlags & tcpflag::kSyn; }
bool TraceSegment::fin() const { return tcpFlags & tcpflag::kFin; }
bool TraceSegment::rst() const { return tcpFlags & tcpflag::kRst; }
bool TraceSegment::hasAck() const { return tcpFlags & tcpflag::kAck; }

double secondsBetween(const Timestamp& first, const Timestamp& t)
{
    const std::int64_t ns = t.minusNs(first);
    if (ns > INT64_MIN / 2 && ns < INT64_MAX / 2)
        return static_cast<double>(ns) / 1e9;
    return static_cast<double>(t.seconds - first.seconds) +
           (static_cast<double>(t.nanoseconds) - static_cast<double>(first.nanoseconds)) / 1e9;
}

ConnectionTrace traceConnection(const PacketStore& store, std::uint32_t stream, DisplayFilter* filter,
                                const std::atomic<bool>* cancel)
{
    ConnectionTrace trace;
    trace.stream = stream;
    const std::size_t n = store.size();
    if (n == 0)
        return trace;
    const CaptureReader& reader = store.reader();
    const Timestamp first = store.firstTimestamp();
    trace.durationNs = reader.timestamp(store.record(n - 1)).minusNs(first);
    const ConnectionList& connections = store.tracker().connections();
    if (stream >= connections.size())
        return trace;
    const Connection& c = connections[stream];
    trace.found = true;
    trace.client = store.tracker().client(c);
    trace.server = store.tracker().server(c);
    // The connection's packets lie between its first and last frame; ICMP errors linked to it may come
    // later, but they are not drawn.
    const std::size_t begin = c.firstFrame ? c.firstFrame - 1 : 0;
    const std::size_t end = std::min<std::size_t>(n, c.lastFrame ? c.lastFrame : n);
    DecodeOptions options;
    options.verifyChecksums = false;
    options.decodeDns = false;
    Packet packet;
    // A long connection spread over a big file: give the pages read back, as other passes do; a short
    // one's few pages stay.
    constexpr std::size_t kLongSpan = 65536;
    PageRelease pages(store, kLongSpan);
    for (std::size_t i = begin; i < end; ++i) {
        const TcpPacketRecord& r = store.tcpRecord(i);
        if (r.stream != stream || !r.hasWiresharkStream() || (r.bits & TcpPacketRecord::kQuoted) ||
            !(r.bits & TcpPacketRecord::kSegmentLengthKnown))
            continue;
        if ((i & 0xfff) == 0 && cancel && cancel->load(std::memory_order_relaxed))
            break;
        pages.read(i);
        if (filter && filter->active() && !filter->matches(store, i))
            continue;
        store.decode(i, packet, options);
        const Layer* l = packet.topTcp();
        if (!l)
            continue;
        const TcpInfo& t = packet.tcp[l->info];
        const TcpSegmentFacts facts = segmentFacts(r, t);
        TraceSegment s;
        s.frame = i + 1;
        s.time = reader.timestamp(store.record(i));
        s.timeNs = s.time.minusNs(first);
        s.seconds = secondsBetween(first, s.time);
        s.fromClient = r.bits & TcpPacketRecord::kFromClient;
        s.tcpFlags = t.flags;
        s.analysis = r.flags; // the record keeps them even when the tree hides them (options cut short)
        s.rawSeq = t.seq;
        s.rawAck = t.ack;
        s.seq = r.seq;
        s.ack = r.ack;
        s.length = t.payloadLength;
        s.window = facts.windowSize;
        if (t.sackCount) {
            // The receiver's sequence space starts where this segment's raw and relative ACK differ (no
            // ACK flag: the relative ACK is the raw field, and the blocks stay raw).
            const std::uint32_t base = t.ack - r.ack;
            s.sackCount = std::min<std::uint8_t>(t.sackCount, 4);
            for (std::uint8_t k = 0; k < s.sackCount; ++k) {
                s.sackLeft[k] = t.sackLeft[k] - base;
                s.sackRight[k] = t.sackRight[k] - base;
            }
        }
        trace.segments.push_back(s);
    }
    if (end - begin > kLongSpan)
        pages.release();
    return trace;
}

} // namespace synscope::graphs
