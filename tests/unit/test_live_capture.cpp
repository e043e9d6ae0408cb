// Live capture in-process: LiveCapture on the loopback interface while the test drives TCP connections
// on 127.0.0.1 step by step, CaptureEngine::follow analysing the growing file on its worker thread (the
// connections panel's view), the file re-read afterwards, prompt stops; and the spool folder's claims
// and orphans. Capturing needs root (CI runs as root); the spool tests run as anyone.
#include "live_test_support.h"

#include "analysis/connection_report.h"
#include "live/capture_permissions.h"
#include "live/capture_spool.h"
#include "live/interfaces.h"
#include "live/live_capture.h"
#include "engine/capture_engine.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>
#include <csignal>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>

using namespace synscope;
using namespace synscope::livetest;

namespace {

// A CaptureEngine on its own worker thread, as the main window runs it, and what it published.
class Follower : public QObject {
public:
    Follower()
    {
        engine_ = new CaptureEngine;
        engine_->moveToThread(&thread_);
        thread_.start();
        connect(engine_, &CaptureEngine::opened, this, [this](quint64, std::shared_ptr<const PacketStore>) {
            opened = true;
        });
        connect(engine_, &CaptureEngine::openFailed, this, [this](quint64, const QString& m) { openError = m; });
        connect(engine_, &CaptureEngine::connectionsChanged, this,
                [this](quint64 generation, const QVector<ConnectionRow>& changed) {
                    if (generation != kGeneration)
                        return;
                    ++updates;
                    for (const ConnectionRow& r : changed)
                        rows[r.stream] = r;
                });
        connect(engine_, &CaptureEngine::loadFinished, this, [this](quint64, const LoadResult& r) {
            result = r;
            finished = true;
        });
    }
    ~Follower() override
    {
        engine_->cancel();
        thread_.quit();
        thread_.wait();
        delete engine_;
    }

    void follow(const QString& path, std::shared_ptr<LiveCapture> capture)
    {
        CaptureEngine* e = engine_;
        QMetaObject::invokeMethod(
            engine_, [e, path, capture] { e->follow(path, kGeneration, capture); }, Qt::QueuedConnection);
    }

    static constexpr quint64 kGeneration = 7;
    bool opened = false, finished = false;
    QString openError;
    int updates = 0;
    QMap<quint32, ConnectionRow> rows;
    LoadResult result;

private:
    QThread thread_;
    CaptureEngine* engine_ = nullptr;
};

QStringList names(const std::vector<TcpState>& states)
{
    QStringList out;
    for (TcpState s : states)
        out << tcpStateName(s);
    return out;
}

// libpcap's own message for an expression it cannot compile.
QString libpcapMessage(const char* expression)
{
    pcap_t* dead = pcap_open_dead(DLT_EN10MB, 262144);
    bpf_program program{};
    QString message;
    if (pcap_compile(dead, &program, expression, 1, PCAP_NETMASK_UNKNOWN) != 0)
        message = QString::fromLocal8Bit(pcap_geterr(dead));
    else
        pcap_freecode(&program);
    pcap_close(dead);
    return message;
}

// Sets XDG_CACHE_HOME for the lifetime of the object.
class CacheHome {
public:
    explicit CacheHome(const QString& dir) : old_(qgetenv("XDG_CACHE_HOME")), had_(qEnvironmentVariableIsSet("XDG_CACHE_HOME"))
    {
        qputenv("XDG_CACHE_HOME", dir.toLocal8Bit());
    }
    ~CacheHome()
    {
        if (had_)
            qputenv("XDG_CACHE_HOME", old_);
        else
            qunsetenv("XDG_CACHE_HOME");
    }

private:
    QByteArray old_;
    bool had_;
};

void setModified(const std::string& path, time_t seconds)
{
    timespec times[2] = {{seconds, 0}, {seconds, 0}};
    ::utimensat(AT_FDCWD, path.c_str(), times, 0);
}

void writeBytes(const std::string& path, const QByteArray& bytes)
{
    QFile f(QString::fromStdString(path));
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Append));
    f.write(bytes);
}

} // namespace

class TestLiveCapture : public QObject {
    Q_OBJECT

private slots:
    // --- Live analysis on lo -------------------------------------------------------------------------

    void liveAnalysisOfAConnection_data()
    {
        QTest::addColumn<bool>("clientClosesFirst");
        QTest::newRow("client closes") << true;
        QTest::newRow("server closes") << false;
    }

