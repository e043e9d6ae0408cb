// CaptureReader, PacketIndex and time stamp conversion against capture files built byte by byte here:
// classic pcap in both byte orders and all three magics, pcapng with several interfaces, resolutions,
// offsets, sections and block kinds, damaged and truncated files, files that grow while being read.
#include "capture/capture_reader.h"
#include "capture/packet_index.h"
#include "common/timestamp.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

using namespace synscope;

namespace {

using Bytes = std::vector<std::uint8_t>;
using Status = CaptureReader::Status;

// ---- Building files byte by byte ------------------------------------------------------------------

struct Builder {
    explicit Builder(bool bigEndian = false) : be(bigEndian) {}
    bool be = false;
    Bytes b;

    Builder& u8(std::uint8_t v)
    {
        b.push_back(v);
        return *this;
    }
    Builder& u16(std::uint16_t v)
    {
        if (be)
            u8(static_cast<std::uint8_t>(v >> 8)).u8(static_cast<std::uint8_t>(v));
        else
            u8(static_cast<std::uint8_t>(v)).u8(static_cast<std::uint8_t>(v >> 8));
        return *this;
    }
    Builder& u32(std::uint32_t v)
    {
        if (be)
            u16(static_cast<std::uint16_t>(v >> 16)).u16(static_cast<std::uint16_t>(v));
        else
            u16(static_cast<std::uint16_t>(v)).u16(static_cast<std::uint16_t>(v >> 16));
        return *this;
    }
    Builder& u64(std::uint64_t v)
    {
        if (be)
            u32(static_cast<std::uint32_t>(v >> 32)).u32(static_cast<std::uint32_t>(v));
        else
            u32(static_cast<std::uint32_t>(v)).u32(static_cast<std::uint32_t>(v >> 32));
        return *this;
    }
    Builder& raw(const Bytes& v)
    {
        b.insert(b.end(), v.begin(), v.end());
        return *this;
    }
    Builder& text(std::string_view s)
    {
        b.insert(b.end(), s.begin(), s.end());
        return *this;
    }
    Builder& pad4()
    {
        while (b.size() % 4)
            b.push_back(0);
        return *this;
    }
};

Bytes concat(std::initializer_list<Bytes> parts)
{
    Bytes out;
    for (const Bytes& p : parts)
        out.insert(out.end(), p.begin(), p.end());
    return out;
}

void append(Bytes& to, const Bytes& more) { to.insert(to.end(), more.begin(), more.end()); }

// Deterministic, distinguishable packet contents.
Bytes payload(std::size_t n, std::uint8_t seed)
{
    Bytes b(n);
    for (std::size_t i = 0; i < n; ++i)
        b[i] = static_cast<std::uint8_t>(seed + i * 7);
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

// Classic pcap.
constexpr std::uint32_t kMagicMicro = 0xa1b2c3d4;
constexpr std::uint32_t kMagicNano = 0xa1b23c4d;
constexpr std::uint32_t kMagicModified = 0xa1b2cd34;

Bytes pcapFileHeader(bool be, std::uint32_t magic, std::uint32_t snaplen, std::uint32_t linkField,
                     std::uint16_t major = 2, std::uint16_t minor = 4)
{
    Builder o{be};
    o.u32(magic).u16(major).u16(minor).u32(0).u32(0).u32(snaplen).u32(linkField);
    return o.b;
}

// A record; `modified` adds the 8 bytes (ifindex, protocol, packet type, pad) of the patched libpcap format.
Bytes pcapRecord(bool be, std::uint32_t seconds, std::uint32_t fraction, const Bytes& data, std::uint32_t origLen,
                 bool modified = false)
{
    Builder o{be};
    o.u32(seconds).u32(fraction).u32(static_cast<std::uint32_t>(data.size())).u32(origLen);
    if (modified)
        o.u32(0xEEEEEE07).u16(0x0800).u8(0xEE).u8(0xEE);
    o.raw(data);
    return o.b;
}

// pcapng.
Bytes block(bool be, std::uint32_t type, const Bytes& body)
{
    Builder o{be};
    const auto total = static_cast<std::uint32_t>(body.size() + 12);
    o.u32(type).u32(total).raw(body).u32(total);
    return o.b;
}

Bytes opt(bool be, std::uint16_t code, const Bytes& value)
{
    Builder o{be};
    o.u16(code).u16(static_cast<std::uint16_t>(value.size())).raw(value).pad4();
    return o.b;
}
Bytes opt(bool be, std::uint16_t code, std::string_view value) { return opt(be, code, Bytes(value.begin(), value.end())); }
Bytes optEnd() { return Bytes(4, 0); }

Bytes shb(bool be, const Bytes& options = {})
{
    Builder o{be};
    o.u32(0x1a2b3c4d).u16(1).u16(0).u64(~std::uint64_t{0}).raw(options);
    return block(be, 0x0a0d0d0a, o.b);
}

Bytes idb(bool be, std::uint16_t linkType, std::uint32_t snaplen, const Bytes& options = {})
{
    Builder o{be};
    o.u16(linkType).u16(0).u32(snaplen).raw(options);
    return block(be, 1, o.b);
}

Bytes epb(bool be, std::uint32_t iface, std::uint64_t ticks, const Bytes& data, std::uint32_t origLen,
          const Bytes& options = {})
{
    Builder o{be};
    o.u32(iface).u32(static_cast<std::uint32_t>(ticks >> 32)).u32(static_cast<std::uint32_t>(ticks));
    o.u32(static_cast<std::uint32_t>(data.size())).u32(origLen).raw(data).pad4().raw(options);
    return block(be, 6, o.b);
}

Bytes opb(bool be, std::uint16_t iface, std::uint16_t drops, std::uint64_t ticks, const Bytes& data,
          std::uint32_t origLen, const Bytes& options = {})
{
    Builder o{be};
    o.u16(iface).u16(drops).u32(static_cast<std::uint32_t>(ticks >> 32)).u32(static_cast<std::uint32_t>(ticks));
    o.u32(static_cast<std::uint32_t>(data.size())).u32(origLen).raw(data).pad4().raw(options);
    return block(be, 2, o.b);
}

Bytes spb(bool be, std::uint32_t origLen, const Bytes& data)
{
    Builder o{be};
    o.u32(origLen).raw(data).pad4();
    return block(be, 3, o.b);
}

Bytes i64Value(bool be, std::int64_t v)
{
    Builder o{be};
    o.u64(static_cast<std::uint64_t>(v));
    return o.b;
}

bool writeFile(const QString& path, const Bytes& bytes, bool appendToFile = false)
{
    QFile f(path);
    if (!f.open(appendToFile ? QIODevice::Append : (QIODevice::WriteOnly | QIODevice::Truncate)))
        return false;
    return f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<qint64>(bytes.size())) ==
           static_cast<qint64>(bytes.size());
}

// ---- Reading ----------------------------------------------------------------------------------------

struct Loaded {
    CaptureReader reader;
    PacketIndex index;
    Status status = Status::More;
    bool opened = false;
    std::string openError;
};

std::unique_ptr<Loaded> load(const QString& path, std::size_t maxPerCall = std::size_t{1} << 20)
{
    auto l = std::make_unique<Loaded>();
    l->opened = l->reader.open(path.toStdString(), l->openError);
    if (!l->opened)
        return l;
    do
        l->status = l->reader.indexMore(l->index, maxPerCall);
    while (l->status == Status::More);
    return l;
}

// A file with the offsets of its records, for truncation and growth tests.
struct SampleFile {
    Bytes bytes;
    std::uint64_t headerSize = 0;              // file header (pcap) or first SHB (pcapng)
    std::vector<std::uint64_t> recordOffsets;  // every record or block after the header, in order
    std::vector<bool> recordIsPacket;
    std::vector<Bytes> packetData;
    std::vector<std::uint32_t> origLens;
    std::vector<Timestamp> times;
};

SampleFile samplePcap()
{
    SampleFile s;
    s.bytes = pcapFileHeader(false, kMagicMicro, 65535, 1);
    s.headerSize = s.bytes.size();
    const std::vector<std::size_t> sizes{60, 33, 1514, 7, 0, 128};
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        const Bytes data = payload(sizes[i], static_cast<std::uint8_t>(i * 31));
        const auto sec = static_cast<std::uint32_t>(1718000000 + i);
        const auto usec = static_cast<std::uint32_t>(100000 * i + 17);
        s.recordOffsets.push_back(s.bytes.size());
        s.recordIsPacket.push_back(true);
        s.packetData.push_back(data);
        s.origLens.push_back(static_cast<std::uint32_t>(sizes[i] + 10));
        s.times.push_back({sec, usec * 1000});
        append(s.bytes, pcapRecord(false, sec, usec, data, static_cast<std::uint32_t>(sizes[i] + 10)));
    }
    return s;
}

SampleFile samplePcapNg()
{
    SampleFile s;
    s.bytes = shb(false, concat({opt(false, 1, "growing"), optEnd()}));
    s.headerSize = s.bytes.size();
    auto add = [&](const Bytes& blk, bool isPacket) {
        s.recordOffsets.push_back(s.bytes.size());
        s.recordIsPacket.push_back(isPacket);
        append(s.bytes, blk);
    };
    add(idb(false, 1, 0, concat({opt(false, 2, "eth0"), opt(false, 9, Bytes{9}), optEnd()})), false);
    const std::vector<std::size_t> sizes{60, 33, 1514, 7, 128};
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        const Bytes data = payload(sizes[i], static_cast<std::uint8_t>(i * 13));
        const std::uint64_t ticks = (1718000000ull + i) * 1000000000ull + 123456789ull * i;
        s.packetData.push_back(data);
        s.origLens.push_back(static_cast<std::uint32_t>(sizes[i]));
        s.times.push_back({static_cast<std::int64_t>(1718000000 + i), static_cast<std::uint32_t>(123456789 * i)});
        add(epb(false, 0, ticks, data, static_cast<std::uint32_t>(sizes[i]),
                i == 1 ? concat({opt(false, 1, "second"), optEnd()}) : Bytes{}),
            true);
        if (i == 2)
            add(block(false, 0x00000BAD, Bytes(16, 0x55)), false); // a block type nobody knows
    }
    return s;
}

} // namespace

