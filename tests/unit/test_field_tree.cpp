// The protocol tree of crafted frames (exact byte ranges, deepest node at an offset, first occurrence,
// problem and checksum nodes), its JSON form, and the Wireshark-style packet-list columns.
#include "decode/decoder.h"
#include "decode/tree/field_tree.h"
#include "decode/text/packet_json.h"
#include "decode/text/summary.h"
#include "packet_crafter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QtTest>
#include <memory>
#include <random>

using namespace synscope;
using namespace synscope::testkit;

Q_DECLARE_METATYPE(synscope::testkit::Bytes)
Q_DECLARE_METATYPE(synscope::TcpSegmentFacts)

namespace {

constexpr std::uint32_t kLtEthernet = 1, kLtSll2 = 276;

MacAddress macA() { return mac(0x0a); }
MacAddress macB() { return mac(0x0b); }
IpAddress v4A() { return ip("192.0.2.10"); }
IpAddress v4B() { return ip("198.51.100.20"); }
IpAddress v6A() { return ip("2001:db8::10"); }
IpAddress v6B() { return ip("2001:db8:1::20"); }

QString qs(const std::string& s) { return QString::fromStdString(s); }
std::uint16_t be16(const Bytes& b, std::size_t at) { return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]); }
QString hex4(std::uint16_t v) { return QString("0x%1").arg(v, 4, 16, QChar('0')); }

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

Bytes cut(const Bytes& frame, std::size_t n) { return Bytes(frame.begin(), frame.begin() + static_cast<long>(n)); }

TcpSpec synSpec()
{
    TcpSpec s;
    s.srcPort = 41334;
    s.dstPort = 80;
    s.seq = 0x11223344; // 287454020
    s.flags = tcpflag::kSyn;
    s.window = 64240;
    s.options = linuxSynOptions(1460, 7, 1000, 0);
    return s;
}

TcpSpec dataSpec()
{
    TcpSpec s;
    s.srcPort = 41334;
    s.dstPort = 5001;
    s.seq = 1000;
    s.ack = 2000;
    s.flags = tcpflag::kAck | tcpflag::kPsh;
    s.window = 502;
    s.options = timestampOptions(7, 8);
    s.payload = Bytes(100, 'a');
    return s;
}

Bytes eth(const Bytes& ipPacket) { return ethernetIp(macA(), macB(), ipPacket); }
Bytes ethBack(const Bytes& ipPacket) { return ethernetIp(macB(), macA(), ipPacket); }
Bytes tcp4(const TcpSpec& s, const Ipv4Options& o = {}) { return ipv4(v4A(), v4B(), 6, tcp(v4A(), v4B(), s), o); }
Bytes tcp4Back(const TcpSpec& s) { return ipv4(v4B(), v4A(), 6, tcp(v4B(), v4A(), s)); }
Bytes tcp6(const TcpSpec& s) { return ipv6(v6A(), v6B(), 6, tcp(v6A(), v6B(), s)); }
Bytes udp4(std::uint16_t sp, std::uint16_t dp, const Bytes& payload)
{
    return ipv4(v4A(), v4B(), 17, udp(v4A(), v4B(), sp, dp, payload));
}
Bytes udp4Back(std::uint16_t sp, std::uint16_t dp, const Bytes& payload)
{
    return ipv4(v4B(), v4A(), 17, udp(v4B(), v4A(), sp, dp, payload));
}
Bytes udp6(std::uint16_t sp, std::uint16_t dp, const Bytes& payload)
{
    return ipv6(v6A(), v6B(), 17, udp(v6A(), v6B(), sp, dp, payload));
}

// Frames used by several tests.
Bytes synFrame() { return eth(tcp4(synSpec())); } // eth 0, ip 14, tcp 34 (40 bytes), options 54
Bytes icmpErrorFrame()                              // outer ip 14, icmp 34, quoted ip 42, quoted tcp 62
{
    return ethBack(ipv4(v4B(), v4A(), 1, icmpv4(3, 3, 0, cut(tcp4(synSpec()), 28))));
}
Bytes dnsResponseFrame()
{
    return ethBack(udp4Back(53, 33000, dnsResponse(0xbeef, "www.example.com", 1, {ip("93.184.216.34")})));
}

struct Decoded {
    Bytes frame;
    Packet packet;
    FieldTree tree;
    FrameContext context;
};

std::unique_ptr<Decoded> build(const Bytes& frame, std::uint32_t linkType = kLtEthernet, std::uint32_t originalLength = 0,
                               const TcpSegmentFacts* facts = nullptr)
{
    auto d = std::make_unique<Decoded>();
    d->frame = frame;
    decodePacket(d->frame, linkType, originalLength ? originalLength : static_cast<std::uint32_t>(frame.size()), d->packet);
    d->context.number = 1;
    d->context.time = {1718000000, 0};
    d->context.firstTime = d->context.time;
    d->context.tcp = facts;
    buildFieldTree(d->packet, d->frame, d->context, d->tree);
    return d;
}

// The tree of `frame` decoded from a buffer in which `tail` follows the frame's last byte: a tree that
// depends on the tail read bytes beyond the frame.
std::string treeText(const Bytes& frame, std::uint8_t tail, std::uint32_t originalLength = 0)
{
    Bytes buffer = frame;
    buffer.resize(frame.size() + 64, tail);
    const std::span<const std::uint8_t> span(buffer.data(), frame.size());
    Packet packet;
    decodePacket(span, kLtEthernet, originalLength ? originalLength : static_cast<std::uint32_t>(frame.size()), packet);
    FrameContext context;
    FieldTree tree;
    buildFieldTree(packet, span, context, tree);
    std::string out;
    for (const FieldNode& n : tree.nodes())
        out += std::string(n.name) + " " + n.text + " " + std::to_string(n.offset) + "+" + std::to_string(n.length) + "\n";
    PacketSummary s;
    summarize(packet, span, context, s);
    out += s.info + "\n";
    appendPacketJson(tree, protocolColumn(packet), out);
    return out;
}

int indexOf(const FieldTree& t, const FieldNode* n) { return n ? static_cast<int>(n - t.nodes().data()) : -1; }
QString nameAt(const FieldTree& t, int i) { return i < 0 ? QString("<none>") : QString(t[i].name); }

QJsonObject parseJson(const FieldTree& tree, const char* protocol, QString* raw = nullptr)
{
    std::string out;
    appendPacketJson(tree, protocol, out);
    if (raw)
        *raw = qs(out);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(out), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return QJsonObject{{"__invalid__", qs(out) + " / " + error.errorString()}};
    return doc.object();
}

// "number:41334", "string:tcp", "bool:true", "absent".
QString typed(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::Double: return "number:" + QString::number(v.toDouble(), 'g', 17);
    case QJsonValue::String: return "string:" + v.toString();
    case QJsonValue::Bool: return v.toBool() ? "bool:true" : "bool:false";
    case QJsonValue::Null: return "null";
    case QJsonValue::Undefined: return "absent";
    default: return "other";
    }
}

} // namespace

