// Wireshark's TCP sequence analysis, frame by frame: synthetic scenarios T1-T6 (one or more flags each)
// crafted byte by byte, read back through the real reader and tracker, and compared field by field with
// what tshark 4.0.17 prints for the same capture:
//   tshark -r FILE -T fields -E header=y -e frame.number -e tcp.stream -e tcp.seq -e tcp.ack -e tcp.nxtseq
//     -e tcp.window_size -e tcp.window_size_scalefactor -e tcp.analysis.<flag>... -e tcp.analysis.duplicate_ack_num
// The expected rows below are tshark's output, copied verbatim (scale factor as tshark prints it: the
// multiplier, or -1/-2). The test never runs tshark. To regenerate a capture for tshark, run this test with
// SYNSCOPE_SEQ_DUMP_DIR=/some/dir: every scenario is also written there as <name>.pcap.
// Besides T1-T6, the X-* scenarios cover more of the spec's special cases (§7 and the rest of §10.2 T5).
//
// Hosts: A = 10.0.0.1:40000 (the client), B = 10.0.0.2:80. Raw ISNs are 1000 (A) and 5000 (B) unless stated.
#include "test_support.h"

#include "decode/packet.h"

#include <QtTest>
#include <functional>
#include <memory>

using namespace synscope;
using namespace synscope::testkit;

namespace {

constexpr std::int64_t kMs = 1'000'000;
constexpr std::int64_t kNone = -1'000'000; // the field is absent from tshark's output

constexpr std::uint16_t kF = tcpflag::kFin, kS = tcpflag::kSyn, kR = tcpflag::kRst, kP = tcpflag::kPsh,
                        kA = tcpflag::kAck;

enum Dir { AtoB, BtoA };

// One TCP segment, every header field under the test's control.
struct Seg {
    std::uint32_t seq = 0, ack = 0;
    std::uint16_t flags = 0;
    std::uint16_t window = 0; // 0: 64240 on a SYN, 65160 on a SYN/ACK, 0 on a RST, else 502 (A) / 509 (B)
    std::uint32_t len = 0;    // payload bytes
    Bytes options{};
    int dataOffset = -1;      // 32-bit words, to forge a header length
    bool explicitWindow = false;
    int ipTotalLength = -1;   // to forge the IPv4 total length
    std::uint32_t snap = 0;   // > 0: capture only this many bytes of the frame
};

Bytes wsOption(int shift) { return Bytes{1, 3, 3, static_cast<std::uint8_t>(shift)}; }
// MSS 1460, then NOP + window scale when shift >= 0.
Bytes synOptions(int shift)
{
    Bytes b{2, 4, 0x05, 0xb4};
    if (shift >= 0) {
        const Bytes ws = wsOption(shift);
        b.insert(b.end(), ws.begin(), ws.end());
    }
    return b;
}

// Writes segments between A and B into a CaptureScript. Each send() stamps the current time and then
// moves the clock on by `gap` (1 ms unless told otherwise): `gap` is the time *before the next* frame.
class Wire {
public:
    explicit Wire(CaptureScript& script) : s_(script) {}
    void useIpv6() { v6_ = true; } // 2001:db8::1 and 2001:db8::2 instead

    // The IP packet of a segment, without sending it.
    Bytes packet(Dir d, const Seg& g)
    {
        const bool fromA = d == AtoB;
        const IpAddress src = address(fromA), dst = address(!fromA);
        TcpSpec t;
        t.srcPort = fromA ? 40000 : 80;
        t.dstPort = fromA ? 80 : 40000;
        t.seq = g.seq;
        t.ack = g.ack;
        t.flags = g.flags;
        if (g.window || g.explicitWindow)
            t.window = g.window;
        else if ((g.flags & (kS | kA)) == kS)
            t.window = 64240;
        else if (g.flags & kS)
            t.window = 65160;
        else if (g.flags & kR)
            t.window = 0;
        else
            t.window = fromA ? 502 : 509;
        t.options = g.options;
        t.payload.resize(g.len);
        for (std::uint32_t i = 0; i < g.len; ++i)
            t.payload[i] = static_cast<std::uint8_t>('a' + i % 26);
        t.dataOffsetOverride = g.dataOffset;
        if (v6_)
            return ipv6(src, dst, 6, tcp(src, dst, t));
        Ipv4Options o;
        o.id = id_++;
        o.totalLengthOverride = g.ipTotalLength;
        return ipv4(src, dst, 6, tcp(src, dst, t), o);
    }
    Bytes send(Dir d, Seg g, std::int64_t gap = kMs)
    {
        const Bytes p = packet(d, g);
        s_.add(ethernetIp(mac(d == AtoB ? 1 : 2), mac(d == AtoB ? 2 : 1), p), 0, g.snap);
        s_.advance(gap);
        return p;
    }
    // A window of exactly 0 (Seg::window == 0 means "the default").
    Bytes sendZeroWindow(Dir d, Seg g, std::int64_t gap = kMs)
    {
        g.window = 0;
        g.explicitWindow = true;
        return send(d, g, gap);
    }
    // An ICMPv4 error from B to A quoting `quoted` (an IP packet A sent).
    void icmpFromB(std::uint8_t type, std::uint8_t code, const Bytes& quoted, std::int64_t gap = kMs)
    {
        Ipv4Options o;
        o.id = id_++;
        s_.add(ethernetIp(mac(2), mac(1), ipv4(address(false), address(true), 1, icmpv4(type, code, 0, quoted), o)));
        s_.advance(gap);
    }
    void wait(std::int64_t ns) { s_.advance(ns); }

    // SYN at t, SYN/ACK at t + rtt/2, ACK at t + rtt (so the handshake RTT is `rtt`); -1: no WS option.
    void handshake(int wsA, int wsB, std::int64_t rtt = 2 * kMs)
    {
        send(AtoB, {.seq = 1000, .flags = kS, .options = synOptions(wsA)}, rtt / 2);
        send(BtoA, {.seq = 5000, .ack = 1001, .flags = kS | kA, .options = synOptions(wsB)}, rtt - rtt / 2);
        send(AtoB, {.seq = 1001, .ack = 5001, .flags = kA});
    }

private:
    IpAddress address(bool a) const
    {
        return v6_ ? ip(a ? "2001:db8::1" : "2001:db8::2") : ip(a ? "10.0.0.1" : "10.0.0.2");
    }

