#pragma once
// A connection's story in plain values: what `synscope-cli conversations` prints and the connections
// panel shows.
#include "analysis/tcp_tracker.h"

#include <string>
#include <vector>

namespace synscope {

struct ConnectionReport {
    std::uint32_t stream = 0;
    std::string client, server; // "192.0.2.1:41334", "[2001:db8::1]:443"
    OpenKind open = OpenKind::NotCaptured;
    CloseKind close = CloseKind::None;
    ClosedBy closedBy = ClosedBy::Nobody;
    std::vector<TcpState> clientStates, serverStates;
    std::vector<StateChange> stateChanges; // with frames, when the tracker kept them
    int synRetransmissions = 0;
    std::vector<double> synIntervalsMs; // between consecutive SYNs of the client
    std::uint64_t packets = 0;
    std::uint64_t firstFrame = 0, lastFrame = 0;
    std::uint64_t bytesClientToServer = 0, bytesServerToClient = 0;
    double durationMs = 0;
    double handshakeRttMs = -1; // -1: not seen
    std::vector<std::uint64_t> icmpFrames;
    AnnouncedOptions clientOptions, serverOptions;
};

ConnectionReport buildConnectionReport(const TcpTracker& tracker, const Connection& c);
std::vector<ConnectionReport> buildConnectionReports(const TcpTracker& tracker);

// "three-way handshake", "refused (RST)", "four-way teardown (client closed first)" ...
std::string describeOpen(const ConnectionReport& r);
std::string describeClose(const ConnectionReport& r);
// The text block of `synscope-cli conversations`.
std::string describeConnection(const ConnectionReport& r);
// "512 B", "1.5 kB", "12.3 MB"; "0.8 ms", "1.20 s", "10 min 35 s".
std::string formatBytes(std::uint64_t bytes);
std::string formatDuration(double ms);

} // namespace synscope
