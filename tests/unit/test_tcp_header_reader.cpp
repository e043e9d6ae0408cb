// The analysis reads plain TCP segments straight from the frame's bytes (readTcpSegment) and decodes
// only the rest. These tests show that shortcut changes nothing: each link layer and IP shape it reads
// gives exact values and the decoder's segment; the shapes it must not read go to the decoder; damaged
// frames (hundreds of thousands of mutations, every link type) never make it disagree with the decoder;
// whole captures give the tracker exactly the records and reports that decoding every frame gives; and
// PacketStore, which indexes and analyses in steps, gives the same answers whatever the batch size.
#include "analysis/connection_report.h"
#include "analysis/tcp_frame_feed.h"
#include "bench_capture.h"
#include "common/link_types.h"
#include "sample_capture.h"
#include "tcp_segment_agreement.h"
#include "test_support.h"

#include <QDir>
#include <QtTest>
#include <random>

using namespace synscope;
using namespace synscope::testkit;

Q_DECLARE_METATYPE(synscope::testkit::Bytes)
Q_DECLARE_METATYPE(synscope::HeaderReading)

namespace {

const IpAddress kClient4 = ip("192.0.2.10"), kServer4 = ip("198.51.100.20");
const IpAddress kClient6 = ip("2001:db8::10"), kServer6 = ip("2001:db8:1::20");

// A client's SYN as Linux sends it (MSS 1460, SACK permitted, timestamps, window scale 7).
TcpSpec synSpec()
{
    TcpSpec s;
    s.srcPort = 41334;
    s.dstPort = 443;
    s.seq = 3000000000u;
    s.flags = tcpflag::kSyn;
    s.window = 64240;
    s.options = linuxSynOptions(1460, 7, 123456, 0);
    return s;
}

// An established segment with 100 bytes of data and the timestamps option.
TcpSpec dataSpec()
{
    TcpSpec s;
    s.srcPort = 41334;
    s.dstPort = 443;
    s.seq = 3000000001u;
    s.ack = 77;
    s.flags = tcpflag::kAck | tcpflag::kPsh;
    s.window = 502;
    s.options = timestampOptions(123500, 99);
    s.payload = Bytes(100, 0x61);
    return s;
}

Bytes ip4Tcp(const TcpSpec& s, const Ipv4Options& o = {})
{
    return ipv4(kClient4, kServer4, 6, tcp(kClient4, kServer4, s), o);
}

Bytes ip6Tcp(const TcpSpec& s) { return ipv6(kClient6, kServer6, 6, tcp(kClient6, kServer6, s)); }

Bytes concat(Bytes a, const Bytes& b)
{
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

std::string decodedDisagreement(const Bytes& frame, std::uint32_t linkType, Packet& packet)
{
    DecodeOptions options;
    options.verifyChecksums = false;
    options.decodeDns = false;
    decodePacket(frame, linkType, static_cast<std::uint32_t>(frame.size()), packet, options);
    return test::segmentDisagreement(frame, linkType, packet);
}

// Every frame of a capture file with its link type.
struct FileFrames {
    CaptureReader reader;
    PacketIndex index;
    CaptureReader::Status status = CaptureReader::Status::More;
};

std::unique_ptr<FileFrames> readFrames(const std::string& path, std::string& error)
{
    auto f = std::make_unique<FileFrames>();
    if (!f->reader.open(path, error))
        return nullptr;
    while ((f->status = f->reader.indexMore(f->index, 1 << 16)) == CaptureReader::Status::More) {
    }
    return f;
}

} // namespace

class TestTcpHeaderReader : public QObject {
    Q_OBJECT

private slots:
    void plainSegmentsAreReadFromTheBytes_data()
    {
        QTest::addColumn<Bytes>("frame");
        QTest::addColumn<std::uint32_t>("linkType");
        QTest::addColumn<bool>("ipv6");
        QTest::addColumn<bool>("syn");
        const MacAddress a = mac(1), b = mac(2);
        const Bytes syn4 = ip4Tcp(synSpec()), syn6 = ip6Tcp(synSpec()), data4 = ip4Tcp(dataSpec());
        QTest::newRow("ethernet ipv4 syn") << ethernetIp(a, b, syn4) << linktype::kEthernet << false << true;
        QTest::newRow("ethernet ipv4 data") << ethernetIp(a, b, data4) << linktype::kEthernet << false << false;
        QTest::newRow("ethernet ipv6 syn") << ethernetIp(a, b, syn6) << linktype::kEthernet << true << true;
        QTest::newRow("802.1Q") << ethernetTagged(a, b, {{0x8100, 10}}, 0x0800, syn4) << linktype::kEthernet << false
                                << true;
        QTest::newRow("802.1ad + 802.1Q ipv6")
            << ethernetTagged(a, b, {{0x88a8, 100}, {0x8100, 10}}, 0x86dd, syn6) << linktype::kEthernet << true << true;
        QTest::newRow("four tags") << ethernetTagged(a, b, {{0x88a8, 1}, {0x8100, 2}, {0x9100, 3}, {0x8100, 4}},
                                                     0x0800, syn4)
                                   << linktype::kEthernet << false << true;
        // A short segment padded to Ethernet's 60-byte minimum: the padding is not TCP payload.
        TcpSpec bare = dataSpec();
        bare.options.clear();
        bare.payload = {0x01};
        QTest::newRow("ethernet padding") << concat(ethernetIp(a, b, ip4Tcp(bare)), Bytes(5, 0))
                                          << linktype::kEthernet << false << false;
        QTest::newRow("sll ipv4") << linuxSll(4, a, 0x0800, syn4) << linktype::kLinuxSll << false << true;
        QTest::newRow("sll ipv6 behind a tag")
            << linuxSll(0, a, 0x8100, concat({0x00, 0x0a, 0x86, 0xdd}, syn6)) << linktype::kLinuxSll << true << true;
        QTest::newRow("sll2 ipv6") << linuxSll2(0x86dd, 3, 0, a, syn6) << linktype::kLinuxSll2 << true << true;
        QTest::newRow("null AF_INET little-endian") << nullLoopback(2, false, syn4) << linktype::kNull << false << true;
        QTest::newRow("null AF_INET big-endian") << nullLoopback(2, true, data4) << linktype::kNull << false << false;
        QTest::newRow("null AF_INET6 Linux") << nullLoopback(10, false, syn6) << linktype::kNull << true << true;
        QTest::newRow("null AF_INET6 BSD") << nullLoopback(24, false, syn6) << linktype::kNull << true << true;
        QTest::newRow("null AF_INET6 FreeBSD") << nullLoopback(28, false, syn6) << linktype::kNull << true << true;
        QTest::newRow("null AF_INET6 macOS") << nullLoopback(30, true, syn6) << linktype::kNull << true << true;
        QTest::newRow("loop AF_INET") << nullLoopback(2, true, syn4) << linktype::kLoop << false << true;
        QTest::newRow("raw ipv4") << syn4 << linktype::kRaw << false << true;
        QTest::newRow("raw ipv6") << syn6 << linktype::kRaw << true << true;
        QTest::newRow("raw (12) ipv4") << data4 << linktype::kRawAlt12 << false << false;
        QTest::newRow("raw (14) ipv6") << syn6 << linktype::kRawAlt14 << true << true;
        QTest::newRow("LINKTYPE_IPV4") << syn4 << linktype::kIpv4 << false << true;
        QTest::newRow("LINKTYPE_IPV4 holding ipv6") << syn6 << linktype::kIpv4 << true << true;
        QTest::newRow("LINKTYPE_IPV6") << syn6 << linktype::kIpv6 << true << true;
        Ipv4Options withOptions;
        withOptions.options = {0x94, 0x04, 0x00, 0x00}; // router alert
        QTest::newRow("ipv4 options") << ethernetIp(a, b, ip4Tcp(synSpec(), withOptions)) << linktype::kEthernet
                                      << false << true;
        Ipv4Options offload;
        offload.totalLengthOverride = 0;
        QTest::newRow("ipv4 total length 0 (offload)")
            << ethernetIp(a, b, ip4Tcp(dataSpec(), offload)) << linktype::kEthernet << false << false;
        QTest::newRow("ipv6 payload length 0 (offload)")
            << ethernetIp(a, b, ipv6(kClient6, kServer6, 6, tcp(kClient6, kServer6, dataSpec()), 64, {}, 0))
            << linktype::kEthernet << true << false;
    }