    CaptureScript& s_;
    bool v6_ = false;
    std::uint16_t id_ = 1;
};

// One frame as tshark prints it. kNone: the field is absent. factor: tshark's window_size_scalefactor
// (the multiplier, -1 unknown, -2 no scaling). flags: the tcp.analysis.* fields printed with value 1,
// space separated, by their tshark names without the "tcp.analysis." prefix. dup: duplicate_ack_num.
struct Row {
    int frame;
    std::int64_t stream, seq, ack, nxtseq, window, factor;
    const char* flags;
    std::int64_t dup;
};

struct Scenario {
    const char* name;
    std::function<void(Wire&)> build;
    std::vector<Row> rows;
};

// --- T1 window scaling -------------------------------------------------------------------------------

void t1BothScaled(Wire& w)
{
    w.handshake(7, 8);
    w.send(BtoA, {.seq = 5001, .ack = 1001, .flags = kA});          // window update (§7.12)
    w.send(AtoB, {.seq = 1001, .ack = 5001, .flags = kP | kA, .len = 100});
    w.send(BtoA, {.seq = 5001, .ack = 1101, .flags = kA});
}

void t1MissingSyn(Wire& w)
{
    w.send(BtoA, {.seq = 5000, .ack = 1001, .flags = kS | kA, .options = synOptions(8)});
    w.send(AtoB, {.seq = 1001, .ack = 5001, .flags = kA});
    w.send(BtoA, {.seq = 5001, .ack = 1001, .flags = kA});
    w.send(AtoB, {.seq = 1001, .ack = 5001, .flags = kP | kA, .len = 100});
    w.send(BtoA, {.seq = 5001, .ack = 1101, .flags = kA});
}

void t1MissingSynAck(Wire& w)
{
    w.send(AtoB, {.seq = 1000, .flags = kS, .options = synOptions(7)});
    w.send(AtoB, {.seq = 1001, .ack = 5001, .flags = kA});
    w.send(BtoA, {.seq = 5001, .ack = 1001, .flags = kA});
    w.send(AtoB, {.seq = 1001, .ack = 5001, .flags = kP | kA, .len = 100});
    w.send(BtoA, {.seq = 5001, .ack = 1101, .flags = kA});
}

void t1SynWithoutWs(Wire& w)
{
    w.handshake(-1, 8);
    w.send(BtoA, {.seq = 5001, .ack = 1001, .flags = kA});
    w.send(AtoB, {.seq = 1001, .ack = 5001, .flags = kP | kA, .len = 100});
}

void t1SynAckWithoutWs(Wire& w)
{
    w.handshake(7, -1);
    w.send(BtoA, {.seq = 5001, .ack = 1001, .flags = kA});
    w.send(AtoB, {.seq = 1001, .ack = 5001, .flags = kP | kA, .len = 100});
}

void t1Shift20(Wire& w)
{
    w.send(AtoB, {.seq = 1000, .flags = kS, .options = synOptions(20)});
    w.send(BtoA, {.seq = 5000, .ack = 1001, .flags = kS | kA, .options = synOptions(20)});
    w.send(AtoB, {.seq = 1001, .ack = 5001, .flags = kA, .window = 2});
    w.send(BtoA, {.seq = 5001, .ack = 1001, .flags = kA, .window = 3});
}

// A window scale option on a pure ACK (mid-capture) scales that direction's later segments.
void t1WsOnPureAck(Wire& w)
{
    w.send(AtoB, {.seq = 1001, .ack = 5001, .flags = kA, .options = wsOption(3)});
    w.send(BtoA, {.seq = 5001, .ack = 1001, .flags = kA});
    w.send(AtoB, {.seq = 1001, .ack = 5001, .flags = kP | kA, .len = 100});
}

// --- T2 stream numbering and port reuse --------------------------------------------------------------

void t2SynRetransmissionAndNewIsn(Wire& w)
{
    w.send(AtoB, {.seq = 1000, .flags = kS, .options = synOptions(7)}, 1000 * kMs);
    w.send(AtoB, {.seq = 1000, .flags = kS, .options = synOptions(7)}); // same ISN: retransmission
    w.send(BtoA, {.seq = 5000, .ack = 1001, .flags = kS | kA, .options = synOptions(7)});
    w.send(AtoB, {.seq = 1001, .ack = 5001, .flags = kA});
    w.send(AtoB, {.seq = 1001, .ack = 5001, .flags = kP | kA, .len = 100});
    w.send(BtoA, {.seq = 5001, .ack = 1101, .flags = kA});
    w.send(AtoB, {.seq = 1101, .ack = 5001, .flags = kF | kA});
    w.send(BtoA, {.seq = 5001, .ack = 1102, .flags = kF | kA});
    w.send(AtoB, {.seq = 1102, .ack = 5002, .flags = kA});
    // A new ISN after the close: stream 1.
    w.send(AtoB, {.seq = 2000, .flags = kS, .options = synOptions(7)});
    w.send(BtoA, {.seq = 9000, .ack = 2001, .flags = kS | kA, .options = synOptions(7)});
    w.send(AtoB, {.seq = 2001, .ack = 9001, .flags = kA});
    // Yet another ISN without any close: stream 2.
    w.send(AtoB, {.seq = 3000, .flags = kS, .options = synOptions(7)});
}

void t2SynAckWithNewSeq(Wire& w)
{
    w.handshake(7, 7);
    w.send(BtoA, {.seq = 5001, .ack = 1001, .flags = kP | kA, .len = 100});
    w.send(AtoB, {.seq = 1001, .ack = 5101, .flags = kA});
    // A SYN/ACK with another seq and no SYN before it: same stream, the server's base moves.
    w.send(BtoA, {.seq = 7000, .ack = 1001, .flags = kS | kA, .options = synOptions(7)});
    w.send(AtoB, {.seq = 1001, .ack = 7001, .flags = kA});
}

void t2SameIsnAfterRst(Wire& w)
{
    w.handshake(7, 7);
    w.send(AtoB, {.seq = 1001, .ack = 5001, .flags = kP | kA, .len = 100});
    w.send(BtoA, {.seq = 5001, .ack = 1101, .flags = kA});
    w.send(AtoB, {.seq = 1101, .ack = 5001, .flags = kR | kA}, 1000 * kMs);
    w.send(AtoB, {.seq = 1000, .flags = kS, .options = synOptions(7)});
    w.send(BtoA, {.seq = 5000, .ack = 1001, .flags = kS | kA, .options = synOptions(7)});
}

// --- T3 analysis flags (handshake RTT 20 ms, 1000-byte segments) ------------------------------------

void t3LossDupAcksFastSpurious(Wire& w)
{
    w.handshake(7, 7, 20 * kMs);
    w.send(AtoB, {.seq = 1001, .ack = 5001, .flags = kP | kA, .len = 1000});
    w.send(AtoB, {.seq = 3001, .ack = 5001, .flags = kP | kA, .len = 1000}); // 2001..3001 not captured
    w.send(BtoA, {.seq = 5001, .ack = 2001, .flags = kA});
    w.send(BtoA, {.seq = 5001, .ack = 2001, .flags = kA});                   // dup #1
    w.send(BtoA, {.seq = 5001, .ack = 2001, .flags = kA}, 2 * kMs);          // dup #2
    w.send(AtoB, {.seq = 2001, .ack = 5001, .flags = kP | kA, .len = 1000}); // fast retransmission
    w.send(BtoA, {.seq = 5001, .ack = 4001, .flags = kA});
    w.send(AtoB, {.seq = 2001, .ack = 5001, .flags = kP | kA, .len = 1000}); // spurious
}

void t3OutOfOrderAndRetransmission(Wire& w)
{
    w.handshake(7, 7, 20 * kMs);
    w.send(AtoB, {.seq = 1001, .ack = 5001, .flags = kP | kA, .len = 1000});
    w.send(AtoB, {.seq = 3001, .ack = 5001, .flags = kP | kA, .len = 1000});
    w.send(AtoB, {.seq = 2001, .ack = 5001, .flags = kP | kA, .len = 1000}, 500 * kMs); // 1 ms later: OOO
    w.send(AtoB, {.seq = 2001, .ack = 5001, .flags = kP | kA, .len = 1000}); // 0.5 s later: retransmission
    w.send(AtoB, {.seq = 5001, .ack = 5001, .flags = kP | kA, .len = 1000}, 5 * kMs); // another gap
    w.send(AtoB, {.seq = 4001, .ack = 5001, .flags = kP | kA, .len = 1000}); // 5 ms < 20 ms: still OOO
}

void t3KeepAlive(Wire& w)
{
    w.handshake(7, 7, 20 * kMs);
    w.send(AtoB, {.seq = 1001, .ack = 5001, .flags = kP | kA, .len = 1000});
    w.send(BtoA, {.seq = 5001, .ack = 2001, .flags = kA}, 100 * kMs);
    w.send(AtoB, {.seq = 2000, .ack = 5001, .flags = kA});            // 0-byte keep-alive
    w.send(BtoA, {.seq = 5001, .ack = 2001, .flags = kA}, 100 * kMs); // keep-alive ACK, not a dup ack
    w.send(AtoB, {.seq = 2000, .ack = 5001, .flags = kA, .len = 1}); // 1 garbage byte
    w.send(BtoA, {.seq = 5001, .ack = 2001, .flags = kA});
}

void t3ZeroWindowAndWindowFull(Wire& w)
{
    w.handshake(0, 0, 20 * kMs); // scale factor 1 both ways
    w.send(AtoB, {.seq = 1001, .ack = 5001, .flags = kP | kA, .len = 1000});
    w.sendZeroWindow(BtoA, {.seq = 5001, .ack = 2001, .flags = kA}, 100 * kMs);   // zero window
    w.send(AtoB, {.seq = 2001, .ack = 5001, .flags = kP | kA, .len = 1});         // zero-window probe
    w.sendZeroWindow(BtoA, {.seq = 5001, .ack = 2001, .flags = kA}, 200 * kMs);   // its ACK
    w.send(AtoB, {.seq = 2001, .ack = 5001, .flags = kP | kA, .len = 1});         // probe again
    w.sendZeroWindow(BtoA, {.seq = 5001, .ack = 2001, .flags = kA}, 100 * kMs);
    w.send(BtoA, {.seq = 5001, .ack = 2001, .flags = kA, .window = 3000});        // window update
    w.send(AtoB, {.seq = 2001, .ack = 5001, .flags = kP | kA, .len = 1000});
    w.send(AtoB, {.seq = 3001, .ack = 5001, .flags = kP | kA, .len = 1000});
    w.send(AtoB, {.seq = 4001, .ack = 5001, .flags = kP | kA, .len = 1000});      // window full
}

void t3AckedUnseenSegment(Wire& w)
{
    w.handshake(7, 7, 20 * kMs);
    w.send(AtoB, {.seq = 1001, .ack = 5001, .flags = kP | kA, .len = 1000});
    w.send(BtoA, {.seq = 5001, .ack = 3001, .flags = kA}); // acks 1000 bytes never sent
    w.send(BtoA, {.seq = 5001, .ack = 3001, .flags = kA}); // its repeat: dup #1
}

// --- T4 odd packets -----------------------------------------------------------------------------------

void t4MidCapture(Wire& w)
{
    w.send(AtoB, {.seq = 70000, .ack = 90000, .flags = kP | kA, .len = 100});
    w.send(BtoA, {.seq = 90000, .ack = 70100, .flags = kA});
    w.send(AtoB, {.seq = 70200, .ack = 90000, .flags = kP | kA, .len = 100}, 2 * kMs);
    w.send(AtoB, {.seq = 70100, .ack = 90000, .flags = kP | kA, .len = 100}); // 2 ms < 3 ms: OOO
    w.send(AtoB, {.seq = 70400, .ack = 90000, .flags = kP | kA, .len = 100}, 4 * kMs);
    w.send(AtoB, {.seq = 70300, .ack = 90000, .flags = kP | kA, .len = 100}); // 4 ms: retransmission
}

void t4PshAndRstWithoutAck(Wire& w)
{
    w.handshake(7, 7);
    w.send(AtoB, {.seq = 1001, .ack = 12345, .flags = kP, .len = 10});           // ack field 12345, no ACK
    w.send(BtoA, {.seq = 5001, .ack = 1011, .flags = kR | kA, .len = 5});        // garbage lastack: spurious
    w.send(AtoB, {.seq = 1011, .flags = kR});                                     // RST without ACK
}

void t4SynAndFinWithData(Wire& w)
{
    w.send(AtoB, {.seq = 1000, .flags = kS, .len = 10, .options = synOptions(7)});
    w.send(BtoA, {.seq = 5000, .ack = 1011, .flags = kS | kA, .options = synOptions(7)});
    w.send(AtoB, {.seq = 1011, .ack = 5001, .flags = kA});
    w.send(AtoB, {.seq = 1011, .ack = 5001, .flags = kF | kP | kA, .len = 5});
    w.send(BtoA, {.seq = 5001, .ack = 1017, .flags = kF | kA});
    w.send(AtoB, {.seq = 1017, .ack = 5002, .flags = kA});
}

void t4IcmpQuotedSegment(Wire& w)
{
    w.handshake(7, 7);
    const Bytes sent = w.send(AtoB, {.seq = 1001, .ack = 5001, .flags = kP | kA, .len = 100});
    w.icmpFromB(3, 3, sent); // port unreachable quoting the whole segment
    w.send(AtoB, {.seq = 1101, .ack = 5001, .flags = kP | kA, .len = 100});
}

// --- T5 bogus header length ---------------------------------------------------------------------------

void t5BogusHeaderLength(Wire& w)
{
    w.handshake(7, 7, 20 * kMs);
    // Data offset 4 (16 bytes) on a 20-byte header + 100 bytes: Wireshark counts 104 bytes of payload.
    w.send(AtoB, {.seq = 1001, .ack = 5001, .flags = kP | kA, .len = 100, .dataOffset = 4});
    w.send(AtoB, {.seq = 1101, .ack = 5001, .flags = kP | kA, .len = 100}); // before the phantom end: OOO
    w.send(BtoA, {.seq = 5001, .ack = 1201, .flags = kA});
}

// --- T6 the "-1" duplicate-ACK marker ----------------------------------------------------------------

void t6DupAckQuirk(Wire& w)
{
    w.handshake(7, 7);
    w.send(AtoB, {.seq = 1001, .ack = 5001, .flags = kP | kA, .len = 100});
    w.send(BtoA, {.seq = 5001, .ack = 1301, .flags = kA});                   // 200 bytes beyond
    w.send(BtoA, {.seq = 5001, .ack = 1301, .flags = kP | kA, .len = 100});
    w.send(BtoA, {.seq = 5001, .ack = 1301, .flags = kP | kA, .len = 100}); // fast retransmission, no dup acks
}

// --- More of the spec's special cases (§7, §10.2 T5) ---------------------------------------------------

// ICMP errors quoting TCP headers take part in stream numbering and SYN bookkeeping, not in analysis.
void xIcmpQuotedSyns(Wire& w)
{
    w.icmpFromB(3, 1, w.packet(AtoB, {.seq = 1000, .flags = kS, .options = synOptions(-1)})); // no WS
    w.handshake(7, 7);
    w.send(AtoB, {.seq = 1001, .ack = 5001, .flags = kP | kA, .len = 100});
    w.icmpFromB(3, 1, w.packet(AtoB, {.seq = 3000, .flags = kS, .options = synOptions(7)})); // new ISN
    w.send(AtoB, {.seq = 1101, .ack = 5001, .flags = kP | kA, .len = 100});
}

void xSynAckBeforeSyn(Wire& w)
{
    w.send(BtoA, {.seq = 5000, .ack = 1001, .flags = kS | kA, .options = synOptions(7)});
    w.send(AtoB, {.seq = 1000, .flags = kS, .options = synOptions(7)});
    w.send(AtoB, {.seq = 1001, .ack = 5001, .flags = kA});
    w.send(AtoB, {.seq = 1001, .ack = 5001, .flags = kP | kA, .len = 100});
    w.send(BtoA, {.seq = 5001, .ack = 1101, .flags = kA});
}

void xIpLengthShorterThanHeader(Wire& w)
{
    w.handshake(7, 7);
    w.send(AtoB, {.seq = 1001, .ack = 5001, .flags = kA, .ipTotalLength = 20 + 18});
    w.send(AtoB, {.seq = 1001, .ack = 5001, .flags = kP | kA, .len = 100});
}

void xSnapLengthTruncation(Wire& w)
{
    w.handshake(7, 7);
    w.send(AtoB, {.seq = 1001, .ack = 5001, .flags = kP | kA, .len = 1000, .snap = 100}); // payload cut
    w.send(BtoA, {.seq = 5001, .ack = 2001, .flags = kA});
    // Options cut short: tshark prints no analysis for this (spurious) retransmission.
    w.send(AtoB, {.seq = 1001, .ack = 5001, .flags = kP | kA, .len = 1000, .options = timestampOptions(1, 2),
                  .snap = 14 + 20 + 24});
    w.send(AtoB, {.seq = 1001, .ack = 5001, .flags = kP | kA, .len = 1000}, 300 * kMs);
}

void xFinRetransmission(Wire& w)
{
    w.handshake(7, 7);
    w.send(AtoB, {.seq = 1001, .ack = 5001, .flags = kP | kA, .len = 100});
    w.send(AtoB, {.seq = 1101, .ack = 5001, .flags = kF | kA}, 300 * kMs);
    w.send(AtoB, {.seq = 1101, .ack = 5001, .flags = kF | kA}); // seq == nextseq - 1, but a FIN: retransmission
    w.send(BtoA, {.seq = 5001, .ack = 1102, .flags = kF | kA});
    w.send(AtoB, {.seq = 1102, .ack = 5002, .flags = kA});
}

void xRstWindowZeroThenOneByte(Wire& w)
{
    w.handshake(7, 7);
    w.send(BtoA, {.seq = 5001, .ack = 1001, .flags = kR | kA});           // window 0
    w.send(AtoB, {.seq = 1001, .ack = 5001, .flags = kP | kA, .len = 1}); // looks like a zero-window probe
}

void xTimeRunsBackwards(Wire& w)
{
    w.handshake(7, 7, 20 * kMs);
    w.send(AtoB, {.seq = 1001, .ack = 5001, .flags = kP | kA, .len = 1000});
    w.send(AtoB, {.seq = 3001, .ack = 5001, .flags = kP | kA, .len = 1000}, -5 * kMs);
    w.send(AtoB, {.seq = 2001, .ack = 5001, .flags = kP | kA, .len = 1000}); // 4 ms *before*: not out of order
}

void xSequenceWrap(Wire& w)
{
    w.send(AtoB, {.seq = 0xffffff00u, .flags = kS, .options = synOptions(7)});
    w.send(BtoA, {.seq = 0xfffffff0u, .ack = 0xffffff01u, .flags = kS | kA, .options = synOptions(7)});
    w.send(AtoB, {.seq = 0xffffff01u, .ack = 0xfffffff1u, .flags = kA});
    w.send(AtoB, {.seq = 0xffffff01u, .ack = 0xfffffff1u, .flags = kP | kA, .len = 0x200});
    w.send(BtoA, {.seq = 0xfffffff1u, .ack = 0x101u, .flags = kP | kA, .len = 0x20});
    w.send(AtoB, {.seq = 0x101u, .ack = 0x11u, .flags = kA});
    w.send(BtoA, {.seq = 0xfffffff1u, .ack = 0x101u, .flags = kP | kA, .len = 0x20}); // spurious
}

void xIpv6DupAcks(Wire& w)
{
    w.useIpv6();
    w.handshake(7, 7);
    w.send(AtoB, {.seq = 1001, .ack = 5001, .flags = kP | kA, .len = 1000});
    w.send(AtoB, {.seq = 3001, .ack = 5001, .flags = kP | kA, .len = 1000});
    w.send(BtoA, {.seq = 5001, .ack = 2001, .flags = kA});
    w.send(BtoA, {.seq = 5001, .ack = 2001, .flags = kA});
    w.send(BtoA, {.seq = 5001, .ack = 2001, .flags = kA});
    w.send(BtoA, {.seq = 5001, .ack = 2001, .flags = kA});
    w.send(AtoB, {.seq = 2001, .ack = 5001, .flags = kP | kA, .len = 1000});
}

// Mid-capture: the peer's ACK arrives first, so the first data segment is already acknowledged.
void xMidCaptureAckFirst(Wire& w)
{
    w.send(BtoA, {.seq = 90000, .ack = 70100, .flags = kA});
    w.send(AtoB, {.seq = 70000, .ack = 90000, .flags = kP | kA, .len = 100});
    w.send(AtoB, {.seq = 70100, .ack = 90000, .flags = kP | kA, .len = 100});
}

// clang-format off
const std::vector<Scenario>& scenarios()
{
    static const std::vector<Scenario> all{
        {"T1-both-scaled", t1BothScaled, {
            {1, 0, 0, 0, 1, 64240, kNone, "", kNone},
            {2, 0, 0, 1, 1, 65160, kNone, "", kNone},
            {3, 0, 1, 1, 1, 64256, 128, "", kNone},
            {4, 0, 1, 1, 1, 130304, 256, "window_update", kNone},
            {5, 0, 1, 1, 101, 64256, 128, "", kNone},
            {6, 0, 1, 101, 1, 130304, 256, "", kNone},
        }},
        {"T1-missing-syn", t1MissingSyn, {
            {1, 0, 0, 1, 1, 65160, kNone, "", kNone},
            {2, 0, 1, 1, 1, 502, -1, "", kNone},
            {3, 0, 1, 1, 1, 130304, 256, "window_update", kNone},
            {4, 0, 1, 1, 101, 502, -1, "", kNone},
            {5, 0, 1, 101, 1, 130304, 256, "", kNone},
        }},
        {"T1-missing-synack", t1MissingSynAck, {
            {1, 0, 0, 0, 1, 64240, kNone, "", kNone},
            {2, 0, 1, 1, 1, 64256, 128, "", kNone},
            {3, 0, 1, 1, 1, 509, -1, "", kNone},
            {4, 0, 1, 1, 101, 64256, 128, "", kNone},
            {5, 0, 1, 101, 1, 509, -1, "", kNone},
        }},
        {"T1-syn-without-ws", t1SynWithoutWs, {
            {1, 0, 0, 0, 1, 64240, kNone, "", kNone},
            {2, 0, 0, 1, 1, 65160, kNone, "", kNone},
            {3, 0, 1, 1, 1, 502, -2, "", kNone},
            {4, 0, 1, 1, 1, 509, -2, "window_update", kNone},
            {5, 0, 1, 1, 101, 502, -2, "", kNone},
        }},
        {"T1-synack-without-ws", t1SynAckWithoutWs, {
            {1, 0, 0, 0, 1, 64240, kNone, "", kNone},
            {2, 0, 0, 1, 1, 65160, kNone, "", kNone},
            {3, 0, 1, 1, 1, 502, -2, "", kNone},
            {4, 0, 1, 1, 1, 509, -2, "window_update", kNone},
            {5, 0, 1, 1, 101, 502, -2, "", kNone},
        }},
        {"T1-shift-20", t1Shift20, {
            {1, 0, 0, 0, 1, 64240, kNone, "", kNone},
            {2, 0, 0, 1, 1, 65160, kNone, "", kNone},
            {3, 0, 1, 1, 1, 32768, 16384, "", kNone},
            {4, 0, 1, 1, 1, 49152, 16384, "window_update", kNone},
        }},
        {"T1-ws-on-pure-ack", t1WsOnPureAck, {
            {1, 0, 1, 1, 1, 502, -1, "", kNone},
            {2, 0, 1, 1, 1, 509, -1, "", kNone},
            {3, 0, 1, 1, 101, 4016, 8, "", kNone},
        }},
        {"T2-syn-retransmission-and-new-isn", t2SynRetransmissionAndNewIsn, {
            {1, 0, 0, 0, 1, 64240, kNone, "", kNone},
            {2, 0, 0, 0, 1, 64240, kNone, "retransmission", kNone},
            {3, 0, 0, 1, 1, 65160, kNone, "", kNone},
            {4, 0, 1, 1, 1, 64256, 128, "", kNone},
            {5, 0, 1, 1, 101, 64256, 128, "", kNone},
            {6, 0, 1, 101, 1, 65152, 128, "", kNone},
            {7, 0, 101, 1, 102, 64256, 128, "", kNone},
            {8, 0, 1, 102, 2, 65152, 128, "", kNone},
            {9, 0, 102, 2, 102, 64256, 128, "", kNone},
            {10, 1, 0, 0, 1, 64240, kNone, "reused_ports", kNone},
            {11, 1, 0, 1, 1, 65160, kNone, "", kNone},
            {12, 1, 1, 1, 1, 64256, 128, "", kNone},
            {13, 2, 0, 0, 1, 64240, kNone, "reused_ports", kNone},
        }},
        {"T2-synack-with-new-seq", t2SynAckWithNewSeq, {
            {1, 0, 0, 0, 1, 64240, kNone, "", kNone},
            {2, 0, 0, 1, 1, 65160, kNone, "", kNone},
            {3, 0, 1, 1, 1, 64256, 128, "", kNone},
            {4, 0, 1, 1, 101, 65152, 128, "", kNone},
            {5, 0, 1, 101, 1, 64256, 128, "", kNone},
            {6, 0, 0, 1, 1, 65160, kNone, "lost_segment reused_ports", kNone},
            {7, 0, 1, 1, 1, 64256, 128, "ack_lost_segment", kNone},
        }},
        {"T2-same-isn-after-rst", t2SameIsnAfterRst, {
            {1, 0, 0, 0, 1, 64240, kNone, "", kNone},
            {2, 0, 0, 1, 1, 65160, kNone, "", kNone},
            {3, 0, 1, 1, 1, 64256, 128, "", kNone},
            {4, 0, 1, 1, 101, 64256, 128, "", kNone},
            {5, 0, 1, 101, 1, 65152, 128, "", kNone},
            {6, 0, 101, 1, 101, 0, 128, "", kNone},
            {7, 0, 0, 0, 1, 64240, kNone, "retransmission", kNone},
            {8, 0, 0, 1, 1, 65160, kNone, "retransmission", kNone},
        }},
        {"T3-loss-dupacks-fast-spurious", t3LossDupAcksFastSpurious, {
            {1, 0, 0, 0, 1, 64240, kNone, "", kNone},
            {2, 0, 0, 1, 1, 65160, kNone, "", kNone},
            {3, 0, 1, 1, 1, 64256, 128, "", kNone},
            {4, 0, 1, 1, 1001, 64256, 128, "", kNone},
            {5, 0, 2001, 1, 3001, 64256, 128, "lost_segment", kNone},
            {6, 0, 1, 1001, 1, 65152, 128, "", kNone},
            {7, 0, 1, 1001, 1, 65152, 128, "", 1},
            {8, 0, 1, 1001, 1, 65152, 128, "", 2},
            {9, 0, 1001, 1, 2001, 64256, 128, "retransmission fast_retransmission", kNone},
            {10, 0, 1, 3001, 1, 65152, 128, "", kNone},
            {11, 0, 1001, 1, 2001, 64256, 128, "retransmission spurious_retransmission", kNone},
        }},
        {"T3-out-of-order-and-retransmission", t3OutOfOrderAndRetransmission, {
            {1, 0, 0, 0, 1, 64240, kNone, "", kNone},
            {2, 0, 0, 1, 1, 65160, kNone, "", kNone},
            {3, 0, 1, 1, 1, 64256, 128, "", kNone},
            {4, 0, 1, 1, 1001, 64256, 128, "", kNone},
            {5, 0, 2001, 1, 3001, 64256, 128, "lost_segment", kNone},
            {6, 0, 1001, 1, 2001, 64256, 128, "out_of_order", kNone},
            {7, 0, 1001, 1, 2001, 64256, 128, "retransmission", kNone},
            {8, 0, 4001, 1, 5001, 64256, 128, "lost_segment", kNone},
            {9, 0, 3001, 1, 4001, 64256, 128, "out_of_order", kNone},
        }},
        {"T3-keep-alive", t3KeepAlive, {
            {1, 0, 0, 0, 1, 64240, kNone, "", kNone},
            {2, 0, 0, 1, 1, 65160, kNone, "", kNone},
            {3, 0, 1, 1, 1, 64256, 128, "", kNone},
            {4, 0, 1, 1, 1001, 64256, 128, "", kNone},
            {5, 0, 1, 1001, 1, 65152, 128, "", kNone},
            {6, 0, 1000, 1, 1000, 64256, 128, "keep_alive", kNone},
            {7, 0, 1, 1001, 1, 65152, 128, "keep_alive_ack", kNone},
            {8, 0, 1000, 1, 1001, 64256, 128, "keep_alive", kNone},
            {9, 0, 1, 1001, 1, 65152, 128, "keep_alive_ack", kNone},
        }},
        {"T3-zero-window-and-window-full", t3ZeroWindowAndWindowFull, {
            {1, 0, 0, 0, 1, 64240, kNone, "", kNone},
            {2, 0, 0, 1, 1, 65160, kNone, "", kNone},
            {3, 0, 1, 1, 1, 502, 1, "", kNone},
            {4, 0, 1, 1, 1001, 502, 1, "", kNone},
            {5, 0, 1, 1001, 1, 0, 1, "zero_window", kNone},
            {6, 0, 1001, 1, 1002, 502, 1, "zero_window_probe", kNone},
            {7, 0, 1, 1001, 1, 0, 1, "zero_window zero_window_probe_ack", kNone},
            {8, 0, 1001, 1, 1002, 502, 1, "zero_window_probe", kNone},
            {9, 0, 1, 1001, 1, 0, 1, "zero_window zero_window_probe_ack", kNone},
            {10, 0, 1, 1001, 1, 3000, 1, "window_update", kNone},
            {11, 0, 1001, 1, 2001, 502, 1, "", kNone},
            {12, 0, 2001, 1, 3001, 502, 1, "", kNone},
            {13, 0, 3001, 1, 4001, 502, 1, "window_full", kNone},
        }},
        {"T3-acked-unseen-segment", t3AckedUnseenSegment, {
            {1, 0, 0, 0, 1, 64240, kNone, "", kNone},
            {2, 0, 0, 1, 1, 65160, kNone, "", kNone},
            {3, 0, 1, 1, 1, 64256, 128, "", kNone},
            {4, 0, 1, 1, 1001, 64256, 128, "", kNone},
            {5, 0, 1, 2001, 1, 65152, 128, "ack_lost_segment", kNone},
            {6, 0, 1, 2001, 1, 65152, 128, "", 1},
        }},
        {"T4-mid-capture", t4MidCapture, {
            {1, 0, 1, 1, 101, 502, -1, "", kNone},
            {2, 0, 1, 101, 1, 509, -1, "", kNone},
            {3, 0, 201, 1, 301, 502, -1, "lost_segment", kNone},
            {4, 0, 101, 1, 201, 502, -1, "out_of_order", kNone},
            {5, 0, 401, 1, 501, 502, -1, "lost_segment", kNone},
            {6, 0, 301, 1, 401, 502, -1, "retransmission", kNone},
        }},
        {"T4-psh-and-rst-without-ack", t4PshAndRstWithoutAck, {
            {1, 0, 0, 0, 1, 64240, kNone, "", kNone},
            {2, 0, 0, 1, 1, 65160, kNone, "", kNone},
            {3, 0, 1, 1, 1, 64256, 128, "", kNone},
            {4, 0, 1, 12345, 11, 64256, 128, "", kNone},
            {5, 0, 1, 11, 6, 0, 128, "retransmission spurious_retransmission", kNone},
            {6, 0, 11, 0, 11, 0, 128, "", kNone},
        }},
        {"T4-syn-and-fin-with-data", t4SynAndFinWithData, {
            {1, 0, 0, 0, 11, 64240, kNone, "", kNone},
            {2, 0, 0, 11, 1, 65160, kNone, "", kNone},
            {3, 0, 11, 1, 11, 64256, 128, "", kNone},
            {4, 0, 11, 1, 17, 64256, 128, "", kNone},
            {5, 0, 1, 17, 2, 65152, 128, "", kNone},
            {6, 0, 17, 2, 17, 64256, 128, "", kNone},
        }},
        {"T4-icmp-quoted-segment", t4IcmpQuotedSegment, {
            {1, 0, 0, 0, 1, 64240, kNone, "", kNone},
            {2, 0, 0, 1, 1, 65160, kNone, "", kNone},
            {3, 0, 1, 1, 1, 64256, 128, "", kNone},
            {4, 0, 1, 1, 101, 64256, 128, "", kNone},
            {5, 0, 1001, 5001, kNone, 502, 128, "", kNone},
            {6, 0, 101, 1, 201, 64256, 128, "", kNone},
        }},
        {"T5-bogus-header-length", t5BogusHeaderLength, {
            {1, 0, 0, 0, 1, 64240, kNone, "", kNone},
            {2, 0, 0, 1, 1, 65160, kNone, "", kNone},
            {3, 0, 1, 1, 1, 64256, 128, "", kNone},
            {4, 0, 1, kNone, kNone, kNone, kNone, "", kNone},
            {5, 0, 101, 1, 201, 64256, 128, "out_of_order", kNone},
            {6, 0, 1, 201, 1, 65152, 128, "ack_lost_segment", kNone},
        }},
        {"T6-dup-ack-quirk", t6DupAckQuirk, {
            {1, 0, 0, 0, 1, 64240, kNone, "", kNone},
            {2, 0, 0, 1, 1, 65160, kNone, "", kNone},
            {3, 0, 1, 1, 1, 64256, 128, "", kNone},
            {4, 0, 1, 1, 101, 64256, 128, "", kNone},
            {5, 0, 1, 301, 1, 65152, 128, "ack_lost_segment", kNone},
            {6, 0, 1, 301, 101, 65152, 128, "", kNone},
            {7, 0, 1, 301, 101, 65152, 128, "retransmission fast_retransmission", kNone},
        }},
        {"X-icmp-quoted-syns", xIcmpQuotedSyns, {
            {1, 0, 1000, 0, kNone, 64240, kNone, "", kNone},
            {2, 0, 0, 0, 1, 64240, kNone, "", kNone},
            {3, 0, 0, 1, 1, 65160, kNone, "", kNone},
            {4, 0, 1, 1, 1, 64256, 128, "", kNone},
            {5, 0, 1, 1, 101, 64256, 128, "", kNone},
            {6, 1, 3000, 0, kNone, 64240, kNone, "reused_ports", kNone},
            {7, 1, 1, 1, 101, 64256, 128, "", kNone},
        }},
        {"X-synack-before-syn", xSynAckBeforeSyn, {
            {1, 0, 0, 1, 1, 65160, kNone, "", kNone},
            {2, 0, 0, 0, 1, 64240, kNone, "", kNone},
            {3, 0, 1, 1, 1, 64256, 128, "", kNone},
            {4, 0, 1, 1, 101, 64256, 128, "", kNone},
            {5, 0, 1, 101, 1, 65152, 128, "", kNone},
        }},
        {"X-ip-length-shorter-than-header", xIpLengthShorterThanHeader, {
            {1, 0, 0, 0, 1, 64240, kNone, "", kNone},
            {2, 0, 0, 1, 1, 65160, kNone, "", kNone},
            {3, 0, 1, 1, 1, 64256, 128, "", kNone},
            {4, 0, 1001, 5001, kNone, 502, 128, "", kNone},
            {5, 0, 1, 1, 101, 64256, 128, "", kNone},
        }},
        {"X-snap-length-truncation", xSnapLengthTruncation, {
            {1, 0, 0, 0, 1, 64240, kNone, "", kNone},
            {2, 0, 0, 1, 1, 65160, kNone, "", kNone},
            {3, 0, 1, 1, 1, 64256, 128, "", kNone},
            {4, 0, 1, 1, 1001, 64256, 128, "", kNone},
            {5, 0, 1, 1001, 1, 65152, 128, "", kNone},
            {6, 0, 1, 1, 1001, 64256, 128, "", kNone},
            {7, 0, 1, 1, 1001, 64256, 128, "retransmission spurious_retransmission", kNone},
        }},
        {"X-fin-retransmission", xFinRetransmission, {
            {1, 0, 0, 0, 1, 64240, kNone, "", kNone},
            {2, 0, 0, 1, 1, 65160, kNone, "", kNone},
            {3, 0, 1, 1, 1, 64256, 128, "", kNone},
            {4, 0, 1, 1, 101, 64256, 128, "", kNone},
            {5, 0, 101, 1, 102, 64256, 128, "", kNone},
            {6, 0, 101, 1, 102, 64256, 128, "retransmission", kNone},
            {7, 0, 1, 102, 2, 65152, 128, "", kNone},
            {8, 0, 102, 2, 102, 64256, 128, "", kNone},
        }},
        {"X-rst-window-zero-then-one-byte", xRstWindowZeroThenOneByte, {
            {1, 0, 0, 0, 1, 64240, kNone, "", kNone},
            {2, 0, 0, 1, 1, 65160, kNone, "", kNone},
            {3, 0, 1, 1, 1, 64256, 128, "", kNone},
            {4, 0, 1, 1, 1, 0, 128, "", kNone},
            {5, 0, 1, 1, 2, 64256, 128, "zero_window_probe", kNone},
        }},
        {"X-time-runs-backwards", xTimeRunsBackwards, {
            {1, 0, 0, 0, 1, 64240, kNone, "", kNone},
            {2, 0, 0, 1, 1, 65160, kNone, "", kNone},
            {3, 0, 1, 1, 1, 64256, 128, "", kNone},
            {4, 0, 1, 1, 1001, 64256, 128, "", kNone},
            {5, 0, 2001, 1, 3001, 64256, 128, "lost_segment", kNone},
            {6, 0, 1001, 1, 2001, 64256, 128, "retransmission", kNone},
        }},
        {"X-sequence-wrap", xSequenceWrap, {
            {1, 0, 0, 0, 1, 64240, kNone, "", kNone},
            {2, 0, 0, 1, 1, 65160, kNone, "", kNone},
            {3, 0, 1, 1, 1, 64256, 128, "", kNone},
            {4, 0, 1, 1, 513, 64256, 128, "", kNone},
            {5, 0, 1, 513, 33, 65152, 128, "", kNone},
            {6, 0, 513, 33, 513, 64256, 128, "", kNone},
            {7, 0, 1, 513, 33, 65152, 128, "retransmission spurious_retransmission", kNone},
        }},
        {"X-ipv6-dup-acks", xIpv6DupAcks, {
            {1, 0, 0, 0, 1, 64240, kNone, "", kNone},
            {2, 0, 0, 1, 1, 65160, kNone, "", kNone},
            {3, 0, 1, 1, 1, 64256, 128, "", kNone},
            {4, 0, 1, 1, 1001, 64256, 128, "", kNone},
            {5, 0, 2001, 1, 3001, 64256, 128, "lost_segment", kNone},
            {6, 0, 1, 1001, 1, 65152, 128, "", kNone},
            {7, 0, 1, 1001, 1, 65152, 128, "", 1},
            {8, 0, 1, 1001, 1, 65152, 128, "", 2},
            {9, 0, 1, 1001, 1, 65152, 128, "", 3},
            {10, 0, 1001, 1, 2001, 64256, 128, "retransmission fast_retransmission", kNone},
        }},
        {"X-mid-capture-ack-first", xMidCaptureAckFirst, {
            {1, 0, 1, 1, 1, 509, -1, "", kNone},
            {2, 0, 4294967197, 1, 1, 502, -1, "retransmission spurious_retransmission", kNone},
            {3, 0, 1, 1, 101, 502, -1, "", kNone},
        }},
    };
    return all;
}
// clang-format on

std::uint32_t flagBit(const QString& name)
{
    for (std::uint32_t i = 0; i < tcpanalysis::kCount; ++i)
        if (name == QString(tcpanalysis::fieldName(i)).remove("tcp.analysis."))
            return 1u << i;
    throw std::runtime_error("unknown flag " + name.toStdString());
}

QString flagNames(std::uint32_t flags)
{
    QStringList out;
    for (std::uint32_t i = 0; i < tcpanalysis::kCount; ++i)
        if (flags & (1u << i))
            out << QString(tcpanalysis::fieldName(i)).remove("tcp.analysis.");
    return "{" + out.join(' ') + "}";
}

// tshark's window_size_scalefactor (multiplier, -1, -2) as SynScope's shift.
int shiftOf(std::int64_t factor)
{
    if (factor < 0)
        return static_cast<int>(factor);
    int shift = 0;
    while ((std::int64_t{1} << shift) < factor)
        ++shift;
    return shift;
}

QString number(std::int64_t v) { return v == kNone ? QStringLiteral("absent") : QString::number(v); }

// Every difference between SynScope and tshark's row for one frame.
QStringList compareFrame(const PacketStore& store, std::size_t i, const Row& row)
{
    QStringList out;
    auto differ = [&](const char* field, const QString& expected, const QString& actual) {
        out << QString("frame %1 %2: tshark %3, SynScope %4").arg(row.frame).arg(field, expected, actual);
    };
    const TcpPacketRecord& record = store.tcpRecord(i);
    if (row.stream == kNone) {
        if (record.hasWiresharkStream())
            differ("tcp.stream", "absent", QString::number(record.stream));
        return out;
    }
    if (!record.hasWiresharkStream()) {
        differ("tcp.stream", QString::number(row.stream), "absent");
        return out;
    }
    auto packet = std::make_unique<Packet>();
    store.decode(i, *packet);
    const Layer* layer = packet->find(Proto::Tcp);
    if (!layer) {
        differ("decoded TCP layer", "present", "absent");
        return out;
    }
    const TcpSegmentFacts f = segmentFacts(record, packet->tcp[layer->info]);
    auto check = [&](const char* field, std::int64_t expected, bool present, std::int64_t actual) {
        if (expected == kNone ? present : (!present || expected != actual))
            differ(field, number(expected), present ? QString::number(actual) : QStringLiteral("absent"));
    };
    check("tcp.stream", row.stream, true, f.stream);
    check("tcp.seq", row.seq, true, f.relativeSeq);
    // With a bogus header length (< 20) tshark stops after tcp.seq: no ack, nxtseq, window, factor.
    const bool bogus = f.bogusHeaderLength;
    if (bogus != (row.ack == kNone))
        differ("bogus header length (tcp.ack absent)", row.ack == kNone ? "yes" : "no", bogus ? "yes" : "no");
    if (!bogus) {
        check("tcp.ack", row.ack, true, f.relativeAck);
        check("tcp.window_size", row.window, true, static_cast<std::int64_t>(f.windowSize));
        if (row.factor == kNone ? f.hasWindowScaleField
                                : (!f.hasWindowScaleField || shiftOf(row.factor) != f.windowScale))
            differ("tcp.window_size_scalefactor (as shift)",
                   row.factor == kNone ? "absent" : QString::number(shiftOf(row.factor)),
                   f.hasWindowScaleField ? QString::number(f.windowScale) : "absent");
    }
    check("tcp.nxtseq", row.nxtseq, f.hasNextSeq, f.nextSeq);
    std::uint32_t expectedFlags = 0;
    for (const QString& name : QString(row.flags).split(' ', Qt::SkipEmptyParts))
        expectedFlags |= flagBit(name);
    if (row.dup != kNone)
        expectedFlags |= tcpanalysis::kDuplicateAck;
    if (expectedFlags != f.flags)
        differ("tcp.analysis flags", flagNames(expectedFlags), flagNames(f.flags));
    const std::int64_t dup = row.dup == kNone ? 0 : row.dup;
    if (dup != f.duplicateAckNum)
        differ("tcp.analysis.duplicate_ack_num", number(row.dup), QString::number(f.duplicateAckNum));
    return out;
}

} // namespace

