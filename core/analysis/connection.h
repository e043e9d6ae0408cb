#pragma once
// Everything the TCP analysis keeps about one connection (one Wireshark tcp.stream).
#include "common/chunked_array.h"
#include "decode/ip_address.h"
#include "tcp_lifecycle.h"
#include "tcp_sequence_analysis.h"

#include <cstdint>

namespace synscope {

struct Endpoint {
    IpAddress address;
    std::uint16_t port = 0;
    bool operator==(const Endpoint& o) const { return port == o.port && address == o.address; }
    // "192.0.2.1:80" or "[2001:db8::1]:443"
    std::string toString() const;
};

// The options a side announced in its SYN (or SYN/ACK).
struct AnnouncedOptions {
    bool seen = false; // a SYN from this side was captured
    bool hasMss = false, hasWindowScale = false, sackPermitted = false, timestamps = false;
    std::uint16_t mss = 0;
    std::uint8_t windowScale = 0;
};

// The sequence of states a side went through, 4 bits each (at most 16 entries).
class StateHistory {
public:
    void push(TcpState s)
    {
        if (count_ < 16) {
            packed_ |= static_cast<std::uint64_t>(s) << (4 * count_);
            ++count_;
        }
    }
    // Takes back the last change (one that later packets showed did not happen).
    void pop()
    {
        if (count_ == 0)
            return;
        --count_;
        packed_ &= ~(std::uint64_t{0xf} << (4 * count_));
    }
    std::size_t size() const { return count_; }
    TcpState operator[](std::size_t i) const { return static_cast<TcpState>((packed_ >> (4 * i)) & 0xf); }

private:
    std::uint64_t packed_ = 0;
    std::uint8_t count_ = 0;
};

struct Connection {
    std::uint32_t stream = 0;
    Endpoint client, server;
    TcpFlowState flows[2];            // indexed by Side
    std::int64_t lastPureSynTime = 0; // Wireshark's ts_mru_syn
    std::int64_t handshakeRtt = 0;    // SYN -> SYN/ACK -> ACK, ns; 0 when not seen
    TcpLifecycle lifecycle;
    StateHistory changes[2];          // state changes after the initial state, per side
    AnnouncedOptions options[2];
    std::uint32_t packets = 0;
    std::uint32_t firstFrame = 0, lastFrame = 0;
    std::uint64_t bytes[2] = {0, 0}; // payload bytes sent by each side
    std::int64_t firstTime = 0, lastTime = 0;

    TcpFlowState& flow(Side s) { return flows[static_cast<int>(s)]; }
    const Endpoint& endpoint(Side s) const { return s == Side::Client ? client : server; }
};

// All connections of a capture, by stream number. Chunks of 4096: no reallocation copies and no
// doubling slack with hundreds of thousands of connections.
using ConnectionList = ChunkedArray<Connection, 12>;

} // namespace synscope