class TestFieldTree : public QObject {
    Q_OBJECT

private slots:
    // ---------------------------------------------------------------- byte ranges
    void nodeRanges_data()
    {
        QTest::addColumn<Bytes>("frame");
        QTest::addColumn<uint>("linkType");
        QTest::addColumn<QString>("field");
        QTest::addColumn<uint>("offset");
        QTest::addColumn<uint>("length");
        QTest::addColumn<QString>("text"); // empty: not checked

        const Bytes syn = synFrame();
        const auto row = [&](const char* field, uint offset, uint length, const char* text) {
            QTest::newRow(qPrintable(QString("SYN: ") + field)) << syn << uint(kLtEthernet) << field << offset << length << text;
        };
        row("frame", 0, 74, "Frame 1: 74 bytes on wire (592 bits), 74 bytes captured (592 bits)");
        row("eth", 0, 14, "Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:0b");
        row("eth.dst", 0, 6, "Destination: 02:00:00:00:00:0b");
        row("eth.src", 6, 6, "Source: 02:00:00:00:00:0a");
        row("eth.type", 12, 2, "Type: IPv4 (0x0800)");
        row("ip", 14, 20, "Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20");
        row("ip.version", 14, 1, "0100 .... = Version: 4");
        row("ip.hdr_len", 14, 1, ".... 0101 = Header Length: 20 bytes (5)");
        row("ip.len", 16, 2, "Total Length: 60");
        row("ip.id", 18, 2, "Identification: 0x0000 (0)");
        row("ip.flags", 20, 1, "");
        row("ip.ttl", 22, 1, "Time to Live: 64");
        row("ip.proto", 23, 1, "Protocol: TCP (6)");
        row("ip.checksum", 24, 2, "");
        row("ip.src", 26, 4, "Source Address: 192.0.2.10");
        row("ip.dst", 30, 4, "Destination Address: 198.51.100.20");
        row("tcp", 34, 40, "Transmission Control Protocol, Src Port: 41334, Dst Port: 80, Seq: 287454020, Len: 0");
        row("tcp.srcport", 34, 2, "Source Port: 41334");
        row("tcp.dstport", 36, 2, "Destination Port: 80");
        row("tcp.seq_raw", 38, 4, "Sequence Number (raw): 287454020");
        row("tcp.ack_raw", 42, 4, "Acknowledgment number (raw): 0");
        row("tcp.hdr_len", 46, 1, "1010 .... = Header Length: 40 bytes (10)");
        row("tcp.flags", 46, 2, "Flags: 0x002 (SYN)");
        row("tcp.flags.syn", 46, 2, ".... .... ..1. = Syn: Set");
        row("tcp.window_size_value", 48, 2, "Window: 64240");
        row("tcp.checksum", 50, 2, "");
        row("tcp.urgent_pointer", 52, 2, "Urgent Pointer: 0");
        row("tcp.options", 54, 20, "");
        row("tcp.options.type", 54, 4, "TCP Option - Maximum segment size: 1460 bytes");
        row("tcp.option_kind", 54, 1, "");
        row("tcp.option_len", 55, 1, "Length: 4");
        row("tcp.options.mss_val", 56, 2, "MSS Value: 1460");
        row("tcp.options.sack_perm", 58, 2, "");
        row("tcp.options.timestamp.tsval", 62, 4, "Timestamp value: 1000");
        row("tcp.options.timestamp.tsecr", 66, 4, "Timestamp echo reply: 0");
        row("tcp.options.wscale.shift", 73, 1, "Shift count: 7");

        QTest::newRow("VLAN: vlan.id") << ethernetTagged(macA(), macB(), {{0x8100, 100}}, 0x0800, tcp4(synSpec()))
                                       << uint(kLtEthernet) << "vlan.id" << 14u << 2u << "";
        QTest::newRow("VLAN: ip.src") << ethernetTagged(macA(), macB(), {{0x8100, 100}}, 0x0800, tcp4(synSpec()))
                                      << uint(kLtEthernet) << "ip.src" << 30u << 4u << "Source Address: 192.0.2.10";
        QTest::newRow("QinQ: ieee8021ad.id") << ethernetTagged(macA(), macB(), {{0x88a8, 200}, {0x8100, 100}}, 0x0800,
                                                               tcp4(synSpec()))
                                             << uint(kLtEthernet) << "ieee8021ad.id" << 14u << 2u << "";
        const Bytes v6 = eth(udp6(5000, 6000, bytesOf("hello")));
        QTest::newRow("IPv6: ipv6.src") << v6 << uint(kLtEthernet) << "ipv6.src" << 22u << 16u << "Source Address: 2001:db8::10";
        QTest::newRow("IPv6: ipv6.dst") << v6 << uint(kLtEthernet) << "ipv6.dst" << 38u << 16u
                                        << "Destination Address: 2001:db8:1::20";
        QTest::newRow("IPv6: ipv6.hlim") << v6 << uint(kLtEthernet) << "ipv6.hlim" << 21u << 1u << "Hop Limit: 64";
        QTest::newRow("IPv6: udp.srcport") << v6 << uint(kLtEthernet) << "udp.srcport" << 54u << 2u << "Source Port: 5000";
        QTest::newRow("IPv6: udp.length") << v6 << uint(kLtEthernet) << "udp.length" << 58u << 2u << "Length: 13";
        QTest::newRow("IPv6: udp.checksum") << v6 << uint(kLtEthernet) << "udp.checksum" << 60u << 2u << "";
        {
            const Bytes padN{0x01, 0x04, 0x00, 0x00, 0x00, 0x00};
            const Bytes x = eth(ipv6(v6A(), v6B(), 6, tcp(v6A(), v6B(), synSpec()), 64,
                                     {{0, padN}, {44, {0x00, 0x00, 0x00, 0x00, 0x00, 0x2a}}}));
            QTest::newRow("IPv6 extensions: ipv6.hopopts") << x << uint(kLtEthernet) << "ipv6.hopopts" << 54u << 8u << "";
            QTest::newRow("IPv6 extensions: ipv6.fraghdr") << x << uint(kLtEthernet) << "ipv6.fraghdr" << 62u << 8u << "";
            QTest::newRow("IPv6 extensions: ipv6.fraghdr.ident") << x << uint(kLtEthernet) << "ipv6.fraghdr.ident" << 66u
                                                                 << 4u << "Identification: 0x0000002a";
            QTest::newRow("IPv6 extensions: tcp.srcport") << x << uint(kLtEthernet) << "tcp.srcport" << 70u << 2u << "";
        }
        {
            TcpSpec s = dataSpec();
            s.payload = {};
            s.flags = tcpflag::kAck;
            s.options = Bytes{1, 1, 5, 18};
            for (std::uint32_t v : {3000u, 4000u, 5000u, 6000u})
                put32(s.options, v);
            const Bytes sack = eth(tcp4(s));
            QTest::newRow("SACK: option") << sack << uint(kLtEthernet) << "tcp.options.type" << 54u << 1u
                                          << "TCP Option - No-Operation (NOP)";
            QTest::newRow("SACK: left edge") << sack << uint(kLtEthernet) << "tcp.options.sack_le" << 58u << 4u
                                             << "left edge = 3000";
            QTest::newRow("SACK: right edge") << sack << uint(kLtEthernet) << "tcp.options.sack_re" << 62u << 4u
                                              << "right edge = 4000";
        }
        const Bytes sll2 = linuxSll2(0x0800, 7, 4, macA(), tcp4(synSpec()));
        QTest::newRow("SLL2: sll.etype") << sll2 << uint(kLtSll2) << "sll.etype" << 0u << 2u << "";
        QTest::newRow("SLL2: sll.ifindex") << sll2 << uint(kLtSll2) << "sll.ifindex" << 4u << 4u << "Interface index: 7";
        QTest::newRow("SLL2: sll.pkttype") << sll2 << uint(kLtSll2) << "sll.pkttype" << 10u << 1u << "";
        QTest::newRow("SLL2: ip.src") << sll2 << uint(kLtSll2) << "ip.src" << 32u << 4u << "";
        const Bytes arpRequest = ethernet(macA(), macB(), 0x0806, arp(1, macA(), v4A(), MacAddress{}, v4B()));
        QTest::newRow("ARP: arp.opcode") << arpRequest << uint(kLtEthernet) << "arp.opcode" << 20u << 2u << "";
        QTest::newRow("ARP: arp.src.proto_ipv4") << arpRequest << uint(kLtEthernet) << "arp.src.proto_ipv4" << 28u << 4u
                                                 << "Sender IP address: 192.0.2.10";
        QTest::newRow("ARP: arp.dst.hw_mac") << arpRequest << uint(kLtEthernet) << "arp.dst.hw_mac" << 32u << 6u << "";
        QTest::newRow("ARP: arp.dst.proto_ipv4") << arpRequest << uint(kLtEthernet) << "arp.dst.proto_ipv4" << 38u << 4u
                                                 << "Target IP address: 198.51.100.20";
        QTest::newRow("ICMP error: icmp.type") << icmpErrorFrame() << uint(kLtEthernet) << "icmp.type" << 34u << 1u << "";
        QTest::newRow("ICMP error: quoted tcp") << icmpErrorFrame() << uint(kLtEthernet) << "tcp" << 62u << 8u << "";
        QTest::newRow("ICMP error: quoted tcp.srcport") << icmpErrorFrame() << uint(kLtEthernet) << "tcp.srcport" << 62u
                                                        << 2u << "";
        QTest::newRow("ICMP error: quoted tcp.seq") << icmpErrorFrame() << uint(kLtEthernet) << "tcp.seq" << 66u << 4u
                                                    << "Sequence Number: 287454020";
        QTest::newRow("DNS over UDP: dns.id") << dnsResponseFrame() << uint(kLtEthernet) << "dns.id" << 42u << 2u
                                              << "Transaction ID: 0xbeef";
        QTest::newRow("DNS over UDP: dns.flags") << dnsResponseFrame() << uint(kLtEthernet) << "dns.flags" << 44u << 2u << "";
        {
            TcpSpec s = dataSpec();
            s.srcPort = 40000;
            s.dstPort = 53;
            const Bytes q = dnsQuery(0x5151, "tcp.example.com", 1);
            s.payload = Bytes{0, static_cast<std::uint8_t>(q.size())} + q;
            const Bytes f = eth(tcp4(s));
            QTest::newRow("DNS over TCP: dns.length") << f << uint(kLtEthernet) << "dns.length" << 66u << 2u << "Length: 33";
            QTest::newRow("DNS over TCP: dns.id") << f << uint(kLtEthernet) << "dns.id" << 68u << 2u << "";
            QTest::newRow("DNS over TCP: tcp.payload") << f << uint(kLtEthernet) << "tcp.payload" << 66u << 35u << "";
        }
    }

