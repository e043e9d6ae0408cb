// An idle or finished connection's analysis state is kept frozen (core/analysis/frozen_machine.h) and
// thawed by its next segment. These tests show the frozen form loses nothing: exact round trips of
// extreme values, a lifecycle frozen after every event behaving as one never frozen, and whole captures
// (the sample, the benchmark mix, every file of ../shared/corpus) analysed with every connection frozen
// between its packets giving exactly the records and reports of an analysis that never freezes.
#include "analysis/connection_report.h"
#include "analysis/frozen_machine.h"
#include "bench_capture.h"
#include "common/varint.h"
#include "sample_capture.h"
#include "test_support.h"

#include <QDir>
#include <QtTest>
#include <limits>
#include <random>

using namespace synscope;

namespace {

// Null (with `error`) for a file that cannot be opened at all (the corpus has two damaged ones); `status`:
// how reading it ended.
std::unique_ptr<PacketStore> loadWith(const std::string& path, std::uint32_t idleFrames, std::string& error,
                                      CaptureReader::Status& status)
{
    TrackerOptions options;
    options.keepStateFrames = true;
    options.idleFrames = idleFrames;
    auto store = std::make_unique<PacketStore>(options);
    status = CaptureReader::Status::Error;
    if (!store->open(path, error))
        return nullptr;
    while ((status = store->loadMore(1 << 16)) == CaptureReader::Status::More) {
    }
    return store;
}

// The first difference between two analyses of one file, or an empty string.
QString firstDifference(const PacketStore& a, const PacketStore& b)
{
    if (a.size() != b.size())
        return QString("%1 vs %2 packets").arg(a.size()).arg(b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        const QString x = test::describeRecord(a.tcpRecord(i)), y = test::describeRecord(b.tcpRecord(i));
        if (x != y)
            return QString("frame %1: %2 | %3").arg(i + 1).arg(x, y);
    }
    const auto ra = buildConnectionReports(a.tracker()), rb = buildConnectionReports(b.tracker());
    if (ra.size() != rb.size())
        return QString("%1 vs %2 connections").arg(ra.size()).arg(rb.size());
    for (std::size_t i = 0; i < ra.size(); ++i) {
        const QString x = test::describeReport(ra[i]), y = test::describeReport(rb[i]);
        if (x != y)
            return QString("connection %1:\n%2\n%3").arg(i).arg(x, y);
    }
    return {};
}

void compareFlows(const TcpFlowState& a, const TcpFlowState& b)
{
    QCOMPARE(a.nextSeqTime, b.nextSeqTime);
    QCOMPARE(a.lastAckTime, b.lastAckTime);
    QCOMPARE(a.baseSeq, b.baseSeq);
    QCOMPARE(a.nextSeq, b.nextSeq);
    QCOMPARE(a.maxSeqToBeAcked, b.maxSeqToBeAcked);
    QCOMPARE(a.lastAck, b.lastAck);
    QCOMPARE(a.dupAckNum, b.dupAckNum);
    QCOMPARE(a.lastNonDupAck, b.lastNonDupAck);
    QCOMPARE(a.window, b.window);
    QCOMPARE(a.lastSegmentFlags, b.lastSegmentFlags);
    QCOMPARE(a.windowScale, b.windowScale);
    QCOMPARE(a.windowKnown, b.windowKnown);
    QCOMPARE(a.baseSet, b.baseSet);
    QCOMPARE(a.isFirstAck, b.isFirstAck);
}

std::vector<std::uint8_t> frozen(const ConnectionMachine& m, const FreezeContext& c)
{
    std::vector<std::uint8_t> out;
    freezeMachine(m, c, out);
    return out;
}

} // namespace

class TestFrozenMachines : public QObject {
    Q_OBJECT

private slots:
    void varints()
    {
        const std::uint64_t values[] = {0, 1, 127, 128, 16383, 16384, 0xffffffffull, 1ull << 63,
                                        std::numeric_limits<std::uint64_t>::max()};
        const std::size_t lengths[] = {1, 1, 1, 2, 2, 3, 5, 10, 10};
        const std::int64_t signedValues[] = {0, -1, 1, -64, 63, -65, std::numeric_limits<std::int64_t>::min(),
                                             std::numeric_limits<std::int64_t>::max()};
        const std::size_t signedLengths[] = {1, 1, 1, 1, 1, 2, 10, 10};
        for (std::size_t i = 0; i < std::size(values); ++i) {
            std::vector<std::uint8_t> bytes;
            VarintWriter(bytes).put(values[i]);
            QCOMPARE(bytes.size(), lengths[i]);
            QCOMPARE(VarintReader(bytes.data()).get(), values[i]);
        }
        for (std::size_t i = 0; i < std::size(signedValues); ++i) {
            std::vector<std::uint8_t> bytes;
            VarintWriter(bytes).putSigned(signedValues[i]);
            QCOMPARE(bytes.size(), signedLengths[i]);
            QCOMPARE(VarintReader(bytes.data()).getSigned(), signedValues[i]);
        }
    }