    void plainSegmentsAreReadFromTheBytes()
    {
        QFETCH(Bytes, frame);
        QFETCH(std::uint32_t, linkType);
        QFETCH(bool, ipv6);
        QFETCH(bool, syn);
        TcpHeaderFields fields;
        TcpSegmentView view;
        QCOMPARE(readTcpSegment(frame, linkType, fields, view), HeaderReading::Segment);
        QCOMPARE(view.tcp, &fields);
        QCOMPARE(view.ipv6, ipv6);
        const IpAddress& src = ipv6 ? kClient6 : kClient4;
        const IpAddress& dst = ipv6 ? kServer6 : kServer4;
        QVERIFY(std::memcmp(view.src, src.bytes.data(), ipv6 ? 16 : 4) == 0);
        QVERIFY(std::memcmp(view.dst, dst.bytes.data(), ipv6 ? 16 : 4) == 0);
        QCOMPARE(view.quoted, false);
        QCOMPARE(view.truncated, false);
        QVERIFY(!view.malformed);
        QCOMPARE(fields.srcPort, std::uint16_t{41334});
        QCOMPARE(fields.dstPort, std::uint16_t{443});
        if (syn) {
            QCOMPARE(fields.seq, 3000000000u);
            QCOMPARE(fields.ack, 0u);
            QCOMPARE(fields.flags, tcpflag::kSyn);
            QCOMPARE(fields.window, std::uint16_t{64240});
            QCOMPARE(fields.headerLength, std::uint8_t{40});
            QCOMPARE(view.headerBytes, 40u);
            QCOMPARE(fields.segmentLength, 40u);
            QVERIFY(fields.hasMss && fields.sackPermitted && fields.hasTimestamps && fields.hasWindowScale);
            QCOMPARE(fields.mss, std::uint16_t{1460});
            QCOMPARE(fields.windowScale, std::uint8_t{7});
            QCOMPARE(fields.tsVal, 123456u);
            QCOMPARE(fields.tsEcr, 0u);
        } else {
            QCOMPARE(fields.seq, 3000000001u);
            QCOMPARE(fields.ack, 77u);
            QCOMPARE(fields.flags, std::uint16_t(tcpflag::kAck | tcpflag::kPsh));
            QCOMPARE(fields.window, std::uint16_t{502});
            const bool bare = fields.headerLength == 20;
            QCOMPARE(fields.segmentLength, bare ? 21u : 132u);
            QVERIFY(!fields.hasMss && !fields.sackPermitted && !fields.hasWindowScale);
            QCOMPARE(fields.hasTimestamps, !bare);
            if (!bare) {
                QCOMPARE(fields.tsVal, 123500u);
                QCOMPARE(fields.tsEcr, 99u);
            }
        }
        Packet packet;
        const std::string diff = decodedDisagreement(frame, linkType, packet);
        QVERIFY2(diff.empty(), diff.c_str());
    }