    void nodeRanges()
    {
        QFETCH(Bytes, frame);
        QFETCH(uint, linkType);
        QFETCH(QString, field);
        QFETCH(uint, offset);
        QFETCH(uint, length);
        QFETCH(QString, text);
        const auto d = build(frame, linkType);
        const FieldNode* n = d->tree.first(field.toStdString());
        QVERIFY2(n, qPrintable("no node " + field));
        QCOMPARE(n->offset, offset);
        QCOMPARE(n->length, length);
        if (!text.isEmpty())
            QCOMPARE(qs(n->text), text);
    }

    // ---------------------------------------------------------------- hex pane -> tree
    void deepestAt_data()
    {
        QTest::addColumn<Bytes>("frame");
        QTest::addColumn<uint>("offset");
        QTest::addColumn<QString>("field");
        const Bytes syn = synFrame();
        QTest::newRow("first byte") << syn << 0u << "eth.dst";
        QTest::newRow("eth.dst last byte") << syn << 5u << "eth.dst";
        QTest::newRow("eth.src") << syn << 11u << "eth.src";
        QTest::newRow("eth.type") << syn << 13u << "eth.type";
        QTest::newRow("ip.len") << syn << 17u << "ip.len";
        QTest::newRow("ip.ttl") << syn << 22u << "ip.ttl";
        QTest::newRow("ip.src") << syn << 26u << "ip.src";
        QTest::newRow("ip.dst last byte") << syn << 33u << "ip.dst";
        QTest::newRow("TCP source port, first byte") << syn << 34u << "tcp.srcport";
        QTest::newRow("TCP source port, second byte") << syn << 35u << "tcp.srcport";
        QTest::newRow("TCP destination port") << syn << 37u << "tcp.dstport";
        QTest::newRow("TCP sequence number") << syn << 41u << "tcp.seq_raw";
        QTest::newRow("TCP window") << syn << 49u << "tcp.window_size_value";
        QTest::newRow("TCP urgent pointer") << syn << 53u << "tcp.urgent_pointer";
        QTest::newRow("MSS kind") << syn << 54u << "tcp.option_kind";
        QTest::newRow("MSS length") << syn << 55u << "tcp.option_len";
        QTest::newRow("MSS value, first byte") << syn << 56u << "tcp.options.mss_val";
        QTest::newRow("MSS value, second byte") << syn << 57u << "tcp.options.mss_val";
        QTest::newRow("TSval") << syn << 63u << "tcp.options.timestamp.tsval";
        QTest::newRow("TSecr") << syn << 69u << "tcp.options.timestamp.tsecr";
        QTest::newRow("NOP") << syn << 70u << "tcp.option_kind";
        QTest::newRow("window scale shift") << syn << 73u << "tcp.options.wscale.shift";
        QTest::newRow("beyond the frame") << syn << 74u << "<none>";
        QTest::newRow("far beyond the frame") << syn << 100000u << "<none>";
        const Bytes err = icmpErrorFrame();
        QTest::newRow("ICMP type") << err << 34u << "icmp.type";
        QTest::newRow("quoted ip.src") << err << 55u << "ip.src";
        QTest::newRow("quoted TCP source port") << err << 62u << "tcp.srcport";
        QTest::newRow("quoted TCP destination port") << err << 65u << "tcp.dstport";
        QTest::newRow("quoted TCP sequence number") << err << 69u << "tcp.seq";
    }

    void deepestAt()
    {
        QFETCH(Bytes, frame);
        QFETCH(uint, offset);
        QFETCH(QString, field);
        const auto d = build(frame);
        const int i = d->tree.deepestAt(offset);
        QCOMPARE(nameAt(d->tree, i), field);
        if (i >= 0) {
            const FieldNode& n = d->tree[i];
            QVERIFY(n.length > 0);
            QVERIFY(offset >= n.offset && offset < n.offset + n.length);
            // No child of the node covers the offset (it is the deepest).
            for (const int c : d->tree.children(i))
                QVERIFY(d->tree[c].length == 0 || offset < d->tree[c].offset ||
                        offset >= d->tree[c].offset + d->tree[c].length);
        }
    }

    // ---------------------------------------------------------------- first occurrence
    void firstOccurrence()
    {
        const auto d = build(icmpErrorFrame());
        const FieldTree& t = d->tree;
        // The outer IP header comes first; the quoted one nests under the ICMP node.
        const FieldNode* src = t.first("ip.src");
        QVERIFY(src);
        QCOMPARE(qs(src->text), QString("Source Address: 198.51.100.20"));
        QCOMPARE(src->offset, 26u);
        QCOMPARE(qs(std::get<std::string>(src->value)), QString("198.51.100.20"));
        // The only TCP header is the quoted one.
        const FieldNode* sport = t.first("tcp.srcport");
        QVERIFY(sport);
        QCOMPARE(std::get<std::uint64_t>(sport->value), std::uint64_t{41334});
        QCOMPARE(sport->offset, 62u);
        QCOMPARE(std::get<std::uint64_t>(t.first("icmp.type")->value), std::uint64_t{3});
        QCOMPARE(std::get<std::uint64_t>(t.first("icmp.code")->value), std::uint64_t{3});
        QVERIFY(t.first("udp.srcport") == nullptr);
        QVERIFY(t.first("no.such.field") == nullptr);
        int ipSources = 0;
        for (const FieldNode& n : t.nodes())
            ipSources += std::string_view(n.name) == "ip.src";
        QCOMPARE(ipSources, 2);
        // Tree shape: the quoted ip and tcp nodes are children of the icmp node.
        const int icmp = indexOf(t, t.first("icmp"));
        QVERIFY(icmp >= 0);
        QStringList icmpChildren;
        for (const int c : t.children(icmp))
            icmpChildren << t[c].name;
        QVERIFY2(icmpChildren.contains("ip") && icmpChildren.contains("tcp"), qPrintable(icmpChildren.join(',')));
        QCOMPARE(t[t[indexOf(t, sport)].parent].name, "tcp");
        QCOMPARE(t[t[t[indexOf(t, sport)].parent].parent].name, "icmp");
        // Top-level nodes: frame, eth, ip, icmp.
        QStringList top;
        for (const int c : t.children(-1))
            top << t[c].name;
        QCOMPARE(top.join(' '), QString("frame eth ip icmp"));
    }

