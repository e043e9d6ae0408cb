// The graph data (issue 9), exactly: the Stevens graph's segments, ACK line, window line, SACK blocks and
// markers, RTT samples (Wireshark's ack_rtt with Karn's rule), bytes in flight, throughput and goodput, on
// graphScenario() whose every value is worked out by hand (graph_test_support.h); the I/O graph's counts per
// interval with two filters and its connection markers; min/max decimation; CSV; synscope-cli graph (PNG,
// PDF, exact CSV). Cross-checks of ack_rtt and bytes_in_flight against tshark: on the scenario captures when
// tshark is installed, and on the shared corpus from its recorded tshark output (each skipped when missing).
#include "graph_test_support.h"
#include "test_support.h"

#include "graphs/connection_trace.h"
#include "graphs/decimation.h"
#include "graphs/io_graph.h"
#include "graphs/tcp_graphs.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QtTest>
#include <cmath>
#include <functional>
#include <map>
#include <set>

using namespace synscope;
using namespace synscope::graphs;
using namespace synscope::testkit;

namespace {

QString num(double v) { return QString::fromStdString(formatNumber(v)); }

// "frame@ms:value" for each point, times in milliseconds.
QStringList points(const Series* s)
{
    QStringList out;
    if (!s)
        return out;
    for (const GraphPoint& p : s->points)
        out << QStringLiteral("%1@%2:%3").arg(p.frame).arg(num(std::round(p.x * 1e9) / 1e6), num(p.y));
    return out;
}

// "frame@ms:low-high" for each bar.
QStringList bars(const Series* s)
{
    QStringList out;
    if (!s)
        return out;
    for (const GraphBar& b : s->bars)
        out << QStringLiteral("%1@%2:%3-%4").arg(b.frame).arg(num(std::round(b.x * 1e9) / 1e6), num(b.low), num(b.high));
    return out;
}

QStringList ids(const GraphData& g)
{
    QStringList out;
    for (const Series& s : g.series)
        out << QString::fromStdString(s.id);
    return out;
}

struct Scenario {
    std::unique_ptr<test::LoadedCapture> capture;
    ConnectionTrace trace;
};

Scenario loadScenario(const std::function<void(CaptureScript&)>& build, std::uint32_t stream = 0)
{
    CaptureScript script;
    build(script);
    Scenario s;
    s.capture = test::load(script, CaptureFileFormat::Pcap);
    s.trace = traceConnection(*s.capture->store, stream);
    return s;
}

// tshark's tcp.analysis.bytes_in_flight and ack_rtt per frame, from `tshark -T fields` output or a recorded
// .tshark.extra.tsv (header line with field names).
struct TsharkAck {
    QString stream, bytesInFlight, ackRtt;
};

std::map<std::uint64_t, TsharkAck> parseTsharkFields(const QByteArray& text, bool header)
{
    std::map<std::uint64_t, TsharkAck> out;
    const QList<QByteArray> lines = text.split('\n');
    int frameCol = 0, streamCol = 1, bifCol = 2, rttCol = 3;
    int first = 0;
    if (header && !lines.isEmpty()) {
        const QList<QByteArray> names = lines[0].split('\t');
        frameCol = static_cast<int>(names.indexOf("frame.number"));
        streamCol = static_cast<int>(names.indexOf("tcp.stream"));
        bifCol = static_cast<int>(names.indexOf("tcp.analysis.bytes_in_flight"));
        rttCol = static_cast<int>(names.indexOf("tcp.analysis.ack_rtt"));
        first = 1;
    }
    for (int i = first; i < lines.size(); ++i) {
        const QList<QByteArray> f = lines[i].split('\t');
        if (f.size() <= std::max({frameCol, streamCol, bifCol, rttCol}) || frameCol < 0)
            continue;
        TsharkAck a;
        // An ICMP error quoting TCP lists the quoted segment's fields after the error's own: take the first.
        a.stream = QString::fromLatin1(f[streamCol].split(',').front());
        a.bytesInFlight = QString::fromLatin1(f[bifCol].split(',').front());
        a.ackRtt = QString::fromLatin1(f[rttCol].split(',').front());
        out[f[frameCol].toULongLong()] = a;
    }
    return out;
}

// Compares analyzeAcks() with tshark for every TCP segment of every stream of `store`. Returns the number
// of frames compared; mismatches are listed in `problems`.
// `skipped` (when given) lists the segments tshark puts in no stream or in another one, which are not compared.
int compareWithTshark(const PacketStore& store, const std::map<std::uint64_t, TsharkAck>& tshark, QStringList& problems,
                      QStringList* skipped = nullptr)
{
    int compared = 0;
    const std::size_t streams = store.tracker().connections().size();
    for (std::uint32_t stream = 0; stream < streams; ++stream) {
        const ConnectionTrace trace = traceConnection(store, stream);
        const AckAnalysis a = analyzeAcks(trace);
        for (std::size_t k = 0; k < trace.segments.size(); ++k) {
            const std::uint64_t frame = trace.segments[k].frame;
            const auto it = tshark.find(frame);
            if (it == tshark.end() || it->second.stream != QString::number(stream)) {
                // tshark gave it no stream of that number (e.g. a malformed segment)
                if (skipped)
                    *skipped << QStringLiteral("frame %1: stream %2, tshark %3")
                                    .arg(frame)
                                    .arg(stream)
                                    .arg(it == tshark.end() ? QStringLiteral("no row") : it->second.stream);
                continue;
            }
            ++compared;
            const QString bif = a.bytesInFlight[k] ? QString::number(a.bytesInFlight[k]) : QString();
            if (bif != it->second.bytesInFlight)
                problems << QStringLiteral("frame %1: bytes_in_flight %2, tshark %3").arg(frame).arg(bif, it->second.bytesInFlight);
            QString rtt;
            if (a.frameAcked[k] && a.ackRttNs[k] != 0) {
                const std::int64_t v = a.ackRttNs[k];
                const std::uint64_t mag = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
                rtt = QString::asprintf("%s%llu.%09llu", v < 0 ? "-" : "", static_cast<unsigned long long>(mag / 1000000000),
                                        static_cast<unsigned long long>(mag % 1000000000));
            }
            if (rtt != it->second.ackRtt)
                problems << QStringLiteral("frame %1: ack_rtt %2, tshark %3").arg(frame).arg(rtt, it->second.ackRtt);
        }
    }
    return compared;
}

QString tsharkPath() { return QStandardPaths::findExecutable(QStringLiteral("tshark")); }

} // namespace

