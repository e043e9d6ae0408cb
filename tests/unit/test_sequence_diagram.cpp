// The sequence diagram's data, built from one capture per way a TCP connection opens and closes: exact
// lifelines (client left, server right), arrows, named phases with their arrow ranges, and each side's
// states where they change; the three numberings; markers and the arrow cap; the Mermaid and text
// outputs; and `synscope-cli diagram` (SVG with real text, PNG, PDF, Mermaid, text, its usage errors).
#include "diagram/sequence_diagram.h"
#include "tcp_scenarios.h"
#include "test_support.h"

#include <QFile>
#include <QRegularExpression>
#include <QtTest>
#include <functional>

using namespace synscope;
using namespace synscope::testkit;

Q_DECLARE_METATYPE(std::function<void(CaptureScript&)>)

namespace {

using Build = std::function<void(CaptureScript&)>;

// "client 192.0.2.10" per lifeline, in order (left to right).
QStringList lifelinesOf(const SequenceDiagram& d)
{
    QStringList out;
    for (const DiagramLifeline& l : d.lifelines)
        out << QString::fromStdString(l.role.empty() ? l.title : l.role + " " + l.title);
    return out;
}

// "0>1 [S]" per arrow: from and to lifeline, then the flags text.
QStringList arrowsOf(const SequenceDiagram& d)
{
    QStringList out;
    for (const DiagramArrow& a : d.arrows)
        out << QString("%1>%2 %3").arg(a.from).arg(a.to).arg(QString::fromStdString(a.flags));
    return out;
}

// "Three-way handshake 0-2" per phase, in the diagram's order.
QStringList phasesOf(const SequenceDiagram& d)
{
    QStringList out;
    for (const DiagramPhase& p : d.phases)
        out << QString("%1 %2-%3").arg(QString::fromStdString(p.name)).arg(p.firstArrow).arg(p.lastArrow);
    return out;
}

// One side's states of one stream: the initial state, then "STATE@arrow" for each change. A state drawn
// on the wrong lifeline (not the one with the side's role) is marked, so the comparison fails.
QStringList statesOf(const SequenceDiagram& d, Side side, std::uint32_t stream = 0)
{
    QStringList out;
    const std::string role = side == Side::Client ? "client" : "server";
    for (const DiagramState& s : d.states) {
        if (s.side != side || s.stream != stream)
            continue;
        QString text = tcpStateName(s.state);
        if (s.arrow != DiagramState::kInitial)
            text += QString("@%1").arg(s.arrow);
        if (s.lifeline >= d.lifelines.size() || d.lifelines[s.lifeline].role != role)
            text += " (on the wrong lifeline)";
        out << text;
    }
    return out;
}

// Initial states first, then changes in arrow order.
bool statesOrdered(const SequenceDiagram& d)
{
    std::size_t key = 0;
    for (const DiagramState& s : d.states) {
        const std::size_t k = s.arrow == DiagramState::kInitial ? 0 : s.arrow + 1;
        if (k < key)
            return false;
        key = k;
    }
    return true;
}

QStringList repeat(const QString& s, int n)
{
    QStringList out;
    for (int i = 0; i < n; ++i)
        out << s;
    return out;
}

int countLines(const QString& text, const QRegularExpression& re)
{
    int n = 0;
    for (const QString& line : text.split('\n'))
        if (re.match(line).hasMatch())
            ++n;
    return n;
}

SequenceDiagram diagramOf(const Build& build, std::uint32_t stream = 0, const DiagramOptions& options = {})
{
    CaptureScript script;
    build(script);
    const auto capture = test::load(script);
    return buildConnectionDiagram(*capture->store, {stream}, options);
}

// The establishing part every closing scenario shares: handshake, request (37 B), ACK, response (43 B), ACK.
const QStringList kEstablish{"0>1 [S]", "1>0 [S.]", "0>1 [.]", "0>1 [P.]", "1>0 [.]", "1>0 [P.]", "0>1 [.]"};
const QStringList kOpenPhases{"Three-way handshake 0-2", "Data (4 segments, 80 B) 3-6"};
const QStringList kClientOpen{"CLOSED", "SYN_SENT@0", "ESTABLISHED@2"};
const QStringList kServerOpen{"LISTEN", "SYN_RECEIVED@1", "ESTABLISHED@2"};
const QStringList kV4{"client 192.0.2.10", "server 198.51.100.20"};
const QStringList kV6{"client 2001:db8::10", "server 2001:db8:1::20"};

} // namespace

class TestSequenceDiagram : public QObject {
    Q_OBJECT

private slots:
    // ---- The diagram of each scenario -----------------------------------------------------------------

