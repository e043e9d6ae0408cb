// TcpdumpFormatter against tcpdump 4.99.3: every expected line below is the output of
// `tcpdump -n -tt -S -r` (absolute) and `tcpdump -n -tt -r` (relative numbers) on the capture the row
// builds. To regenerate them, run this test with SYNSCOPE_TCPDUMP_CASES=<dir>: each row's capture is
// written to <dir>/<row>.pcapng (the test does not run tcpdump itself).
#include "capture_script.h"
#include "decode/decoder.h"
#include "decode/text/tcpdump_text.h"

#include <QDir>
#include <QRegularExpression>
#include <QtTest>
#include <functional>
#include <net/if.h>
#include <random>

using namespace synscope;
using namespace synscope::testkit;

using Build = std::function<void(CaptureScript&)>;
Q_DECLARE_METATYPE(Build)

namespace {

constexpr std::uint32_t kLtNull = 0, kLtEthernet = 1, kLtRaw = 101, kLtLoop = 108, kLtSll = 113, kLtIpv4 = 228,
                        kLtIpv6 = 229, kLtSll2 = 276;

MacAddress macA() { return mac(0x0a); }
MacAddress macB() { return mac(0x0b); }
IpAddress v4A() { return ip("192.0.2.10"); }
IpAddress v4B() { return ip("198.51.100.20"); }
IpAddress v6A() { return ip("2001:db8::10"); }
IpAddress v6B() { return ip("2001:db8:1::20"); }

Bytes operator+(Bytes a, const Bytes& b)
{
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

void put32(Bytes& b, std::uint32_t v)
{
    for (int i = 3; i >= 0; --i)
        b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

Bytes be32(std::uint32_t v)
{
    Bytes b;
    put32(b, v);
    return b;
}

Bytes cut(const Bytes& frame, std::size_t n) { return Bytes(frame.begin(), frame.begin() + static_cast<long>(n)); }

// Adds a frame, then moves the clock by 1.234 ms.
void add(CaptureScript& s, const Bytes& frame, std::uint32_t snap = 0)
{
    s.add(frame, 0, snap);
    s.advance(1'234'000);
}

// The two ends of a TCP connection.
struct Ends {
    IpAddress client, server;
    std::uint16_t clientPort = 41334, serverPort = 80;
};
Ends v4Ends(std::uint16_t cp = 41334, std::uint16_t sp = 80) { return {v4A(), v4B(), cp, sp}; }
Ends v6Ends(std::uint16_t cp = 41334, std::uint16_t sp = 80) { return {v6A(), v6B(), cp, sp}; }

Bytes ipPacket(const IpAddress& src, const IpAddress& dst, std::uint8_t proto, const Bytes& payload)
{
    return src.version == 6 ? ipv6(src, dst, proto, payload) : ipv4(src, dst, proto, payload);
}

struct Seg {
    std::uint16_t flags = tcpflag::kAck;
    std::uint32_t seq = 0, ack = 0;
    Bytes payload;
    Bytes options;
    std::uint16_t window = 502;
    std::uint16_t urgent = 0;
    int dataOffset = -1;
};

TcpSpec spec(const Ends& e, bool fromClient, const Seg& g)
{
    TcpSpec s;
    s.srcPort = fromClient ? e.clientPort : e.serverPort;
    s.dstPort = fromClient ? e.serverPort : e.clientPort;
    s.seq = g.seq;
    s.ack = g.ack;
    s.flags = g.flags;
    s.window = g.window;
    s.urgent = g.urgent;
    s.options = g.options;
    s.payload = g.payload;
    s.dataOffsetOverride = g.dataOffset;
    return s;
}

// The IP packet of a segment.
Bytes ipSeg(const Ends& e, bool fromClient, const Seg& g)
{
    const IpAddress& src = fromClient ? e.client : e.server;
    const IpAddress& dst = fromClient ? e.server : e.client;
    return ipPacket(src, dst, 6, tcp(src, dst, spec(e, fromClient, g)));
}

// The Ethernet frame of a segment.
Bytes seg(const Ends& e, bool fromClient, const Seg& g)
{
    return ethernetIp(fromClient ? macA() : macB(), fromClient ? macB() : macA(), ipSeg(e, fromClient, g));
}

Bytes udpFrame(const IpAddress& src, const IpAddress& dst, std::uint16_t sp, std::uint16_t dp, const Bytes& payload,
               bool zeroChecksum = false)
{
    return ethernetIp(macA(), macB(), ipPacket(src, dst, 17, udp(src, dst, sp, dp, payload, zeroChecksum)));
}

// A DNS response for www.example.com: CNAME cdn.example.com, then A 192.0.2.53 for that name.
Bytes dnsCnameResponse()
{
    Bytes b{0x01, 0x02, 0x81, 0x80, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00};
    b = b + Bytes{3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0x00, 0x01, 0x00, 0x01};
    b = b + Bytes{0xc0, 0x0c, 0x00, 0x05, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x06, 3, 'c', 'd', 'n', 0xc0, 0x10};
    b = b + Bytes{0xc0, 0x2d, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x1e, 0x00, 0x04, 192, 0, 2, 53};
    return b;
}

Bytes withLengthPrefix(const Bytes& dns)
{
    return Bytes{static_cast<std::uint8_t>(dns.size() >> 8), static_cast<std::uint8_t>(dns.size())} + dns;
}

constexpr std::uint32_t kClientIsn = 987654321, kServerIsn = 123456789;

QStringList format(const CaptureScript& script, TcpdumpNumbers numbers)
{
    TcpdumpFormatter formatter(numbers);
    Packet packet;
    QStringList out;
    for (const ScriptPacket& p : script.packets()) {
        decodePacket(p.data, script.interfaces()[p.interfaceIndex].linkType, p.originalLength, packet);
        FrameContext context;
        context.time = p.time;
        std::string line;
        formatter.appendLine(packet, p.data, context, line);
        out << QString::fromStdString(line);
    }
    return out;
}

// With SYNSCOPE_TCPDUMP_CASES set, writes the row's capture for regenerating the expectations.
void dumpForTcpdump(const CaptureScript& script, const char* row)
{
    const QByteArray dir = qgetenv("SYNSCOPE_TCPDUMP_CASES");
    if (dir.isEmpty())
        return;
    QString name = QString::fromUtf8(row);
    name.replace(QRegularExpression("[^A-Za-z0-9]+"), "_");
    QDir().mkpath(QString::fromLocal8Bit(dir));
    std::string error;
    const std::string path = (QString::fromLocal8Bit(dir) + "/" + name + ".pcapng").toStdString();
    if (!script.write(path, CaptureFileFormat::PcapNg, error))
        qWarning("cannot write %s: %s", path.c_str(), error.c_str());
}

QString compareLines(const char* form, const QStringList& actual, const QStringList& expected)
{
    QString out;
    if (actual.size() != expected.size())
        out += QString("\n  %1: %2 lines, expected %3").arg(form).arg(actual.size()).arg(expected.size());
    for (qsizetype i = 0; i < std::min(actual.size(), expected.size()); ++i)
        if (actual[i] != expected[i])
            out += QString("\n  %1, line %2:\n    actual:   %3\n    expected: %4").arg(form).arg(i + 1).arg(actual[i], expected[i]);
    return out;
}

} // namespace

class TestTcpdumpText : public QObject {
    Q_OBJECT

private slots:
    void lines_data()
    {
        QTest::addColumn<uint>("linkType");
        QTest::addColumn<Build>("build");
        QTest::addColumn<QStringList>("absolute"); // tcpdump -n -tt -S
        QTest::addColumn<QStringList>("relative"); // tcpdump -n -tt (empty: identical to -S)

        // ------------------------------------------------------------ TCP
        QTest::newRow("handshake, HTTP request and response, FIN close") << uint(kLtEthernet) << Build([](CaptureScript& s) {
            const Ends e = v4Ends();
            const std::uint32_t c = kClientIsn, v = kServerIsn;
            const Bytes request = bytesOf("GET /index.html HTTP/1.1\r\nHost: example.com\r\n\r\n");
            const Bytes response = bytesOf("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            const std::uint32_t rq = static_cast<std::uint32_t>(request.size()), rs = static_cast<std::uint32_t>(response.size());
            add(s, seg(e, true, {tcpflag::kSyn, c, 0, {}, linuxSynOptions(1460, 7, 1000, 0), 64240}));
            add(s, seg(e, false, {tcpflag::kSyn | tcpflag::kAck, v, c + 1, {}, linuxSynOptions(1400, 9, 2000, 1000), 65160}));
            add(s, seg(e, true, {tcpflag::kAck, c + 1, v + 1, {}, timestampOptions(1001, 2000)}));
            add(s, seg(e, true, {tcpflag::kPsh | tcpflag::kAck, c + 1, v + 1, request, timestampOptions(1002, 2000)}));
            add(s, seg(e, false, {tcpflag::kAck, v + 1, c + 1 + rq, {}, timestampOptions(2001, 1002), 509}));
            add(s, seg(e, false, {tcpflag::kPsh | tcpflag::kAck, v + 1, c + 1 + rq, response, timestampOptions(2002, 1002), 509}));
            add(s, seg(e, true, {tcpflag::kAck, c + 1 + rq, v + 1 + rs, {}, timestampOptions(1003, 2002)}));
            add(s, seg(e, true, {tcpflag::kFin | tcpflag::kAck, c + 1 + rq, v + 1 + rs, {}, timestampOptions(1004, 2002)}));
            add(s, seg(e, false, {tcpflag::kFin | tcpflag::kAck, v + 1 + rs, c + 2 + rq, {}, timestampOptions(2003, 1004), 509}));
            add(s, seg(e, true, {tcpflag::kAck, c + 2 + rq, v + 2 + rs, {}, timestampOptions(1005, 2003)}));
        }) << QStringList{
            "1718000000.000000 IP 192.0.2.10.41334 > 198.51.100.20.80: Flags [S], seq 987654321, win 64240, options [mss 1460,sackOK,TS val 1000 ecr 0,nop,wscale 7], length 0",
            "1718000000.001234 IP 198.51.100.20.80 > 192.0.2.10.41334: Flags [S.], seq 123456789, ack 987654322, win 65160, options [mss 1400,sackOK,TS val 2000 ecr 1000,nop,wscale 9], length 0",
            "1718000000.002468 IP 192.0.2.10.41334 > 198.51.100.20.80: Flags [.], ack 123456790, win 502, options [nop,nop,TS val 1001 ecr 2000], length 0",
            "1718000000.003702 IP 192.0.2.10.41334 > 198.51.100.20.80: Flags [P.], seq 987654322:987654369, ack 123456790, win 502, options [nop,nop,TS val 1002 ecr 2000], length 47: HTTP: GET /index.html HTTP/1.1",
            "1718000000.004936 IP 198.51.100.20.80 > 192.0.2.10.41334: Flags [.], ack 987654369, win 509, options [nop,nop,TS val 2001 ecr 1002], length 0",
            "1718000000.006170 IP 198.51.100.20.80 > 192.0.2.10.41334: Flags [P.], seq 123456790:123456828, ack 987654369, win 509, options [nop,nop,TS val 2002 ecr 1002], length 38: HTTP: HTTP/1.1 200 OK",
            "1718000000.007404 IP 192.0.2.10.41334 > 198.51.100.20.80: Flags [.], ack 123456828, win 502, options [nop,nop,TS val 1003 ecr 2002], length 0",
            "1718000000.008638 IP 192.0.2.10.41334 > 198.51.100.20.80: Flags [F.], seq 987654369, ack 123456828, win 502, options [nop,nop,TS val 1004 ecr 2002], length 0",
            "1718000000.009872 IP 198.51.100.20.80 > 192.0.2.10.41334: Flags [F.], seq 123456828, ack 987654370, win 509, options [nop,nop,TS val 2003 ecr 1004], length 0",
            "1718000000.011106 IP 192.0.2.10.41334 > 198.51.100.20.80: Flags [.], ack 123456829, win 502, options [nop,nop,TS val 1005 ecr 2003], length 0",
        } << QStringList{
            "1718000000.000000 IP 192.0.2.10.41334 > 198.51.100.20.80: Flags [S], seq 987654321, win 64240, options [mss 1460,sackOK,TS val 1000 ecr 0,nop,wscale 7], length 0",
            "1718000000.001234 IP 198.51.100.20.80 > 192.0.2.10.41334: Flags [S.], seq 123456789, ack 987654322, win 65160, options [mss 1400,sackOK,TS val 2000 ecr 1000,nop,wscale 9], length 0",
            "1718000000.002468 IP 192.0.2.10.41334 > 198.51.100.20.80: Flags [.], ack 1, win 502, options [nop,nop,TS val 1001 ecr 2000], length 0",
            "1718000000.003702 IP 192.0.2.10.41334 > 198.51.100.20.80: Flags [P.], seq 1:48, ack 1, win 502, options [nop,nop,TS val 1002 ecr 2000], length 47: HTTP: GET /index.html HTTP/1.1",
            "1718000000.004936 IP 198.51.100.20.80 > 192.0.2.10.41334: Flags [.], ack 48, win 509, options [nop,nop,TS val 2001 ecr 1002], length 0",
            "1718000000.006170 IP 198.51.100.20.80 > 192.0.2.10.41334: Flags [P.], seq 1:39, ack 48, win 509, options [nop,nop,TS val 2002 ecr 1002], length 38: HTTP: HTTP/1.1 200 OK",
            "1718000000.007404 IP 192.0.2.10.41334 > 198.51.100.20.80: Flags [.], ack 39, win 502, options [nop,nop,TS val 1003 ecr 2002], length 0",
            "1718000000.008638 IP 192.0.2.10.41334 > 198.51.100.20.80: Flags [F.], seq 48, ack 39, win 502, options [nop,nop,TS val 1004 ecr 2002], length 0",
            "1718000000.009872 IP 198.51.100.20.80 > 192.0.2.10.41334: Flags [F.], seq 39, ack 49, win 509, options [nop,nop,TS val 2003 ecr 1004], length 0",
            "1718000000.011106 IP 192.0.2.10.41334 > 198.51.100.20.80: Flags [.], ack 40, win 502, options [nop,nop,TS val 1005 ecr 2003], length 0",
        };

        QTest::newRow("SYN refused by RST/ACK, then a bare RST") << uint(kLtEthernet) << Build([](CaptureScript& s) {
            const Ends e = v4Ends(41336, 8081);
            add(s, seg(e, true, {tcpflag::kSyn, kClientIsn, 0, {}, linuxSynOptions(1460, 7, 1000, 0), 64240}));
            add(s, seg(e, false, {tcpflag::kRst | tcpflag::kAck, 0, kClientIsn + 1, {}, {}, 0}));
            add(s, seg(e, true, {tcpflag::kRst, kClientIsn + 1, 0, {}, {}, 0}));
        }) << QStringList{
            "1718000000.000000 IP 192.0.2.10.41336 > 198.51.100.20.8081: Flags [S], seq 987654321, win 64240, options [mss 1460,sackOK,TS val 1000 ecr 0,nop,wscale 7], length 0",
            "1718000000.001234 IP 198.51.100.20.8081 > 192.0.2.10.41336: Flags [R.], seq 0, ack 987654322, win 0, length 0",
            "1718000000.002468 IP 192.0.2.10.41336 > 198.51.100.20.8081: Flags [R], seq 987654322, win 0, length 0",
        } << QStringList{};

        QTest::newRow("capture starts mid-connection, RST/ACK then bare RST") << uint(kLtEthernet) << Build([](CaptureScript& s) {
            const Ends e = v4Ends(43766, 3306);
            add(s, seg(e, true, {tcpflag::kPsh | tcpflag::kAck, 777777, 888888, Bytes(100, 'q'), {}, 229}));
            add(s, seg(e, false, {tcpflag::kAck, 888888, 777877, {}, {}, 235}));
            add(s, seg(e, false, {tcpflag::kPsh | tcpflag::kAck, 888888, 777877, Bytes(78, 'r'), {}, 235}));
            add(s, seg(e, true, {tcpflag::kRst | tcpflag::kAck, 777877, 888966, {}, {}, 229}));
            add(s, seg(e, true, {tcpflag::kRst, 731770275, 0, {}, {}, 0}));
        }) << QStringList{
            "1718000000.000000 IP 192.0.2.10.43766 > 198.51.100.20.3306: Flags [P.], seq 777777:777877, ack 888888, win 229, length 100",
            "1718000000.001234 IP 198.51.100.20.3306 > 192.0.2.10.43766: Flags [.], ack 777877, win 235, length 0",
            "1718000000.002468 IP 198.51.100.20.3306 > 192.0.2.10.43766: Flags [P.], seq 888888:888966, ack 777877, win 235, length 78",
            "1718000000.003702 IP 192.0.2.10.43766 > 198.51.100.20.3306: Flags [R.], seq 777877, ack 888966, win 229, length 0",
            "1718000000.004936 IP 192.0.2.10.43766 > 198.51.100.20.3306: Flags [R], seq 731770275, win 0, length 0",
        } << QStringList{
            "1718000000.000000 IP 192.0.2.10.43766 > 198.51.100.20.3306: Flags [P.], seq 777777:777877, ack 888888, win 229, length 100",
            "1718000000.001234 IP 198.51.100.20.3306 > 192.0.2.10.43766: Flags [.], ack 100, win 235, length 0",
            "1718000000.002468 IP 198.51.100.20.3306 > 192.0.2.10.43766: Flags [P.], seq 1:79, ack 100, win 235, length 78",
            "1718000000.003702 IP 192.0.2.10.43766 > 198.51.100.20.3306: Flags [R.], seq 100, ack 79, win 229, length 0",
            "1718000000.004936 IP 192.0.2.10.43766 > 198.51.100.20.3306: Flags [R], seq 731770275, win 0, length 0",
        };

        QTest::newRow("flag letters, urg") << uint(kLtEthernet) << Build([](CaptureScript& s) {
            const std::vector<std::pair<std::uint16_t, std::uint16_t>> cases{
                {0x0ff, 0},  // FSRP.UEW, urg 0
                {0x000, 0},  // none
                {tcpflag::kSyn | tcpflag::kAck | tcpflag::kEce, 0},
                {tcpflag::kAck | tcpflag::kCwr, 0},
                {tcpflag::kPsh | tcpflag::kAck | tcpflag::kUrg | tcpflag::kEce | tcpflag::kCwr, 17},
                {tcpflag::kAck | tcpflag::kAe, 0}, // AE is not shown by tcpdump 4.99
                {tcpflag::kSyn | tcpflag::kEce | tcpflag::kCwr, 0},
                {tcpflag::kFin, 0},
                {tcpflag::kAck | tcpflag::kReserved, 0},
                {tcpflag::kUrg, 65535},
            };
            std::uint16_t port = 50001;
            for (const auto& [flags, urgent] : cases) {
                const Ends e = v4Ends(port++, 443);
                Seg g{flags, 576462951, 486026015, {}, {}, 512, urgent};
                if (flags & tcpflag::kPsh)
                    g.payload = bytesOf("urgent!");
                add(s, seg(e, true, g));
            }
        }) << QStringList{
            "1718000000.000000 IP 192.0.2.10.50001 > 198.51.100.20.443: Flags [FSRP.UEW], seq 576462951:576462958, ack 486026015, win 512, urg 0, length 7",
            "1718000000.001234 IP 192.0.2.10.50002 > 198.51.100.20.443: Flags [none], win 512, length 0",
            "1718000000.002468 IP 192.0.2.10.50003 > 198.51.100.20.443: Flags [S.E], seq 576462951, ack 486026015, win 512, length 0",
            "1718000000.003702 IP 192.0.2.10.50004 > 198.51.100.20.443: Flags [.W], ack 486026015, win 512, length 0",
            "1718000000.004936 IP 192.0.2.10.50005 > 198.51.100.20.443: Flags [P.UEW], seq 576462951:576462958, ack 486026015, win 512, urg 17, length 7",
            "1718000000.006170 IP 192.0.2.10.50006 > 198.51.100.20.443: Flags [.], ack 486026015, win 512, length 0",
            "1718000000.007404 IP 192.0.2.10.50007 > 198.51.100.20.443: Flags [SEW], seq 576462951, win 512, length 0",
            "1718000000.008638 IP 192.0.2.10.50008 > 198.51.100.20.443: Flags [F], seq 576462951, win 512, length 0",
            "1718000000.009872 IP 192.0.2.10.50009 > 198.51.100.20.443: Flags [.], ack 486026015, win 512, length 0",
            "1718000000.011106 IP 192.0.2.10.50010 > 198.51.100.20.443: Flags [U], win 512, urg 65535, length 0",
        } << QStringList{};

        QTest::newRow("SACK blocks") << uint(kLtEthernet) << Build([](CaptureScript& s) {
            const Ends e = v4Ends(41340, 5001);
            const std::uint32_t c = kClientIsn, v = kServerIsn;
            add(s, seg(e, true, {tcpflag::kSyn, c, 0, {}, linuxSynOptions(1460, 7, 1000, 0), 64240}));
            add(s, seg(e, false, {tcpflag::kSyn | tcpflag::kAck, v, c + 1, {}, linuxSynOptions(1460, 7, 2000, 1000), 65160}));
            add(s, seg(e, true, {tcpflag::kAck, c + 1, v + 1, {}, timestampOptions(1001, 2000)}));
            add(s, seg(e, false, {tcpflag::kAck, v + 1001, c + 1, Bytes(1000, 'x'), timestampOptions(2001, 1001)}));
            Bytes one = timestampOptions(1002, 2001) + Bytes{1, 1, 5, 10};
            put32(one, v + 1001);
            put32(one, v + 2001);
            add(s, seg(e, true, {tcpflag::kAck, c + 1, v + 1, {}, one}));
            add(s, seg(e, false, {tcpflag::kAck, v + 3001, c + 1, Bytes(1000, 'y'), timestampOptions(2002, 1002)}));
            Bytes two = Bytes{1, 1, 5, 18};
            put32(two, v + 3001);
            put32(two, v + 4001);
            put32(two, v + 1001);
            put32(two, v + 2001);
            add(s, seg(e, true, {tcpflag::kAck, c + 1, v + 1, {}, two}));
        }) << QStringList{
            "1718000000.000000 IP 192.0.2.10.41340 > 198.51.100.20.5001: Flags [S], seq 987654321, win 64240, options [mss 1460,sackOK,TS val 1000 ecr 0,nop,wscale 7], length 0",
            "1718000000.001234 IP 198.51.100.20.5001 > 192.0.2.10.41340: Flags [S.], seq 123456789, ack 987654322, win 65160, options [mss 1460,sackOK,TS val 2000 ecr 1000,nop,wscale 7], length 0",
            "1718000000.002468 IP 192.0.2.10.41340 > 198.51.100.20.5001: Flags [.], ack 123456790, win 502, options [nop,nop,TS val 1001 ecr 2000], length 0",
            "1718000000.003702 IP 198.51.100.20.5001 > 192.0.2.10.41340: Flags [.], seq 123457790:123458790, ack 987654322, win 502, options [nop,nop,TS val 2001 ecr 1001], length 1000",
            "1718000000.004936 IP 192.0.2.10.41340 > 198.51.100.20.5001: Flags [.], ack 123456790, win 502, options [nop,nop,TS val 1002 ecr 2001,nop,nop,sack 1 {123457790:123458790}], length 0",
            "1718000000.006170 IP 198.51.100.20.5001 > 192.0.2.10.41340: Flags [.], seq 123459790:123460790, ack 987654322, win 502, options [nop,nop,TS val 2002 ecr 1002], length 1000",
            "1718000000.007404 IP 192.0.2.10.41340 > 198.51.100.20.5001: Flags [.], ack 123456790, win 502, options [nop,nop,sack 2 {123459790:123460790}{123457790:123458790}], length 0",
        } << QStringList{
            "1718000000.000000 IP 192.0.2.10.41340 > 198.51.100.20.5001: Flags [S], seq 987654321, win 64240, options [mss 1460,sackOK,TS val 1000 ecr 0,nop,wscale 7], length 0",
            "1718000000.001234 IP 198.51.100.20.5001 > 192.0.2.10.41340: Flags [S.], seq 123456789, ack 987654322, win 65160, options [mss 1460,sackOK,TS val 2000 ecr 1000,nop,wscale 7], length 0",
            "1718000000.002468 IP 192.0.2.10.41340 > 198.51.100.20.5001: Flags [.], ack 1, win 502, options [nop,nop,TS val 1001 ecr 2000], length 0",
            "1718000000.003702 IP 198.51.100.20.5001 > 192.0.2.10.41340: Flags [.], seq 1001:2001, ack 1, win 502, options [nop,nop,TS val 2001 ecr 1001], length 1000",
            "1718000000.004936 IP 192.0.2.10.41340 > 198.51.100.20.5001: Flags [.], ack 1, win 502, options [nop,nop,TS val 1002 ecr 2001,nop,nop,sack 1 {1001:2001}], length 0",
            "1718000000.006170 IP 198.51.100.20.5001 > 192.0.2.10.41340: Flags [.], seq 3001:4001, ack 1, win 502, options [nop,nop,TS val 2002 ecr 1002], length 1000",
            "1718000000.007404 IP 192.0.2.10.41340 > 198.51.100.20.5001: Flags [.], ack 1, win 502, options [nop,nop,sack 2 {3001:4001}{1001:2001}], length 0",
        };

        QTest::newRow("options") << uint(kLtEthernet) << Build([](CaptureScript& s) {
            const std::vector<Bytes> options{
                {2, 4, 0x05, 0xb4, 3, 3, 14},                         // mss, wscale, then EOL padding
                timestampOptions(4294967295u, 12345),                  // nop, nop, TS
                {34, 10, 0, 1, 2, 3, 4, 5, 6, 7, 1, 1},                // TFO cookie
                {34, 2, 1, 1},                                         // TFO cookie request
                {254, 4, 0xf9, 0x89},                                  // experimental TFO cookie request
                {30, 12, 0x01, 0x81, 0x29, 0xa6, 0xc8, 0x69, 0x81, 0xad, 0x93, 0x3c}, // MPTCP MP_CAPABLE v1
                {30, 4, 0x01, 0x81},                                   // MPTCP MP_CAPABLE v1, no key
                {99, 4, 0xab, 0xcd},                                   // unknown kind with data
                {200, 2, 1, 1},                                        // unknown kind, no data
                {19, 18, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 1, 1}, // MD5 signature
                {28, 4, 0x81, 0x2c},                                   // user timeout
                {2, 6, 0x05, 0xb4, 0, 0, 1, 1},                        // mss with length 6
                {1, 0, 2, 4, 0x05, 0xb4, 1, 1},                        // nop, eol: the rest is not shown
                {4, 2, 1, 1, 5, 6, 0, 0, 0, 1},                        // sackOK, SACK with a 4-byte block
            };
            std::uint16_t port = 40001;
            for (const Bytes& o : options)
                add(s, seg(v4Ends(port++, 5001), true, {tcpflag::kSyn, 1, 0, {}, o, 1000}));
        }) << QStringList{
            "1718000000.000000 IP 192.0.2.10.40001 > 198.51.100.20.5001: Flags [S], seq 1, win 1000, options [mss 1460,wscale 14,eol], length 0",
            "1718000000.001234 IP 192.0.2.10.40002 > 198.51.100.20.5001: Flags [S], seq 1, win 1000, options [nop,nop,TS val 4294967295 ecr 12345], length 0",
            "1718000000.002468 IP 192.0.2.10.40003 > 198.51.100.20.5001: Flags [S], seq 1, win 1000, options [tfo  cookie 0001020304050607,nop,nop], length 0",
            "1718000000.003702 IP 192.0.2.10.40004 > 198.51.100.20.5001: Flags [S], seq 1, win 1000, options [tfo  cookiereq,nop,nop], length 0",
            "1718000000.004936 IP 192.0.2.10.40005 > 198.51.100.20.5001: Flags [S], seq 1, win 1000, options [exp-tfo cookiereq], length 0",
            "1718000000.006170 IP 192.0.2.10.40006 > 198.51.100.20.5001: Flags [S], seq 1, win 1000, options [mptcp 12 capable v1 csum {0x29a6c86981ad933c}], length 0",
            "1718000000.007404 IP 192.0.2.10.40007 > 198.51.100.20.5001: Flags [S], seq 1, win 1000, options [mptcp 4 capable v1 csum], length 0",
            "1718000000.008638 IP 192.0.2.10.40008 > 198.51.100.20.5001: Flags [S], seq 1, win 1000, options [unknown-99 0xabcd], length 0",
            "1718000000.009872 IP 192.0.2.10.40009 > 198.51.100.20.5001: Flags [S], seq 1, win 1000, options [unknown-200,nop,nop], length 0",
            "1718000000.011106 IP 192.0.2.10.40010 > 198.51.100.20.5001: Flags [S], seq 1, win 1000, options [md5 shared secret not supplied with -M, can't check - 000102030405060708090a0b0c0d0e0f,nop,nop], length 0",
            "1718000000.012340 IP 192.0.2.10.40011 > 198.51.100.20.5001: Flags [S], seq 1, win 1000, options [uto 0x812c 16534], length 0",
            "1718000000.013574 IP 192.0.2.10.40012 > 198.51.100.20.5001: Flags [S], seq 1, win 1000, options [mss 1460[len 6],eol], length 0",
            "1718000000.014808 IP 192.0.2.10.40013 > 198.51.100.20.5001: Flags [S], seq 1, win 1000, options [nop,eol], length 0",
            "1718000000.016042 IP 192.0.2.10.40014 > 198.51.100.20.5001: Flags [S], seq 1, win 1000, options [sackOK,nop,nop,sack invalid sack,eol], length 0",
        } << QStringList{};

        QTest::newRow("bad options") << uint(kLtEthernet) << Build([](CaptureScript& s) {
            const std::vector<Bytes> options{
                {2, 0, 0, 0},                      // length 0
                {3, 1, 0, 0},                      // length 1
                {2, 4, 0x05, 0xb4, 8, 10, 0, 0},   // TS runs past the header
                {1, 1, 1, 2},                      // length byte missing
            };
            std::uint16_t port = 40101;
            for (const Bytes& o : options)
                add(s, seg(v4Ends(port++, 5001), true, {tcpflag::kSyn, 1, 0, {}, o, 1000}));
            // With ACK and a payload: the line still ends at [bad opt].
            add(s, seg(v4Ends(port++, 80), true, {tcpflag::kPsh | tcpflag::kAck, 5, 6, bytesOf("GET / HTTP/1.0\r\n"), {2, 0, 0, 0}}));
        }) << QStringList{
            "1718000000.000000 IP 192.0.2.10.40101 > 198.51.100.20.5001: Flags [S], seq 1, win 1000, options [[bad opt]",
            "1718000000.001234 IP 192.0.2.10.40102 > 198.51.100.20.5001: Flags [S], seq 1, win 1000, options [[bad opt]",
            "1718000000.002468 IP 192.0.2.10.40103 > 198.51.100.20.5001: Flags [S], seq 1, win 1000, options [mss 1460,[bad opt]]",
            "1718000000.003702 IP 192.0.2.10.40104 > 198.51.100.20.5001: Flags [S], seq 1, win 1000, options [nop,nop,nop, [|tcp]",
            "1718000000.004936 IP 192.0.2.10.40105 > 198.51.100.20.80: Flags [P.], seq 5:21, ack 6, win 502, options [[bad opt]",
        } << QStringList{};

        QTest::newRow("bad header lengths") << uint(kLtEthernet) << Build([](CaptureScript& s) {
            add(s, seg(v4Ends(40201, 5001), true, {tcpflag::kAck, 1, 2, Bytes(10, 'z'), {}, 1000, 0, 4}));
            add(s, seg(v4Ends(40202, 5001), true, {tcpflag::kAck, 1, 2, {}, {}, 1000, 0, 0}));
            add(s, seg(v4Ends(40203, 5001), true, {tcpflag::kAck, 1, 2, {}, {}, 1000, 0, 7}));
            add(s, seg(v4Ends(40204, 5001), true, {tcpflag::kPsh | tcpflag::kAck, 1, 2, Bytes(10, 'z'), {}, 1000, 0, 15}));
            add(s, seg(v6Ends(40205, 5001), true, {tcpflag::kSyn, 1, 0, {}, {}, 1000, 0, 6}));
        }) << QStringList{
            "1718000000.000000 IP 192.0.2.10.40201 > 198.51.100.20.5001:  tcp 14 [bad hdr length 16 - too short, < 20]",
            "1718000000.001234 IP 192.0.2.10.40202 > 198.51.100.20.5001:  tcp 20 [bad hdr length 0 - too short, < 20]",
            "1718000000.002468 IP 192.0.2.10.40203 > 198.51.100.20.5001: Flags [.] [bad hdr length 28 - too long, > 20]",
            "1718000000.003702 IP 192.0.2.10.40204 > 198.51.100.20.5001: Flags [P.] [bad hdr length 60 - too long, > 30]",
            "1718000000.004936 IP6 2001:db8::10.40205 > 2001:db8:1::20.5001: Flags [S] [bad hdr length 24 - too long, > 20]",
        } << QStringList{};

        QTest::newRow("IPv6 handshake and data") << uint(kLtEthernet) << Build([](CaptureScript& s) {
            const Ends e = v6Ends(35995, 5001);
            const std::uint32_t c = kClientIsn, v = kServerIsn;
            add(s, seg(e, true, {tcpflag::kSyn, c, 0, {}, linuxSynOptions(1440, 7, 1000, 0), 64800}));
            add(s, seg(e, false, {tcpflag::kSyn | tcpflag::kAck, v, c + 1, {}, linuxSynOptions(1440, 7, 2000, 1000), 64260}));
            add(s, seg(e, true, {tcpflag::kAck, c + 1, v + 1, {}, timestampOptions(1001, 2000)}));
            add(s, seg(e, true, {tcpflag::kPsh | tcpflag::kAck, c + 1, v + 1, bytesOf("hello"), timestampOptions(1002, 2000)}));
            add(s, seg(e, false, {tcpflag::kAck, v + 1, c + 6, {}, timestampOptions(2001, 1002)}));
        }) << QStringList{
            "1718000000.000000 IP6 2001:db8::10.35995 > 2001:db8:1::20.5001: Flags [S], seq 987654321, win 64800, options [mss 1440,sackOK,TS val 1000 ecr 0,nop,wscale 7], length 0",
            "1718000000.001234 IP6 2001:db8:1::20.5001 > 2001:db8::10.35995: Flags [S.], seq 123456789, ack 987654322, win 64260, options [mss 1440,sackOK,TS val 2000 ecr 1000,nop,wscale 7], length 0",
            "1718000000.002468 IP6 2001:db8::10.35995 > 2001:db8:1::20.5001: Flags [.], ack 123456790, win 502, options [nop,nop,TS val 1001 ecr 2000], length 0",
            "1718000000.003702 IP6 2001:db8::10.35995 > 2001:db8:1::20.5001: Flags [P.], seq 987654322:987654327, ack 123456790, win 502, options [nop,nop,TS val 1002 ecr 2000], length 5",
            "1718000000.004936 IP6 2001:db8:1::20.5001 > 2001:db8::10.35995: Flags [.], ack 987654327, win 502, options [nop,nop,TS val 2001 ecr 1002], length 0",
        } << QStringList{
            "1718000000.000000 IP6 2001:db8::10.35995 > 2001:db8:1::20.5001: Flags [S], seq 987654321, win 64800, options [mss 1440,sackOK,TS val 1000 ecr 0,nop,wscale 7], length 0",
            "1718000000.001234 IP6 2001:db8:1::20.5001 > 2001:db8::10.35995: Flags [S.], seq 123456789, ack 987654322, win 64260, options [mss 1440,sackOK,TS val 2000 ecr 1000,nop,wscale 7], length 0",
            "1718000000.002468 IP6 2001:db8::10.35995 > 2001:db8:1::20.5001: Flags [.], ack 1, win 502, options [nop,nop,TS val 1001 ecr 2000], length 0",
            "1718000000.003702 IP6 2001:db8::10.35995 > 2001:db8:1::20.5001: Flags [P.], seq 1:6, ack 1, win 502, options [nop,nop,TS val 1002 ecr 2000], length 5",
            "1718000000.004936 IP6 2001:db8:1::20.5001 > 2001:db8::10.35995: Flags [.], ack 6, win 502, options [nop,nop,TS val 2001 ecr 1002], length 0",
        };

        QTest::newRow("IPv6 extension headers before TCP and UDP") << uint(kLtEthernet) << Build([](CaptureScript& s) {
            const Ends e = v6Ends(41851, 43913);
            const Bytes padN{0x01, 0x04, 0x00, 0x00, 0x00, 0x00};
            const TcpSpec data = spec(e, true, {tcpflag::kPsh | tcpflag::kAck, 592820498, 2512896041u, Bytes(80, 'b'),
                                                timestampOptions(1186840160, 4237097528u), 2128});
            add(s, ethernetIp(macA(), macB(), ipv6(v6A(), v6B(), 6, tcp(v6A(), v6B(), data), 64, {{0, padN}})));
            // BIG TCP: payload length 0 and a jumbo option; only the first bytes were captured.
            TcpSpec big = data;
            big.payload = Bytes(80000, 'j');
            const Bytes jumbo = Bytes{0xc2, 0x04} + be32(8 + 32 + 80000);
            add(s, ethernetIp(macA(), macB(), ipv6(v6A(), v6B(), 6, tcp(v6A(), v6B(), big), 64, {{0, jumbo}}, 0)), 200);
            add(s, ethernetIp(macA(), macB(), ipv6(v6A(), v6B(), 17, udp(v6A(), v6B(), 42513, 42, Bytes(10, 0)), 64, {{60, padN}})));
            const TcpSpec ackOnly = spec(e, false, {tcpflag::kAck, 2512896041u, 592820578, {}, {}, 1000});
            add(s, ethernetIp(macB(), macA(),
                              ipv6(v6B(), v6A(), 6, tcp(v6B(), v6A(), ackOnly), 64, {{44, {0x00, 0x00, 0x00, 0x00, 0x00, 0x07}}})));
        }) << QStringList{
            "1718000000.000000 IP6 2001:db8::10 > 2001:db8:1::20: HBH 41851 > 43913: Flags [P.], seq 592820498:592820578, ack 2512896041, win 2128, options [nop,nop,TS val 1186840160 ecr 4237097528], length 80",
            "1718000000.001234 IP6 2001:db8::10 > 2001:db8:1::20: HBH 41851 > 43913: Flags [P.], seq 592820498:592900498, ack 2512896041, win 2128, options [nop,nop,TS val 1186840160 ecr 4237097528], length 80000",
            "1718000000.002468 IP6 2001:db8::10 > 2001:db8:1::20: DSTOPT 42513 > 42: UDP, length 10",
            "1718000000.003702 IP6 2001:db8:1::20 > 2001:db8::10: frag (0|20) 43913 > 41851: Flags [.], ack 592820578, win 1000, length 0",
        } << QStringList{
            "1718000000.000000 IP6 2001:db8::10 > 2001:db8:1::20: HBH 41851 > 43913: Flags [P.], seq 592820498:592820578, ack 2512896041, win 2128, options [nop,nop,TS val 1186840160 ecr 4237097528], length 80",
            "1718000000.001234 IP6 2001:db8::10 > 2001:db8:1::20: HBH 41851 > 43913: Flags [P.], seq 0:80000, ack 1, win 2128, options [nop,nop,TS val 1186840160 ecr 4237097528], length 80000",
            "1718000000.002468 IP6 2001:db8::10 > 2001:db8:1::20: DSTOPT 42513 > 42: UDP, length 10",
            "1718000000.003702 IP6 2001:db8:1::20 > 2001:db8::10: frag (0|20) 43913 > 41851: Flags [.], ack 80, win 1000, length 0",
        };

        QTest::newRow("application first lines: HTTP, FTP, SSH") << uint(kLtEthernet) << Build([](CaptureScript& s) {
            const auto one = [&s](std::uint16_t cp, std::uint16_t sp, bool fromClient, const char* text) {
                add(s, seg(v4Ends(cp, sp), fromClient, {tcpflag::kPsh | tcpflag::kAck, 1000, 2000, bytesOf(text), {}}));
            };
            one(40301, 80, true, "POST /flashmail.asp HTTP/1.1\r\nHost: x\r\n\r\n");
            one(40302, 80, false, "HTTP/1.1 403 Forbidden\r\n\r\n");
            one(40303, 8080, true, "get /lower HTTP/1.0\r\n\r\n");
            one(40304, 80, true, "FOO / HTTP/1.1\r\n\r\n");
            one(40305, 80, true, "GET /index.html HTTP/1.1");
            one(40306, 80, false, "\x89PNG\r\n\x1a\n");
            one(40307, 21, true, "USER anonymous\r\n");
            one(40308, 21, false, "230 Login successful.\r\n");
            one(40309, 21, true, "PASS merlin\n");
            one(40310, 22, false, "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n");
            one(40311, 22, true, "SSH-2.0-no line end");
            one(40312, 443, true, "GET / HTTP/1.1\r\n");
        }) << QStringList{
            "1718000000.000000 IP 192.0.2.10.40301 > 198.51.100.20.80: Flags [P.], seq 1000:1041, ack 2000, win 502, length 41: HTTP: POST /flashmail.asp HTTP/1.1",
            "1718000000.001234 IP 198.51.100.20.80 > 192.0.2.10.40302: Flags [P.], seq 1000:1026, ack 2000, win 502, length 26: HTTP: HTTP/1.1 403 Forbidden",
            "1718000000.002468 IP 192.0.2.10.40303 > 198.51.100.20.8080: Flags [P.], seq 1000:1023, ack 2000, win 502, length 23: HTTP: get /lower HTTP/1.0",
            "1718000000.003702 IP 192.0.2.10.40304 > 198.51.100.20.80: Flags [P.], seq 1000:1018, ack 2000, win 502, length 18: HTTP",
            "1718000000.004936 IP 192.0.2.10.40305 > 198.51.100.20.80: Flags [P.], seq 1000:1024, ack 2000, win 502, length 24: HTTP: GET /index.html HTTP/1.1 [|http]",
            "1718000000.006170 IP 198.51.100.20.80 > 192.0.2.10.40306: Flags [P.], seq 1000:1008, ack 2000, win 502, length 8: HTTP",
            "1718000000.007404 IP 192.0.2.10.40307 > 198.51.100.20.21: Flags [P.], seq 1000:1016, ack 2000, win 502, length 16: FTP: USER anonymous",
            "1718000000.008638 IP 198.51.100.20.21 > 192.0.2.10.40308: Flags [P.], seq 1000:1023, ack 2000, win 502, length 23: FTP: 230 Login successful.",
            "1718000000.009872 IP 192.0.2.10.40309 > 198.51.100.20.21: Flags [P.], seq 1000:1012, ack 2000, win 502, length 12: FTP: PASS merlin",
            "1718000000.011106 IP 198.51.100.20.22 > 192.0.2.10.40310: Flags [P.], seq 1000:1040, ack 2000, win 502, length 40: SSH: SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3",
            "1718000000.012340 IP 192.0.2.10.40311 > 198.51.100.20.22: Flags [P.], seq 1000:1019, ack 2000, win 502, length 19",
            "1718000000.013574 IP 192.0.2.10.40312 > 198.51.100.20.443: Flags [P.], seq 1000:1016, ack 2000, win 502, length 16",
        } << QStringList{};

        // ------------------------------------------------------------ UDP, DNS
        QTest::newRow("UDP and DNS") << uint(kLtEthernet) << Build([](CaptureScript& s) {
            add(s, udpFrame(v4A(), v4B(), 5000, 6000, bytesOf("hello")));
            add(s, udpFrame(v6A(), v6B(), 5000, 6000, bytesOf("hello")));
            add(s, udpFrame(v4A(), v4B(), 5000, 6000, Bytes(100, 1), true));
            add(s, udpFrame(v4A(), v4B(), 33000, 53, dnsQuery(0xbeef, "www.example.com", 1)));
            add(s, udpFrame(v4B(), v4A(), 53, 33000,
                            dnsResponse(0xbeef, "www.example.com", 1, {ip("93.184.216.34"), ip("93.184.216.35")})));
            add(s, udpFrame(v6A(), v6B(), 33001, 53, dnsQuery(9, "example.net", 28)));
            add(s, udpFrame(v6B(), v6A(), 53, 33001, dnsResponse(9, "example.net", 28, {ip("2001:db8::1")})));
            add(s, udpFrame(v4B(), v4A(), 53, 33000, dnsCnameResponse()));
            add(s, udpFrame(v4B(), v4A(), 53, 33002, dnsResponse(0x4242, "nope.example", 1, {}, 3)));
            const Ends e = v4Ends(40000, 53);
            add(s, seg(e, true, {tcpflag::kPsh | tcpflag::kAck, 100, 200, withLengthPrefix(dnsQuery(0x5151, "tcp.example.com", 1)), {}}));
            add(s, seg(e, false, {tcpflag::kPsh | tcpflag::kAck, 200, 135, withLengthPrefix(dnsCnameResponse()), {}}));
        }) << QStringList{
            "1718000000.000000 IP 192.0.2.10.5000 > 198.51.100.20.6000: UDP, length 5",
            "1718000000.001234 IP6 2001:db8::10.5000 > 2001:db8:1::20.6000: UDP, length 5",
            "1718000000.002468 IP 192.0.2.10.5000 > 198.51.100.20.6000: UDP, length 100",
            "1718000000.003702 IP 192.0.2.10.33000 > 198.51.100.20.53: 48879+ A? www.example.com. (33)",
            "1718000000.004936 IP 198.51.100.20.53 > 192.0.2.10.33000: 48879 2/0/0 A 93.184.216.34, A 93.184.216.35 (65)",
            "1718000000.006170 IP6 2001:db8::10.33001 > 2001:db8:1::20.53: 9+ AAAA? example.net. (29)",
            "1718000000.007404 IP6 2001:db8:1::20.53 > 2001:db8::10.33001: 9 1/0/0 AAAA 2001:db8::1 (57)",
            "1718000000.008638 IP 198.51.100.20.53 > 192.0.2.10.33000: 258 2/0/0 CNAME cdn.example.com., A 192.0.2.53 (67)",
            "1718000000.009872 IP 198.51.100.20.53 > 192.0.2.10.33002: 16962 NXDomain 0/0/0 (30)",
            "1718000000.011106 IP 192.0.2.10.40000 > 198.51.100.20.53: Flags [P.], seq 100:135, ack 200, win 502, length 35 20817+ A? tcp.example.com. (33)",
            "1718000000.012340 IP 198.51.100.20.53 > 192.0.2.10.40000: Flags [P.], seq 200:269, ack 135, win 502, length 69 258 2/0/0 CNAME cdn.example.com., A 192.0.2.53 (67)",
        } << QStringList{
            "1718000000.000000 IP 192.0.2.10.5000 > 198.51.100.20.6000: UDP, length 5",
            "1718000000.001234 IP6 2001:db8::10.5000 > 2001:db8:1::20.6000: UDP, length 5",
            "1718000000.002468 IP 192.0.2.10.5000 > 198.51.100.20.6000: UDP, length 100",
            "1718000000.003702 IP 192.0.2.10.33000 > 198.51.100.20.53: 48879+ A? www.example.com. (33)",
            "1718000000.004936 IP 198.51.100.20.53 > 192.0.2.10.33000: 48879 2/0/0 A 93.184.216.34, A 93.184.216.35 (65)",
            "1718000000.006170 IP6 2001:db8::10.33001 > 2001:db8:1::20.53: 9+ AAAA? example.net. (29)",
            "1718000000.007404 IP6 2001:db8:1::20.53 > 2001:db8::10.33001: 9 1/0/0 AAAA 2001:db8::1 (57)",
            "1718000000.008638 IP 198.51.100.20.53 > 192.0.2.10.33000: 258 2/0/0 CNAME cdn.example.com., A 192.0.2.53 (67)",
            "1718000000.009872 IP 198.51.100.20.53 > 192.0.2.10.33002: 16962 NXDomain 0/0/0 (30)",
            "1718000000.011106 IP 192.0.2.10.40000 > 198.51.100.20.53: Flags [P.], seq 100:135, ack 200, win 502, length 35 20817+ A? tcp.example.com. (33)",
            "1718000000.012340 IP 198.51.100.20.53 > 192.0.2.10.40000: Flags [P.], seq 1:70, ack 35, win 502, length 69 258 2/0/0 CNAME cdn.example.com., A 192.0.2.53 (67)",
        };

        // ------------------------------------------------------------ ICMP, ICMPv6, ARP
        QTest::newRow("ICMP") << uint(kLtEthernet) << Build([](CaptureScript& s) {
            const auto icmp = [&s](const IpAddress& src, const IpAddress& dst, const Bytes& message) {
                add(s, ethernetIp(macA(), macB(), ipv4(src, dst, 1, message)));
            };
            icmp(v4A(), v4B(), icmpv4(8, 0, 0x05000e00, Bytes(56, 'p')));
            icmp(v4B(), v4A(), icmpv4(0, 0, 0x05000e00, Bytes(56, 'p')));
            const Bytes udpQuote = cut(ipv4(v4A(), ip("172.16.0.2"), 17, udp(v4A(), ip("172.16.0.2"), 33434, 33446, Bytes(12, 0))), 28);
            icmp(ip("10.0.2.2"), v4A(), icmpv4(3, 3, 0, udpQuote));
            const Bytes synQuote = cut(ipSeg(v4Ends(41334, 80), true, {tcpflag::kSyn, kClientIsn, 0, {}, linuxSynOptions(1460, 7, 1, 0), 64240}), 28);
            icmp(v4B(), v4A(), icmpv4(3, 3, 0, synQuote));
            icmp(ip("203.0.113.1"), v4A(), icmpv4(3, 1, 0, synQuote));
            icmp(ip("203.0.113.1"), v4A(), icmpv4(3, 0, 0, synQuote));
            icmp(ip("203.0.113.1"), v4A(), icmpv4(3, 4, 1400, synQuote));
            icmp(ip("203.0.113.1"), v4A(), icmpv4(3, 13, 0, synQuote));
            icmp(ip("203.0.113.1"), v4A(), icmpv4(11, 0, 0, synQuote));
            icmp(ip("203.0.113.1"), v4A(), icmpv4(5, 1, 0xc0000201, synQuote));
        }) << QStringList{
            "1718000000.000000 IP 192.0.2.10 > 198.51.100.20: ICMP echo request, id 1280, seq 3584, length 64",
            "1718000000.001234 IP 198.51.100.20 > 192.0.2.10: ICMP echo reply, id 1280, seq 3584, length 64",
            "1718000000.002468 IP 10.0.2.2 > 192.0.2.10: ICMP 172.16.0.2 udp port 33446 unreachable, length 36",
            "1718000000.003702 IP 198.51.100.20 > 192.0.2.10: ICMP 198.51.100.20 tcp port 80 unreachable, length 36",
            "1718000000.004936 IP 203.0.113.1 > 192.0.2.10: ICMP host 198.51.100.20 unreachable, length 36",
            "1718000000.006170 IP 203.0.113.1 > 192.0.2.10: ICMP net 198.51.100.20 unreachable, length 36",
            "1718000000.007404 IP 203.0.113.1 > 192.0.2.10: ICMP 198.51.100.20 unreachable - need to frag (mtu 1400), length 36",
            "1718000000.008638 IP 203.0.113.1 > 192.0.2.10: ICMP host 198.51.100.20 unreachable - admin prohibited filter, length 36",
            "1718000000.009872 IP 203.0.113.1 > 192.0.2.10: ICMP time exceeded in-transit, length 36",
            "1718000000.011106 IP 203.0.113.1 > 192.0.2.10: ICMP redirect 198.51.100.20 to host 192.0.2.1, length 36",
        } << QStringList{};

        QTest::newRow("ICMPv6") << uint(kLtEthernet) << Build([](CaptureScript& s) {
            const auto icmp6 = [&s](const IpAddress& src, const IpAddress& dst, std::uint8_t type, std::uint8_t code,
                                    std::uint32_t rest, const Bytes& body, std::uint8_t hops = 64) {
                add(s, ethernetIp(macA(), macB(), ipv6(src, dst, 58, icmpv6(src, dst, type, code, rest, body), hops)));
            };
            icmp6(v6A(), v6B(), 128, 0, 0x0abc0001, bytesOf("ping!!!!"));
            icmp6(v6B(), v6A(), 129, 0, 0x0abc0001, bytesOf("ping!!!!"));
            const IpAddress target = v6B(), solicited = ip("ff02::1:ff00:20");
            const MacAddress source = macA();
            const Bytes ns = Bytes(target.bytes.begin(), target.bytes.end()) + Bytes{1, 1} +
                             Bytes(source.bytes.begin(), source.bytes.end());
            icmp6(v6A(), solicited, 135, 0, 0, ns, 255);
            icmp6(v6B(), v6A(), 136, 0, 0x60000000, Bytes(target.bytes.begin(), target.bytes.end()), 255);
            const Bytes original = ipv6(v6A(), ip("2001:db8::9"), 17, udp(v6A(), ip("2001:db8::9"), 33000, 53, Bytes(8, 0)));
            icmp6(ip("2001:db8::9"), v6A(), 1, 4, 0, original);
            icmp6(ip("2001:db8::1"), v6A(), 1, 0, 0, original);
            icmp6(ip("2001:db8::1"), v6A(), 2, 0, 1280, original);
            icmp6(ip("2001:db8::1"), v6A(), 3, 0, 0, original);
        }) << QStringList{
            "1718000000.000000 IP6 2001:db8::10 > 2001:db8:1::20: ICMP6, echo request, id 2748, seq 1, length 16",
            "1718000000.001234 IP6 2001:db8:1::20 > 2001:db8::10: ICMP6, echo reply, id 2748, seq 1, length 16",
            "1718000000.002468 IP6 2001:db8::10 > ff02::1:ff00:20: ICMP6, neighbor solicitation, who has 2001:db8:1::20, length 32",
            "1718000000.003702 IP6 2001:db8:1::20 > 2001:db8::10: ICMP6, neighbor advertisement, tgt is 2001:db8:1::20, length 24",
            "1718000000.004936 IP6 2001:db8::9 > 2001:db8::10: ICMP6, destination unreachable, unreachable port, 2001:db8::9 udp port 53, length 64",
            "1718000000.006170 IP6 2001:db8::1 > 2001:db8::10: ICMP6, destination unreachable, unreachable route 2001:db8::9, length 64",
            "1718000000.007404 IP6 2001:db8::1 > 2001:db8::10: ICMP6, packet too big, mtu 1280, length 64",
            "1718000000.008638 IP6 2001:db8::1 > 2001:db8::10: ICMP6, time exceeded in-transit for 2001:db8::9, length 64",
        } << QStringList{};

        QTest::newRow("ARP") << uint(kLtEthernet) << Build([](CaptureScript& s) {
            MacAddress broadcast;
            broadcast.bytes.fill(0xff);
            add(s, ethernet(macA(), broadcast, 0x0806, arp(1, macA(), v4A(), MacAddress{}, v4B())));
            add(s, ethernet(macB(), macA(), 0x0806, arp(2, macB(), v4B(), macA(), v4A())));
            add(s, ethernet(macA(), macB(), 0x0806, arp(1, macA(), v4A(), macB(), v4B())));
            // Without Ethernet padding: 28 bytes after the link header.
            add(s, cut(ethernet(macA(), broadcast, 0x0806, arp(1, macA(), v4A(), MacAddress{}, v4B())), 42));
        }) << QStringList{
            "1718000000.000000 ARP, Request who-has 198.51.100.20 tell 192.0.2.10, length 46",
            "1718000000.001234 ARP, Reply 198.51.100.20 is-at 02:00:00:00:00:0b, length 46",
            "1718000000.002468 ARP, Request who-has 198.51.100.20 (02:00:00:00:00:0b) tell 192.0.2.10, length 46",
            "1718000000.003702 ARP, Request who-has 198.51.100.20 tell 192.0.2.10, length 28",
        } << QStringList{};

        QTest::newRow("IPv4 fragments") << uint(kLtEthernet) << Build([](CaptureScript& s) {
            const Ends e = v4Ends(1234, 5678);
            const TcpSpec t = spec(e, true, {tcpflag::kPsh | tcpflag::kAck, 1, 2, Bytes(140, 'f'), {}, 1000});
            const Bytes segment = tcp(v4A(), v4B(), t);
            Ipv4Options first;
            first.dontFragment = false;
            first.moreFragments = true;
            first.id = 99;
            add(s, ethernetIp(macA(), macB(), ipv4(v4A(), v4B(), 6, cut(segment, 80), first)));
            Ipv4Options later = first;
            later.moreFragments = false;
            later.fragmentOffset = 80;
            add(s, ethernetIp(macA(), macB(), ipv4(v4A(), v4B(), 6, Bytes(segment.begin() + 80, segment.end()), later)));
            const Bytes datagram = udp(v4A(), v4B(), 5000, 6000, Bytes(100, 'u'));
            add(s, ethernetIp(macA(), macB(), ipv4(v4A(), v4B(), 17, cut(datagram, 48), first)));
            later.fragmentOffset = 48;
            add(s, ethernetIp(macA(), macB(), ipv4(v4A(), v4B(), 17, Bytes(datagram.begin() + 48, datagram.end()), later)));
            // Not a fragment, yet the UDP length claims more than the IP datagram holds.
            add(s, ethernetIp(macA(), macB(), ipv4(v4A(), v4B(), 17, cut(datagram, 28), Ipv4Options{})));
        }) << QStringList{
            "1718000000.000000 IP 192.0.2.10.1234 > 198.51.100.20.5678: Flags [P.], seq 1:61, ack 2, win 1000, length 60",
            "1718000000.001234 IP 192.0.2.10 > 198.51.100.20: ip-proto-6",
            "1718000000.002468 IP 192.0.2.10.5000 > 198.51.100.20.6000: UDP, length 100",
            "1718000000.003702 IP 192.0.2.10 > 198.51.100.20: ip-proto-17",
            "1718000000.004936 IP 192.0.2.10.5000 > 198.51.100.20.6000: UDP, bad length 100 > 20",
        } << QStringList{};

        // ------------------------------------------------------------ link layers
        QTest::newRow("Ethernet: VLAN, QinQ, PPPoE, LLC/SNAP") << uint(kLtEthernet) << Build([](CaptureScript& s) {
            const Bytes syn = ipSeg(v4Ends(), true, {tcpflag::kSyn, kClientIsn, 0, {}, linuxSynOptions(1460, 7, 1000, 0), 64240});
            add(s, ethernetTagged(macA(), macB(), {{0x8100, 118}}, 0x0800, syn));
            add(s, ethernetTagged(macA(), macB(), {{0x88a8, 200}, {0x8100, 100}}, 0x0806, arp(1, macA(), v4A(), MacAddress{}, v4B())));
            add(s, ethernet(macA(), macB(), 0x8864, pppoeSession(0x1, 0x0021, syn)));
            const Bytes snap = Bytes{0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x08, 0x00} + syn;
            add(s, ethernet(macA(), macB(), static_cast<std::uint16_t>(snap.size()), snap));
        }) << QStringList{
            "1718000000.000000 IP 192.0.2.10.41334 > 198.51.100.20.80: Flags [S], seq 987654321, win 64240, options [mss 1460,sackOK,TS val 1000 ecr 0,nop,wscale 7], length 0",
            "1718000000.001234 ARP, Request who-has 198.51.100.20 tell 192.0.2.10, length 38",
            "1718000000.002468 PPPoE  [ses 0x1] IP 192.0.2.10.41334 > 198.51.100.20.80: Flags [S], seq 987654321, win 64240, options [mss 1460,sackOK,TS val 1000 ecr 0,nop,wscale 7], length 0",
            "1718000000.003702 IP 192.0.2.10.41334 > 198.51.100.20.80: Flags [S], seq 987654321, win 64240, options [mss 1460,sackOK,TS val 1000 ecr 0,nop,wscale 7], length 0",
        } << QStringList{};

        QTest::newRow("Linux SLL") << uint(kLtSll) << Build([](CaptureScript& s) {
            const Bytes syn = ipSeg(v4Ends(), true, {tcpflag::kSyn, kClientIsn, 0, {}, linuxSynOptions(1460, 7, 1000, 0), 64240});
            add(s, linuxSll(4, macA(), 0x0800, syn));
            add(s, linuxSll(0, macB(), 0x86dd, ipv6(v6B(), v6A(), 17, udp(v6B(), v6A(), 6000, 5000, bytesOf("hi")))));
            add(s, linuxSll(0, macB(), 0x8100, Bytes{0x00, 0x76, 0x08, 0x00} + syn));
            add(s, linuxSll(1, macB(), 0x0806, arp(1, macB(), v4B(), MacAddress{}, v4A())));
        }) << QStringList{
            "1718000000.000000 IP 192.0.2.10.41334 > 198.51.100.20.80: Flags [S], seq 987654321, win 64240, options [mss 1460,sackOK,TS val 1000 ecr 0,nop,wscale 7], length 0",
            "1718000000.001234 IP6 2001:db8:1::20.6000 > 2001:db8::10.5000: UDP, length 2",
            "1718000000.002468 ethertype IPv4, IP 192.0.2.10.41334 > 198.51.100.20.80: Flags [S], seq 987654321, win 64240, options [mss 1460,sackOK,TS val 1000 ecr 0,nop,wscale 7], length 0",
            "1718000000.003702 ARP, Request who-has 192.0.2.10 tell 198.51.100.20, length 28",
        } << QStringList{};

        QTest::newRow("Linux SLL2 on ifindex 1 (lo)") << uint(kLtSll2) << Build([](CaptureScript& s) {
            const Ends e{ip("127.0.0.1"), ip("127.0.0.1"), 37614, 8000};
            add(s, linuxSll2(0x0800, 1, 0, MacAddress{}, ipSeg(e, true, {tcpflag::kSyn, 139636242, 0, {}, linuxSynOptions(65495, 7, 513001463, 0), 65495})));
            add(s, linuxSll2(0x0800, 1, 4, MacAddress{}, ipSeg(e, false, {tcpflag::kSyn | tcpflag::kAck, 5, 139636243, {}, linuxSynOptions(65495, 7, 1, 513001463), 65483})));
            add(s, linuxSll2(0x86dd, 1, 1, MacAddress{}, ipv6(v6B(), v6A(), 17, udp(v6B(), v6A(), 6000, 5000, bytesOf("hi")))));
            add(s, linuxSll2(0x0806, 1, 3, macA(), arp(2, macA(), v4A(), macB(), v4B())));
        }) << QStringList{
            "1718000000.000000 lo    In  IP 127.0.0.1.37614 > 127.0.0.1.8000: Flags [S], seq 139636242, win 65495, options [mss 65495,sackOK,TS val 513001463 ecr 0,nop,wscale 7], length 0",
            "1718000000.001234 lo    Out IP 127.0.0.1.8000 > 127.0.0.1.37614: Flags [S.], seq 5, ack 139636243, win 65483, options [mss 65495,sackOK,TS val 1 ecr 513001463,nop,wscale 7], length 0",
            "1718000000.002468 lo    B   IP6 2001:db8:1::20.6000 > 2001:db8::10.5000: UDP, length 2",
            "1718000000.003702 lo    P   ARP, Reply 192.0.2.10 is-at 02:00:00:00:00:0a, length 28",
        } << QStringList{};

        const auto synV4 = [] {
            return ipSeg(v4Ends(), true, {tcpflag::kSyn, kClientIsn, 0, {}, linuxSynOptions(1460, 7, 1000, 0), 64240});
        };
        const auto udpV6 = [] { return ipv6(v6A(), v6B(), 17, udp(v6A(), v6B(), 5000, 6000, bytesOf("six"))); };
        QTest::newRow("NULL") << uint(kLtNull) << Build([synV4, udpV6](CaptureScript& s) {
            add(s, nullLoopback(2, false, synV4()));
            add(s, nullLoopback(30, false, udpV6()));
            add(s, nullLoopback(24, true, udpV6()));
        }) << QStringList{
            "1718000000.000000 IP 192.0.2.10.41334 > 198.51.100.20.80: Flags [S], seq 987654321, win 64240, options [mss 1460,sackOK,TS val 1000 ecr 0,nop,wscale 7], length 0",
            "1718000000.001234 IP6 2001:db8::10.5000 > 2001:db8:1::20.6000: UDP, length 3",
            "1718000000.002468 IP6 2001:db8::10.5000 > 2001:db8:1::20.6000: UDP, length 3",
        } << QStringList{};
        QTest::newRow("LOOP") << uint(kLtLoop) << Build([synV4, udpV6](CaptureScript& s) {
            add(s, nullLoopback(2, true, synV4()));
            add(s, nullLoopback(24, true, udpV6()));
        }) << QStringList{
            "1718000000.000000 IP 192.0.2.10.41334 > 198.51.100.20.80: Flags [S], seq 987654321, win 64240, options [mss 1460,sackOK,TS val 1000 ecr 0,nop,wscale 7], length 0",
            "1718000000.001234 IP6 2001:db8::10.5000 > 2001:db8:1::20.6000: UDP, length 3",
        } << QStringList{};
        QTest::newRow("RAW") << uint(kLtRaw) << Build([synV4, udpV6](CaptureScript& s) {
            add(s, synV4());
            add(s, udpV6());
        }) << QStringList{
            "1718000000.000000 IP 192.0.2.10.41334 > 198.51.100.20.80: Flags [S], seq 987654321, win 64240, options [mss 1460,sackOK,TS val 1000 ecr 0,nop,wscale 7], length 0",
            "1718000000.001234 IP6 2001:db8::10.5000 > 2001:db8:1::20.6000: UDP, length 3",
        } << QStringList{};
        QTest::newRow("IPV4") << uint(kLtIpv4) << Build([](CaptureScript& s) {
            add(s, ipv4(ip("192.168.1.100"), ip("9.9.9.9"), 17, udp(ip("192.168.1.100"), ip("9.9.9.9"), 12345, 53, dnsQuery(0x1234, "example.com", 1))));
        }) << QStringList{
            "1718000000.000000 IP 192.168.1.100.12345 > 9.9.9.9.53: 4660+ A? example.com. (29)",
        } << QStringList{};
        QTest::newRow("IPV6") << uint(kLtIpv6) << Build([udpV6](CaptureScript& s) { add(s, udpV6()); })
                              << QStringList{
            "1718000000.000000 IP6 2001:db8::10.5000 > 2001:db8:1::20.6000: UDP, length 3",
        } << QStringList{};

        QTest::newRow("IPv4 and IPv6 oddities") << uint(kLtEthernet) << Build([](CaptureScript& s) {
            const Ends e = v4Ends(1234, 5678);
            const Bytes data = ipSeg(e, true, {tcpflag::kPsh | tcpflag::kAck, 1, 2, Bytes(160, 'd'), {}, 1000});
            Ipv4Options longer;
            longer.totalLengthOverride = 300; // 100 bytes more than the wire carried
            add(s, ethernetIp(macA(), macB(), ipv4(v4A(), v4B(), 6, tcp(v4A(), v4B(), spec(e, true, {tcpflag::kPsh | tcpflag::kAck, 1, 2, Bytes(160, 'd'), {}, 1000})), longer)));
            add(s, ethernetIp(macA(), macB(), ipv4(v4A(), v4B(), 99, bytesOf("abcd"))));
            add(s, ethernetIp(macA(), macB(), ipv6(v6A(), v6B(), 99, bytesOf("abcd"))));
            add(s, ethernetIp(macA(), macB(), ipv6(v6A(), v6B(), 59, {})));
            Ipv4Options shortHeader;
            shortHeader.headerLengthOverride = 16;
            add(s, ethernetIp(macA(), macB(), ipv4(v4A(), v4B(), 6, Bytes(data.begin() + 20, data.end()), shortHeader)));
            const Bytes datagram = udp(v6A(), v6B(), 5000, 6000, Bytes(100, 'u'));
            add(s, ethernetIp(macA(), macB(), ipv6(v6A(), v6B(), 17, Bytes(datagram.begin() + 16, datagram.end()), 64,
                                                   {{44, {0x00, 0x10, 0x00, 0x00, 0x00, 0x08}}})));
            add(s, ethernetIp(macA(), macB(), ipv6(v6A(), v6B(), 17, cut(datagram, 16), 64, {{44, {0x00, 0x01, 0x00, 0x00, 0x00, 0x08}}})));
        }) << QStringList{
            "1718000000.000000 IP truncated-ip - 100 bytes missing! 192.0.2.10.1234 > 198.51.100.20.5678: Flags [P.], seq 1:261, ack 2, win 1000, length 260",
            "1718000000.001234 IP 192.0.2.10 > 198.51.100.20:  ip-proto-99 4",
            "1718000000.002468 IP6 2001:db8::10 > 2001:db8:1::20:  ip-proto-99 4",
            "1718000000.003702 IP6 2001:db8::10 > 2001:db8:1::20: no next header",
            "1718000000.004936 IP bad-hlen 16",
            "1718000000.006170 IP6 2001:db8::10 > 2001:db8:1::20: frag (16|92)",
            "1718000000.007404 IP6 2001:db8::10 > 2001:db8:1::20: frag (0|16) 5000 > 6000: UDP, length 100",
        } << QStringList{};

        QTest::newRow("time stamps") << uint(kLtEthernet) << Build([](CaptureScript& s) {
            const Bytes frame = udpFrame(v4A(), v4B(), 5000, 6000, bytesOf("tick"));
            for (const Timestamp t : {Timestamp{1766361926, 168451000}, Timestamp{979489081, 289000000}, Timestamp{1, 999999000},
                                      Timestamp{2147483647, 0}, Timestamp{2147483648, 5000}}) {
                s.setTime(t);
                s.add(frame);
            }
        }) << QStringList{
            "1766361926.168451 IP 192.0.2.10.5000 > 198.51.100.20.6000: UDP, length 4",
            "979489081.289000 IP 192.0.2.10.5000 > 198.51.100.20.6000: UDP, length 4",
            "1.999999 IP 192.0.2.10.5000 > 198.51.100.20.6000: UDP, length 4",
            "2147483647.000000 IP 192.0.2.10.5000 > 198.51.100.20.6000: UDP, length 4",
            // tcpdump 4.99 prints "[Error converting time]" past 2038; SynScope prints the real time on purpose.
            "2147483648.000005 IP 192.0.2.10.5000 > 198.51.100.20.6000: UDP, length 4",
        } << QStringList{};

        // ------------------------------------------------------------ truncation, time stamps
        QTest::newRow("snapshot length") << uint(kLtEthernet) << Build([](CaptureScript& s) {
            const Bytes data = seg(v4Ends(40401, 80), true, {tcpflag::kPsh | tcpflag::kAck, 1, 2,
                                                             bytesOf("GET /index.html HTTP/1.1\r\nHost: example.com\r\n\r\n"), {}});
            add(s, data, 36);  // inside the source port
            add(s, data, 40);  // ports, not the whole header
            add(s, data, 60);  // whole header, no payload
            add(s, data, 70);  // payload cut before its line end
            add(s, data, 24);  // inside the IP header
            add(s, udpFrame(v4A(), v4B(), 33000, 53, dnsQuery(1, "www.example.com", 1)), 50);
        }) << QStringList{
            "1718000000.000000 IP 192.0.2.10 > 198.51.100.20: [|tcp]",
            "1718000000.001234 IP 192.0.2.10.40401 > 198.51.100.20.80:  [|tcp]",
            "1718000000.002468 IP 192.0.2.10.40401 > 198.51.100.20.80: Flags [P.], seq 1:48, ack 2, win 502, length 47: HTTP [|http]",
            "1718000000.003702 IP 192.0.2.10.40401 > 198.51.100.20.80: Flags [P.], seq 1:48, ack 2, win 502, length 47: HTTP [|http]",
            "1718000000.004936 IP  [|ip]",
            "1718000000.006170 IP 192.0.2.10.33000 > 198.51.100.20.53:  [|domain]",
        } << QStringList{
            "1718000000.000000 IP 192.0.2.10 > 198.51.100.20: [|tcp]",
            "1718000000.001234 IP 192.0.2.10.40401 > 198.51.100.20.80:  [|tcp]",
            "1718000000.002468 IP 192.0.2.10.40401 > 198.51.100.20.80: Flags [P.], seq 1:48, ack 2, win 502, length 47: HTTP [|http]",
            "1718000000.003702 IP 192.0.2.10.40401 > 198.51.100.20.80: Flags [P.], seq 0:47, ack 1, win 502, length 47: HTTP [|http]",
            "1718000000.004936 IP  [|ip]",
            "1718000000.006170 IP 192.0.2.10.33000 > 198.51.100.20.53:  [|domain]",
        };
    }

    void lines()
    {
        QFETCH(uint, linkType);
        QFETCH(Build, build);
        QFETCH(QStringList, absolute);
        QFETCH(QStringList, relative);
        if (linkType == kLtSll2) {
            char name[IF_NAMESIZE + 1] = {};
            if (!if_indextoname(1, name) || std::string_view(name) != "lo")
                QSKIP("interface index 1 is not \"lo\" on this machine: tcpdump's SLL2 prefix would differ");
        }
        CaptureScript script(linkType);
        build(script);
        dumpForTcpdump(script, QTest::currentDataTag());
        // Every differing line of both forms is reported, not only the first one.
        const QString differences = compareLines("-S", format(script, TcpdumpNumbers::Absolute), absolute) +
                                    compareLines("no -S", format(script, TcpdumpNumbers::TcpdumpRelative),
                                                 relative.isEmpty() ? absolute : relative);
        QVERIFY2(differences.isEmpty(), qPrintable(differences));
    }

    void nanosecondTimeStampsAreTruncated()
    {
        Packet packet;
        const Bytes frame = udpFrame(v4A(), v4B(), 5000, 6000, bytesOf("hello"));
        decodePacket(frame, kLtEthernet, static_cast<std::uint32_t>(frame.size()), packet);
        TcpdumpFormatter f;
        const std::vector<std::pair<Timestamp, QString>> cases{
            {{1766361926, 168451894}, "1766361926.168451"},
            {{1718000000, 999999999}, "1718000000.999999"},
            {{979489081, 289000000}, "979489081.289000"},
            {{0, 0}, "0.000000"},
        };
        for (const auto& [time, text] : cases) {
            FrameContext context;
            context.time = time;
            std::string line;
            f.appendLine(packet, frame, context, line);
            QCOMPARE(QString::fromStdString(line), text + " IP 192.0.2.10.5000 > 198.51.100.20.6000: UDP, length 5");
            std::string stamp;
            appendTcpdumpTime(time, stamp);
            QCOMPARE(QString::fromStdString(stamp), text);
        }
    }

    void relativeStateAndReset()
    {
        // tcpdump -n on a, b, a prints the third line with "seq 0:100, ack 1"; after reset() the first
        // ACK-bearing packet is absolute again.
        const Ends e = v4Ends(43766, 3306);
        const Bytes a = seg(e, true, {tcpflag::kPsh | tcpflag::kAck, 777777, 888888, Bytes(100, 'q'), {}, 229});
        const Bytes b = seg(e, false, {tcpflag::kAck, 888888, 777877, {}, {}, 235});
        TcpdumpFormatter f(TcpdumpNumbers::TcpdumpRelative);
        const auto text = [&f](const Bytes& frame) {
            Packet p;
            decodePacket(frame, kLtEthernet, static_cast<std::uint32_t>(frame.size()), p);
            FrameContext context;
            std::string out;
            f.appendText(p, frame, context, out);
            return QString::fromStdString(out);
        };
        const QString first = "IP 192.0.2.10.43766 > 198.51.100.20.3306: Flags [P.], seq 777777:777877, ack 888888, win 229, length 100";
        QCOMPARE(text(a), first);
        QCOMPARE(text(b), QString("IP 198.51.100.20.3306 > 192.0.2.10.43766: Flags [.], ack 100, win 235, length 0"));
        QCOMPARE(text(a), QString("IP 192.0.2.10.43766 > 198.51.100.20.3306: Flags [P.], seq 0:100, ack 1, win 229, length 100"));
        f.reset();
        QCOMPARE(text(a), first);
    }

    void analysisRelativeNumbers()
    {
        // AnalysisRelative takes seq/ack from the TCP analysis facts (for random access), for ACK-bearing segments.
        const Ends e = v4Ends(41334, 5001);
        Bytes sack = Bytes{1, 1, 5, 10};
        put32(sack, 3000);
        put32(sack, 4000);
        const Bytes frame = seg(e, true, {tcpflag::kPsh | tcpflag::kAck, 1000, 2000, Bytes(10, 'd'), sack});
        Packet p;
        decodePacket(frame, kLtEthernet, static_cast<std::uint32_t>(frame.size()), p);
        TcpSegmentFacts facts;
        facts.relativeSeq = 1;
        facts.relativeAck = 1001; // ack base 999
        FrameContext context;
        context.tcp = &facts;
        TcpdumpFormatter f(TcpdumpNumbers::AnalysisRelative);
        std::string out;
        f.appendText(p, frame, context, out);
        QCOMPARE(QString::fromStdString(out), QString("IP 192.0.2.10.41334 > 198.51.100.20.5001: Flags [P.], seq 1:11, ack 1001, "
                                                      "win 502, options [nop,nop,sack 1 {2001:3001}], length 10"));
        // A SYN keeps its raw number.
        const Bytes syn = seg(e, true, {tcpflag::kSyn, 1000, 0, {}, {}, 1000});
        decodePacket(syn, kLtEthernet, static_cast<std::uint32_t>(syn.size()), p);
        out.clear();
        f.appendText(p, syn, context, out);
        QCOMPARE(QString::fromStdString(out), QString("IP 192.0.2.10.41334 > 198.51.100.20.5001: Flags [S], seq 1000, win 1000, length 0"));
    }

    void randomFramesGiveOneLine()
    {
        std::mt19937 rng(4099);
        const std::vector<std::pair<std::uint32_t, Bytes>> seeds{
            {kLtEthernet, seg(v4Ends(), true, {tcpflag::kSyn, 1, 0, {}, linuxSynOptions(1460, 7, 1, 0), 64240})},
            {kLtEthernet, seg(v4Ends(40000, 53), true, {tcpflag::kPsh | tcpflag::kAck, 1, 2, withLengthPrefix(dnsCnameResponse()), {}})},
            {kLtEthernet, seg(v6Ends(1, 80), true, {tcpflag::kPsh | tcpflag::kAck, 1, 2, bytesOf("GET / HTTP/1.1\r\n"),
                                                    Bytes{30, 12, 0x01, 0x81, 1, 2, 3, 4, 5, 6, 7, 8, 34, 4, 1, 2}})},
            {kLtEthernet, udpFrame(v4B(), v4A(), 53, 33000, dnsCnameResponse())},
            {kLtEthernet, ethernetIp(macA(), macB(), ipv4(v4B(), v4A(), 1, icmpv4(3, 3, 0, cut(ipSeg(v4Ends(), true, {}), 28))))},
            {kLtEthernet, ethernetIp(macA(), macB(), ipv6(v6A(), v6B(), 58, icmpv6(v6A(), v6B(), 1, 4, 0, ipv6(v6B(), v6A(), 17, udp(v6B(), v6A(), 1, 53, Bytes(4, 0))))))},
            {kLtEthernet, ethernet(macA(), macB(), 0x0806, arp(1, macA(), v4A(), MacAddress{}, v4B()))},
            {kLtSll2, linuxSll2(0x86dd, 1, 4, macA(), ipv6(v6A(), v6B(), 6, tcp(v6A(), v6B(), spec(v6Ends(), true, {})), 64, {{0, {1, 4, 0, 0, 0, 0}}}))},
            {kLtSll, linuxSll(0, macB(), 0x8100, Bytes{0x00, 0x76, 0x08, 0x00} + ipSeg(v4Ends(), false, {}))},
            {kLtNull, nullLoopback(2, false, ipSeg(v4Ends(), true, {}))},
        };
        int lines = 0;
        for (std::size_t k = 0; k < seeds.size(); ++k) {
            const auto& [lt, seed] = seeds[k];
            for (const TcpdumpNumbers numbers : {TcpdumpNumbers::Absolute, TcpdumpNumbers::TcpdumpRelative}) {
                TcpdumpFormatter f(numbers);
                for (int i = 0; i < 500; ++i) {
                    Bytes frame = seed;
                    const int edits = static_cast<int>(rng() % 6);
                    for (int e = 0; e < edits; ++e)
                        frame[rng() % frame.size()] = static_cast<std::uint8_t>(rng());
                    if (i % 3 == 0)
                        frame.resize(rng() % (frame.size() + 1));
                    // The frame sits in a buffer followed by other bytes: the text must not depend on them.
                    std::string text[2];
                    for (int tail = 0; tail < 2; ++tail) {
                        Bytes buffer = frame;
                        buffer.resize(frame.size() + 64, tail ? 0xff : 0x00);
                        const std::span<const std::uint8_t> span(buffer.data(), frame.size());
                        Packet p;
                        decodePacket(span, lt, static_cast<std::uint32_t>(seed.size()), p);
                        FrameContext context;
                        context.time = {1718000000, static_cast<std::uint32_t>(i)};
                        // Relative numbers keep state: use a copy so both tails see the same state.
                        TcpdumpFormatter g = f;
                        g.appendLine(p, span, context, text[tail]);
                        if (tail)
                            f = g;
                    }
                    const std::string& line = text[0];
                    QVERIFY2(line.find('\n') == std::string::npos, line.c_str());
                    QVERIFY2(line.size() > 18, line.c_str());
                    QVERIFY2(text[0] == text[1], qPrintable(QString::fromStdString("reads beyond the frame:\n" + text[0] + "\n" + text[1])));
                    ++lines;
                }
            }
        }
        QCOMPARE(lines, int(seeds.size()) * 1000);
    }
};

QTEST_GUILESS_MAIN(TestTcpdumpText)
#include "test_tcpdump_text.moc"