    // The acceptance scenario: server on 127.0.0.1:P, capture "tcp port P", connect, send, close. The engine
    // following the file shows the handshake, the teardown and the closer while the capture runs, and
    // again after it stopped; the file re-reads to exactly the packets an independent capture saw.
    void liveAnalysisOfAConnection()
    {
        SYNSCOPE_REQUIRE_ROOT();
        QFETCH(bool, clientClosesFirst);
        QTemporaryDir dir;
        quint16 port = 0;
        Fd listener = listenLoopback(port);
        QVERIFY(listener.valid());
        const std::string filter = "tcp port " + std::to_string(port);

        OracleCapture oracle;
        QString oracleError;
        QVERIFY2(oracle.start("lo", filter, oracleError), qPrintable(oracleError));

        auto capture = std::make_shared<LiveCapture>();
        LiveOptions o;
        o.interfaces = {"lo"};
        o.filter = filter;
        o.outputPath = (dir.path() + "/live.pcapng").toStdString();
        std::string error;
        QVERIFY2(capture->start(o, error), error.c_str());
        QCOMPARE(capture->interfaces().size(), std::size_t(1));
        QCOMPARE(capture->interfaces()[0].linkType, 1u); // lo is Ethernet

        Follower follower;
        follower.follow(QString::fromStdString(o.outputPath), capture);
        QTRY_VERIFY_WITH_TIMEOUT(follower.opened, 5000);

        const QByteArray request = "hello synscope";
        const QByteArray reply = "welcome";
        // The second closer waits until the live analysis shows it acknowledged the first FIN (CLOSE_WAIT):
        // its ACK and its FIN are then two segments, a four-way teardown, whatever the delayed-ACK timer does.
        const TcpState passive = TcpState::CloseWait;
        ConnectionScript script;
        script.request = request;
        script.reply = reply;
        script.clientClosesFirst = clientClosesFirst;
        script.beforeSecondClose = [&] {
            return QTest::qWaitFor(
                [&] {
                    if (!follower.rows.contains(0))
                        return false;
                    const ConnectionRow& r = follower.rows[0];
                    return (clientClosesFirst ? r.serverState : r.clientState) == passive;
                },
                10000);
        };
        const bool ok = runConnection(listener.get(), port, script);
        QVERIFY2(ok, "the connection on loopback did not go as scripted (or the live analysis never showed "
                     "CLOSE_WAIT)");

        // Live, before the capture stops: the last ACK arrives in the analysis.
        const TcpState closerEnd = TcpState::TimeWait;
        QTRY_VERIFY_WITH_TIMEOUT(follower.rows.contains(0) &&
                                     (clientClosesFirst ? follower.rows[0].clientState : follower.rows[0].serverState) ==
                                         closerEnd &&
                                     (clientClosesFirst ? follower.rows[0].serverState : follower.rows[0].clientState) ==
                                         TcpState::Closed,
                                 10000);
        QVERIFY(capture->running());
        QVERIFY(!follower.finished);
        {
            const ConnectionRow live = follower.rows[0];
            QCOMPARE(follower.rows.size(), 1);
            QCOMPARE(live.open, OpenKind::ThreeWay);
            QCOMPARE(live.close, CloseKind::FourWay);
            QCOMPARE(live.closedBy, clientClosesFirst ? ClosedBy::Client : ClosedBy::Server);
            QCOMPARE(live.server.port, port);
            QCOMPARE(QString::fromStdString(live.server.toString()), QString("127.0.0.1:%1").arg(port));
            QVERIFY(live.client.port != port);
            QCOMPARE(live.synCount, std::uint16_t(1));
            QCOMPARE(live.bytesClientToServer, std::uint64_t(request.size()));
            QCOMPARE(live.bytesServerToClient, std::uint64_t(reply.size()));
            QCOMPARE(live.firstFrame, 1u);
            QVERIFY(live.handshakeRttNs > 0);
        }

        capture->requestStop();
        capture->wait();
        oracle.stop();
        QVERIFY(!capture->running());
        QCOMPARE(QString::fromStdString(capture->failure()), QString());
        QCOMPARE(oracle.dropped(), 0u);
        const std::size_t n = oracle.packets().size();
        QVERIFY(n >= 9); // 3 handshake, 2 data segments, 4 teardown; ACKs of the data may be separate

        // After the stop: the engine's last pass, then the same story with the final packet counts.
        QTRY_VERIFY_WITH_TIMEOUT(follower.finished, 10000);
        QCOMPARE(follower.result.outcome, LoadResult::Outcome::Complete);
        QCOMPARE(follower.result.packets, quint64(n));
        QCOMPARE(follower.rows.size(), 1);
        const ConnectionRow last = follower.rows[0];
        QCOMPARE(last.open, OpenKind::ThreeWay);
        QCOMPARE(last.close, CloseKind::FourWay);
        QCOMPARE(last.closedBy, clientClosesFirst ? ClosedBy::Client : ClosedBy::Server);
        QCOMPARE(last.clientState, clientClosesFirst ? TcpState::TimeWait : TcpState::Closed);
        QCOMPARE(last.serverState, clientClosesFirst ? TcpState::Closed : TcpState::TimeWait);
        QCOMPARE(last.packets, std::uint32_t(n));
        QCOMPARE(last.lastFrame, std::uint32_t(n));

        // Statistics, as tcpdump prints them. On lo the kernel counts each packet twice (its outgoing copy
        // too, which libpcap drops), and also whatever other loopback traffic arrived between opening the
        // socket and setting the filter (libpcap filters those in user space): "received by filter" is at
        // least twice what was captured, not exactly.
        const LiveStatistics s = capture->statistics();
        QCOMPARE(s.written, std::uint64_t(n));
        QCOMPARE(s.kernelDropped, std::uint64_t(0));
        QCOMPARE(s.interfaceDropped, std::uint64_t(0));
        QVERIFY2(s.kernelReceived >= 2 * n, qPrintable(QString::number(s.kernelReceived)));
        QCOMPARE(s.bytesWritten, std::uint64_t(QFileInfo(QString::fromStdString(o.outputPath)).size()));
        QCOMPARE(QString::fromStdString(capture->summaryText()),
                 QString("%1 packets captured\n%2 packets received by filter\n0 packets dropped by kernel\n")
                     .arg(n)
                     .arg(s.kernelReceived));

        // The file: SynScope's reader and libpcap's both give exactly the packets the oracle saw.
        std::vector<OfflinePacket> reread, byLibpcap;
        QString readError;
        std::vector<std::uint32_t> linkTypes;
        QVERIFY2(readWithStore(QString::fromStdString(o.outputPath), reread, readError, &linkTypes),
                 qPrintable(readError));
        QCOMPARE(linkTypes, std::vector<std::uint32_t>{1});
        QCOMPARE(comparePackets(reread, oracle.packets()), QString());
        int linkType = -1;
        QVERIFY2(readWithLibpcap(QString::fromStdString(o.outputPath), byLibpcap, linkType, readError),
                 qPrintable(readError));
        QCOMPARE(linkType, DLT_EN10MB);
        QCOMPARE(comparePackets(byLibpcap, oracle.packets()), QString());

        // Re-opened as a file: each side's states, the four-way teardown's path.
        TrackerOptions options;
        options.keepStateFrames = true;
        PacketStore store(options);
        QVERIFY(store.open(o.outputPath, error));
        while (store.loadMore(1 << 16) == CaptureReader::Status::More) {
        }
        const std::vector<ConnectionReport> reports = buildConnectionReports(store.tracker());
        QCOMPARE(reports.size(), std::size_t(1));
        const QStringList activeCloser = {"ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT"};
        const QStringList passiveCloser = {"ESTABLISHED", "CLOSE_WAIT", "LAST_ACK", "CLOSED"};
        QCOMPARE(names(reports[0].clientStates),
                 QStringList({"CLOSED", "SYN_SENT"}) + (clientClosesFirst ? activeCloser : passiveCloser));
        QCOMPARE(names(reports[0].serverStates),
                 QStringList({"LISTEN", "SYN_RECEIVED"}) + (clientClosesFirst ? passiveCloser : activeCloser));
        QCOMPARE(reports[0].packets, std::uint64_t(n));
    }

