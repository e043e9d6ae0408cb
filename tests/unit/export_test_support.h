#pragma once
// Helpers shared by test_export and test_export_dialog: captures to export (a mixed one, one with
// connections full of retransmissions and ICMP errors, a pcapng with several link types written byte by
// byte), loading them, and comparing an exported file packet by packet with the packets it should hold.
#include "capture/capture_reader.h"
#include "capture/capture_writer.h"
#include "capture_script.h"
#include "store/packet_store.h"
#include "packet_crafter.h"
#include "tcp_conversation.h"
#include "tcp_scenarios.h"

#include <QFile>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace synscope::exporttest {

using testkit::Bytes;
using Status = CaptureReader::Status;

inline QString qs(const std::string& s) { return QString::fromStdString(s); }

inline QByteArray fileBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

inline QString timeText(const Timestamp& t)
{
    return QStringLiteral("%1.%2").arg(t.seconds).arg(t.nanoseconds, 9, 10, QLatin1Char('0'));
}

// Loads a capture completely; analysis on (connections, ICMP links) unless asked otherwise. Throws when
// the file does not read to its end (unless `acceptTruncated` and it is only cut short).
inline std::unique_ptr<PacketStore> loadStore(const std::string& path, bool analysis = true, bool acceptTruncated = false)
{
    auto store = std::make_unique<PacketStore>();
    store->setAnalysis(analysis);
    std::string error;
    if (!store->open(path, error))
        throw std::runtime_error("cannot open " + path + ": " + error);
    Status s;
    do
        s = store->loadMore(1 << 16);
    while (s == Status::More);
    if (s != Status::End && !(acceptTruncated && s == Status::Truncated))
        throw std::runtime_error("cannot read all of " + path);
    return store;
}

// An exported (or reference) file read back through SynScope's reader.
struct ReadBack {
    CaptureReader reader;
    PacketIndex index;
    Status status = Status::More;
    bool opened = false;
    std::string error;
};

inline std::unique_ptr<ReadBack> readBack(const QString& path)
{
    auto r = std::make_unique<ReadBack>();
    r->opened = r->reader.open(path.toStdString(), r->error);
    if (!r->opened)
        return r;
    do
        r->status = r->reader.indexMore(r->index, 1 << 16);
    while (r->status == Status::More);
    return r;
}

inline std::map<std::uint64_t, QStringList> commentsOf(const CaptureReader& r)
{
    std::map<std::uint64_t, QStringList> out;
    for (std::size_t i = 0; i < r.comments().size(); ++i)
        out[r.comments()[i].packetIndex] << qs(r.comments()[i].text);
    return out;
}

struct CompareOptions {
    bool comments = true;   // pcapng: every packet keeps its comments (pcap has none)
    bool interfaces = true; // pcapng: every packet keeps its interface's name, description and offset
};