    // ---------------------------------------------------------------- problem nodes
    void problemNodes_data()
    {
        QTest::addColumn<Bytes>("frame");
        QTest::addColumn<uint>("snap"); // 0: whole frame
        QTest::addColumn<QString>("parent");
        QTest::addColumn<QString>("problem");
        QTest::addColumn<int>("severity");

        const int warning = int(FieldSeverity::Warning), error = int(FieldSeverity::Error);
        const Bytes data = eth(tcp4(dataSpec()));
        QTest::newRow("truncated Ethernet header") << data << 10u << "eth" << "_ws.truncated" << warning;
        QTest::newRow("truncated IPv4 header") << data << 24u << "ip" << "_ws.truncated" << warning;
        QTest::newRow("truncated TCP header") << data << 44u << "tcp" << "_ws.truncated" << warning;
        QTest::newRow("truncated UDP header") << eth(udp6(1, 2, Bytes(20, 0))) << 58u << "udp" << "_ws.truncated" << warning;
        QTest::newRow("truncated ARP") << ethernet(macA(), macB(), 0x0806, arp(1, macA(), v4A(), MacAddress{}, v4B())) << 30u
                                       << "arp" << "_ws.truncated" << warning;
        {
            TcpSpec s = dataSpec();
            s.options = {};
            s.dataOffsetOverride = 4;
            QTest::newRow("TCP data offset 4") << eth(tcp4(s)) << 0u << "tcp" << "_ws.malformed" << error;
            s.dataOffsetOverride = 15;
            s.payload = Bytes(10, 1);
            QTest::newRow("TCP header beyond the segment") << eth(tcp4(s)) << 0u << "tcp" << "_ws.malformed" << error;
            TcpSpec o = dataSpec();
            o.options = {2, 0, 0, 0};
            QTest::newRow("TCP option length 0") << eth(tcp4(o)) << 0u << "tcp.options" << "_ws.malformed" << error;
            o.options = {1, 8, 10, 1, 2, 3, 4, 5};
            QTest::newRow("TCP option past the header") << eth(tcp4(o)) << 0u << "tcp.options" << "_ws.malformed" << error;
        }
        {
            Ipv4Options o;
            o.headerLengthOverride = 12;
            QTest::newRow("IPv4 header length 12") << eth(tcp4(synSpec(), o)) << 0u << "ip" << "_ws.malformed" << error;
        }
        {
            Bytes f = eth(udp4(1, 2, bytesOf("hello")));
            f[39] = 3;
            QTest::newRow("UDP length 3") << f << 0u << "udp" << "_ws.malformed" << error;
        }
        {
            Bytes q = dnsQuery(1, "www.example.com", 1);
            q.resize(20);
            QTest::newRow("DNS question cut short") << eth(udp4(33000, 53, q)) << 0u << "dns" << "_ws.malformed" << error;
        }
    }

    void problemNodes()
    {
        QFETCH(Bytes, frame);
        QFETCH(uint, snap);
        QFETCH(QString, parent);
        QFETCH(QString, problem);
        QFETCH(int, severity);
        const auto d = build(snap ? cut(frame, snap) : frame, kLtEthernet, static_cast<std::uint32_t>(frame.size()));
        const FieldTree& t = d->tree;
        QStringList found;
        for (const FieldNode& n : t.nodes())
            if (QString(n.name).startsWith("_ws."))
                found << QString("%1/%2/%3").arg(n.parent >= 0 ? t[n.parent].name : "-", n.name).arg(int(n.severity));
        QCOMPARE(found.join(' '), QString("%1/%2/%3").arg(parent, problem).arg(severity));
        const FieldNode* n = t.first(problem.toStdString());
        QVERIFY(qs(n->text).startsWith(problem == "_ws.truncated" ? "[Packet size limited during capture" : "[Malformed"));
        QVERIFY(std::holds_alternative<std::string>(n->value));
        // The problem node covers bytes of its layer.
        const FieldNode& p = t[n->parent];
        QVERIFY(n->offset >= p.offset && n->offset + n->length <= p.offset + p.length);
        // A capture cut short says so once, in the frame node.
        if (snap)
            QVERIFY(t.first("frame.cap_len") && std::get<std::uint64_t>(t.first("frame.cap_len")->value) == snap);
    }

    void cleanPacketsHaveNoProblemNodes_data()
    {
        QTest::addColumn<Bytes>("frame");
        QTest::newRow("TCP SYN") << synFrame();
        QTest::newRow("TCP data over IPv6") << eth(tcp6(dataSpec()));
        QTest::newRow("DNS response") << dnsResponseFrame();
        // An ICMP error quotes the first 8 bytes of the TCP header by design; the frame was captured whole.
        QTest::newRow("ICMP error quoting a TCP SYN") << icmpErrorFrame();
    }

    void cleanPacketsHaveNoProblemNodes()
    {
        QFETCH(Bytes, frame);
        const auto d = build(frame);
        for (const FieldNode& n : d->tree.nodes()) {
            QVERIFY2(!QString(n.name).startsWith("_ws."), qPrintable(QString(n.name) + " " + qs(n.text)));
            QVERIFY2(n.severity != FieldSeverity::Error && n.severity != FieldSeverity::Warning, n.name);
        }
    }

    void nodesStayInsideTheFrame_data()
    {
        QTest::addColumn<Bytes>("frame");
        QTest::addColumn<uint>("snap");
        {
            // DNS over TCP whose message (after the 2-byte length prefix) is only 10 bytes: shorter than a DNS header.
            TcpSpec s = dataSpec();
            s.dstPort = 53;
            s.payload = Bytes{0x00, 0x0a} + cut(dnsQuery(0x5151, "tcp.example.com", 1), 10);
            QTest::newRow("DNS over TCP, 10-byte message") << eth(tcp4(s)) << 0u;
            s.payload = Bytes{0x00, 0x21} + dnsQuery(0x5151, "tcp.example.com", 1);
            QTest::newRow("DNS over TCP, captured up to 13 bytes of the payload") << eth(tcp4(s)) << 66u + 13u;
        }
        QTest::newRow("DNS over UDP, captured up to 10 bytes of the message") << dnsResponseFrame() << 52u;
        TcpSpec syn = synSpec();
        QTest::newRow("TCP options cut by the capture") << eth(tcp4(syn)) << 64u;
        QTest::newRow("IPv6 extension header cut by the capture")
            << eth(ipv6(v6A(), v6B(), 6, tcp(v6A(), v6B(), syn), 64, {{0, {0x01, 0x04, 0, 0, 0, 0}}})) << 58u;
    }

    void nodesStayInsideTheFrame()
    {
        QFETCH(Bytes, frame);
        QFETCH(uint, snap);
        const Bytes captured = snap ? cut(frame, snap) : frame;
        const auto d = build(captured, kLtEthernet, static_cast<std::uint32_t>(frame.size()));
        for (const FieldNode& n : d->tree.nodes())
            QVERIFY2(n.length == 0 || std::uint64_t{n.offset} + n.length <= captured.size(),
                     qPrintable(QString("%1 \"%2\" covers %3+%4 of a %5-byte frame")
                                    .arg(n.name, qs(n.text))
                                    .arg(n.offset)
                                    .arg(n.length)
                                    .arg(captured.size())));
    }