    void otherFramesAreLeftToTheDecoder_data()
    {
        QTest::addColumn<Bytes>("frame");
        QTest::addColumn<std::uint32_t>("linkType");
        QTest::addColumn<HeaderReading>("reading");
        QTest::addColumn<bool>("decoderFindsSegment");
        const MacAddress a = mac(1), b = mac(2);
        const Bytes syn4 = ip4Tcp(synSpec()), syn6 = ip6Tcp(synSpec());
        const auto needs = HeaderReading::NeedsDecoder, none = HeaderReading::NoTcp;
        QTest::newRow("five tags") << ethernetTagged(a, b, {{0x8100, 1}, {0x8100, 2}, {0x8100, 3}, {0x8100, 4},
                                                            {0x8100, 5}},
                                                     0x0800, syn4)
                                   << linktype::kEthernet << needs << false;
        Bytes snap{0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00};
        snap = concat(snap, syn4);
        QTest::newRow("802.3 + LLC/SNAP") << ethernet(a, b, static_cast<std::uint16_t>(snap.size()), snap)
                                          << linktype::kEthernet << needs << true;
        QTest::newRow("PPPoE") << ethernet(a, b, 0x8864, pppoeSession(7, 0x0021, syn4)) << linktype::kEthernet << needs
                               << true;
        QTest::newRow("ARP") << ethernet(a, b, 0x0806, arp(1, a, kClient4, b, kServer4)) << linktype::kEthernet << none
                             << false;
        QTest::newRow("UDP") << ethernetIp(a, b, ipv4(kClient4, kServer4, 17, udp(kClient4, kServer4, 5353, 53, {1, 2})))
                             << linktype::kEthernet << none << false;
        QTest::newRow("UDP over IPv6")
            << ethernetIp(a, b, ipv6(kClient6, kServer6, 17, udp(kClient6, kServer6, 5353, 53, {1, 2})))
            << linktype::kEthernet << none << false;
        // An ICMP port unreachable quoting the SYN: the analysis links it through the decoder.
        const Bytes quote(syn4.begin(), syn4.begin() + 28);
        QTest::newRow("ICMP error") << ethernetIp(a, b, ipv4(kServer4, kClient4, 1, icmpv4(3, 3, 0, quote)))
                                    << linktype::kEthernet << needs << true;
        QTest::newRow("ICMPv6 error")
            << ethernetIp(a, b, ipv6(kServer6, kClient6, 58, icmpv6(kServer6, kClient6, 1, 4, 0, syn6)))
            << linktype::kEthernet << needs << true;
        QTest::newRow("IPv6 hop-by-hop") << ethernetIp(a, b,
                                                       ipv6(kClient6, kServer6, 6, tcp(kClient6, kServer6, synSpec()),
                                                            64, {{0, {1, 4, 0, 0, 0, 0}}}))
                                         << linktype::kEthernet << needs << true;
        Ipv4Options fragment;
        fragment.dontFragment = false;
        fragment.moreFragments = true;
        QTest::newRow("IPv4 first fragment") << ethernetIp(a, b, ip4Tcp(synSpec(), fragment)) << linktype::kEthernet
                                             << needs << false;
        QTest::newRow("IP in IP") << ethernetIp(a, b, ipv4(kClient4, kServer4, 4, syn4)) << linktype::kEthernet << needs
                                  << true;
        const Bytes whole = ethernetIp(a, b, syn4);
        QTest::newRow("options cut by the snapshot length")
            << Bytes(whole.begin(), whole.begin() + 14 + 20 + 30) << linktype::kEthernet << needs << true;
        TcpSpec shortOffset = synSpec();
        shortOffset.options.clear();
        shortOffset.dataOffsetOverride = 4;
        QTest::newRow("data offset 4") << ethernetIp(a, b, ip4Tcp(shortOffset)) << linktype::kEthernet << needs << true;
        Ipv4Options tooShort;
        tooShort.totalLengthOverride = 20 + 24; // the TCP header says 40 bytes
        QTest::newRow("header longer than the segment")
            << ethernetIp(a, b, ip4Tcp(synSpec(), tooShort)) << linktype::kEthernet << needs << true;
        Ipv4Options badIhl;
        badIhl.headerLengthOverride = 16;
        QTest::newRow("IPv4 header length 16") << ethernetIp(a, b, ip4Tcp(synSpec(), badIhl)) << linktype::kEthernet
                                               << needs << false;
        QTest::newRow("sll netlink") << concat({0, 4, 0x03, 0x38, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 0x00}, syn4)
                                     << linktype::kLinuxSll << none << false;
        QTest::newRow("sll 802.2") << linuxSll(0, a, 0x0004, syn4) << linktype::kLinuxSll << none << false;
        QTest::newRow("null family 7") << nullLoopback(7, false, syn4) << linktype::kNull << none << false;
        QTest::newRow("null holding an EtherType") << nullLoopback(0x0800, true, syn4) << linktype::kNull << needs
                                                   << true;
        QTest::newRow("LINKTYPE_IPV6 holding ipv4") << syn4 << linktype::kIpv6 << needs << false;
        QTest::newRow("unknown link type") << syn4 << std::uint32_t{147} << needs << false;
        QTest::newRow("empty raw frame") << Bytes{} << linktype::kRaw << needs << false;
    }