// Empty when `path` holds exactly the packets `indexes` of `source` (bytes, captured and original length,
// time stamp to the nanosecond, link type; for pcapng also interface and comments); else what differs.
inline QString compareExport(const PacketStore& source, const std::vector<std::uint32_t>& indexes, const QString& path,
                             CompareOptions o = {})
{
    auto out = readBack(path);
    if (!out->opened)
        return QStringLiteral("cannot open %1: %2").arg(path, qs(out->error));
    if (out->status != Status::End)
        return QStringLiteral("%1 does not read to its end cleanly: %2").arg(path, qs(out->reader.describe(out->reader.error())));
    if (!out->reader.warnings().empty())
        return QStringLiteral("reading %1 warns: %2").arg(path, qs(out->reader.describe(out->reader.warnings()[0])));
    if (out->index.size() != indexes.size())
        return QStringLiteral("%1 holds %2 packets, expected %3").arg(path).arg(out->index.size()).arg(indexes.size());
    const bool pcapng = out->reader.format() == CaptureFormat::PcapNg;
    const auto outComments = commentsOf(out->reader);
    const auto srcComments = commentsOf(source.reader());
    for (std::size_t k = 0; k < indexes.size(); ++k) {
        const std::size_t i = indexes[k];
        const PacketRecord& a = source.record(i);
        const PacketRecord& b = out->index[k];
        const QString where = QStringLiteral("packet %1 of %2 (source frame %3): ").arg(k + 1).arg(path).arg(i + 1);
        const auto ab = source.bytes(i);
        const auto bb = out->reader.packetBytes(b);
        if (!std::equal(ab.begin(), ab.end(), bb.begin(), bb.end()))
            return where + QStringLiteral("bytes differ (%1 vs %2 bytes)").arg(ab.size()).arg(bb.size());
        if (a.originalLength != b.originalLength)
            return where + QStringLiteral("original length %1, expected %2").arg(b.originalLength).arg(a.originalLength);
        const Timestamp ta = source.reader().timestamp(a), tb = out->reader.timestamp(b);
        if (!(ta == tb))
            return where + QStringLiteral("time %1, expected %2").arg(timeText(tb), timeText(ta));
        if (source.linkType(i) != out->reader.linkTypeOf(b))
            return where + QStringLiteral("link type %1, expected %2").arg(out->reader.linkTypeOf(b)).arg(source.linkType(i));
        if (pcapng && o.interfaces) {
            const CaptureInterface& ia = source.reader().interfaces()[a.interfaceIndex()];
            const CaptureInterface& ib = out->reader.interfaces()[b.interfaceIndex()];
            if (ia.name != ib.name || ia.description != ib.description)
                return where + QStringLiteral("interface \"%1\" (%2), expected \"%3\" (%4)")
                                   .arg(qs(ib.name), qs(ib.description), qs(ia.name), qs(ia.description));
        }
        if (o.comments) {
            const auto sa = srcComments.find(i);
            const auto sb = outComments.find(k);
            const QStringList ca = pcapng && sa != srcComments.end() ? sa->second : QStringList();
            const QStringList cb = sb != outComments.end() ? sb->second : QStringList();
            if (ca != cb)
                return where + QStringLiteral("comments [%1], expected [%2]")
                                   .arg(cb.join(QStringLiteral(" | ")), ca.join(QStringLiteral(" | ")));
        }
    }
    return {};
}

inline std::vector<std::uint32_t> allPackets(const PacketStore& s)
{
    std::vector<std::uint32_t> v(s.size());
    for (std::size_t i = 0; i < v.size(); ++i)
        v[i] = static_cast<std::uint32_t>(i);
    return v;
}

// Writes `script` as pcap or pcapng with every interface at nanosecond (or microsecond) resolution.
inline void writeScript(const testkit::CaptureScript& script, const std::string& path, CaptureFileFormat format,
                        bool nanosecond)
{
    std::vector<WriterInterface> ifaces = script.interfaces();
    for (WriterInterface& i : ifaces)
        i.nanosecond = nanosecond;
    CaptureWriter w;
    std::string error;
    if (!w.open(path, format, ifaces, error))
        throw std::runtime_error(error);
    for (const testkit::ScriptPacket& p : script.packets())
        if (!w.write(p.interfaceIndex, p.time, p.data, p.originalLength, error, format == CaptureFileFormat::PcapNg ? p.comment : std::string()))
            throw std::runtime_error(error);
    if (!w.close(error))
        throw std::runtime_error(error);
}

