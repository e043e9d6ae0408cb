// Each way a TCP connection opens and closes, built by the capture builder, read back through the real
// reader and analysis: exact open and close names, who closed, and both sides' state sequences.
#include "tcp_scenarios.h"
#include "test_support.h"

#include <QtTest>
#include <functional>

using namespace synscope;
using namespace synscope::testkit;

Q_DECLARE_METATYPE(std::function<void(CaptureScript&)>)

namespace {

const QStringList kClientFourWay{"CLOSED", "SYN_SENT", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT"};
const QStringList kServerPassive{"LISTEN", "SYN_RECEIVED", "ESTABLISHED", "CLOSE_WAIT", "LAST_ACK", "CLOSED"};
const QStringList kServerFourWay{"LISTEN", "SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT"};
const QStringList kClientPassive{"CLOSED", "SYN_SENT", "ESTABLISHED", "CLOSE_WAIT", "LAST_ACK", "CLOSED"};

ConnectionReport onlyConnection(const test::LoadedCapture& c)
{
    const auto reports = buildConnectionReports(c.store->tracker());
    if (reports.size() != 1)
        throw std::runtime_error("expected one connection, got " + std::to_string(reports.size()));
    return reports[0];
}

} // namespace

class TestTcpLifecycle : public QObject {
    Q_OBJECT

private slots:
    void lifecycle_data()
    {
        QTest::addColumn<std::function<void(CaptureScript&)>>("build");
        QTest::addColumn<QString>("open");
        QTest::addColumn<QString>("close");
        QTest::addColumn<QString>("closedBy");
        QTest::addColumn<QStringList>("clientStates");
        QTest::addColumn<QStringList>("serverStates");

        for (const bool v6 : {false, true}) {
            for (const bool data : {true, false}) {
                const ScenarioOptions o{v6, data};
                const QString tag = QString(v6 ? " IPv6" : " IPv4") + (data ? " with data" : " no data");
                QTest::newRow(qPrintable("four-way, client first" + tag))
                    << std::function<void(CaptureScript&)>([o](CaptureScript& s) { fourWayClose(s, Side::Client, o); })
                    << "three-way" << "four-way" << "client" << kClientFourWay << kServerPassive;
                QTest::newRow(qPrintable("four-way, server first" + tag))
                    << std::function<void(CaptureScript&)>([o](CaptureScript& s) { fourWayClose(s, Side::Server, o); })
                    << "three-way" << "four-way" << "server" << kClientPassive << kServerFourWay;
                QTest::newRow(qPrintable("three-way, client first" + tag))
                    << std::function<void(CaptureScript&)>([o](CaptureScript& s) { threeWayClose(s, Side::Client, o); })
                    << "three-way" << "three-way" << "client"
                    << QStringList{"CLOSED", "SYN_SENT", "ESTABLISHED", "FIN_WAIT_1", "TIME_WAIT"} << kServerPassive;
                QTest::newRow(qPrintable("three-way, server first" + tag))
                    << std::function<void(CaptureScript&)>([o](CaptureScript& s) { threeWayClose(s, Side::Server, o); })
                    << "three-way" << "three-way" << "server" << kClientPassive
                    << QStringList{"LISTEN", "SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1", "TIME_WAIT"};
                QTest::newRow(qPrintable("simultaneous close" + tag))
                    << std::function<void(CaptureScript&)>([o](CaptureScript& s) { simultaneousClose(s, o); })
                    << "three-way" << "simultaneous" << "both"
                    << QStringList{"CLOSED", "SYN_SENT", "ESTABLISHED", "FIN_WAIT_1", "CLOSING", "TIME_WAIT"}
                    << QStringList{"LISTEN", "SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1", "CLOSING", "TIME_WAIT"};
                QTest::newRow(qPrintable("reset by client" + tag))
                    << std::function<void(CaptureScript&)>([o](CaptureScript& s) { resetClose(s, Side::Client, o); })
                    << "three-way" << "reset" << "client" << QStringList{"CLOSED", "SYN_SENT", "ESTABLISHED", "CLOSED"}
                    << QStringList{"LISTEN", "SYN_RECEIVED", "ESTABLISHED", "CLOSED"};
                QTest::newRow(qPrintable("reset by server" + tag))
                    << std::function<void(CaptureScript&)>([o](CaptureScript& s) { resetClose(s, Side::Server, o); })
                    << "three-way" << "reset" << "server" << QStringList{"CLOSED", "SYN_SENT", "ESTABLISHED", "CLOSED"}
                    << QStringList{"LISTEN", "SYN_RECEIVED", "ESTABLISHED", "CLOSED"};
                QTest::newRow(qPrintable("FIN answered by RST" + tag))
                    << std::function<void(CaptureScript&)>(
                           [o](CaptureScript& s) { finAnsweredByReset(s, Side::Client, o); })
                    << "three-way" << "reset" << "server"
                    << QStringList{"CLOSED", "SYN_SENT", "ESTABLISHED", "FIN_WAIT_1", "CLOSED"}
                    << QStringList{"LISTEN", "SYN_RECEIVED", "ESTABLISHED", "CLOSED"};
                QTest::newRow(qPrintable("half-closed by client" + tag))
                    << std::function<void(CaptureScript&)>([o](CaptureScript& s) { halfClosed(s, Side::Client, o); })
                    << "three-way" << "half-closed" << "client"
                    << QStringList{"CLOSED", "SYN_SENT", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2"}
                    << QStringList{"LISTEN", "SYN_RECEIVED", "ESTABLISHED", "CLOSE_WAIT"};
                QTest::newRow(qPrintable("still open" + tag))
                    << std::function<void(CaptureScript&)>([o](CaptureScript& s) { stillOpen(s, o); }) << "three-way"
                    << "open" << "" << QStringList{"CLOSED", "SYN_SENT", "ESTABLISHED"}
                    << QStringList{"LISTEN", "SYN_RECEIVED", "ESTABLISHED"};
            }
            const ScenarioOptions o{v6, true};
            const QString tag = v6 ? " IPv6" : " IPv4";
            QTest::newRow(qPrintable("refused" + tag))
                << std::function<void(CaptureScript&)>([o](CaptureScript& s) { refused(s, o); }) << "refused" << "none"
                << "" << QStringList{"CLOSED", "SYN_SENT", "CLOSED"} << QStringList{"CLOSED"};
            QTest::newRow(qPrintable("rejected by ICMP port unreachable" + tag))
                << std::function<void(CaptureScript&)>([o](CaptureScript& s) { rejected(s, o); }) << "rejected"
                << "none" << "" << QStringList{"CLOSED", "SYN_SENT", "CLOSED"} << QStringList{"CLOSED"};
            QTest::newRow(qPrintable("incomplete handshake" + tag))
                << std::function<void(CaptureScript&)>([o](CaptureScript& s) { incompleteHandshake(s, o); })
                << "incomplete" << "none" << "" << QStringList{"CLOSED", "SYN_SENT"}
                << QStringList{"LISTEN", "SYN_RECEIVED"};
            QTest::newRow(qPrintable("simultaneous open" + tag))
                << std::function<void(CaptureScript&)>([o](CaptureScript& s) { simultaneousOpen(s, o); })
                << "simultaneous-open" << "open" << ""
                << QStringList{"CLOSED", "SYN_SENT", "SYN_RECEIVED", "ESTABLISHED"}
                << QStringList{"CLOSED", "SYN_SENT", "SYN_RECEIVED", "ESTABLISHED"};
            QTest::newRow(qPrintable("capture started mid-connection" + tag))
                << std::function<void(CaptureScript&)>([o](CaptureScript& s) { midConnection(s, o); })
                << "not-captured" << "four-way" << "client"
                << QStringList{"ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT"}
                << QStringList{"ESTABLISHED", "CLOSE_WAIT", "LAST_ACK", "CLOSED"};
            for (int syns = 1; syns <= 5; ++syns)
                QTest::newRow(qPrintable(QString("unanswered, SYN sent %1 times").arg(syns) + tag))
                    << std::function<void(CaptureScript&)>([o, syns](CaptureScript& s) { unanswered(s, syns, o); })
                    << "unanswered" << "none" << "" << QStringList{"CLOSED", "SYN_SENT"} << QStringList{"LISTEN"};
        }
    }

    void lifecycle()
    {
        QFETCH(std::function<void(CaptureScript&)>, build);
        QFETCH(QString, open);
        QFETCH(QString, close);
        QFETCH(QString, closedBy);
        QFETCH(QStringList, clientStates);
        QFETCH(QStringList, serverStates);
        CaptureScript script;
        build(script);
        const auto capture = test::load(script);
        QCOMPARE(capture->status, CaptureReader::Status::End);
        const ConnectionReport r = onlyConnection(*capture);
        QCOMPARE(QString(openKindName(r.open)), open);
        QCOMPARE(QString(closeKindName(r.close)), close);
        const char* by = closedByName(r.closedBy);
        QCOMPARE(QString(by ? by : ""), closedBy);
        QCOMPARE(test::stateNames(r.clientStates), clientStates);
        QCOMPARE(test::stateNames(r.serverStates), serverStates);
        // The changes with frames tell the same story as the state lists.
        QStringList clientChanges{clientStates.front()}, serverChanges{serverStates.front()};
        for (const StateChange& c : r.stateChanges)
            (c.side == Side::Client ? clientChanges : serverChanges) << tcpStateName(c.state);
        QCOMPARE(clientChanges, clientStates);
        QCOMPARE(serverChanges, serverStates);
    }

    // A SYN+FIN resent after the side's FIN (a capture begun mid-connection, so the SYN is new to the
    // lifecycle): when the peer acknowledges the SYN, the FIN the segment carries is taken in with it, as
    // for any SYN+FIN, although the side had sent a FIN before. (A regression once: only a first FIN was.)
    void synFinAfterFinTakesTheFinInWithTheSyn()
    {
        struct Recorder : StateRecorder {
            QStringList log;
            void stateChanged(Side side, TcpState state, std::uint64_t frame) override
            {
                log << QString("%1 %2 @%3").arg(side == Side::Client ? "client" : "server", tcpStateName(state)).arg(frame);
            }
            void stateRetracted(Side) override { log << "retracted"; }
        } recorder;
        TcpLifecycle life;
        auto segment = [&](Side from, std::uint16_t flags, std::uint32_t seq, std::uint32_t ack, std::uint64_t frame) {
            TcpSegmentEvent e;
            e.from = from;
            e.flags = flags;
            e.seq = seq;
            e.ack = ack;
            e.frame = frame;
            life.onSegment(e, &recorder);
        };
        segment(Side::Client, tcpflag::kAck, 1000, 5000, 1);
        segment(Side::Client, tcpflag::kFin | tcpflag::kAck, 1000, 5000, 2);
        segment(Side::Client, tcpflag::kSyn | tcpflag::kFin, 999, 0, 3);
        segment(Side::Server, tcpflag::kAck, 5000, 1000, 4); // acknowledges the SYN, not the first FIN
        segment(Side::Server, tcpflag::kFin | tcpflag::kAck, 5000, 1001, 5);
        segment(Side::Client, tcpflag::kAck, 1001, 5001, 6);
        QCOMPARE(recorder.log, (QStringList{"client FIN_WAIT_1 @2", "server CLOSE_WAIT @4", "server LAST_ACK @5",
                                            "client TIME_WAIT @6", "server CLOSED @6"}));
        QCOMPARE(life.closeKind(), CloseKind::ThreeWay);
        QCOMPARE(life.closedBy(), ClosedBy::Client);
    }

    void stateChangesNameTheirFrames()
    {
        // SYN 1, SYN/ACK 2, ACK 3, request 4, ACK 5, response 6, ACK 7, FIN 8, ACK 9, FIN 10, ACK 11.
        CaptureScript script;
        fourWayClose(script, Side::Client);
        const auto capture = test::load(script);
        const ConnectionReport r = onlyConnection(*capture);
        QStringList got;
        for (const StateChange& c : r.stateChanges)
            got << QString("%1 %2 @%3").arg(c.side == Side::Client ? "client" : "server", tcpStateName(c.state)).arg(c.frame);
        QCOMPARE(got, (QStringList{"client SYN_SENT @1", "server SYN_RECEIVED @2", "client ESTABLISHED @3",
                                   "server ESTABLISHED @3", "client FIN_WAIT_1 @8", "server CLOSE_WAIT @9",
                                   "client FIN_WAIT_2 @9", "server LAST_ACK @10", "client TIME_WAIT @11",
                                   "server CLOSED @11"}));
    }

    void unansweredSynIntervals()
    {
        CaptureScript script;
        unanswered(script, 4);
        const auto capture = test::load(script);
        const ConnectionReport r = onlyConnection(*capture);
        QCOMPARE(r.synRetransmissions, 3);
        QCOMPARE(r.synIntervalsMs, (std::vector<double>{1000.0, 1000.0, 1000.0}));
        QCOMPARE(r.packets, 4u);
    }

    void rejectedLinksTheIcmpError()
    {
        for (const bool v6 : {false, true}) {
            CaptureScript script;
            rejected(script, {v6, true});
            const auto capture = test::load(script);
            const ConnectionReport r = onlyConnection(*capture);
            QCOMPARE(r.icmpFrames, std::vector<std::uint64_t>{2});
            QCOMPARE(capture->store->tcpRecord(1).stream, 0u); // the quoted SYN names stream 0
        }
    }

    void portReuseStartsANewStream()
    {
        CaptureScript script;
        portReuse(script);
        const auto capture = test::load(script);
        const auto reports = buildConnectionReports(capture->store->tracker());
        QCOMPARE(reports.size(), std::size_t{2});
        QCOMPARE(QString(closeKindName(reports[0].close)), QString("four-way"));
        QCOMPARE(QString(closedByName(reports[0].closedBy)), QString("client"));
        QCOMPARE(QString(openKindName(reports[1].open)), QString("three-way"));
        QCOMPARE(QString(closeKindName(reports[1].close)), QString("three-way"));
        QCOMPARE(QString(closedByName(reports[1].closedBy)), QString("server"));
        QCOMPARE(reports[1].firstFrame, 8u);
        // Wireshark marks the new SYN "port numbers reused".
        QVERIFY(capture->store->tcpRecord(7).flags & tcpanalysis::kReusedPorts);
    }

    void handshakeDetails()
    {
        CaptureScript script;
        fourWayClose(script, Side::Client);
        const auto capture = test::load(script);
        const ConnectionReport r = onlyConnection(*capture);
        // Frames are 1 ms apart: SYN at 0, final ACK at 2 ms.
        QCOMPARE(r.handshakeRttMs, 2.0);
        QCOMPARE(r.packets, 11u);
        QCOMPARE(r.bytesClientToServer, 37u);
        QCOMPARE(r.bytesServerToClient, 43u);
        QCOMPARE(r.clientOptions.mss, 1460);
        QCOMPARE(r.clientOptions.windowScale, 7);
        QVERIFY(r.clientOptions.sackPermitted);
        QVERIFY(r.clientOptions.timestamps);
        QVERIFY(r.serverOptions.seen);
        QCOMPARE(r.durationMs, 10.0);
    }
};

QTEST_GUILESS_MAIN(TestTcpLifecycle)
#include "test_tcp_lifecycle.moc"