    // A connection to a closed port on 127.0.0.1: SYN, then RST/ACK; the live analysis says "refused".
    void refusedConnection()
    {
        SYNSCOPE_REQUIRE_ROOT();
        QTemporaryDir dir;
        quint16 port = 0;
        Fd closedPort = boundLoopbackSocket(port); // bound, not listening: the port is ours and closed
        QVERIFY(closedPort.valid());
        const std::string filter = "tcp port " + std::to_string(port);
        OracleCapture oracle;
        QString oracleError;
        QVERIFY2(oracle.start("lo", filter, oracleError), qPrintable(oracleError));

        auto capture = std::make_shared<LiveCapture>();
        LiveOptions o;
        o.interfaces = {"lo"};
        o.filter = filter;
        o.outputPath = (dir.path() + "/refused.pcapng").toStdString();
        std::string error;
        QVERIFY2(capture->start(o, error), error.c_str());
        Follower follower;
        follower.follow(QString::fromStdString(o.outputPath), capture);
        QTRY_VERIFY_WITH_TIMEOUT(follower.opened, 5000);

        int connectError = 0;
        QVERIFY(!connectLoopback(port, &connectError).valid());
        QCOMPARE(connectError, ECONNREFUSED);

        QTRY_VERIFY_WITH_TIMEOUT(follower.rows.contains(0) && follower.rows[0].packets == 2, 10000);
        QVERIFY(capture->running());
        {
            const ConnectionRow& live = follower.rows[0];
            QCOMPARE(live.open, OpenKind::Refused);
            QCOMPARE(live.close, CloseKind::None);
            QCOMPARE(live.closedBy, ClosedBy::Nobody);
            QCOMPARE(live.clientState, TcpState::Closed);
            QCOMPARE(live.synCount, std::uint16_t(1));
            QCOMPARE(live.server.port, port);
            // No handshake, so no handshake RTT (conversations --json says null).
            QCOMPARE(live.handshakeRttNs, std::int64_t(0));
        }
        capture->requestStop();
        capture->wait();
        oracle.stop();
        QTRY_VERIFY_WITH_TIMEOUT(follower.finished, 10000);
        QCOMPARE(follower.result.packets, quint64(2));
        QCOMPARE(follower.rows.size(), 1);
        QCOMPARE(follower.rows[0].open, OpenKind::Refused);
        QCOMPARE(capture->statistics().written, std::uint64_t(2));

        std::vector<OfflinePacket> reread;
        QString readError;
        QVERIFY2(readWithStore(QString::fromStdString(o.outputPath), reread, readError), qPrintable(readError));
        QCOMPARE(comparePackets(reread, oracle.packets()), QString());
    }

    // --- Stopping ------------------------------------------------------------------------------------

    void stopWithoutTrafficIsPrompt_data()
    {
        QTest::addColumn<bool>("immediate");
        QTest::newRow("blocks") << false;
        QTest::newRow("immediate") << true;
    }

    // The bound: requestStop() -> wait() under 200 ms when no packet arrives (pcap_next_ex would
    // block forever). Five rounds, each measured.
    void stopWithoutTrafficIsPrompt()
    {
        SYNSCOPE_REQUIRE_ROOT();
        QFETCH(bool, immediate);
        QTemporaryDir dir;
        quint16 port = 0;
        Fd quietPort = boundLoopbackSocket(port); // nobody sends to it
        for (int round = 0; round < 5; ++round) {
            LiveCapture capture;
            LiveOptions o;
            o.interfaces = {"lo"};
            o.filter = "tcp port " + std::to_string(port);
            o.immediate = immediate;
            o.outputPath = (dir.path() + QString("/quiet-%1.pcapng").arg(round)).toStdString();
            std::string error;
            QVERIFY2(capture.start(o, error), error.c_str());
            QTest::qWait(250); // let the capture thread settle into waiting
            QElapsedTimer t;
            t.start();
            capture.requestStop();
            capture.wait();
            const qint64 ms = t.elapsed();
            QVERIFY2(ms < 200, qPrintable(QString("round %1: stopping took %2 ms").arg(round).arg(ms)));
            QVERIFY(!capture.running());
            QCOMPARE(capture.statistics().written, std::uint64_t(0));
            std::vector<OfflinePacket> packets;
            QString readError;
            QVERIFY2(readWithStore(QString::fromStdString(o.outputPath), packets, readError), qPrintable(readError));
            QCOMPARE(packets.size(), std::size_t(0));
        }
    }