// A bit of everything on Ethernet: TCP over IPv4 and IPv6 (opened and closed every way, a rejected SYN
// with its ICMP error), DNS over UDP, ICMP echo, ARP, a VLAN-tagged segment, a segment cut to 96 bytes
// by the snapshot length, a jumbo frame; time stamps with all nine decimals used; a few comments.
inline testkit::CaptureScript mixedCapture()
{
    using namespace testkit;
    CaptureScript s(1, {1718000000, 123456789});
    ScenarioOptions v6;
    v6.ipv6 = true;
    fourWayClose(s, Side::Client);
    s.advance(987654321);
    threeWayClose(s, Side::Server, v6);
    rejected(s);
    s.advance(3);
    unanswered(s, 2);
    refused(s, v6);
    resetClose(s, Side::Server);
    const IpAddress c = ip("192.0.2.10"), dns = ip("192.0.2.53");
    s.add(ethernetIp(mac(0x10), mac(0x53), ipv4(c, dns, 17, udp(c, dns, 53001, 53, dnsQuery(0x1a2b, "example.org", 1)))),
          0, 0, "a DNS query");
    s.advance(1234567);
    s.add(ethernetIp(mac(0x53), mac(0x10),
                     ipv4(dns, c, 17, udp(dns, c, 53, 53001, dnsResponse(0x1a2b, "example.org", 1, {ip("93.184.216.34")})))));
    s.advance(111);
    s.add(ethernetIp(mac(0x10), mac(0x01), ipv4(c, ip("203.0.113.1"), 1, icmpv4(8, 0, 0x00010001, bytesOf("ping")))));
    s.advance(22222);
    s.add(ethernetIp(mac(0x01), mac(0x10), ipv4(ip("203.0.113.1"), c, 1, icmpv4(0, 0, 0x00010001, bytesOf("ping")))),
          0, 0, "echo reply ✓");
    s.advance(5);
    s.add(ethernet(mac(0x10), mac(0x01), 0x0806, arp(1, mac(0x10), c, mac(0x00), ip("192.0.2.1"))));
    s.advance(7);
    TcpSpec t;
    t.srcPort = 41000;
    t.dstPort = 443;
    t.seq = 77;
    t.flags = tcpflag::kAck | tcpflag::kPsh;
    t.payload = Bytes(100, 0x42);
    const IpAddress srv = ip("198.51.100.20");
    s.add(ethernetTagged(mac(0x10), mac(0x20), {{0x8100, 100}}, 0x0800, ipv4(c, srv, 6, tcp(c, srv, t))));
    s.advance(1);
    t.payload = Bytes(1400, 0x43);
    s.add(ethernetIp(mac(0x10), mac(0x20), ipv4(c, srv, 6, tcp(c, srv, t))), 0, 96, "cut to 96 bytes");
    s.advance(999999999);
    t.payload = Bytes(8900, 0x44);
    s.add(ethernetIp(mac(0x10), mac(0x20), ipv4(c, srv, 6, tcp(c, srv, t))));
    return s;
}

// Frames of a capture with tags: which connection each belongs to (-1: none of the tagged ones).
struct TaggedCapture {
    testkit::CaptureScript script{1, {1718000000, 0}};
    std::vector<int> tags; // per frame
    std::vector<std::uint32_t> framesOf(std::initializer_list<int> wanted) const
    {
        std::vector<std::uint32_t> out;
        for (std::size_t i = 0; i < tags.size(); ++i)
            if (std::find(wanted.begin(), wanted.end(), tags[i]) != wanted.end())
                out.push_back(static_cast<std::uint32_t>(i));
        return out;
    }
};

enum ConnectionTag { kTagA = 0, kTagB = 1, kTagReuse = 2, kTagOther = 3, kTagNone = -1 };