class TestGraphs : public QObject {
    Q_OBJECT

private slots:
    void traceOfScenario();
    void stevensSegments();
    void stevensAckAndWindowLines();
    void stevensSackBlocks();
    void stevensMarkers();
    void stevensOtherDirection();
    void rttSamples();
    void rttKarnSkipsEverything();
    void bytesInFlight();
    void receiveWindow();
    void throughputAndGoodput();
    void unknownStream();
    void unwrapPast4GiB();
    void ioGraphCounts();
    void ioGraphBytesAndBits();
    void ioGraphMarkers();
    void ioGraphErrors();
    void decimationKeepsMinAndMax();
    void decimationOfBarsAndMarkers();
    void csvStream();
    void csvIo();
    void bulkTransferShape();
    void crossCheckScenariosWithTshark();
    void crossCheckCorpus();
    void cliGraph();
    void cliGraphErrors();
    void cliGraphBench();
};

void TestGraphs::traceOfScenario()
{
    const Scenario s = loadScenario(test::graphScenario);
    QVERIFY(s.trace.found);
    QCOMPARE(s.trace.segments.size(), std::size_t{21});
    QCOMPARE(QString::fromStdString(s.trace.client.toString()), QStringLiteral("192.0.2.10:41334"));
    QCOMPARE(s.trace.segments[9].frame, std::uint64_t{10});
    QCOMPARE(s.trace.segments[9].timeNs, std::int64_t{9000000});
    QCOMPARE(s.trace.segments[9].seq, 101u);
    QCOMPARE(s.trace.segments[9].length, 100u);
    QVERIFY(s.trace.segments[9].analysis & tcpanalysis::kFastRetransmission);
    QCOMPARE(s.trace.segments[7].sackCount, std::uint8_t{1});
    QCOMPARE(s.trace.segments[7].sackLeft[0], 201u);
    QCOMPARE(s.trace.segments[7].sackRight[0], 301u);
    QCOMPARE(s.trace.segments[1].window, std::uint64_t{64240}); // SYN/ACK: never scaled
    QCOMPARE(s.trace.segments[6].window, std::uint64_t{64256}); // 502 << 7
}

void TestGraphs::stevensSegments()
{
    const Scenario s = loadScenario(test::graphScenario);
    const GraphData g = buildStevensGraph(s.trace, Direction::ClientToServer);
    QCOMPARE(g.type, GraphType::Stevens);
    QCOMPARE(g.sender, std::string("192.0.2.10:41334"));
    QCOMPARE(g.receiver, std::string("198.51.100.20:80"));
    QVERIFY(g.note.empty());
    QCOMPARE(bars(g.find("segments")), QStringList({"4@3:1-101", "5@4:101-201", "6@5:201-301", "10@9:101-201",
                                                    "12@11:301-401", "13@12:301-401", "17@16:401-501"}));
    QCOMPARE(ids(g), QStringList({"segments", "sack", "ack", "window", "syn", "fin", "retransmission", "duplicate_ack",
                                  "zero_window"}));
}

void TestGraphs::stevensAckAndWindowLines()
{
    const Scenario s = loadScenario(test::graphScenario);
    const GraphData g = buildStevensGraph(s.trace, Direction::ClientToServer);
    QCOMPARE(g.find("ack")->style, SeriesStyle::Steps);
    QCOMPARE(points(g.find("ack")), QStringList({"2@1:1", "7@6:101", "8@7:101", "9@8:101", "11@10:301", "14@13:401",
                                                 "15@14:401", "16@15:401", "18@17:501", "20@19:502"}));
    // ack + window: the SYN/ACK's 64240 as is, then 502 << 7 = 64256; zero at frame 15.
    QCOMPARE(points(g.find("window")),
             QStringList({"2@1:64241", "7@6:64357", "8@7:64357", "9@8:64357", "11@10:64557", "14@13:64657", "15@14:401",
                          "16@15:64657", "18@17:64757", "20@19:64758"}));
}

void TestGraphs::stevensSackBlocks()
{
    const Scenario s = loadScenario(test::graphScenario);
    const GraphData g = buildStevensGraph(s.trace, Direction::ClientToServer);
    QCOMPARE(bars(g.find("sack")), QStringList({"8@7:201-301", "9@8:201-301"}));
}

