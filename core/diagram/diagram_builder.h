#pragma once
// Builds a SequenceDiagram from stored packets: one arrow per packet, read through the FrameDecoder, with
// its lifelines (diagram_builder.cpp); per TCP stream, a replay of its packets tells its story — each side's
// states and the named phases of its life (diagram_story.cpp); then every arrow's numbers in the chosen
// numbering (diagram_numbers.h).
#include "diagram/diagram_numbers.h"
#include "diagram/sequence_diagram.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace synscope {

class FrameDecoder;
class PacketStore;
class TcpTracker;
struct Connection;
struct Packet;

class DiagramBuilder {
public:
    DiagramBuilder(const PacketStore& store, const DiagramOptions& options);
    ~DiagramBuilder();

    // The diagram of `packets` (indexes into the store, in order), at most options.maxArrows of them;
    // `totalWanted` for the note when some are left out.
    SequenceDiagram build(const std::vector<std::uint32_t>& packets, std::size_t totalWanted);

private:
    // Arrows and lifelines (diagram_builder.cpp).
    bool addArrow(std::uint32_t packet, FrameDecoder& frame);
    void describeTcp(DiagramArrow& a, TcpNumbers& numbers, const FrameDecoder& frame, std::uint16_t& srcPort,
                     std::uint16_t& dstPort) const;
    void placeOnLifelines(DiagramArrow& a, std::uint32_t packet, const IpAddress& src, const IpAddress& dst,
                          std::uint16_t srcPort, std::uint16_t dstPort);
    void replayForStory(std::uint32_t stream, const DiagramArrow& a, const Packet& packet);
    std::size_t lifelineOf(const IpAddress& a, std::uint16_t port);
    void setRole(std::size_t lifeline, const char* role);
    void sortPhasesAndStates();

    // A stream's states and phases (diagram_story.cpp).
    struct Established {
        std::size_t client = SIZE_MAX; // the arrow at which the client became established first
        std::size_t both = 0;          // the last arrow at which a side became established
    };
    void addStory(std::uint32_t stream, const TcpTracker& replay);
    Established addStates(std::uint32_t stream, const TcpTracker& replay, const std::vector<std::size_t>& ids);
    // Returns the last arrow of the opening phase (SIZE_MAX when the handshake was not captured), nothing
    // when the connection never opened.
    std::optional<std::size_t> addOpening(std::uint32_t stream, const Connection& c,
                                          const std::vector<std::size_t>& ids, Established established);
    std::size_t closeStartOf(const Connection& c, const std::vector<std::size_t>& ids, std::size_t openEnd) const;
    void addDataPhase(std::uint32_t stream, const std::vector<std::size_t>& ids, std::size_t openEnd,
                      std::size_t closeStart);
    void addClosing(std::uint32_t stream, const Connection& c, const std::vector<std::size_t>& ids,
                    std::size_t closeStart);
    std::size_t arrowOfFrame(const std::vector<std::size_t>& ids, std::uint64_t frame) const;
    void addPhase(PhaseKind kind, std::string name, std::uint32_t stream, std::size_t first, std::size_t last,
                  const std::vector<std::size_t>& ids);

    const PacketStore& store_;
    DiagramOptions options_;
    SequenceDiagram d_;
    std::vector<TcpNumbers> numbers_;                                  // per arrow
    std::map<std::string, std::size_t> lifelineIndex_;                 // address (#port) -> lifeline
    std::map<std::uint32_t, std::unique_ptr<TcpTracker>> replays_;     // per stream
    std::map<std::uint32_t, std::vector<std::size_t>> streamArrows_;   // per stream, its arrows
    std::map<std::uint32_t, SymbolicBases> symbolic_;                  // per stream, with a teardown
};

} // namespace synscope
