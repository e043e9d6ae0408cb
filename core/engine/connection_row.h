#pragma once
// A connection as the connections panel shows it: a copy, so the GUI never touches the tracker that the
// engine thread keeps updating.
#include "analysis/tcp_tracker.h"
#include "common/timestamp.h"

#include <cstdint>

namespace synscope {

struct ConnectionRow {
    std::uint32_t stream = 0;
    Endpoint client, server;
    OpenKind open = OpenKind::NotCaptured;
    CloseKind close = CloseKind::None;
    ClosedBy closedBy = ClosedBy::Nobody;
    TcpState clientState = TcpState::Closed, serverState = TcpState::Closed;
    std::uint16_t synCount = 0;
    std::uint32_t packets = 0;
    std::uint32_t firstFrame = 0, lastFrame = 0;
    std::uint64_t bytesClientToServer = 0, bytesServerToClient = 0;
    std::int64_t durationNs = 0;
    std::int64_t handshakeRttNs = 0;

    static ConnectionRow of(const TcpTracker& tracker, const Connection& c)
    {
        ConnectionRow r;
        r.stream = c.stream;
        r.client = tracker.client(c);
        r.server = tracker.server(c);
        r.open = c.lifecycle.openKind();
        r.close = c.lifecycle.closeKind();
        r.closedBy = c.lifecycle.closedBy();
        r.clientState = c.lifecycle.state(Side::Client);
        r.serverState = c.lifecycle.state(Side::Server);
        r.synCount = c.lifecycle.clientSynCount();
        r.packets = c.packets;
        r.firstFrame = c.firstFrame;
        r.lastFrame = c.lastFrame;
        r.bytesClientToServer = c.bytes[0];
        r.bytesServerToClient = c.bytes[1];
        r.durationNs = nanosecondsBetween(c.firstTime, c.lastTime);
        // A refused or rejected attempt has a SYN-to-answer time, not a handshake.
        r.handshakeRttNs = r.open == OpenKind::ThreeWay ? c.handshakeRtt() : 0;
        return r;
    }
};

} // namespace synscope
