// Fuzz regressions (issue 17): every input under tests/fuzz/regressions/ replayed through every path that
// reads capture bytes, with what each must give. The folder has one subfolder per fuzz target, and its
// inputs are in that target's format (tests/fuzz/README.md):
//   capture_reader/  a capture file
//   decode_ethernet/, decode_sll/, decode_sll2/, decode_null/, decode_raw/   an option byte, then a frame
//   tcp_analysis/    a link type byte, a flags byte, then packets (u16 length, i16 time step, u8 cut, data)
// tests/fuzz/regressions/README.md lists every input with what it is and, for a capture file, how it must
// read ("End 2", "End 1 +warning", "Truncated 1", "Error 1", "Refused"), written down from what tshark says
// about the file and, where SynScope reads past a damage tshark stops at, from the README's promise
// ("reads every complete packet ... and says what is wrong and where").
//
// Each input becomes one or more capture files (the capture file itself; one pcap a link type for a frame;
// a pcap of the packets for a packet sequence) and each file goes through everything SynScope does with a
// capture: the reader (whole in batches of 3, and as a growing file read half, refreshed, then the rest:
// same packets, same ending), PacketStore with the TCP analysis, and for every packet the decoder as the
// analysis decodes (which the header reader must agree with) and as the views decode, the field tree (every
// node inside the frame), the JSON (strict parser), the list summary, the tcpdump text in its three
// numberings (one line, no NUL), the connection reports, and the sequence diagram of every connection and of
// all packets. The in-memory routes of the fuzz targets run too: the frame decoded for each of the target's
// link types, and a packet sequence through a tracker fed decoded packets and one fed through TcpFrameFeed,
// which must give identical records. A crash, a sanitizer report (the ASan build runs this test too) or a
// broken invariant of tests/fuzz/fuzz_support.h (which aborts) fails the test.
#include "../fuzz/fuzz_support.h"
#include "analysis/connection_report.h"
#include "analysis/tcp_frame_feed.h"
#include "capture/capture_reader.h"
#include "common/byte_order.h"
#include "diagram/sequence_diagram.h"
#include "store/packet_store.h"
#include "tcp_segment_agreement.h"
#include "test_support.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <cstring>

using namespace synscope;