// Connection A (client 192.0.2.10:40000 -> 198.51.100.20:80): SYN retransmitted, three data segments of
// which the third arrives before the second, the second retransmitted, the FIN retransmitted, and three
// ICMP errors about it: fragmentation needed quoting a whole segment, time exceeded quoting only 8 bytes
// of TCP, and one about a server segment. Connection B (port 40001) interleaved with it, with its own
// ICMP error; a later connection reusing A's ports (a new stream); another connection between other hosts;
// DNS, ARP and ICMP echo noise.
inline TaggedCapture connectionsCapture()
{
    using namespace testkit;
    TaggedCapture tc;
    const ScenarioHosts h = scenarioHosts(false);
    CaptureScript a(1), b(1), reuse(1), other(1), noise(1);

    // A
    TcpConversation ca(a, h.client, 40000, h.server, 80);
    ca.syn().synRetransmit().synAck().ack(Side::Client);
    ca.data(Side::Client, 1000);                       // a4: seg1
    const Bytes seg1 = ca.lastIpPacket();
    const std::uint32_t seq2 = ca.nextSeq(Side::Client);
    ca.data(Side::Client, 1000);                       // a5: seg2
    ca.data(Side::Client, 1000);                       // a6: seg3
    ca.resend(Side::Client, seq2, 1000);               // a7: seg2 again
    ca.ack(Side::Server);                              // a8
    ca.data(Side::Server, 700);                        // a9
    const Bytes serverSeg = ca.lastIpPacket();
    ca.ack(Side::Client);                              // a10
    ca.fin(Side::Client);                              // a11 (sent twice below)
    ca.fin(Side::Server);                              // a12
    ca.ack(Side::Client);                              // a13
    // ICMP errors about A (from the router).
    const Bytes fragNeeded = ethernetIp(h.router.macAddress, h.client.macAddress,
                                        ipv4(h.router.address, h.client.address, 1, icmpv4(3, 4, 1400, seg1)));
    const Bytes shortQuote(seg1.begin(), seg1.begin() + 28); // IP header and 8 bytes of TCP
    const Bytes timeExceeded = ethernetIp(h.router.macAddress, h.client.macAddress,
                                          ipv4(h.router.address, h.client.address, 1, icmpv4(11, 0, 0, shortQuote)));
    const Bytes aboutServer = ethernetIp(h.router.macAddress, h.server.macAddress,
                                         ipv4(h.router.address, h.server.address, 1, icmpv4(3, 1, 0, serverSeg)));

    // B
    TcpConversation cb(b, h.client, 40001, h.server, 80, 70000, 90000);
    cb.syn().synAck().ack(Side::Client).data(Side::Client, 300);
    const Bytes bSeg = cb.lastIpPacket();
    cb.ack(Side::Server).rst(Side::Client);
    const Bytes aboutB = ethernetIp(h.router.macAddress, h.client.macAddress,
                                    ipv4(h.router.address, h.client.address, 1, icmpv4(3, 4, 1300, bSeg)));

    // A's ports again, a new initial sequence number: a new connection.
    TcpConversation cr(reuse, h.client, 40000, h.server, 80, 900000, 950000);
    cr.syn().synAck().ack(Side::Client).data(Side::Client, 50).rst(Side::Server);

    // Unrelated hosts.
    const Host x{ip("10.1.1.1"), mac(0x31)}, y{ip("10.2.2.2"), mac(0x32)};
    TcpConversation co(other, x, 5555, y, 80);
    co.syn().synAck().ack(Side::Client).data(Side::Client, 40).fin(Side::Client).fin(Side::Server).ack(Side::Client);

    const IpAddress c = h.client.address, dns = ip("192.0.2.53");
    noise.add(ethernetIp(mac(0x10), mac(0x53), ipv4(c, dns, 17, udp(c, dns, 53001, 53, dnsQuery(7, "example.org", 1)))));
    noise.add(ethernetIp(mac(0x10), mac(0x01), ipv4(c, h.router.address, 1, icmpv4(8, 0, 0x00070001, bytesOf("ping")))));
    noise.add(ethernet(mac(0x10), mac(0x01), 0x0806, arp(1, mac(0x10), c, mac(0x00), h.router.address)));

    CaptureScript& s = tc.script;
    auto put = [&](const Bytes& frame, int tag) {
        s.add(frame);
        tc.tags.push_back(tag);
        s.advance(1000000);
    };
    auto A = [&](std::size_t k) { put(a.packets().at(k).data, kTagA); };
    auto B = [&](std::size_t k) { put(b.packets().at(k).data, kTagB); };
    auto O = [&](std::size_t k) { put(other.packets().at(k).data, kTagOther); };
    auto N = [&](std::size_t k) { put(noise.packets().at(k).data, kTagNone); };

    N(0);
    A(0); O(0); A(1); B(0); A(2); B(1); A(3); O(1); B(2);
    A(4);                  // seg1
    put(fragNeeded, kTagA);
    A(6);                  // seg3 before seg2: out of order
    B(3);
    A(5);                  // seg2
    put(timeExceeded, kTagA);
    O(2); N(1);
    A(7);                  // seg2 retransmitted
    put(aboutB, kTagB);
    A(8); A(9);
    put(aboutServer, kTagA);
    B(4); A(10); O(3);
    A(11); A(11);          // the client's FIN, retransmitted
    B(5); N(2); A(12); A(13); O(4); O(5); O(6);
    for (std::size_t k = 0; k < reuse.packets().size(); ++k)
        put(reuse.packets()[k].data, kTagReuse);
    return tc;
}