    // ---------------------------------------------------------------- checksum nodes
    void checksumNodes_data()
    {
        QTest::addColumn<Bytes>("goodFrame");
        QTest::addColumn<Bytes>("badFrame");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("label");
        QTest::addColumn<uint>("at");
        const auto corrupt = [](Bytes f, std::size_t at) {
            f[at] ^= 0x5a;
            f[at + 1] ^= 0xa5;
            return f;
        };
        Ipv4Options badIp;
        badIp.badChecksum = true;
        QTest::newRow("IPv4 header") << synFrame() << eth(tcp4(synSpec(), badIp)) << "ip.checksum" << "Header Checksum" << 24u;
        TcpSpec bad = dataSpec();
        bad.badChecksum = true;
        QTest::newRow("TCP over IPv4") << eth(tcp4(dataSpec())) << eth(tcp4(bad)) << "tcp.checksum" << "Checksum" << 50u;
        QTest::newRow("TCP over IPv6") << eth(tcp6(dataSpec())) << eth(tcp6(bad)) << "tcp.checksum" << "Checksum" << 70u;
        const Bytes u4 = eth(udp4(5000, 6000, bytesOf("hello")));
        QTest::newRow("UDP over IPv4") << u4 << corrupt(u4, 40) << "udp.checksum" << "Checksum" << 40u;
        const Bytes u6 = eth(udp6(5000, 6000, bytesOf("hello")));
        QTest::newRow("UDP over IPv6") << u6 << corrupt(u6, 60) << "udp.checksum" << "Checksum" << 60u;
        const Bytes i4 = eth(ipv4(v4A(), v4B(), 1, icmpv4(8, 0, 0x00010001, bytesOf("abcdefgh"))));
        QTest::newRow("ICMP") << i4 << corrupt(i4, 36) << "icmp.checksum" << "Checksum" << 36u;
        const Bytes i6 = eth(ipv6(v6A(), v6B(), 58, icmpv6(v6A(), v6B(), 128, 0, 0x00010001, bytesOf("abcdefgh"))));
        QTest::newRow("ICMPv6") << i6 << corrupt(i6, 56) << "icmpv6.checksum" << "Checksum" << 56u;
    }

    void checksumNodes()
    {
        QFETCH(Bytes, goodFrame);
        QFETCH(Bytes, badFrame);
        QFETCH(QString, field);
        QFETCH(QString, label);
        QFETCH(uint, at);
        const std::uint16_t correct = be16(goodFrame, at), stored = be16(badFrame, at);
        const auto good = build(goodFrame);
        const FieldNode* g = good->tree.first(field.toStdString());
        QVERIFY(g);
        QCOMPARE(qs(g->text), QString("%1: %2 [correct]").arg(label, hex4(correct)));
        QCOMPARE(int(g->severity), int(FieldSeverity::None));
        QCOMPARE(g->offset, at);
        QCOMPARE(g->length, 2u);
        QCOMPARE(std::get<std::uint64_t>(g->value), std::uint64_t{correct});
        QCOMPARE(qs(std::get<std::string>(good->tree.first((field + ".status").toStdString())->value)), QString("good"));

        const auto bad = build(badFrame);
        const FieldNode* b = bad->tree.first(field.toStdString());
        QVERIFY(b);
        const QString expected = QString("%1: %2 incorrect, should be %3").arg(label, hex4(stored), hex4(correct));
        QVERIFY2(qs(b->text).startsWith(expected), qPrintable(qs(b->text) + " does not start with " + expected));
        QCOMPARE(int(b->severity), int(FieldSeverity::Error));
        QCOMPARE(std::get<std::uint64_t>(b->value), std::uint64_t{stored});
        QCOMPARE(qs(std::get<std::string>(bad->tree.first((field + ".status").toStdString())->value)), QString("bad"));
        // JSON carries the same status.
        QCOMPARE(typed(parseJson(bad->tree, protocolColumn(bad->packet)).value(field + ".status")), QString("string:bad"));
        QCOMPARE(typed(parseJson(good->tree, protocolColumn(good->packet)).value(field + ".status")), QString("string:good"));
    }

    // ---------------------------------------------------------------- JSON
    void packetJson_data()
    {
        QTest::addColumn<Bytes>("frame");
        QTest::addColumn<uint>("snap");
        QTest::addColumn<QStringList>("present"); // key=typed value
        QTest::addColumn<QStringList>("absent");

        QTest::newRow("TCP SYN") << synFrame() << 0u
                                 << QStringList{"protocol=string:TCP",
                                                "frame.number=number:1",
                                                "frame.len=number:74",
                                                "frame.protocols=string:eth:ethertype:ip:tcp",
                                                "eth.src=string:02:00:00:00:00:0a",
                                                "eth.dst=string:02:00:00:00:00:0b",
                                                "eth.type=number:2048",
                                                "ip.src=string:192.0.2.10",
                                                "ip.dst=string:198.51.100.20",
                                                "ip.ttl=number:64",
                                                "ip.proto=number:6",
                                                "ip.checksum.status=string:good",
                                                "tcp.srcport=number:41334",
                                                "tcp.dstport=number:80",
                                                "tcp.seq_raw=number:287454020",
                                                "tcp.flags=number:2",
                                                "tcp.flags.syn=number:1",
                                                "tcp.window_size_value=number:64240",
                                                "tcp.len=number:0",
                                                "tcp.checksum.status=string:good",
                                                "tcp.options.mss_val=number:1460",
                                                "tcp.options.wscale.shift=number:7",
                                                "tcp.options.timestamp.tsval=number:1000",
                                                "tcp.options.timestamp.tsecr=number:0"}
                                 << QStringList{"udp.srcport", "ipv6.src", "dns.id", "icmp.type", "tcp.options.sack_le",
                                                "tcp.payload", "arp.opcode", "_ws.malformed", "_ws.truncated", "vlan.id"};
        {
            TcpSpec s = dataSpec();
            s.flags = tcpflag::kAe | tcpflag::kCwr | tcpflag::kEce | tcpflag::kAck | tcpflag::kSyn; // 0x1d2
            QTest::newRow("SYN/ACK with AE, CWR, ECE") << eth(tcp6(s)) << 0u
                                                       << QStringList{"tcp.flags=number:466", "tcp.flags.ae=number:1",
                                                                      "tcp.flags.cwr=number:1", "tcp.flags.ece=number:1",
                                                                      "tcp.flags.ack=number:1", "tcp.flags.push=number:0",
                                                                      "ipv6.src=string:2001:db8::10",
                                                                      "ipv6.dst=string:2001:db8:1::20",
                                                                      "tcp.len=number:100", "protocol=string:TCP"}
                                                       << QStringList{"ip.src", "ip.checksum.status", "tcp.options.mss_val"};
        }
        {
            TcpSpec s = dataSpec();
            s.badChecksum = true;
            QTest::newRow("bad TCP checksum") << eth(tcp4(s)) << 0u
                                              << QStringList{"tcp.checksum.status=string:bad", "ip.checksum.status=string:good"}
                                              << QStringList{};
            Ipv4Options o;
            o.badChecksum = true;
            QTest::newRow("bad IPv4 checksum") << eth(tcp4(dataSpec(), o)) << 0u
                                               << QStringList{"tcp.checksum.status=string:good", "ip.checksum.status=string:bad"}
                                               << QStringList{};
            QTest::newRow("truncated payload") << eth(tcp4(dataSpec())) << 100u
                                               << QStringList{"tcp.checksum.status=string:unverified",
                                                              "ip.checksum.status=string:good", "tcp.len=number:100",
                                                              "frame.len=number:166", "frame.cap_len=number:100"}
                                               << QStringList{"_ws.truncated"};
            QTest::newRow("truncated TCP header") << eth(tcp4(dataSpec())) << 44u
                                                  << QStringList{"_ws.truncated=string:truncated", "tcp.srcport=number:41334"}
                                                  << QStringList{"tcp.checksum.status", "tcp.len"};
        }
        QTest::newRow("ICMP error quoting TCP") << icmpErrorFrame() << 0u
                                                << QStringList{"protocol=string:ICMP", "ip.src=string:198.51.100.20",
                                                               "ip.dst=string:192.0.2.10", "icmp.type=number:3",
                                                               "icmp.code=number:3", "tcp.srcport=number:41334",
                                                               "tcp.dstport=number:80", "icmp.checksum.status=string:good"}
                                                << QStringList{"udp.srcport", "tcp.checksum.status"};
        QTest::newRow("DNS response") << dnsResponseFrame() << 0u
                                      << QStringList{"protocol=string:DNS", "udp.srcport=number:53", "udp.dstport=number:33000",
                                                     "dns.id=number:48879", "dns.flags=number:33152",
                                                     "dns.qry.name=string:www.example.com", "dns.qry.type=number:1",
                                                     "dns.count.answers=number:1", "dns.a=string:93.184.216.34",
                                                     "dns.resp.ttl=number:300", "udp.checksum.status=string:good"}
                                      << QStringList{"tcp.srcport", "dns.aaaa", "dns.cname", "dns.length"};
        QTest::newRow("DNS name with a quote and a backslash")
            << eth(udp4(33000, 53, dnsQuery(2, "a\"b\\c.example", 1))) << 0u
            << QStringList{"dns.qry.name=string:a\"b\\c.example", "protocol=string:DNS"} << QStringList{};
        QTest::newRow("ARP request") << ethernet(macA(), macB(), 0x0806, arp(1, macA(), v4A(), MacAddress{}, v4B())) << 0u
                                     << QStringList{"protocol=string:ARP", "arp.opcode=number:1",
                                                    "arp.src.hw_mac=string:02:00:00:00:00:0a",
                                                    "arp.src.proto_ipv4=string:192.0.2.10",
                                                    "arp.dst.proto_ipv4=string:198.51.100.20"}
                                     << QStringList{"ip.src", "tcp.srcport", "udp.srcport"};
    }

