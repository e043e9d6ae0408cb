#pragma once
// What the sequence diagram shows, as plain data: lifelines, one arrow per packet, the named phases of each
// connection's life, and each side's TCP states where they change. The GUI view, the SVG/PNG/PDF export,
// Mermaid text and the terminal ladder all draw from it, so they tell the same story.
#include "analysis/tcp_states.h"
#include "common/timestamp.h"
#include "decode/ip_address.h"

#include <cstdint>
#include <string>
#include <vector>

namespace synscope {

class PacketStore;

enum class DiagramNumbers {
    Relative, // seq/ack from 0, as Wireshark shows them
    Absolute, // the raw 32-bit numbers
    Symbolic, // as textbooks write them: seq=x, ack=x+1, seq=y, FIN seq=u ...
};

enum class DiagramLifelines { PerHost, PerEndpoint };

struct DiagramOptions {
    DiagramNumbers numbers = DiagramNumbers::Relative;
    DiagramLifelines lifelines = DiagramLifelines::PerHost;
    std::size_t maxArrows = 200000; // beyond this the diagram says it shows only the first ones
};

struct DiagramLifeline {
    std::string title;     // "192.0.2.10" or "192.0.2.10:41334"
    std::string role;      // "client", "server", "router", or empty
    IpAddress address;
    std::uint16_t port = 0; // PerEndpoint only
};

enum class ArrowKind { Tcp, IcmpError, Other };

struct DiagramArrow {
    std::uint64_t frame = 0;
    Timestamp time;
    std::size_t from = 0, to = 0;          // lifeline indexes
    std::uint32_t stream = 0xffffffffu;    // TCP stream, when the packet belongs to one
    ArrowKind kind = ArrowKind::Tcp;
    std::string flags;                     // "[S.]", "[P.]" ... or "ICMP port unreachable"
    std::string numbers;                   // "seq=1 ack=1 len=37 win=64256" (in the chosen numbering)
    std::string summary;                   // the packet's list line, for tooltips
    std::uint32_t analysisFlags = 0;       // tcpanalysis::
    bool badChecksum = false;
    std::uint32_t payload = 0;
    std::string marker;                    // "Retransmission", "Dup ACK #2", "Zero window" ..., or empty
};

enum class PhaseKind {
    Handshake,
    SimultaneousOpen,
    Refused,
    Rejected,
    Unanswered,
    Incomplete,
    HandshakeNotCaptured, // a note above the connection's first arrow
    Data,
    Teardown,
    Reset,
    HalfClose,
};

struct DiagramPhase {
    PhaseKind kind = PhaseKind::Data;
    std::string name;          // "Three-way handshake", "Data (12 segments, 3.4 kB)" ...
    std::uint32_t stream = 0;
    std::size_t firstArrow = 0, lastArrow = 0; // inclusive; for HandshakeNotCaptured both are the first arrow
    std::uint32_t segments = 0;
    std::uint64_t bytes = 0;
};

struct DiagramState {
    std::size_t lifeline = 0;
    std::size_t arrow = 0; // the arrow at which the state begins; kInitial for the state before any
    TcpState state = TcpState::Closed;
    Side side = Side::Client;
    std::uint32_t stream = 0;
    static constexpr std::size_t kInitial = static_cast<std::size_t>(-1);
};

struct SequenceDiagram {
    std::vector<DiagramLifeline> lifelines;
    std::vector<DiagramArrow> arrows;   // in capture order
    std::vector<DiagramPhase> phases;
    std::vector<DiagramState> states;   // initial states first, then changes in arrow order
    std::string title;                  // "192.0.2.10:41334 → 198.51.100.20:80" or "312 packets"
    std::string note;                   // e.g. "Only the first 200000 of 350000 packets are drawn."
    bool multipleStreams = false;
};

// The packets of the given TCP streams (with the ICMP errors linked to them).
SequenceDiagram buildConnectionDiagram(const PacketStore& store, const std::vector<std::uint32_t>& streams,
                                       const DiagramOptions& options = {});
// The given packets (e.g. everything the list displays), in order; phases and states for their streams.
SequenceDiagram buildPacketDiagram(const PacketStore& store, const std::vector<std::uint32_t>& packets,
                                   const DiagramOptions& options = {});

// Mermaid `sequenceDiagram` text, for pasting into documents.
std::string diagramToMermaid(const SequenceDiagram& d);
// A plain-text ladder for terminals.
std::string diagramToText(const SequenceDiagram& d);

// "Three-way handshake" ... the phase names the view and the exports use.
std::string phaseName(PhaseKind kind);

} // namespace synscope