class TestCaptureReader : public QObject {
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

    // ---- Classic pcap -----------------------------------------------------------------------------

    void classicPcap_data()
    {
        QTest::addColumn<uint>("magic");
        QTest::addColumn<bool>("bigEndian");
        QTest::addColumn<uint>("linkField");
        QTest::addColumn<uint>("linkType");
        QTest::addColumn<uint>("snaplen");

        QTest::newRow("microseconds, little-endian") << uint(kMagicMicro) << false << 1u << 1u << 262144u;
        QTest::newRow("microseconds, big-endian") << uint(kMagicMicro) << true << 1u << 1u << 65535u;
        QTest::newRow("nanoseconds, little-endian") << uint(kMagicNano) << false << 113u << 113u << 262144u;
        QTest::newRow("nanoseconds, big-endian") << uint(kMagicNano) << true << 276u << 276u << 1600u;
        QTest::newRow("modified 0xa1b2cd34, little-endian") << uint(kMagicModified) << false << 1u << 1u << 65535u;
        QTest::newRow("modified 0xa1b2cd34, big-endian") << uint(kMagicModified) << true << 101u << 101u << 96u;
        QTest::newRow("link field with FCS bits 0x30000065") << uint(kMagicMicro) << false << 0x30000065u << 101u
                                                             << 65535u;
        QTest::newRow("link field with FCS bits 0x30000065, big-endian")
            << uint(kMagicMicro) << true << 0x30000065u << 101u << 65535u;
        QTest::newRow("link field with FCS and P bits 0xf4000071") << uint(kMagicNano) << false << 0xf4000071u
                                                                   << 113u << 65535u;
    }

    void classicPcap()
    {
        QFETCH(uint, magic);
        QFETCH(bool, bigEndian);
        QFETCH(uint, linkField);
        QFETCH(uint, linkType);
        QFETCH(uint, snaplen);
        const bool nano = magic == kMagicNano;
        const bool modified = magic == kMagicModified;
        const std::uint32_t recordHeader = modified ? 24 : 16;

        struct P {
            std::uint32_t sec, frac;
            Bytes data;
            std::uint32_t origLen;
        };
        const std::vector<P> packets{
            {1718000000u, nano ? 123456789u : 123456u, payload(60, 1), 60},
            {0u, 0u, payload(33, 2), 1500}, // caplen < origlen
            {0xffffffffu, nano ? 999999999u : 999999u, payload(90, 3), 90}, // 2106-02-07 06:28:15
        };
        Bytes file = pcapFileHeader(bigEndian, magic, snaplen, linkField);
        // The header really is in the requested byte order: the magic's first byte tells.
        QCOMPARE(file[0], std::uint8_t(bigEndian ? 0xa1 : magic & 0xff));
        for (const P& p : packets)
            append(file, pcapRecord(bigEndian, p.sec, p.frac, p.data, p.origLen, modified));
        QVERIFY(writeFile(path("c.pcap"), file));

        auto l = load(path("c.pcap"));
        QVERIFY2(l->opened, l->openError.c_str());
        const CaptureReader& r = l->reader;
        QCOMPARE(statusName(l->status), QString("End"));
        QCOMPARE(r.format(), CaptureFormat::Pcap);
        QCOMPARE(r.nanosecondPcap(), nano);
        QCOMPARE(r.interfaces().size(), std::size_t{1});
        QCOMPARE(r.interfaces()[0].linkType, linkType);
        QCOMPARE(r.interfaces()[0].snapLength, snaplen);
        QCOMPARE(r.interfaces()[0].tsResolution, std::uint8_t(nano ? 9 : 6));
        QCOMPARE(r.interfaces()[0].tsOffsetSeconds, std::int64_t{0});
        QVERIFY(r.interfaces()[0].name.empty());
        QCOMPARE(r.fileSize(), std::uint64_t(file.size()));
        QCOMPARE(r.bytesIndexed(), std::uint64_t(file.size()));
        QVERIFY(r.warnings().empty());
        QVERIFY(r.comments().empty());

        QCOMPARE(l->index.size(), packets.size());
        std::uint64_t at = 24;
        for (std::size_t i = 0; i < packets.size(); ++i) {
            const PacketRecord& rec = l->index[i];
            QCOMPARE(rec.dataOffset(), at + recordHeader);
            QCOMPARE(rec.interfaceIndex(), std::uint16_t{0});
            QCOMPARE(rec.capturedLength, std::uint32_t(packets[i].data.size()));
            QCOMPARE(rec.originalLength, packets[i].origLen);
            QCOMPARE(qba(r.packetBytes(rec)), qba(packets[i].data));
            QCOMPARE(r.linkTypeOf(rec), linkType);
            const Timestamp t = r.timestamp(rec);
            QCOMPARE(t.seconds, std::int64_t(packets[i].sec));
            QCOMPARE(t.nanoseconds, nano ? packets[i].frac : packets[i].frac * 1000);
            at += recordHeader + packets[i].data.size();
        }
        QCOMPARE(r.timestampNs(l->index[0]), nano ? std::int64_t{1718000000123456789} : std::int64_t{1718000000123456000});
        QCOMPARE(r.timestampNs(l->index[1]), std::int64_t{0});
        QCOMPARE(r.timestampNs(l->index[2]), nano ? std::int64_t{4294967295999999999} : std::int64_t{4294967295999999000});
    }

    void pcapVersionRejected_data()
    {
        QTest::addColumn<bool>("bigEndian");
        QTest::addColumn<int>("major");
        QTest::addColumn<int>("minor");
        QTest::newRow("1.0 little-endian") << false << 1 << 0;
        QTest::newRow("1.5 big-endian") << true << 1 << 5;
        QTest::newRow("3.0 little-endian") << false << 3 << 0;
    }

    void pcapVersionRejected()
    {
        QFETCH(bool, bigEndian);
        QFETCH(int, major);
        QFETCH(int, minor);
        Bytes file = pcapFileHeader(bigEndian, kMagicMicro, 65535, 1, static_cast<std::uint16_t>(major),
                                    static_cast<std::uint16_t>(minor));
        append(file, pcapRecord(bigEndian, 1, 2, payload(20, 0), 20));
        const QString p = path("old.pcap");
        QVERIFY(writeFile(p, file));
        CaptureReader r;
        std::string error;
        QVERIFY(!r.open(p.toStdString(), error));
        const QString e = qs(error);
        QVERIFY2(e.startsWith(p + ": at byte 4: "), qPrintable(e));
        QVERIFY2(e.contains(QString("pcap format version %1.%2 is not supported").arg(major).arg(minor)), qPrintable(e));
    }

    void pcapHugeCapturedLength_data()
    {
        QTest::addColumn<bool>("bigEndian");
        QTest::addColumn<uint>("snaplen");
        QTest::addColumn<uint>("badCapLen");
        QTest::newRow("0x7fffffff, snaplen 262144") << false << 262144u << 0x7fffffffu;
        QTest::newRow("0x7fffffff, snaplen 65535, big-endian") << true << 65535u << 0x7fffffffu;
        QTest::newRow("0xffffffff, snaplen 0") << false << 0u << 0xffffffffu;
        QTest::newRow("64 MiB + 1, snaplen 64 MiB + 100") << false << (64u << 20) + 100 << (64u << 20) + 1;
    }

    void pcapHugeCapturedLength()
    {
        QFETCH(bool, bigEndian);
        QFETCH(uint, snaplen);
        QFETCH(uint, badCapLen);
        Bytes file = pcapFileHeader(bigEndian, kMagicMicro, snaplen, 1);
        append(file, pcapRecord(bigEndian, 10, 1, payload(60, 1), 60));
        append(file, pcapRecord(bigEndian, 11, 2, payload(70, 2), 70));
        const std::uint64_t badAt = file.size();
        Builder bad{bigEndian};
        bad.u32(12).u32(3).u32(badCapLen).u32(badCapLen).raw(payload(100, 3));
        append(file, bad.b);
        const QString p = path("huge.pcap");
        QVERIFY(writeFile(p, file));

        auto l = load(p);
        QVERIFY2(l->opened, l->openError.c_str());
        QCOMPARE(statusName(l->status), QString("Error"));
        QCOMPARE(l->index.size(), std::size_t{2});
        QCOMPARE(l->reader.error().offset, badAt);
        QCOMPARE(l->reader.bytesIndexed(), badAt);
        const QString msg = qs(l->reader.error().message);
        QVERIFY2(msg.contains("packet 3 "), qPrintable(msg));
        QVERIFY2(msg.contains(QString::number(badCapLen)), qPrintable(msg));
        QCOMPARE(qs(l->reader.describe(l->reader.error())), p + ": at byte " + QString::number(badAt) + ": " + msg);
        // The error sticks: indexing again adds nothing.
        QCOMPARE(statusName(l->reader.indexMore(l->index, 100)), QString("Error"));
        QCOMPARE(l->index.size(), std::size_t{2});
    }