namespace {

using Status = CaptureReader::Status;

QString regressionsDir()
{
    return QString::fromLocal8Bit(qgetenv("SYNSCOPE_SOURCE_DIR")) + "/tests/fuzz/regressions";
}

// The link types each decoder target decodes a frame as (tests/fuzz/CMakeLists.txt).
std::vector<std::uint32_t> targetLinkTypes(const QString& target)
{
    if (target == "decode_ethernet")
        return {linktype::kEthernet};
    if (target == "decode_sll")
        return {linktype::kLinuxSll};
    if (target == "decode_sll2")
        return {linktype::kLinuxSll2};
    if (target == "decode_null")
        return {linktype::kNull, linktype::kLoop};
    if (target == "decode_raw")
        return {linktype::kRaw, linktype::kIpv4, linktype::kIpv6};
    return {};
}

const QStringList kTargets{"capture_reader", "decode_ethernet", "decode_sll",  "decode_sll2",
                           "decode_null",    "decode_raw",      "tcp_analysis"};

// README.md rows: "| `target/name` | expected | what it is |".
QMap<QString, QString> manifest(QString* error)
{
    QFile f(regressionsDir() + "/README.md");
    if (!f.open(QIODevice::ReadOnly)) {
        *error = "tests/fuzz/regressions/README.md is missing";
        return {};
    }
    QMap<QString, QString> rows;
    static const QRegularExpression row("^\\| `([^`]+)` \\| ([^|]*) \\|");
    for (const QString& line : QString::fromUtf8(f.readAll()).split('\n'))
        if (const auto m = row.match(line); m.hasMatch())
            rows[m.captured(1)] = m.captured(2).trimmed();
    return rows;
}

QStringList inputFiles()
{
    QStringList out;
    for (const QString& target : kTargets)
        for (const QString& name : QDir(regressionsDir() + "/" + target).entryList(QDir::Files, QDir::Name))
            out << target + "/" + name;
    return out;
}

QByteArray fileBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

// A little-endian nanosecond pcap of the given packets.
struct PcapPacket {
    QByteArray data;
    std::uint32_t originalLength = 0;
    std::int64_t timeNs = 0;
};

QByteArray pcapFile(std::uint32_t linkType, const std::vector<PcapPacket>& packets)
{
    QByteArray out;
    auto u32 = [&out](std::uint32_t v) {
        for (int i = 0; i < 4; ++i)
            out.append(static_cast<char>((v >> (8 * i)) & 0xff));
    };
    auto u16 = [&out](std::uint16_t v) {
        out.append(static_cast<char>(v & 0xff));
        out.append(static_cast<char>(v >> 8));
    };
    u32(0xa1b23c4d); // nanosecond magic
    u16(2);
    u16(4);
    u32(0);
    u32(0);
    u32(262144);
    u32(linkType);
    for (const PcapPacket& p : packets) {
        // A pcap time stamp is 0 to 2^32-1 seconds: times outside are clamped (the in-memory routes keep them).
        const std::int64_t maxNs = (std::int64_t{1} << 32) * 1000000000 - 1;
        const std::int64_t t = std::clamp<std::int64_t>(p.timeNs, 0, maxNs);
        u32(static_cast<std::uint32_t>(t / 1000000000));
        u32(static_cast<std::uint32_t>(t % 1000000000));
        u32(static_cast<std::uint32_t>(p.data.size()));
        u32(std::max<std::uint32_t>(p.originalLength, static_cast<std::uint32_t>(p.data.size())));
        out.append(p.data);
    }
    return out;
}

// The tcp_analysis target's input, parsed as fuzz_tcp_analysis.cpp parses it.
struct Sequence {
    std::uint32_t linkType = 0;
    std::uint8_t flags = 0;
    std::vector<PcapPacket> packets;
};

Sequence parseSequence(const QByteArray& in)
{
    Sequence s;
    const auto* data = reinterpret_cast<const std::uint8_t*>(in.constData());
    const auto size = static_cast<std::size_t>(in.size());
    if (size < 2)
        return s;
    s.linkType = fuzz::kLinkTypes[data[0] % fuzz::kLinkTypeCount];
    s.flags = data[1];
    std::int64_t now = (s.flags & 4) ? 0 : std::int64_t{1718000000} * 1000000000;
    std::size_t at = 2;
    while (size - at >= 5) {
        const std::uint16_t length = loadBe16(data + at);
        const auto step = static_cast<std::int16_t>(loadBe16(data + at + 2));
        const std::uint8_t notCaptured = data[at + 4];
        at += 5;
        if (step == -32768) {
            if (size - at < 8)
                break;
            now = static_cast<std::int64_t>(loadBe64(data + at));
            at += 8;
        } else if (__builtin_add_overflow(now, std::int64_t{step} * 1000000, &now)) {
            now = step < 0 ? INT64_MIN : INT64_MAX;
        }
        const std::size_t n = std::min<std::size_t>(length, size - at);
        PcapPacket p;
        p.data = in.mid(static_cast<qsizetype>(at), static_cast<qsizetype>(n));
        p.originalLength = static_cast<std::uint32_t>(n + notCaptured);
        p.timeNs = now;
        s.packets.push_back(std::move(p));
        at += n;
    }
    return s;
}

const char* statusName(Status s)
{
    switch (s) {
    case Status::More: return "More";
    case Status::End: return "End";
    case Status::Truncated: return "Truncated";
    case Status::Error: return "Error";
    }
    return "?";
}

// How a capture file read: "End 2", "End 1 +warning", "Truncated 1", "Error 0", "Refused".
QString describeOutcome(bool opened, Status status, std::size_t packets, bool warned)
{
    if (!opened)
        return "Refused";
    return QString("%1 %2%3").arg(statusName(status)).arg(packets).arg(warned ? " +warning" : "");
}

} // namespace

class TestFuzzRegressions : public QObject {
    Q_OBJECT