    void scenario_data()
    {
        QTest::addColumn<Build>("build");
        QTest::addColumn<uint>("stream");
        QTest::addColumn<quint64>("firstFrame");
        QTest::addColumn<QStringList>("lifelines");
        QTest::addColumn<QStringList>("arrows");
        QTest::addColumn<QStringList>("phases");
        QTest::addColumn<QStringList>("clientStates");
        QTest::addColumn<QStringList>("serverStates");

        QTest::newRow("four-way close, client first")
            << Build([](CaptureScript& s) { fourWayClose(s, Side::Client); }) << 0u << quint64(1) << kV4
            << kEstablish + QStringList{"0>1 [F.]", "1>0 [.]", "1>0 [F.]", "0>1 [.]"}
            << kOpenPhases + QStringList{"Four-way teardown 7-10"}
            << kClientOpen + QStringList{"FIN_WAIT_1@7", "FIN_WAIT_2@8", "TIME_WAIT@10"}
            << kServerOpen + QStringList{"CLOSE_WAIT@8", "LAST_ACK@9", "CLOSED@10"};
        QTest::newRow("four-way close, server first")
            << Build([](CaptureScript& s) { fourWayClose(s, Side::Server); }) << 0u << quint64(1) << kV4
            << kEstablish + QStringList{"1>0 [F.]", "0>1 [.]", "0>1 [F.]", "1>0 [.]"}
            << kOpenPhases + QStringList{"Four-way teardown 7-10"}
            << kClientOpen + QStringList{"CLOSE_WAIT@8", "LAST_ACK@9", "CLOSED@10"}
            << kServerOpen + QStringList{"FIN_WAIT_1@7", "FIN_WAIT_2@8", "TIME_WAIT@10"};
        QTest::newRow("four-way close, no data")
            << Build([](CaptureScript& s) { fourWayClose(s, Side::Client, {false, false}); }) << 0u << quint64(1)
            << kV4 << QStringList{"0>1 [S]", "1>0 [S.]", "0>1 [.]", "0>1 [F.]", "1>0 [.]", "1>0 [F.]", "0>1 [.]"}
            << QStringList{"Three-way handshake 0-2", "Four-way teardown 3-6"}
            << kClientOpen + QStringList{"FIN_WAIT_1@3", "FIN_WAIT_2@4", "TIME_WAIT@6"}
            << kServerOpen + QStringList{"CLOSE_WAIT@4", "LAST_ACK@5", "CLOSED@6"};
        QTest::newRow("four-way close, IPv6")
            << Build([](CaptureScript& s) { fourWayClose(s, Side::Client, {true, true}); }) << 0u << quint64(1) << kV6
            << kEstablish + QStringList{"0>1 [F.]", "1>0 [.]", "1>0 [F.]", "0>1 [.]"}
            << kOpenPhases + QStringList{"Four-way teardown 7-10"}
            << kClientOpen + QStringList{"FIN_WAIT_1@7", "FIN_WAIT_2@8", "TIME_WAIT@10"}
            << kServerOpen + QStringList{"CLOSE_WAIT@8", "LAST_ACK@9", "CLOSED@10"};
        QTest::newRow("three-way close, client first")
            << Build([](CaptureScript& s) { threeWayClose(s, Side::Client); }) << 0u << quint64(1) << kV4
            << kEstablish + QStringList{"0>1 [F.]", "1>0 [F.]", "0>1 [.]"}
            << kOpenPhases + QStringList{"Three-way teardown (ACK and FIN combined) 7-9"}
            << kClientOpen + QStringList{"FIN_WAIT_1@7", "TIME_WAIT@9"}
            << kServerOpen + QStringList{"CLOSE_WAIT@8", "LAST_ACK@8", "CLOSED@9"};
        QTest::newRow("three-way close, server first")
            << Build([](CaptureScript& s) { threeWayClose(s, Side::Server); }) << 0u << quint64(1) << kV4
            << kEstablish + QStringList{"1>0 [F.]", "0>1 [F.]", "1>0 [.]"}
            << kOpenPhases + QStringList{"Three-way teardown (ACK and FIN combined) 7-9"}
            << kClientOpen + QStringList{"CLOSE_WAIT@8", "LAST_ACK@8", "CLOSED@9"}
            << kServerOpen + QStringList{"FIN_WAIT_1@7", "TIME_WAIT@9"};
        QTest::newRow("simultaneous close")
            << Build([](CaptureScript& s) { simultaneousClose(s); }) << 0u << quint64(1) << kV4
            << kEstablish + QStringList{"0>1 [F.]", "1>0 [F.]", "0>1 [.]", "1>0 [.]"}
            << kOpenPhases + QStringList{"Simultaneous close 7-10"}
            // Each side's CLOSING shows where its ACK proves it got the other FIN before its own was acked.
            << kClientOpen + QStringList{"FIN_WAIT_1@7", "CLOSING@9", "TIME_WAIT@10"}
            << kServerOpen + QStringList{"FIN_WAIT_1@8", "CLOSING@10", "TIME_WAIT@10"};
        QTest::newRow("reset by client")
            << Build([](CaptureScript& s) { resetClose(s, Side::Client); }) << 0u << quint64(1) << kV4
            << kEstablish + QStringList{"0>1 [R.]"} << kOpenPhases + QStringList{"Reset 7-7"}
            << kClientOpen + QStringList{"CLOSED@7"} << kServerOpen + QStringList{"CLOSED@7"};
        QTest::newRow("reset by server")
            << Build([](CaptureScript& s) { resetClose(s, Side::Server); }) << 0u << quint64(1) << kV4
            << kEstablish + QStringList{"1>0 [R.]"} << kOpenPhases + QStringList{"Reset 7-7"}
            << kClientOpen + QStringList{"CLOSED@7"} << kServerOpen + QStringList{"CLOSED@7"};
        QTest::newRow("FIN answered by RST")
            << Build([](CaptureScript& s) { finAnsweredByReset(s, Side::Client); }) << 0u << quint64(1) << kV4
            << kEstablish + QStringList{"0>1 [F.]", "1>0 [R.]"}
            << kOpenPhases + QStringList{"Reset (FIN answered by RST) 7-8"}
            << kClientOpen + QStringList{"FIN_WAIT_1@7", "CLOSED@8"} << kServerOpen + QStringList{"CLOSED@8"};
        QTest::newRow("half-closed by client")
            << Build([](CaptureScript& s) { halfClosed(s, Side::Client); }) << 0u << quint64(1) << kV4
            << kEstablish + QStringList{"0>1 [F.]", "1>0 [.]", "1>0 [P.]", "0>1 [.]"}
            << kOpenPhases + QStringList{"Half-close (the other side never closed) 7-10"}
            << kClientOpen + QStringList{"FIN_WAIT_1@7", "FIN_WAIT_2@8"} << kServerOpen + QStringList{"CLOSE_WAIT@8"};
        QTest::newRow("still open")
            << Build([](CaptureScript& s) { stillOpen(s); }) << 0u << quint64(1) << kV4 << kEstablish << kOpenPhases
            << kClientOpen << kServerOpen;
        QTest::newRow("refused")
            << Build([](CaptureScript& s) { refused(s); }) << 0u << quint64(1) << kV4
            << QStringList{"0>1 [S]", "1>0 [R.]"} << QStringList{"Refused (RST) 0-1"}
            << QStringList{"CLOSED", "SYN_SENT@0", "CLOSED@1"} << QStringList{"CLOSED"};
        QTest::newRow("rejected, ICMP")
            << Build([](CaptureScript& s) { rejected(s); }) << 0u << quint64(1) << kV4
            << QStringList{"0>1 [S]", "1>0 ICMP port unreachable"}
            << QStringList{"Rejected (ICMP port unreachable) 0-1"} << QStringList{"CLOSED", "SYN_SENT@0", "CLOSED@1"}
            << QStringList{"CLOSED"};
        QTest::newRow("rejected, ICMPv6")
            << Build([](CaptureScript& s) { rejected(s, {true, true}); }) << 0u << quint64(1) << kV6
            << QStringList{"0>1 [S]", "1>0 ICMPv6 port unreachable"}
            << QStringList{"Rejected (ICMPv6 port unreachable) 0-1"} << QStringList{"CLOSED", "SYN_SENT@0", "CLOSED@1"}
            << QStringList{"CLOSED"};
        for (int n = 1; n <= 5; ++n)
            QTest::newRow(qPrintable(QString("unanswered, SYN sent %1 times").arg(n)))
                << Build([n](CaptureScript& s) { unanswered(s, n); }) << 0u << quint64(1) << kV4 << repeat("0>1 [S]", n)
                << QStringList{QString("No answer: SYN sent %1 %2 0-%3").arg(n).arg(n == 1 ? "time" : "times").arg(n - 1)}
                << QStringList{"CLOSED", "SYN_SENT@0"} << QStringList{"LISTEN"};
        QTest::newRow("incomplete handshake")
            << Build([](CaptureScript& s) { incompleteHandshake(s); }) << 0u << quint64(1) << kV4
            << QStringList{"0>1 [S]", "1>0 [S.]"} << QStringList{"Incomplete handshake (no final ACK) 0-1"}
            << QStringList{"CLOSED", "SYN_SENT@0"} << QStringList{"LISTEN", "SYN_RECEIVED@1"};
        QTest::newRow("simultaneous open")
            << Build([](CaptureScript& s) { simultaneousOpen(s); }) << 0u << quint64(1) << kV4
            << QStringList{"0>1 [S]", "1>0 [S]", "0>1 [S.]", "1>0 [S.]", "0>1 [.]"}
            // Both sides are established with the second SYN/ACK; the ACK after it counts as data.
            << QStringList{"Simultaneous open 0-3", "Data (1 segment, 0 B) 4-4"}
            << QStringList{"CLOSED", "SYN_SENT@0", "SYN_RECEIVED@2", "ESTABLISHED@3"}
            << QStringList{"CLOSED", "SYN_SENT@1", "SYN_RECEIVED@3", "ESTABLISHED@3"};
        QTest::newRow("capture started mid-connection")
            << Build([](CaptureScript& s) { midConnection(s); }) << 0u << quint64(1) << kV4
            << QStringList{"0>1 [P.]", "1>0 [.]", "0>1 [F.]", "1>0 [.]", "1>0 [F.]", "0>1 [.]"}
            // In the data the note sorts after the data phase that starts at the same arrow (longer phases
            // first); handshakeNotCapturedNoteComesFirst checks the text outputs.
            << QStringList{"Handshake not captured 0-0", "Data (2 segments, 200 B) 0-1", "Four-way teardown 2-5"}
            << QStringList{"ESTABLISHED", "FIN_WAIT_1@2", "FIN_WAIT_2@3", "TIME_WAIT@5"}
            << QStringList{"ESTABLISHED", "CLOSE_WAIT@3", "LAST_ACK@4", "CLOSED@5"};
        QTest::newRow("port reuse, first connection")
            << Build([](CaptureScript& s) { portReuse(s); }) << 0u << quint64(1) << kV4
            << QStringList{"0>1 [S]", "1>0 [S.]", "0>1 [.]", "0>1 [F.]", "1>0 [.]", "1>0 [F.]", "0>1 [.]"}
            << QStringList{"Three-way handshake 0-2", "Four-way teardown 3-6"}
            << kClientOpen + QStringList{"FIN_WAIT_1@3", "FIN_WAIT_2@4", "TIME_WAIT@6"}
            << kServerOpen + QStringList{"CLOSE_WAIT@4", "LAST_ACK@5", "CLOSED@6"};
        QTest::newRow("port reuse, second connection")
            << Build([](CaptureScript& s) { portReuse(s); }) << 1u << quint64(8) << kV4
            << QStringList{"0>1 [S]", "1>0 [S.]", "0>1 [.]", "1>0 [F.]", "0>1 [F.]", "1>0 [.]"}
            << QStringList{"Three-way handshake 0-2", "Three-way teardown (ACK and FIN combined) 3-5"}
            << kClientOpen + QStringList{"CLOSE_WAIT@4", "LAST_ACK@4", "CLOSED@5"}
            << kServerOpen + QStringList{"FIN_WAIT_1@3", "TIME_WAIT@5"};
    }