    void pcapCapturedLengthAboveSnaplenTolerated()
    {
        // Like libpcap, a captured length above the header's snapshot length (but within what any link
        // type allows, 256 KiB) is read, not treated as damage.
        Bytes file = pcapFileHeader(false, kMagicMicro, 64, 1);
        append(file, pcapRecord(false, 5, 6, payload(1000, 9), 1000));
        QVERIFY(writeFile(path("snap.pcap"), file));
        auto l = load(path("snap.pcap"));
        QVERIFY2(l->opened, l->openError.c_str());
        QCOMPARE(statusName(l->status), QString("End"));
        QCOMPARE(l->index.size(), std::size_t{1});
        QCOMPARE(l->index[0].capturedLength, 1000u);
    }

    // ---- pcapng -----------------------------------------------------------------------------------

    void pcapngInterfacesAndResolutions_data()
    {
        QTest::addColumn<bool>("bigEndian");
        QTest::newRow("little-endian") << false;
        QTest::newRow("big-endian") << true;
    }

    void pcapngInterfacesAndResolutions()
    {
        QFETCH(bool, bigEndian);
        const bool be = bigEndian;
        Bytes file = shb(be, concat({opt(be, 1, "made by test_capture_reader"), opt(be, 4, "x"), optEnd()}));
        QCOMPARE(file[8], std::uint8_t(be ? 0x1a : 0x4d));
        append(file, idb(be, 1, 0, concat({opt(be, 2, "eth0"), opt(be, 3, "Intel I219"), optEnd()})));
        append(file, idb(be, 113, 65535, concat({opt(be, 2, std::string_view("any\0", 4)), opt(be, 9, Bytes{9}), optEnd()})));
        append(file, idb(be, 101, 1500, concat({opt(be, 9, Bytes{0x8a}), opt(be, 2, "tun0"), optEnd()})));
        append(file, idb(be, 1, 262144,
                         concat({opt(be, 9, Bytes{6}), opt(be, 14, i64Value(be, -1000000000)), opt(be, 2, "old"), optEnd()})));

        struct P {
            std::uint32_t iface;
            std::uint64_t ticks;
            Bytes data;
            std::uint32_t origLen;
            std::uint32_t linkType;
            std::int64_t seconds;
            std::uint32_t ns;
            std::int64_t totalNs;
        };
        const std::vector<P> packets{
            {0, 1718000000123456ull, payload(60, 1), 60, 1, 1718000000, 123456000, 1718000000123456000},
            {1, 1718000000123456789ull, payload(44, 2), 100, 113, 1718000000, 123456789, 1718000000123456789},
            {2, (1718000000ull << 10) | 768, payload(20, 3), 20, 101, 1718000000, 750000000, 1718000000750000000},
            {3, 123456789012ull, payload(54, 4), 54, 1, -999876544, 789012000, -999876543210988000},
            {3, 0, payload(1, 5), 1, 1, -1000000000, 0, -1000000000000000000},
            {1, 1, payload(14, 6), 14, 113, 0, 1, 1},
            {0, 0, payload(3, 7), 3, 1, 0, 0, 0},
        };
        std::vector<std::uint64_t> dataOffsets;
        for (const P& p : packets) {
            dataOffsets.push_back(file.size() + 28);
            append(file, epb(be, p.iface, p.ticks, p.data, p.origLen));
        }
        QVERIFY(writeFile(path("ifaces.pcapng"), file));

        auto l = load(path("ifaces.pcapng"));
        QVERIFY2(l->opened, l->openError.c_str());
        const CaptureReader& r = l->reader;
        QCOMPARE(statusName(l->status), QString("End"));
        QCOMPARE(r.format(), CaptureFormat::PcapNg);
        QCOMPARE(r.sectionComments(), std::vector<std::string>{"made by test_capture_reader"});
        QVERIFY(r.warnings().empty());

        const auto& ifs = r.interfaces();
        QCOMPARE(ifs.size(), std::size_t{4});
        QCOMPARE(ifs[0].linkType, 1u);
        QCOMPARE(ifs[0].snapLength, 0u);
        QCOMPARE(qs(ifs[0].name), QString("eth0"));
        QCOMPARE(qs(ifs[0].description), QString("Intel I219"));
        QCOMPARE(ifs[0].tsResolution, std::uint8_t{6});
        QCOMPARE(ifs[0].tsOffsetSeconds, std::int64_t{0});
        QCOMPARE(ifs[1].linkType, 113u);
        QCOMPARE(ifs[1].snapLength, 65535u);
        QCOMPARE(qs(ifs[1].name), QString("any")); // trailing NUL dropped
        QVERIFY(ifs[1].description.empty());
        QCOMPARE(ifs[1].tsResolution, std::uint8_t{9});
        QCOMPARE(ifs[2].linkType, 101u);
        QCOMPARE(ifs[2].snapLength, 1500u);
        QCOMPARE(qs(ifs[2].name), QString("tun0"));
        QCOMPARE(ifs[2].tsResolution, std::uint8_t{0x8a});
        QCOMPARE(ifs[3].tsResolution, std::uint8_t{6});
        QCOMPARE(ifs[3].tsOffsetSeconds, std::int64_t{-1000000000});
        QCOMPARE(qs(ifs[3].name), QString("old"));
        for (std::size_t i = 0; i < ifs.size(); ++i)
            QCOMPARE(ifs[i].section, 0u);

        QCOMPARE(l->index.size(), packets.size());
        for (std::size_t i = 0; i < packets.size(); ++i) {
            const PacketRecord& rec = l->index[i];
            const P& p = packets[i];
            QCOMPARE(rec.interfaceIndex(), std::uint16_t(p.iface));
            QCOMPARE(rec.dataOffset(), dataOffsets[i]);
            QCOMPARE(rec.ticks, p.ticks);
            QCOMPARE(rec.capturedLength, std::uint32_t(p.data.size()));
            QCOMPARE(rec.originalLength, p.origLen);
            QCOMPARE(r.linkTypeOf(rec), p.linkType);
            QCOMPARE(qba(r.packetBytes(rec)), qba(p.data));
            QCOMPARE(r.timestamp(rec).seconds, p.seconds);
            QCOMPARE(r.timestamp(rec).nanoseconds, p.ns);
            QCOMPARE(r.timestampNs(rec), p.totalNs);
        }
    }

    void pcapngPacketBlockKinds_data()
    {
        QTest::addColumn<bool>("bigEndian");
        QTest::newRow("little-endian") << false;
        QTest::newRow("big-endian") << true;
    }

    void pcapngPacketBlockKinds()
    {
        QFETCH(bool, bigEndian);
        const bool be = bigEndian;
        Bytes file = shb(be);
        append(file, idb(be, 1, 62));
        std::vector<std::uint64_t> dataOffsets;
        const Bytes d0 = payload(60, 10), d1 = payload(62, 11), d2 = payload(5, 12), d3 = payload(30, 13),
                    d4 = payload(61, 14);
        dataOffsets.push_back(file.size() + 28);
        append(file, epb(be, 0, 1718000000000001ull, d0, 60,
                         concat({opt(be, 1, "first packet"), opt(be, 1, "second comment on it"), optEnd()})));
        dataOffsets.push_back(file.size() + 12);
        append(file, spb(be, 100, d1)); // 64 bytes of room, snaplen 62
        dataOffsets.push_back(file.size() + 12);
        append(file, spb(be, 5, d2)); // 8 bytes of room, original length 5
        dataOffsets.push_back(file.size() + 28);
        append(file, opb(be, 0, 7, 1718000000000004ull, d3, 31, concat({opt(be, 1, "obsolete"), optEnd()})));
        dataOffsets.push_back(file.size() + 28);
        append(file, epb(be, 0, 1718000000000005ull, d4, 61));
        QVERIFY(writeFile(path("kinds.pcapng"), file));

        auto l = load(path("kinds.pcapng"));
        QVERIFY2(l->opened, l->openError.c_str());
        const CaptureReader& r = l->reader;
        QCOMPARE(statusName(l->status), QString("End"));
        QVERIFY(r.warnings().empty());
        QCOMPARE(l->index.size(), std::size_t{5});

        const std::vector<Bytes> data{d0, Bytes(d1.begin(), d1.begin() + 62), d2, d3, d4};
        const std::vector<std::uint32_t> capLens{60, 62, 5, 30, 61};
        const std::vector<std::uint32_t> origLens{60, 100, 5, 31, 61};
        const std::vector<Timestamp> times{{1718000000, 1000}, {0, 0}, {0, 0}, {1718000000, 4000}, {1718000000, 5000}};
        for (std::size_t i = 0; i < 5; ++i) {
            const PacketRecord& rec = l->index[i];
            QCOMPARE(rec.interfaceIndex(), std::uint16_t{0});
            QCOMPARE(rec.dataOffset(), dataOffsets[i]);
            QCOMPARE(rec.capturedLength, capLens[i]);
            QCOMPARE(rec.originalLength, origLens[i]);
            QCOMPARE(qba(r.packetBytes(rec)), qba(data[i]));
            QCOMPARE(r.timestamp(rec).seconds, times[i].seconds);
            QCOMPARE(r.timestamp(rec).nanoseconds, times[i].nanoseconds);
        }
        const auto& c = r.comments();
        QCOMPARE(c.size(), std::size_t{3});
        QCOMPARE(c[0].packetIndex, std::uint64_t{0});
        QCOMPARE(qs(c[0].text), QString("first packet"));
        QCOMPARE(c[1].packetIndex, std::uint64_t{0});
        QCOMPARE(qs(c[1].text), QString("second comment on it"));
        QCOMPARE(c[2].packetIndex, std::uint64_t{3});
        QCOMPARE(qs(c[2].text), QString("obsolete"));
    }