    // Everything SynScope does with the capture file at `path`; returns how the store's reading ended.
    void replayCapture(const QString& what, const QString& path, bool& opened, Status& status, std::size_t& packets)
    {
        PacketStore store;
        std::string error;
        opened = store.open(path.toStdString(), error);
        if (!opened) {
            QVERIFY2(!error.empty(), qPrintable(what + ": refused without a message"));
            return;
        }
        int rounds = 0;
        while ((status = store.loadMore(3)) == Status::More)
            QVERIFY2(++rounds < 1000000, qPrintable(what + ": loadMore never finishes"));
        packets = store.size();

        Packet analysed, shown;
        DecodeOptions analysisOptions;
        analysisOptions.verifyChecksums = false;
        analysisOptions.decodeDns = false;
        FieldTree tree;
        PacketSummary summary;
        std::string json, line;
        TcpdumpFormatter absolute{TcpdumpNumbers::Absolute}, relative{TcpdumpNumbers::TcpdumpRelative},
            analysisNumbers{TcpdumpNumbers::AnalysisRelative};
        for (std::size_t i = 0; i < store.size(); ++i) {
            const QString frame = QString("%1 frame %2").arg(what).arg(i + 1);
            const std::span<const std::uint8_t> stored = store.bytes(i);
            // An exact-size copy, so AddressSanitizer sees a read past the frame.
            const std::vector<std::uint8_t> copy(stored.begin(), stored.end());
            const std::span<const std::uint8_t> bytes(copy.data(), copy.size());
            const std::uint32_t linkType = store.linkType(i);
            // As the analysis decodes: the header reader must agree with it.
            decodePacket(bytes, linkType, store.record(i).originalLength, analysed, analysisOptions);
            fuzz::checkPacket(analysed, bytes);
            const std::string disagreement = test::segmentDisagreement(bytes, linkType, analysed);
            QVERIFY2(disagreement.empty(), qPrintable(frame + ": header reader and decoder differ: " +
                                                      QString::fromStdString(disagreement)));
            // As the views decode.
            decodePacket(bytes, linkType, store.record(i).originalLength, shown);
            fuzz::checkPacket(shown, bytes);
            TcpSegmentFacts facts;
            const FrameContext ctx = store.context(i, shown, facts);
            QCOMPARE(ctx.number, std::uint64_t(i + 1));
            buildFieldTree(shown, bytes, ctx, tree);
            fuzz::checkTree(tree, bytes);
            QVERIFY2(tree.size() > 0, qPrintable(frame + ": empty field tree"));
            json.clear();
            appendPacketJson(tree, protocolColumn(shown), json);
            if (const char* e = fuzz::JsonChecker::check(json))
                QFAIL(qPrintable(frame + ": invalid JSON (" + e + "): " + QString::fromStdString(json)));
            QVERIFY2(json.find("\"frame.number\":" + std::to_string(i + 1) + ",") != std::string::npos,
                     qPrintable(frame + ": JSON without its frame number: " + QString::fromStdString(json)));
            summarize(shown, bytes, ctx, summary);
            for (TcpdumpFormatter* f : {&absolute, &relative, &analysisNumbers}) {
                line.clear();
                f->appendLine(shown, bytes, ctx, line);
                QVERIFY2(!line.empty() && line.find('\0') == std::string::npos && line.find('\n') == std::string::npos,
                         qPrintable(frame + ": tcpdump text not one line: " + QString::fromStdString(line)));
            }
        }

        // The analysis: connection reports and their text, frames inside the capture.
        const TcpTracker& tracker = store.tracker();
        std::uint64_t inConnections = 0;
        for (const ConnectionReport& r : buildConnectionReports(tracker)) {
            QVERIFY2(!describeConnection(r).empty(), qPrintable(what));
            QVERIFY2(r.firstFrame >= 1 && r.firstFrame <= r.lastFrame && r.lastFrame <= store.size(),
                     qPrintable(what + QString(": stream %1 frames %2-%3").arg(r.stream).arg(r.firstFrame).arg(r.lastFrame)));
            inConnections += r.packets;
        }
        QVERIFY2(inConnections <= store.size(), qPrintable(what));

        // The sequence diagram of each connection (the first 64) and of every packet.
        auto checkDiagram = [&](const SequenceDiagram& d, const QString& which) {
            std::uint64_t last = 0;
            for (const DiagramArrow& a : d.arrows) {
                QVERIFY2(a.frame >= 1 && a.frame <= store.size() && a.frame >= last,
                         qPrintable(what + " " + which + QString(": arrow of frame %1").arg(a.frame)));
                last = a.frame;
            }
            QVERIFY2(!diagramToText(d).empty() || d.arrows.empty(), qPrintable(what + " " + which));
            (void)diagramToMermaid(d);
        };
        const std::size_t streams = std::min<std::size_t>(tracker.connections().size(), 64);
        for (std::uint32_t s = 0; s < streams; ++s) {
            const SequenceDiagram d = buildConnectionDiagram(store, {s});
            checkDiagram(d, QString("diagram of stream %1").arg(s));
            QVERIFY2(!d.arrows.empty(), qPrintable(what + QString(": stream %1 has no arrow").arg(s)));
        }
        std::vector<std::uint32_t> all(store.size());
        for (std::size_t i = 0; i < all.size(); ++i)
            all[i] = static_cast<std::uint32_t>(i);
        checkDiagram(buildPacketDiagram(store, all), "diagram of every packet");
    }