    void stopRightAfterTrafficWritesEverything_data()
    {
        QTest::addColumn<bool>("immediate");
        QTest::newRow("blocks") << false;
        QTest::newRow("immediate") << true;
    }

    // Packets the kernel captured before the stop request are written, even those still in its buffer
    // (a TPACKET_V3 block waits for its 50 ms timeout): stop at once after the last segment arrived.
    void stopRightAfterTrafficWritesEverything()
    {
        SYNSCOPE_REQUIRE_ROOT();
        QFETCH(bool, immediate);
        QTemporaryDir dir;
        quint16 port = 0;
        Fd listener = listenLoopback(port);
        const std::string filter = "tcp port " + std::to_string(port);
        OracleCapture oracle;
        QString oracleError;
        QVERIFY2(oracle.start("lo", filter, oracleError), qPrintable(oracleError));
        LiveCapture capture;
        LiveOptions o;
        o.interfaces = {"lo"};
        o.filter = filter;
        o.immediate = immediate;
        o.outputPath = (dir.path() + "/burst.pcapng").toStdString();
        std::string error;
        QVERIFY2(capture.start(o, error), error.c_str());
        for (int i = 0; i < 3; ++i)
            QVERIFY(runConnection(listener.get(), port, scripted(QByteArray(100 * (i + 1), 'x'), "ok", i % 2 == 0)));
        capture.requestStop(); // at once: the last segments may still be in the kernel's buffer
        capture.wait();
        oracle.stop();
        QCOMPARE(oracle.dropped(), 0u);
        QCOMPARE(capture.statistics().kernelDropped, std::uint64_t(0));
        QVERIFY(oracle.packets().size() >= 27);
        QCOMPARE(capture.statistics().written, std::uint64_t(oracle.packets().size()));
        std::vector<OfflinePacket> reread;
        QString readError;
        QVERIFY2(readWithStore(QString::fromStdString(o.outputPath), reread, readError), qPrintable(readError));
        QCOMPARE(comparePackets(reread, oracle.packets()), QString());
    }

    // A stop condition (N packets) writes exactly N and ends the capture by itself; starting the same
    // object again afterwards (the toolbar's restart) works without wait() first.
    void stopAfterPacketsThenRestart()
    {
        SYNSCOPE_REQUIRE_ROOT();
        QTemporaryDir dir;
        quint16 port = 0;
        Fd listener = listenLoopback(port);
        const std::string filter = "tcp port " + std::to_string(port);
        OracleCapture oracle;
        QString oracleError;
        QVERIFY2(oracle.start("lo", filter, oracleError), qPrintable(oracleError));
        LiveCapture capture;
        LiveOptions o;
        o.interfaces = {"lo"};
        o.filter = filter;
        o.stopAfterPackets = 3;
        o.outputPath = (dir.path() + "/three.pcapng").toStdString();
        std::string error;
        QVERIFY2(capture.start(o, error), error.c_str());
        QVERIFY(runConnection(listener.get(), port, scripted("abc", "def", true)));
        QTRY_VERIFY_WITH_TIMEOUT(!capture.running(), 5000);
        oracle.stop();
        QCOMPARE(QString::fromStdString(capture.failure()), QString());
        QCOMPARE(capture.statistics().written, std::uint64_t(3));
        std::vector<OfflinePacket> reread;
        QString readError;
        QVERIFY2(readWithStore(QString::fromStdString(o.outputPath), reread, readError), qPrintable(readError));
        const std::vector<OfflinePacket> firstThree(oracle.packets().begin(), oracle.packets().begin() + 3);
        QCOMPARE(comparePackets(reread, firstThree), QString());
        QVERIFY(QString::fromStdString(capture.summaryText()).startsWith("3 packets captured\n"));

        // Restart: the finished capture thread is joined by start() itself.
        o.stopAfterPackets = 0;
        o.outputPath = (dir.path() + "/again.pcapng").toStdString();
        QVERIFY2(capture.start(o, error), error.c_str());
        QVERIFY(capture.running());
        QVERIFY(runConnection(listener.get(), port, scripted("ghi", "jkl", false)));
        capture.requestStop();
        capture.wait();
        QVERIFY(capture.statistics().written >= 9);
    }

