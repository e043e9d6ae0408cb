// CaptureWriter: packets written as pcap and pcapng read back through CaptureReader byte for byte, with
// their lengths, time stamps, link types, interface names and comments; the exact pcapng block layout;
// the errors for what a file cannot hold or a path that cannot be created.
#include "capture/capture_reader.h"
#include "capture/capture_writer.h"
#include "capture_script.h"
#include "packet_crafter.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <limits>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

using namespace synscope;

namespace {

using Bytes = std::vector<std::uint8_t>;
using Status = CaptureReader::Status;

Bytes payload(std::size_t n, std::uint8_t seed)
{
    Bytes b(n);
    for (std::size_t i = 0; i < n; ++i)
        b[i] = static_cast<std::uint8_t>(seed + i * 11);
    return b;
}

QByteArray qba(const Bytes& b) { return QByteArray(reinterpret_cast<const char*>(b.data()), static_cast<qsizetype>(b.size())); }
QByteArray qba(std::span<const std::uint8_t> b)
{
    return QByteArray(reinterpret_cast<const char*>(b.data()), static_cast<qsizetype>(b.size()));
}
QString qs(const std::string& s) { return QString::fromStdString(s); }

QString statusName(Status s)
{
    switch (s) {
    case Status::More: return "More";
    case Status::End: return "End";
    case Status::Truncated: return "Truncated";
    case Status::Error: return "Error";
    }
    return "?";
}

Bytes readFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray all = f.readAll();
    return Bytes(all.begin(), all.end());
}

struct Loaded {
    CaptureReader reader;
    PacketIndex index;
    Status status = Status::More;
    bool opened = false;
    std::string openError;
};

std::unique_ptr<Loaded> load(const QString& path)
{
    auto l = std::make_unique<Loaded>();
    l->opened = l->reader.open(path.toStdString(), l->openError);
    if (!l->opened)
        return l;
    do
        l->status = l->reader.indexMore(l->index, 1 << 16);
    while (l->status == Status::More);
    return l;
}

struct Written {
    std::uint32_t iface;
    Timestamp time;
    Bytes data;
    std::uint32_t origLen;
    std::string comment;
};

// What the reader must give back for a time written at an interface's resolution.
Timestamp atResolution(Timestamp t, bool nano) { return nano ? t : Timestamp{t.seconds, t.nanoseconds / 1000 * 1000}; }

} // namespace

class TestCaptureWriter : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> tmp_;
    QString path(const QString& name) const { return tmp_->filePath(name); }