    void scenario()
    {
        QFETCH(Build, build);
        QFETCH(uint, stream);
        QFETCH(quint64, firstFrame);
        QFETCH(QStringList, lifelines);
        QFETCH(QStringList, arrows);
        QFETCH(QStringList, phases);
        QFETCH(QStringList, clientStates);
        QFETCH(QStringList, serverStates);
        const SequenceDiagram d = diagramOf(build, stream);
        QCOMPARE(lifelinesOf(d), lifelines);
        QCOMPARE(arrowsOf(d), arrows);
        QCOMPARE(phasesOf(d), phases);
        QCOMPARE(statesOf(d, Side::Client, stream), clientStates);
        QCOMPARE(statesOf(d, Side::Server, stream), serverStates);
        QVERIFY(statesOrdered(d));
        QVERIFY(!d.multipleStreams);
        QVERIFY(d.note.empty());
        // Arrows are the stream's packets, in capture order, all of this stream.
        for (std::size_t i = 0; i < d.arrows.size(); ++i) {
            QCOMPARE(d.arrows[i].frame, firstFrame + i);
            QCOMPARE(d.arrows[i].stream, stream);
        }
        // Phase totals count the phase's arrows and payload bytes.
        for (const DiagramPhase& p : d.phases) {
            QCOMPARE(p.stream, stream);
            if (p.kind == PhaseKind::HandshakeNotCaptured)
                continue;
            std::uint64_t bytes = 0;
            for (std::size_t a = p.firstArrow; a <= p.lastArrow; ++a)
                bytes += d.arrows[a].payload;
            QCOMPARE(p.segments, std::uint32_t(p.lastArrow - p.firstArrow + 1));
            QCOMPARE(p.bytes, bytes);
        }
    }