void TestGraphs::stevensMarkers()
{
    const Scenario s = loadScenario(test::graphScenario);
    const GraphData g = buildStevensGraph(s.trace, Direction::ClientToServer);
    QCOMPARE(points(g.find("syn")), QStringList({"1@0:0"}));
    QCOMPARE(points(g.find("fin")), QStringList({"19@18:501"}));
    QVERIFY(!g.find("rst"));
    // At the top of the resent bar: the fast retransmission (10) and the one after a timeout (13).
    QCOMPARE(points(g.find("retransmission")), QStringList({"10@9:201", "13@12:401"}));
    QCOMPARE(points(g.find("duplicate_ack")), QStringList({"8@7:101", "9@8:101"}));
    QCOMPARE(points(g.find("zero_window")), QStringList({"15@14:401"}));
    for (const Series& series : g.series)
        QCOMPARE(series.style, series.id == "segments" || series.id == "sack" ? SeriesStyle::Bars
                               : series.id == "ack" || series.id == "window" ? SeriesStyle::Steps
                                                                             : SeriesStyle::Markers);
}

void TestGraphs::stevensOtherDirection()
{
    const Scenario s = loadScenario(test::graphScenario);
    const GraphData g = buildStevensGraph(s.trace, Direction::ServerToClient);
    QCOMPARE(g.sender, std::string("198.51.100.20:80"));
    QCOMPARE(bars(g.find("segments")), QStringList({"18@17:1-51"}));
    QCOMPARE(points(g.find("syn")), QStringList({"2@1:0"}));
    QCOMPARE(points(g.find("fin")), QStringList({"20@19:51"}));
    // The client's ACKs of the server's bytes: 1 until the data, 51 in its FIN, 52 for the server's FIN.
    QCOMPARE(points(g.find("ack")).mid(0, 3), QStringList({"3@2:1", "4@3:1", "5@4:1"}));
    QCOMPARE(points(g.find("ack")).mid(points(g.find("ack")).size() - 2), QStringList({"19@18:51", "21@20:52"}));
    QVERIFY(!g.find("sack"));
    QVERIFY(!g.find("retransmission"));
}

void TestGraphs::rttSamples()
{
    const Scenario s = loadScenario(test::graphScenario);
    const GraphData g = buildRttGraph(s.trace, Direction::ClientToServer);
    // x: the ACK's time; value in ms; frame: the ACK; aux: the acknowledged segment. Frame 14 acknowledges
    // D, sent twice (12, 13): no sample (Karn).
    const Series* rtt = g.find("rtt");
    QVERIFY(rtt);
    QCOMPARE(points(rtt), QStringList({"2@1:1", "7@6:3", "11@10:5", "18@17:1", "20@19:1"}));
    QStringList acked;
    for (const GraphPoint& p : rtt->points)
        acked << num(p.aux);
    QCOMPARE(acked, QStringList({"1", "4", "6", "17", "19"}));
    // The analysis itself has Wireshark's ack_rtt at frame 14 too (from the first send of D, frame 12).
    const AckAnalysis a = analyzeAcks(s.trace);
    QCOMPARE(a.frameAcked[13], std::uint64_t{12});
    QCOMPARE(a.ackRttNs[13], std::int64_t{2000000});
    QVERIFY(a.retransmittedAck[13]);
    QVERIFY(!a.retransmittedAck[10]);
    // The server's direction: its SYN/ACK acknowledged by frame 3, its data by the client's FIN.
    const GraphData back = buildRttGraph(s.trace, Direction::ServerToClient);
    QCOMPARE(points(back.find("rtt")), QStringList({"3@2:1", "19@18:1", "21@20:1"}));
}

void TestGraphs::rttKarnSkipsEverything()
{
    // A SYN sent twice and answered once: its RTT is ambiguous, and no other segment is acknowledged.
    const Scenario s = loadScenario([](CaptureScript& c) {
        const ScenarioHosts h = scenarioHosts(false);
        TcpConversation t(c, h.client, h.clientPort, h.server, h.serverPort);
        t.syn().synRetransmit().synAck();
    });
    const GraphData g = buildRttGraph(s.trace, Direction::ClientToServer);
    QVERIFY(g.empty());
    QVERIFY(QString::fromStdString(g.note).contains("Karn"));
}

void TestGraphs::bytesInFlight()
{
    const Scenario s = loadScenario(test::graphScenario);
    const GraphData g = buildWindowGraph(s.trace, Direction::ClientToServer);
    // A, A+B, A+B+C; the fast retransmission of B with B and C outstanding (101..301) less C, which the
    // server's latest segment reported in a SACK block; D; D and its resend (301..401); E.
    QCOMPARE(points(g.find("bytes_in_flight")),
             QStringList({"4@3:100", "5@4:200", "6@5:300", "10@9:100", "12@11:100", "13@12:100", "17@16:100"}));
    const GraphData back = buildWindowGraph(s.trace, Direction::ServerToClient);
    QCOMPARE(points(back.find("bytes_in_flight")), QStringList({"18@17:50"}));
}

void TestGraphs::receiveWindow()
{
    const Scenario s = loadScenario(test::graphScenario);
    const GraphData g = buildWindowGraph(s.trace, Direction::ClientToServer);
    QCOMPARE(points(g.find("receive_window")),
             QStringList({"2@1:64240", "7@6:64256", "8@7:64256", "9@8:64256", "11@10:64256", "14@13:64256", "15@14:0",
                          "16@15:64256", "18@17:64256", "20@19:64256"}));
    QCOMPARE(g.find("receive_window")->style, SeriesStyle::Steps);
    QCOMPARE(ids(g), QStringList({"receive_window", "bytes_in_flight"}));
}