private slots:
    void init()
    {
        tmp_ = std::make_unique<QTemporaryDir>();
        QVERIFY(tmp_->isValid());
    }
    void cleanup() { tmp_.reset(); }

    void roundTripPcap_data()
    {
        QTest::addColumn<uint>("linkType");
        QTest::addColumn<bool>("nanosecond");
        QTest::addColumn<uint>("snaplen");
        QTest::newRow("Ethernet, microseconds") << 1u << false << 262144u;
        QTest::newRow("Ethernet, nanoseconds") << 1u << true << 65535u;
        QTest::newRow("raw IP (101), microseconds") << 101u << false << 1500u;
        QTest::newRow("Linux SLL (113), nanoseconds") << 113u << true << 262144u;
        QTest::newRow("Linux SLL2 (276), microseconds") << 276u << false << 9100u;
    }

    void roundTripPcap()
    {
        QFETCH(uint, linkType);
        QFETCH(bool, nanosecond);
        QFETCH(uint, snaplen);
        const std::vector<Written> packets{
            {0, {1718000000, 123456789}, payload(60, 1), 1514, {}},
            {0, {0, 0}, payload(1, 2), 1, {}},
            {0, {4294967295, 999999999}, payload(1514, 3), 1514, {}}, // the last second classic pcap can hold
            {0, {1718000001, 999}, payload(0, 4), 0, {}},
            {0, {2000000000, 500000000}, payload(9000, 5), 9000, {}},
            {0, {1718000002, 1}, payload(61, 6), 70000, {}},
        };
        WriterInterface i;
        i.linkType = linkType;
        i.snapLength = snaplen;
        i.nanosecond = nanosecond;
        const QString p = path("rt.pcap");
        CaptureWriter w;
        std::string error;
        QVERIFY2(w.open(p.toStdString(), CaptureFileFormat::Pcap, {i}, error), error.c_str());
        QVERIFY(w.isOpen());
        QCOMPARE(qs(w.path()), p);
        std::uint64_t expectedBytes = 24;
        for (const Written& pk : packets) {
            QVERIFY2(w.write(pk.iface, pk.time, pk.data, pk.origLen, error), error.c_str());
            expectedBytes += 16 + pk.data.size();
        }
        QCOMPARE(w.packetsWritten(), std::uint64_t(packets.size()));
        QCOMPARE(w.bytesWritten(), expectedBytes);
        QVERIFY2(w.close(error), error.c_str());
        QVERIFY(!w.isOpen());

        const Bytes file = readFile(p);
        QCOMPARE(std::uint64_t(file.size()), expectedBytes);
        // libpcap writes the header in host (little-endian) order: magic, version 2.4, snaplen, link type.
        QCOMPARE(qba(Bytes(file.begin(), file.begin() + 8)),
                 qba(nanosecond ? Bytes{0x4d, 0x3c, 0xb2, 0xa1, 2, 0, 4, 0} : Bytes{0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0}));

        auto l = load(p);
        QVERIFY2(l->opened, l->openError.c_str());
        const CaptureReader& r = l->reader;
        QCOMPARE(statusName(l->status), QString("End"));
        QCOMPARE(r.format(), CaptureFormat::Pcap);
        QCOMPARE(r.nanosecondPcap(), nanosecond);
        QCOMPARE(r.interfaces().size(), std::size_t{1});
        QCOMPARE(r.interfaces()[0].linkType, linkType);
        QCOMPARE(r.interfaces()[0].snapLength, snaplen);
        QCOMPARE(l->index.size(), packets.size());
        for (std::size_t k = 0; k < packets.size(); ++k) {
            const PacketRecord& rec = l->index[k];
            QCOMPARE(rec.capturedLength, std::uint32_t(packets[k].data.size()));
            QCOMPARE(rec.originalLength, packets[k].origLen);
            QCOMPARE(qba(r.packetBytes(rec)), qba(packets[k].data));
            QCOMPARE(r.linkTypeOf(rec), linkType);
            QCOMPARE(r.timestamp(rec), atResolution(packets[k].time, nanosecond));
        }
        QCOMPARE(r.timestampNs(l->index[0]), nanosecond ? std::int64_t{1718000000123456789} : std::int64_t{1718000000123456000});
    }

    void roundTripPcapNg()
    {
        const std::vector<WriterInterface> ifaces{
            {1, 262144, "eth0", "Intel I219 (wired)", false},
            {113, 65535, "any", "", true},
            {101, 1500, "", "", false},
        };
        const std::string utf8 = "Ünïcødé ✓ comment";
        const std::string longComment(300, 'x');
        const std::vector<Written> packets{
            {0, {1718000000, 123456789}, payload(60, 1), 60, "first"},
            {1, {1718000000, 123456789}, payload(44, 2), 100, ""},
            {2, {1718000000, 500000001}, payload(1, 3), 1, "a"},
            {0, {1718000001, 0}, payload(1514, 4), 1514, "ab"},
            {1, {1718000001, 999999999}, payload(2, 5), 2, "abc"},
            {2, {1718000001, 999999999}, payload(3, 6), 3, "abcd"},
            {0, {7258118400, 123456789}, payload(9000, 7), 9000, utf8}, // year 2200, microseconds
            {1, {7258118400, 123456789}, payload(0, 8), 0, longComment}, // year 2200, nanoseconds
            {2, {0, 0}, payload(5, 9), 5, "abcde"},
        };
        const QString p = path("rt.pcapng");
        CaptureWriter w;
        std::string error;
        QVERIFY2(w.open(p.toStdString(), CaptureFileFormat::PcapNg, ifaces, error), error.c_str());
        for (const Written& pk : packets)
            QVERIFY2(w.write(pk.iface, pk.time, pk.data, pk.origLen, error, pk.comment), error.c_str());
        // An interface that appears during the capture.
        QCOMPARE(w.addInterface({276, 96, "late0", "added while capturing", true}, error), 3);
        const std::vector<Written> late{
            {3, {1718000003, 7}, payload(96, 10), 400, "late"},
            {0, {1718000004, 8000}, payload(20, 11), 20, ""},
        };
        for (const Written& pk : late)
            QVERIFY2(w.write(pk.iface, pk.time, pk.data, pk.origLen, error, pk.comment), error.c_str());
        QCOMPARE(w.packetsWritten(), std::uint64_t(packets.size() + late.size()));
        const std::uint64_t written = w.bytesWritten();
        QVERIFY2(w.close(error), error.c_str());
        QCOMPARE(std::uint64_t(QFileInfo(p).size()), written);

        std::vector<Written> all = packets;
        all.insert(all.end(), late.begin(), late.end());
        std::vector<WriterInterface> allIfaces = ifaces;
        allIfaces.push_back({276, 96, "late0", "added while capturing", true});

        auto l = load(p);
        QVERIFY2(l->opened, l->openError.c_str());
        const CaptureReader& r = l->reader;
        QCOMPARE(statusName(l->status), QString("End"));
        QCOMPARE(r.format(), CaptureFormat::PcapNg);
        QVERIFY(r.warnings().empty());
        QVERIFY(r.sectionComments().empty());
        QCOMPARE(r.interfaces().size(), std::size_t{4});
        for (std::size_t k = 0; k < allIfaces.size(); ++k) {
            const CaptureInterface& ci = r.interfaces()[k];
            QCOMPARE(ci.linkType, allIfaces[k].linkType);
            QCOMPARE(ci.snapLength, allIfaces[k].snapLength);
            QCOMPARE(qs(ci.name), qs(allIfaces[k].name));
            QCOMPARE(qs(ci.description), qs(allIfaces[k].description));
            QCOMPARE(ci.tsResolution, std::uint8_t(allIfaces[k].nanosecond ? 9 : 6));
            QCOMPARE(ci.tsOffsetSeconds, std::int64_t{0});
            QCOMPARE(ci.section, 0u);
        }
        QCOMPARE(l->index.size(), all.size());
        std::vector<std::pair<std::uint64_t, std::string>> expectedComments;
        for (std::size_t k = 0; k < all.size(); ++k) {
            const PacketRecord& rec = l->index[k];
            QCOMPARE(rec.interfaceIndex(), std::uint16_t(all[k].iface));
            QCOMPARE(rec.capturedLength, std::uint32_t(all[k].data.size()));
            QCOMPARE(rec.originalLength, all[k].origLen);
            QCOMPARE(qba(r.packetBytes(rec)), qba(all[k].data));
            QCOMPARE(r.linkTypeOf(rec), allIfaces[all[k].iface].linkType);
            QCOMPARE(r.timestamp(rec), atResolution(all[k].time, allIfaces[all[k].iface].nanosecond));
            if (!all[k].comment.empty())
                expectedComments.emplace_back(k, all[k].comment);
        }
        QCOMPARE(r.timestampNs(l->index[6]), std::int64_t{7258118400123456000});
        QCOMPARE(r.timestampNs(l->index[7]), std::int64_t{7258118400123456789});
        QCOMPARE(r.comments().size(), expectedComments.size());
        for (std::size_t k = 0; k < expectedComments.size(); ++k) {
            QCOMPARE(r.comments()[k].packetIndex, expectedComments[k].first);
            QCOMPARE(qs(r.comments()[k].text), qs(expectedComments[k].second));
        }
    }

    void pcapngExactLayout()
    {
        const QString p = path("layout.pcapng");
        CaptureWriter w;
        std::string error;
        QVERIFY2(w.open(p.toStdString(), CaptureFileFormat::PcapNg,
                        {{1, 65535, "eth0", "", true}, {113, 262144, "", "", false}}, error),
                 error.c_str());
        QVERIFY2(w.write(0, {1718000000, 123456789}, Bytes{1, 2, 3, 4, 5}, 60, error, "hi"), error.c_str());
        QVERIFY2(w.write(1, {1718000000, 999999999}, Bytes{6, 7, 8, 9}, 4, error), error.c_str());
        QVERIFY2(w.close(error), error.c_str());

        const Bytes expected{
            // SHB: type, length 44, byte-order magic, version 1.0, section length -1
            0x0a, 0x0d, 0x0d, 0x0a, 44, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 0, 0,
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
            4, 0, 8, 0, 'S', 'y', 'n', 'S', 'c', 'o', 'p', 'e', // shb_userappl
            0, 0, 0, 0,                                         // opt_endofopt
            44, 0, 0, 0,
            // IDB 0 at 44: length 40, Ethernet, snaplen 65535, if_name "eth0", if_tsresol 9
            1, 0, 0, 0, 40, 0, 0, 0, 1, 0, 0, 0, 0xff, 0xff, 0, 0,
            2, 0, 4, 0, 'e', 't', 'h', '0',
            9, 0, 1, 0, 9, 0, 0, 0,
            0, 0, 0, 0,
            40, 0, 0, 0,
            // IDB 1 at 84: length 24, Linux SLL, snaplen 262144, no options but the end marker
            1, 0, 0, 0, 24, 0, 0, 0, 113, 0, 0, 0, 0, 0, 4, 0,
            0, 0, 0, 0,
            24, 0, 0, 0,
            // EPB at 108: length 52, interface 0, ticks 1718000000123456789 ns = 0x17d78fe5:d37acd15
            6, 0, 0, 0, 52, 0, 0, 0, 0, 0, 0, 0, 0xe5, 0x8f, 0xd7, 0x17, 0x15, 0xcd, 0x7a, 0xd3,
            5, 0, 0, 0, 60, 0, 0, 0, // captured 5, original 60
            1, 2, 3, 4, 5, 0, 0, 0,
            1, 0, 2, 0, 'h', 'i', 0, 0, // opt_comment
            0, 0, 0, 0,
            52, 0, 0, 0,
            // EPB at 160: length 36, interface 1, ticks 1718000000999999 us = 0x00061a83:0bc8a23f
            6, 0, 0, 0, 36, 0, 0, 0, 1, 0, 0, 0, 0x83, 0x1a, 0x06, 0x00, 0x3f, 0xa2, 0xc8, 0x0b,
            4, 0, 0, 0, 4, 0, 0, 0,
            6, 7, 8, 9,
            36, 0, 0, 0,
        };
        QCOMPARE(expected.size(), std::size_t{196});
        const Bytes file = readFile(p);
        QCOMPARE(file.size(), expected.size());
        for (std::size_t k = 0; k < expected.size(); ++k)
            QVERIFY2(file[k] == expected[k], qPrintable(QString("byte %1: %2, expected %3").arg(k).arg(file[k]).arg(expected[k])));
        QCOMPARE(w.bytesWritten(), std::uint64_t{196});
    }

    void pcapRefusesMixedInterfaces_data()
    {
        QTest::addColumn<int>("secondLinkType"); // -1: no interfaces at all
        QTest::addColumn<bool>("secondNanosecond");
        QTest::addColumn<QString>("expectedError");
        const QString mixed = "the packets come from interfaces with different link types or time stamp resolutions, "
                              "which a pcap file cannot hold; save as pcapng instead";
        QTest::newRow("Ethernet and Linux SLL") << 113 << false << mixed;
        QTest::newRow("microseconds and nanoseconds") << 1 << true << mixed;
        QTest::newRow("no interface") << -1 << false << "a pcap file needs a link type";
    }

    void pcapRefusesMixedInterfaces()
    {
        QFETCH(int, secondLinkType);
        QFETCH(bool, secondNanosecond);
        QFETCH(QString, expectedError);
        std::vector<WriterInterface> ifaces;
        if (secondLinkType >= 0) {
            ifaces.push_back({1, 262144, "eth0", "", false});
            ifaces.push_back({std::uint32_t(secondLinkType), 262144, "other", "", secondNanosecond});
        }
        const QString p = path("mixed.pcap");
        CaptureWriter w;
        std::string error;
        QVERIFY(!w.open(p.toStdString(), CaptureFileFormat::Pcap, ifaces, error));
        QCOMPARE(qs(error), expectedError);
        QVERIFY(!w.isOpen());
        QVERIFY(!QFile::exists(p)); // nothing half-written is left behind
        // The same interfaces are fine in pcapng.
        if (!ifaces.empty()) {
            CaptureWriter ng;
            QVERIFY2(ng.open(path("mixed.pcapng").toStdString(), CaptureFileFormat::PcapNg, ifaces, error), error.c_str());
            QVERIFY2(ng.write(1, {1, 0}, payload(10, 1), 10, error), error.c_str());
            QVERIFY2(ng.close(error), error.c_str());
            auto l = load(path("mixed.pcapng"));
            QVERIFY2(l->opened, l->openError.c_str());
            QCOMPARE(l->index.size(), std::size_t{1});
            QCOMPARE(l->reader.linkTypeOf(l->index[0]), std::uint32_t(secondLinkType));
        }
    }

    void openFailsWhereNoFileCanBeCreated_data()
    {
        QTest::addColumn<bool>("pcapng");
        QTest::addColumn<QString>("relativePath");
        QTest::addColumn<QString>("reason");
        QTest::newRow("pcap, missing directory") << false << "no/such/dir/out.pcap" << "No such file or directory";
        QTest::newRow("pcapng, missing directory") << true << "no/such/dir/out.pcapng" << "No such file or directory";
        QTest::newRow("pcap, path is a directory") << false << "" << "Is a directory";
        QTest::newRow("pcapng, path is a directory") << true << "" << "Is a directory";
    }

    void openFailsWhereNoFileCanBeCreated()
    {
        QFETCH(bool, pcapng);
        QFETCH(QString, relativePath);
        QFETCH(QString, reason);
        const QString p = relativePath.isEmpty() ? tmp_->path() : path(relativePath);
        CaptureWriter w;
        std::string error;
        QVERIFY(!w.open(p.toStdString(), pcapng ? CaptureFileFormat::PcapNg : CaptureFileFormat::Pcap,
                        {{1, 262144, "eth0", "", false}}, error));
        QCOMPARE(qs(error), "cannot create \"" + p + "\": " + reason);
        QVERIFY(!w.isOpen());
        QVERIFY(!w.write(0, {1, 0}, payload(4, 1), 4, error));
        QVERIFY(!error.empty());
    }

    void misuseIsReported()
    {
        std::string error;
        {
            CaptureWriter w;
            QVERIFY2(w.open(path("a.pcap").toStdString(), CaptureFileFormat::Pcap, {{1, 262144, "", "", false}}, error),
                     error.c_str());
            QCOMPARE(w.addInterface({1, 262144, "eth1", "", false}, error), -1);
            QCOMPARE(qs(error), QString("interfaces can only be added to an open pcapng file"));
            QVERIFY(!w.write(5, {1, 0}, payload(4, 1), 4, error));
            QCOMPARE(qs(error), QString("packet for an undefined interface 5"));
            QCOMPARE(w.packetsWritten(), std::uint64_t{0});
            QVERIFY2(w.close(error), error.c_str());
        }
        {
            CaptureWriter w;
            QVERIFY2(w.open(path("b.pcapng").toStdString(), CaptureFileFormat::PcapNg, {{1, 262144, "", "", false}}, error),
                     error.c_str());
            QVERIFY(!w.write(1, {1, 0}, payload(4, 1), 4, error));
            QCOMPARE(qs(error), QString("packet for an undefined interface 1"));
            QVERIFY2(w.close(error), error.c_str());
            QVERIFY(!w.write(0, {1, 0}, payload(4, 1), 4, error));
            QCOMPARE(qs(error), QString("no file is open"));
            QCOMPARE(w.addInterface({1, 262144, "late", "", false}, error), -1);
            // Closing twice is harmless.
            QVERIFY(w.close(error));
        }
    }

    void flushMakesPacketsVisible_data()
    {
        QTest::addColumn<bool>("pcapng");
        QTest::newRow("pcap") << false;
        QTest::newRow("pcapng") << true;
    }

    void flushMakesPacketsVisible()
    {
        // A live capture: the writer keeps the file open, flushes; the reader follows the growing file.
        QFETCH(bool, pcapng);
        const QString p = path(pcapng ? "live.pcapng" : "live.pcap");
        CaptureWriter w;
        std::string error;
        QVERIFY2(w.open(p.toStdString(), pcapng ? CaptureFileFormat::PcapNg : CaptureFileFormat::Pcap,
                        {{1, 262144, "eth0", "", true}}, error),
                 error.c_str());
        QVERIFY(w.write(0, {1718000000, 1}, payload(100, 1), 100, error));
        QVERIFY(w.write(0, {1718000000, 2}, payload(200, 2), 200, error));
        QVERIFY2(w.flush(error), error.c_str());
        QCOMPARE(std::uint64_t(QFileInfo(p).size()), w.bytesWritten());

        CaptureReader r;
        PacketIndex index;
        QVERIFY2(r.open(p.toStdString(), error), error.c_str());
        QCOMPARE(statusName(r.indexMore(index, 100)), QString("End"));
        QCOMPARE(index.size(), std::size_t{2});

        QVERIFY(w.write(0, {1718000000, 3}, payload(300, 3), 300, error));
        QVERIFY2(w.flush(error), error.c_str());
        QVERIFY2(r.refresh(error), error.c_str());
        QCOMPARE(statusName(r.indexMore(index, 100)), QString("End"));
        QCOMPARE(index.size(), std::size_t{3});
        for (std::size_t k = 0; k < 3; ++k) {
            QCOMPARE(qba(r.packetBytes(index[k])), qba(payload(100 * (k + 1), std::uint8_t(k + 1))));
            QCOMPARE(r.timestamp(index[k]), (Timestamp{1718000000, std::uint32_t(k + 1)}));
        }
        QVERIFY2(w.close(error), error.c_str());
    }

    void captureScriptRoundTrip_data()
    {
        QTest::addColumn<bool>("pcapng");
        QTest::newRow("pcap") << false;
        QTest::newRow("pcapng") << true;
    }

    void captureScriptRoundTrip()
    {
        // Real frames (Ethernet/IPv4/TCP, Ethernet/IPv6/UDP) through the test kit's script; the second is cut
        // to a 64-byte snapshot.
        QFETCH(bool, pcapng);
        using namespace synscope::testkit;
        CaptureScript script;
        const IpAddress a = ip("192.0.2.1"), b = ip("192.0.2.2");
        TcpSpec syn;
        syn.srcPort = 40000;
        syn.dstPort = 80;
        syn.seq = 1000;
        syn.flags = 0x02;
        const Bytes f1 = ethernetIp(mac(1), mac(2), ipv4(a, b, 6, tcp(a, b, syn)));
        const IpAddress c = ip("2001:db8::1"), d = ip("2001:db8::2");
        const Bytes f2 = ethernetIp(mac(3), mac(4), ipv6(c, d, 17, udp(c, d, 5353, 53, payload(300, 9))));
        script.add(f1, 0, 0, pcapng ? "syn" : "");
        script.advance(1500000); // 1.5 ms
        script.add(f2, 0, 64);
        script.advance(-1000); // time may step backwards in a capture
        script.add(f1);
        const QString p = QString::fromStdString(script.writeTemp(tmp_->path().toStdString(), pcapng ? "s.pcapng" : "s.pcap",
                                                                  pcapng ? CaptureFileFormat::PcapNg : CaptureFileFormat::Pcap));
        auto l = load(p);
        QVERIFY2(l->opened, l->openError.c_str());
        QCOMPARE(statusName(l->status), QString("End"));
        QCOMPARE(l->index.size(), std::size_t{3});
        const auto& sp = script.packets();
        for (std::size_t k = 0; k < 3; ++k) {
            QCOMPARE(qba(l->reader.packetBytes(l->index[k])), qba(sp[k].data));
            QCOMPARE(l->index[k].originalLength, sp[k].originalLength);
            QCOMPARE(l->reader.timestamp(l->index[k]), sp[k].time); // microseconds hold these exactly
        }
        QCOMPARE(l->index[1].capturedLength, 64u);
        QCOMPARE(l->index[1].originalLength, std::uint32_t(f2.size()));
        QCOMPARE(l->reader.timestamp(l->index[1]), (Timestamp{1718000000, 1500000}));
        QCOMPARE(l->reader.timestamp(l->index[2]), (Timestamp{1718000000, 1499000}));
        QCOMPARE(l->reader.comments().size(), std::size_t(pcapng ? 1 : 0));
        if (pcapng)
            QCOMPARE(qs(l->reader.comments()[0].text), QString("syn"));
    }

    void timesAFormatCannotHold_data()
    {
        QTest::addColumn<bool>("pcapng");
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<qint64>("offset"); // the interface's if_tsoffset (pcapng)
        QTest::newRow("pcap, year 2200 (beyond 32-bit seconds)") << false << qint64(7258118400) << qint64(0);
        QTest::newRow("pcap, before 1970") << false << qint64(-86400) << qint64(0);
        QTest::newRow("pcapng, before 1970") << true << qint64(-86400) << qint64(0);
        QTest::newRow("pcapng, before 1970 with an offset") << true << qint64(-86400) << qint64(-86400 * 2);
        // seconds - offset overflows int64: refused, not wrapped.
        QTest::newRow("pcapng, the latest time, the earliest offset")
            << true << std::numeric_limits<qint64>::max() << std::numeric_limits<qint64>::min();
    }

    void timesAFormatCannotHold()
    {
        // A time stamp must either come back exactly or be refused with an error; silently writing a
        // different time (wrapped to 32 bits, or a negative count stored as unsigned) is data corruption.
        QFETCH(bool, pcapng);
        QFETCH(qint64, seconds);
        QFETCH(qint64, offset);
        const Timestamp t{seconds, 500000000};
        const QString p = path(pcapng ? "t.pcapng" : "t.pcap");
        CaptureWriter w;
        std::string error;
        QVERIFY2(w.open(p.toStdString(), pcapng ? CaptureFileFormat::PcapNg : CaptureFileFormat::Pcap,
                        {{1, 262144, "", "", false, offset}}, error),
                 error.c_str());
        const bool written = w.write(0, t, payload(10, 1), 10, error);
        if (offset == std::numeric_limits<qint64>::min())
            QVERIFY2(!written && error.find("cannot be written") != std::string::npos, error.c_str());
        std::string closeError;
        QVERIFY2(w.close(closeError), closeError.c_str());
        if (!written) {
            QVERIFY(!error.empty());
            return;
        }
        auto l = load(p);
        QVERIFY2(l->opened, l->openError.c_str());
        QCOMPARE(l->index.size(), std::size_t{1});
        const Timestamp got = l->reader.timestamp(l->index[0]);
        QVERIFY2(got == t, qPrintable(QString("wrote {seconds %1, ns %2}, read back {seconds %3, ns %4}")
                                          .arg(t.seconds).arg(t.nanoseconds).arg(got.seconds).arg(got.nanoseconds)));
    }
};

QTEST_GUILESS_MAIN(TestCaptureWriter)
#include "test_capture_writer.moc"