    // 4 MB through one connection while the engine follows the file: the reader meets blocks half
    // written (64 KiB segments on lo) and must pick them up whole; the live row counts every byte.
    void bulkTransferWhileFollowing()
    {
        SYNSCOPE_REQUIRE_ROOT();
        QTemporaryDir dir;
        quint16 port = 0;
        Fd listener = listenLoopback(port);
        const std::string filter = "tcp port " + std::to_string(port);
        OracleCapture oracle;
        QString oracleError;
        QVERIFY2(oracle.start("lo", filter, oracleError), qPrintable(oracleError));
        auto capture = std::make_shared<LiveCapture>();
        LiveOptions o;
        o.interfaces = {"lo"};
        o.filter = filter;
        o.bufferSizeKiB = 64 * 1024; // the kernel keeps the burst; drops there are not what this tests
        o.outputPath = (dir.path() + "/bulk.pcapng").toStdString();
        std::string error;
        QVERIFY2(capture->start(o, error), error.c_str());
        Follower follower;
        follower.follow(QString::fromStdString(o.outputPath), capture);
        QTRY_VERIFY_WITH_TIMEOUT(follower.opened, 5000);

        constexpr int kBulk = 4 << 20;
        QByteArray payload(kBulk, Qt::Uninitialized);
        for (int i = 0; i < kBulk; ++i)
            payload[i] = char(i * 7 + (i >> 12));
        Fd client = connectLoopback(port);
        Fd server = acceptOne(listener.get());
        QVERIFY(client.valid() && server.valid());
        QByteArray received;
        std::thread reader([&] { received = receiveExactly(server.get(), kBulk); });
        const bool sent = sendAll(client.get(), payload);
        reader.join();
        QVERIFY(sent);
        QVERIFY(received == payload);
        ConnectionScript teardown;
        teardown.request.clear();
        teardown.reply.clear();
        teardown.fourWay = true;
        QVERIFY(runConnectedPair(client, server, teardown));

        // Every byte sent (retransmissions, which loopback has under pressure, count again).
        const bool caughtUp = QTest::qWaitFor(
            [&] {
                return follower.rows.contains(0) && follower.rows[0].bytesClientToServer >= kBulk &&
                       follower.rows[0].clientState == TcpState::TimeWait;
            },
            20000);
        QVERIFY2(caughtUp, qPrintable(QString("live row: %1 bytes, %2 packets, client %3; %4 packets written")
                                          .arg(follower.rows.value(0).bytesClientToServer)
                                          .arg(follower.rows.value(0).packets)
                                          .arg(tcpStateName(follower.rows.value(0).clientState))
                                          .arg(capture->statistics().written)));
        QCOMPARE(follower.rows[0].close, CloseKind::FourWay);
        capture->requestStop();
        capture->wait();
        oracle.stop();
        QCOMPARE(oracle.dropped(), 0u);
        QCOMPARE(capture->statistics().kernelDropped, std::uint64_t(0));
        QTRY_VERIFY_WITH_TIMEOUT(follower.finished, 20000);
        const std::size_t n = oracle.packets().size();
        QCOMPARE(follower.result.outcome, LoadResult::Outcome::Complete);
        QCOMPARE(follower.result.packets, quint64(n));
        QCOMPARE(follower.rows[0].packets, std::uint32_t(n));
        QCOMPARE(follower.rows[0].bytesClientToServer, tcpPayloadTo(oracle.packets(), port));
        QCOMPARE(follower.rows[0].bytesServerToClient, std::uint64_t(0));
        std::vector<OfflinePacket> reread;
        QString readError;
        QVERIFY2(readWithStore(QString::fromStdString(o.outputPath), reread, readError), qPrintable(readError));
        QCOMPARE(comparePackets(reread, oracle.packets()), QString());
    }

    // A size limit stops at the first packet that makes the file reach it: the file is at least that
    // big, and was smaller before its last packet.
    void stopAfterBytes()
    {
        SYNSCOPE_REQUIRE_ROOT();
        QTemporaryDir dir;
        quint16 port = 0;
        Fd listener = listenLoopback(port);
        LiveCapture capture;
        LiveOptions o;
        o.interfaces = {"lo"};
        o.filter = "tcp port " + std::to_string(port);
        o.stopAfterBytes = 1000;
        o.outputPath = (dir.path() + "/kb.pcapng").toStdString();
        std::string error;
        QVERIFY2(capture.start(o, error), error.c_str());
        QVERIFY(runConnection(listener.get(), port, scripted("0123456789", "abcdefghij", true)));
        QTRY_VERIFY_WITH_TIMEOUT(!capture.running(), 5000);
        const LiveStatistics s = capture.statistics();
        QCOMPARE(std::uint64_t(QFileInfo(QString::fromStdString(o.outputPath)).size()), s.bytesWritten);
        QVERIFY2(s.bytesWritten >= 1000, qPrintable(QString::number(s.bytesWritten)));
        PacketStore store;
        QVERIFY(store.open(o.outputPath, error));
        QCOMPARE(store.loadMore(1000), CaptureReader::Status::End);
        QCOMPARE(store.size(), std::size_t(s.written));
        QVERIFY(store.size() >= 2);
        // An enhanced packet block: 28 bytes of header before the packet's bytes.
        const std::uint64_t lastBlock = store.record(store.size() - 1).dataOffset() - 28;
        QVERIFY2(lastBlock < 1000, qPrintable(QString::number(lastBlock)));
    }

    // --- Options -------------------------------------------------------------------------------------

    // An invalid capture filter is refused before anything runs, with libpcap's message, and no file.
    void invalidFilterIsRefusedBeforeTheFile()
    {
        SYNSCOPE_REQUIRE_ROOT();
        QTemporaryDir dir;
        LiveCapture capture;
        LiveOptions o;
        o.interfaces = {"lo"};
        o.filter = "tcp port";
        o.outputPath = (dir.path() + "/never.pcapng").toStdString();
        std::string error;
        QVERIFY(!capture.start(o, error));
        const QString expected = libpcapMessage("tcp port");
        QVERIFY(!expected.isEmpty());
        QCOMPARE(QString::fromStdString(error), QString("invalid capture filter \"tcp port\": ") + expected);
        QCOMPARE(capture.startFailure(), LiveCapture::StartFailure::BadFilter);
        QVERIFY(!capture.running());
        QVERIFY(!QFileInfo::exists(QString::fromStdString(o.outputPath)));

        o.filter.clear();
        o.interfaces = {"synscope-none0"};
        QVERIFY(!capture.start(o, error));
        QVERIFY2(QString::fromStdString(error).startsWith("there is no interface named \"synscope-none0\""),
                 error.c_str());
        QCOMPARE(capture.startFailure(), LiveCapture::StartFailure::NoSuchInterface);
        QVERIFY(!QFileInfo::exists(QString::fromStdString(o.outputPath)));
    }