void TestGraphs::throughputAndGoodput()
{
    const Scenario s = loadScenario(test::graphScenario);
    // A one-second window holds every segment: the running total × 8.
    GraphData g = buildThroughputGraph(s.trace, Direction::ClientToServer, 1.0);
    QCOMPARE(points(g.find("throughput")),
             QStringList({"4@3:800", "5@4:1600", "6@5:2400", "10@9:3200", "12@11:4000", "13@12:4800", "17@16:5600"}));
    // Data newly acknowledged: 100 at frame 7, 200 more at 11, 100 at 14 and 18; the FIN's ACK adds none.
    QCOMPARE(points(g.find("goodput")), QStringList({"7@6:800", "11@10:2400", "14@13:3200", "18@17:4000"}));
    // A 2.5 ms window: (t - 2.5 ms, t]; bytes × 8 / 0.0025.
    g = buildThroughputGraph(s.trace, Direction::ClientToServer, 0.0025);
    QCOMPARE(points(g.find("throughput")), QStringList({"4@3:320000", "5@4:640000", "6@5:960000", "10@9:320000",
                                                        "12@11:640000", "13@12:640000", "17@16:320000"}));
    QCOMPARE(points(g.find("goodput")), QStringList({"7@6:320000", "11@10:640000", "14@13:320000", "18@17:320000"}));
    // Exactly `window` apart: the older segment has left the window.
    g = buildThroughputGraph(s.trace, Direction::ClientToServer, 0.001);
    QCOMPARE(points(g.find("throughput")).mid(0, 3), QStringList({"4@3:800000", "5@4:800000", "6@5:800000"}));
    QCOMPARE(g.unit, ValueUnit::BitsPerSecond);
}

void TestGraphs::unknownStream()
{
    const Scenario s = loadScenario(test::graphScenario, 7);
    QVERIFY(!s.trace.found);
    const GraphData g = buildStevensGraph(s.trace, Direction::ClientToServer);
    QVERIFY(g.empty());
    QCOMPARE(g.note, std::string("the capture has no TCP stream 7"));
}

void TestGraphs::unwrapPast4GiB()
{
    SequenceUnwrapper u;
    QCOMPARE(u(0xfffffff0u), std::int64_t{0xfffffff0});
    QCOMPARE(u(0x10u), std::int64_t{0x100000010});
    QCOMPARE(u(0xfffffff8u), std::int64_t{0xfffffff8}); // a little back again
    QCOMPARE(u(0x7ffffff0u), std::int64_t{0x17ffffff0});
}

void TestGraphs::ioGraphCounts()
{
    CaptureScript script;
    test::graphScenario(script);
    const auto c = test::load(script);
    IoGraphOptions o;
    o.intervalNs = 5'000'000;
    o.lines = {{"all", "", 0, SeriesStyle::Line}, {"client", "src host 192.0.2.10", 0xff0000, SeriesStyle::Impulses}};
    GraphData g;
    std::string error;
    QVERIFY2(buildIoGraph(*c->store, o, g, error), error.c_str());
    QCOMPARE(g.type, GraphType::Io);
    QCOMPARE(g.intervalSeconds, 0.005);
    QCOMPARE(g.unit, ValueUnit::Packets);
    // Frames 1..21 at 0..20 ms: five per 5 ms, then frame 21. The client sent 1, 3, 4, 5 | 6, 10 | 12, 13 |
    // 17, 19 | 21. Each point carries the first frame of its interval.
    QCOMPARE(points(g.find("io0")), QStringList({"1@0:5", "6@5:5", "11@10:5", "16@15:5", "21@20:1"}));
    QCOMPARE(points(g.find("io1")), QStringList({"1@0:4", "6@5:2", "12@10:2", "17@15:2", "21@20:1"}));
    QCOMPARE(g.find("io1")->name, std::string("client"));
    QCOMPARE(g.find("io1")->color, 0xff0000u);
    QCOMPARE(g.find("io1")->style, SeriesStyle::Impulses);
    // A line's default name is its filter; an interval without a match has no frame.
    o.lines = {{"", "tcp[tcpflags] & tcp-syn != 0", 0, SeriesStyle::Line}};
    QVERIFY(buildIoGraph(*c->store, o, g, error));
    QCOMPARE(g.find("io0")->name, std::string("tcp[tcpflags] & tcp-syn != 0"));
    QCOMPARE(points(g.find("io0")), QStringList({"1@0:2", "0@5:0", "0@10:0", "0@15:0", "0@20:0"}));
    // No line given: every packet, named so.
    o.lines.clear();
    QVERIFY(buildIoGraph(*c->store, o, g, error));
    QCOMPARE(g.find("io0")->name, std::string("all packets"));
    QCOMPARE(g.find("io0")->points.size(), std::size_t{5});
    // 1 ms intervals: one packet each.
    o.intervalNs = 1'000'000;
    QVERIFY(buildIoGraph(*c->store, o, g, error));
    QCOMPARE(g.find("io0")->points.size(), std::size_t{21});
    for (const GraphPoint& p : g.find("io0")->points)
        QCOMPARE(p.y, 1.0);
}