    void pcapngSimplePacketWithoutSnaplen()
    {
        // snaplen 0 means unlimited: the captured length is the original length, not the padded room.
        Bytes file = concat({shb(false), idb(false, 1, 0), spb(false, 13, payload(13, 1)), spb(false, 16, payload(16, 2))});
        QVERIFY(writeFile(path("spb.pcapng"), file));
        auto l = load(path("spb.pcapng"));
        QVERIFY2(l->opened, l->openError.c_str());
        QCOMPARE(statusName(l->status), QString("End"));
        QCOMPARE(l->index.size(), std::size_t{2});
        QCOMPARE(l->index[0].capturedLength, 13u);
        QCOMPARE(l->index[0].originalLength, 13u);
        QCOMPARE(qba(l->reader.packetBytes(l->index[0])), qba(payload(13, 1)));
        QCOMPARE(l->index[1].capturedLength, 16u);
        QCOMPARE(qba(l->reader.packetBytes(l->index[1])), qba(payload(16, 2)));
    }

    void pcapngUnknownBlocksSkipped()
    {
        Bytes file = concat({shb(false), idb(false, 1, 0)});
        Builder nrb; // name resolution: one IPv4 record, end of records
        nrb.u16(1).u16(13).raw({10, 0, 0, 1}).text("host.lan").u8(0).pad4().u32(0);
        append(file, block(false, 4, nrb.b));
        const std::uint64_t first = file.size() + 28;
        append(file, epb(false, 0, 42, payload(10, 1), 10));
        Builder isb; // interface statistics
        isb.u32(0).u32(0).u32(42).raw(optEnd());
        append(file, block(false, 5, isb.b));
        append(file, block(false, 0x00000BAD, Bytes(12, 0xAB)));    // custom, may be copied
        append(file, block(false, 0x40000BAD, Bytes(4, 0xCD)));     // custom, do not copy
        append(file, block(false, 0x0000000A, Bytes(8, 0xEF)));     // decryption secrets
        append(file, block(false, 0x12345678, Bytes{}));            // unknown, empty body
        const std::uint64_t second = file.size() + 28;
        append(file, epb(false, 0, 43, payload(11, 2), 11));
        QVERIFY(writeFile(path("unknown.pcapng"), file));

        auto l = load(path("unknown.pcapng"));
        QVERIFY2(l->opened, l->openError.c_str());
        QCOMPARE(statusName(l->status), QString("End"));
        QVERIFY(l->reader.warnings().empty());
        QCOMPARE(l->reader.bytesIndexed(), std::uint64_t(file.size()));
        QCOMPARE(l->index.size(), std::size_t{2});
        QCOMPARE(l->index[0].dataOffset(), first);
        QCOMPARE(l->index[1].dataOffset(), second);
        QCOMPARE(qba(l->reader.packetBytes(l->index[1])), qba(payload(11, 2)));
        QCOMPARE(l->index[1].ticks, std::uint64_t{43});
    }

    void pcapngTwoSectionsDifferentByteOrders_data()
    {
        QTest::addColumn<bool>("firstBigEndian");
        QTest::newRow("little then big") << false;
        QTest::newRow("big then little") << true;
    }

    void pcapngTwoSectionsDifferentByteOrders()
    {
        QFETCH(bool, firstBigEndian);
        const bool a = firstBigEndian, b = !firstBigEndian;
        Bytes file = shb(a, concat({opt(a, 1, "section one"), optEnd()}));
        append(file, idb(a, 1, 0, concat({opt(a, 2, "eth0"), optEnd()})));
        append(file, epb(a, 0, 1000001, payload(40, 1), 40, concat({opt(a, 1, "in one"), optEnd()})));
        const std::uint64_t section2 = file.size();
        append(file, shb(b, concat({opt(b, 1, "section two"), optEnd()})));
        append(file, idb(b, 113, 0, concat({opt(b, 2, "lo"), opt(b, 9, Bytes{9}), optEnd()})));
        append(file, idb(b, 1, 0, concat({opt(b, 2, "wlan0"), optEnd()})));
        append(file, epb(b, 1, 2000002, payload(41, 2), 41));
        append(file, epb(b, 0, 3000000003ull, payload(42, 3), 42, concat({opt(b, 1, "in two"), optEnd()})));
        // Interface 2 exists in the file (eth0, wlan0, lo) but not in this section: skipped with a warning.
        const std::uint64_t stray = file.size();
        append(file, epb(b, 2, 4, payload(43, 4), 43));
        QVERIFY(section2 > 0);
        QVERIFY(writeFile(path("sections.pcapng"), file));

        auto l = load(path("sections.pcapng"));
        QVERIFY2(l->opened, l->openError.c_str());
        const CaptureReader& r = l->reader;
        QCOMPARE(statusName(l->status), QString("End"));
        QCOMPARE(r.sectionComments(), (std::vector<std::string>{"section one", "section two"}));
        const auto& ifs = r.interfaces();
        QCOMPARE(ifs.size(), std::size_t{3});
        QCOMPARE(qs(ifs[0].name), QString("eth0"));
        QCOMPARE(ifs[0].section, 0u);
        QCOMPARE(qs(ifs[1].name), QString("lo"));
        QCOMPARE(ifs[1].linkType, 113u);
        QCOMPARE(ifs[1].tsResolution, std::uint8_t{9});
        QCOMPARE(ifs[1].section, 1u);
        QCOMPARE(qs(ifs[2].name), QString("wlan0"));
        QCOMPARE(ifs[2].section, 1u);

        QCOMPARE(l->index.size(), std::size_t{3});
        QCOMPARE(l->index[0].interfaceIndex(), std::uint16_t{0});
        QCOMPARE(l->index[1].interfaceIndex(), std::uint16_t{2});
        QCOMPARE(l->index[2].interfaceIndex(), std::uint16_t{1});
        QCOMPARE(r.linkTypeOf(l->index[0]), 1u);
        QCOMPARE(r.linkTypeOf(l->index[1]), 1u);
        QCOMPARE(r.linkTypeOf(l->index[2]), 113u);
        QCOMPARE(l->index[1].capturedLength, 41u);
        QCOMPARE(qba(r.packetBytes(l->index[1])), qba(payload(41, 2)));
        QCOMPARE(qba(r.packetBytes(l->index[2])), qba(payload(42, 3)));
        QCOMPARE(r.timestamp(l->index[0]), (Timestamp{1, 1000}));
        QCOMPARE(r.timestamp(l->index[1]), (Timestamp{2, 2000}));
        QCOMPARE(r.timestamp(l->index[2]), (Timestamp{3, 3})); // nanosecond interface
        QCOMPARE(r.comments().size(), std::size_t{2});
        QCOMPARE(r.comments()[0].packetIndex, std::uint64_t{0});
        QCOMPARE(qs(r.comments()[0].text), QString("in one"));
        QCOMPARE(r.comments()[1].packetIndex, std::uint64_t{2});
        QCOMPARE(qs(r.comments()[1].text), QString("in two"));
        QCOMPARE(r.warnings().size(), std::size_t{1});
        QCOMPARE(r.warnings()[0].offset, stray);
        QVERIFY2(qs(r.warnings()[0].message).contains("interface 2 but only 2 interfaces"),
                 r.warnings()[0].message.c_str());
    }

    void pcapngDamagedBlock_data()
    {
        QTest::addColumn<QByteArray>("badBlock");
        QTest::addColumn<QString>("expectedText");

        Bytes mismatch = epb(false, 0, 5, payload(8, 1), 8);
        mismatch[mismatch.size() - 4] += 4; // trailing length 44 instead of 40
        QTest::newRow("trailing length differs") << qba(mismatch)
                                                 << "the trailing length (44) does not match the leading length (40)";
        Builder odd;
        odd.u32(6).u32(34).raw(Bytes(26, 0)).u32(34);
        QTest::newRow("length 34, not a multiple of 4") << qba(odd.b) << "invalid length of 34 bytes";
        Builder tiny;
        tiny.u32(6).u32(8).u32(8);
        QTest::newRow("length 8, below 12") << qba(tiny.b) << "invalid length of 8 bytes";
        Builder zero;
        zero.u32(1).u32(0).u32(0);
        QTest::newRow("length 0") << qba(zero.b) << "invalid length of 0 bytes";
        Builder huge;
        huge.u32(6).u32((16u << 20) + 4).raw(Bytes(64, 0));
        QTest::newRow("length above 16 MiB") << qba(huge.b) << "invalid length of 16777220 bytes";
        Builder capBeyond;
        capBeyond.u32(6).u32(40).u32(0).u32(0).u32(1).u32(100).u32(100).raw(Bytes(8, 0)).u32(40);
        QTest::newRow("captured length beyond its block") << qba(capBeyond.b)
                                                          << "packet 2 claims 100 captured bytes but its block holds only 8";
        Builder shortIdb;
        shortIdb.u32(1).u32(16).u32(0x00010001).u32(16);
        QTest::newRow("interface block too short") << qba(shortIdb.b) << "interface description block of 16 bytes";
    }

    void pcapngDamagedBlock()
    {
        QFETCH(QByteArray, badBlock);
        QFETCH(QString, expectedText);
        Bytes file = concat({shb(false), idb(false, 1, 0), epb(false, 0, 1, payload(20, 1), 20)});
        const std::uint64_t badAt = file.size();
        file.insert(file.end(), badBlock.begin(), badBlock.end());
        append(file, epb(false, 0, 2, payload(20, 2), 20)); // never reached
        const QString p = path("damaged.pcapng");
        QVERIFY(writeFile(p, file));

        auto l = load(p);
        QVERIFY2(l->opened, l->openError.c_str());
        QCOMPARE(statusName(l->status), QString("Error"));
        QCOMPARE(l->index.size(), std::size_t{1});
        QCOMPARE(l->reader.error().offset, badAt);
        const QString msg = qs(l->reader.error().message);
        QVERIFY2(msg.contains(expectedText), qPrintable(msg));
        QCOMPARE(qs(l->reader.describe(l->reader.error())), p + ": at byte " + QString::number(badAt) + ": " + msg);
        QCOMPARE(statusName(l->reader.indexMore(l->index, 10)), QString("Error"));
        QCOMPARE(l->index.size(), std::size_t{1});
    }