    // Every field of both directions comes back, at the ends of its range and at random.
    void flowsRoundTrip()
    {
        std::mt19937_64 random(20261122);
        const std::int64_t times[] = {0, 1, -1, std::numeric_limits<std::int64_t>::min(),
                                      std::numeric_limits<std::int64_t>::max(), 1717999999123456789};
        const std::uint32_t words[] = {0, 1, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff};
        auto pick = [&](auto const& edges) {
            using T = std::remove_cvref_t<decltype(edges[0])>;
            return random() % 3 == 0 ? edges[random() % std::size(edges)] : static_cast<T>(random());
        };
        for (int round = 0; round < 5000; ++round) {
            ConnectionMachine m;
            for (TcpFlowState& f : m.flows) {
                f.nextSeqTime = pick(times);
                f.lastAckTime = pick(times);
                f.baseSeq = pick(words);
                f.nextSeq = pick(words);
                f.maxSeqToBeAcked = pick(words);
                f.lastAck = pick(words);
                f.dupAckNum = pick(words);
                f.lastNonDupAck = pick(words);
                f.window = static_cast<std::uint16_t>(random());
                f.lastSegmentFlags = static_cast<std::uint16_t>(random());
                f.windowScale = static_cast<std::int8_t>(static_cast<int>(random() % 17) - 2);
                f.windowKnown = random() & 1;
                f.baseSet = random() & 1;
                f.isFirstAck = random() & 1;
            }
            const FreezeContext context{pick(times), pick(words)};
            const std::vector<std::uint8_t> bytes = frozen(m, context);
            ConnectionMachine back;
            QCOMPARE(thawMachine(bytes.data(), context, back), bytes.size());
            compareFlows(back.flows[0], m.flows[0]);
            compareFlows(back.flows[1], m.flows[1]);
            QCOMPARE(frozen(back, context), bytes);
        }
        // A typical finished connection takes a few dozen bytes, not the live form's size.
        ConnectionMachine typical;
        typical.flows[0] = {1717999999100000000, 1717999999200000000, 0x12345678, 0x12345678 + 1202,
                            0x12345678 + 1202, 0x9abcdef0 + 5002, 0xffffffff, 7, 502, 0, 7, true, true, false};
        typical.flows[1] = {1717999999150000000, 1717999999190000000, 0x9abcdef0, 0x9abcdef0 + 5002,
                            0x9abcdef0 + 5002, 0x12345678 + 1202, 0, 8, 501, 0, 7, true, true, false};
        const std::vector<std::uint8_t> bytes = frozen(typical, {1717999999200000000, 9});
        QVERIFY2(bytes.size() <= 64, qPrintable(QString::number(bytes.size())));
        QVERIFY(sizeof(ConnectionMachine) >= 140);
    }