    // ".pcap" gives a classic pcap (libpcap reads it back); several interfaces cannot go into one.
    void pcapOutput()
    {
        SYNSCOPE_REQUIRE_ROOT();
        QTemporaryDir dir;
        quint16 port = 0;
        Fd listener = listenLoopback(port);
        const std::string filter = "tcp port " + std::to_string(port);
        OracleCapture oracle;
        QString oracleError;
        QVERIFY2(oracle.start("lo", filter, oracleError), qPrintable(oracleError));
        auto capture = std::make_shared<LiveCapture>();
        LiveOptions o;
        o.interfaces = {"lo"};
        o.filter = filter;
        o.outputPath = (dir.path() + "/classic.pcap").toStdString();
        std::string error;
        QVERIFY2(capture->start(o, error), error.c_str());
        Follower follower; // the engine follows a growing classic pcap file too
        follower.follow(QString::fromStdString(o.outputPath), capture);
        QVERIFY(runConnection(listener.get(), port, scripted("pcap", "file", true, true)));
        QTRY_VERIFY_WITH_TIMEOUT(follower.rows.contains(0) && follower.rows[0].close == CloseKind::FourWay, 10000);
        QCOMPARE(follower.rows[0].open, OpenKind::ThreeWay);
        QCOMPARE(follower.rows[0].closedBy, ClosedBy::Client);
        capture->requestStop();
        capture->wait();
        oracle.stop();
        QTRY_VERIFY_WITH_TIMEOUT(follower.finished, 10000);
        QCOMPARE(follower.result.outcome, LoadResult::Outcome::Complete);
        QCOMPARE(follower.result.packets, quint64(oracle.packets().size()));
        QFile f(QString::fromStdString(o.outputPath));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray magic = f.read(4);
        QVERIFY2(magic == QByteArray::fromHex("d4c3b2a1") || magic == QByteArray::fromHex("4d3cb2a1"),
                 magic.toHex().constData());
        std::vector<OfflinePacket> packets;
        int linkType = -1;
        QString readError;
        QVERIFY2(readWithLibpcap(QString::fromStdString(o.outputPath), packets, linkType, readError),
                 qPrintable(readError));
        QCOMPARE(linkType, DLT_EN10MB);
        QCOMPARE(comparePackets(packets, oracle.packets()), QString());

        LiveCapture two;
        o.interfaces = {"lo", "lo"};
        o.outputPath = (dir.path() + "/two.pcap").toStdString();
        QVERIFY(!two.start(o, error));
        QCOMPARE(QString::fromStdString(error), QString("a pcap file holds one interface; capture several into a "
                                                        ".pcapng file"));
        QVERIFY(!QFileInfo::exists(QString::fromStdString(o.outputPath)));
    }

    // Several interfaces at once: one pcapng with an IDB each. "lo" and "any" both see the loopback
    // packets, once each; "any" gives them a Linux cooked header.
    void severalInterfacesInOneFile()
    {
        SYNSCOPE_REQUIRE_ROOT();
        QTemporaryDir dir;
        quint16 port = 0;
        Fd listener = listenLoopback(port);
        const std::string filter = "tcp port " + std::to_string(port);
        OracleCapture oracle;
        QString oracleError;
        QVERIFY2(oracle.start("lo", filter, oracleError), qPrintable(oracleError));
        LiveCapture capture;
        LiveOptions o;
        o.interfaces = {"lo", "any"};
        o.filter = filter;
        o.outputPath = (dir.path() + "/two.pcapng").toStdString();
        std::string error;
        QVERIFY2(capture.start(o, error), error.c_str());
        QCOMPARE(capture.interfaces().size(), std::size_t(2));
        QCOMPARE(capture.interfaces()[0].name, std::string("lo"));
        QCOMPARE(capture.interfaces()[1].name, std::string("any"));
        QVERIFY(runConnection(listener.get(), port, scripted("two", "interfaces", false)));
        capture.requestStop();
        capture.wait();
        oracle.stop();
        std::vector<OfflinePacket> packets;
        std::vector<std::uint32_t> linkTypes;
        QString readError;
        QVERIFY2(readWithStore(QString::fromStdString(o.outputPath), packets, readError, &linkTypes),
                 qPrintable(readError));
        QCOMPARE(linkTypes, (std::vector<std::uint32_t>{1, 113})); // EN10MB, LINUX_SLL
        std::vector<OfflinePacket> onLo, onAny;
        for (const OfflinePacket& p : packets)
            (p.interfaceIndex == 0 ? onLo : onAny).push_back(p);
        QCOMPARE(comparePackets(onLo, oracle.packets()), QString());
        QCOMPARE(onAny.size(), oracle.packets().size());
        for (std::size_t i = 0; i < onAny.size(); ++i)
            QCOMPARE(onAny[i].data.mid(16), oracle.packets()[i].data.mid(14)); // the same IP packet
        QCOMPARE(capture.statistics().written, std::uint64_t(2 * oracle.packets().size()));
    }

    // --- Interfaces and permissions -------------------------------------------------------------------