    void pcapngBadSecondSectionMagic()
    {
        Bytes file = concat({shb(false), idb(false, 1, 0), epb(false, 0, 1, payload(20, 1), 20)});
        const std::uint64_t at = file.size();
        Bytes second = shb(false);
        second[8] = 0x00; // byte-order magic destroyed
        append(file, second);
        QVERIFY(writeFile(path("magic.pcapng"), file));
        auto l = load(path("magic.pcapng"));
        QVERIFY2(l->opened, l->openError.c_str());
        QCOMPARE(statusName(l->status), QString("Error"));
        QCOMPARE(l->index.size(), std::size_t{1});
        QCOMPARE(l->reader.error().offset, at + 8);
    }

    void pcapngPacketOfUndefinedInterface()
    {
        Bytes file = shb(false);
        const std::uint64_t beforeAny = file.size();
        append(file, epb(false, 0, 1, payload(10, 1), 10, concat({opt(false, 1, "lost"), optEnd()})));
        append(file, idb(false, 1, 0));
        append(file, epb(false, 0, 2, payload(11, 2), 11));
        const std::uint64_t undefinedAt = file.size();
        append(file, epb(false, 3, 3, payload(12, 3), 12));
        append(file, epb(false, 0, 4, payload(13, 4), 13, concat({opt(false, 1, "kept"), optEnd()})));
        QVERIFY(writeFile(path("undef.pcapng"), file));

        auto l = load(path("undef.pcapng"));
        QVERIFY2(l->opened, l->openError.c_str());
        const CaptureReader& r = l->reader;
        QCOMPARE(statusName(l->status), QString("End"));
        QCOMPARE(l->index.size(), std::size_t{2});
        QCOMPARE(qba(r.packetBytes(l->index[0])), qba(payload(11, 2)));
        QCOMPARE(qba(r.packetBytes(l->index[1])), qba(payload(13, 4)));
        QCOMPARE(r.warnings().size(), std::size_t{2});
        QCOMPARE(r.warnings()[0].offset, beforeAny);
        QCOMPARE(qs(r.warnings()[0].message),
                 QString("a packet refers to interface 0 but only 0 interfaces are described before it; the packet is skipped"));
        QCOMPARE(r.warnings()[1].offset, undefinedAt);
        QCOMPARE(qs(r.warnings()[1].message),
                 QString("a packet refers to interface 3 but only 1 interfaces are described before it; the packet is skipped"));
        // The skipped packet's comment is not attached to anything; the kept one names index 1.
        QCOMPARE(r.comments().size(), std::size_t{1});
        QCOMPARE(r.comments()[0].packetIndex, std::uint64_t{1});
        QCOMPARE(qs(r.comments()[0].text), QString("kept"));
    }

    void pcapngOptionRunsPastBlock()
    {
        Bytes file = shb(false);
        const std::uint64_t idbAt = file.size();
        Builder badIdbOptions;
        badIdbOptions.raw(opt(false, 2, "eth7")).u16(3).u16(64).text("abcd"); // if_description claims 64 bytes
        append(file, idb(false, 1, 0, badIdbOptions.b));
        const std::uint64_t epbAt = file.size();
        Builder badOptions;
        badOptions.u16(1).u16(100).text("abcd"); // opt_comment claims 100 bytes, 4 present
        append(file, epb(false, 0, 7, payload(4, 1), 4, badOptions.b));
        append(file, epb(false, 0, 8, payload(6, 2), 6, concat({opt(false, 1, "fine"), optEnd()})));
        QVERIFY(writeFile(path("opts.pcapng"), file));

        auto l = load(path("opts.pcapng"));
        QVERIFY2(l->opened, l->openError.c_str());
        const CaptureReader& r = l->reader;
        QCOMPARE(statusName(l->status), QString("End"));
        QCOMPARE(r.interfaces().size(), std::size_t{1});
        QCOMPARE(qs(r.interfaces()[0].name), QString("eth7"));
        QVERIFY(r.interfaces()[0].description.empty());
        QCOMPARE(l->index.size(), std::size_t{2});
        QCOMPARE(l->index[0].capturedLength, 4u);
        QCOMPARE(qba(r.packetBytes(l->index[0])), qba(payload(4, 1)));
        QCOMPARE(l->index[0].ticks, std::uint64_t{7});
        QCOMPARE(r.warnings().size(), std::size_t{2});
        QCOMPARE(r.warnings()[0].offset, idbAt);
        QVERIFY2(qs(r.warnings()[0].message).contains("interface 0's description block runs past the end"),
                 r.warnings()[0].message.c_str());
        QCOMPARE(r.warnings()[1].offset, epbAt);
        QVERIFY2(qs(r.warnings()[1].message).contains("an option of packet 1 runs past the end of its block"),
                 r.warnings()[1].message.c_str());
        QCOMPARE(r.comments().size(), std::size_t{1});
        QCOMPARE(r.comments()[0].packetIndex, std::uint64_t{1});
        QCOMPARE(qs(r.comments()[0].text), QString("fine"));
    }

    void pcapngResolutionOutOfRange_data()
    {
        QTest::addColumn<int>("resolution");
        QTest::newRow("10^-20") << 20;
        QTest::newRow("2^-64") << 0xc0;
        QTest::newRow("2^-127") << 0xff;
    }

    void pcapngResolutionOutOfRange()
    {
        QFETCH(int, resolution);
        Bytes file = shb(false);
        const std::uint64_t idbAt = file.size();
        append(file, idb(false, 1, 0, concat({opt(false, 9, Bytes{std::uint8_t(resolution)}), optEnd()})));
        append(file, epb(false, 0, 1718000000123456ull, payload(8, 1), 8));
        QVERIFY(writeFile(path("res.pcapng"), file));
        auto l = load(path("res.pcapng"));
        QVERIFY2(l->opened, l->openError.c_str());
        QCOMPARE(statusName(l->status), QString("End"));
        QCOMPARE(l->reader.interfaces()[0].tsResolution, std::uint8_t{6}); // microseconds assumed
        QCOMPARE(l->reader.timestamp(l->index[0]), (Timestamp{1718000000, 123456000}));
        QCOMPARE(l->reader.warnings().size(), std::size_t{1});
        QCOMPARE(l->reader.warnings()[0].offset, idbAt);
        QCOMPARE(qs(l->reader.warnings()[0].message),
                 QString("interface time stamp resolution byte %1 is out of range; microseconds assumed").arg(resolution));
    }

    void timestampsAfter2106()
    {
        const std::int64_t y2200 = QDateTime(QDate(2200, 1, 1), QTime(0, 0), Qt::UTC).toSecsSinceEpoch();
        const std::int64_t y2500 = QDateTime(QDate(2500, 1, 1), QTime(0, 0), Qt::UTC).toSecsSinceEpoch();
        QCOMPARE(y2200, std::int64_t{7258118400});
        QCOMPARE(y2500, std::int64_t{16725225600});
        Bytes file = shb(false);
        append(file, idb(false, 1, 0));                                        // microseconds
        append(file, idb(false, 1, 0, concat({opt(false, 9, Bytes{9}), optEnd()})));    // nanoseconds
        append(file, idb(false, 1, 0, concat({opt(false, 9, Bytes{0x94}), optEnd()}))); // 2^-20
        const std::uint64_t microTicks = std::uint64_t(y2200) * 1000000 + 123456;
        QVERIFY(microTicks >> 32 != 0);
        append(file, epb(false, 0, microTicks, payload(8, 1), 8));
        append(file, epb(false, 1, std::uint64_t(y2200) * 1000000000 + 123456789, payload(8, 2), 8));
        append(file, epb(false, 2, (std::uint64_t(y2200) << 20) | (1u << 19), payload(8, 3), 8));
        append(file, epb(false, 0, std::uint64_t(y2500) * 1000000 + 1, payload(8, 4), 8));
        QVERIFY(writeFile(path("future.pcapng"), file));

        auto l = load(path("future.pcapng"));
        QVERIFY2(l->opened, l->openError.c_str());
        const CaptureReader& r = l->reader;
        QCOMPARE(statusName(l->status), QString("End"));
        QCOMPARE(l->index.size(), std::size_t{4});
        QCOMPARE(l->index[0].ticks, microTicks);
        QCOMPARE(r.timestamp(l->index[0]), (Timestamp{7258118400, 123456000}));
        QCOMPARE(r.timestampNs(l->index[0]), std::int64_t{7258118400123456000});
        QCOMPARE(r.timestamp(l->index[1]), (Timestamp{7258118400, 123456789}));
        QCOMPARE(r.timestampNs(l->index[1]), std::int64_t{7258118400123456789});
        QCOMPARE(r.timestamp(l->index[2]), (Timestamp{7258118400, 500000000}));
        // Year 2500 is beyond 64-bit nanoseconds: the Timestamp stays exact, toNanoseconds() saturates.
        QCOMPARE(r.timestamp(l->index[3]), (Timestamp{16725225600, 1000}));
        QCOMPARE(r.timestampNs(l->index[3]), std::numeric_limits<std::int64_t>::max());
    }