    void otherFramesAreLeftToTheDecoder()
    {
        QFETCH(Bytes, frame);
        QFETCH(std::uint32_t, linkType);
        QFETCH(HeaderReading, reading);
        QFETCH(bool, decoderFindsSegment);
        TcpHeaderFields fields;
        TcpSegmentView view;
        QCOMPARE(readTcpSegment(frame, linkType, fields, view), reading);
        Packet packet;
        DecodeOptions options;
        options.verifyChecksums = false;
        options.decodeDns = false;
        decodePacket(frame, linkType, static_cast<std::uint32_t>(frame.size()) + 100, packet, options);
        TcpSegmentView decoded;
        QCOMPARE(tcpSegmentOf(packet, decoded), decoderFindsSegment);
    }

    // Random damage to the first bytes of frames of every shape, read as every link type: wherever the
    // reader answers, the decoder agrees.
    void damagedFramesNeverDisagree()
    {
        std::vector<Bytes> bases;
        const MacAddress a = mac(1), b = mac(2);
        for (const TcpSpec& s : {synSpec(), dataSpec()}) {
            const Bytes v4 = ip4Tcp(s), v6 = ip6Tcp(s);
            for (const Bytes& ipPacket : {v4, v6}) {
                bases.push_back(ipPacket);
                bases.push_back(ethernetIp(a, b, ipPacket));
                bases.push_back(ethernetTagged(a, b, {{0x8100, 5}}, ipPacket == v4 ? 0x0800 : 0x86dd, ipPacket));
                bases.push_back(linuxSll(0, a, ipPacket == v4 ? 0x0800 : 0x86dd, ipPacket));
                bases.push_back(linuxSll2(ipPacket == v4 ? 0x0800 : 0x86dd, 2, 0, a, ipPacket));
                bases.push_back(nullLoopback(ipPacket == v4 ? 2 : 30, false, ipPacket));
            }
        }
        // The edges of what the reader takes: IP options, offload lengths, four tags, cooked and loopback
        // headers it must refuse.
        Ipv4Options withOptions, offload;
        withOptions.options = {0x94, 0x04, 0x00, 0x00};
        offload.totalLengthOverride = 0;
        const Bytes syn4 = ip4Tcp(synSpec());
        bases.push_back(ethernetIp(a, b, ip4Tcp(synSpec(), withOptions)));
        bases.push_back(ethernetIp(a, b, ip4Tcp(dataSpec(), offload)));
        bases.push_back(ethernetIp(a, b, ipv6(kClient6, kServer6, 6, tcp(kClient6, kServer6, dataSpec()), 64, {}, 0)));
        bases.push_back(ethernetTagged(a, b, {{0x88a8, 1}, {0x8100, 2}, {0x9100, 3}, {0x8100, 4}}, 0x0800, syn4));
        bases.push_back(concat({0, 4, 0x03, 0x38, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 0x00}, syn4));
        bases.push_back(linuxSll(0, a, 0x0004, syn4));
        bases.push_back(concat({0x00, 0x02, 0x00, 0x00}, syn4)); // a 16-bit family in the high half
        bases.push_back(nullLoopback(0x0800, true, syn4));
        const CaptureScript sample = buildSampleCapture();
        for (std::size_t i = 0; i < sample.packets().size(); i += 3)
            bases.push_back(sample.packets()[i].data);

        const std::uint32_t linkTypes[] = {linktype::kEthernet, linktype::kLinuxSll, linktype::kLinuxSll2,
                                           linktype::kNull,     linktype::kLoop,     linktype::kRaw,
                                           linktype::kRawAlt12, linktype::kRawAlt14, linktype::kIpv4,
                                           linktype::kIpv6};
        const std::uint8_t interesting[] = {0x00, 0x01, 0x02, 0x04, 0x05, 0x06, 0x0a, 0x11, 0x14, 0x1e, 0x20, 0x28,
                                            0x3a, 0x45, 0x46, 0x4f, 0x50, 0x60, 0x81, 0x86, 0x88, 0xa8, 0xdd, 0xff};
        std::mt19937 random(20261122);
        Packet packet;
        std::size_t frames = 0, read = 0;
        for (int round = 0; round < 400; ++round) {
            for (const Bytes& base : bases) {
                Bytes frame = base;
                const int damage = 1 + static_cast<int>(random() % 3);
                for (int d = 0; d < damage && !frame.empty(); ++d) {
                    const std::size_t at = random() % std::min<std::size_t>(frame.size(), 120);
                    switch (random() % 4) {
                    case 0: frame[at] = static_cast<std::uint8_t>(random()); break;
                    case 1: frame[at] = interesting[random() % sizeof interesting]; break;
                    case 2: frame[at] ^= static_cast<std::uint8_t>(1u << (random() % 8)); break;
                    case 3: frame.resize(random() % (frame.size() + 1)); break;
                    }
                }
                for (std::uint32_t linkType : linkTypes) {
                    ++frames;
                    TcpHeaderFields fields;
                    TcpSegmentView view;
                    read += readTcpSegment(frame, linkType, fields, view) == HeaderReading::Segment;
                    const std::string diff = decodedDisagreement(frame, linkType, packet);
                    if (!diff.empty())
                        QFAIL(qPrintable(QString("link type %1, frame %2: %3")
                                             .arg(linkType)
                                             .arg(QByteArray(reinterpret_cast<const char*>(frame.data()),
                                                             static_cast<int>(frame.size()))
                                                      .toHex(' ')
                                                      .constData())
                                             .arg(diff.c_str())));
                }
            }
        }
        qInfo("%zu damaged frames, %zu of them read as segments without the decoder", frames, read);
        QVERIFY(read > frames / 20); // the damage leaves many frames readable: the comparison had work to do
    }

