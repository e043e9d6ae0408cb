// decodePacket() on frames built byte by byte by the packet crafter: every link type, every protocol,
// exact header values, malformed and truncated headers, checksums, and random input that must not crash.
#include "decode/decoder.h"
#include "packet_crafter.h"

#include <QtTest>
#include <functional>
#include <random>

using namespace synscope;
using namespace synscope::testkit;

using Check = std::function<void(const Packet&)>;
using TcpCheck = std::function<void(const TcpInfo&)>;
Q_DECLARE_METATYPE(Check)
Q_DECLARE_METATYPE(TcpCheck)
Q_DECLARE_METATYPE(synscope::testkit::Bytes)

namespace {

// Link types (LINKTYPE_*).
constexpr std::uint32_t kLtNull = 0, kLtEthernet = 1, kLtRaw12 = 12, kLtRaw14 = 14, kLtRaw = 101, kLtLoop = 108,
                        kLtSll = 113, kLtIpv4 = 228, kLtIpv6 = 229, kLtSll2 = 276;

MacAddress macA() { return mac(0x0a); }
MacAddress macB() { return mac(0x0b); }
IpAddress v4A() { return ip("192.0.2.10"); }
IpAddress v4B() { return ip("198.51.100.20"); }
IpAddress v6A() { return ip("2001:db8::10"); }
IpAddress v6B() { return ip("2001:db8:1::20"); }

QString qs(const std::string& s) { return QString::fromStdString(s); }

Packet decode(const Bytes& frame, std::uint32_t linkType, std::uint32_t originalLength = 0,
              const DecodeOptions& options = {})
{
    Packet p;
    decodePacket(frame, linkType, originalLength ? originalLength : static_cast<std::uint32_t>(frame.size()), p,
                 options);
    return p;
}

// The first `n` bytes of `frame`, as a capture with a snapshot length of n keeps them.
Bytes cut(const Bytes& frame, std::size_t n) { return Bytes(frame.begin(), frame.begin() + static_cast<long>(n)); }

// "eth ip icmp ip@1 tcp@1": the layer stack, with the depth of quoted layers.
QString layerList(const Packet& p)
{
    QStringList out;
    for (const Layer& l : p.layers) {
        QString s = l.proto == Proto::LinuxSll2 ? QString("sll2") : QString(protoAbbrev(l.proto));
        if (l.depth)
            s += QString("@%1").arg(l.depth);
        out << s;
    }
    return out.join(' ');
}

const Layer* layerAt(const Packet& p, Proto proto, std::uint8_t depth = 0)
{
    for (const Layer& l : p.layers)
        if (l.proto == proto && l.depth == depth)
            return &l;
    return nullptr;
}

std::uint16_t be16(const Bytes& b, std::size_t at) { return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]); }

void put32(Bytes& b, std::uint32_t v)
{
    for (int i = 3; i >= 0; --i)
        b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

Bytes operator+(Bytes a, const Bytes& b)
{
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

// Recomputes the IPv4 header checksum of the header at `at` (after a test edited the header).
void fixIpv4Checksum(Bytes& b, std::size_t at)
{
    const std::size_t hl = (b[at] & 0x0f) * 4u;
    b[at + 10] = b[at + 11] = 0;
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i < hl; i += 2)
        sum += be16(b, at + i);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    const std::uint16_t c = static_cast<std::uint16_t>(~sum);
    b[at + 10] = static_cast<std::uint8_t>(c >> 8);
    b[at + 11] = static_cast<std::uint8_t>(c);
}

TcpSpec synSpec()
{
    TcpSpec s;
    s.srcPort = 41334;
    s.dstPort = 80;
    s.seq = 0x11223344;
    s.flags = tcpflag::kSyn;
    s.window = 64240;
    s.options = linuxSynOptions(1460, 7, 1000, 0);
    return s;
}

TcpSpec dataSpec(std::size_t payloadBytes = 100)
{
    TcpSpec s;
    s.srcPort = 41334;
    s.dstPort = 80;
    s.seq = 1000;
    s.ack = 2000;
    s.flags = tcpflag::kAck | tcpflag::kPsh;
    s.window = 502;
    s.options = timestampOptions(7, 8);
    for (std::size_t i = 0; i < payloadBytes; ++i)
        s.payload.push_back(static_cast<std::uint8_t>('a' + i % 26));
    return s;
}

Bytes tcpV4(const TcpSpec& s, const Ipv4Options& o = {}) { return ipv4(v4A(), v4B(), 6, tcp(v4A(), v4B(), s), o); }
Bytes tcpV6(const TcpSpec& s) { return ipv6(v6A(), v6B(), 6, tcp(v6A(), v6B(), s)); }
Bytes udpV4(std::uint16_t sp, std::uint16_t dp, const Bytes& payload, bool zeroChecksum = false)
{
    return ipv4(v4A(), v4B(), 17, udp(v4A(), v4B(), sp, dp, payload, zeroChecksum));
}
Bytes udpV6(std::uint16_t sp, std::uint16_t dp, const Bytes& payload, bool zeroChecksum = false)
{
    return ipv6(v6A(), v6B(), 17, udp(v6A(), v6B(), sp, dp, payload, zeroChecksum));
}
Bytes eth(const Bytes& ipPacket) { return ethernetIp(macA(), macB(), ipPacket); }

// Checks of the TCP/UDP layer that follows the link header, for the link-type rows.
void expectSynV4(const Packet& p)
{
    QCOMPARE(p.ipv4.size(), std::size_t{1});
    QCOMPARE(qs(p.ipv4[0].src.toString()), QString("192.0.2.10"));
    QCOMPARE(qs(p.ipv4[0].dst.toString()), QString("198.51.100.20"));
    QCOMPARE(p.tcp.size(), std::size_t{1});
    QCOMPARE(p.tcp[0].srcPort, std::uint16_t{41334});
    QCOMPARE(p.tcp[0].dstPort, std::uint16_t{80});
    QCOMPARE(p.tcp[0].seq, 0x11223344u);
    QCOMPARE(p.tcp[0].checksumStatus, ChecksumStatus::Good);
    QCOMPARE(p.ipv4[0].checksumStatus, ChecksumStatus::Good);
}

void expectUdpV6(const Packet& p)
{
    QCOMPARE(p.ipv6.size(), std::size_t{1});
    QCOMPARE(qs(p.ipv6[0].src.toString()), QString("2001:db8::10"));
    QCOMPARE(qs(p.ipv6[0].dst.toString()), QString("2001:db8:1::20"));
    QCOMPARE(p.udp.size(), std::size_t{1});
    QCOMPARE(p.udp[0].srcPort, std::uint16_t{5000});
    QCOMPARE(p.udp[0].dstPort, std::uint16_t{6000});
    QCOMPARE(p.udp[0].length, std::uint16_t{8 + 5});
    QCOMPARE(p.udp[0].checksumStatus, ChecksumStatus::Good);
}

Bytes hello() { return bytesOf("hello"); }

// A DNS response for www.example.com: CNAME cdn.example.com, then A 192.0.2.53 for that name.
Bytes dnsCnameResponse()
{
    Bytes b{0x01, 0x02, 0x81, 0x80, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00};
    // Question at 12: www(12) example(16) com(24) root(28), type A, class IN.
    const Bytes q{3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0x00, 0x01, 0x00, 0x01};
    b = b + q;
    // Answer 1 at 33: name -> 12, CNAME, IN, TTL 60, rdata "cdn" + pointer to 16 (at 45).
    b = b + Bytes{0xc0, 0x0c, 0x00, 0x05, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x06, 3, 'c', 'd', 'n', 0xc0, 0x10};
    // Answer 2: name -> 45 (cdn.example.com), A, IN, TTL 30, 192.0.2.53.
    b = b + Bytes{0xc0, 0x2d, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x1e, 0x00, 0x04, 192, 0, 2, 53};
    return b;
}

Bytes withLengthPrefix(const Bytes& dns)
{
    return Bytes{static_cast<std::uint8_t>(dns.size() >> 8), static_cast<std::uint8_t>(dns.size())} + dns;
}

QString optionList(const TcpInfo& t)
{
    QStringList out;
    for (const TcpOption& o : t.options)
        out << QString("%1:%2@%3").arg(o.kind).arg(o.length).arg(o.offset);
    return out.join(' ');
}

} // namespace