class TestTcpSequenceAnalysis : public QObject {
    Q_OBJECT

private slots:
    void scenario_data()
    {
        QTest::addColumn<int>("index");
        for (std::size_t i = 0; i < scenarios().size(); ++i)
            QTest::newRow(scenarios()[i].name) << static_cast<int>(i);
    }

    void scenario()
    {
        QFETCH(int, index);
        const Scenario& sc = scenarios()[static_cast<std::size_t>(index)];
        CaptureScript script;
        Wire wire(script);
        sc.build(wire);
        const QByteArray dump = qgetenv("SYNSCOPE_SEQ_DUMP_DIR");
        if (!dump.isEmpty())
            script.writeTemp(dump.toStdString(), std::string(sc.name) + ".pcap", CaptureFileFormat::Pcap);
        const auto capture = test::load(script);
        QCOMPARE(capture->status, CaptureReader::Status::End);
        QCOMPARE(capture->store->size(), sc.rows.size());
        QStringList differences;
        for (std::size_t i = 0; i < sc.rows.size(); ++i) {
            QCOMPARE(static_cast<std::size_t>(sc.rows[i].frame), i + 1);
            differences << compareFrame(*capture->store, i, sc.rows[i]);
        }
        QVERIFY2(differences.isEmpty(), qPrintable("\n  " + differences.join("\n  ")));
    }
};

QTEST_GUILESS_MAIN(TestTcpSequenceAnalysis)
#include "test_tcp_sequence_analysis.moc"