    // PacketStore indexes and analyses 1,024 packets at a time inside loadMore(): any batch size gives the
    // same packets and records, and the reader's status comes through as it is (also for loadMore(0)).
    void loadingInStepsKeepsTheReadersAnswers()
    {
        QTemporaryDir dir;
        const std::string path = dir.path().toStdString() + "/bench.pcap";
        std::string error;
        QVERIFY2(writeBenchCapture(path, 5000, CaptureFileFormat::Pcap, error), error.c_str());
        PacketStore whole, inSteps;
        QVERIFY(whole.open(path, error) && inSteps.open(path, error));
        QCOMPARE(whole.loadMore(1 << 16), CaptureReader::Status::End);
        QCOMPARE(whole.size(), std::size_t{5000});
        QCOMPARE(whole.loadMore(0), CaptureReader::Status::End);
        QCOMPARE(whole.loadMore(10), CaptureReader::Status::End);
        QCOMPARE(inSteps.loadMore(0), CaptureReader::Status::More);
        QCOMPARE(inSteps.size(), std::size_t{0});
        QCOMPARE(inSteps.loadMore(1500), CaptureReader::Status::More); // one step of 1,024 and one of 476
        QCOMPARE(inSteps.size(), std::size_t{1500});
        QCOMPARE(inSteps.loadMore(1), CaptureReader::Status::More);
        QCOMPARE(inSteps.size(), std::size_t{1501});
        QCOMPARE(inSteps.loadMore(3499), CaptureReader::Status::End); // exactly the rest
        QCOMPARE(inSteps.loadMore(100), CaptureReader::Status::End);
        QCOMPARE(inSteps.size(), std::size_t{5000});
        for (std::size_t i = 0; i < whole.size(); ++i)
            QVERIFY2(std::memcmp(&whole.tcpRecord(i), &inSteps.tcpRecord(i), sizeof(TcpPacketRecord)) == 0,
                     qPrintable(QString("packet %1").arg(i + 1)));
        QCOMPARE(whole.tracker().connections().size(), inSteps.tracker().connections().size());

        // A file cut inside a record: the status says so, after every whole packet.
        Bytes cut;
        {
            QFile f(QString::fromStdString(path));
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray all = f.readAll();
            cut.assign(all.begin(), all.begin() + all.size() - 10);
        }
        const std::string cutPath = dir.path().toStdString() + "/cut.pcap";
        {
            QFile f(QString::fromStdString(cutPath));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(reinterpret_cast<const char*>(cut.data()), static_cast<qint64>(cut.size()));
        }
        PacketStore cutStore;
        QVERIFY(cutStore.open(cutPath, error));
        QCOMPARE(cutStore.loadMore(4000), CaptureReader::Status::More);
        QCOMPARE(cutStore.loadMore(4000), CaptureReader::Status::Truncated);
        QCOMPARE(cutStore.size(), std::size_t{4999});
    }

