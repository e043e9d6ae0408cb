#pragma once
// Captures for the graph tests, the graph screenshots and the graph benchmark:
//  - graphScenario(): a short connection, every event at a known millisecond, with the things the stream
//    graphs mark: duplicate ACKs with SACK blocks, a fast retransmission, a retransmission after a timeout,
//    a zero window and its update, data both ways, FINs. The expected values in test_graphs.cpp are worked
//    out by hand from the table below.
//  - bulkTransfer(): a client uploading N segments over a lossy 10 Mbit/s, 40 ms path, simulated with
//    slow start, ACK clocking, SACK, fast retransmit with NewReno recovery, a retransmission timeout and
//    a receiver that stops reading for a while (zero window). Deterministic for a given seed.
#include "capture_script.h"
#include "tcp_conversation.h"
#include "tcp_scenarios.h"

#include "decode/packet.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <queue>
#include <random>
#include <set>
#include <utility>
#include <vector>

namespace synscope::test {

using testkit::Bytes;
using testkit::CaptureScript;
using testkit::TcpConversation;

struct SackBlock {
    std::uint32_t left = 0, right = 0; // raw sequence numbers
};

inline Bytes sackOption(const std::vector<SackBlock>& blocks)
{
    Bytes b{1, 1, 5, static_cast<std::uint8_t>(2 + 8 * blocks.size())};
    auto put32 = [&](std::uint32_t v) {
        b.push_back(static_cast<std::uint8_t>(v >> 24));
        b.push_back(static_cast<std::uint8_t>(v >> 16));
        b.push_back(static_cast<std::uint8_t>(v >> 8));
        b.push_back(static_cast<std::uint8_t>(v));
    };
    for (const SackBlock& s : blocks) {
        put32(s.left);
        put32(s.right);
    }
    return b;
}

// One TCP segment between the conversation's hosts, crafted by hand (raw numbers), at the script's time;
// the script then advances by `gapNs`.
inline void craftSegment(CaptureScript& script, const testkit::Host& src, std::uint16_t srcPort, const testkit::Host& dst,
                         std::uint16_t dstPort, std::uint16_t flags, std::uint32_t seq, std::uint32_t ack,
                         std::uint16_t window, std::size_t payloadBytes, const Bytes& options = {},
                         std::int64_t gapNs = 1000000, std::uint32_t snapLength = 0)
{
    testkit::TcpSpec s;
    s.srcPort = srcPort;
    s.dstPort = dstPort;
    s.seq = seq;
    s.ack = ack;
    s.flags = flags;
    s.window = window;
    s.options = options;
    s.payload.resize(payloadBytes);
    for (std::size_t i = 0; i < payloadBytes; ++i)
        s.payload[i] = static_cast<std::uint8_t>('a' + i % 26);
    const Bytes segment = testkit::tcp(src.address, dst.address, s);
    Bytes ip;
    if (src.address.version == 6) {
        ip = testkit::ipv6(src.address, dst.address, 6, segment);
    } else {
        testkit::Ipv4Options o;
        o.id = static_cast<std::uint16_t>(seq ^ ack);
        ip = testkit::ipv4(src.address, dst.address, 6, segment, o);
    }
    script.add(testkit::ethernetIp(src.macAddress, dst.macAddress, ip), 0, snapLength);
    script.advance(gapNs);
}

// Frame numbers of graphScenario(), and its times: frame k is sent at (k - 1) ms.
//   1 C SYN            seq 0                      12 C data 301-401  [D]
//   2 S SYN/ACK        ack 1                      13 C resend 301-401 (retransmission)
//   3 C ACK                                       14 S ACK 401 (acks D twice: no RTT, Karn)
//   4 C data 1-101     [A]                        15 S ACK 401 window 0 (zero window)
//   5 C data 101-201   [B]                        16 S ACK 401 window 502 (window update)
//   6 C data 201-301   [C]                        17 C data 401-501  [E]
//   7 S ACK 101        (RTT of A: 3 ms)           18 S data 1-51 ack 501 (RTT of E: 1 ms)
//   8 S ACK 101 SACK 201-301 (dup ACK 1)          19 C FIN seq 501 ack 51
//   9 S ACK 101 SACK 201-301 (dup ACK 2)          20 S FIN seq 51 ack 502 (RTT of the FIN: 1 ms)
//  10 C resend 101-201 (fast retransmission)      21 C ACK 52
//  11 S ACK 301        (RTT of C: 5 ms)
// Windows: SYN 64240 unscaled, then 502 << 7 = 64256 both ways. Client 192.0.2.10:41334 (ISN 1000),
// server 198.51.100.20:80 (ISN 5000).
inline void graphScenario(CaptureScript& s)
{
    const testkit::ScenarioHosts h = testkit::scenarioHosts(false);
    TcpConversation c(s, h.client, h.clientPort, h.server, h.serverPort, 1000, 5000);
    using tcpflag::kAck;
    c.syn().synAck().ack(Side::Client);
    c.data(Side::Client, 100).data(Side::Client, 100).data(Side::Client, 100); // 4, 5, 6
    c.sendWithAck(Side::Server, kAck, 1101);                                     // 7
    const Bytes sack = sackOption({{1201, 1301}});
    craftSegment(s, h.server, h.serverPort, h.client, h.clientPort, kAck, 5001, 1101, 502, 0, sack); // 8
    craftSegment(s, h.server, h.serverPort, h.client, h.clientPort, kAck, 5001, 1101, 502, 0, sack); // 9
    c.resend(Side::Client, 1101, 100);                                            // 10
    c.ack(Side::Server);                                                          // 11: ack 1301
    c.data(Side::Client, 100);                                                    // 12
    c.resend(Side::Client, 1301, 100);                                            // 13
    c.ack(Side::Server);                                                          // 14: ack 1401
    craftSegment(s, h.server, h.serverPort, h.client, h.clientPort, kAck, 5001, 1401, 0, 0);   // 15
    craftSegment(s, h.server, h.serverPort, h.client, h.clientPort, kAck, 5001, 1401, 502, 0); // 16
    c.data(Side::Client, 100);                                                    // 17
    c.data(Side::Server, 50);                                                     // 18
    c.fin(Side::Client);                                                          // 19
    c.fin(Side::Server);                                                          // 20
    c.ack(Side::Client);                                                          // 21
}

struct BulkOptions {
    int segments = 400;              // new data segments the client sends
    std::uint32_t mss = 1448;
    double lossRate = 0.01;          // per data segment, sender to receiver
    std::int64_t rttNs = 40'000'000; // round trip time of the path
    double bitsPerSecond = 10e6;     // bottleneck: spacing of back-to-back segments
    std::uint32_t seed = 7;
    bool zeroWindow = true;          // the receiver stops reading once, for 300 ms
    bool timeout = true;             // one retransmission is lost too: a timeout (RTO) recovers it
    std::uint32_t snapLength = 0;    // > 0: keep only the headers (a smaller file; tcp.len is unchanged)
};

// The client (192.0.2.10:41334) uploads to the server (198.51.100.20:80); the capture is taken at the client,
// so lost segments are in it (they were sent) and the server's ACKs arrive one RTT later.
inline void bulkTransfer(CaptureScript& script, const BulkOptions& o = {})
{
    const testkit::ScenarioHosts h = testkit::scenarioHosts(false);
    using namespace tcpflag;
    constexpr std::uint32_t kClientIsn = 100000, kServerIsn = 900000;
    const std::int64_t owd = o.rttNs / 2;
    const std::int64_t gap = static_cast<std::int64_t>(o.mss * 8 / o.bitsPerSecond * 1e9);
    const std::uint16_t fullWindow = 8192; // << 7: 1 MiB
    std::mt19937 rng(o.seed);
    std::uniform_real_distribution<double> uniform(0, 1);

    struct Seg {
        std::int64_t time = 0;
        bool fromClient = true;
        std::uint16_t flags = 0;
        std::uint32_t seq = 0, ack = 0;
        std::uint16_t window = 0;
        std::uint32_t length = 0;
        std::vector<SackBlock> sack;
        bool syn = false;
    };
    std::vector<Seg> out;

    // Events: data arriving at the server, ACKs arriving at the client, the client's timer.
    enum Kind { DataArrives, AckArrives, Timer, ReopenWindow };
    struct Event {
        std::int64_t time;
        int order; // ties: in scheduling order
        Kind kind;
        std::uint32_t seq = 0, len = 0, ack = 0;
        std::uint16_t window = 0;
        std::vector<SackBlock> sack;
        std::uint64_t generation = 0;
        bool operator>(const Event& e) const { return time != e.time ? time > e.time : order > e.order; }
    };
    std::priority_queue<Event, std::vector<Event>, std::greater<Event>> events;
    int order = 0;
    auto schedule = [&](Event e) {
        e.order = order++;
        events.push(std::move(e));
    };

    // Handshake at t = 0.
    std::int64_t now = 0;
    {
        Seg syn{now, true, kSyn, kClientIsn, 0, 64240, 0, {}, true};
        out.push_back(syn);
        Seg synAck{now + o.rttNs, false, kSyn | kAck, kServerIsn, kClientIsn + 1, 65160, 0, {}, true};
        out.push_back(synAck);
        now += o.rttNs;
        out.push_back(Seg{now, true, kAck, kClientIsn + 1, kServerIsn + 1, 2048, 0, {}, false});
    }
    // Sender state (relative numbers from 1).
    const std::uint32_t total = static_cast<std::uint32_t>(o.segments) * o.mss;
    std::uint32_t sndUna = 1, sndNxt = 1;
    double cwnd = 10, ssthresh = 1e9;
    int dupAcks = 0;
    bool recovery = false;
    std::uint32_t recover = 0;
    std::uint64_t rwnd = std::uint64_t{fullWindow} << 7;
    std::uint64_t timerGeneration = 0;
    std::int64_t linkFree = now; // the bottleneck sends one segment per `gap`
    std::set<std::uint32_t> retransmittedOnce;
    bool timeoutArranged = false;
    // Receiver state.
    std::uint32_t rcvNxt = 1;
    std::map<std::uint32_t, std::uint32_t> outOfOrder; // seq -> end
    std::vector<SackBlock> recentSacks;
    bool windowClosed = false, zeroWindowDone = !o.zeroWindow;
    const std::uint32_t zeroWindowAt = total / 2;
    bool finSent = false;
    std::int64_t finTime = -1;

    auto armTimer = [&](std::int64_t at) {
        Event e{at + 200'000'000, 0, Timer, 0, 0, 0, 0, {}, 0};
        e.generation = ++timerGeneration;
        schedule(e);
    };
    auto transmit = [&](std::uint32_t seq, std::uint32_t len, bool isRetransmission) {
        const std::int64_t t = std::max(now, linkFree);
        linkFree = t + gap;
        out.push_back(Seg{t, true, kAck | kPsh, kClientIsn + seq, kServerIsn + 1, 2048, len, {}, false});
        bool lost = uniform(rng) < o.lossRate && seq > 20 * o.mss;
        // The timeout: the first fast retransmission is lost as well.
        if (isRetransmission && o.timeout && !timeoutArranged) {
            timeoutArranged = true;
            lost = true;
        }
        if (isRetransmission && retransmittedOnce.count(seq))
            lost = false;
        if (isRetransmission)
            retransmittedOnce.insert(seq);
        if (!lost) {
            Event e{t + owd, 0, DataArrives, 0, 0, 0, 0, {}, 0};
            e.seq = seq;
            e.len = len;
            schedule(e);
        }
    };
    auto sendNewData = [&]() {
        while (sndNxt < 1 + total) {
            const double inFlight = static_cast<double>(sndNxt - sndUna) / o.mss;
            if (inFlight >= cwnd || sndNxt - sndUna + o.mss > rwnd)
                break;
            const std::uint32_t len = std::min<std::uint32_t>(o.mss, 1 + total - sndNxt);
            const bool wasIdle = sndUna == sndNxt;
            transmit(sndNxt, len, false);
            sndNxt += len;
            if (wasIdle)
                armTimer(now);
        }
        if (sndNxt == 1 + total && sndUna == sndNxt && !finSent) {
            finSent = true;
            finTime = std::max(now, linkFree);
            out.push_back(Seg{finTime, true, kFin | kAck, kClientIsn + sndNxt, kServerIsn + 1, 2048, 0, {},
                              false});
        }
    };
    auto sendAck = [&](std::int64_t t) {
        std::vector<SackBlock> sack;
        for (const SackBlock& b : recentSacks)
            if (b.left > rcvNxt && sack.size() < 3)
                sack.push_back({kClientIsn + b.left, kClientIsn + b.right});
        Event e{t + owd, 0, AckArrives, 0, 0, 0, 0, {}, 0};
        e.ack = rcvNxt;
        e.window = windowClosed ? 0 : fullWindow;
        e.sack = sack;
        schedule(e);
    };

    sendNewData();
    while (!events.empty()) {
        Event e = events.top();
        events.pop();
        now = e.time;
        if (e.kind == DataArrives) {
            if (e.seq == rcvNxt) {
                rcvNxt += e.len;
                while (!outOfOrder.empty() && outOfOrder.begin()->first <= rcvNxt) {
                    rcvNxt = std::max(rcvNxt, outOfOrder.begin()->second);
                    outOfOrder.erase(outOfOrder.begin());
                }
            } else if (e.seq > rcvNxt) {
                outOfOrder[e.seq] = e.seq + e.len;
                // The block holding this segment goes first (RFC 2018).
                std::uint32_t left = e.seq, right = e.seq + e.len;
                for (auto it = outOfOrder.begin(); it != outOfOrder.end(); ++it) {
                    if (it->second == left)
                        left = it->first;
                }
                for (auto it = outOfOrder.find(e.seq); it != outOfOrder.end() && it->first <= right; ++it)
                    right = std::max(right, it->second);
                std::vector<SackBlock> blocks{{left, right}};
                for (const SackBlock& b : recentSacks)
                    if (!(b.left >= left && b.right <= right) && !(b.left <= left && b.right >= right))
                        blocks.push_back(b);
                recentSacks = blocks;
            }
            std::erase_if(recentSacks, [&](const SackBlock& b) { return b.right <= rcvNxt; });
            if (!zeroWindowDone && rcvNxt >= zeroWindowAt && !windowClosed) {
                windowClosed = true;
                Event reopen{now + 300'000'000, 0, ReopenWindow, 0, 0, 0, 0, {}, 0};
                schedule(reopen);
            }
            sendAck(now);
        } else if (e.kind == ReopenWindow) {
            windowClosed = false;
            zeroWindowDone = true;
            sendAck(now); // the window update
        } else if (e.kind == AckArrives) {
            out.push_back(Seg{now, false, kAck, kServerIsn + 1, kClientIsn + e.ack, e.window, 0, e.sack, false});
            rwnd = std::uint64_t{e.window} << 7;
            if (e.ack > sndUna) {
                sndUna = e.ack;
                dupAcks = 0;
                if (recovery) {
                    if (sndUna >= recover) {
                        recovery = false;
                        cwnd = ssthresh;
                    } else {
                        transmit(sndUna, std::min<std::uint32_t>(o.mss, 1 + total - sndUna), true); // partial ACK
                    }
                } else {
                    cwnd += cwnd < ssthresh ? 1.0 : 1.0 / cwnd;
                }
                armTimer(now);
            } else if (e.ack == sndUna && sndUna < sndNxt && !e.sack.empty()) {
                if (++dupAcks == 3 && !recovery) {
                    ssthresh = std::max(cwnd / 2, 2.0);
                    cwnd = ssthresh;
                    recovery = true;
                    recover = sndNxt;
                    transmit(sndUna, std::min<std::uint32_t>(o.mss, 1 + total - sndUna), true);
                }
            }
            sendNewData();
        } else if (e.kind == Timer) {
            if (e.generation != timerGeneration || sndUna >= sndNxt)
                continue;
            if (rwnd == 0) {
                armTimer(now); // persist: wait for the window to open
                continue;
            }
            // Retransmission timeout: back to one segment.
            ssthresh = std::max(cwnd / 2, 2.0);
            cwnd = 1;
            recovery = false;
            dupAcks = 0;
            transmit(sndUna, std::min<std::uint32_t>(o.mss, 1 + total - sndUna), true);
            armTimer(now);
        }
    }
    // The server closes too once it has the client's FIN.
    if (finTime < 0)
        finTime = out.back().time;
    out.push_back(Seg{finTime + o.rttNs, false, kFin | kAck, kServerIsn + 1, kClientIsn + 1 + total + 1, fullWindow, 0, {},
                      false});
    out.push_back(Seg{finTime + o.rttNs, true, kAck, kClientIsn + 1 + total + 1, kServerIsn + 2, 2048, 0, {}, false});

    std::stable_sort(out.begin(), out.end(), [](const Seg& a, const Seg& b) { return a.time < b.time; });
    const Timestamp start = script.now();
    for (const Seg& s : out) {
        Timestamp t = start;
        const std::int64_t ns = static_cast<std::int64_t>(t.nanoseconds) + s.time;
        t.seconds += ns / 1000000000;
        t.nanoseconds = static_cast<std::uint32_t>(ns % 1000000000);
        script.setTime(t);
        Bytes options;
        if (s.syn)
            options = testkit::linuxSynOptions(static_cast<std::uint16_t>(o.mss), 7, 1000, s.fromClient ? 0 : 1000);
        else if (!s.sack.empty()) {
            std::vector<SackBlock> blocks = s.sack;
            options = sackOption(blocks);
        }
        const testkit::Host& src = s.fromClient ? h.client : h.server;
        const testkit::Host& dst = s.fromClient ? h.server : h.client;
        craftSegment(script, src, s.fromClient ? h.clientPort : h.serverPort, dst,
                     s.fromClient ? h.serverPort : h.clientPort, s.flags, s.seq, s.ack, s.window, s.length, options, 0,
                     o.snapLength);
    }
}

} // namespace synscope::test