    // ---- Truncated and growing files --------------------------------------------------------------

    void truncatedThenCompleted_data()
    {
        QTest::addColumn<bool>("pcapng");
        QTest::addColumn<int>("record"); // index into SampleFile::recordOffsets of the incomplete record
        QTest::addColumn<int>("delta");  // bytes of it present
        QTest::addColumn<int>("completePackets");
        QTest::addColumn<QString>("expectedText");

        // pcap: records 0..5 are packets of 60, 33, 1514, 7, 0, 128 bytes.
        QTest::newRow("pcap, in a record header") << false << 2 << 5 << 2
                                                  << "in the middle of a packet record header: 5 bytes left over";
        QTest::newRow("pcap, one byte of a record header") << false << 1 << 1 << 1
                                                           << "in the middle of a packet record header: 1 bytes left over";
        QTest::newRow("pcap, in packet data") << false << 2 << 116 << 2
                                              << "in the middle of packet 3: 100 of its 1514 bytes present (116 bytes left over)";
        QTest::newRow("pcap, header complete, no data") << false << 3 << 16 << 3
                                                        << "in the middle of packet 4: 0 of its 7 bytes present";
        QTest::newRow("pcap, last byte missing") << false << 5 << 143 << 5 << "143 bytes left over";
        // pcapng: record 0 is the IDB, 1..3 packets, 4 an unknown block, 5..6 packets.
        QTest::newRow("pcapng, in a block header") << true << 2 << 7 << 1
                                                   << "in the middle of a block header: 7 bytes left over";
        QTest::newRow("pcapng, in the interface block") << true << 0 << 20 << 0 << "in the middle of a block (20 of its";
        QTest::newRow("pcapng, in packet data") << true << 3 << 40 << 2 << "in the middle of a block (40 of its 1548 bytes";
        QTest::newRow("pcapng, exactly the block header") << true << 5 << 12 << 3 << "(12 of its 40 bytes present)";
        QTest::newRow("pcapng, trailing length cut") << true << 6 << 158 << 4 << "(158 of its 160 bytes present)";
    }

    void truncatedThenCompleted()
    {
        QFETCH(bool, pcapng);
        QFETCH(int, record);
        QFETCH(int, delta);
        QFETCH(int, completePackets);
        QFETCH(QString, expectedText);
        const SampleFile s = pcapng ? samplePcapNg() : samplePcap();
        const std::uint64_t start = s.recordOffsets[std::size_t(record)];
        const std::uint64_t cut = start + std::uint64_t(delta);
        QVERIFY(cut < s.bytes.size());
        const QString p = path(pcapng ? "cut.pcapng" : "cut.pcap");
        QVERIFY(writeFile(p, Bytes(s.bytes.begin(), s.bytes.begin() + std::ptrdiff_t(cut))));

        auto l = load(p);
        QVERIFY2(l->opened, l->openError.c_str());
        CaptureReader& r = l->reader;
        QCOMPARE(statusName(l->status), QString("Truncated"));
        QCOMPARE(l->index.size(), std::size_t(completePackets));
        QCOMPARE(r.truncation().offset, start);
        QCOMPARE(r.truncatedBytes(), std::uint64_t(delta));
        QCOMPARE(r.bytesIndexed(), start);
        QVERIFY(r.error().message.empty());
        const QString described = qs(r.describe(r.truncation()));
        QVERIFY2(described.startsWith(p + ": at byte " + QString::number(start) + ": the file was cut short"),
                 qPrintable(described));
        QVERIFY2(described.contains(expectedText), qPrintable(described));
        // Asking again without new bytes tells the same.
        QCOMPARE(statusName(r.indexMore(l->index, 100)), QString("Truncated"));
        QCOMPARE(r.truncatedBytes(), std::uint64_t(delta));
        QCOMPARE(l->index.size(), std::size_t(completePackets));

        // The rest arrives (a capture still being written): the remaining packets appear.
        QVERIFY(writeFile(p, Bytes(s.bytes.begin() + std::ptrdiff_t(cut), s.bytes.end()), true));
        std::string error;
        QVERIFY2(r.refresh(error), error.c_str());
        QCOMPARE(r.fileSize(), std::uint64_t(s.bytes.size()));
        QCOMPARE(statusName(r.indexMore(l->index, 100)), QString("End"));
        QCOMPARE(r.truncatedBytes(), std::uint64_t{0});
        QCOMPARE(r.truncation().offset, std::uint64_t{0});
        QVERIFY(r.truncation().message.empty());
        QCOMPARE(l->index.size(), s.packetData.size());
        for (std::size_t i = 0; i < s.packetData.size(); ++i) {
            QCOMPARE(qba(r.packetBytes(l->index[i])), qba(s.packetData[i]));
            QCOMPARE(l->index[i].originalLength, s.origLens[i]);
            QCOMPARE(r.timestamp(l->index[i]), s.times[i]);
        }
    }

    void growingByteByByte_data()
    {
        QTest::addColumn<bool>("pcapng");
        QTest::newRow("pcap") << false;
        QTest::newRow("pcapng") << true;
    }

    void growingByteByByte()
    {
        // The file grows one byte at a time; after each byte the reader has indexed exactly the complete
        // packets and says End at record boundaries, Truncated (with the exact left-over) elsewhere.
        QFETCH(bool, pcapng);
        const SampleFile s = pcapng ? samplePcapNg() : samplePcap();
        const QString p = path("grow");
        QVERIFY(writeFile(p, Bytes(s.bytes.begin(), s.bytes.begin() + std::ptrdiff_t(s.headerSize))));
        CaptureReader r;
        PacketIndex index;
        std::string error;
        QVERIFY2(r.open(p.toStdString(), error), error.c_str());
        QCOMPARE(statusName(r.indexMore(index, 1000)), QString("End"));
        QCOMPARE(index.size(), std::size_t{0});

        std::vector<std::uint64_t> ends(s.recordOffsets.begin() + 1, s.recordOffsets.end());
        ends.push_back(s.bytes.size());
        for (std::uint64_t size = s.headerSize + 1; size <= s.bytes.size(); ++size) {
            QVERIFY(writeFile(p, Bytes{s.bytes[size - 1]}, true));
            QVERIFY2(r.refresh(error), error.c_str());
            const Status st = r.indexMore(index, 1000);
            std::size_t complete = 0, packets = 0;
            while (complete < ends.size() && ends[complete] <= size) {
                packets += s.recordIsPacket[complete] ? 1 : 0;
                ++complete;
            }
            QVERIFY2(index.size() == packets, qPrintable(QString("size %1: %2 packets indexed, %3 expected")
                                                             .arg(size).arg(index.size()).arg(packets)));
            const bool boundary = complete > 0 ? ends[complete - 1] == size : false;
            if (boundary) {
                QVERIFY2(st == Status::End, qPrintable(QString("size %1: %2").arg(size).arg(statusName(st))));
                QCOMPARE(r.truncatedBytes(), std::uint64_t{0});
            } else {
                QVERIFY2(st == Status::Truncated, qPrintable(QString("size %1: %2").arg(size).arg(statusName(st))));
                QCOMPARE(r.truncation().offset, s.recordOffsets[complete]);
                QCOMPARE(r.truncatedBytes(), size - s.recordOffsets[complete]);
            }
        }
        QCOMPARE(index.size(), s.packetData.size());
        for (std::size_t i = 0; i < s.packetData.size(); ++i) {
            QCOMPARE(qba(r.packetBytes(index[i])), qba(s.packetData[i]));
            QCOMPARE(r.timestamp(index[i]), s.times[i]);
        }
        if (pcapng) {
            QCOMPARE(r.comments().size(), std::size_t{1});
            QCOMPARE(r.comments()[0].packetIndex, std::uint64_t{1});
        }
    }

    void pcapngTruncatedInSecondSectionHeader()
    {
        Bytes file = concat({shb(false), idb(false, 1, 0), epb(false, 0, 1, payload(20, 1), 20)});
        const std::uint64_t at = file.size();
        append(file, shb(true, concat({opt(true, 1, "two"), optEnd()})));
        append(file, idb(true, 113, 0));
        append(file, epb(true, 0, 2, payload(21, 2), 21));
        const QString p = path("shb2.pcapng");
        for (const std::uint64_t delta : {std::uint64_t{6}, std::uint64_t{20}, std::uint64_t{30}}) {
            QVERIFY(writeFile(p, Bytes(file.begin(), file.begin() + std::ptrdiff_t(at + delta))));
            auto l = load(p);
            QVERIFY2(l->opened, l->openError.c_str());
            QCOMPARE(statusName(l->status), QString("Truncated"));
            QCOMPARE(l->index.size(), std::size_t{1});
            QCOMPARE(l->reader.truncation().offset, at);
            QCOMPARE(l->reader.truncatedBytes(), delta);
            QVERIFY(writeFile(p, Bytes(file.begin() + std::ptrdiff_t(at + delta), file.end()), true));
            std::string error;
            QVERIFY2(l->reader.refresh(error), error.c_str());
            QCOMPARE(statusName(l->reader.indexMore(l->index, 10)), QString("End"));
            QCOMPARE(l->index.size(), std::size_t{2});
            QCOMPARE(l->reader.linkTypeOf(l->index[1]), 113u);
            QCOMPARE(qba(l->reader.packetBytes(l->index[1])), qba(payload(21, 2)));
            QCOMPARE(l->reader.sectionComments(), std::vector<std::string>{"two"});
        }
    }

    void fileShrinksWhileFollowed_data()
    {
        QTest::addColumn<bool>("pcapng");
        QTest::newRow("pcap") << false;
        QTest::newRow("pcapng") << true;
    }

