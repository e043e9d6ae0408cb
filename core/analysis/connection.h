#pragma once
// Everything the TCP analysis keeps about one connection (one Wireshark tcp.stream).
#include "common/chunked_array.h"
#include "decode/ip_address.h"
#include "analysis/tcp_lifecycle.h"

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
    std::uint16_t mss = 0;
    std::uint8_t windowScale = 0;
    bool seen : 1 = false; // a SYN from this side was captured
    bool hasMss : 1 = false, hasWindowScale : 1 = false, sackPermitted : 1 = false, timestamps : 1 = false;
};

// The sequence of states a side went through: at most 16, 4 bits each, stored as state + 1 so that the
// number of entries is where the nonzero nibbles end.
class StateHistory {
public:
    void push(TcpState s)
    {
        const std::size_t n = size();
        if (n < 16)
            packed_ |= (static_cast<std::uint64_t>(s) + 1) << (4 * n);
    }
    // Takes back the last change (one that later packets showed did not happen).
    void pop()
    {
        if (const std::size_t n = size())
            packed_ &= ~(std::uint64_t{0xf} << (4 * (n - 1)));
    }
    std::size_t size() const { return packed_ ? (67 - static_cast<std::size_t>(__builtin_clzll(packed_))) / 4 : 0; }
    TcpState operator[](std::size_t i) const { return static_cast<TcpState>(((packed_ >> (4 * i)) & 0xf) - 1); }

private:
    std::uint64_t packed_ = 0;
};

// What the tracker keeps about every connection, active or long finished (104 bytes). Its analysis
// state, needed only when another segment comes, is kept apart (machine_store.h).
struct Connection {
    std::uint32_t stream = 0;
    // The two ends by Side: an IPv4 address itself (its 4 bytes as they are in the packet), or the index of
    // an IPv6 address in the tracker's list; TcpTracker::endpoint() gives them back as addresses.
    std::uint32_t address[2] = {0, 0};
    std::uint16_t port[2] = {0, 0};
    StateHistory changes[2];          // state changes after the initial state, per side
    AnnouncedOptions options[2];
    std::uint32_t packets = 0;
    std::uint32_t firstFrame = 0, lastFrame = 0;
    std::uint32_t machine = 0;        // the analysis machine: its pool slot, or where it is frozen
    LifecycleSummary lifecycle;       // how it opened and closed, and both sides' states
    bool frozen : 1 = false;
    bool ipv6 : 1 = false;
    bool rttKnown : 1 = false;
    bool firstIsClientSyn : 1 = false; // the first packet was the client's SYN (its time is firstTime)
    std::uint64_t bytes[2] = {0, 0}; // payload bytes sent by each side
    std::int64_t firstTime = 0, lastTime = 0;
    // Wireshark's ts_mru_syn (the last SYN's time) until the handshake RTT is known, then that RTT in ns.
    std::int64_t synTimeOrRtt = 0;

    // SYN -> SYN/ACK -> ACK, ns; 0 when not seen.
    std::int64_t handshakeRtt() const { return rttKnown ? synTimeOrRtt : 0; }
};

// All connections of a capture, by stream number. Chunks of 4096: no reallocation copies and no
// doubling slack with hundreds of thousands of connections.
using ConnectionList = ChunkedArray<Connection, 12>;

} // namespace synscope