    void capturesGiveTheSameAnalysis_data()
    {
        QTest::addColumn<QString>("path");
        static QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string error = test::addCaptureRows(dir, 100000);
        QVERIFY2(error.empty(), error.c_str());
    }

    // Every frame agrees with its decoding, and a tracker fed through TcpFrameFeed (as PacketStore feeds
    // it) ends with the same records and connection reports as one given every frame decoded.
    void capturesGiveTheSameAnalysis()
    {
        QFETCH(QString, path);
        std::string error;
        const auto file = readFrames(path.toStdString(), error);
        if (path.contains("/corpus/")) {
            // A corpus file reads as tshark and capinfos read it (test::corpusFiles(): two are refused at their
            // header, one is cut short); a refused one has no frames to compare.
            const QString mismatch = test::corpusReadMismatch(path, file != nullptr,
                                                              file ? file->status : CaptureReader::Status::Error,
                                                              file ? file->index.size() : 0);
            QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch + " " + QString::fromStdString(error)));
            if (!file) {
                qInfo("refused at its header, as tshark refuses it: %s", error.c_str());
                return;
            }
        } else {
            // The project's own captures open and read to their end.
            QVERIFY2(file, error.c_str());
            QCOMPARE(file->status, CaptureReader::Status::End);
        }
        TrackerOptions options;
        options.keepStateFrames = true;
        TcpTracker viaFeed(options), viaDecoder(options);
        TcpFrameFeed feed;
        Packet packet;
        DecodeOptions decodeOptions;
        decodeOptions.verifyChecksums = false;
        decodeOptions.decodeDns = false;
        std::size_t read = 0;
        for (std::size_t i = 0; i < file->index.size(); ++i) {
            const PacketRecord& r = file->index[i];
            const auto bytes = file->reader.packetBytes(r);
            const std::uint32_t linkType = file->reader.linkTypeOf(r);
            const std::int64_t time = file->reader.timestampNs(r);
            TcpPacketRecord fed, decoded;
            const bool fedHas = feed.feed(viaFeed, i + 1, time, bytes, linkType, r.originalLength, fed);
            decodePacket(bytes, linkType, r.originalLength, packet, decodeOptions);
            const bool decodedHas = viaDecoder.process(i + 1, time, packet, decoded);
            const std::string diff = test::segmentDisagreement(bytes, linkType, packet);
            QVERIFY2(diff.empty(), qPrintable(QString("frame %1: %2").arg(i + 1).arg(diff.c_str())));
            TcpHeaderFields fields;
            TcpSegmentView view;
            read += readTcpSegment(bytes, linkType, fields, view) == HeaderReading::Segment;
            QCOMPARE(fedHas, decodedHas);
            QVERIFY2(std::memcmp(&fed, &decoded, sizeof fed) == 0,
                     qPrintable(QString("frame %1: %2 vs %3").arg(i + 1).arg(test::describeRecord(fed), test::describeRecord(decoded))));
        }
        const auto a = buildConnectionReports(viaFeed), b = buildConnectionReports(viaDecoder);
        QCOMPARE(a.size(), b.size());
        for (std::size_t i = 0; i < a.size(); ++i)
            QCOMPARE(test::describeReport(a[i]), test::describeReport(b[i]));
        QCOMPARE(viaFeed.icmpLinks().size(), viaDecoder.icmpLinks().size());
        QCOMPARE(viaFeed.synSends().size(), viaDecoder.synSends().size());
        if (!path.contains("/corpus/"))
            QVERIFY(read > file->index.size() / 2); // the project's captures are mostly plain TCP
        qInfo("%zu frames, %zu read without the decoder", file->index.size(), read);
    }
};

QTEST_GUILESS_MAIN(TestTcpHeaderReader)
#include "test_tcp_header_reader.moc"