    void fileShrinksWhileFollowed()
    {
        // A followed capture is truncated (tcpdump restarted with the same -w file). Everything stays within
        // one page so that a reader that looks beyond the new end reads zeros instead of crashing.
        QFETCH(bool, pcapng);
        Bytes file = pcapng ? concat({shb(false), idb(false, 1, 0)}) : pcapFileHeader(false, kMagicMicro, 65535, 1);
        const std::uint64_t header = file.size();
        const std::uint64_t recordSize = pcapng ? 92 : 76;
        for (std::uint32_t i = 0; i < 30; ++i)
            append(file, pcapng ? epb(false, 0, i, payload(60, std::uint8_t(i)), 60)
                                : pcapRecord(false, i, 0, payload(60, std::uint8_t(i)), 60));
        QCOMPARE(std::uint64_t(file.size()), header + 30 * recordSize);
        QVERIFY(file.size() < 4096);
        const QString p = path("shrink");
        QVERIFY(writeFile(p, file));
        auto l = load(p);
        QVERIFY2(l->opened, l->openError.c_str());
        QCOMPARE(statusName(l->status), QString("End"));
        QCOMPARE(l->index.size(), std::size_t{30});

        const std::uint64_t newSize = header + 3 * recordSize;
        QVERIFY(QFile::resize(p, qint64(newSize)));
        std::string error;
        if (!l->reader.refresh(error)) {
            QVERIFY(!error.empty()); // refusing the shrunk file is one right answer
            return;
        }
        QCOMPARE(l->reader.fileSize(), newSize);
        const Status st = l->reader.indexMore(l->index, 10);
        // Nothing beyond the new end may be indexed, and the reader must say the file no longer matches.
        QVERIFY2(l->index.size() == 30,
                 qPrintable(QString("%1 packets indexed after the file shrank (status %2)").arg(l->index.size()).arg(statusName(st))));
        QCOMPARE(statusName(st), QString("Error"));
        QVERIFY2(l->reader.error().offset <= newSize, l->reader.describe(l->reader.error()).c_str());
    }

    void moreThanOneChunkInSteps()
    {
        // 70 000 packets: indexMore() stops after maxPackets (More), the index spans two chunks.
        const std::size_t n = 70000;
        Bytes file = pcapFileHeader(false, kMagicNano, 65535, 1);
        file.reserve(24 + n * 20);
        for (std::size_t i = 0; i < n; ++i) {
            Builder rec;
            rec.u32(static_cast<std::uint32_t>(i)).u32(static_cast<std::uint32_t>(i % 1000000000)).u32(4).u32(
                static_cast<std::uint32_t>(i + 4));
            rec.u32(static_cast<std::uint32_t>(i));
            append(file, rec.b);
        }
        QVERIFY(writeFile(path("many.pcap"), file));
        CaptureReader r;
        PacketIndex index;
        std::string error;
        QVERIFY2(r.open(path("many.pcap").toStdString(), error), error.c_str());
        QCOMPARE(statusName(r.indexMore(index, 30000)), QString("More"));
        QCOMPARE(index.size(), std::size_t{30000});
        QCOMPARE(r.bytesIndexed(), std::uint64_t{24 + 30000 * 20});
        QCOMPARE(statusName(r.indexMore(index, 30000)), QString("More"));
        QCOMPARE(index.size(), std::size_t{60000});
        QCOMPARE(statusName(r.indexMore(index, 30000)), QString("End"));
        QCOMPARE(index.size(), n);
        QCOMPARE(statusName(r.indexMore(index, 30000)), QString("End"));
        QCOMPARE(index.size(), n);
        for (const std::size_t i : {std::size_t{0}, std::size_t{65535}, std::size_t{65536}, n - 1}) {
            const PacketRecord& rec = index[i];
            QCOMPARE(rec.dataOffset(), std::uint64_t(24 + i * 20 + 16));
            QCOMPARE(rec.originalLength, std::uint32_t(i + 4));
            QCOMPARE(r.timestamp(rec), (Timestamp{std::int64_t(i), std::uint32_t(i)}));
            Builder expect;
            expect.u32(static_cast<std::uint32_t>(i));
            QCOMPARE(qba(r.packetBytes(rec)), qba(expect.b));
        }
    }

    // ---- Empty and unreadable files ---------------------------------------------------------------