    // pcap_findalldevs as the interface picker shows it: lo with its flags and address, "any".
    void captureDevices()
    {
        std::string error;
        const std::vector<CaptureDevice> devices = listCaptureDevices(error);
        QCOMPARE(QString::fromStdString(error), QString());
        const CaptureDevice* lo = nullptr;
        const CaptureDevice* any = nullptr;
        for (const CaptureDevice& d : devices) {
            if (d.name == "lo")
                lo = &d;
            if (d.name == "any")
                any = &d;
        }
        QVERIFY(lo);
        QVERIFY(lo->up && lo->running && lo->loopback && !lo->wireless);
        QVERIFY(std::find(lo->addresses.begin(), lo->addresses.end(), "127.0.0.1/8") != lo->addresses.end());
        QVERIFY(any);
        QCOMPARE(QString::fromStdString(any->description), QString("Pseudo-device that captures on all interfaces"));
        QVERIFY(!any->loopback);
    }

    // "any" offers both Linux cooked link types; lo is Ethernet.
    void linkTypesOffered()
    {
        SYNSCOPE_REQUIRE_ROOT();
        std::string error;
        std::vector<LinkTypeChoice> types = listLinkTypes("any", error);
        QCOMPARE(types.size(), std::size_t(2));
        QCOMPARE(types[0].linkType, 113u);
        QCOMPARE(types[0].name, std::string("LINUX_SLL"));
        QCOMPARE(types[1].linkType, 276u);
        QCOMPARE(types[1].name, std::string("LINUX_SLL2"));
        QCOMPARE(types[1].description, std::string("Linux cooked v2"));
        types = listLinkTypes("lo", error);
        QCOMPARE(types.size(), std::size_t(1));
        QCOMPARE(types[0].linkType, 1u);
        QVERIFY(listLinkTypes("synscope-none0", error).empty());
        QVERIFY2(QString::fromStdString(error).startsWith("there is no interface named \"synscope-none0\""),
                 error.c_str());
    }

    void linkTypeNames()
    {
        QCOMPARE(linkTypeText(1), std::string("EN10MB (Ethernet)"));
        QCOMPARE(linkTypeText(276), std::string("LINUX_SLL2 (Linux cooked v2)"));
        QCOMPARE(linkTypeFromName("EN10MB"), std::int64_t(1));
        QCOMPARE(linkTypeFromName("LINUX_SLL2"), std::int64_t(276));
        QCOMPARE(linkTypeFromName("RAW"), std::int64_t(101)); // LINKTYPE_RAW, not this platform's DLT_RAW
        QCOMPARE(linkTypeFromName("113"), std::int64_t(113));
        QCOMPARE(linkTypeFromName("NO_SUCH_TYPE"), std::int64_t(-1));
    }

    // /proc/net/dev counters (for the sparklines, no rights needed): a connection on lo shows in them.
    void interfaceCountersSeeLoopbackTraffic()
    {
        const auto loCounters = [] {
            for (const InterfaceCounters& c : readInterfaceCounters())
                if (c.name == "lo")
                    return c;
            return InterfaceCounters{};
        };
        const InterfaceCounters before = loCounters();
        QCOMPARE(before.name, std::string("lo"));
        quint16 port = 0;
        Fd listener = listenLoopback(port);
        QVERIFY(runConnection(listener.get(), port, scripted(QByteArray(1000, 'x'), "ok", true, true)));
        const InterfaceCounters after = loCounters();
        // At least 9 packets, each counted as sent and as received on lo; other programs only add to it.
        QVERIFY2(after.packets >= before.packets + 18, qPrintable(QString("%1 -> %2").arg(before.packets).arg(after.packets)));
        QVERIFY(after.bytes >= before.bytes + 2 * 1002);
    }

    // What a user without rights reads: what is missing and the setcap command for this very binary.
    void permissionMessages()
    {
        const QString self = QFileInfo(QCoreApplication::applicationFilePath()).canonicalFilePath();
        QCOMPARE(QString::fromStdString(currentExecutablePath()), self);
        if (::geteuid() == 0)
            QVERIFY(processCanCapture());
        QCOMPARE(QString::fromStdString(describeActivateError("eth9", PCAP_ERROR_PERM_DENIED,
                                                              "socket: Operation not permitted")),
                 "no permission to capture on eth9 (socket: Operation not permitted). Capturing needs the "
                 "CAP_NET_RAW and CAP_NET_ADMIN capabilities: run it as root, or give it the capture capabilities "
                 "once with: sudo setcap cap_net_raw,cap_net_admin=eip " + self);
        QCOMPARE(QString::fromStdString(describeActivateError("eth9", PCAP_ERROR_NO_SUCH_DEVICE, "No such device")),
                 QString("there is no interface named \"eth9\" (No such device); 'synscope-cli interfaces' lists the "
                         "ones there are"));
        QCOMPARE(QString::fromStdString(describeActivateError("eth9", PCAP_ERROR_IFACE_NOT_UP, "")),
                 QString("interface eth9 is down; bring it up with: sudo ip link set eth9 up"));
    }

    // --- Spool folder (no capture rights needed) ----------------------------------------------------

    void spoolDirectoryFollowsXdgCacheHome()
    {
        QTemporaryDir dir;
        CacheHome home(dir.path());
        QCOMPARE(QString::fromStdString(spoolDirectory()), dir.path() + "/synscope/captures");
        QVERIFY(!QFileInfo::exists(dir.path() + "/synscope")); // not created by asking
        QVERIFY(orphanedSpoolFiles().empty());                  // no folder: nothing to recover
    }

