#pragma once
// Streams TCP segments (in capture order) into connections: Wireshark-compatible stream numbers,
// relative sequence numbers and analysis flags per segment, and each connection's life (states, how it
// opened and closed). Keeps O(connections) state, so a live capture and a 10-million-packet file use the
// same code.
#include "analysis/connection.h"
#include "analysis/connection_table.h"
#include "analysis/machine_store.h"
#include "analysis/tcp_packet_record.h"
#include "decode/segment/tcp_segment_view.h"

#include <array>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace synscope {

struct StateChange {
    Side side = Side::Client;
    TcpState state = TcpState::Closed;
    std::uint64_t frame = 0;
};

struct TrackerOptions {
    // Remember the frame of every state change (for reports and diagrams). Costs about 100 bytes
    // per connection; the GUI engine replays one connection instead (replayConnection()).
    bool keepStateFrames = false;
    // A connection without a packet in this many frames has its analysis state frozen (compact, thawed
    // exactly by its next segment); a finished connection's is frozen at once. 1 freezes every connection
    // between its packets (the tests use it to show freezing changes nothing); 0 never freezes.
    std::uint32_t idleFrames = 1u << 16;
};

struct IcmpLink {
    std::uint32_t stream = 0;
    std::uint32_t frame = 0;
};

struct SynSend {
    std::uint32_t stream = 0;
    std::uint32_t frame = 0;
    std::int64_t time = 0;
};

class TcpTracker : private StateRecorder {
public:
    explicit TcpTracker(TrackerOptions options = {}) : options_(options), machines_(connections_) {}

    // Feeds one frame. Returns true and fills `record` when the frame carries a TCP header that belongs
    // to a stream (its own, or one quoted in an ICMP error).
    bool process(std::uint64_t frame, std::int64_t timeNs, const Packet& packet, TcpPacketRecord& record);
    // The same for a frame whose segment was taken already (tcpSegmentOf() or readTcpSegment());
    // `segment` nullptr when the frame has none (every frame is fed, for the idle count).
    bool process(std::uint64_t frame, std::int64_t timeNs, const TcpSegmentView* segment, TcpPacketRecord& record);

    const ConnectionList& connections() const { return connections_; }
    // A connection's end as an address and port.
    Endpoint endpoint(const Connection& c, Side s) const;
    Endpoint client(const Connection& c) const { return endpoint(c, Side::Client); }
    Endpoint server(const Connection& c) const { return endpoint(c, Side::Server); }
    // Initial state followed by every change, e.g. CLOSED, SYN_SENT, ESTABLISHED, ...
    std::vector<TcpState> states(const Connection& c, Side s) const;
    // With keepStateFrames: the changes of one stream in order, with their frames.
    const std::vector<StateChange>& stateChanges(std::uint32_t stream) const;
    const std::vector<IcmpLink>& icmpLinks() const { return icmpLinks_; }
    // The client's SYNs, in order, except one that was its connection's first packet
    // (Connection::firstIsClientSyn; its time is the connection's firstTime).
    const std::vector<SynSend>& synSends() const { return synSends_; }
    std::size_t memoryBytes() const;
    // Connections whose analysis state is live (the rest is frozen until their next segment).
    std::size_t liveMachines() const { return machines_.liveCount(); }
    void clear();

private:
    void stateChanged(Side side, TcpState state, std::uint64_t frame) override;
    void stateRetracted(Side side) override;
    // `key` is the first segment's; `senderIsClient` false when its sender is the server (a SYN/ACK).
    // ConnectionTable::kNone when the list is full (2^28 connections).
    std::uint32_t newConnection(const ConnectionKey& key, bool senderIsClient, std::uint64_t frame, std::int64_t time);
    // Connection::address's form of an address (4 or 16 bytes; IPv6 addresses are added to
    // ipv6Addresses_ once); false when that list is full.
    bool addressId(const std::uint8_t* address, bool ipv6, std::uint32_t& id);
    void linkIcmpError(const TcpSegmentView& segment, std::uint32_t stream, Side sender, std::uint64_t frame);

    // The steps of process(), in order (inline, in tcp_tracker.cpp).
    // The connection a segment belongs to and its sender's side.
    struct SegmentTarget {
        std::uint32_t stream; // ConnectionTable::kNone: the connection list is full
        Side side;
    };
    void freezeIdleMachines(std::uint64_t frame);
    // The segment's addresses and ports as a table key; false when the IPv6 address list is full.
    bool connectionKey(const TcpSegmentView& view, ConnectionKey& key);
    // A quoted header too short for a stream (under 16 bytes): linked to its connection, if known.
    bool linkShortQuotation(const TcpSegmentView& view, const ConnectionKey& key, std::uint64_t frame,
                            TcpPacketRecord& record);
    // Finds the segment's connection, or creates it; a SYN that reuses the ports of a finished
    // connection starts a new one. Adds tcpanalysis::kReusedPorts to `analysisFlags` when ports are reused.
    SegmentTarget findOrCreateConnection(const TcpSegmentView& view, const ConnectionKey& key, std::uint64_t frame,
                                         std::int64_t time, std::uint32_t& analysisFlags);
    void startRecord(const TcpSegmentView& view, SegmentTarget target, TcpPacketRecord& record);
    // Relative numbers and the sequence analysis' flags into `record`; returns the payload length
    // (0 when the segment's length is not known).
    std::uint32_t analyseSequence(const TcpSegmentView& view, const Connection& c, TcpFlowState& fwd,
                                  TcpFlowState& rev, std::uint64_t frame, std::int64_t time,
                                  std::uint32_t analysisFlags, TcpPacketRecord& record);
    // The handshake RTT, the first-ACK mark and the window scale in force.
    void trackHandshakeAndOptions(const TcpSegmentView& view, Connection& c, TcpFlowState& fwd, TcpFlowState& rev,
                                  std::int64_t time, TcpPacketRecord& record);
    // The connection's own statistics: packets, bytes, announced options, the client's SYNs.
    void countSegment(const TcpSegmentView& view, Connection& c, SegmentTarget target, std::uint32_t payload,
                      std::uint64_t frame, std::int64_t time);
    // The connection's life (states, how it opened and closed), and its machine frozen once it settled.
    void runLifecycle(const TcpSegmentView& view, Connection& c, ConnectionMachine& machine, SegmentTarget target,
                      std::uint32_t payload, std::uint64_t frame);

    TrackerOptions options_;
    ConnectionList connections_;
    MachineStore machines_;
    std::uint64_t nextIdleSweep_ = 0;
    ConnectionTable table_;
    ChunkedArray<std::array<std::uint8_t, 16>, 12> ipv6Addresses_; // up to 2^28, as many as connections
    std::unordered_map<std::string_view, std::uint32_t> ipv6Ids_; // views of ipv6Addresses_
    std::vector<std::vector<StateChange>> stateFrames_;
    std::vector<IcmpLink> icmpLinks_;
    std::vector<SynSend> synSends_;
    std::uint32_t current_ = 0; // stream whose lifecycle is running (for stateChanged)
    bool stateTouched_ = false; // a state changed or was retracted in the running lifecycle call
};

} // namespace synscope