    void dataPhaseCountsPayloadBytes()
    {
        // 37 B request + 43 B response; the pure ACKs count as segments with 0 B.
        const SequenceDiagram d = diagramOf([](CaptureScript& s) { fourWayClose(s, Side::Client); });
        QCOMPARE(d.phases.size(), std::size_t{3});
        QCOMPARE(d.phases[1].kind, PhaseKind::Data);
        QCOMPARE(d.phases[1].segments, 4u);
        QCOMPARE(d.phases[1].bytes, std::uint64_t{80});
        QCOMPARE(d.arrows[3].payload, 37u);
        QCOMPARE(d.arrows[5].payload, 43u);
        QCOMPARE(d.phases[0].kind, PhaseKind::Handshake);
        QCOMPARE(d.phases[2].kind, PhaseKind::Teardown);
        // Half-close: the 100 bytes the other side sends after the FIN belong to the half-close.
        const SequenceDiagram h = diagramOf([](CaptureScript& s) { halfClosed(s, Side::Client); });
        QCOMPARE(h.phases.back().kind, PhaseKind::HalfClose);
        QCOMPARE(h.phases.back().bytes, std::uint64_t{100});
        QCOMPARE(h.arrows[9].payload, 100u);
    }

    void titleNamesClientAndServer()
    {
        const SequenceDiagram d = diagramOf([](CaptureScript& s) { fourWayClose(s, Side::Client); });
        QCOMPARE(QString::fromStdString(d.title), QString("Connection 0: 192.0.2.10 \u2192 198.51.100.20"));
        const SequenceDiagram e =
            diagramOf([](CaptureScript& s) { fourWayClose(s, Side::Client); }, 0, {DiagramNumbers::Relative,
                                                                                   DiagramLifelines::PerEndpoint});
        QCOMPARE(QString::fromStdString(e.title), QString("Connection 0: 192.0.2.10:41334 \u2192 198.51.100.20:80"));
    }

    void handshakeWithRetransmittedSyn()
    {
        // SYN, SYN again 1 s later, then SYN/ACK and ACK: the handshake says how often the SYN went out and
        // the second SYN is marked as a retransmission.
        const SequenceDiagram d = diagramOf([](CaptureScript& s) {
            const ScenarioHosts h = scenarioHosts(false);
            TcpConversation c(s, h.client, h.clientPort, h.server, h.serverPort);
            c.setGap(1000000000);
            c.syn();
            c.setGap(1000000);
            c.syn().synAck().ack(Side::Client);
        });
        QCOMPARE(arrowsOf(d), (QStringList{"0>1 [S]", "0>1 [S]", "1>0 [S.]", "0>1 [.]"}));
        QCOMPARE(phasesOf(d), QStringList{"Three-way handshake (SYN sent 2 times) 0-3"});
        QCOMPARE(QString::fromStdString(d.arrows[0].marker), QString());
        QCOMPARE(QString::fromStdString(d.arrows[1].marker), QString("Retransmission"));
        QVERIFY(d.arrows[1].analysisFlags & tcpanalysis::kRetransmission);
        QCOMPARE(QString::fromStdString(d.arrows[2].marker), QString());
    }

    void portReuseBothStreams()
    {
        CaptureScript script;
        portReuse(script);
        const auto capture = test::load(script);
        const SequenceDiagram d = buildConnectionDiagram(*capture->store, {0, 1});
        QVERIFY(d.multipleStreams);
        QCOMPARE(QString::fromStdString(d.title), QString("2 connections"));
        QCOMPARE(lifelinesOf(d), kV4);
        QCOMPARE(d.arrows.size(), std::size_t{13});
        for (std::size_t i = 0; i < d.arrows.size(); ++i) {
            QCOMPARE(d.arrows[i].frame, std::uint64_t(i + 1));
            QCOMPARE(d.arrows[i].stream, i < 7 ? 0u : 1u);
        }
        QCOMPARE(phasesOf(d), (QStringList{"Three-way handshake 0-2", "Four-way teardown 3-6",
                                           "Three-way handshake 7-9",
                                           "Three-way teardown (ACK and FIN combined) 10-12"}));
        QCOMPARE(d.phases[2].stream, 1u);
        QCOMPARE(statesOf(d, Side::Client, 0), kClientOpen + QStringList({"FIN_WAIT_1@3", "FIN_WAIT_2@4", "TIME_WAIT@6"}));
        QCOMPARE(statesOf(d, Side::Server, 1),
                 (QStringList{"LISTEN", "SYN_RECEIVED@8", "ESTABLISHED@9", "FIN_WAIT_1@10", "TIME_WAIT@12"}));
        // Initial states of both streams come before every change.
        QVERIFY(statesOrdered(d));
        // The text ladder names the stream of each phase when there are several.
        const QString text = QString::fromStdString(diagramToText(d));
        QVERIFY2(text.contains("== Three-way handshake (stream 1)\n"), qPrintable(text));
        QVERIFY2(text.contains("== Four-way teardown (stream 0)\n"), qPrintable(text));
        QVERIFY2(text.contains("   ... 2.00 s later\n"), qPrintable(text));
    }

    // ---- Numbering and lifelines ----------------------------------------------------------------------