    // The fuzz target capture_reader's own check: read whole in batches of 3, and as a growing file (half,
    // refresh, the rest): the same packets and the same ending.
    void replayReader(const QString& what, const QByteArray& bytes, const QTemporaryDir& dir, QString& outcome)
    {
        const QString path = dir.filePath("whole");
        QVERIFY(writeFile(path, bytes));
        CaptureReader whole;
        std::string error;
        if (!whole.open(path.toStdString(), error)) {
            outcome = "Refused";
            return;
        }
        PacketIndex index;
        Status s;
        while ((s = whole.indexMore(index, 3)) == Status::More) {
        }
        outcome = describeOutcome(true, s, index.size(), !whole.warnings().empty());

        const QString growingPath = dir.filePath("growing");
        const qsizetype half = bytes.size() / 2;
        QVERIFY(writeFile(growingPath, bytes.left(half)));
        CaptureReader growing;
        if (!growing.open(growingPath.toStdString(), error, true))
            return; // the header itself is not complete in the first half
        PacketIndex grownIndex;
        while (growing.indexMore(grownIndex, 1 << 16) == Status::More) {
        }
        {
            QFile f(growingPath);
            QVERIFY(f.open(QIODevice::Append));
            QCOMPARE(f.write(bytes.mid(half)), bytes.size() - half);
        }
        QVERIFY2(growing.refresh(error), error.c_str());
        Status g;
        while ((g = growing.indexMore(grownIndex, 5)) == Status::More) {
        }
        QVERIFY2(g == s, qPrintable(what + QString(": read while growing ended %1, read whole %2").arg(statusName(g), statusName(s))));
        QCOMPARE(grownIndex.size(), index.size());
        for (std::size_t i = 0; i < index.size(); ++i) {
            const PacketRecord& a = grownIndex[i];
            const PacketRecord& b = index[i];
            QVERIFY2(a.offsetAndInterface == b.offsetAndInterface && a.ticks == b.ticks &&
                         a.capturedLength == b.capturedLength && a.originalLength == b.originalLength,
                     qPrintable(what + QString(": packet %1 differs when read while growing").arg(i + 1)));
        }
    }

private slots:
    // Every input has its README line and every README line its input; every target has inputs.
    void everyInputIsListed()
    {
        QString error;
        const QMap<QString, QString> rows = manifest(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QStringList files = inputFiles();
        for (const QString& f : files)
            QVERIFY2(rows.contains(f), qPrintable(f + " has no line in tests/fuzz/regressions/README.md"));
        for (const QString& r : rows.keys())
            QVERIFY2(files.contains(r), qPrintable(r + " is listed in tests/fuzz/regressions/README.md but missing"));
        for (const QString& target : kTargets)
            QVERIFY2(std::any_of(files.begin(), files.end(), [&](const QString& f) { return f.startsWith(target + "/"); }),
                     qPrintable("no regression input for " + target));
        // Files other than inputs (a stray script, a README) would be replayed as inputs: only the folders.
        const QStringList top = QDir(regressionsDir()).entryList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot);
        for (const QString& entry : top)
            QVERIFY2(entry == "README.md" || kTargets.contains(entry), qPrintable("unexpected entry " + entry));
        qInfo("%lld regression inputs", static_cast<long long>(files.size()));
        QVERIFY(files.size() >= 40);
    }

