// The story of one TCP stream in the diagram, from a replay of its packets: each side's initial state and
// every change at the arrow that caused it; the phases of its life — how it opened (or did not), its data,
// how it closed — each over its range of arrows.
#include "diagram/diagram_builder.h"

#include "analysis/connection_report.h"
#include "analysis/tcp_tracker.h"
#include "analysis/teardown_names.h"

#include <algorithm>

namespace synscope {

void DiagramBuilder::addStory(std::uint32_t stream, const TcpTracker& replay)
{
    const std::vector<std::size_t>& ids = streamArrows_[stream];
    if (ids.empty() || replay.connections().size() == 0)
        return;
    const Connection& c = replay.connections()[0];
    const Established established = addStates(stream, replay, ids);
    const std::optional<std::size_t> opening = addOpening(stream, c, ids, established);
    if (!opening)
        return;
    const std::size_t openEnd = *opening;
    const std::size_t closeStart = closeStartOf(c, ids, openEnd);
    addDataPhase(stream, ids, openEnd, closeStart);
    if (closeStart == SIZE_MAX)
        return;
    addClosing(stream, c, ids, closeStart);
    // Textbook names for the teardown's sequence numbers.
    if (options_.numbers == DiagramNumbers::Symbolic)
        symbolic_[stream] = teardownBases(ids, numbers_, c.lifecycle.closedBy(), closeStart);
}

// States: where each side starts, then every change at the arrow that caused it.
DiagramBuilder::Established DiagramBuilder::addStates(std::uint32_t stream, const TcpTracker& replay,
                                                      const std::vector<std::size_t>& ids)
{
    const Connection& c = replay.connections()[0];
    const Endpoint client = replay.client(c), server = replay.server(c);
    const std::size_t clientLine = lifelineOf(client.address, client.port);
    const std::size_t serverLine = lifelineOf(server.address, server.port);
    for (Side s : {Side::Client, Side::Server})
        d_.states.push_back({s == Side::Client ? clientLine : serverLine, DiagramState::kInitial,
                             c.lifecycle.initialState(s), s, stream});
    Established established;
    for (const StateChange& ch : replay.stateChanges(0)) {
        const std::size_t arrow = arrowOfFrame(ids, ch.frame);
        d_.states.push_back({ch.side == Side::Client ? clientLine : serverLine, arrow, ch.state, ch.side, stream});
        if (ch.state == TcpState::Established) {
            if (ch.side == Side::Client && established.client == SIZE_MAX)
                established.client = arrow;
            established.both = std::max(established.both, arrow);
        }
    }
    return established;
}

std::optional<std::size_t> DiagramBuilder::addOpening(std::uint32_t stream, const Connection& c,
                                                      const std::vector<std::size_t>& ids, Established established)
{
    const std::size_t first = ids.front(), last = ids.back();
    const int synCount = c.lifecycle.clientSynCount();
    switch (c.lifecycle.openKind()) {
    case OpenKind::ThreeWay: {
        const std::size_t openEnd = established.client != SIZE_MAX ? established.client : established.both;
        addPhase(PhaseKind::Handshake,
                 synCount > 1 ? "Three-way handshake (SYN sent " + std::to_string(synCount) + " times)"
                              : "Three-way handshake",
                 stream, first, openEnd, ids);
        return openEnd;
    }
    case OpenKind::SimultaneousOpen:
        addPhase(PhaseKind::SimultaneousOpen, "Simultaneous open", stream, first, established.both, ids);
        return established.both;
    case OpenKind::Refused: addPhase(PhaseKind::Refused, "Refused (RST)", stream, first, last, ids); break;
    case OpenKind::Rejected: {
        std::string why = "ICMP error";
        for (std::size_t id : ids)
            if (d_.arrows[id].kind == ArrowKind::IcmpError) {
                why = d_.arrows[id].flags;
                break;
            }
        addPhase(PhaseKind::Rejected, "Rejected (" + why + ")", stream, first, last, ids);
        break;
    }
    case OpenKind::Unanswered:
        addPhase(PhaseKind::Unanswered,
                 "No answer: SYN sent " + std::to_string(synCount) + (synCount == 1 ? " time" : " times"), stream,
                 first, last, ids);
        break;
    case OpenKind::Incomplete:
        addPhase(PhaseKind::Incomplete, "Incomplete handshake (no final ACK)", stream, first, last, ids);
        break;
    case OpenKind::NotCaptured:
        addPhase(PhaseKind::HandshakeNotCaptured, "Handshake not captured", stream, first, first, ids);
        return SIZE_MAX; // the data starts with the first arrow
    }
    return std::nullopt;
}

// How it closed: from its first FIN or RST after the opening to its last packet; SIZE_MAX while open.
std::size_t DiagramBuilder::closeStartOf(const Connection& c, const std::vector<std::size_t>& ids,
                                         std::size_t openEnd) const
{
    const CloseKind close = c.lifecycle.closeKind();
    if (close == CloseKind::Open || close == CloseKind::None)
        return SIZE_MAX;
    for (std::size_t id : ids) {
        if ((openEnd != SIZE_MAX && id <= openEnd) || !numbers_[id].tcp)
            continue;
        if (numbers_[id].flags & (tcpflag::kFin | tcpflag::kRst))
            return id;
    }
    return SIZE_MAX;
}

void DiagramBuilder::addDataPhase(std::uint32_t stream, const std::vector<std::size_t>& ids, std::size_t openEnd,
                                  std::size_t closeStart)
{
    const std::size_t dataFirst = openEnd == SIZE_MAX ? ids.front() : openEnd + 1;
    const std::size_t dataLast = closeStart == SIZE_MAX ? ids.back() : closeStart - 1;
    bool anyData = false;
    for (std::size_t id : ids)
        anyData = anyData || (id >= dataFirst && id <= dataLast && (openEnd == SIZE_MAX || id > openEnd));
    if (!anyData || dataFirst > dataLast)
        return;
    std::uint32_t segments = 0;
    std::uint64_t bytes = 0;
    for (std::size_t id : ids)
        if (id >= dataFirst && id <= dataLast) {
            ++segments;
            bytes += d_.arrows[id].payload;
        }
    addPhase(PhaseKind::Data,
             "Data (" + std::to_string(segments) + (segments == 1 ? " segment, " : " segments, ") + formatBytes(bytes) +
                 ")",
             stream, dataFirst, dataLast, ids);
}

void DiagramBuilder::addClosing(std::uint32_t stream, const Connection& c, const std::vector<std::size_t>& ids,
                                std::size_t closeStart)
{
    const std::size_t last = ids.back();
    // The teardown's label comes from analysis/teardown_names.cpp.
    const CloseKind close = c.lifecycle.closeKind();
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
}

std::size_t DiagramBuilder::arrowOfFrame(const std::vector<std::size_t>& ids, std::uint64_t frame) const
{
    auto it = std::lower_bound(ids.begin(), ids.end(), frame,
                               [&](std::size_t id, std::uint64_t f) { return d_.arrows[id].frame < f; });
    return it == ids.end() ? ids.back() : *it;
}

void DiagramBuilder::addPhase(PhaseKind kind, std::string name, std::uint32_t stream, std::size_t first,
                              std::size_t last, const std::vector<std::size_t>& ids)
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

} // namespace synscope