    // A lifecycle frozen and thawed after every event behaves exactly as one that never was: random
    // segments (sequence numbers near both sides' bases, so SYNs and FINs get acknowledged) and ICMP errors.
    void lifecycleFrozenAfterEveryEvent()
    {
        struct Recorder : StateRecorder {
            QStringList log;
            void stateChanged(Side side, TcpState state, std::uint64_t frame) override
            {
                log << QString("%1 %2 %3").arg(int(side)).arg(tcpStateName(state)).arg(frame);
            }
            void stateRetracted(Side side) override { log << QString("%1 retracted").arg(int(side)); }
        };
        std::mt19937_64 random(7);
        const std::uint32_t base[2] = {1000, 500000};
        for (int run = 0; run < 400; ++run) {
            ConnectionMachine live, thawed;
            live.flows[0].baseSeq = thawed.flows[0].baseSeq = base[0];
            live.flows[1].baseSeq = thawed.flows[1].baseSeq = base[1];
            Recorder liveLog, thawedLog;
            for (std::uint64_t frame = 1; frame <= 40; ++frame) {
                if (random() % 12 == 0) {
                    IcmpErrorEvent e;
                    e.frame = frame;
                    e.quotesClientSyn = random() & 1;
                    e.portUnreachable = random() & 1;
                    e.fromServerAddress = random() & 1;
                    live.lifecycle.onIcmpError(e, &liveLog);
                    thawed.lifecycle.onIcmpError(e, &thawedLog);
                } else {
                    TcpSegmentEvent e;
                    e.from = random() & 1 ? Side::Server : Side::Client;
                    const int from = static_cast<int>(e.from);
                    const std::uint16_t flagChoices[] = {tcpflag::kSyn, tcpflag::kSyn | tcpflag::kAck, tcpflag::kAck,
                                                         tcpflag::kAck, tcpflag::kFin | tcpflag::kAck, tcpflag::kFin,
                                                         tcpflag::kRst, tcpflag::kRst | tcpflag::kAck,
                                                         tcpflag::kSyn | tcpflag::kFin};
                    e.flags = flagChoices[random() % std::size(flagChoices)];
                    e.seq = base[from] + static_cast<std::uint32_t>(random() % 6);
                    e.ack = base[1 - from] + static_cast<std::uint32_t>(random() % 6);
                    e.payloadLength = static_cast<std::uint32_t>(random() % 3);
                    e.frame = frame;
                    live.lifecycle.onSegment(e, &liveLog);
                    thawed.lifecycle.onSegment(e, &thawedLog);
                }
                const FreezeContext context{static_cast<std::int64_t>(frame) * 1000, static_cast<std::uint32_t>(frame)};
                const std::vector<std::uint8_t> bytes = frozen(thawed, context);
                ConnectionMachine back;
                thawMachine(bytes.data(), context, back);
                thawed = back;
                QCOMPARE(thawedLog.log, liveLog.log);
                QCOMPARE(frozen(thawed, context), frozen(live, context));
                const LifecycleSummary a = thawed.lifecycle.summary(), b = live.lifecycle.summary();
                QCOMPARE(a.openKind(), b.openKind());
                QCOMPARE(a.closeKind(), b.closeKind());
                QCOMPARE(a.closedBy(), b.closedBy());
                QCOMPARE(a.clientSynCount(), b.clientSynCount());
                for (Side s : {Side::Client, Side::Server}) {
                    QCOMPARE(a.state(s), b.state(s));
                    QCOMPARE(a.initialState(s), b.initialState(s));
                }
            }
        }
    }

    void capturesFrozenBetweenPackets_data()
    {
        QTest::addColumn<QString>("path");
        static QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string error = test::addCaptureRows(dir, 150000);
        QVERIFY2(error.empty(), error.c_str());
    }

    void capturesFrozenBetweenPackets()
    {
        QFETCH(QString, path);
        const std::string file = path.toStdString();
        std::string error;
        CaptureReader::Status status, alwaysStatus, usualStatus;
        const auto never = loadWith(file, 0, error, status);
        if (path.contains("/corpus/")) {
            // A corpus file reads as tshark and capinfos read it (test::corpusFiles(): two are refused at their
            // header, one is cut short); a refused one has nothing to analyse.
            const QString mismatch = test::corpusReadMismatch(path, never != nullptr, status, never ? never->size() : 0);
            QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch + " " + QString::fromStdString(error)));
            if (!never) {
                qInfo("refused at its header, as tshark refuses it: %s", error.c_str());
                return;
            }
        } else {
            // The project's own captures open and read to their end.
            QVERIFY2(never, error.c_str());
            QCOMPARE(status, CaptureReader::Status::End);
        }
        const auto always = loadWith(file, 1, error, alwaysStatus);
        const auto usual = loadWith(file, TrackerOptions{}.idleFrames, error, usualStatus);
        QVERIFY(always && usual);
        QCOMPARE(alwaysStatus, status);
        QCOMPARE(usualStatus, status);
        const std::size_t connections = never->tracker().connections().size();
        QCOMPARE(never->tracker().liveMachines(), connections);
        // Between packets every machine but the last packet's connection is frozen.
        QVERIFY(always->tracker().liveMachines() <= 1);
        QCOMPARE(firstDifference(*never, *always), QString());
        QCOMPARE(firstDifference(*never, *usual), QString());
        if (path.endsWith("bench.pcap")) {
            // Finished connections are frozen at once and idle ones after 65,536 frames.
            QVERIFY2(usual->tracker().liveMachines() < connections / 10,
                     qPrintable(QString("%1 of %2").arg(usual->tracker().liveMachines()).arg(connections)));
            // A frozen machine takes under half the live one's 152 bytes.
            const std::size_t saved = never->tracker().memoryBytes() - usual->tracker().memoryBytes();
            QVERIFY2(saved >= connections * 64, qPrintable(QString("%1 bytes saved over %2 connections")
                                                               .arg(saved)
                                                               .arg(connections)));
        }
    }
};

QTEST_GUILESS_MAIN(TestFrozenMachines)
#include "test_frozen_machines.moc"
