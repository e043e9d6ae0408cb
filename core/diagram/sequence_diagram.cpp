#include "diagram/sequence_diagram.h"

#include "analysis/connection_report.h"
#include "analysis/tcp_tracker.h"
#include "analysis/teardown_names.h"
#include "common/text_append.h"
#include "decode/protocols/icmp_names.h"
#include "store/frame_decoder.h"
#include "store/packet_store.h"

#include <algorithm>
#include <map>
#include <memory>

namespace synscope {

std::string phaseName(PhaseKind kind)
{
    switch (kind) {
    case PhaseKind::Handshake: return "Three-way handshake";
    case PhaseKind::SimultaneousOpen: return "Simultaneous open";
    case PhaseKind::Refused: return "Refused (RST)";
    case PhaseKind::Rejected: return "Rejected (ICMP)";
    case PhaseKind::Unanswered: return "No answer";
    case PhaseKind::Incomplete: return "Incomplete handshake (no final ACK)";
    case PhaseKind::HandshakeNotCaptured: return "Handshake not captured";
    case PhaseKind::Data: return "Data";
    case PhaseKind::Teardown: return "Teardown";
    case PhaseKind::Reset: return "Reset";
    case PhaseKind::HalfClose: return "Half-close";
    }
    return {};
}

namespace {

std::string tcpFlagsLabel(std::uint16_t flags)
{
    static const char kLetters[] = "FSRP.UEW";
    std::string s = "[";
    for (int b = 0; b < 8; ++b)
        if (flags & (1u << b))
            s += kLetters[b];
    if (s.size() == 1)
        s += "none";
    return s + "]";
}

std::string lower(std::string s)
{
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string icmpLabel(const IcmpInfo& m, bool v6)
{
    const char* code = v6 ? icmpv6CodeName(m.type, m.code) : icmpCodeName(m.type, m.code);
    const std::string what = code ? lower(code) : lower(v6 ? icmpv6TypeName(m.type) : icmpTypeName(m.type));
    return std::string(v6 ? "ICMPv6 " : "ICMP ") + what;
}

std::string markerOf(std::uint32_t f, std::uint32_t dupAckNum, bool badChecksum)
{
    using namespace tcpanalysis;
    std::string m;
    auto add = [&](const std::string& s) {
        if (!m.empty())
            m += ", ";
        m += s;
    };
    if (f & kFastRetransmission)
        add("Fast retransmission");
    else if (f & kSpuriousRetransmission)
        add("Spurious retransmission");
    else if (f & kRetransmission)
        add("Retransmission");
    if (f & kOutOfOrder)
        add("Out-of-order");
    if (f & kLostSegment)
        add("Previous segment not captured");
    if (f & kAckLostSegment)
        add("ACKed unseen segment");
    if (f & kDuplicateAck)
        add("Dup ACK #" + std::to_string(dupAckNum));
    if (f & kZeroWindowProbe)
        add("Zero-window probe");
    else if (f & kZeroWindow)
        add("Zero window");
    if (f & kWindowFull)
        add("Window full");
    if (f & kKeepAlive)
        add("Keep-alive");
    if (badChecksum)
        add("Bad checksum");
    return m;
}

// What the builder keeps of each TCP arrow to write its numbers later (in any numbering).
struct TcpNumbers {
    bool tcp = false;
    bool fromClient = true;
    bool relativeKnown = false;
    std::uint16_t flags = 0;
    std::uint32_t rawSeq = 0, rawAck = 0, relSeq = 0, relAck = 0, len = 0;
    std::uint64_t window = 0;
};

// Textbook names of sequence numbers: x and y are the client's and the server's initial sequence numbers;
// in the teardown, u is the FIN of the side that closed first, v the other side's acknowledging segment,
// w its FIN (letters by the segment's role, as textbooks write them, even when v and w are equal).
struct SymbolicBases {
    struct Base {
        std::uint32_t value;
        std::string name;
        std::size_t fromArrow; // named from this arrow on
    };
    std::vector<Base> side[2];
    std::string at(int s, std::uint32_t value, std::size_t arrow) const
    {
        const Base* best = nullptr;
        for (const Base& b : side[s])
            if (b.fromArrow <= arrow && b.value <= value && (!best || b.fromArrow >= best->fromArrow))
                best = &b;
        if (!best)
            return std::to_string(value);
        const std::uint32_t offset = value - best->value;
        return offset ? best->name + "+" + std::to_string(offset) : best->name;
    }
};

class Builder {
public:
    Builder(const PacketStore& store, const DiagramOptions& options) : store_(store), options_(options) {}

    SequenceDiagram build(const std::vector<std::uint32_t>& packets, std::size_t totalWanted)
    {
        const std::size_t n = std::min(packets.size(), options_.maxArrows);
        if (totalWanted > n)
            d_.note = "Only the first " + std::to_string(n) + " of " + std::to_string(totalWanted) +
                      " packets are drawn; choose connections or a filter to see the rest.";
        // With checksum verification: arrows mark bad checksums.
        FrameDecoder frame(store_, DecodeOptions{});
        std::size_t skipped = 0;
        for (std::size_t k = 0; k < n; ++k)
            if (!addArrow(packets[k], frame))
                ++skipped;
        if (skipped)
            d_.note += (d_.note.empty() ? "" : " ") + std::to_string(skipped) +
                       (skipped == 1 ? " packet" : " packets") + " without IP addresses (ARP aside) " +
                       (skipped == 1 ? "is" : "are") + " not drawn.";
        for (auto& [stream, replay] : replays_)
            addStory(stream, *replay);
        // In arrow order; at one arrow, the "handshake not captured" note first (it sits above the
        // arrow), then the longer phase (it encloses the shorter).
        std::sort(d_.phases.begin(), d_.phases.end(), [](const DiagramPhase& a, const DiagramPhase& b) {
            if (a.firstArrow != b.firstArrow)
                return a.firstArrow < b.firstArrow;
            const bool noteA = a.kind == PhaseKind::HandshakeNotCaptured, noteB = b.kind == PhaseKind::HandshakeNotCaptured;
            if (noteA != noteB)
                return noteA;
            return a.lastArrow > b.lastArrow;
        });
        std::stable_sort(d_.states.begin(), d_.states.end(), [](const DiagramState& a, const DiagramState& b) {
            const auto ka = a.arrow == DiagramState::kInitial ? 0 : a.arrow + 1;
            const auto kb = b.arrow == DiagramState::kInitial ? 0 : b.arrow + 1;
            return ka < kb;
        });
        writeNumbers();
        d_.multipleStreams = replays_.size() > 1;
        return std::move(d_);
    }

private:
    std::size_t lifelineOf(const IpAddress& a, std::uint16_t port)
    {
        const bool perEndpoint = options_.lifelines == DiagramLifelines::PerEndpoint;
        const std::string key = a.toString() + (perEndpoint ? "#" + std::to_string(port) : std::string());
        auto it = lifelineIndex_.find(key);
        if (it != lifelineIndex_.end())
            return it->second;
        DiagramLifeline l;
        l.address = a;
        l.port = perEndpoint ? port : 0;
        l.title = perEndpoint ? Endpoint{a, port}.toString() : a.toString();
        d_.lifelines.push_back(l);
        lifelineIndex_.emplace(key, d_.lifelines.size() - 1);
        return d_.lifelines.size() - 1;
    }

    void setRole(std::size_t lifeline, const char* role)
    {
        std::string& r = d_.lifelines[lifeline].role;
        if (r.empty() || r == "router")
            r = role;
        else if (r != role && std::string(role) != "router")
            r = "client and server";
    }

    // The ports of an ICMP error's ends: the quoted packet went from its source to its destination,
    // so the error's destination is the quoted source and, when it comes from there, its source the
    // quoted destination.
    static void quotedEndpointPorts(const Packet& packet, const IpAddress& src, const IpAddress& dst,
                                    std::uint16_t& srcPort, std::uint16_t& dstPort)
    {
        const Layer* net = nullptr;
        for (const Layer& l : packet.layers)
            if (l.depth == 1 && (l.proto == Proto::Ipv4 || l.proto == Proto::Ipv6)) {
                net = &l;
                break;
            }
        if (!net)
            return;
        const IpAddress& qSrc = net->proto == Proto::Ipv4 ? packet.ipv4[net->info].src : packet.ipv6[net->info].src;
        const IpAddress& qDst = net->proto == Proto::Ipv4 ? packet.ipv4[net->info].dst : packet.ipv6[net->info].dst;
        std::uint16_t qSrcPort = 0, qDstPort = 0;
        if (const Layer* t = packet.find(Proto::Tcp, 1); t && t->length >= 4) {
            qSrcPort = packet.tcp[t->info].srcPort;
            qDstPort = packet.tcp[t->info].dstPort;
        } else if (const Layer* u = packet.find(Proto::Udp, 1); u && u->length >= 4) {
            qSrcPort = packet.udp[u->info].srcPort;
            qDstPort = packet.udp[u->info].dstPort;
        } else {
            return;
        }
        if (dst == qSrc)
            dstPort = qSrcPort;
        if (src == qDst)
            srcPort = qDstPort;
    }

    bool addArrow(std::uint32_t i, FrameDecoder& frame)
    {
        frame.decode(i);
        const Packet& packet = frame.packet();
        const Layer* net = packet.networkLayer();
        IpAddress src, dst;
        if (net) {
            src = net->proto == Proto::Ipv4 ? packet.ipv4[net->info].src : packet.ipv6[net->info].src;
            dst = net->proto == Proto::Ipv4 ? packet.ipv4[net->info].dst : packet.ipv6[net->info].dst;
        } else if (const Layer* arp = packet.find(Proto::Arp); arp && packet.arp[arp->info].senderIp.version) {
            src = packet.arp[arp->info].senderIp;
            dst = packet.arp[arp->info].targetIp;
        }
        if (!src.version)
            return false;
        const TcpPacketRecord& record = store_.tcpRecord(i);
        const FrameContext& ctx = frame.context();
        const PacketSummary& summary = frame.summary();

        DiagramArrow a;
        a.frame = i + 1;
        a.time = ctx.time;
        a.summary = summary.source + " \xe2\x86\x92 " + summary.destination + "  " + summary.protocol + "  " + summary.info;
        TcpNumbers numbers;
        std::uint16_t srcPort = 0, dstPort = 0;
        const Layer* tcpLayer = packet.topTcp();
        const Layer* icmpLayer = nullptr;
        for (const Layer& l : packet.layers)
            if (l.depth == 0 && (l.proto == Proto::Icmp || l.proto == Proto::Icmpv6))
                icmpLayer = &l;
        if (tcpLayer && tcpLayer->length >= 14) {
            const TcpInfo& t = packet.tcp[tcpLayer->info];
            srcPort = t.srcPort;
            dstPort = t.dstPort;
            a.flags = tcpFlagsLabel(static_cast<std::uint16_t>(t.flags & 0xff));
            a.payload = t.payloadLength;
            a.badChecksum = t.checksumStatus == ChecksumStatus::Bad;
            numbers.tcp = true;
            numbers.flags = t.flags;
            numbers.rawSeq = t.seq;
            numbers.rawAck = t.ack;
            numbers.len = t.payloadLength;
            numbers.window = t.window;
            if (ctx.tcp) {
                numbers.fromClient = ctx.tcp->fromClient;
                numbers.relativeKnown = ctx.tcp->segmentLengthKnown;
                numbers.relSeq = ctx.tcp->relativeSeq;
                numbers.relAck = ctx.tcp->relativeAck;
                numbers.window = ctx.tcp->windowSize;
                a.analysisFlags = ctx.tcp->flags;
                a.marker = markerOf(ctx.tcp->flags, ctx.tcp->duplicateAckNum, a.badChecksum);
            } else {
                a.marker = markerOf(0, 0, a.badChecksum);
            }
        } else if (icmpLayer && packet.icmp[icmpLayer->info].isError) {
            a.kind = ArrowKind::IcmpError;
            a.flags = icmpLabel(packet.icmp[icmpLayer->info], icmpLayer->proto == Proto::Icmpv6);
            // With a lifeline per endpoint, the error goes between the endpoints of the packet it quotes
            // (a router that is neither keeps an address-only lifeline).
            quotedEndpointPorts(packet, src, dst, srcPort, dstPort);
        } else {
            a.kind = ArrowKind::Other;
            a.flags = summary.protocol;
            a.numbers = summary.info;
            if (const Layer* u = packet.topUdp(); u && u->length >= 4) {
                srcPort = packet.udp[u->info].srcPort;
                dstPort = packet.udp[u->info].dstPort;
            }
        }
        // Lifelines: a connection's client to the left of its server, whichever packet comes first.
        std::size_t from, to;
        if (record.hasStream() && !(record.bits & TcpPacketRecord::kQuoted) && !(record.bits & TcpPacketRecord::kFromClient)) {
            to = lifelineOf(dst, dstPort);
            from = lifelineOf(src, srcPort);
        } else {
            from = lifelineOf(src, srcPort);
            to = lifelineOf(dst, dstPort);
        }
        a.from = from;
        a.to = to;
        if (record.hasStream()) {
            a.stream = record.stream;
            if (a.kind == ArrowKind::Tcp && !(record.bits & TcpPacketRecord::kQuoted)) {
                const bool client = record.bits & TcpPacketRecord::kFromClient;
                setRole(from, client ? "client" : "server");
                setRole(to, client ? "server" : "client");
            } else {
                setRole(from, "router");
            }
            auto& replay = replays_[record.stream];
            if (!replay) {
                TrackerOptions o;
                o.keepStateFrames = true;
                replay = std::make_unique<TcpTracker>(o);
            }
            TcpPacketRecord ignored;
            replay->process(a.frame, a.time.toNanoseconds(), packet, ignored);
            streamArrows_[record.stream].push_back(d_.arrows.size());
        }
        d_.arrows.push_back(std::move(a));
        numbers_.push_back(numbers);
        return true;
    }

    std::size_t arrowOfFrame(const std::vector<std::size_t>& ids, std::uint64_t frame) const
    {
        auto it = std::lower_bound(ids.begin(), ids.end(), frame,
                                   [&](std::size_t id, std::uint64_t f) { return d_.arrows[id].frame < f; });
        return it == ids.end() ? ids.back() : *it;
    }

    void addPhase(PhaseKind kind, std::string name, std::uint32_t stream, std::size_t first, std::size_t last,
                  const std::vector<std::size_t>& ids)
    {
        DiagramPhase p;
        p.kind = kind;
        p.name = std::move(name);
        p.stream = stream;
        p.firstArrow = first;
        p.lastArrow = last;
        for (std::size_t id : ids) {
            if (id < first || id > last)
                continue;
            ++p.segments;
            p.bytes += d_.arrows[id].payload;
        }
        d_.phases.push_back(std::move(p));
    }

    void addStory(std::uint32_t stream, const TcpTracker& replay)
    {
        const std::vector<std::size_t>& ids = streamArrows_[stream];
        if (ids.empty() || replay.connections().size() == 0)
            return;
        const Connection& c = replay.connections()[0];
        const Endpoint client = replay.client(c), server = replay.server(c);
        const std::size_t clientLine = lifelineOf(client.address, client.port);
        const std::size_t serverLine = lifelineOf(server.address, server.port);
        // States: where each side starts, then every change at the arrow that caused it.
        for (Side s : {Side::Client, Side::Server})
            d_.states.push_back({s == Side::Client ? clientLine : serverLine, DiagramState::kInitial,
                                 c.lifecycle.initialState(s), s, stream});
        std::size_t clientEstablished = SIZE_MAX, bothEstablished = 0;
        for (const StateChange& ch : replay.stateChanges(0)) {
            const std::size_t arrow = arrowOfFrame(ids, ch.frame);
            d_.states.push_back({ch.side == Side::Client ? clientLine : serverLine, arrow, ch.state, ch.side, stream});
            if (ch.state == TcpState::Established) {
                if (ch.side == Side::Client && clientEstablished == SIZE_MAX)
                    clientEstablished = arrow;
                bothEstablished = std::max(bothEstablished, arrow);
            }
        }
        const std::size_t first = ids.front(), last = ids.back();
        // How it opened.
        const OpenKind open = c.lifecycle.openKind();
        const int synCount = c.lifecycle.clientSynCount();
        std::size_t openEnd = first; // the last arrow of the opening phase
        bool opened = true;
        switch (open) {
        case OpenKind::ThreeWay:
            openEnd = clientEstablished != SIZE_MAX ? clientEstablished : bothEstablished;
            addPhase(PhaseKind::Handshake,
                     synCount > 1 ? "Three-way handshake (SYN sent " + std::to_string(synCount) + " times)"
                                  : "Three-way handshake",
                     stream, first, openEnd, ids);
            break;
        case OpenKind::SimultaneousOpen:
            openEnd = bothEstablished;
            addPhase(PhaseKind::SimultaneousOpen, "Simultaneous open", stream, first, openEnd, ids);
            break;
        case OpenKind::Refused:
            addPhase(PhaseKind::Refused, "Refused (RST)", stream, first, last, ids);
            opened = false;
            break;
        case OpenKind::Rejected: {
            std::string why = "ICMP error";
            for (std::size_t id : ids)
                if (d_.arrows[id].kind == ArrowKind::IcmpError) {
                    why = d_.arrows[id].flags;
                    break;
                }
            addPhase(PhaseKind::Rejected, "Rejected (" + why + ")", stream, first, last, ids);
            opened = false;
            break;
        }
        case OpenKind::Unanswered:
            addPhase(PhaseKind::Unanswered,
                     "No answer: SYN sent " + std::to_string(synCount) + (synCount == 1 ? " time" : " times"), stream,
                     first, last, ids);
            opened = false;
            break;
        case OpenKind::Incomplete:
            addPhase(PhaseKind::Incomplete, "Incomplete handshake (no final ACK)", stream, first, last, ids);
            opened = false;
            break;
        case OpenKind::NotCaptured:
            addPhase(PhaseKind::HandshakeNotCaptured, "Handshake not captured", stream, first, first, ids);
            openEnd = SIZE_MAX; // the data starts with the first arrow
            break;
        }
        if (!opened)
            return;
        // How it closed: from its first FIN or RST to its last packet.
        const CloseKind close = c.lifecycle.closeKind();
        std::size_t closeStart = SIZE_MAX;
        if (close != CloseKind::Open && close != CloseKind::None) {
            for (std::size_t id : ids) {
                if ((openEnd != SIZE_MAX && id <= openEnd) || !numbers_[id].tcp)
                    continue;
                if (numbers_[id].flags & (tcpflag::kFin | tcpflag::kRst)) {
                    closeStart = id;
                    break;
                }
            }
        }
        const std::size_t dataFirst = openEnd == SIZE_MAX ? first : openEnd + 1;
        const std::size_t dataLast = closeStart == SIZE_MAX ? last : closeStart - 1;
        bool anyData = false;
        for (std::size_t id : ids)
            anyData = anyData || (id >= dataFirst && id <= dataLast && (openEnd == SIZE_MAX || id > openEnd));
        if (anyData && dataFirst <= dataLast) {
            std::uint32_t segments = 0;
            std::uint64_t bytes = 0;
            for (std::size_t id : ids)
                if (id >= dataFirst && id <= dataLast) {
                    ++segments;
                    bytes += d_.arrows[id].payload;
                }
            addPhase(PhaseKind::Data,
                     "Data (" + std::to_string(segments) + (segments == 1 ? " segment, " : " segments, ") +
                         formatBytes(bytes) + ")",
                     stream, dataFirst, dataLast, ids);
        }
        if (closeStart == SIZE_MAX)
            return;
        // The teardown's label comes from analysis/teardown_names.cpp.
        const TeardownNames& names = teardownNames(close);
        const char* label = numbers_[closeStart].flags & tcpflag::kFin ? names.phaseAfterFin : names.phase;
        switch (close) {
        case CloseKind::FourWay:
        case CloseKind::ThreeWay:
        case CloseKind::Simultaneous: addPhase(PhaseKind::Teardown, label, stream, closeStart, last, ids); break;
        case CloseKind::Reset: addPhase(PhaseKind::Reset, label, stream, closeStart, last, ids); break;
        case CloseKind::HalfClosed: addPhase(PhaseKind::HalfClose, label, stream, closeStart, last, ids); break;
        default: break;
        }
        // Textbook names for the teardown's sequence numbers.
        if (options_.numbers == DiagramNumbers::Symbolic)
            nameBases(stream, ids, c, closeStart);
    }

    void nameBases(std::uint32_t stream, const std::vector<std::size_t>& ids, const Connection& c, std::size_t closeStart)
    {
        SymbolicBases b;
        b.side[0].push_back({0, "x", 0});
        b.side[1].push_back({0, "y", 0});
        const ClosedBy by = c.lifecycle.closedBy();
        const int active = by == ClosedBy::Server ? 1 : 0;
        const int passive = 1 - active;
        bool seenActiveFin = false, seenPassiveAck = false;
        for (std::size_t id : ids) {
            const TcpNumbers& t = numbers_[id];
            if (!t.tcp || !t.relativeKnown || id < closeStart)
                continue;
            const int side = t.fromClient ? 0 : 1;
            if (side == active && (t.flags & tcpflag::kFin) && !seenActiveFin) {
                b.side[active].push_back({t.relSeq, "u", id});
                seenActiveFin = true;
            } else if (side == passive && seenActiveFin) {
                if (t.flags & tcpflag::kFin) {
                    b.side[passive].push_back({t.relSeq, "w", id});
                    break;
                }
                if (!seenPassiveAck) {
                    b.side[passive].push_back({t.relSeq, "v", id});
                    seenPassiveAck = true;
                }
            }
        }
        symbolic_[stream] = b;
    }

    void writeNumbers()
    {
        for (std::size_t id = 0; id < d_.arrows.size(); ++id) {
            DiagramArrow& a = d_.arrows[id];
            const TcpNumbers& t = numbers_[id];
            if (!t.tcp || a.kind != ArrowKind::Tcp)
                continue;
            const bool syn = t.flags & tcpflag::kSyn, ack = t.flags & tcpflag::kAck;
            std::string s;
            const bool absolute = options_.numbers == DiagramNumbers::Absolute || !t.relativeKnown;
            if (options_.numbers == DiagramNumbers::Symbolic && t.relativeKnown && a.stream != 0xffffffffu) {
                auto it = symbolic_.find(a.stream);
                SymbolicBases plain;
                plain.side[0].push_back({0, "x", 0});
                plain.side[1].push_back({0, "y", 0});
                const SymbolicBases& b = it != symbolic_.end() ? it->second : plain;
                const int side = t.fromClient ? 0 : 1;
                s = "seq=" + b.at(side, t.relSeq, id);
                if (ack)
                    s += " ack=" + b.at(1 - side, t.relAck, id);
            } else {
                appendAll(s, "seq=", absolute ? t.rawSeq : t.relSeq);
                if (ack)
                    appendAll(s, " ack=", absolute ? t.rawAck : t.relAck);
            }
            if (t.len || !syn)
                appendAll(s, " len=", t.len);
            appendAll(s, " win=", t.window);
            a.numbers = std::move(s);
        }
    }

    const PacketStore& store_;
    DiagramOptions options_;
    SequenceDiagram d_;
    std::vector<TcpNumbers> numbers_;
    std::map<std::string, std::size_t> lifelineIndex_;
    std::map<std::uint32_t, std::unique_ptr<TcpTracker>> replays_;
    std::map<std::uint32_t, std::vector<std::size_t>> streamArrows_;
    std::map<std::uint32_t, SymbolicBases> symbolic_;
};

} // namespace

SequenceDiagram buildConnectionDiagram(const PacketStore& store, const std::vector<std::uint32_t>& streams,
                                       const DiagramOptions& options)
{
    std::vector<std::uint32_t> packets;
    std::vector<bool> wanted;
    for (std::uint32_t s : streams) {
        if (wanted.size() <= s)
            wanted.resize(s + 1, false);
        wanted[s] = true;
    }
    const std::size_t n = store.size();
    for (std::size_t i = 0; i < n; ++i) {
        const TcpPacketRecord& r = store.tcpRecord(i);
        if (r.hasStream() && r.stream < wanted.size() && wanted[r.stream])
            packets.push_back(static_cast<std::uint32_t>(i));
    }
    Builder b(store, options);
    SequenceDiagram d = b.build(packets, packets.size());
    if (streams.size() == 1 && !d.arrows.empty()) {
        // Title: client → server.
        for (const DiagramLifeline& l : d.lifelines)
            if (l.role == "client")
                d.title = l.title;
        for (const DiagramLifeline& l : d.lifelines)
            if (l.role == "server")
                d.title += " \xe2\x86\x92 " + l.title;
        d.title = "Connection " + std::to_string(streams[0]) + ": " + d.title;
    } else {
        d.title = std::to_string(streams.size()) + " connections";
    }
    return d;
}

SequenceDiagram buildPacketDiagram(const PacketStore& store, const std::vector<std::uint32_t>& packets,
                                   const DiagramOptions& options)
{
    Builder b(store, options);
    SequenceDiagram d = b.build(packets, packets.size());
    d.title = std::to_string(d.arrows.size()) + " packets";
    return d;
}

} // namespace synscope