    void replay_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QString error;
        const QMap<QString, QString> rows = manifest(&error);
        for (const QString& f : inputFiles())
            QTest::newRow(qPrintable(f)) << f << rows.value(f);
    }

    void replay()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        const QString target = input.section('/', 0, 0);
        const QByteArray bytes = fileBytes(regressionsDir() + "/" + input);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());

        if (target == "capture_reader") {
            QString outcome;
            replayReader(input, bytes, dir, outcome);
            if (QTest::currentTestFailed())
                return;
            QVERIFY2(outcome == expected, qPrintable(QString("%1: the reader gives \"%2\", README.md says \"%3\"")
                                                          .arg(input, outcome, expected)));
            bool opened = false;
            Status status = Status::More;
            std::size_t packets = 0;
            replayCapture(input, dir.filePath("whole"), opened, status, packets);
            if (QTest::currentTestFailed())
                return;
            // PacketStore reads as the reader does.
            const QString storeOutcome = opened ? QString("%1 %2").arg(statusName(status)).arg(packets) : "Refused";
            QVERIFY2(outcome.startsWith(storeOutcome), qPrintable(input + ": the store gives " + storeOutcome));
            return;
        }

        QCOMPARE(expected, QString("-"));
        if (target == "tcp_analysis") {
            const Sequence seq = parseSequence(bytes);
            // The target's own route: a tracker fed decoded packets and one fed through TcpFrameFeed agree.
            TrackerOptions options;
            options.keepStateFrames = seq.flags & 1;
            TcpTracker tracker(options), fedTracker(options);
            TcpFrameFeed feed;
            Packet packet;
            DecodeOptions analysisOptions;
            analysisOptions.verifyChecksums = false;
            analysisOptions.decodeDns = false;
            for (std::size_t i = 0; i < seq.packets.size(); ++i) {
                const std::vector<std::uint8_t> copy(seq.packets[i].data.begin(), seq.packets[i].data.end());
                const std::span<const std::uint8_t> b(copy.data(), copy.size());
                decodePacket(b, seq.linkType, seq.packets[i].originalLength, packet, analysisOptions);
                fuzz::checkPacket(packet, b);
                TcpPacketRecord record, fed;
                const bool tcp = tracker.process(i + 1, seq.packets[i].timeNs, packet, record);
                QCOMPARE(tcp, record.hasStream());
                const bool fedTcp =
                    feed.feed(fedTracker, i + 1, seq.packets[i].timeNs, b, seq.linkType, seq.packets[i].originalLength, fed);
                QCOMPARE(fedTcp, tcp);
                QVERIFY2(std::memcmp(&fed, &record, sizeof fed) == 0,
                         qPrintable(QString("%1 frame %2: %3 vs %4").arg(input).arg(i + 1).arg(test::describeRecord(fed),
                                                                                               test::describeRecord(record))));
            }
            QCOMPARE(fedTracker.connections().size(), tracker.connections().size());
            const auto a = buildConnectionReports(tracker), b = buildConnectionReports(fedTracker);
            QCOMPARE(a.size(), b.size());
            for (std::size_t i = 0; i < a.size(); ++i)
                QCOMPARE(test::describeReport(a[i]), test::describeReport(b[i]));
            qInfo("%zu packets, %zu connections", seq.packets.size(), tracker.connections().size());
            // The same packets as a capture file.
            const QString path = dir.filePath("sequence.pcap");
            QVERIFY(writeFile(path, pcapFile(seq.linkType, seq.packets)));
            bool opened = false;
            Status status = Status::More;
            std::size_t packets = 0;
            replayCapture(input, path, opened, status, packets);
            if (QTest::currentTestFailed())
                return;
            QVERIFY(opened);
            QCOMPARE(status, Status::End);
            QCOMPARE(packets, seq.packets.size());
            return;
        }

        const std::vector<std::uint32_t> links = targetLinkTypes(target);
        QVERIFY2(!links.empty(), qPrintable("unknown target " + target));
        QVERIFY2(bytes.size() >= 1, qPrintable(input + ": no option byte"));
        const auto opts = static_cast<std::uint8_t>(bytes[0]);
        const QByteArray frame = bytes.mid(1);
        const auto originalLength = static_cast<std::uint32_t>(frame.size() + (opts >> 2));
        for (std::uint32_t linkType : links) {
            const QString what = QString("%1 as link type %2").arg(input).arg(linkType);
            // The target's own route: decoded with the input's options, in memory.
            const std::vector<std::uint8_t> copy(frame.begin(), frame.end());
            const std::span<const std::uint8_t> b(copy.data(), copy.size());
            DecodeOptions options;
            options.verifyChecksums = !(opts & 1);
            options.decodeDns = !(opts & 2);
            Packet packet;
            decodePacket(b, linkType, originalLength, packet, options);
            fuzz::checkPacket(packet, b);
            // As a one-packet capture of that link type.
            const QString path = dir.filePath(QString("frame-%1.pcap").arg(linkType));
            QVERIFY(writeFile(path, pcapFile(linkType, {{frame, originalLength, std::int64_t{1718000000} * 1000000000}})));
            bool opened = false;
            Status status = Status::More;
            std::size_t packets = 0;
            replayCapture(what, path, opened, status, packets);
            if (QTest::currentTestFailed())
                return;
            QVERIFY(opened);
            QCOMPARE(status, Status::End);
            QCOMPARE(packets, std::size_t{1});
        }
    }
};

QTEST_GUILESS_MAIN(TestFuzzRegressions)
#include "test_fuzz_regressions.moc"