    // create() makes a private, locked file; a held file is never offered for recovery, a released or
    // crashed one is (newest first), an empty one is not; adopt() takes one over; remove() deletes it.
    void spoolClaimsAndOrphans()
    {
        QTemporaryDir dir;
        CacheHome home(dir.path());
        std::string error;
        SpoolFileClaim a;
        QVERIFY2(a.create(error), error.c_str());
        QVERIFY(a.held());
        const QFileInfo info(QString::fromStdString(a.path()));
        QCOMPARE(info.absolutePath(), dir.path() + "/synscope/captures");
        QVERIFY2(QRegularExpression(QString("^live-\\d{8}-\\d{6}-%1-\\d+\\.pcapng$").arg(::getpid()))
                     .match(info.fileName())
                     .hasMatch(),
                 qPrintable(info.fileName()));
        QCOMPARE(info.size(), 0);
        struct stat st {};
        QCOMPARE(::stat(a.path().c_str(), &st), 0);
        QCOMPARE(st.st_mode & 0777, 0600u);
        QCOMPARE(::stat(spoolDirectory().c_str(), &st), 0);
        QCOMPARE(st.st_mode & 0777, 0700u);
        QVERIFY(isSpoolFile(a.path()));
        QVERIFY(!isSpoolFile(dir.path().toStdString() + "/live-1.pcapng"));
        QVERIFY(!isSpoolFile(spoolDirectory() + "/other.pcapng"));

        SpoolFileClaim b;
        QVERIFY2(b.create(error), error.c_str());
        QVERIFY(a.path() != b.path());

        // Held (even with packets in it): not an orphan.
        writeBytes(a.path(), QByteArray(100, 'a'));
        writeBytes(b.path(), QByteArray(50, 'b'));
        QVERIFY(orphanedSpoolFiles().empty());

        // Released: both offered, newest first, with their sizes.
        setModified(a.path(), 1700000000);
        setModified(b.path(), 1700000100);
        const std::string pathA = a.path(), pathB = b.path();
        a.release();
        b.release();
        QVERIFY(!a.held());
        std::vector<SpoolFile> orphans = orphanedSpoolFiles();
        QCOMPARE(orphans.size(), std::size_t(2));
        QCOMPARE(orphans[0].path, pathB);
        QCOMPARE(orphans[0].size, std::uint64_t(50));
        QCOMPARE(orphans[0].modifiedSeconds, std::int64_t(1700000100));
        QCOMPARE(orphans[1].path, pathA);
        QCOMPARE(orphans[1].size, std::uint64_t(100));

        // An empty leftover is not worth offering; a file of another name is not ours.
        SpoolFileClaim empty;
        QVERIFY(empty.create(error));
        empty.release();
        writeBytes(spoolDirectory() + "/notes.txt", "x");
        QCOMPARE(orphanedSpoolFiles().size(), std::size_t(2));

        // Adopted: taken over, no longer offered, and no other session can adopt it meanwhile.
        SpoolFileClaim recovering;
        QVERIFY2(recovering.adopt(pathA, error), error.c_str());
        QVERIFY(recovering.held());
        QCOMPARE(recovering.path(), pathA);
        orphans = orphanedSpoolFiles();
        QCOMPARE(orphans.size(), std::size_t(1));
        QCOMPARE(orphans[0].path, pathB);
        SpoolFileClaim other;
        QVERIFY(!other.adopt(pathA, error));
        QCOMPARE(QString::fromStdString(error),
                 QString::fromStdString(pathA + " is in use by another SynScope session or cannot be opened"));

        // Discarded: the file is gone.
        recovering.remove();
        QVERIFY(!recovering.held());
        QVERIFY(!QFileInfo::exists(QString::fromStdString(pathA)));
        QCOMPARE(orphanedSpoolFiles().size(), std::size_t(1));
    }

    // The lock belongs to the session: a process that dies (here a child killed with SIGKILL while holding
    // its claim) leaves an orphan the next session is offered.
    void spoolClaimOfADeadProcessIsAnOrphan()
    {
        QTemporaryDir dir;
        CacheHome home(dir.path());
        int ready[2];
        QCOMPARE(::pipe(ready), 0);
        const pid_t child = ::fork();
        if (child == 0) {
            ::close(ready[0]);
            std::string e;
            SpoolFileClaim claim;
            if (!claim.create(e))
                ::_exit(1);
            const int fd = ::open(claim.path().c_str(), O_WRONLY | O_APPEND);
            [[maybe_unused]] ssize_t w = ::write(fd, "pcapng?", 7);
            w = ::write(ready[1], "r", 1);
            ::pause(); // holds the claim until killed
            ::_exit(0);
        }
        ::close(ready[1]);
        char c = 0;
        QCOMPARE(::read(ready[0], &c, 1), ssize_t(1));
        ::close(ready[0]);
        const QStringList files = QDir(QString::fromStdString(spoolDirectory())).entryList(QDir::Files);
        QCOMPARE(files.size(), 1);
        QVERIFY(orphanedSpoolFiles().empty()); // the child's session holds it
        ::kill(child, SIGKILL);
        int status = 0;
        ::waitpid(child, &status, 0);
        const std::vector<SpoolFile> orphans = orphanedSpoolFiles();
        QCOMPARE(orphans.size(), std::size_t(1));
        QCOMPARE(QFileInfo(QString::fromStdString(orphans[0].path)).fileName(), files[0]);
        QCOMPARE(orphans[0].size, std::uint64_t(7));
    }
};

QTEST_GUILESS_MAIN(TestLiveCapture)
#include "test_live_capture.moc"