class TestDecoders : public QObject {
    Q_OBJECT

private slots:
    // ---------------------------------------------------------------- link layers
    void linkLayers_data()
    {
        QTest::addColumn<Bytes>("frame");
        QTest::addColumn<uint>("linkType");
        QTest::addColumn<QString>("layers");
        QTest::addColumn<uint>("networkOffset");
        QTest::addColumn<Check>("check");

        const Bytes syn4 = tcpV4(synSpec());
        const Bytes udp6 = udpV6(5000, 6000, hello());

        QTest::newRow("Ethernet II") << eth(syn4) << uint(kLtEthernet) << "eth ip tcp" << 14u << Check([](const Packet& p) {
            QCOMPARE(p.ethernet.size(), std::size_t{1});
            QCOMPARE(qs(p.ethernet[0].dst.toString()), QString("02:00:00:00:00:0b"));
            QCOMPARE(qs(p.ethernet[0].src.toString()), QString("02:00:00:00:00:0a"));
            QCOMPARE(p.ethernet[0].typeOrLength, std::uint16_t{0x0800});
            expectSynV4(p);
        });
        QTest::newRow("Ethernet II, IPv6") << eth(udp6) << uint(kLtEthernet) << "eth ipv6 udp data" << 14u
                                           << Check([](const Packet& p) {
                                                  QCOMPARE(p.ethernet[0].typeOrLength, std::uint16_t{0x86dd});
                                                  expectUdpV6(p);
                                              });
        {
            const Bytes snap = Bytes{0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x08, 0x00} + syn4;
            QTest::newRow("802.3 length frame, LLC/SNAP IPv4")
                << ethernet(macA(), macB(), static_cast<std::uint16_t>(snap.size()), snap) << uint(kLtEthernet)
                << "eth llc ip tcp" << 22u << Check([n = snap.size()](const Packet& p) {
                       QCOMPARE(p.ethernet[0].typeOrLength, std::uint16_t(n));
                       QCOMPARE(p.llc.size(), std::size_t{1});
                       QCOMPARE(p.llc[0].dsap, std::uint8_t{0xaa});
                       QCOMPARE(p.llc[0].ssap, std::uint8_t{0xaa});
                       QCOMPARE(p.llc[0].control, std::uint8_t{0x03});
                       QVERIFY(p.llc[0].snap);
                       QCOMPARE(p.llc[0].oui, 0u);
                       QCOMPARE(p.llc[0].pid, std::uint16_t{0x0800});
                       QCOMPARE(layerAt(p, Proto::Llc)->offset, 14u);
                       QCOMPARE(layerAt(p, Proto::Llc)->length, 8u);
                       expectSynV4(p);
                   });
        }
        {
            // Spanning tree: LLC 42/42/03 and a 35-byte BPDU; the frame is padded to 60 bytes.
            const Bytes stp = Bytes{0x42, 0x42, 0x03} + Bytes(35, 0x00);
            QTest::newRow("802.3 length frame, LLC (STP)")
                << ethernet(macA(), mac(0x01), 38, stp) << uint(kLtEthernet) << "eth llc data" << 0u
                << Check([](const Packet& p) {
                       QCOMPARE(p.ethernet[0].typeOrLength, std::uint16_t{38});
                       QCOMPARE(p.llc[0].dsap, std::uint8_t{0x42});
                       QCOMPARE(p.llc[0].ssap, std::uint8_t{0x42});
                       QVERIFY(!p.llc[0].snap);
                       QCOMPARE(layerAt(p, Proto::Llc)->length, 3u);
                       // The 8 padding bytes after the 38 announced bytes are not data.
                       QCOMPARE(layerAt(p, Proto::Data)->offset, 17u);
                       QCOMPARE(layerAt(p, Proto::Data)->length, 35u);
                   });
        }
        QTest::newRow("802.1Q") << ethernetTagged(macA(), macB(), {{0x8100, (5 << 13) | 0x1000 | 100}}, 0x0800, syn4)
                                << uint(kLtEthernet) << "eth vlan ip tcp" << 18u << Check([](const Packet& p) {
                                       QCOMPARE(p.ethernet[0].typeOrLength, std::uint16_t{0x8100});
                                       QCOMPARE(p.vlan.size(), std::size_t{1});
                                       QCOMPARE(p.vlan[0].tpid, std::uint16_t{0x8100});
                                       QCOMPARE(p.vlan[0].priority, std::uint8_t{5});
                                       QVERIFY(p.vlan[0].dei);
                                       QCOMPARE(p.vlan[0].id, std::uint16_t{100});
                                       QCOMPARE(p.vlan[0].etherType, std::uint16_t{0x0800});
                                       QCOMPARE(layerAt(p, Proto::Vlan)->offset, 14u);
                                       QCOMPARE(layerAt(p, Proto::Vlan)->length, 4u);
                                       expectSynV4(p);
                                   });
        QTest::newRow("802.1ad QinQ") << ethernetTagged(macA(), macB(), {{0x88a8, 200}, {0x8100, (3 << 13) | 4094}},
                                                        0x86dd, udp6)
                                      << uint(kLtEthernet) << "eth vlan vlan ipv6 udp data" << 22u
                                      << Check([](const Packet& p) {
                                             QCOMPARE(p.ethernet[0].typeOrLength, std::uint16_t{0x88a8});
                                             QCOMPARE(p.vlan.size(), std::size_t{2});
                                             QCOMPARE(p.vlan[0].tpid, std::uint16_t{0x88a8});
                                             QCOMPARE(p.vlan[0].id, std::uint16_t{200});
                                             QCOMPARE(p.vlan[0].priority, std::uint8_t{0});
                                             QVERIFY(!p.vlan[0].dei);
                                             QCOMPARE(p.vlan[0].etherType, std::uint16_t{0x8100});
                                             QCOMPARE(p.vlan[1].tpid, std::uint16_t{0x8100});
                                             QCOMPARE(p.vlan[1].id, std::uint16_t{4094});
                                             QCOMPARE(p.vlan[1].priority, std::uint8_t{3});
                                             QCOMPARE(p.vlan[1].etherType, std::uint16_t{0x86dd});
                                             QCOMPARE(p.layers[1].offset, 14u);
                                             QCOMPARE(p.layers[2].offset, 18u);
                                             expectUdpV6(p);
                                         });
        QTest::newRow("Linux SLL, outgoing IPv4") << linuxSll(4, mac(0x77), 0x0800, syn4) << uint(kLtSll)
                                                  << "sll ip tcp" << 16u << Check([](const Packet& p) {
                                                         QCOMPARE(p.sll.size(), std::size_t{1});
                                                         QVERIFY(!p.sll[0].v2);
                                                         QCOMPARE(p.sll[0].packetType, std::uint16_t{4});
                                                         QCOMPARE(p.sll[0].hatype, std::uint16_t{1});
                                                         QCOMPARE(p.sll[0].halen, std::uint16_t{6});
                                                         QCOMPARE(p.sll[0].protocol, std::uint16_t{0x0800});
                                                         QCOMPARE(p.sll[0].interfaceIndex, 0u);
                                                         const std::array<std::uint8_t, 8> a{2, 0, 0, 0, 0, 0x77, 0, 0};
                                                         QVERIFY(p.sll[0].address == a);
                                                         expectSynV4(p);
                                                     });
        QTest::newRow("Linux SLL, incoming IPv6") << linuxSll(0, mac(0x78), 0x86dd, udp6) << uint(kLtSll)
                                                  << "sll ipv6 udp data" << 16u << Check([](const Packet& p) {
                                                         QCOMPARE(p.sll[0].packetType, std::uint16_t{0});
                                                         QCOMPARE(p.sll[0].protocol, std::uint16_t{0x86dd});
                                                         expectUdpV6(p);
                                                     });
        QTest::newRow("Linux SLL2, outgoing IPv4") << linuxSll2(0x0800, 7, 4, mac(0x79), syn4) << uint(kLtSll2)
                                                   << "sll2 ip tcp" << 20u << Check([](const Packet& p) {
                                                          QCOMPARE(p.sll.size(), std::size_t{1});
                                                          QVERIFY(p.sll[0].v2);
                                                          QCOMPARE(p.sll[0].protocol, std::uint16_t{0x0800});
                                                          QCOMPARE(p.sll[0].interfaceIndex, 7u);
                                                          QCOMPARE(p.sll[0].packetType, std::uint16_t{4});
                                                          QCOMPARE(p.sll[0].hatype, std::uint16_t{1});
                                                          QCOMPARE(p.sll[0].halen, std::uint16_t{6});
                                                          const std::array<std::uint8_t, 8> a{2, 0, 0, 0, 0, 0x79, 0, 0};
                                                          QVERIFY(p.sll[0].address == a);
                                                          expectSynV4(p);
                                                      });
        QTest::newRow("Linux SLL2, broadcast IPv6, ifindex 70000")
            << linuxSll2(0x86dd, 70000, 1, mac(0x7a), udp6) << uint(kLtSll2) << "sll2 ipv6 udp data" << 20u
            << Check([](const Packet& p) {
                   QCOMPARE(p.sll[0].protocol, std::uint16_t{0x86dd});
                   QCOMPARE(p.sll[0].interfaceIndex, 70000u);
                   QCOMPARE(p.sll[0].packetType, std::uint16_t{1});
                   expectUdpV6(p);
               });
        QTest::newRow("Linux SLL, ARP") << linuxSll(1, macA(), 0x0806, arp(1, macA(), v4A(), MacAddress{}, v4B()))
                                        << uint(kLtSll) << "sll arp" << 0u << Check([](const Packet& p) {
                                               QCOMPARE(p.arp[0].opcode, std::uint16_t{1});
                                               QCOMPARE(layerAt(p, Proto::Arp)->offset, 16u);
                                           });
        const auto nullRow = [&](const char* name, std::uint32_t lt, std::uint32_t family, bool bigEndian, bool v6) {
            QTest::newRow(name) << nullLoopback(family, bigEndian, v6 ? udp6 : syn4) << uint(lt)
                                << (v6 ? "null ipv6 udp data" : "null ip tcp") << 4u
                                << Check([family, v6](const Packet& p) {
                                       QCOMPARE(p.null.size(), std::size_t{1});
                                       QCOMPARE(p.null[0].family, family);
                                       QVERIFY(!p.null[0].isEtherType);
                                       if (v6)
                                           expectUdpV6(p);
                                       else
                                           expectSynV4(p);
                                   });
        };
        nullRow("NULL, AF_INET little-endian", kLtNull, 2, false, false);
        nullRow("NULL, AF_INET big-endian", kLtNull, 2, true, false);
        nullRow("NULL, AF_INET6 24 little-endian", kLtNull, 24, false, true);
        nullRow("NULL, AF_INET6 28 big-endian", kLtNull, 28, true, true);
        nullRow("NULL, AF_INET6 30 little-endian", kLtNull, 30, false, true);
        nullRow("NULL, AF_INET6 30 big-endian", kLtNull, 30, true, true);
        nullRow("LOOP, AF_INET", kLtLoop, 2, true, false);
        nullRow("LOOP, AF_INET6 24", kLtLoop, 24, true, true);
        const auto rawRow = [&](const char* name, std::uint32_t lt, bool v6) {
            QTest::newRow(name) << (v6 ? udp6 : syn4) << uint(lt) << (v6 ? "ipv6 udp data" : "ip tcp") << 0u
                                << Check([v6](const Packet& p) {
                                       if (v6)
                                           expectUdpV6(p);
                                       else
                                           expectSynV4(p);
                                   });
        };
        rawRow("raw IP 101, IPv4", kLtRaw, false);
        rawRow("raw IP 101, IPv6", kLtRaw, true);
        rawRow("raw IP 12, IPv4", kLtRaw12, false);
        rawRow("raw IP 12, IPv6", kLtRaw12, true);
        rawRow("raw IP 14, IPv4", kLtRaw14, false);
        rawRow("raw IP 14, IPv6", kLtRaw14, true);
        rawRow("LINKTYPE_IPV4 228", kLtIpv4, false);
        rawRow("LINKTYPE_IPV6 229", kLtIpv6, true);
        QTest::newRow("PPPoE session, IPv4")
            << ethernet(macA(), macB(), 0x8864, pppoeSession(0x1234, 0x0021, syn4)) << uint(kLtEthernet)
            << "eth pppoes ppp ip tcp" << 22u << Check([n = syn4.size()](const Packet& p) {
                   QCOMPARE(p.ethernet[0].typeOrLength, std::uint16_t{0x8864});
                   QCOMPARE(p.pppoe.size(), std::size_t{1});
                   QCOMPARE(p.pppoe[0].version, std::uint8_t{1});
                   QCOMPARE(p.pppoe[0].type, std::uint8_t{1});
                   QCOMPARE(p.pppoe[0].code, std::uint8_t{0});
                   QCOMPARE(p.pppoe[0].sessionId, std::uint16_t{0x1234});
                   QCOMPARE(p.pppoe[0].payloadLength, std::uint16_t(n + 2));
                   QCOMPARE(p.pppoe[0].pppProtocol, std::uint16_t{0x0021});
                   QCOMPARE(layerAt(p, Proto::PppoeSession)->offset, 14u);
                   QCOMPARE(layerAt(p, Proto::Ppp)->offset, 20u);
                   expectSynV4(p);
               });
        QTest::newRow("PPPoE session, IPv6") << ethernet(macA(), macB(), 0x8864, pppoeSession(0xbeef, 0x0057, udp6))
                                             << uint(kLtEthernet) << "eth pppoes ppp ipv6 udp data" << 22u
                                             << Check([](const Packet& p) {
                                                    QCOMPARE(p.pppoe[0].sessionId, std::uint16_t{0xbeef});
                                                    QCOMPARE(p.pppoe[0].pppProtocol, std::uint16_t{0x0057});
                                                    expectUdpV6(p);
                                                });
    }

    void linkLayers()
    {
        QFETCH(Bytes, frame);
        QFETCH(uint, linkType);
        QFETCH(QString, layers);
        QFETCH(uint, networkOffset);
        QFETCH(Check, check);
        const Packet p = decode(frame, linkType);
        QCOMPARE(p.linkType, linkType);
        QCOMPARE(p.capturedLength, std::uint32_t(frame.size()));
        QCOMPARE(layerList(p), layers);
        if (networkOffset) {
            QVERIFY(p.networkLayer());
            QCOMPARE(p.networkLayer()->offset, networkOffset);
        }
        QVERIFY(!p.anyMalformed());
        QVERIFY(!p.anyTruncated());
        check(p);
    }

    // ---------------------------------------------------------------- ARP
    void arpPackets_data()
    {
        QTest::addColumn<uint>("opcode");
        QTest::addColumn<QString>("senderMac");
        QTest::addColumn<QString>("senderIp");
        QTest::addColumn<QString>("targetMac");
        QTest::addColumn<QString>("targetIp");
        QTest::newRow("request") << 1u << "02:00:00:00:00:0a" << "192.0.2.10" << "00:00:00:00:00:00" << "198.51.100.20";
        QTest::newRow("reply") << 2u << "02:00:00:00:00:0b" << "198.51.100.20" << "02:00:00:00:00:0a" << "192.0.2.10";
    }

    void arpPackets()
    {
        QFETCH(uint, opcode);
        QFETCH(QString, senderMac);
        QFETCH(QString, senderIp);
        QFETCH(QString, targetMac);
        QFETCH(QString, targetIp);
        const bool request = opcode == 1;
        MacAddress broadcast;
        broadcast.bytes.fill(0xff);
        const Bytes frame = request ? ethernet(macA(), broadcast, 0x0806, testkit::arp(1, macA(), v4A(), MacAddress{}, v4B()))
                                    : ethernet(macB(), macA(), 0x0806, testkit::arp(2, macB(), v4B(), macA(), v4A()));
        QCOMPARE(frame.size(), std::size_t{60});
        const Packet p = decode(frame, kLtEthernet);
        QCOMPARE(layerList(p), QString("eth arp")); // the 18 padding bytes are not data
        const ArpInfo& a = p.arp[0];
        QCOMPARE(a.hardwareType, std::uint16_t{1});
        QCOMPARE(a.protocolType, std::uint16_t{0x0800});
        QCOMPARE(a.hardwareSize, std::uint8_t{6});
        QCOMPARE(a.protocolSize, std::uint8_t{4});
        QCOMPARE(uint(a.opcode), opcode);
        QVERIFY(a.addressesPresent);
        QCOMPARE(qs(a.senderMac.toString()), senderMac);
        QCOMPARE(qs(a.senderIp.toString()), senderIp);
        QCOMPARE(qs(a.targetMac.toString()), targetMac);
        QCOMPARE(qs(a.targetIp.toString()), targetIp);
        QCOMPARE(p.layers[1].offset, 14u);
        QCOMPARE(p.layers[1].length, 28u);
    }