    void packetJson()
    {
        QFETCH(Bytes, frame);
        QFETCH(uint, snap);
        QFETCH(QStringList, present);
        QFETCH(QStringList, absent);
        const auto d = build(snap ? cut(frame, snap) : frame, kLtEthernet, static_cast<std::uint32_t>(frame.size()));
        QString raw;
        const QJsonObject o = parseJson(d->tree, protocolColumn(d->packet), &raw);
        QVERIFY2(!o.contains("__invalid__"), qPrintable(o.value("__invalid__").toString()));
        for (const QString& p : present) {
            const int eq = p.indexOf('=');
            const QString key = p.left(eq);
            QCOMPARE(key + "=" + typed(o.value(key)), p);
        }
        for (const QString& a : absent)
            QVERIFY2(!o.contains(a), qPrintable(a + " is present: " + raw));
        // Keys are Wireshark field names, each once.
        static const QRegularExpression fieldName("^_?[a-z0-9]+(\\.[a-z0-9_]+)+$");
        for (const QString& key : o.keys()) {
            if (key != "protocol")
                QVERIFY2(fieldName.match(key).hasMatch(), qPrintable(key));
            QCOMPARE(raw.count("\"" + key + "\":"), 1);
        }
        QVERIFY(o.contains("protocol"));
    }