void TestGraphs::ioGraphBytesAndBits()
{
    CaptureScript script;
    test::graphScenario(script);
    const auto c = test::load(script);
    // Frame lengths: 14 Ethernet + 20 IP + TCP header (+ options) + payload.
    std::vector<double> lengths;
    for (std::size_t i = 0; i < c->store->size(); ++i)
        lengths.push_back(c->store->record(i).originalLength);
    IoGraphOptions o;
    o.intervalNs = 10'000'000;
    o.unit = IoUnit::Bytes;
    o.lines = {{"client", "src host 192.0.2.10", 0, SeriesStyle::Line}, {"server", "src host 198.51.100.20", 0, SeriesStyle::Line}};
    GraphData g;
    std::string error;
    QVERIFY(buildIoGraph(*c->store, o, g, error));
    QCOMPARE(g.unit, ValueUnit::BytesPerInterval);
    const std::set<int> client{1, 3, 4, 5, 6, 10, 12, 13, 17, 19, 21};
    double expected[2][3] = {};
    for (int f = 1; f <= 21; ++f)
        expected[client.count(f) ? 0 : 1][(f - 1) / 10] += lengths[f - 1];
    for (int line = 0; line < 2; ++line)
        for (int b = 0; b < 3; ++b)
            QCOMPARE(g.series[line].points[b].y, expected[line][b]);
    QCOMPARE(lengths[3], 14.0 + 20 + 20 + 100); // frame 4: 100 bytes of data
    o.unit = IoUnit::Bits;
    QVERIFY(buildIoGraph(*c->store, o, g, error));
    QCOMPARE(g.unit, ValueUnit::BitsPerInterval);
    QCOMPARE(g.series[0].points[0].y, expected[0][0] * 8);
}

void TestGraphs::ioGraphMarkers()
{
    // Two connections: a four-way close starting at 0 and a refused one after it.
    CaptureScript script;
    fourWayClose(script, Side::Client);
    script.advance(100'000'000);
    refused(script);
    const auto c = test::load(script);
    IoGraphOptions o;
    o.intervalNs = 10'000'000;
    GraphData g;
    std::string error;
    QVERIFY(buildIoGraph(*c->store, o, g, error));
    const Series* open = g.find("connection_open");
    const Series* close = g.find("connection_close");
    QVERIFY(open && close);
    QVERIFY(open->rightAxis);
    QCOMPARE(open->style, SeriesStyle::Markers);
    // Four-way: 11 packets (handshake, request/response, close); refused: SYN, RST 1 ms later.
    QCOMPARE(points(open), QStringList({"1@0:0", "12@111:0"}));
    QCOMPARE(open->points[1].aux, 1.0); // stream number
    // The refused connection never opened, so it has no close.
    QCOMPARE(points(close), QStringList({"11@10:1"}));
    // Off: no markers.
    o.connectionMarkers = false;
    QVERIFY(buildIoGraph(*c->store, o, g, error));
    QVERIFY(!g.find("connection_open"));
}

void TestGraphs::ioGraphErrors()
{
    CaptureScript script;
    test::graphScenario(script);
    const auto c = test::load(script);
    IoGraphOptions o;
    GraphData g;
    std::string error;
    o.lines = {{"bad line", "tcp port", 0, SeriesStyle::Line}};
    QVERIFY(!buildIoGraph(*c->store, o, g, error));
    QVERIFY2(QString::fromStdString(error).startsWith("bad line: invalid filter \"tcp port\""), error.c_str());
    o.lines.clear();
    o.intervalNs = 999'999;
    QVERIFY(!buildIoGraph(*c->store, o, g, error));
    QCOMPARE(error, std::string("the interval must be between 1 ms and 10 min"));
    std::int64_t ns = 0;
    QVERIFY(ioIntervalFromSeconds(0.001, ns));
    QCOMPARE(ns, std::int64_t{1000000});
    QVERIFY(ioIntervalFromSeconds(600, ns));
    QVERIFY(!ioIntervalFromSeconds(601, ns));
    QVERIFY(!ioIntervalFromSeconds(0.0001, ns));
    // A cancelled computation stops without an error message.
    std::atomic<bool> cancel{true};
    o.intervalNs = 1'000'000;
    QVERIFY(!buildIoGraph(*c->store, o, g, error, &cancel));
    QVERIFY(error.empty());
}

void TestGraphs::decimationKeepsMinAndMax()
{
    // A million noisy points: every column's extremes (and its first and last point) survive.
    std::vector<GraphPoint> pts(1'000'000);
    std::mt19937 rng(3);
    for (std::size_t i = 0; i < pts.size(); ++i)
        pts[i] = {static_cast<double>(i) / 1000.0, std::sin(i / 5000.0) * 100 + (rng() % 1000) / 10.0, i + 1, 0};
    const int columns = 800;
    const double xMin = 100, xMax = 900;
    QElapsedTimer timer;
    timer.start();
    const std::vector<GraphPoint> d = decimateMinMax(pts, xMin, xMax, columns);
    const qint64 ms = timer.elapsed();
    QVERIFY2(d.size() <= static_cast<std::size_t>(columns) * 4 + 2, qPrintable(QString::number(d.size())));
    QVERIFY(d.size() > static_cast<std::size_t>(columns) * 2);
    QVERIFY2(ms < 200, qPrintable(QString::number(ms)));
    // The neighbours outside the range are kept, so the line reaches the edges.
    QVERIFY(d.front().x < xMin && d.back().x > xMax);
    // Per column: the true min and max are in the output, same frame, and order is kept.
    std::map<long, std::pair<double, double>> truth, kept;
    auto column = [&](double x) { return std::min<long>(static_cast<long>((x - xMin) * columns / (xMax - xMin)), columns - 1); };
    for (const GraphPoint& p : pts) {
        if (p.x < xMin || p.x > xMax)
            continue;
        auto [it, fresh] = truth.try_emplace(column(p.x), p.y, p.y);
        it->second.first = std::min(it->second.first, p.y);
        it->second.second = std::max(it->second.second, p.y);
    }
    for (std::size_t i = 0; i < d.size(); ++i) {
        if (i > 0)
            QVERIFY(d[i].frame > d[i - 1].frame);
        QCOMPARE(d[i].y, pts[d[i].frame - 1].y);
        if (d[i].x < xMin || d[i].x > xMax)
            continue;
        auto [it, fresh] = kept.try_emplace(column(d[i].x), d[i].y, d[i].y);
        it->second.first = std::min(it->second.first, d[i].y);
        it->second.second = std::max(it->second.second, d[i].y);
    }
    QCOMPARE(kept.size(), truth.size());
    for (const auto& [col, mm] : truth) {
        QCOMPARE(kept[col].first, mm.first);
        QCOMPARE(kept[col].second, mm.second);
    }
    // Few points: returned as they are.
    const std::vector<GraphPoint> few(pts.begin(), pts.begin() + 100);
    QCOMPARE(decimateMinMax(few, 0, 1, 800).size(), std::size_t{100});
    // Gaps (NaN) survive.
    std::vector<GraphPoint> gappy(pts.begin(), pts.begin() + 100000);
    gappy[50000].y = std::nan("");
    const std::vector<GraphPoint> dg = decimateMinMax(gappy, 0, 100, 10);
    QVERIFY(std::any_of(dg.begin(), dg.end(), [](const GraphPoint& p) { return std::isnan(p.y); }));
}