    // ---------------------------------------------------------------- IPv4
    void ipv4Header_data()
    {
        QTest::addColumn<Bytes>("frame");
        QTest::addColumn<QString>("layers");
        QTest::addColumn<Check>("check");

        {
            Ipv4Options o;
            o.options = {0x94, 0x04, 0x00, 0x00}; // router alert
            o.ttl = 17;
            o.id = 0xbeef;
            o.tos = 0xb8;
            QTest::newRow("options, DF, TTL, ID, TOS") << eth(tcpV4(synSpec(), o)) << "eth ip tcp" << Check([](const Packet& p) {
                const Ipv4Info& ip = p.ipv4[0];
                QCOMPARE(ip.headerLength, std::uint8_t{24});
                QCOMPARE(ip.tos, std::uint8_t{0xb8});
                QCOMPARE(ip.totalLength, std::uint16_t{24 + 40});
                QCOMPARE(ip.id, std::uint16_t{0xbeef});
                QVERIFY(ip.dontFragment);
                QVERIFY(!ip.moreFragments);
                QVERIFY(!ip.reservedFlag);
                QCOMPARE(ip.fragmentOffset, std::uint16_t{0});
                QVERIFY(!ip.isFragment());
                QCOMPARE(ip.ttl, std::uint8_t{17});
                QCOMPARE(ip.protocol, std::uint8_t{6});
                QCOMPARE(ip.checksumStatus, ChecksumStatus::Good);
                QCOMPARE(p.layers[1].length, 24u);
                QCOMPARE(p.layers[2].offset, 38u);
                QCOMPARE(p.tcp[0].srcPort, std::uint16_t{41334});
                QCOMPARE(p.tcp[0].checksumStatus, ChecksumStatus::Good);
            });
        }
        {
            Ipv4Options o;
            o.dontFragment = false;
            QTest::newRow("no DF") << eth(tcpV4(synSpec(), o)) << "eth ip tcp" << Check([](const Packet& p) {
                QVERIFY(!p.ipv4[0].dontFragment);
                QVERIFY(!p.ipv4[0].isFragment());
            });
        }
        {
            Bytes frame = eth(tcpV4(synSpec()));
            frame[20] |= 0x80; // the reserved ("evil") bit
            fixIpv4Checksum(frame, 14);
            QTest::newRow("reserved flag") << frame << "eth ip tcp" << Check([](const Packet& p) {
                QVERIFY(p.ipv4[0].reservedFlag);
                QVERIFY(p.ipv4[0].dontFragment);
                QCOMPARE(p.ipv4[0].checksumStatus, ChecksumStatus::Good);
            });
        }
        {
            // A 160-byte TCP segment split at 80 bytes: the first fragment carries the TCP header.
            const Bytes segment = tcp(v4A(), v4B(), dataSpec(128));
            QCOMPARE(segment.size(), std::size_t{160});
            Ipv4Options first;
            first.dontFragment = false;
            first.moreFragments = true;
            first.id = 77;
            QTest::newRow("first fragment (MF) is decoded as TCP")
                << eth(ipv4(v4A(), v4B(), 6, cut(segment, 80), first)) << "eth ip tcp data" << Check([](const Packet& p) {
                       QVERIFY(p.ipv4[0].moreFragments);
                       QCOMPARE(p.ipv4[0].fragmentOffset, std::uint16_t{0});
                       QVERIFY(p.ipv4[0].isFragment());
                       QCOMPARE(p.tcp[0].srcPort, std::uint16_t{41334});
                       QCOMPARE(p.tcp[0].seq, 1000u);
                       QCOMPARE(p.tcp[0].headerLength, std::uint8_t{32});
                       // Only part of the segment is here: its checksum cannot be verified.
                       QCOMPARE(p.tcp[0].checksumStatus, ChecksumStatus::Unverified);
                   });
            Ipv4Options second;
            second.dontFragment = false;
            second.fragmentOffset = 80;
            second.id = 77;
            const Bytes rest(segment.begin() + 80, segment.end());
            QTest::newRow("later fragment of TCP is data") << eth(ipv4(v4A(), v4B(), 6, rest, second)) << "eth ip data"
                                                          << Check([](const Packet& p) {
                                                                 QVERIFY(!p.ipv4[0].moreFragments);
                                                                 QCOMPARE(p.ipv4[0].fragmentOffset, std::uint16_t{80});
                                                                 QVERIFY(p.ipv4[0].isFragment());
                                                                 QCOMPARE(p.ipv4[0].protocol, std::uint8_t{6});
                                                                 QVERIFY(p.tcp.empty());
                                                                 QCOMPARE(p.layers[2].offset, 34u);
                                                                 QCOMPARE(p.layers[2].length, 80u);
                                                             });
            // A later fragment whose bytes happen to look like a TCP header (ports 80 -> 80).
            Bytes lookalike = tcp(v4A(), v4B(), dataSpec(20));
            Ipv4Options middle;
            middle.dontFragment = false;
            middle.moreFragments = true;
            middle.fragmentOffset = 1480;
            QTest::newRow("middle fragment (MF, offset) is data") << eth(ipv4(v4A(), v4B(), 6, lookalike, middle))
                                                                 << "eth ip data" << Check([](const Packet& p) {
                                                                        QCOMPARE(p.ipv4[0].fragmentOffset,
                                                                                 std::uint16_t{1480});
                                                                        QVERIFY(p.ipv4[0].moreFragments);
                                                                        QVERIFY(p.tcp.empty());
                                                                    });
            const Bytes datagram = udp(v4A(), v4B(), 5000, 6000, Bytes(100, 0x55));
            Ipv4Options udpFirst = first;
            QTest::newRow("first fragment of UDP") << eth(ipv4(v4A(), v4B(), 17, cut(datagram, 48), udpFirst))
                                                  << "eth ip udp data" << Check([](const Packet& p) {
                                                         QCOMPARE(p.udp[0].srcPort, std::uint16_t{5000});
                                                         QCOMPARE(p.udp[0].length, std::uint16_t{108});
                                                         // The UDP length describes the whole datagram: not an error in a fragment.
                                                         QVERIFY(!p.layers[2].malformed);
                                                         QCOMPARE(p.udp[0].checksumStatus, ChecksumStatus::Unverified);
                                                     });
            Ipv4Options udpLater = second;
            udpLater.fragmentOffset = 48;
            QTest::newRow("later fragment of UDP is data")
                << eth(ipv4(v4A(), v4B(), 17, Bytes(datagram.begin() + 48, datagram.end()), udpLater)) << "eth ip data"
                << Check([](const Packet& p) {
                       QCOMPARE(p.ipv4[0].fragmentOffset, std::uint16_t{48});
                       QVERIFY(p.udp.empty());
                   });
        }
        QTest::newRow("Ethernet padding is not payload") << eth(udpV4(5000, 6000, bytesOf("abcd"))) << "eth ip udp data"
                                                        << Check([](const Packet& p) {
                                                               QCOMPARE(p.capturedLength, 60u);
                                                               QCOMPARE(p.ipv4[0].totalLength, std::uint16_t{32});
                                                               QCOMPARE(p.udp[0].length, std::uint16_t{12});
                                                               QCOMPARE(p.layers[3].offset, 42u);
                                                               QCOMPARE(p.layers[3].length, 4u);
                                                               QCOMPARE(p.udp[0].checksumStatus, ChecksumStatus::Good);
                                                           });
        {
            Ipv4Options o;
            o.totalLengthOverride = 0; // what TCP segmentation offload leaves in outgoing packets
            QTest::newRow("total length 0 (segmentation offload)")
                << eth(tcpV4(dataSpec(100), o)) << "eth ip tcp data" << Check([](const Packet& p) {
                       QCOMPARE(p.ipv4[0].totalLength, std::uint16_t{0});
                       QVERIFY(!p.layers[1].malformed);
                       QCOMPARE(p.tcp[0].payloadLength, 100u);
                       QCOMPARE(p.tcp[0].checksumStatus, ChecksumStatus::Good);
                   });
        }
        {
            Ipv4Options o;
            o.headerLengthOverride = 16;
            QTest::newRow("header length 16 (malformed)") << eth(tcpV4(synSpec(), o)) << "eth ip" << Check([](const Packet& p) {
                QCOMPARE(p.ipv4[0].headerLength, std::uint8_t{16});
                QVERIFY(p.layers[1].malformed);
                QVERIFY(!p.layers[1].truncated);
                QCOMPARE(p.layers[1].length, 20u);
                QVERIFY(p.tcp.empty());
            });
        }
        {
            Ipv4Options o;
            o.totalLengthOverride = 12;
            QTest::newRow("total length below header length (malformed)")
                << eth(tcpV4(synSpec(), o)) << "eth ip" << Check([](const Packet& p) {
                       QCOMPARE(p.ipv4[0].totalLength, std::uint16_t{12});
                       QVERIFY(p.layers[1].malformed);
                       QVERIFY(p.tcp.empty());
                   });
        }
        {
            Bytes frame = eth(tcpV4(synSpec()));
            frame[14] = 0x55; // version 5
            QTest::newRow("version 5 (malformed)") << frame << "eth ip data" << Check([](const Packet& p) {
                QVERIFY(p.layers[1].malformed);
                QCOMPARE(p.layers[1].length, 1u);
                QVERIFY(p.tcp.empty());
            });
        }
    }

    void ipv4Header()
    {
        QFETCH(Bytes, frame);
        QFETCH(QString, layers);
        QFETCH(Check, check);
        const Packet p = decode(frame, kLtEthernet);
        QCOMPARE(layerList(p), layers);
        if (p.layers[1].length >= 20) {
            QCOMPARE(qs(p.ipv4[0].src.toString()), QString("192.0.2.10"));
            QCOMPARE(qs(p.ipv4[0].dst.toString()), QString("198.51.100.20"));
        }
        check(p);
    }