    void numbering_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<QStringList>("numbers"); // arrows 0, 1, 3, 7, 8, 9, 10 of the four-way close
        QTest::newRow("relative") << int(DiagramNumbers::Relative)
                                  << QStringList{"seq=0 win=64240",
                                                 "seq=0 ack=1 win=64240",
                                                 "seq=1 ack=1 len=37 win=64256",
                                                 "seq=38 ack=44 len=0 win=64256",
                                                 "seq=44 ack=39 len=0 win=64256",
                                                 "seq=44 ack=39 len=0 win=64256",
                                                 "seq=39 ack=45 len=0 win=64256"};
        QTest::newRow("absolute") << int(DiagramNumbers::Absolute)
                                  << QStringList{"seq=1000 win=64240",
                                                 "seq=5000 ack=1001 win=64240",
                                                 "seq=1001 ack=5001 len=37 win=64256",
                                                 "seq=1038 ack=5044 len=0 win=64256",
                                                 "seq=5044 ack=1039 len=0 win=64256",
                                                 "seq=5044 ack=1039 len=0 win=64256",
                                                 "seq=1039 ack=5045 len=0 win=64256"};
        // Textbook letters: x and y the initial sequence numbers; u the closer's FIN, v the other side's
        // ACK of it, w that side's FIN.
        QTest::newRow("symbolic") << int(DiagramNumbers::Symbolic)
                                  << QStringList{"seq=x win=64240",
                                                 "seq=y ack=x+1 win=64240",
                                                 "seq=x+1 ack=y+1 len=37 win=64256",
                                                 "seq=u ack=y+44 len=0 win=64256",
                                                 "seq=v ack=u+1 len=0 win=64256",
                                                 "seq=w ack=u+1 len=0 win=64256",
                                                 "seq=u+1 ack=w+1 len=0 win=64256"};
    }

    void numbering()
    {
        QFETCH(int, mode);
        QFETCH(QStringList, numbers);
        DiagramOptions o;
        o.numbers = static_cast<DiagramNumbers>(mode);
        const SequenceDiagram d = diagramOf([](CaptureScript& s) { fourWayClose(s, Side::Client); }, 0, o);
        QStringList got;
        for (std::size_t a : {0, 1, 3, 7, 8, 9, 10})
            got << QString::fromStdString(d.arrows[a].numbers);
        QCOMPARE(got, numbers);
        // The numbering does not change anything else.
        QCOMPARE(phasesOf(d), kOpenPhases + QStringList{"Four-way teardown 7-10"});
        QCOMPARE(arrowsOf(d)[7], QString("0>1 [F.]"));
    }

    void symbolicTeardownClosedByServer()
    {
        // The letters follow the roles: u is the server's FIN when the server closes first.
        DiagramOptions o;
        o.numbers = DiagramNumbers::Symbolic;
        const SequenceDiagram d = diagramOf([](CaptureScript& s) { fourWayClose(s, Side::Server); }, 0, o);
        QStringList got;
        for (std::size_t a = 7; a <= 10; ++a)
            got << QString::fromStdString(d.arrows[a].flags + " " + d.arrows[a].numbers);
        QCOMPARE(got, (QStringList{"[F.] seq=u ack=x+38 len=0 win=64256", "[.] seq=v ack=u+1 len=0 win=64256",
                                   "[F.] seq=w ack=u+1 len=0 win=64256", "[.] seq=u+1 ack=w+1 len=0 win=64256"}));
    }

    void perEndpointLifelines()
    {
        DiagramOptions o;
        o.lifelines = DiagramLifelines::PerEndpoint;
        const SequenceDiagram d = diagramOf([](CaptureScript& s) { fourWayClose(s, Side::Client); }, 0, o);
        QCOMPARE(lifelinesOf(d), (QStringList{"client 192.0.2.10:41334", "server 198.51.100.20:80"}));
        QCOMPARE(d.lifelines[0].port, std::uint16_t{41334});
        QCOMPARE(d.lifelines[1].port, std::uint16_t{80});
        const SequenceDiagram v6 = diagramOf([](CaptureScript& s) { fourWayClose(s, Side::Client, {true, true}); }, 0, o);
        QCOMPARE(lifelinesOf(v6), (QStringList{"client [2001:db8::10]:41334", "server [2001:db8:1::20]:80"}));
        // Per host, the two connections of a port reuse share two lifelines; per endpoint too (same ports).
        CaptureScript script;
        portReuse(script);
        const auto capture = test::load(script);
        QCOMPARE(buildConnectionDiagram(*capture->store, {0, 1}, o).lifelines.size(), std::size_t{2});
    }

    void perEndpointIcmpErrorUsesTheConnectionsLifelines()
    {
        // The ICMP error quotes the SYN from 192.0.2.10:41334 to 198.51.100.20:82: per endpoint, it goes from
        // the server's lifeline to the client's, not to new "address:0" lifelines.
        DiagramOptions o;
        o.lifelines = DiagramLifelines::PerEndpoint;
        const SequenceDiagram d = diagramOf([](CaptureScript& s) { rejected(s); }, 0, o);
        QCOMPARE(lifelinesOf(d).join(" | "), QString("client 192.0.2.10:41334 | server 198.51.100.20:82"));
        QCOMPARE(arrowsOf(d).join(" | "), QString("0>1 [S] | 1>0 ICMP port unreachable"));
    }

    void packetDiagramOfOtherProtocols()
    {
        // ARP (drawn between the IP addresses it names), UDP (ports per endpoint), and a frame without any
        // IP address, which is counted in the note.
        CaptureScript script;
        const ScenarioHosts h = scenarioHosts(false);
        script.add(ethernet(h.client.macAddress, mac(0xff), 0x0806,
                            arp(1, h.client.macAddress, h.client.address, MacAddress{}, h.router.address)));
        script.advance(1000);
        script.add(ethernetIp(h.client.macAddress, h.router.macAddress,
                              ipv4(h.client.address, h.router.address, 17,
                                   udp(h.client.address, h.router.address, 40000, 9999, bytesOf("hello")))));
        script.advance(1000);
        script.add(ethernet(h.client.macAddress, mac(0xfe), 0x88cc, Bytes(40, 0)));
        const auto capture = test::load(script);
        const SequenceDiagram d = buildPacketDiagram(*capture->store, {0, 1, 2});
        QCOMPARE(lifelinesOf(d), (QStringList{"192.0.2.10", "203.0.113.1"}));
        QCOMPARE(d.arrows.size(), std::size_t{2});
        QCOMPARE(d.arrows[0].kind, ArrowKind::Other);
        QCOMPARE(QString::fromStdString(d.arrows[0].flags), QString("ARP"));
        QCOMPARE(d.arrows[1].kind, ArrowKind::Other);
        QCOMPARE(QString::fromStdString(d.arrows[1].flags), QString("UDP"));
        QCOMPARE(d.arrows[1].frame, std::uint64_t{2});
        QVERIFY(d.phases.empty());
        QVERIFY(d.states.empty());
        QVERIFY2(QString::fromStdString(d.note).startsWith("1 packet without IP addresses (ARP aside) is not drawn."),
                 d.note.c_str());
        DiagramOptions o;
        o.lifelines = DiagramLifelines::PerEndpoint;
        const SequenceDiagram e = buildPacketDiagram(*capture->store, {1}, o);
        QCOMPARE(lifelinesOf(e), (QStringList{"192.0.2.10:40000", "203.0.113.1:9999"}));
        // Mermaid and the ladder draw them too.
        const QString m = QString::fromStdString(diagramToMermaid(d));
        QCOMPARE(countLines(m, QRegularExpression("^    L0->>L1: ")), 2);
    }

    void serverPacketFirstStillDrawsClientLeft()
    {
        // The capture starts with the server's packet (mid-connection): the client is still the left lifeline.
        const SequenceDiagram d = diagramOf([](CaptureScript& s) {
            const ScenarioHosts h = scenarioHosts(false);
            TcpConversation c(s, h.client, h.clientPort, h.server, h.serverPort, 123456, 987654);
            c.data(Side::Server, 50).ack(Side::Client).data(Side::Client, 10).ack(Side::Server);
        });
        QCOMPARE(lifelinesOf(d).size(), 2);
        // Which host is the client is the tracker's guess without a handshake; whichever it is, it is left.
        QCOMPARE(QString::fromStdString(d.lifelines[0].role), QString("client"));
        QCOMPARE(QString::fromStdString(d.lifelines[1].role), QString("server"));
    }

    // ---- Markers and the cap --------------------------------------------------------------------------

    void retransmittedSynMarker()
    {
        const SequenceDiagram d = diagramOf([](CaptureScript& s) { unanswered(s, 3); });
        QCOMPARE(d.arrows.size(), std::size_t{3});
        QCOMPARE(QString::fromStdString(d.arrows[0].marker), QString());
        QCOMPARE(QString::fromStdString(d.arrows[1].marker), QString("Retransmission"));
        QCOMPARE(QString::fromStdString(d.arrows[2].marker), QString("Retransmission"));
    }

    void capDrawsOnlyMaxArrows()
    {
        CaptureScript script;
        fourWayClose(script, Side::Client);
        const auto capture = test::load(script);
        std::vector<std::uint32_t> all;
        for (std::uint32_t i = 0; i < capture->store->size(); ++i)
            all.push_back(i);
        DiagramOptions o;
        o.maxArrows = 5;
        const SequenceDiagram d = buildPacketDiagram(*capture->store, all, o);
        QCOMPARE(d.arrows.size(), std::size_t{5});
        QCOMPARE(d.arrows.back().frame, std::uint64_t{5});
        QCOMPARE(QString::fromStdString(d.note),
                 QString("Only the first 5 of 11 packets are drawn; choose connections or a filter to see the rest."));
        QCOMPARE(QString::fromStdString(d.title), QString("5 packets"));
        // The phases describe only what is drawn.
        QCOMPARE(phasesOf(d), (QStringList{"Three-way handshake 0-2", "Data (2 segments, 37 B) 3-4"}));
        // Without the cap: all 11, no note, the same story as the connection diagram.
        const SequenceDiagram full = buildPacketDiagram(*capture->store, all);
        QCOMPARE(full.arrows.size(), std::size_t{11});
        QVERIFY(full.note.empty());
        QCOMPARE(QString::fromStdString(full.title), QString("11 packets"));
        QCOMPARE(phasesOf(full), kOpenPhases + QStringList{"Four-way teardown 7-10"});
        // The connection diagram is capped the same way.
        const SequenceDiagram c = buildConnectionDiagram(*capture->store, {0}, o);
        QCOMPARE(c.arrows.size(), std::size_t{5});
        QVERIFY(!c.note.empty());
    }

    // ---- Mermaid and text -----------------------------------------------------------------------------

    void mermaidFourWayClose()
    {
        const SequenceDiagram d = diagramOf([](CaptureScript& s) { fourWayClose(s, Side::Client); });
        const QString m = QString::fromStdString(diagramToMermaid(d));
        const QString expected = "sequenceDiagram\n"
                                 "    participant L0 as client 192.0.2.10\n"
                                 "    participant L1 as server 198.51.100.20\n"
                                 "    Note over L0: CLOSED\n"
                                 "    Note over L1: LISTEN\n"
                                 "    Note over L0,L1: Three-way handshake\n"
                                 "    L0->>L1: [S] seq=0 win=64240\n"
                                 "    Note over L0: SYN_SENT\n"
                                 "    L1->>L0: [S.] seq=0 ack=1 win=64240\n"
                                 "    Note over L1: SYN_RECEIVED\n"
                                 "    L0->>L1: [.] seq=1 ack=1 len=0 win=64256\n"
                                 "    Note over L0: ESTABLISHED\n"
                                 "    Note over L1: ESTABLISHED\n"
                                 "    Note over L0,L1: Data (4 segments, 80 B)\n"
                                 "    L0->>L1: [P.] seq=1 ack=1 len=37 win=64256\n"
                                 "    L1->>L0: [.] seq=1 ack=38 len=0 win=64256\n"
                                 "    L1->>L0: [P.] seq=1 ack=38 len=43 win=64256\n"
                                 "    L0->>L1: [.] seq=38 ack=44 len=0 win=64256\n"
                                 "    Note over L0,L1: Four-way teardown\n"
                                 "    L0->>L1: [F.] seq=38 ack=44 len=0 win=64256\n"
                                 "    Note over L0: FIN_WAIT_1\n"
                                 "    L1->>L0: [.] seq=44 ack=39 len=0 win=64256\n"
                                 "    Note over L1: CLOSE_WAIT\n"
                                 "    Note over L0: FIN_WAIT_2\n"
                                 "    L1->>L0: [F.] seq=44 ack=39 len=0 win=64256\n"
                                 "    Note over L1: LAST_ACK\n"
                                 "    L0->>L1: [.] seq=39 ack=45 len=0 win=64256\n"
                                 "    Note over L0: TIME_WAIT\n"
                                 "    Note over L1: CLOSED\n";
        QCOMPARE(m, expected);
    }

    void mermaid_data() { scenario_data(); }

    void mermaid()
    {
        QFETCH(Build, build);
        QFETCH(uint, stream);
        QFETCH(QStringList, phases);
        const SequenceDiagram d = diagramOf(build, stream);
        const QString m = QString::fromStdString(diagramToMermaid(d));
        QVERIFY(m.startsWith("sequenceDiagram\n"));
        QCOMPARE(countLines(m, QRegularExpression("^    participant L\\d+ as ")), int(d.lifelines.size()));
        int tcp = 0, icmp = 0;
        for (const DiagramArrow& a : d.arrows)
            (a.kind == ArrowKind::Tcp ? tcp : icmp) += 1;
        QCOMPARE(countLines(m, QRegularExpression("^    L\\d+->>L\\d+: \\[")), tcp);
        QCOMPARE(countLines(m, QRegularExpression("^    L\\d+--xL\\d+: ICMP")), icmp);
        // Every line is one of: header, participant, note, arrow.
        for (const QString& line : m.split('\n', Qt::SkipEmptyParts))
            QVERIFY2(QRegularExpression("^(sequenceDiagram|    participant L\\d+ as [^:;#]+|    Note over L\\d+(,L\\d+)?: "
                                        "[^:;#]+|    L\\d+(->>|--x)L\\d+: [^:;#]+)$")
                         .match(line)
                         .hasMatch(),
                     qPrintable(line));
        // The phases as notes over the connection's two lifelines, in order.
        QStringList notes;
        const QRegularExpression noteRe("^    Note over L\\d+,L\\d+: (.*)$");
        for (const QString& line : m.split('\n'))
            if (const auto match = noteRe.match(line); match.hasMatch())
                notes << match.captured(1);
        QStringList names;
        for (QString p : phases)
            names << p.left(p.lastIndexOf(' ')).replace(':', ' ');
        QCOMPARE(notes, names);
        // Every state change is a note over one lifeline.
        QCOMPARE(countLines(m, QRegularExpression("^    Note over L\\d+: [A-Z_12]+$")), int(d.states.size()));
    }

    void mermaidIcmpErrorIsCrossed()
    {
        const SequenceDiagram d = diagramOf([](CaptureScript& s) { rejected(s); });
        const QString m = QString::fromStdString(diagramToMermaid(d));
        QVERIFY2(m.contains("    L0->>L1: [S] seq=0 win=64240\n"), qPrintable(m));
        QVERIFY2(m.contains("    L1--xL0: ICMP port unreachable\n"), qPrintable(m));
        QVERIFY2(m.contains("    Note over L0,L1: Rejected (ICMP port unreachable)\n"), qPrintable(m));
    }

    void mermaidShowsMarkers()
    {
        const SequenceDiagram d = diagramOf([](CaptureScript& s) { unanswered(s, 2); });
        const QString m = QString::fromStdString(diagramToMermaid(d));
        QVERIFY2(m.contains("    L0->>L1: [S] seq=0 win=64240 (Retransmission)\n"), qPrintable(m));
        QVERIFY2(m.contains("    Note over L0,L1: No answer  SYN sent 2 times\n"), qPrintable(m));
    }

    void textLadder()
    {
        const SequenceDiagram d = diagramOf([](CaptureScript& s) { fourWayClose(s, Side::Client); });
        const QString t = QString::fromStdString(diagramToText(d));
        const QStringList lines = t.split('\n');
        QCOMPARE(lines[0], QString("Connection 0: 192.0.2.10 \u2192 198.51.100.20"));
        QCOMPARE(lines[1], QString("TCP states as seen at the capture point."));
        QVERIFY(lines[3].contains(QRegularExpression("client 192\\.0\\.2\\.10 +server 198\\.51\\.100\\.20")));
        QVERIFY(lines[4].contains(QRegularExpression("^ +CLOSED +LISTEN")));
        // Phases as headings before their first arrow, in order.
        QStringList headings;
        for (const QString& l : lines)
            if (l.startsWith("== "))
                headings << l.mid(3);
        QCOMPARE(headings, (QStringList{"Three-way handshake", "Data (4 segments, 80 B)", "Four-way teardown"}));
        // One row per arrow, left to right for the client's packets, with the states that begin there.
        QStringList rows;
        for (const QString& l : lines)
            if (l.contains(QRegularExpression("^ +\\d+  \\d+\\.\\d{6} ")))
                rows << l;
        QCOMPARE(rows.size(), 11);
        QVERIFY2(rows[0].contains(QRegularExpression("^     1  0\\.000000 +\\|---\\[S\\] seq=0 win=64240-+>\\|   client SYN_SENT$")),
                 qPrintable(rows[0]));
        QVERIFY2(rows[1].contains(QRegularExpression("\\|<--\\[S\\.\\] seq=0 ack=1 win=64240-+\\|   server SYN_RECEIVED$")),
                 qPrintable(rows[1]));
        QVERIFY2(rows[2].endsWith("   client ESTABLISHED, server ESTABLISHED"), qPrintable(rows[2]));
        QVERIFY2(rows[8].endsWith("   server CLOSE_WAIT, client FIN_WAIT_2"), qPrintable(rows[8]));
        QVERIFY2(rows[10].startsWith("    11  0.010000 "), qPrintable(rows[10]));
        QVERIFY2(rows[10].endsWith("   client TIME_WAIT, server CLOSED"), qPrintable(rows[10]));
        // Every arrow ends on its lifeline: all rows the same width up to the closing '|'.
        int width = -1;
        for (const QString& r : rows) {
            const int end = r.lastIndexOf('|');
            if (width < 0)
                width = end;
            QCOMPARE(end, width);
        }
    }

    void text_data() { scenario_data(); }

    void text()
    {
        QFETCH(Build, build);
        QFETCH(uint, stream);
        QFETCH(QStringList, phases);
        QFETCH(QStringList, clientStates);
        QFETCH(QStringList, serverStates);
        const SequenceDiagram d = diagramOf(build, stream);
        const QString t = QString::fromStdString(diagramToText(d));
        for (const QString& p : phases)
            QVERIFY2(t.contains("== " + p.left(p.lastIndexOf(' ')) + "\n"), qPrintable(p + "\n" + t));
        for (const QString& s : clientStates)
            if (s.contains('@'))
                QVERIFY2(t.contains("client " + s.left(s.indexOf('@'))), qPrintable(s + "\n" + t));
        for (const QString& s : serverStates)
            if (s.contains('@'))
                QVERIFY2(t.contains("server " + s.left(s.indexOf('@'))), qPrintable(s + "\n" + t));
    }

    void handshakeNotCapturedNoteComesFirst()
    {
        // "A note above the connection's first arrow": in the ladder and in Mermaid it comes before the data
        // phase that starts at that arrow, as the view draws it.
        const SequenceDiagram d = diagramOf([](CaptureScript& s) { midConnection(s); });
        const QString t = QString::fromStdString(diagramToText(d));
        QVERIFY2(t.contains("== Handshake not captured\n== Data (2 segments, 200 B)\n     1  "), qPrintable(t));
        const QString m = QString::fromStdString(diagramToMermaid(d));
        QVERIFY2(m.contains("    Note over L0,L1: Handshake not captured\n    Note over L0,L1: Data (2 segments, 200 B)\n"
                            "    L0->>L1: [P.] seq=1 ack=1 len=200 win=502\n"),
                 qPrintable(m));
    }

    void textShowsPauses()
    {
        const SequenceDiagram d = diagramOf([](CaptureScript& s) { unanswered(s, 3); });
        const QString t = QString::fromStdString(diagramToText(d));
        QCOMPARE(t.count("   ... 1.00 s later\n"), 2);
        QVERIFY2(t.contains("(Retransmission)"), qPrintable(t));
    }

    // ---- synscope-cli diagram -------------------------------------------------------------------------

    void cliSvgHasRealText()
    {
        CaptureScript script;
        fourWayClose(script, Side::Client);
        const auto capture = test::load(script);
        const QString out = QString::fromStdString(capture->path) + ".svg";
        const test::CliResult r = test::runCli({"diagram", QString::fromStdString(capture->path), "--stream", "0", "-o", out});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString svg = QString::fromUtf8(f.readAll());
        QVERIFY(svg.contains("<svg"));
        QStringList texts;
        const QRegularExpression textRe("<text[^>]*>([^<]*)</text>");
        for (auto it = textRe.globalMatch(svg); it.hasNext();)
            texts << it.next().captured(1).trimmed();
        for (const char* phase : {"Three-way handshake", "Data (4 segments, 80 B)", "Four-way teardown"})
            QVERIFY2(texts.contains(QString(phase)), phase);
        for (const char* state : {"CLOSED", "LISTEN", "SYN_SENT", "SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1",
                                     "FIN_WAIT_2", "CLOSE_WAIT", "LAST_ACK", "TIME_WAIT"})
            QVERIFY2(texts.contains(QString(state)), state);
        QVERIFY(texts.contains("192.0.2.10"));
        QVERIFY(texts.contains("198.51.100.20"));
        QVERIFY(texts.contains("[F.]"));
        // The title of the SVG document names the connection.
        QVERIFY(svg.contains("<title>Connection 0: 192.0.2.10 \u2192 198.51.100.20</title>"));
    }

    void cliMermaidAndTextToStdout()
    {
        CaptureScript script;
        rejected(script);
        const auto capture = test::load(script);
        const QString file = QString::fromStdString(capture->path);
        const SequenceDiagram d = buildConnectionDiagram(*capture->store, {0});
        test::CliResult r = test::runCli({"diagram", file, "--stream", "0", "--format", "mermaid", "-o", "-"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(QString::fromUtf8(r.out), QString::fromStdString(diagramToMermaid(d)));
        QVERIFY(r.err.isEmpty());
        r = test::runCli({"diagram", file, "--stream", "0", "--format", "text", "-o", "-"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(QString::fromUtf8(r.out), QString::fromStdString(diagramToText(d)));
        // -o - without --format is text.
        r = test::runCli({"diagram", file, "--stream", "0", "-o", "-"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("== Rejected (ICMP port unreachable)\n"));
        // Symbolic numbers through the CLI.
        CaptureScript four;
        fourWayClose(four, Side::Client);
        const auto fourCapture = test::load(four);
        r = test::runCli({"diagram", QString::fromStdString(fourCapture->path), "--stream", "0", "--numbers",
                          "symbolic", "--format", "mermaid", "-o", "-"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("    L0->>L1: [.] seq=u+1 ack=w+1 len=0 win=64256\n"), r.out.constData());
        // Without --stream: every packet (the filter, if any, chooses).
        r = test::runCli({"diagram", QString::fromStdString(fourCapture->path), "--format", "text", "-o", "-"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith("11 packets\n"), r.out.constData());
        r = test::runCli({"diagram", QString::fromStdString(fourCapture->path), "-Y", "tcp[tcpflags] & tcp-fin != 0",
                          "--format", "text", "-o", "-"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith("2 packets\n"), r.out.constData());
    }

    void cliUsageErrors()
    {
        CaptureScript script;
        fourWayClose(script, Side::Client);
        const auto capture = test::load(script);
        const QString file = QString::fromStdString(capture->path);
        const QString dir = QFileInfo(file).absolutePath();
        test::CliResult r = test::runCli({"diagram", file, "--stream", "1", "-o", dir + "/x.svg"});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(QString::fromUtf8(r.err), QString("synscope-cli: diagram: the capture has no TCP stream 1 (it has 1)\n"));
        QVERIFY(!QFileInfo::exists(dir + "/x.svg"));
        r = test::runCli({"diagram", file, "--stream", "0", "--format", "gif", "-o", dir + "/x.gif"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("unknown format \"gif\""), r.err.constData());
        r = test::runCli({"diagram", file, "--stream", "0", "-o", dir + "/x.bmp"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("unknown format \"bmp\""), r.err.constData());
        r = test::runCli({"diagram", file, "--stream", "0"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("-o OUT is required"), r.err.constData());
        r = test::runCli({"diagram", file, "--stream", "0", "--format", "svg", "-o", "-"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("needs an output file"), r.err.constData());
        r = test::runCli({"diagram", file, "--stream", "zero", "-o", "-"});
        QCOMPARE(r.exitCode, 2);
        r = test::runCli({"diagram", file, "--numbers", "roman", "-o", "-"});
        QCOMPARE(r.exitCode, 2);
        // A folder that does not exist: the file cannot be written.
        r = test::runCli({"diagram", file, "--stream", "0", "-o", dir + "/missing/x.svg"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("does not exist"), r.err.constData());
        r = test::runCli({"diagram", dir + "/absent.pcap", "-o", "-"});
        QCOMPARE(r.exitCode, 1);
    }

    void cliPngAndPdf()
    {
        CaptureScript script;
        threeWayClose(script, Side::Server);
        const auto capture = test::load(script);
        const QString file = QString::fromStdString(capture->path);
        const QString dir = QFileInfo(file).absolutePath();
        test::CliResult r = test::runCli({"diagram", file, "--stream", "0", "-o", dir + "/d.png"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QFile png(dir + "/d.png");
        QVERIFY(png.open(QIODevice::ReadOnly));
        const QByteArray pngBytes = png.readAll();
        QVERIFY(pngBytes.size() > 1000);
        QVERIFY(pngBytes.startsWith(QByteArray("\x89PNG\r\n\x1a\n", 8)));
        r = test::runCli({"diagram", file, "--stream", "0", "-o", dir + "/d.pdf"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QFile pdf(dir + "/d.pdf");
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        const QByteArray pdfBytes = pdf.readAll();
        QVERIFY(pdfBytes.size() > 1000);
        QVERIFY(pdfBytes.startsWith("%PDF-"));
        QVERIFY(pdfBytes.contains("%%EOF"));
        // --format wins over the extension.
        r = test::runCli({"diagram", file, "--stream", "0", "--format", "png", "-o", dir + "/d.out"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QFile out(dir + "/d.out");
        QVERIFY(out.open(QIODevice::ReadOnly));
        QVERIFY(out.read(4) == QByteArray("\x89PNG", 4));
    }
};

QTEST_GUILESS_MAIN(TestSequenceDiagram)
#include "test_sequence_diagram.moc"