void TestGraphs::decimationOfBarsAndMarkers()
{
    std::vector<GraphBar> b;
    for (int i = 0; i < 10000; ++i)
        b.push_back({i / 100.0, i * 10.0, i * 10.0 + (i % 7 == 0 ? 500 : 5), static_cast<std::uint64_t>(i + 1)});
    const std::vector<GraphBar> d = decimateBars(b, 0, 100, 100);
    QVERIFY(d.size() <= 200);
    // Column 0 holds bars 0..99: lowest reach bar 0, highest reach bar 98 (98 % 7 == 0: +500).
    QCOMPARE(d[0].frame, std::uint64_t{1});
    QCOMPARE(d[1].frame, std::uint64_t{99});
    double lo = 1e18, hi = -1e18, trueHi = -1e18;
    for (const GraphBar& x : b)
        trueHi = std::max(trueHi, x.high);
    for (const GraphBar& x : d) {
        lo = std::min(lo, x.low);
        hi = std::max(hi, x.high);
    }
    QCOMPARE(lo, 0.0);
    QCOMPARE(hi, trueHi);
    std::vector<GraphPoint> m;
    for (int i = 0; i < 10000; ++i)
        m.push_back({i / 100.0, 7.0, static_cast<std::uint64_t>(i + 1), 0});
    const std::vector<GraphPoint> dm = decimateMarkers(m, 0, 100, 100, 1.0);
    QCOMPARE(dm.size(), std::size_t{100}); // one per column
    QCOMPARE(dm[1].frame, std::uint64_t{101});
}

void TestGraphs::csvStream()
{
    const Scenario s = loadScenario(test::graphScenario);
    const std::string stevens = toCsv(buildStevensGraph(s.trace, Direction::ClientToServer));
    QVERIFY(QString::fromStdString(stevens).startsWith("series,frame,time,value,end\n"
                                                       "segments,4,0.003000,1,101\n"
                                                       "segments,5,0.004000,101,201\n"));
    QVERIFY(stevens.find("\nsack,8,0.007000,201,301\n") != std::string::npos);
    QVERIFY(stevens.find("\nack,2,0.001000,1,\n") != std::string::npos);
    QVERIFY(stevens.find("\nretransmission,13,0.012000,401,\n") != std::string::npos);
    QCOMPARE(toCsv(buildRttGraph(s.trace, Direction::ClientToServer)),
             std::string("series,frame,time,value,end\n"
                         "rtt,2,0.001000,1,1\n"
                         "rtt,7,0.006000,3,4\n"
                         "rtt,11,0.010000,5,6\n"
                         "rtt,18,0.017000,1,17\n"
                         "rtt,20,0.019000,1,19\n"));
}

void TestGraphs::csvIo()
{
    CaptureScript script;
    test::graphScenario(script);
    const auto c = test::load(script);
    IoGraphOptions o;
    o.intervalNs = 5'000'000;
    o.lines = {{"all", "", 0, SeriesStyle::Line}, {"client, sent", "src host 192.0.2.10", 0, SeriesStyle::Line}};
    GraphData g;
    std::string error;
    QVERIFY(buildIoGraph(*c->store, o, g, error));
    QCOMPARE(toCsv(g), std::string("interval_start,all,\"client, sent\"\n"
                                   "0.000000,5,4\n"
                                   "0.005000,5,2\n"
                                   "0.010000,5,2\n"
                                   "0.015000,5,2\n"
                                   "0.020000,1,1\n"));
}