    void emptyCaptures_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<bool>("pcapng");
        QTest::addColumn<int>("interfaces");
        QTest::newRow("pcap header only") << qba(pcapFileHeader(false, kMagicMicro, 65535, 1)) << false << 1;
        QTest::newRow("pcap header only, big-endian nanoseconds") << qba(pcapFileHeader(true, kMagicNano, 65535, 1))
                                                                  << false << 1;
        QTest::newRow("pcapng SHB only") << qba(shb(false)) << true << 0;
        QTest::newRow("pcapng SHB only, big-endian") << qba(shb(true)) << true << 0;
        QTest::newRow("pcapng SHB and IDB") << qba(concat({shb(false), idb(false, 1, 0)})) << true << 1;
    }

    void emptyCaptures()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(bool, pcapng);
        QFETCH(int, interfaces);
        const QString p = path("empty");
        QVERIFY(writeFile(p, Bytes(bytes.begin(), bytes.end())));
        auto l = load(p);
        QVERIFY2(l->opened, l->openError.c_str());
        QCOMPARE(l->reader.format(), pcapng ? CaptureFormat::PcapNg : CaptureFormat::Pcap);
        QCOMPARE(statusName(l->status), QString("End"));
        QCOMPARE(l->index.size(), std::size_t{0});
        QCOMPARE(l->reader.interfaces().size(), std::size_t(interfaces));
        QCOMPARE(l->reader.bytesIndexed(), std::uint64_t(bytes.size()));
        QCOMPARE(l->reader.truncatedBytes(), std::uint64_t{0});
        QVERIFY(l->reader.warnings().empty());
    }

    void unopenableFiles_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QStringList>("expected"); // parts of the message, %1 = the path

        QTest::newRow("zero-length file") << "file" << QByteArray() << QStringList{"%1: ", "empty"};
        QTest::newRow("three bytes") << "file" << QByteArray("\xa1\xb2\xc3", 3) << QStringList{"%1: ", "too short"};
        QTest::newRow("directory") << "dir" << QByteArray() << QStringList{"\"%1\" is a directory, not a capture file"};
        QTest::newRow("missing") << "missing" << QByteArray()
                                 << QStringList{"cannot open \"%1\": No such file or directory"};
        QTest::newRow("not a capture") << "file" << QByteArray("GIF89a, certainly not a capture")
                                       << QStringList{"%1: at byte 0: not a pcap or pcapng file", "0x47494638"};
        QTest::newRow("pcap header cut short") << "file" << qba(Bytes{0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0})
                                               << QStringList{"%1: at byte 0: ", "10 of 24 bytes present"};
        Bytes ngShort = shb(false);
        ngShort.resize(20);
        QTest::newRow("pcapng shorter than a section header") << "file" << qba(ngShort)
                                                              << QStringList{"%1: at byte 0: ", "20 of at least 28"};
        Bytes ngMagic = shb(false);
        ngMagic[8] = 0x11;
        QTest::newRow("pcapng byte-order magic wrong") << "file" << qba(ngMagic)
                                                       << QStringList{"%1: at byte 8: ", "byte-order magic is 0x113c2b1a"};
        Bytes ngVersion = shb(false);
        ngVersion[12] = 2;
        QTest::newRow("pcapng version 2.0") << "file" << qba(ngVersion)
                                            << QStringList{"%1: at byte 0: ", "pcapng version 2.0 is not supported"};
        Bytes ngTrailer = shb(false);
        ngTrailer[ngTrailer.size() - 4] = 0x40;
        QTest::newRow("pcapng SHB trailing length wrong") << "file" << qba(ngTrailer)
                                                          << QStringList{"%1: at byte 0: ", "trailing length (64)"};
        Bytes ngLong = shb(false);
        ngLong[4] = 200;
        QTest::newRow("pcapng SHB longer than the file") << "file" << qba(ngLong)
                                                         << QStringList{"%1: at byte 0: ", "claims 200 bytes but only 28 remain"};
    }

    void unopenableFiles()
    {
        QFETCH(QString, kind);
        QFETCH(QByteArray, bytes);
        QFETCH(QStringList, expected);
        const QString p = path("bad");
        if (kind == "file")
            QVERIFY(writeFile(p, Bytes(bytes.begin(), bytes.end())));
        else if (kind == "dir")
            QVERIFY(QDir().mkdir(p));
        CaptureReader r;
        std::string error = "untouched";
        QVERIFY(!r.open(p.toStdString(), error));
        const QString e = qs(error);
        QVERIFY2(e.startsWith(expected.front().arg(p)), qPrintable(e));
        for (const QString& part : expected)
            QVERIFY2(e.contains(part.contains("%1") ? part.arg(p) : part), qPrintable(e));
    }

    void reopenResetsState()
    {
        // A reader that met a damaged file reads the next one from a clean state.
        Bytes bad = pcapFileHeader(false, kMagicMicro, 65535, 1);
        Builder rec;
        rec.u32(1).u32(1).u32(0x7fffffff).u32(1);
        append(bad, rec.b);
        QVERIFY(writeFile(path("bad.pcap"), bad));
        Bytes good = concat({shb(true, concat({opt(true, 1, "c"), optEnd()})), idb(true, 113, 0),
                             epb(true, 0, 1, payload(9, 1), 9, concat({opt(true, 1, "p"), optEnd()}))});
        QVERIFY(writeFile(path("good.pcapng"), good));

        CaptureReader r;
        PacketIndex first, second;
        std::string error;
        QVERIFY(r.open(path("bad.pcap").toStdString(), error));
        QCOMPARE(statusName(r.indexMore(first, 10)), QString("Error"));
        QVERIFY(r.open(path("good.pcapng").toStdString(), error));
        QVERIFY(r.error().message.empty());
        QCOMPARE(r.format(), CaptureFormat::PcapNg);
        QCOMPARE(statusName(r.indexMore(second, 10)), QString("End"));
        QCOMPARE(second.size(), std::size_t{1});
        QCOMPARE(r.interfaces().size(), std::size_t{1});
        QCOMPARE(r.linkTypeOf(second[0]), 113u);
        QCOMPARE(r.comments().size(), std::size_t{1});
        QCOMPARE(r.sectionComments().size(), std::size_t{1});
        QCOMPARE(qs(r.path()), path("good.pcapng"));
    }

    // ---- PacketIndex and PacketRecord -------------------------------------------------------------

    void packetIndexChunks()
    {
        PacketIndex index;
        QVERIFY(index.empty());
        const std::size_t n = 2 * PacketIndex::kChunkSize + 10; // three chunks
        QCOMPARE(PacketIndex::kChunkSize, std::size_t{65536});
        auto make = [](std::size_t i) {
            PacketRecord r;
            r.setLocation(std::uint64_t(i) * 100 + 24, static_cast<std::uint16_t>(i % 3));
            r.ticks = std::uint64_t(i) * 7;
            r.capturedLength = static_cast<std::uint32_t>(i % 1500);
            r.originalLength = static_cast<std::uint32_t>(i);
            return r;
        };
        const PacketRecord* first = nullptr;
        const PacketRecord* lastOfFirstChunk = nullptr;
        for (std::size_t i = 0; i < n; ++i) {
            QVERIFY(index.append(make(i)));
            if (i == 0)
                first = &index[0];
            if (i == PacketIndex::kChunkSize - 1)
                lastOfFirstChunk = &index[i];
        }
        QCOMPARE(index.size(), n);
        // Appending never moved the records already there.
        QCOMPARE(static_cast<const PacketRecord*>(&index[0]), first);
        QCOMPARE(static_cast<const PacketRecord*>(&index[PacketIndex::kChunkSize - 1]), lastOfFirstChunk);
        QCOMPARE(static_cast<const PacketRecord*>(&index[1]), first + 1); // within a chunk, records are contiguous
        for (const std::size_t i : {std::size_t{0}, std::size_t{1}, std::size_t{65535}, std::size_t{65536},
                                    std::size_t{131071}, std::size_t{131072}, n - 1}) {
            const PacketRecord& r = index[i];
            QCOMPARE(r.dataOffset(), std::uint64_t(i) * 100 + 24);
            QCOMPARE(r.interfaceIndex(), std::uint16_t(i % 3));
            QCOMPARE(r.ticks, std::uint64_t(i) * 7);
            QCOMPARE(r.capturedLength, std::uint32_t(i % 1500));
            QCOMPARE(r.originalLength, std::uint32_t(i));
        }
        // Three chunks, and the one page of the chunk table they use.
        QCOMPARE(index.memoryBytes(), 3 * PacketIndex::kChunkSize * sizeof(PacketRecord) + 4096);
        index.clear();
        QCOMPARE(index.size(), std::size_t{0});
        QVERIFY(index.append(make(5)));
        QCOMPARE(index[0].originalLength, 5u);
    }

    void packetRecordLocation_data()
    {
        QTest::addColumn<quint64>("offset");
        QTest::addColumn<uint>("iface");
        QTest::addColumn<quint64>("expectedOffset");
        QTest::newRow("zero") << quint64(0) << 0u << quint64(0);
        QTest::newRow("typical") << quint64(123456789) << 3u << quint64(123456789);
        QTest::newRow("largest of both") << quint64((1ull << 48) - 1) << 0xffffu << quint64((1ull << 48) - 1);
        QTest::newRow("offset beyond 48 bits masked") << quint64((1ull << 48) + 5) << 7u << quint64(5);
    }

    void packetRecordLocation()
    {
        QFETCH(quint64, offset);
        QFETCH(uint, iface);
        QFETCH(quint64, expectedOffset);
        PacketRecord r;
        r.setLocation(offset, static_cast<std::uint16_t>(iface));
        QCOMPARE(r.dataOffset(), std::uint64_t(expectedOffset));
        QCOMPARE(r.interfaceIndex(), std::uint16_t(iface));
        QCOMPARE(sizeof(PacketRecord), std::size_t{24});
    }

    // ---- Timestamp --------------------------------------------------------------------------------

    void timestampFromTicks_data()
    {
        QTest::addColumn<quint64>("ticks");
        QTest::addColumn<int>("resolution");
        QTest::addColumn<qint64>("offset");
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<uint>("nanoseconds");
        QTest::addColumn<qint64>("totalNs");
        const qint64 maxNs = std::numeric_limits<qint64>::max();

        QTest::newRow("microseconds") << quint64(1718000000123456) << 6 << qint64(0) << qint64(1718000000) << 123456000u
                                      << qint64(1718000000123456000);
        QTest::newRow("nanoseconds") << quint64(1718000000123456789) << 9 << qint64(0) << qint64(1718000000)
                                     << 123456789u << qint64(1718000000123456789);
        QTest::newRow("seconds (10^0)") << quint64(1718000000) << 0 << qint64(0) << qint64(1718000000) << 0u
                                        << qint64(1718000000000000000);
        QTest::newRow("milliseconds") << quint64(1718000000999) << 3 << qint64(0) << qint64(1718000000) << 999000000u
                                      << qint64(1718000000999000000);
        QTest::newRow("picoseconds, sub-ns truncated") << quint64(1500000000999) << 12 << qint64(0) << qint64(1)
                                                       << 500000000u << qint64(1500000000);
        QTest::newRow("10^-19") << quint64(10123456789012345678ull) << 19 << qint64(0) << qint64(1) << 12345678u
                                << qint64(1012345678);
        QTest::newRow("2^0") << quint64(77) << 0x80 << qint64(0) << qint64(77) << 0u << qint64(77000000000);
        QTest::newRow("2^-1") << quint64(3) << 0x81 << qint64(0) << qint64(1) << 500000000u << qint64(1500000000);
        QTest::newRow("2^-10") << quint64((1718000000ull << 10) | 768) << 0x8a << qint64(0) << qint64(1718000000)
                               << 750000000u << qint64(1718000000750000000);
        QTest::newRow("2^-30") << quint64((5ull << 30) | (1ull << 29)) << 0x9e << qint64(0) << qint64(5) << 500000000u
                               << qint64(5500000000);
        QTest::newRow("2^-30, one tick rounds down to 0 ns") << quint64(1) << 0x9e << qint64(0) << qint64(0) << 0u
                                                            << qint64(0);
        QTest::newRow("2^-63, all bits") << quint64(std::numeric_limits<quint64>::max()) << 0xbf << qint64(0) << qint64(1)
                                         << 999999999u << qint64(1999999999);
        QTest::newRow("negative offset: before 1970") << quint64(500000) << 6 << qint64(-86400) << qint64(-86400)
                                                      << 500000000u << qint64(-86399500000000);
        QTest::newRow("positive offset") << quint64(1) << 9 << qint64(3600) << qint64(3600) << 1u << qint64(3600000000001);
        QTest::newRow("largest microsecond count") << quint64(std::numeric_limits<quint64>::max()) << 6 << qint64(0)
                                                   << qint64(18446744073709) << 551615000u << maxNs;
        QTest::newRow("far before 1970 saturates") << quint64(0) << 6 << qint64(-10000000000) << qint64(-10000000000)
                                                   << 0u << std::numeric_limits<qint64>::min();
    }

    void timestampFromTicks()
    {
        QFETCH(quint64, ticks);
        QFETCH(int, resolution);
        QFETCH(qint64, offset);
        QFETCH(qint64, seconds);
        QFETCH(uint, nanoseconds);
        QFETCH(qint64, totalNs);
        const Timestamp t = synscope::timestampFromTicks(ticks, static_cast<std::uint8_t>(resolution), offset);
        QCOMPARE(t.seconds, std::int64_t(seconds));
        QCOMPARE(t.nanoseconds, std::uint32_t(nanoseconds));
        QCOMPARE(t.toNanoseconds(), std::int64_t(totalNs));
    }

    void timestampDifference()
    {
        QCOMPARE((Timestamp{10, 0}).minusNs(Timestamp{9, 999999999}), std::int64_t{1});
        QCOMPARE((Timestamp{9, 999999999}).minusNs(Timestamp{10, 0}), std::int64_t{-1});
        QCOMPARE((Timestamp{-1, 500000000}).minusNs(Timestamp{0, 0}), std::int64_t{-500000000});
        QCOMPARE((Timestamp{7258118400, 5}).minusNs(Timestamp{7258118399, 6}), std::int64_t{999999999});
        // Differences between far-apart times saturate instead of wrapping.
        QCOMPARE((Timestamp{std::numeric_limits<std::int64_t>::max(), 0}).minusNs(Timestamp{0, 0}),
                 std::numeric_limits<std::int64_t>::max());
        QCOMPARE((Timestamp{-20000000000, 0}).minusNs(Timestamp{0, 0}), std::numeric_limits<std::int64_t>::min());
        QVERIFY((Timestamp{1, 2}) == (Timestamp{1, 2}));
        QVERIFY(!((Timestamp{1, 2}) == (Timestamp{1, 3})));
    }
};

QTEST_GUILESS_MAIN(TestCaptureReader)
#include "test_capture_reader.moc"