    // ---------------------------------------------------------------- IPv6 extension headers
    void ipv6Extensions_data()
    {
        QTest::addColumn<Bytes>("frame");
        QTest::addColumn<uint>("originalLength");
        QTest::addColumn<QString>("layers");
        QTest::addColumn<QString>("extensions"); // type/nextHeader/length@offset
        QTest::addColumn<uint>("upperProtocol");
        QTest::addColumn<uint>("upperOffset");
        QTest::addColumn<Check>("check");

        {
            // Linux BIG TCP: payload length 0 and a jumbo payload option; only the headers were captured.
            TcpSpec s = dataSpec(0);
            s.options = {};
            s.payload = Bytes(100, 0x42);
            const std::uint32_t jumbo = 8 + 20 + 100000;
            Bytes hbh{0xc2, 0x04};
            put32(hbh, jumbo);
            const Bytes frame = eth(ipv6(v6A(), v6B(), 6, tcp(v6A(), v6B(), s), 64, {{0, hbh}}, 0));
            QTest::newRow("hop-by-hop jumbo payload") << frame << uint(14 + 40 + jumbo) << "eth ipv6 tcp data"
                                                      << "0/6/8@54" << 6u << 62u << Check([jumbo](const Packet& p) {
                                                             QCOMPARE(p.ipv6[0].payloadLength, std::uint16_t{0});
                                                             QCOMPARE(p.ipv6[0].jumboLength, jumbo);
                                                             QCOMPARE(p.tcp[0].payloadLength, 100000u);
                                                             QCOMPARE(p.tcp[0].segmentLength, 100020u);
                                                             QVERIFY(!p.layers[2].truncated);
                                                             QCOMPARE(p.tcp[0].checksumStatus, ChecksumStatus::Unverified);
                                                             QCOMPARE(p.layers[3].length, 100u);
                                                         });
        }
        {
            // Routing header type 0 with one address and no segments left (so dst is the final destination).
            Bytes rh{0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
            const IpAddress via = ip("2001:db8:2::1");
            rh.insert(rh.end(), via.bytes.begin(), via.bytes.end());
            QTest::newRow("routing header") << eth(ipv6(v6A(), v6B(), 17, udp(v6A(), v6B(), 5000, 6000, hello()), 64,
                                                        {{43, rh}}))
                                            << 0u << "eth ipv6 udp data" << "43/17/24@54" << 17u << 78u
                                            << Check([](const Packet& p) {
                                                   QCOMPARE(p.ipv6[0].nextHeader, std::uint8_t{43});
                                                   QCOMPARE(p.ipv6[0].payloadLength, std::uint16_t{24 + 13});
                                                   QCOMPARE(p.udp[0].dstPort, std::uint16_t{6000});
                                                   QCOMPARE(p.udp[0].checksumStatus, ChecksumStatus::Good);
                                               });
        }
        {
            Bytes frag{0x00, 0x01, 0xde, 0xad, 0xbe, 0xef}; // offset 0, M=1, id 0xdeadbeef
            const Bytes datagram = udp(v6A(), v6B(), 5000, 6000, Bytes(100, 0x33));
            QTest::newRow("fragment header, first fragment")
                << eth(ipv6(v6A(), v6B(), 17, cut(datagram, 56), 64, {{44, frag}})) << 0u << "eth ipv6 udp data"
                << "44/17/8@54" << 17u << 62u << Check([](const Packet& p) {
                       QVERIFY(p.ipv6[0].isFragment);
                       QCOMPARE(p.ipv6[0].fragmentOffset, std::uint16_t{0});
                       QVERIFY(p.ipv6[0].moreFragments);
                       QCOMPARE(p.ipv6[0].fragmentId, 0xdeadbeefu);
                       QCOMPARE(p.udp[0].srcPort, std::uint16_t{5000});
                       // The UDP length describes the whole datagram: not an error in a fragment.
                       QVERIFY(!p.layers[2].malformed);
                   });
            Bytes later{0x00, 0x38, 0xde, 0xad, 0xbe, 0xef}; // offset 56 (7 * 8), M=0
            QTest::newRow("fragment header, later fragment is data")
                << eth(ipv6(v6A(), v6B(), 17, Bytes(datagram.begin() + 56, datagram.end()), 64, {{44, later}})) << 0u
                << "eth ipv6 data" << "44/17/8@54" << 17u << 62u << Check([](const Packet& p) {
                       QVERIFY(p.ipv6[0].isFragment);
                       QCOMPARE(p.ipv6[0].fragmentOffset, std::uint16_t{56});
                       QVERIFY(!p.ipv6[0].moreFragments);
                       QVERIFY(p.udp.empty());
                       QCOMPARE(p.layers[2].length, 52u);
                   });
        }
        {
            const Bytes padN{0x01, 0x04, 0x00, 0x00, 0x00, 0x00};
            QTest::newRow("destination options") << eth(ipv6(v6A(), v6B(), 6, tcp(v6A(), v6B(), synSpec()), 64, {{60, padN}}))
                                                 << 0u << "eth ipv6 tcp" << "60/6/8@54" << 6u << 62u
                                                 << Check([](const Packet& p) {
                                                        QCOMPARE(p.tcp[0].srcPort, std::uint16_t{41334});
                                                        QCOMPARE(p.tcp[0].checksumStatus, ChecksumStatus::Good);
                                                        QVERIFY(!p.ipv6[0].isFragment);
                                                        QCOMPARE(p.ipv6[0].jumboLength, 0u);
                                                    });
            Bytes rh{0x04, 0x00, 0x00, 0x00, 0x00, 0x00}; // segment routing, nothing left
            const Bytes atomic{0x00, 0x00, 0x00, 0x00, 0x00, 0x09};
            QTest::newRow("chain of five extension headers")
                << eth(ipv6(v6A(), v6B(), 17, udp(v6A(), v6B(), 5000, 6000, hello()), 64,
                            {{0, padN}, {60, padN}, {43, rh}, {44, atomic}, {60, padN}}))
                << 0u << "eth ipv6 udp data" << "0/60/8@54 60/43/8@62 43/44/8@70 44/60/8@78 60/17/8@86" << 17u << 94u
                << Check([](const Packet& p) {
                       QCOMPARE(p.ipv6[0].nextHeader, std::uint8_t{0});
                       QVERIFY(p.ipv6[0].isFragment);
                       QCOMPARE(p.ipv6[0].fragmentId, 9u);
                       QCOMPARE(p.udp[0].checksumStatus, ChecksumStatus::Good);
                       QCOMPARE(p.layers[2].offset, 94u);
                   });
            std::vector<Ipv6Extension> nine(9, Ipv6Extension{60, padN});
            QTest::newRow("nine extension headers (malformed)")
                << eth(ipv6(v6A(), v6B(), 17, udp(v6A(), v6B(), 5000, 6000, hello()), 64, nine)) << 0u << "eth ipv6"
                << "60/60/8@54 60/60/8@62 60/60/8@70 60/60/8@78 60/60/8@86 60/60/8@94 60/60/8@102 60/60/8@110" << 60u
                << 118u << Check([](const Packet& p) { QVERIFY(p.layers[1].malformed); });
        }
        QTest::newRow("no next header") << eth(ipv6(v6A(), v6B(), 59, bytesOf("junk"))) << 0u << "eth ipv6 data" << ""
                                        << 59u << 54u << Check([](const Packet& p) {
                                               QCOMPARE(p.layers[2].length, 4u);
                                           });
    }

    void ipv6Extensions()
    {
        QFETCH(Bytes, frame);
        QFETCH(uint, originalLength);
        QFETCH(QString, layers);
        QFETCH(QString, extensions);
        QFETCH(uint, upperProtocol);
        QFETCH(uint, upperOffset);
        QFETCH(Check, check);
        const Packet p = decode(frame, kLtEthernet, originalLength);
        QCOMPARE(layerList(p), layers);
        const Ipv6Info& ip = p.ipv6[0];
        QStringList ext;
        for (const Ipv6ExtensionHeader& x : ip.extensions)
            ext << QString("%1/%2/%3@%4").arg(x.type).arg(x.nextHeader).arg(x.length).arg(x.offset);
        QCOMPARE(ext.join(' '), extensions);
        QCOMPARE(uint(ip.upperProtocol), upperProtocol);
        QCOMPARE(ip.upperOffset, upperOffset);
        QCOMPARE(ip.hopLimit, std::uint8_t{64});
        QCOMPARE(qs(ip.src.toString()), QString("2001:db8::10"));
        QCOMPARE(qs(ip.dst.toString()), QString("2001:db8:1::20"));
        check(p);
    }

    // ---------------------------------------------------------------- ICMP
    void icmpMessages_data()
    {
        QTest::addColumn<Bytes>("frame");
        QTest::addColumn<QString>("layers");
        QTest::addColumn<uint>("type");
        QTest::addColumn<uint>("code");
        QTest::addColumn<uint>("rest");
        QTest::addColumn<bool>("isError");
        QTest::addColumn<Check>("check");

        const Bytes ping = bytesOf("0123456789abcdefghijklmnopqrstuv");
        QTest::newRow("echo request") << eth(ipv4(v4A(), v4B(), 1, icmpv4(8, 0, 0x12340007, ping))) << "eth ip icmp data"
                                      << 8u << 0u << 0x12340007u << false << Check([](const Packet& p) {
                                             QCOMPARE(p.layers[2].length, 8u);
                                             QCOMPARE(p.layers[3].length, 32u);
                                             QVERIFY(!p.icmp[0].quotedPacketPresent);
                                         });
        QTest::newRow("echo reply") << eth(ipv4(v4B(), v4A(), 1, icmpv4(0, 0, 0x12340007, ping))) << "eth ip icmp data"
                                    << 0u << 0u << 0x12340007u << false << Check([](const Packet&) {});
        {
            // Port unreachable quoting the IP header and first 8 bytes of a TCP SYN.
            const Bytes quote = cut(tcpV4(synSpec()), 28);
            QTest::newRow("destination unreachable quoting a TCP SYN")
                << eth(ipv4(v4B(), v4A(), 1, icmpv4(3, 3, 0, quote))) << "eth ip icmp ip@1 tcp@1" << 3u << 3u << 0u << true
                << Check([](const Packet& p) {
                       QVERIFY(p.icmp[0].quotedPacketPresent);
                       QCOMPARE(qs(p.ipv4[0].src.toString()), QString("198.51.100.20"));
                       const Layer* qip = layerAt(p, Proto::Ipv4, 1);
                       QVERIFY(qip);
                       QCOMPARE(qip->offset, 42u);
                       const Ipv4Info& q = p.ipv4[qip->info];
                       QCOMPARE(qs(q.src.toString()), QString("192.0.2.10"));
                       QCOMPARE(qs(q.dst.toString()), QString("198.51.100.20"));
                       QCOMPARE(q.protocol, std::uint8_t{6});
                       QCOMPARE(q.totalLength, std::uint16_t{60});
                       const Layer* qtcp = layerAt(p, Proto::Tcp, 1);
                       QVERIFY(qtcp);
                       QCOMPARE(qtcp->offset, 62u);
                       QCOMPARE(qtcp->length, 8u);
                       const TcpInfo& t = p.tcp[qtcp->info];
                       QCOMPARE(t.srcPort, std::uint16_t{41334});
                       QCOMPARE(t.dstPort, std::uint16_t{80});
                       QCOMPARE(t.seq, 0x11223344u);
                       QCOMPARE(t.checksumStatus, ChecksumStatus::Unverified);
                       // The frame itself carries no TCP segment.
                       QVERIFY(p.topTcp() == nullptr);
                       QVERIFY(p.find(Proto::Tcp) == qtcp);
                       QCOMPARE(p.networkLayer()->offset, 14u);
                   });
        }
        {
            const Bytes quote = cut(udpV4(5353, 33434, Bytes(40, 0)), 28);
            QTest::newRow("host unreachable quoting UDP")
                << eth(ipv4(v4B(), v4A(), 1, icmpv4(3, 1, 0, quote))) << "eth ip icmp ip@1 udp@1" << 3u << 1u << 0u << true
                << Check([](const Packet& p) {
                       const Layer* qudp = layerAt(p, Proto::Udp, 1);
                       QVERIFY(qudp);
                       QCOMPARE(p.udp[qudp->info].srcPort, std::uint16_t{5353});
                       QCOMPARE(p.udp[qudp->info].dstPort, std::uint16_t{33434});
                       QCOMPARE(p.udp[qudp->info].length, std::uint16_t{48});
                       QVERIFY(!qudp->malformed); // a quoted length describes the original datagram
                       QVERIFY(!p.hasDns);        // nor is a quoted payload decoded as DNS
                       QVERIFY(p.topUdp() == nullptr);
                   });
        }
        QTest::newRow("fragmentation needed, MTU 1400")
            << eth(ipv4(v4B(), v4A(), 1, icmpv4(3, 4, 1400, cut(tcpV4(dataSpec()), 28)))) << "eth ip icmp ip@1 tcp@1" << 3u
            << 4u << 1400u << true << Check([](const Packet&) {});
        {
            Ipv4Options ttl1;
            ttl1.ttl = 1;
            const Bytes quote = cut(ipv4(v4A(), v4B(), 1, icmpv4(8, 0, 0x00010002, ping), ttl1), 28);
            QTest::newRow("time exceeded quoting an echo request")
                << eth(ipv4(ip("203.0.113.1"), v4A(), 1, icmpv4(11, 0, 0, quote))) << "eth ip icmp ip@1 icmp@1" << 11u
                << 0u << 0u << true << Check([](const Packet& p) {
                       const Layer* q = layerAt(p, Proto::Icmp, 1);
                       QVERIFY(q);
                       QCOMPARE(p.icmp[q->info].type, std::uint8_t{8});
                       QCOMPARE(p.icmp[q->info].restOfHeader, 0x00010002u);
                       QCOMPARE(p.ipv4[layerAt(p, Proto::Ipv4, 1)->info].ttl, std::uint8_t{1});
                   });
        }
        QTest::newRow("redirect to a gateway")
            << eth(ipv4(v4B(), v4A(), 1, icmpv4(5, 1, 0xc0000201, cut(udpV4(1, 2, Bytes(8, 0)), 28))))
            << "eth ip icmp ip@1 udp@1" << 5u << 1u << 0xc0000201u << true << Check([](const Packet& p) {
                   QCOMPARE(qs(p.icmp[0].target.toString()), QString("192.0.2.1"));
               });
    }

    void icmpMessages()
    {
        QFETCH(Bytes, frame);
        QFETCH(QString, layers);
        QFETCH(uint, type);
        QFETCH(uint, code);
        QFETCH(uint, rest);
        QFETCH(bool, isError);
        QFETCH(Check, check);
        const Packet p = decode(frame, kLtEthernet);
        QCOMPARE(layerList(p), layers);
        const IcmpInfo& m = p.icmp[0];
        QCOMPARE(uint(m.type), type);
        QCOMPARE(uint(m.code), code);
        QCOMPARE(m.restOfHeader, rest);
        QCOMPARE(m.isError, isError);
        QCOMPARE(m.checksumStatus, ChecksumStatus::Good);
        QCOMPARE(m.checksumComputed, m.checksum);
        check(p);
        // The whole frame was captured: a quotation that ends after 8 bytes of TCP is not a capture cut short.
        QVERIFY(!p.anyTruncated());
        QVERIFY(!p.anyMalformed());
    }

    void icmpv6Messages_data()
    {
        QTest::addColumn<Bytes>("frame");
        QTest::addColumn<QString>("layers");
        QTest::addColumn<uint>("type");
        QTest::addColumn<uint>("code");
        QTest::addColumn<uint>("rest");
        QTest::addColumn<Check>("check");

        QTest::newRow("echo request") << eth(ipv6(v6A(), v6B(), 58, icmpv6(v6A(), v6B(), 128, 0, 0x0abc0001, bytesOf("ping!"))))
                                      << "eth ipv6 icmpv6 data" << 128u << 0u << 0x0abc0001u << Check([](const Packet& p) {
                                             QVERIFY(!p.icmp[0].isError);
                                             QCOMPARE(p.layers[2].length, 8u);
                                             QCOMPARE(p.layers[3].length, 5u);
                                         });
        QTest::newRow("echo reply") << eth(ipv6(v6B(), v6A(), 58, icmpv6(v6B(), v6A(), 129, 0, 0x0abc0001, bytesOf("ping!"))))
                                    << "eth ipv6 icmpv6 data" << 129u << 0u << 0x0abc0001u << Check([](const Packet&) {});
        {
            // Neighbor solicitation for v6B with a source link-layer address option.
            const IpAddress solicited = ip("ff02::1:ff00:20");
            const IpAddress target = v6B();
            Bytes body(target.bytes.begin(), target.bytes.end());
            const MacAddress source = macA();
            body = body + Bytes{0x01, 0x01} + Bytes(source.bytes.begin(), source.bytes.end());
            QTest::newRow("neighbor solicitation") << eth(ipv6(v6A(), solicited, 58, icmpv6(v6A(), solicited, 135, 0, 0, body), 255))
                                                   << "eth ipv6 icmpv6 data" << 135u << 0u << 0u << Check([](const Packet& p) {
                                                          QCOMPARE(qs(p.icmp[0].target.toString()), QString("2001:db8:1::20"));
                                                          QCOMPARE(p.layers[2].length, 24u);
                                                          QCOMPARE(p.layers[3].length, 8u);
                                                          QVERIFY(!p.icmp[0].isError);
                                                      });
            const Bytes adv(target.bytes.begin(), target.bytes.end());
            QTest::newRow("neighbor advertisement") << eth(ipv6(v6B(), v6A(), 58, icmpv6(v6B(), v6A(), 136, 0, 0x60000000, adv), 255))
                                                    << "eth ipv6 icmpv6" << 136u << 0u << 0x60000000u << Check([](const Packet& p) {
                                                           QCOMPARE(qs(p.icmp[0].target.toString()), QString("2001:db8:1::20"));
                                                       });
        }
        {
            const Bytes original = udpV6(33000, 53, bytesOf("query"));
            QTest::newRow("port unreachable quoting UDP")
                << eth(ipv6(v6B(), v6A(), 58, icmpv6(v6B(), v6A(), 1, 4, 0, original))) << "eth ipv6 icmpv6 ipv6@1 udp@1 data@1"
                << 1u << 4u << 0u << Check([](const Packet& p) {
                       QVERIFY(p.icmp[0].isError);
                       QVERIFY(p.icmp[0].quotedPacketPresent);
                       const Layer* qip = layerAt(p, Proto::Ipv6, 1);
                       QVERIFY(qip);
                       QCOMPARE(qip->offset, 62u);
                       QCOMPARE(qs(p.ipv6[qip->info].src.toString()), QString("2001:db8::10"));
                       QCOMPARE(qs(p.ipv6[qip->info].dst.toString()), QString("2001:db8:1::20"));
                       const Layer* qudp = layerAt(p, Proto::Udp, 1);
                       QCOMPARE(qudp->offset, 102u);
                       QCOMPARE(p.udp[qudp->info].srcPort, std::uint16_t{33000});
                       QCOMPARE(p.udp[qudp->info].dstPort, std::uint16_t{53});
                       QCOMPARE(p.udp[qudp->info].checksumStatus, ChecksumStatus::Unverified);
                       QVERIFY(!p.hasDns);
                       QVERIFY(p.topUdp() == nullptr);
                   });
            QTest::newRow("packet too big") << eth(ipv6(v6B(), v6A(), 58, icmpv6(v6B(), v6A(), 2, 0, 1280, original)))
                                            << "eth ipv6 icmpv6 ipv6@1 udp@1 data@1" << 2u << 0u << 1280u
                                            << Check([](const Packet& p) { QVERIFY(p.icmp[0].isError); });
        }
    }

    void icmpv6Messages()
    {
        QFETCH(Bytes, frame);
        QFETCH(QString, layers);
        QFETCH(uint, type);
        QFETCH(uint, code);
        QFETCH(uint, rest);
        QFETCH(Check, check);
        const Packet p = decode(frame, kLtEthernet);
        QCOMPARE(layerList(p), layers);
        const IcmpInfo& m = p.icmp[0];
        QCOMPARE(uint(m.type), type);
        QCOMPARE(uint(m.code), code);
        QCOMPARE(m.restOfHeader, rest);
        QCOMPARE(m.checksumStatus, ChecksumStatus::Good);
        QCOMPARE(m.checksumComputed, m.checksum);
        check(p);
    }

    // ---------------------------------------------------------------- TCP
    void tcpFlags_data()
    {
        QTest::addColumn<uint>("flags");
        QTest::newRow("FIN") << 0x001u;
        QTest::newRow("SYN") << 0x002u;
        QTest::newRow("RST") << 0x004u;
        QTest::newRow("PSH") << 0x008u;
        QTest::newRow("ACK") << 0x010u;
        QTest::newRow("URG") << 0x020u;
        QTest::newRow("ECE") << 0x040u;
        QTest::newRow("CWR") << 0x080u;
        QTest::newRow("AE") << 0x100u;
        QTest::newRow("none") << 0x000u;
        QTest::newRow("SYN ECE CWR") << 0x0c2u;
        QTest::newRow("SYN ACK AE") << 0x112u;
        QTest::newRow("all nine") << 0x1ffu;
        QTest::newRow("reserved bits and ACK") << 0xe10u;
    }

    void tcpFlags()
    {
        QFETCH(uint, flags);
        TcpSpec s = dataSpec(10);
        s.flags = static_cast<std::uint16_t>(flags);
        s.urgent = 3;
        for (const bool v6 : {false, true}) {
            const Packet p = decode(eth(v6 ? tcpV6(s) : tcpV4(s)), kLtEthernet);
            QCOMPARE(layerList(p), QString(v6 ? "eth ipv6 tcp data" : "eth ip tcp data"));
            const TcpInfo& t = p.tcp[0];
            QCOMPARE(uint(t.flags), flags);
            QCOMPARE(t.syn(), bool(flags & 0x002));
            QCOMPARE(t.fin(), bool(flags & 0x001));
            QCOMPARE(t.rst(), bool(flags & 0x004));
            QCOMPARE(t.ackFlag(), bool(flags & 0x010));
            QCOMPARE(t.headerLength, std::uint8_t{32});
            QCOMPARE(t.urgentPointer, std::uint16_t{3});
            QCOMPARE(t.window, std::uint16_t{502});
            QCOMPARE(t.seq, 1000u);
            QCOMPARE(t.ack, 2000u);
            QCOMPARE(t.payloadLength, 10u);
            QCOMPARE(t.checksumStatus, ChecksumStatus::Good);
            QVERIFY(!p.anyMalformed());
        }
    }

    void tcpOptions_data()
    {
        QTest::addColumn<Bytes>("options");
        QTest::addColumn<QString>("list"); // kind:length@frame offset
        QTest::addColumn<bool>("problem");
        QTest::addColumn<TcpCheck>("check");

        QTest::newRow("EOL ends the list") << Bytes{2, 4, 0x05, 0xb4, 0, 1, 1, 1} << "2:4@54 0:1@58" << false
                                           << TcpCheck([](const TcpInfo& t) {
                                                  QVERIFY(t.hasMss);
                                                  QCOMPARE(t.mss, std::uint16_t{1460});
                                              });
        QTest::newRow("NOP") << Bytes{1, 1, 1, 1} << "1:1@54 1:1@55 1:1@56 1:1@57" << false << TcpCheck([](const TcpInfo& t) {
            QVERIFY(!t.hasMss && !t.hasWindowScale && !t.sackPermitted && !t.hasTimestamps);
            QCOMPARE(t.sackCount, std::uint8_t{0});
        });
        QTest::newRow("MSS") << Bytes{2, 4, 0x23, 0x28} << "2:4@54" << false << TcpCheck([](const TcpInfo& t) {
            QVERIFY(t.hasMss);
            QCOMPARE(t.mss, std::uint16_t{9000});
        });
        QTest::newRow("window scale") << Bytes{1, 3, 3, 14} << "1:1@54 3:3@55" << false << TcpCheck([](const TcpInfo& t) {
            QVERIFY(t.hasWindowScale);
            QCOMPARE(t.windowScale, std::uint8_t{14});
        });
        QTest::newRow("SACK permitted") << Bytes{4, 2, 1, 1} << "4:2@54 1:1@56 1:1@57" << false
                                        << TcpCheck([](const TcpInfo& t) { QVERIFY(t.sackPermitted); });
        {
            Bytes o{1, 1, 5, 10};
            put32(o, 3000);
            put32(o, 4000);
            QTest::newRow("SACK, one block") << o << "1:1@54 1:1@55 5:10@56" << false << TcpCheck([](const TcpInfo& t) {
                QCOMPARE(t.sackCount, std::uint8_t{1});
                QCOMPARE(t.sackLeft[0], 3000u);
                QCOMPARE(t.sackRight[0], 4000u);
            });
        }
        {
            Bytes o{1, 1, 5, 34};
            for (std::uint32_t i = 0; i < 4; ++i) {
                put32(o, 0xfffffff0u + i * 0x100);
                put32(o, 0xfffffff0u + i * 0x100 + 0x80);
            }
            QTest::newRow("SACK, four blocks") << o << "1:1@54 1:1@55 5:34@56" << false << TcpCheck([](const TcpInfo& t) {
                QCOMPARE(t.sackCount, std::uint8_t{4});
                QCOMPARE(t.sackLeft[0], 0xfffffff0u);
                QCOMPARE(t.sackRight[0], 0x70u);
                QCOMPARE(t.sackLeft[3], 0x2f0u);
                QCOMPARE(t.sackRight[3], 0x370u);
            });
        }
        {
            Bytes o = timestampOptions(0xdeadbeef, 7) + Bytes{1, 1, 5, 26};
            for (std::uint32_t i = 1; i <= 6; ++i)
                put32(o, i * 1000);
            QTest::newRow("timestamps and three SACK blocks") << o << "1:1@54 1:1@55 8:10@56 1:1@66 1:1@67 5:26@68"
                                                             << false << TcpCheck([](const TcpInfo& t) {
                                                                    QVERIFY(t.hasTimestamps);
                                                                    QCOMPARE(t.tsVal, 0xdeadbeefu);
                                                                    QCOMPARE(t.tsEcr, 7u);
                                                                    QCOMPARE(t.sackCount, std::uint8_t{3});
                                                                    QCOMPARE(t.sackLeft[2], 5000u);
                                                                    QCOMPARE(t.sackRight[2], 6000u);
                                                                });
        }
        QTest::newRow("Linux SYN options") << linuxSynOptions(1460, 7, 123456, 654321) << "2:4@54 4:2@58 8:10@60 1:1@70 3:3@71"
                                           << false << TcpCheck([](const TcpInfo& t) {
                                                  QVERIFY(t.hasMss && t.sackPermitted && t.hasTimestamps && t.hasWindowScale);
                                                  QCOMPARE(t.mss, std::uint16_t{1460});
                                                  QCOMPARE(t.windowScale, std::uint8_t{7});
                                                  QCOMPARE(t.tsVal, 123456u);
                                                  QCOMPARE(t.tsEcr, 654321u);
                                              });
        QTest::newRow("TFO cookie (kind 34)") << Bytes{34, 10, 1, 2, 3, 4, 5, 6, 7, 8, 1, 1} << "34:10@54 1:1@64 1:1@65"
                                              << false << TcpCheck([](const TcpInfo& t) { QVERIFY(!t.hasMss); });
        QTest::newRow("TFO cookie request") << Bytes{34, 2, 1, 1} << "34:2@54 1:1@56 1:1@57" << false
                                            << TcpCheck([](const TcpInfo&) {});
        QTest::newRow("MPTCP MP_CAPABLE (kind 30)") << Bytes{30, 12, 0x01, 0x81, 1, 2, 3, 4, 5, 6, 7, 8} << "30:12@54"
                                                    << false << TcpCheck([](const TcpInfo&) {});
        QTest::newRow("unknown kind 99") << Bytes{99, 4, 0xab, 0xcd} << "99:4@54" << false << TcpCheck([](const TcpInfo&) {});
        QTest::newRow("MSS with length 6") << Bytes{2, 6, 0x05, 0xb4, 0, 0, 1, 1} << "2:6@54 1:1@60 1:1@61" << false
                                           << TcpCheck([](const TcpInfo& t) { QVERIFY(!t.hasMss); });
        QTest::newRow("40 NOPs") << Bytes(40, 1) << [] {
            QStringList l;
            for (int i = 0; i < 40; ++i)
                l << QString("1:1@%1").arg(54 + i);
            return l.join(' ');
        }() << false << TcpCheck([](const TcpInfo& t) { QCOMPARE(t.options.size(), std::size_t{40}); });
        // Malformed options.
        QTest::newRow("length 0") << Bytes{2, 0, 0, 0} << "2:0@54" << true << TcpCheck([](const TcpInfo& t) { QVERIFY(!t.hasMss); });
        QTest::newRow("length 1") << Bytes{3, 1, 0, 0} << "3:1@54" << true
                                  << TcpCheck([](const TcpInfo& t) { QVERIFY(!t.hasWindowScale); });
        QTest::newRow("runs past the header") << Bytes{1, 8, 10, 1, 2, 3, 4, 5} << "1:1@54 8:10@55" << true
                                              << TcpCheck([](const TcpInfo& t) { QVERIFY(!t.hasTimestamps); });
        QTest::newRow("SACK past the header") << Bytes{2, 4, 0x05, 0xb4, 5, 10, 0, 0} << "2:4@54 5:10@58" << true
                                              << TcpCheck([](const TcpInfo& t) {
                                                     QVERIFY(t.hasMss);
                                                     QCOMPARE(t.sackCount, std::uint8_t{0});
                                                 });
        QTest::newRow("length byte missing") << Bytes{1, 1, 1, 2} << "1:1@54 1:1@55 1:1@56 2:0@57" << true
                                             << TcpCheck([](const TcpInfo&) {});
    }

    void tcpOptions()
    {
        QFETCH(Bytes, options);
        QFETCH(QString, list);
        QFETCH(bool, problem);
        QFETCH(TcpCheck, check);
        TcpSpec s = dataSpec(2);
        s.options = options;
        const Packet p = decode(eth(tcpV4(s)), kLtEthernet);
        QCOMPARE(layerList(p), QString("eth ip tcp data"));
        const TcpInfo& t = p.tcp[0];
        QCOMPARE(optionList(t), list);
        QCOMPARE(t.optionProblem != nullptr, problem);
        // A bad option does not make the header itself invalid: the payload is still found.
        QVERIFY(!p.layers[2].malformed);
        QCOMPARE(t.headerLength, std::uint8_t(20 + (options.size() + 3) / 4 * 4));
        QCOMPARE(t.payloadLength, 2u);
        QCOMPARE(p.layers[3].length, 2u);
        QCOMPARE(t.checksumStatus, ChecksumStatus::Good);
        check(t);
    }

    void tcpHeaderLength_data()
    {
        QTest::addColumn<int>("dataOffset");
        QTest::addColumn<int>("payloadBytes");
        QTest::addColumn<uint>("layerLength");
        QTest::newRow("data offset 0") << 0 << 0 << 20u;
        QTest::newRow("data offset 4") << 4 << 10 << 20u;
        QTest::newRow("data offset 6 beyond a 20-byte segment") << 6 << 0 << 20u;
        QTest::newRow("data offset 15 beyond a 30-byte segment") << 15 << 10 << 30u;
    }

    void tcpHeaderLength()
    {
        QFETCH(int, dataOffset);
        QFETCH(int, payloadBytes);
        QFETCH(uint, layerLength);
        TcpSpec s = dataSpec(static_cast<std::size_t>(payloadBytes));
        s.options = {};
        s.dataOffsetOverride = dataOffset;
        for (const bool v6 : {false, true}) {
            const Packet p = decode(eth(v6 ? tcpV6(s) : tcpV4(s)), kLtEthernet);
            QCOMPARE(layerList(p), QString(v6 ? "eth ipv6 tcp" : "eth ip tcp"));
            const Layer& l = p.layers[2];
            QVERIFY(l.malformed);
            QVERIFY(!l.truncated);
            QCOMPARE(l.length, layerLength);
            const TcpInfo& t = p.tcp[0];
            QCOMPARE(uint(t.headerLength), uint(dataOffset * 4));
            QCOMPARE(t.srcPort, std::uint16_t{41334});
            QCOMPARE(t.dstPort, std::uint16_t{80});
            QCOMPARE(t.seq, 1000u);
            QCOMPARE(t.ack, 2000u);
            QCOMPARE(t.flags, std::uint16_t{tcpflag::kAck | tcpflag::kPsh});
            QCOMPARE(t.window, std::uint16_t{502});
            QCOMPARE(t.checksumStatus, ChecksumStatus::Unverified);
            QVERIFY(t.options.empty());
            QVERIFY(p.anyMalformed());
        }
    }

    // ---------------------------------------------------------------- truncation (snapshot length)
    void truncated_data()
    {
        QTest::addColumn<Bytes>("frame");
        QTest::addColumn<uint>("linkType");
        QTest::addColumn<uint>("snap");
        QTest::addColumn<QString>("layers");
        QTest::addColumn<QString>("truncatedLayers");
        QTest::addColumn<Check>("check");

        const Bytes data4 = eth(tcpV4(dataSpec(100))); // TCP header 32 bytes at 34, payload at 66
        const Bytes syn4 = eth(tcpV4(synSpec()));      // TCP header 40 bytes at 34
        QTest::newRow("inside the Ethernet header") << data4 << uint(kLtEthernet) << 10u << "eth" << "eth"
                                                    << Check([](const Packet& p) {
                                                           QCOMPARE(p.layers[0].length, 10u);
                                                           QCOMPARE(qs(p.ethernet[0].dst.toString()), QString("02:00:00:00:00:0b"));
                                                       });
        QTest::newRow("inside the IPv4 header") << data4 << uint(kLtEthernet) << 24u << "eth ip" << "ip"
                                                << Check([](const Packet& p) {
                                                       QCOMPARE(p.layers[1].length, 10u);
                                                       QCOMPARE(p.ipv4[0].totalLength, std::uint16_t{152});
                                                       QCOMPARE(p.ipv4[0].ttl, std::uint8_t{64});
                                                       QCOMPARE(p.ipv4[0].protocol, std::uint8_t{6});
                                                       QCOMPARE(p.ipv4[0].checksumStatus, ChecksumStatus::Unverified);
                                                   });
        QTest::newRow("inside the TCP ports") << data4 << uint(kLtEthernet) << 37u << "eth ip tcp" << "tcp"
                                              << Check([](const Packet& p) {
                                                     QCOMPARE(p.layers[2].length, 3u);
                                                     QCOMPARE(p.tcp[0].checksumStatus, ChecksumStatus::Unverified);
                                                 });
        QTest::newRow("inside the TCP header") << data4 << uint(kLtEthernet) << 44u << "eth ip tcp" << "tcp"
                                               << Check([](const Packet& p) {
                                                      QCOMPARE(p.layers[2].length, 10u);
                                                      QCOMPARE(p.tcp[0].srcPort, std::uint16_t{41334});
                                                      QCOMPARE(p.tcp[0].dstPort, std::uint16_t{80});
                                                      QCOMPARE(p.tcp[0].seq, 1000u);
                                                      QCOMPARE(p.tcp[0].checksumStatus, ChecksumStatus::Unverified);
                                                      QCOMPARE(p.ipv4[0].checksumStatus, ChecksumStatus::Good);
                                                  });
        QTest::newRow("inside the TCP options") << syn4 << uint(kLtEthernet) << 64u << "eth ip tcp" << "tcp"
                                                << Check([](const Packet& p) {
                                                       const TcpInfo& t = p.tcp[0];
                                                       QCOMPARE(p.layers[2].length, 30u);
                                                       QCOMPARE(t.headerLength, std::uint8_t{40});
                                                       QCOMPARE(t.flags, std::uint16_t{tcpflag::kSyn});
                                                       QCOMPARE(t.window, std::uint16_t{64240});
                                                       QVERIFY(t.hasMss);
                                                       QCOMPARE(t.mss, std::uint16_t{1460});
                                                       QVERIFY(t.sackPermitted);
                                                       QVERIFY(!t.hasTimestamps);
                                                       // The capture cut the options short; they are not malformed.
                                                       QVERIFY2(t.optionProblem == nullptr, t.optionProblem);
                                                       QCOMPARE(t.checksumStatus, ChecksumStatus::Unverified);
                                                   });
        QTest::newRow("inside the TCP payload") << data4 << uint(kLtEthernet) << 116u << "eth ip tcp data" << ""
                                                << Check([](const Packet& p) {
                                                       QCOMPARE(p.tcp[0].payloadLength, 100u);
                                                       QCOMPARE(p.tcp[0].segmentLength, 132u);
                                                       QCOMPARE(p.tcp[0].payloadOffset, 66u);
                                                       QCOMPARE(p.tcp[0].checksumStatus, ChecksumStatus::Unverified);
                                                       QCOMPARE(p.layers[3].length, 50u);
                                                   });
        const Bytes udp6 = eth(udpV6(5000, 6000, Bytes(64, 7)));
        QTest::newRow("inside the IPv6 header") << udp6 << uint(kLtEthernet) << 44u << "eth ipv6" << "ipv6"
                                                << Check([](const Packet& p) {
                                                       QCOMPARE(p.layers[1].length, 30u);
                                                       QCOMPARE(p.ipv6[0].payloadLength, std::uint16_t{72});
                                                       QCOMPARE(p.ipv6[0].nextHeader, std::uint8_t{17});
                                                   });
        QTest::newRow("inside the UDP header") << udp6 << uint(kLtEthernet) << 60u << "eth ipv6 udp" << "udp"
                                               << Check([](const Packet& p) {
                                                      QCOMPARE(p.layers[2].length, 6u);
                                                      QCOMPARE(p.udp[0].srcPort, std::uint16_t{5000});
                                                      QCOMPARE(p.udp[0].dstPort, std::uint16_t{6000});
                                                      QCOMPARE(p.udp[0].length, std::uint16_t{72});
                                                      QCOMPARE(p.udp[0].checksumStatus, ChecksumStatus::Unverified);
                                                  });
        QTest::newRow("inside the UDP payload") << udp6 << uint(kLtEthernet) << 80u << "eth ipv6 udp data" << ""
                                                << Check([](const Packet& p) {
                                                       QCOMPARE(p.udp[0].checksumStatus, ChecksumStatus::Unverified);
                                                       QCOMPARE(p.layers[3].length, 18u);
                                                   });
        {
            // A DNS query cut inside its question by the snapshot length: truncated, not malformed.
            const Bytes dns = eth(udpV4(33000, 53, dnsQuery(0x1234, "www.example.com", 1)));
            QTest::newRow("inside a DNS question") << dns << uint(kLtEthernet) << 60u << "eth ip udp dns" << "dns"
                                                   << Check([](const Packet& p) {
                                                          QCOMPARE(p.dns.id, std::uint16_t{0x1234});
                                                          QVERIFY(!p.layers[3].malformed);
                                                      });
        }
        const Bytes ping = eth(ipv4(v4A(), v4B(), 1, icmpv4(8, 0, 0x00010001, Bytes(56, 0x61))));
        QTest::newRow("inside the ICMP header") << ping << uint(kLtEthernet) << 40u << "eth ip icmp" << "icmp"
                                                << Check([](const Packet& p) {
                                                       QCOMPARE(p.icmp[0].type, std::uint8_t{8});
                                                       QCOMPARE(p.icmp[0].checksumStatus, ChecksumStatus::Unverified);
                                                   });
        QTest::newRow("inside the ICMP payload") << ping << uint(kLtEthernet) << 60u << "eth ip icmp data" << ""
                                                 << Check([](const Packet& p) {
                                                        QCOMPARE(p.icmp[0].restOfHeader, 0x00010001u);
                                                        QCOMPARE(p.icmp[0].checksumStatus, ChecksumStatus::Unverified);
                                                    });
        const Bytes ping6 = eth(ipv6(v6A(), v6B(), 58, icmpv6(v6A(), v6B(), 128, 0, 1, Bytes(56, 0x61))));
        QTest::newRow("inside the ICMPv6 payload") << ping6 << uint(kLtEthernet) << 80u << "eth ipv6 icmpv6 data" << ""
                                                   << Check([](const Packet& p) {
                                                          QCOMPARE(p.icmp[0].checksumStatus, ChecksumStatus::Unverified);
                                                      });
        QTest::newRow("inside ARP") << ethernet(macA(), macB(), 0x0806, testkit::arp(1, macA(), v4A(), MacAddress{}, v4B()))
                                    << uint(kLtEthernet) << 34u << "eth arp" << "arp" << Check([](const Packet& p) {
                                           QCOMPARE(p.arp[0].opcode, std::uint16_t{1});
                                           QVERIFY(!p.arp[0].addressesPresent);
                                       });
        const Bytes tagged = ethernetTagged(macA(), macB(), {{0x8100, 10}}, 0x0800, tcpV4(synSpec()));
        QTest::newRow("inside a VLAN tag") << tagged << uint(kLtEthernet) << 16u << "eth vlan" << "vlan"
                                           << Check([](const Packet&) {});
        QTest::newRow("inside the SLL header") << linuxSll(0, macA(), 0x0800, tcpV4(synSpec())) << uint(kLtSll) << 10u
                                               << "sll" << "sll" << Check([](const Packet&) {});
        QTest::newRow("inside the SLL2 header") << linuxSll2(0x0800, 1, 0, macA(), tcpV4(synSpec())) << uint(kLtSll2) << 15u
                                                << "sll2" << "sll2" << Check([](const Packet&) {});
        QTest::newRow("inside the NULL header") << nullLoopback(2, false, tcpV4(synSpec())) << uint(kLtNull) << 2u << "null"
                                                << "null" << Check([](const Packet&) {});
        QTest::newRow("inside the PPPoE header") << ethernet(macA(), macB(), 0x8864, pppoeSession(1, 0x21, tcpV4(synSpec())))
                                                 << uint(kLtEthernet) << 18u << "eth pppoes" << "pppoes"
                                                 << Check([](const Packet&) {});
    }

    void truncated()
    {
        QFETCH(Bytes, frame);
        QFETCH(uint, linkType);
        QFETCH(uint, snap);
        QFETCH(QString, layers);
        QFETCH(QString, truncatedLayers);
        QFETCH(Check, check);
        const Packet p = decode(cut(frame, snap), linkType, static_cast<std::uint32_t>(frame.size()));
        QCOMPARE(p.capturedLength, snap);
        QCOMPARE(p.originalLength, std::uint32_t(frame.size()));
        QCOMPARE(layerList(p), layers);
        QStringList cutShort;
        for (const Layer& l : p.layers)
            if (l.truncated)
                cutShort << (l.proto == Proto::LinuxSll2 ? QString("sll2") : QString(protoAbbrev(l.proto)));
        QCOMPARE(cutShort.join(' '), truncatedLayers);
        QCOMPARE(p.anyTruncated(), !truncatedLayers.isEmpty());
        for (const Layer& l : p.layers)
            QVERIFY(l.offset + l.length <= snap);
        check(p);
    }

    // ---------------------------------------------------------------- UDP and DNS
    void udpDatagrams_data()
    {
        QTest::addColumn<Bytes>("frame");
        QTest::addColumn<QString>("layers");
        QTest::addColumn<uint>("length");
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("malformed");
        QTest::newRow("IPv4") << eth(udpV4(5000, 6000, hello())) << "eth ip udp data" << 13u << int(ChecksumStatus::Good)
                              << false;
        QTest::newRow("IPv6") << eth(udpV6(5000, 6000, hello())) << "eth ipv6 udp data" << 13u << int(ChecksumStatus::Good)
                              << false;
        QTest::newRow("IPv4, checksum 0 (none)") << eth(udpV4(5000, 6000, hello(), true)) << "eth ip udp data" << 13u
                                                 << int(ChecksumStatus::Unverified) << false;
        // Over IPv6 the checksum is mandatory: 0 is an invalid value (Wireshark: "Illegal", bad).
        QTest::newRow("IPv6, checksum 0 (illegal)") << eth(udpV6(5000, 6000, hello(), true)) << "eth ipv6 udp data" << 13u
                                                    << int(ChecksumStatus::Bad) << false;
        QTest::newRow("empty payload") << eth(udpV4(5000, 6000, {})) << "eth ip udp" << 8u << int(ChecksumStatus::Good)
                                       << false;
        {
            Bytes frame = eth(udpV4(5000, 6000, hello()));
            frame[38] = 0;
            frame[39] = 4; // length 4 < 8
            QTest::newRow("length field 4 (malformed)") << frame << "eth ip udp" << 4u << int(ChecksumStatus::Unverified)
                                                        << true;
            frame[39] = 200; // beyond the IP payload
            QTest::newRow("length field beyond the IP payload (malformed)") << frame << "eth ip udp data" << 200u
                                                                            << int(ChecksumStatus::Unverified) << true;
        }
    }

    void udpDatagrams()
    {
        QFETCH(Bytes, frame);
        QFETCH(QString, layers);
        QFETCH(uint, length);
        QFETCH(int, status);
        QFETCH(bool, malformed);
        const Packet p = decode(frame, kLtEthernet);
        QCOMPARE(layerList(p), layers);
        const UdpInfo& u = p.udp[0];
        QCOMPARE(u.srcPort, std::uint16_t{5000});
        QCOMPARE(u.dstPort, std::uint16_t{6000});
        QCOMPARE(uint(u.length), length);
        QCOMPARE(int(u.checksumStatus), status);
        QCOMPARE(u.payloadOffset, p.layers[2].offset + 8);
        QCOMPARE(p.layers[2].malformed != nullptr, malformed);
        QCOMPARE(p.topUdp(), &p.layers[2]);
    }

    void dnsMessages_data()
    {
        QTest::addColumn<Bytes>("frame");
        QTest::addColumn<QString>("layers");
        QTest::addColumn<Check>("check");

        const auto expectQuery = [](const Packet& p, std::uint16_t id, const char* name, std::uint16_t type) {
            QVERIFY(p.hasDns);
            const DnsInfo& d = p.dns;
            QCOMPARE(d.id, id);
            QCOMPARE(d.flags, std::uint16_t{0x0100});
            QVERIFY(!d.isResponse());
            QCOMPARE(d.opcode(), std::uint8_t{0});
            QCOMPARE(d.questionCount, std::uint16_t{1});
            QCOMPARE(d.answerCount, std::uint16_t{0});
            QCOMPARE(d.authorityCount, std::uint16_t{0});
            QCOMPARE(d.additionalCount, std::uint16_t{0});
            QVERIFY(d.hasQuestion);
            QCOMPARE(qs(d.question.name), QString(name));
            QCOMPARE(d.question.type, type);
            QCOMPARE(d.question.klass, std::uint16_t{1});
            QCOMPARE(d.answersDecoded, std::uint8_t{0});
        };
        QTest::newRow("A query over UDP") << eth(udpV4(33000, 53, dnsQuery(0xbeef, "www.example.com", 1))) << "eth ip udp dns"
                                          << Check([expectQuery](const Packet& p) {
                                                 expectQuery(p, 0xbeef, "www.example.com", 1);
                                                 QVERIFY(!p.dns.overTcp);
                                                 QCOMPARE(p.layers[3].offset, 42u);
                                                 QCOMPARE(p.layers[3].length, 33u);
                                             });
        QTest::newRow("AAAA query over UDP/IPv6") << eth(udpV6(33000, 53, dnsQuery(7, "ipv6.example.org", 28)))
                                                  << "eth ipv6 udp dns" << Check([expectQuery](const Packet& p) {
                                                         expectQuery(p, 7, "ipv6.example.org", 28);
                                                     });
        QTest::newRow("A response with two answers")
            << eth(udpV4(53, 33000, dnsResponse(0xbeef, "www.example.com", 1, {ip("93.184.216.34"), ip("93.184.216.35")})))
            << "eth ip udp dns" << Check([](const Packet& p) {
                   const DnsInfo& d = p.dns;
                   QCOMPARE(d.id, std::uint16_t{0xbeef});
                   QCOMPARE(d.flags, std::uint16_t{0x8180});
                   QVERIFY(d.isResponse());
                   QCOMPARE(d.rcode(), std::uint8_t{0});
                   QCOMPARE(d.questionCount, std::uint16_t{1});
                   QCOMPARE(d.answerCount, std::uint16_t{2});
                   QCOMPARE(qs(d.question.name), QString("www.example.com"));
                   QCOMPARE(d.answersDecoded, std::uint8_t{2});
                   QCOMPARE(qs(d.answers[0].name), QString("www.example.com"));
                   QCOMPARE(d.answers[0].type, std::uint16_t{1});
                   QCOMPARE(d.answers[0].klass, std::uint16_t{1});
                   QCOMPARE(d.answers[0].ttl, 300u);
                   QCOMPARE(qs(d.answers[0].data), QString("93.184.216.34"));
                   QCOMPARE(qs(d.answers[1].data), QString("93.184.216.35"));
               });
        QTest::newRow("AAAA response") << eth(udpV6(53, 33000, dnsResponse(9, "example.net", 28, {ip("2001:db8::1")})))
                                       << "eth ipv6 udp dns" << Check([](const Packet& p) {
                                              QCOMPARE(p.dns.answersDecoded, std::uint8_t{1});
                                              QCOMPARE(p.dns.answers[0].type, std::uint16_t{28});
                                              QCOMPARE(qs(p.dns.answers[0].data), QString("2001:db8::1"));
                                          });
        QTest::newRow("CNAME and A response") << eth(udpV4(53, 33000, dnsCnameResponse())) << "eth ip udp dns"
                                              << Check([](const Packet& p) {
                                                     const DnsInfo& d = p.dns;
                                                     QCOMPARE(d.id, std::uint16_t{0x0102});
                                                     QCOMPARE(d.answerCount, std::uint16_t{2});
                                                     QCOMPARE(d.answersDecoded, std::uint8_t{2});
                                                     QCOMPARE(qs(d.answers[0].name), QString("www.example.com"));
                                                     QCOMPARE(d.answers[0].type, std::uint16_t{5});
                                                     QCOMPARE(d.answers[0].ttl, 60u);
                                                     QCOMPARE(qs(d.answers[0].data), QString("cdn.example.com"));
                                                     QCOMPARE(qs(d.answers[1].name), QString("cdn.example.com"));
                                                     QCOMPARE(d.answers[1].type, std::uint16_t{1});
                                                     QCOMPARE(d.answers[1].ttl, 30u);
                                                     QCOMPARE(qs(d.answers[1].data), QString("192.0.2.53"));
                                                     QVERIFY(!p.layers[3].malformed);
                                                 });
        QTest::newRow("NXDomain") << eth(udpV4(53, 33000, dnsResponse(0x4242, "nope.example", 1, {}, 3))) << "eth ip udp dns"
                                  << Check([](const Packet& p) {
                                         QCOMPARE(p.dns.flags, std::uint16_t{0x8183});
                                         QCOMPARE(p.dns.rcode(), std::uint8_t{3});
                                         QCOMPARE(p.dns.answerCount, std::uint16_t{0});
                                         QCOMPARE(qs(p.dns.question.name), QString("nope.example"));
                                     });
        {
            TcpSpec s = dataSpec(0);
            s.srcPort = 40000;
            s.dstPort = 53;
            s.payload = withLengthPrefix(dnsQuery(0x5151, "tcp.example.com", 1));
            QTest::newRow("query over TCP (length prefix)") << eth(tcpV4(s)) << "eth ip tcp dns" << Check([expectQuery](const Packet& p) {
                expectQuery(p, 0x5151, "tcp.example.com", 1);
                QVERIFY(p.dns.overTcp);
                QCOMPARE(p.layers[3].offset, 66u);
                QCOMPARE(p.layers[3].length, 35u);
            });
            TcpSpec r = s;
            r.srcPort = 53;
            r.dstPort = 40000;
            r.payload = withLengthPrefix(dnsCnameResponse());
            QTest::newRow("response over TCP") << eth(tcpV6(r)) << "eth ipv6 tcp dns" << Check([](const Packet& p) {
                QVERIFY(p.dns.overTcp);
                QVERIFY(p.dns.isResponse());
                QCOMPARE(p.dns.id, std::uint16_t{0x0102});
                QCOMPARE(p.dns.answersDecoded, std::uint8_t{2});
                QCOMPARE(qs(p.dns.answers[0].data), QString("cdn.example.com"));
                QCOMPARE(qs(p.dns.answers[1].data), QString("192.0.2.53"));
            });
        }
        QTest::newRow("mDNS on 5353") << eth(udpV4(5353, 5353, dnsQuery(0, "printer.local", 12))) << "eth ip udp dns"
                                      << Check([expectQuery](const Packet& p) { expectQuery(p, 0, "printer.local", 12); });
        {
            Bytes shortQuestion = dnsQuery(1, "www.example.com", 1);
            shortQuestion.resize(20); // the message itself ends inside the name
            QTest::newRow("question cut short inside the message (malformed)")
                << eth(udpV4(33000, 53, shortQuestion)) << "eth ip udp dns" << Check([](const Packet& p) {
                       QVERIFY(p.layers[3].malformed);
                       QVERIFY(!p.dns.hasQuestion);
                       QCOMPARE(p.dns.id, std::uint16_t{1});
                   });
        }
    }

    void dnsMessages()
    {
        QFETCH(Bytes, frame);
        QFETCH(QString, layers);
        QFETCH(Check, check);
        const Packet p = decode(frame, kLtEthernet);
        QCOMPARE(layerList(p), layers);
        check(p);
        // Without DNS decoding the payload stays data.
        DecodeOptions o;
        o.decodeDns = false;
        const Packet raw = decode(frame, kLtEthernet, 0, o);
        QVERIFY(!raw.hasDns);
        QCOMPARE(layerList(raw), QString(layers).replace(" dns", " data"));
    }

    // ---------------------------------------------------------------- checksums
    void checksums_data()
    {
        QTest::addColumn<Bytes>("frame");
        QTest::addColumn<uint>("snap");       // 0: the whole frame
        QTest::addColumn<QString>("layer");   // whose checksum
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("correct");     // the correct checksum, -1 when not computed

        const int good = int(ChecksumStatus::Good), bad = int(ChecksumStatus::Bad), unverified = int(ChecksumStatus::Unverified);
        const auto rows = [&](const char* name, const Bytes& goodFrame, const Bytes& badFrame, const char* layer,
                              std::size_t checksumAt) {
            const int correct = be16(goodFrame, checksumAt);
            QVERIFY(be16(badFrame, checksumAt) != correct);
            QTest::newRow(qPrintable(QString(name) + ", good")) << goodFrame << 0u << layer << good << correct;
            QTest::newRow(qPrintable(QString(name) + ", bad")) << badFrame << 0u << layer << bad << correct;
        };
        {
            Ipv4Options o;
            o.badChecksum = true;
            rows("IPv4 header", eth(tcpV4(synSpec())), eth(tcpV4(synSpec(), o)), "ip", 24);
        }
        {
            TcpSpec s = dataSpec(33);
            TcpSpec b = s;
            b.badChecksum = true;
            rows("TCP over IPv4", eth(tcpV4(s)), eth(tcpV4(b)), "tcp", 34 + 16);
            rows("TCP over IPv6", eth(tcpV6(s)), eth(tcpV6(b)), "tcp", 54 + 16);
        }
        {
            const auto corrupt = [](Bytes f, std::size_t at) {
                f[at] ^= 0x21;
                f[at + 1] ^= 0x43;
                return f;
            };
            const Bytes u4 = eth(udpV4(5000, 6000, bytesOf("odd length!")));
            rows("UDP over IPv4", u4, corrupt(u4, 40), "udp", 40);
            const Bytes u6 = eth(udpV6(5000, 6000, bytesOf("odd length!")));
            rows("UDP over IPv6", u6, corrupt(u6, 60), "udp", 60);
            const Bytes i4 = eth(ipv4(v4A(), v4B(), 1, icmpv4(8, 0, 0x00010001, bytesOf("abcdefg"))));
            rows("ICMP", i4, corrupt(i4, 36), "icmp", 36);
            const Bytes i6 = eth(ipv6(v6A(), v6B(), 58, icmpv6(v6A(), v6B(), 128, 0, 0x00010001, bytesOf("abcdefg"))));
            rows("ICMPv6", i6, corrupt(i6, 56), "icmpv6", 56);
            // A payload byte changed after the checksum was computed.
            Bytes payloadChanged = eth(tcpV4(dataSpec(33)));
            payloadChanged[70] ^= 0x01;
            TcpSpec changed = dataSpec(33);
            changed.payload[4] ^= 0x01;
            QTest::newRow("TCP over IPv4, payload changed") << payloadChanged << 0u << "tcp" << bad
                                                            << int(be16(eth(tcpV4(changed)), 50));
        }
        QTest::newRow("TCP, truncated payload") << eth(tcpV4(dataSpec(100))) << 100u << "tcp" << unverified << -1;
        QTest::newRow("UDP, truncated payload") << eth(udpV4(5000, 6000, Bytes(100, 1))) << 100u << "udp" << unverified << -1;
        QTest::newRow("ICMP, truncated payload") << eth(ipv4(v4A(), v4B(), 1, icmpv4(8, 0, 1, Bytes(100, 1)))) << 100u
                                                 << "icmp" << unverified << -1;
        QTest::newRow("ICMPv6, truncated payload") << eth(ipv6(v6A(), v6B(), 58, icmpv6(v6A(), v6B(), 128, 0, 1, Bytes(100, 1))))
                                                   << 100u << "icmpv6" << unverified << -1;
        QTest::newRow("IPv4, truncated header") << eth(tcpV4(synSpec())) << 30u << "ip" << unverified << -1;
        QTest::newRow("UDP over IPv4, checksum 0") << eth(udpV4(5000, 6000, hello(), true)) << 0u << "udp" << unverified << -1;
    }

    void checksums()
    {
        QFETCH(Bytes, frame);
        QFETCH(uint, snap);
        QFETCH(QString, layer);
        QFETCH(int, status);
        QFETCH(int, correct);
        const Bytes captured = snap ? cut(frame, snap) : frame;
        const Packet p = decode(captured, kLtEthernet, static_cast<std::uint32_t>(frame.size()));
        ChecksumStatus got;
        std::uint16_t computed;
        if (layer == "ip") {
            got = p.ipv4[0].checksumStatus;
            computed = p.ipv4[0].checksumComputed;
        } else if (layer == "tcp") {
            got = p.tcp[0].checksumStatus;
            computed = p.tcp[0].checksumComputed;
        } else if (layer == "udp") {
            got = p.udp[0].checksumStatus;
            computed = p.udp[0].checksumComputed;
        } else {
            QCOMPARE(p.icmp.size(), std::size_t{1});
            got = p.icmp[0].checksumStatus;
            computed = p.icmp[0].checksumComputed;
        }
        QCOMPARE(int(got), status);
        if (correct >= 0)
            QCOMPARE(QString::number(computed, 16), QString::number(correct, 16));
        // The layers above IP stay decodable whatever a checksum says.
        QVERIFY(!p.anyMalformed());
    }

    void checksumsNotVerifiedWhenDisabled()
    {
        DecodeOptions o;
        o.verifyChecksums = false;
        const Packet t = decode(eth(tcpV4(dataSpec())), kLtEthernet, 0, o);
        QCOMPARE(t.ipv4[0].checksumStatus, ChecksumStatus::Unverified);
        QCOMPARE(t.tcp[0].checksumStatus, ChecksumStatus::Unverified);
        const Packet u = decode(eth(udpV6(1, 2, hello())), kLtEthernet, 0, o);
        QCOMPARE(u.udp[0].checksumStatus, ChecksumStatus::Unverified);
        const Packet i = decode(eth(ipv4(v4A(), v4B(), 1, icmpv4(8, 0, 1, hello()))), kLtEthernet, 0, o);
        QCOMPARE(i.icmp[0].checksumStatus, ChecksumStatus::Unverified);
    }

    // ---------------------------------------------------------------- packet reuse
    void packetReuseResetsEverything()
    {
        // One Packet for many frames: nothing of a previous frame leaks into the next.
        Packet p;
        TcpSpec s = synSpec();
        s.options = Bytes{2, 0}; // malformed option
        const Bytes first = eth(tcpV4(s));
        decodePacket(first, kLtEthernet, static_cast<std::uint32_t>(first.size()), p);
        QVERIFY(p.tcp[0].optionProblem);
        const Bytes dns = eth(udpV4(33000, 53, dnsQuery(1, "a.example", 1)));
        decodePacket(dns, kLtEthernet, static_cast<std::uint32_t>(dns.size()), p);
        QVERIFY(p.hasDns);
        const Bytes second = eth(tcpV6(dataSpec(0)));
        decodePacket(second, kLtEthernet, static_cast<std::uint32_t>(second.size()), p);
        QCOMPARE(layerList(p), QString("eth ipv6 tcp"));
        QVERIFY(!p.hasDns);
        QVERIFY(p.ipv4.empty());
        QVERIFY(p.udp.empty());
        QCOMPARE(p.tcp.size(), std::size_t{1});
        QVERIFY2(p.tcp[0].optionProblem == nullptr, p.tcp[0].optionProblem);
        QCOMPARE(optionList(p.tcp[0]), QString("1:1@74 1:1@75 8:10@76"));
        QVERIFY(!p.tcp[0].hasMss);
    }

    // ---------------------------------------------------------------- robustness
    void randomInputNeverCrashes()
    {
        std::mt19937 rng(20240610);
        const std::vector<std::uint32_t> linkTypes{kLtNull, kLtEthernet, kLtRaw12, kLtRaw14, kLtRaw, kLtLoop,
                                                   kLtSll,  kLtIpv4,     kLtIpv6,  kLtSll2,  147};
        // Valid frames to mutate, per link type family.
        TcpSpec sack = dataSpec(20);
        sack.options = Bytes{1, 1, 5, 18, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4};
        Bytes hbh{0xc2, 0x04};
        put32(hbh, 100000);
        const std::vector<Bytes> ipPackets{
            tcpV4(synSpec()),
            tcpV4(sack),
            tcpV6(dataSpec(30)),
            udpV4(33000, 53, dnsQuery(1, "www.example.com", 1)),
            udpV4(53, 33000, dnsCnameResponse()),
            udpV6(53, 33000, dnsResponse(2, "x.example", 28, {ip("2001:db8::1")})),
            ipv4(v4B(), v4A(), 1, icmpv4(3, 3, 0, cut(tcpV4(synSpec()), 28))),
            ipv4(v4B(), v4A(), 1, icmpv4(11, 0, 0, cut(ipv4(v4B(), v4A(), 1, icmpv4(3, 1, 0, cut(tcpV4(synSpec()), 28))), 56))),
            ipv6(v6B(), v6A(), 58, icmpv6(v6B(), v6A(), 1, 4, 0, udpV6(1, 53, withLengthPrefix(dnsQuery(3, "q", 1))))),
            ipv6(v6A(), v6B(), 6, tcp(v6A(), v6B(), dataSpec(5)), 64, {{0, hbh}, {44, {0, 1, 0, 0, 0, 1}}}, 0),
            ipv4(v4A(), v4B(), 6, tcp(v4A(), v4B(), [] {
                     TcpSpec s = dataSpec(0);
                     s.srcPort = 53;
                     s.payload = withLengthPrefix(dnsCnameResponse());
                     return s;
                 }())),
        };
        std::vector<std::pair<std::uint32_t, Bytes>> seeds;
        for (const Bytes& ipPacket : ipPackets) {
            const bool v6 = (ipPacket[0] >> 4) == 6;
            seeds.emplace_back(kLtEthernet, eth(ipPacket));
            seeds.emplace_back(kLtEthernet, ethernetTagged(macA(), macB(), {{0x88a8, 1}, {0x8100, 2}}, v6 ? 0x86dd : 0x0800, ipPacket));
            seeds.emplace_back(kLtEthernet, ethernet(macA(), macB(), 0x8864, pppoeSession(1, v6 ? 0x57 : 0x21, ipPacket)));
            seeds.emplace_back(kLtSll, linuxSll(0, macA(), v6 ? 0x86dd : 0x0800, ipPacket));
            seeds.emplace_back(kLtSll2, linuxSll2(v6 ? 0x86dd : 0x0800, 1, 4, macA(), ipPacket));
            seeds.emplace_back(kLtNull, nullLoopback(v6 ? 30 : 2, false, ipPacket));
            seeds.emplace_back(kLtLoop, nullLoopback(v6 ? 24 : 2, true, ipPacket));
            seeds.emplace_back(kLtRaw, ipPacket);
            seeds.emplace_back(v6 ? kLtIpv6 : kLtIpv4, ipPacket);
        }
        seeds.emplace_back(kLtEthernet, ethernet(macA(), macB(), 0x0806, testkit::arp(1, macA(), v4A(), MacAddress{}, v4B())));
        const auto check = [](const Bytes& frame, std::uint32_t linkType, std::uint32_t originalLength) {
            Packet p;
            decodePacket(frame, linkType, originalLength, p);
            for (const Layer& l : p.layers)
                if (std::uint64_t{l.offset} + l.length > frame.size())
                    return false;
            return p.capturedLength == frame.size();
        };
        int decoded = 0;
        for (const std::uint32_t lt : linkTypes) {
            for (int i = 0; i < 300; ++i) {
                Bytes frame(rng() % 200);
                for (auto& b : frame)
                    b = static_cast<std::uint8_t>(rng());
                QVERIFY2(check(frame, lt, static_cast<std::uint32_t>(frame.size() + rng() % 100)),
                         qPrintable(QString("random frame %1 of link type %2").arg(i).arg(lt)));
                ++decoded;
            }
        }
        for (std::size_t k = 0; k < seeds.size(); ++k) {
            const auto& [lt, seed] = seeds[k];
            for (int i = 0; i < 300; ++i) {
                Bytes frame = seed;
                const int edits = 1 + static_cast<int>(rng() % 8);
                for (int e = 0; e < edits; ++e) {
                    const std::size_t at = rng() % frame.size();
                    switch (rng() % 4) {
                    case 0: frame[at] = static_cast<std::uint8_t>(rng()); break;
                    case 1: frame[at] ^= static_cast<std::uint8_t>(1u << (rng() % 8)); break;
                    case 2: frame[at] = (rng() % 2) ? 0x00 : 0xff; break;
                    default: frame[at] = static_cast<std::uint8_t>(frame[at] + 1); break;
                    }
                }
                if (rng() % 3 == 0)
                    frame.resize(rng() % (frame.size() + 1));
                QVERIFY2(check(frame, lt, static_cast<std::uint32_t>(seed.size())),
                         qPrintable(QString("mutation %1 of seed %2").arg(i).arg(k)));
                ++decoded;
            }
        }
        QVERIFY(decoded > 3000);
    }
};

QTEST_GUILESS_MAIN(TestDecoders)
#include "test_decoders.moc"
