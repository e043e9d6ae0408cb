#include "diagram/diagram_builder.h"

#include "analysis/tcp_tracker.h"
#include "diagram/diagram_labels.h"
#include "store/frame_decoder.h"
#include "store/packet_store.h"

#include <algorithm>

namespace synscope {

namespace {

// The ports of an ICMP error's ends: the quoted packet went from its source to its destination,
// so the error's destination is the quoted source and, when it comes from there, its source the
// quoted destination.
void quotedEndpointPorts(const Packet& packet, const IpAddress& src, const IpAddress& dst, std::uint16_t& srcPort,
                         std::uint16_t& dstPort)
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

// The packet's two ends: its IP addresses, or an ARP packet's sender and target; none (version 0) otherwise.
void addressesOf(const Packet& packet, IpAddress& src, IpAddress& dst)
{
    if (const Layer* net = packet.networkLayer()) {
        src = net->proto == Proto::Ipv4 ? packet.ipv4[net->info].src : packet.ipv6[net->info].src;
        dst = net->proto == Proto::Ipv4 ? packet.ipv4[net->info].dst : packet.ipv6[net->info].dst;
    } else if (const Layer* arp = packet.find(Proto::Arp); arp && packet.arp[arp->info].senderIp.version) {
        src = packet.arp[arp->info].senderIp;
        dst = packet.arp[arp->info].targetIp;
    }
}

const Layer* icmpLayerOf(const Packet& packet)
{
    const Layer* icmp = nullptr;
    for (const Layer& l : packet.layers)
        if (l.depth == 0 && (l.proto == Proto::Icmp || l.proto == Proto::Icmpv6))
            icmp = &l;
    return icmp;
}

} // namespace

DiagramBuilder::DiagramBuilder(const PacketStore& store, const DiagramOptions& options)
    : store_(store), options_(options)
{
}

DiagramBuilder::~DiagramBuilder() = default;

SequenceDiagram DiagramBuilder::build(const std::vector<std::uint32_t>& packets, std::size_t totalWanted)
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
        d_.note += (d_.note.empty() ? "" : " ") + std::to_string(skipped) + (skipped == 1 ? " packet" : " packets") +
                   " without IP addresses (ARP aside) " + (skipped == 1 ? "is" : "are") + " not drawn.";
    for (auto& [stream, replay] : replays_)
        addStory(stream, *replay);
    sortPhasesAndStates();
    writeArrowNumbers(d_, numbers_, options_.numbers, symbolic_);
    d_.multipleStreams = replays_.size() > 1;
    return std::move(d_);
}

void DiagramBuilder::sortPhasesAndStates()
{
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
}

std::size_t DiagramBuilder::lifelineOf(const IpAddress& a, std::uint16_t port)
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

void DiagramBuilder::setRole(std::size_t lifeline, const char* role)
{
    std::string& r = d_.lifelines[lifeline].role;
    if (r.empty() || r == "router")
        r = role;
    else if (r != role && std::string(role) != "router")
        r = "client and server";
}

bool DiagramBuilder::addArrow(std::uint32_t i, FrameDecoder& frame)
{
    frame.decode(i);
    const Packet& packet = frame.packet();
    IpAddress src, dst;
    addressesOf(packet, src, dst);
    if (!src.version)
        return false;
    const PacketSummary& summary = frame.summary();
    DiagramArrow a;
    a.frame = i + 1;
    a.time = frame.context().time;
    a.summary = summary.source + " \xe2\x86\x92 " + summary.destination + "  " + summary.protocol + "  " + summary.info;
    TcpNumbers numbers;
    std::uint16_t srcPort = 0, dstPort = 0;
    const Layer* tcpLayer = packet.topTcp();
    const Layer* icmpLayer = icmpLayerOf(packet);
    if (tcpLayer && tcpLayer->length >= 14) {
        describeTcp(a, numbers, frame, srcPort, dstPort);
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
    placeOnLifelines(a, i, src, dst, srcPort, dstPort);
    if (store_.tcpRecord(i).hasStream())
        replayForStory(a.stream, a, packet);
    d_.arrows.push_back(std::move(a));
    numbers_.push_back(numbers);
    return true;
}

// A TCP segment: its flags, and what its numbers will be written from.
void DiagramBuilder::describeTcp(DiagramArrow& a, TcpNumbers& numbers, const FrameDecoder& frame,
                                 std::uint16_t& srcPort, std::uint16_t& dstPort) const
{
    const TcpInfo& t = frame.packet().tcp[frame.packet().topTcp()->info];
    const FrameContext& ctx = frame.context();
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
}

// Lifelines: a connection's client to the left of its server, whichever packet comes first; the hosts'
// roles from the TCP segments (an ICMP error's sender is a router).
void DiagramBuilder::placeOnLifelines(DiagramArrow& a, std::uint32_t packet, const IpAddress& src,
                                      const IpAddress& dst, std::uint16_t srcPort, std::uint16_t dstPort)
{
    const TcpPacketRecord& record = store_.tcpRecord(packet);
    const bool quoted = record.bits & TcpPacketRecord::kQuoted;
    if (record.hasStream() && !quoted && !(record.bits & TcpPacketRecord::kFromClient)) {
        a.to = lifelineOf(dst, dstPort);
        a.from = lifelineOf(src, srcPort);
    } else {
        a.from = lifelineOf(src, srcPort);
        a.to = lifelineOf(dst, dstPort);
    }
    if (!record.hasStream())
        return;
    a.stream = record.stream;
    if (a.kind == ArrowKind::Tcp && !quoted) {
        const bool client = record.bits & TcpPacketRecord::kFromClient;
        setRole(a.from, client ? "client" : "server");
        setRole(a.to, client ? "server" : "client");
    } else {
        setRole(a.from, "router");
    }
}

// The stream's own tracker sees its packets again, keeping the frame of every state change.
void DiagramBuilder::replayForStory(std::uint32_t stream, const DiagramArrow& a, const Packet& packet)
{
    auto& replay = replays_[stream];
    if (!replay) {
        TrackerOptions o;
        o.keepStateFrames = true;
        replay = std::make_unique<TcpTracker>(o);
    }
    TcpPacketRecord ignored;
    replay->process(a.frame, a.time.toNanoseconds(), packet, ignored);
    streamArrows_[stream].push_back(d_.arrows.size());
}

} // namespace synscope