    // ---------------------------------------------------------------- list columns
    void summaries_data()
    {
        QTest::addColumn<Bytes>("frame");
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("destination");
        QTest::addColumn<QString>("protocol");
        QTest::addColumn<QString>("info");

        // Expected texts are tshark 4.0's columns for each frame read on its own
        // (-o tcp.relative_sequence_numbers:FALSE, since no TCP analysis facts are given).
        const QString a = "192.0.2.10", b = "198.51.100.20", a6 = "2001:db8::10", b6 = "2001:db8:1::20";
        QTest::newRow("TCP SYN") << synFrame() << a << b << "TCP"
                                 << "41334 → 80 [SYN] Seq=287454020 Win=64240 Len=0 MSS=1460 SACK_PERM TSval=1000 TSecr=0 WS=128";
        {
            TcpSpec s;
            s.srcPort = 80;
            s.dstPort = 41334;
            s.seq = 0x55667788;
            s.ack = 0x11223345;
            s.flags = tcpflag::kSyn | tcpflag::kAck;
            s.window = 65160;
            s.options = linuxSynOptions(1400, 9, 2000, 1000);
            QTest::newRow("TCP SYN/ACK") << ethBack(tcp4Back(s)) << b << a << "TCP"
                                         << "80 → 41334 [SYN, ACK] Seq=1432778632 Ack=287454021 Win=65160 Len=0 MSS=1400 "
                                            "SACK_PERM TSval=2000 TSecr=1000 WS=512";
        }
        QTest::newRow("TCP data") << eth(tcp4(dataSpec())) << a << b << "TCP"
                                  << "41334 → 5001 [PSH, ACK] Seq=1000 Ack=2000 Win=502 Len=100 TSval=7 TSecr=8";
        {
            TcpSpec s = synSpec();
            s.options = {};
            s.flags = tcpflag::kSyn | tcpflag::kEce | tcpflag::kCwr;
            QTest::newRow("TCP SYN, ECE, CWR") << eth(tcp4(s)) << a << b << "TCP"
                                               << "41334 → 80 [SYN, ECE, CWR] Seq=287454020 Win=64240 Len=0";
            s.flags = 0x1ff;
            s.ack = 9;
            s.urgent = 5;
            QTest::newRow("TCP all flags, urgent pointer")
                << eth(tcp4(s)) << a << b << "TCP"
                << "41334 → 80 [FIN, SYN, RST, PSH, ACK, URG, ECE, CWR, AE] Seq=287454020 Ack=9 Win=64240 Urg=5 Len=0";
            s.flags = 0;
            s.urgent = 0;
            QTest::newRow("TCP no flags") << eth(tcp4(s)) << a << b << "TCP" << "41334 → 80 [<None>] Seq=287454020 Win=64240 Len=0";
        }
        {
            TcpSpec s = dataSpec();
            s.payload = {};
            s.flags = tcpflag::kAck;
            s.options = Bytes{1, 1, 5, 18};
            for (std::uint32_t v : {3000u, 4000u, 5000u, 6000u})
                put32(s.options, v);
            QTest::newRow("TCP SACK") << eth(tcp4(s)) << a << b << "TCP"
                                      << "41334 → 5001 [ACK] Seq=1000 Ack=2000 Win=502 Len=0 SLE=3000 SRE=4000 SLE=5000 SRE=6000";
            TcpSpec r;
            r.srcPort = 80;
            r.dstPort = 41334;
            r.ack = 0x11223345;
            r.flags = tcpflag::kRst | tcpflag::kAck;
            r.window = 0;
            QTest::newRow("TCP RST/ACK") << ethBack(tcp4Back(r)) << b << a << "TCP"
                                         << "80 → 41334 [RST, ACK] Seq=0 Ack=287454021 Win=0 Len=0";
            TcpSpec f = dataSpec();
            f.flags = tcpflag::kFin | tcpflag::kAck;
            f.payload = {};
            f.options = {};
            QTest::newRow("TCP FIN/ACK over IPv6") << eth(tcp6(f)) << a6 << b6 << "TCP"
                                                   << "41334 → 5001 [FIN, ACK] Seq=1000 Ack=2000 Win=502 Len=0";
        }
        QTest::newRow("UDP") << eth(udp4(5000, 6000, bytesOf("hello"))) << a << b << "UDP" << "5000 → 6000 Len=5";
        QTest::newRow("DNS query") << eth(udp4(33000, 53, dnsQuery(0xbeef, "www.example.com", 1))) << a << b << "DNS"
                                   << "Standard query 0xbeef A www.example.com";
        QTest::newRow("DNS response")
            << ethBack(udp4Back(53, 33000, dnsResponse(0xbeef, "www.example.com", 1, {ip("93.184.216.34"), ip("93.184.216.35")})))
            << b << a << "DNS" << "Standard query response 0xbeef A www.example.com A 93.184.216.34 A 93.184.216.35";
        QTest::newRow("DNS AAAA response over IPv6")
            << ethBack(ipv6(v6B(), v6A(), 17, udp(v6B(), v6A(), 53, 33000, dnsResponse(9, "example.net", 28, {ip("2001:db8::1")}))))
            << b6 << a6 << "DNS" << "Standard query response 0x0009 AAAA example.net AAAA 2001:db8::1";
        QTest::newRow("DNS NXDomain") << ethBack(udp4Back(53, 33000, dnsResponse(0x4242, "nope.example", 1, {}, 3))) << b << a
                                      << "DNS" << "Standard query response 0x4242 No such name A nope.example";
        MacAddress broadcast;
        broadcast.bytes.fill(0xff);
        QTest::newRow("ARP request") << ethernet(macA(), broadcast, 0x0806, arp(1, macA(), v4A(), MacAddress{}, v4B()))
                                     << "02:00:00:00:00:0a" << "ff:ff:ff:ff:ff:ff" << "ARP"
                                     << "Who has 198.51.100.20? Tell 192.0.2.10";
        QTest::newRow("ARP reply") << ethernet(macB(), macA(), 0x0806, arp(2, macB(), v4B(), macA(), v4A()))
                                   << "02:00:00:00:00:0b" << "02:00:00:00:00:0a" << "ARP" << "198.51.100.20 is at 02:00:00:00:00:0b";
        QTest::newRow("ARP announcement") << ethernet(macA(), broadcast, 0x0806, arp(1, macA(), v4A(), MacAddress{}, v4A()))
                                          << "02:00:00:00:00:0a" << "ff:ff:ff:ff:ff:ff" << "ARP"
                                          << "ARP Announcement for 192.0.2.10";
        QTest::newRow("gratuitous ARP request") << ethernet(macA(), broadcast, 0x0806, arp(1, macA(), v4A(), broadcast, v4A()))
                                                << "02:00:00:00:00:0a" << "ff:ff:ff:ff:ff:ff" << "ARP"
                                                << "Gratuitous ARP for 192.0.2.10 (Request)";
        QTest::newRow("gratuitous ARP reply") << ethernet(macA(), broadcast, 0x0806, arp(2, macA(), v4A(), broadcast, v4A()))
                                              << "02:00:00:00:00:0a" << "ff:ff:ff:ff:ff:ff" << "ARP"
                                              << "Gratuitous ARP for 192.0.2.10 (Reply)";
        QTest::newRow("ICMP echo request") << eth(ipv4(v4A(), v4B(), 1, icmpv4(8, 0, 0x12340007, Bytes(32, 'x')))) << a << b
                                           << "ICMP" << "Echo (ping) request  id=0x1234, seq=7/1792, ttl=64";
        QTest::newRow("ICMP echo reply") << ethBack(ipv4(v4B(), v4A(), 1, icmpv4(0, 0, 0x12340007, Bytes(32, 'x')))) << b << a
                                         << "ICMP" << "Echo (ping) reply    id=0x1234, seq=7/1792, ttl=64";
        QTest::newRow("ICMP port unreachable") << icmpErrorFrame() << b << a << "ICMP"
                                               << "Destination unreachable (Port unreachable)";
        QTest::newRow("ICMPv6 echo request")
            << eth(ipv6(v6A(), v6B(), 58, icmpv6(v6A(), v6B(), 128, 0, 0x0abc0001, bytesOf("ping!")))) << a6 << b6 << "ICMPv6"
            << "Echo (ping) request id=0x0abc, seq=1, hop limit=64";
        QTest::newRow("ICMPv6 echo reply")
            << ethBack(ipv6(v6B(), v6A(), 58, icmpv6(v6B(), v6A(), 129, 0, 0x0abc0001, bytesOf("ping!")))) << b6 << a6
            << "ICMPv6" << "Echo (ping) reply id=0x0abc, seq=1, hop limit=64";
        {
            const IpAddress target = v6B(), solicited = ip("ff02::1:ff00:20");
            const MacAddress source = macA();
            const Bytes body = Bytes(target.bytes.begin(), target.bytes.end()) + Bytes{1, 1} +
                               Bytes(source.bytes.begin(), source.bytes.end());
            QTest::newRow("ICMPv6 neighbor solicitation")
                << eth(ipv6(v6A(), solicited, 58, icmpv6(v6A(), solicited, 135, 0, 0, body), 255)) << a6 << "ff02::1:ff00:20"
                << "ICMPv6" << "Neighbor Solicitation for 2001:db8:1::20 from 02:00:00:00:00:0a";
        }
    }

    void summaries()
    {
        QFETCH(Bytes, frame);
        QFETCH(QString, source);
        QFETCH(QString, destination);
        QFETCH(QString, protocol);
        QFETCH(QString, info);
        const auto d = build(frame);
        PacketSummary s;
        s.info = "stale text of a previous row";
        summarize(d->packet, d->frame, d->context, s);
        QCOMPARE(qs(s.source), source);
        QCOMPARE(qs(s.destination), destination);
        QCOMPARE(qs(s.protocol), protocol);
        QCOMPARE(QString(protocolColumn(d->packet)), protocol);
        QCOMPARE(qs(s.info), info);
    }

    void summariesWithTcpAnalysis_data()
    {
        QTest::addColumn<TcpSegmentFacts>("facts");
        QTest::addColumn<QString>("info");
        TcpSegmentFacts f;
        f.relativeSeq = 1;
        f.relativeAck = 1;
        f.windowSize = 64256;
        QTest::newRow("relative numbers, scaled window") << f << "41334 → 5001 [PSH, ACK] Seq=1 Ack=1 Win=64256 Len=100 TSval=7 TSecr=8";
        f.flags = tcpanalysis::kRetransmission;
        QTest::newRow("retransmission") << f << "[TCP Retransmission] 41334 → 5001 [PSH, ACK] Seq=1 Ack=1 Win=64256 Len=100 TSval=7 TSecr=8";
        f.flags = tcpanalysis::kRetransmission | tcpanalysis::kFastRetransmission;
        QTest::newRow("fast retransmission") << f
                                             << "[TCP Fast Retransmission] 41334 → 5001 [PSH, ACK] Seq=1 Ack=1 Win=64256 Len=100 "
                                                "TSval=7 TSecr=8";
        f.flags = tcpanalysis::kOutOfOrder;
        QTest::newRow("out of order") << f << "[TCP Out-Of-Order] 41334 → 5001 [PSH, ACK] Seq=1 Ack=1 Win=64256 Len=100 TSval=7 TSecr=8";
        f.flags = tcpanalysis::kLostSegment;
        QTest::newRow("previous segment not captured")
            << f << "[TCP Previous segment not captured] 41334 → 5001 [PSH, ACK] Seq=1 Ack=1 Win=64256 Len=100 TSval=7 TSecr=8";
    }

    void summariesWithTcpAnalysis()
    {
        QFETCH(TcpSegmentFacts, facts);
        QFETCH(QString, info);
        const auto d = build(eth(tcp4(dataSpec())), kLtEthernet, 0, &facts);
        PacketSummary s;
        summarize(d->packet, d->frame, d->context, s);
        QCOMPARE(qs(s.info), info);
        // The tree shows the same numbers, and the analysis flags as expert items.
        QCOMPARE(std::get<std::uint64_t>(d->tree.first("tcp.seq")->value), std::uint64_t{1});
        QCOMPARE(std::get<std::uint64_t>(d->tree.first("tcp.seq_raw")->value), std::uint64_t{1000});
        for (std::uint32_t bit = 0; bit < tcpanalysis::kCount; ++bit)
            QCOMPARE(d->tree.first(tcpanalysis::fieldName(bit)) != nullptr, bool(facts.flags & (1u << bit)));
    }