void TestGraphs::bulkTransferShape()
{
    CaptureScript script;
    test::BulkOptions o;
    o.segments = 2000;
    test::bulkTransfer(script, o);
    const auto c = test::load(script);
    QCOMPARE(c->store->tracker().connections().size(), std::size_t{1});
    const ConnectionTrace trace = traceConnection(*c->store, 0);
    const GraphData stevens = buildStevensGraph(trace, Direction::ClientToServer);
    QVERIFY(stevens.find("segments")->bars.size() > 2000);
    QVERIFY(stevens.find("retransmission") && stevens.find("retransmission")->points.size() >= 5);
    QVERIFY(stevens.find("sack") && !stevens.find("sack")->bars.empty());
    QVERIFY(stevens.find("duplicate_ack") && stevens.find("duplicate_ack")->points.size() >= 10);
    QVERIFY(stevens.find("zero_window"));
    QCOMPARE(stevens.find("ack")->points.back().y, 2000.0 * 1448 + 2); // the FIN acknowledged
    // Every RTT sample is the path's 40 ms, or more behind a queue or a zero window, never less.
    const GraphData rtt = buildRttGraph(trace, Direction::ClientToServer);
    QVERIFY(rtt.find("rtt")->points.size() > 1000);
    for (const GraphPoint& p : rtt.find("rtt")->points)
        QVERIFY2(p.y >= 40.0 - 1e-9, qPrintable(QString::number(p.y)));
    const GraphData window = buildWindowGraph(trace, Direction::ClientToServer);
    double maxFlight = 0;
    for (const GraphPoint& p : window.find("bytes_in_flight")->points)
        maxFlight = std::max(maxFlight, p.y);
    QVERIFY(maxFlight > 20 * 1448);
}

void TestGraphs::crossCheckScenariosWithTshark()
{
    const QString tshark = tsharkPath();
    if (tshark.isEmpty())
        QSKIP("tshark is not installed");
    struct Case {
        const char* name;
        std::function<void(CaptureScript&)> build;
    };
    const std::vector<Case> cases{
        {"graph scenario", test::graphScenario},
        {"bulk transfer", [](CaptureScript& s) {
             test::BulkOptions o;
             o.segments = 1500;
             o.snapLength = 128;
             test::bulkTransfer(s, o);
         }},
        {"four-way close", [](CaptureScript& s) { fourWayClose(s, Side::Server); }},
        {"simultaneous close", [](CaptureScript& s) { simultaneousClose(s); }},
        {"half-closed", [](CaptureScript& s) { halfClosed(s, Side::Client); }},
    };
    for (const Case& k : cases) {
        CaptureScript script;
        k.build(script);
        const auto c = test::load(script, CaptureFileFormat::Pcap);
        QProcess p;
        p.start(tshark, {"-n", "-r", QString::fromStdString(c->path), "-T", "fields", "-e", "frame.number", "-e",
                         "tcp.stream", "-e", "tcp.analysis.bytes_in_flight", "-e", "tcp.analysis.ack_rtt"});
        QVERIFY(p.waitForFinished(120000));
        const auto fields = parseTsharkFields(p.readAllStandardOutput(), false);
        QStringList problems;
        const int compared = compareWithTshark(*c->store, fields, problems);
        QVERIFY2(compared == static_cast<int>(c->store->size()), k.name);
        QVERIFY2(problems.isEmpty(), qPrintable(QString(k.name) + ":\n" + problems.mid(0, 20).join('\n')));
    }
}

void TestGraphs::crossCheckCorpus()
{
    const QString shared = test::sharedDir();
    if (shared.isEmpty())
        QSKIP("no shared corpus in this checkout");
    // Files with retransmissions, SACK, duplicate ACKs and zero windows, and a large many-connection one. Every
    // frame tshark gives a tcp.stream must be compared, and none may be skipped for being in another stream
    // than tshark's (none is today).
    const char* const files[] = {"cs1e_ftp-crack.pcap",           "cs_dns_isp_hijack.pcapng",
                                 "td_ssh.pcap",                   "cs_tcp_retransmissions.pcapng",
                                 "cs_tcp_zerowindowrecovery.pcapng", "td_kday3.pcap",
                                 "pp_pcapng-example.pcapng",      "cs1e_http-fault-post.pcap",
                                 "cs_synscan.pcapng"};
    int total = 0;
    for (const char* file : files) {
        const QString name = QString::fromLatin1(file);
        const QString path = shared + "/corpus/" + name;
        QFile reference(path + ".tshark.extra.tsv");
        QVERIFY2(reference.open(QIODevice::ReadOnly), qPrintable(path + ".tshark.extra.tsv is missing"));
        PacketStore store;
        std::string error;
        QVERIFY2(store.open(path.toStdString(), error), error.c_str());
        CaptureReader::Status status;
        while ((status = store.loadMore(1 << 16)) == CaptureReader::Status::More) {
        }
        const QString mismatch = test::corpusReadMismatch(path, true, status, store.size());
        QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
        const auto fields = parseTsharkFields(reference.readAll(), true);
        QStringList problems, skipped;
        const int compared = compareWithTshark(store, fields, problems, &skipped);
        QVERIFY2(problems.isEmpty(), qPrintable(name + ":\n" + problems.mid(0, 20).join('\n')));
        const auto inStreams = std::count_if(fields.begin(), fields.end(), [](const auto& f) { return !f.second.stream.isEmpty(); });
        qInfo("%s: %d segments agree with tshark (which has %lld frames in a TCP stream), %lld skipped", qPrintable(name),
              compared, static_cast<long long>(inStreams), static_cast<long long>(skipped.size()));
        QVERIFY2(skipped.isEmpty(), qPrintable(name + ": segments in another stream than tshark's: " +
                                               skipped.mid(0, 20).join("; ")));
        QCOMPARE(compared, static_cast<int>(inStreams));
        total += compared;
    }
    qInfo("%d segments compared", total);
    QVERIFY(total >= 22117); // the files' TCP frames by tshark's count, as above
}