// A pcapng written byte by byte, so its interfaces can carry what SynScope's writer does not produce.
struct NgInterface {
    std::uint16_t linkType = 1;
    std::uint32_t snapLength = 0;
    std::string name, description;
    int tsResolution = -1; // -1: no option (microseconds)
    bool hasOffset = false;
    std::int64_t tsOffset = 0;
};

class PcapNgBuilder {
public:
    PcapNgBuilder()
    {
        Bytes shb;
        put32(shb, 0x1a2b3c4d);
        put16(shb, 1);
        put16(shb, 0);
        put32(shb, 0xffffffffu);
        put32(shb, 0xffffffffu);
        option(shb, 4, "test_export");
        put32(shb, 0);
        block(0x0a0d0d0a, shb);
    }
    // Starts a new section: the interfaces declared so far no longer apply (their numbers start at 0 again).
    void newSection()
    {
        Bytes shb;
        put32(shb, 0x1a2b3c4d);
        put16(shb, 1);
        put16(shb, 0);
        put32(shb, 0xffffffffu);
        put32(shb, 0xffffffffu);
        put32(shb, 0);
        block(0x0a0d0d0a, shb);
    }
    void addInterface(const NgInterface& i)
    {
        Bytes b;
        put16(b, i.linkType);
        put16(b, 0);
        put32(b, i.snapLength);
        if (!i.name.empty())
            option(b, 2, i.name);
        if (!i.description.empty())
            option(b, 3, i.description);
        if (i.tsResolution >= 0)
            option(b, 9, std::string(1, static_cast<char>(i.tsResolution)));
        if (i.hasOffset) {
            std::string v(8, '\0');
            for (int k = 0; k < 8; ++k)
                v[static_cast<std::size_t>(k)] = static_cast<char>(static_cast<std::uint64_t>(i.tsOffset) >> (8 * k));
            option(b, 14, v);
        }
        put32(b, 0);
        block(1, b);
    }
    void addPacket(std::uint32_t iface, std::uint64_t ticks, const Bytes& data, std::uint32_t originalLength,
                   const std::vector<std::string>& comments = {})
    {
        Bytes b;
        put32(b, iface);
        put32(b, static_cast<std::uint32_t>(ticks >> 32));
        put32(b, static_cast<std::uint32_t>(ticks));
        put32(b, static_cast<std::uint32_t>(data.size()));
        put32(b, originalLength);
        b.insert(b.end(), data.begin(), data.end());
        while (b.size() % 4)
            b.push_back(0);
        for (const std::string& c : comments)
            option(b, 1, c);
        if (!comments.empty())
            put32(b, 0);
        block(6, b);
    }
    bool write(const QString& path) const
    {
        QFile f(path);
        return f.open(QIODevice::WriteOnly) &&
               f.write(reinterpret_cast<const char*>(bytes_.data()), static_cast<qint64>(bytes_.size())) ==
                   static_cast<qint64>(bytes_.size());
    }

private:
    static void put16(Bytes& b, std::uint16_t v)
    {
        b.push_back(static_cast<std::uint8_t>(v));
        b.push_back(static_cast<std::uint8_t>(v >> 8));
    }
    static void put32(Bytes& b, std::uint32_t v)
    {
        for (int k = 0; k < 4; ++k)
            b.push_back(static_cast<std::uint8_t>(v >> (8 * k)));
    }
    static void option(Bytes& b, std::uint16_t code, const std::string& v)
    {
        put16(b, code);
        put16(b, static_cast<std::uint16_t>(v.size()));
        b.insert(b.end(), v.begin(), v.end());
        while (b.size() % 4)
            b.push_back(0);
    }
    void block(std::uint32_t type, const Bytes& body)
    {
        const auto total = static_cast<std::uint32_t>(body.size() + 12);
        put32(bytes_, type);
        put32(bytes_, total);
        bytes_.insert(bytes_.end(), body.begin(), body.end());
        put32(bytes_, total);
    }
    Bytes bytes_;
};

} // namespace synscope::exporttest