    void duplicateAckSummary()
    {
        TcpSpec s = dataSpec();
        s.payload = {};
        s.flags = tcpflag::kAck;
        s.options = Bytes{1, 1, 5, 10};
        put32(s.options, 3000);
        put32(s.options, 4000);
        TcpSegmentFacts f;
        f.relativeSeq = 1;
        f.relativeAck = 1001; // ack base 999: SACK edges 2001-3001
        f.windowSize = 502;
        f.flags = tcpanalysis::kDuplicateAck;
        f.duplicateAckNum = 2;
        f.duplicateAckFrame = 5;
        const auto d = build(eth(tcp4(s)), kLtEthernet, 0, &f);
        PacketSummary sum;
        summarize(d->packet, d->frame, d->context, sum);
        QCOMPARE(qs(sum.info), QString("[TCP Dup ACK 5#2] 41334 → 5001 [ACK] Seq=1 Ack=1001 Win=502 Len=0 SLE=2001 SRE=3001"));
        QCOMPARE(std::get<std::uint64_t>(d->tree.first("tcp.analysis.duplicate_ack_num")->value), std::uint64_t{2});
        QCOMPARE(std::get<std::uint64_t>(d->tree.first("tcp.analysis.duplicate_ack_frame")->value), std::uint64_t{5});
    }

    // ---------------------------------------------------------------- bytes beyond the frame
    void treeIgnoresBytesBeyondTheFrame_data()
    {
        QTest::addColumn<Bytes>("frame");
        QTest::addColumn<uint>("snap");
        const auto synWith = [](const Bytes& options) {
            TcpSpec s = synSpec();
            s.options = options;
            return eth(tcp4(s)); // at least 62 bytes: no Ethernet padding after the options
        };
        QTest::newRow("SACK option of length 2 ends the frame") << synWith({2, 4, 0x05, 0xb4, 1, 1, 5, 2}) << 0u;
        QTest::newRow("SACK option of length 4 ends the frame") << synWith({2, 4, 0x05, 0xb4, 5, 4, 0, 1}) << 0u;
        QTest::newRow("SACK option of length 6 ends the frame") << synWith({1, 1, 5, 6, 0, 0, 0, 1}) << 0u;
        QTest::newRow("TFO cookie ends the frame") << synWith({1, 1, 34, 6, 1, 2, 3, 4}) << 0u;
        QTest::newRow("MPTCP option of length 3 ends the frame") << synWith({2, 4, 0x05, 0xb4, 1, 30, 3, 0x10}) << 0u;
        QTest::newRow("options cut by the capture") << synFrame() << 66u;
        QTest::newRow("DNS over TCP, 10-byte message") << [] {
            TcpSpec s = dataSpec();
            s.dstPort = 53;
            s.payload = Bytes{0x00, 0x0a} + cut(dnsQuery(0x5151, "tcp.example.com", 1), 10);
            return eth(tcp4(s));
        }() << 0u;
        QTest::newRow("DNS response cut by the capture") << dnsResponseFrame() << 70u;
        QTest::newRow("ICMP error cut inside the quotation") << icmpErrorFrame() << 66u;
    }

    void treeIgnoresBytesBeyondTheFrame()
    {
        QFETCH(Bytes, frame);
        QFETCH(uint, snap);
        const Bytes captured = snap ? cut(frame, snap) : frame;
        const std::string zeros = treeText(captured, 0x00, static_cast<std::uint32_t>(frame.size()));
        const std::string ones = treeText(captured, 0xff, static_cast<std::uint32_t>(frame.size()));
        const QStringList a = qs(zeros).split('\n'), b = qs(ones).split('\n');
        for (qsizetype i = 0; i < std::min(a.size(), b.size()); ++i)
            QVERIFY2(a[i] == b[i], qPrintable(QString("with 00 after the frame: %1\nwith ff after the frame: %2").arg(a[i], b[i])));
        QCOMPARE(a.size(), b.size());
    }

    // ---------------------------------------------------------------- robustness
    void randomFramesGiveConsistentTrees()
    {
        std::mt19937 rng(77);
        TcpSpec tfo = synSpec();
        tfo.options = Bytes{34, 10, 1, 2, 3, 4, 5, 6, 7, 8, 30, 12, 0x01, 0x81, 1, 2, 3, 4, 5, 6, 7, 8, 99, 2};
        const std::vector<Bytes> seeds{
            synFrame(),
            icmpErrorFrame(),
            dnsResponseFrame(),
            eth(tcp4(tfo)),
            eth(tcp6(dataSpec())),
            eth(ipv6(v6B(), v6A(), 58, icmpv6(v6B(), v6A(), 1, 4, 0, udp6(1, 53, dnsQuery(1, "x.example", 1))))),
            eth(ipv6(v6A(), v6B(), 6, tcp(v6A(), v6B(), dataSpec()), 64, {{0, {0xc2, 4, 0, 1, 0, 0}}, {44, {0, 1, 0, 0, 0, 1}}}, 0)),
            ethernet(macA(), macB(), 0x0806, arp(1, macA(), v4A(), MacAddress{}, v4B())),
            ethernetTagged(macA(), macB(), {{0x88a8, 1}, {0x8100, 2}}, 0x0800, udp4(33000, 53, dnsQuery(3, "q.example", 28))),
            [] {
                TcpSpec s = dataSpec();
                s.dstPort = 53;
                const Bytes q = dnsQuery(0x5151, "tcp.example.com", 1);
                s.payload = Bytes{0, static_cast<std::uint8_t>(q.size())} + q;
                return eth(tcp4(s));
            }(),
        };
        int frames = 0;
        for (std::size_t k = 0; k < seeds.size(); ++k) {
            for (int i = 0; i < 400; ++i) {
                Bytes frame = seeds[k];
                const int edits = static_cast<int>(rng() % 6);
                for (int e = 0; e < edits; ++e)
                    frame[rng() % frame.size()] = static_cast<std::uint8_t>(rng());
                if (i % 2)
                    frame.resize(rng() % (frame.size() + 1));
                const auto d = build(frame, kLtEthernet, static_cast<std::uint32_t>(seeds[k].size()));
                const FieldTree& t = d->tree;
                const QString where = QString("seed %1, mutation %2").arg(k).arg(i);
                for (std::size_t n = 0; n < t.size(); ++n) {
                    const FieldNode& node = t[static_cast<int>(n)];
                    QVERIFY2(node.length == 0 || std::uint64_t{node.offset} + node.length <= frame.size(),
                             qPrintable(where + ": " + node.name + " " + qs(node.text) +
                                        QString(" covers %1+%2 of %3 bytes").arg(node.offset).arg(node.length).arg(frame.size())));
                    QVERIFY(node.parent < static_cast<int>(n));
                }
                for (std::uint32_t at = 0; at < frame.size(); at += 7) {
                    const int hit = t.deepestAt(at);
                    QVERIFY(hit >= 0); // at least the frame node
                }
                QString raw;
                const QJsonObject o = parseJson(t, protocolColumn(d->packet), &raw);
                QVERIFY2(!o.contains("__invalid__"), qPrintable(where + ": " + raw));
                PacketSummary s;
                summarize(d->packet, d->frame, d->context, s);
                QVERIFY(!s.protocol.empty());
                // Nothing depends on the bytes after the frame.
                if (i % 4 == 0)
                    QVERIFY2(treeText(frame, 0x00, static_cast<std::uint32_t>(seeds[k].size())) ==
                                 treeText(frame, 0xff, static_cast<std::uint32_t>(seeds[k].size())),
                             qPrintable(where + ": the tree reads bytes beyond the frame"));
                ++frames;
            }
        }
        QCOMPARE(frames, int(seeds.size()) * 400);
    }
};

QTEST_GUILESS_MAIN(TestFieldTree)
#include "test_field_tree.moc"