void TestGraphs::cliGraph()
{
    CaptureScript script;
    test::graphScenario(script);
    const auto c = test::load(script);
    const QString file = QString::fromStdString(c->path);
    const QString dir = c->dir.path();
    // PNG and PDF: their magic.
    for (const char* type : {"stevens", "throughput", "rtt", "window", "io"}) {
        const QString png = dir + "/" + QString::fromLatin1(type) + ".png";
        const test::CliResult r = test::runCli({"graph", file, "--stream", "0", "--type", QString::fromLatin1(type), "-o", png});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QFile f(png);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.read(8), QByteArray("\x89PNG\r\n\x1a\n", 8));
    }
    const QString pdf = dir + "/g.pdf";
    test::CliResult r = test::runCli({"graph", file, "--stream", "0", "--type", "stevens", "-o", pdf});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QFile f(pdf);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.read(5) == "%PDF-");
    f.close();
    // CSV: exactly the graph's data.
    const QString csv = dir + "/rtt.csv";
    r = test::runCli({"graph", file, "--stream", "0", "--type", "rtt", "-o", csv});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QFile rf(csv);
    QVERIFY(rf.open(QIODevice::ReadOnly));
    QCOMPARE(rf.readAll(), QByteArray("series,frame,time,value,end\n"
                                      "rtt,2,0.001000,1,1\n"
                                      "rtt,7,0.006000,3,4\n"
                                      "rtt,11,0.010000,5,6\n"
                                      "rtt,18,0.017000,1,17\n"
                                      "rtt,20,0.019000,1,19\n"));
    // The server's direction, to standard output.
    r = test::runCli({"graph", file, "--stream", "0", "--type", "window", "--direction", "server", "-o", "-"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.startsWith("series,frame,time,value,end\nreceive_window,1,0.000000,64240,\n"));
    QVERIFY(r.out.contains("\nbytes_in_flight,18,0.017000,50,\n"));
    // I/O: the interval and two filter lines.
    r = test::runCli({"graph", file, "--type", "io", "--interval", "0.005", "-Y", "tcp", "-Y", "src host 192.0.2.10",
                      "-o", "-"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.out, QByteArray("interval_start,tcp,src host 192.0.2.10\n"
                               "0.000000,5,4\n"
                               "0.005000,5,2\n"
                               "0.010000,5,2\n"
                               "0.015000,5,2\n"
                               "0.020000,1,1\n"));
    r = test::runCli({"graph", file, "--type", "io", "--interval", "0.01", "--unit", "bytes", "-o", "-"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.startsWith("interval_start,all packets\n0.000000,"));
    // Throughput with its averaging window.
    r = test::runCli({"graph", file, "--stream", "0", "--type", "throughput", "--average", "0.0025", "-o", "-"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.contains("\nthroughput,5,0.004000,640000,\n"));
    // -Y on a stream graph: only the matching packets of the stream (here the client's).
    r = test::runCli({"graph", file, "--stream", "0", "--type", "stevens", "-Y", "src host 192.0.2.10", "-o", "-"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.contains("segments,4,"));
    QVERIFY(!r.out.contains("\nack,"));
}

void TestGraphs::cliGraphErrors()
{
    CaptureScript script;
    test::graphScenario(script);
    const auto c = test::load(script);
    const QString file = QString::fromStdString(c->path);
    const QString out = c->dir.path() + "/x.png";
    test::CliResult r = test::runCli({"graph", file, "--type", "stevens", "-o", out});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("--stream"), r.err.constData());
    r = test::runCli({"graph", file, "--stream", "5", "--type", "stevens", "-o", out});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("no TCP stream 5"), r.err.constData());
    r = test::runCli({"graph", file, "--stream", "0", "--type", "pie", "-o", out});
    QCOMPARE(r.exitCode, 2);
    r = test::runCli({"graph", file, "--stream", "0", "--type", "stevens", "-o", c->dir.path() + "/x.svgz"});
    QCOMPARE(r.exitCode, 2);
    r = test::runCli({"graph", file, "--type", "io", "--interval", "0.0001", "-o", out});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("1 ms"), r.err.constData());
    r = test::runCli({"graph", file, "--type", "io", "-Y", "tcp port", "-o", out});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("invalid filter"), r.err.constData());
    r = test::runCli({"graph", c->dir.path() + "/missing.pcap", "--type", "io", "-o", out});
    QCOMPARE(r.exitCode, 1);
    r = test::runCli({"graph", file, "--stream", "0", "--type", "stevens"});
    QCOMPARE(r.exitCode, 2);
}

void TestGraphs::cliGraphBench()
{
    CaptureScript script;
    test::graphScenario(script);
    const auto c = test::load(script);
    const QString file = QString::fromStdString(c->path);
    test::CliResult r = test::runCli({"bench", "--graph", "stevens", file, "--json"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(o["graph"].toString(), QStringLiteral("stevens"));
    QCOMPARE(o["packets"].toInt(), 21);
    // 7 segments, 2 SACK blocks, 10 ACK and 10 window steps, 1 SYN, 1 FIN, 2 retransmissions, 2 duplicate ACKs,
    // 1 zero window.
    QCOMPARE(o["points"].toInt(), 36);
    // Few enough to draw all; the bars are not counted (their plottable decimates them as it paints).
    QCOMPARE(o["drawn_points"].toInt(), 27);
    QVERIFY(o["render_s"].toDouble() >= o["compute_s"].toDouble());
    r = test::runCli({"bench", "--graph", "pie", file});
    QCOMPARE(r.exitCode, 2);
}

QTEST_GUILESS_MAIN(TestGraphs)
#include "test_graphs.moc"
