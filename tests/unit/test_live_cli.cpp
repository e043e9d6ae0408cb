// `synscope-cli capture` and `synscope-cli interfaces` as a user runs them, as a child process: stopping
// on SIGINT/SIGTERM with every packet written and tcpdump's statistics lines, -c, -a duration, classic
// pcap output, the refusal to overwrite, an invalid filter, no capture rights (the child runs as
// "nobody"), and the spool file of a capture without -w (removed at the end, left for recovery by a
// killed one). Traffic is on 127.0.0.1 only; an independent libpcap capture says what must be written.
#include "live_test_support.h"
#include "test_support.h"

#include "live/capture_spool.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <sys/stat.h>

using namespace synscope;
using namespace synscope::livetest;

namespace {

QString cli() { return QString::fromLocal8Bit(qgetenv("SYNSCOPE_CLI")); }

QStringList lines(const QByteArray& out)
{
    QStringList l = QString::fromUtf8(out).split('\n');
    if (!l.isEmpty() && l.last().isEmpty())
        l.removeLast();
    return l;
}

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

// synscope-cli capture running as a child; stdout and stderr collected as they come.
class CaptureChild {
public:
    explicit CaptureChild(const QStringList& arguments, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment(),
                          const QString& program = cli(), const QStringList& prefix = {})
    {
        process_.setProcessEnvironment(env);
        process_.start(program, prefix + QStringList{"capture"} + arguments);
    }
    ~CaptureChild()
    {
        if (process_.state() != QProcess::NotRunning) {
            process_.kill();
            process_.waitForFinished(5000);
        }
    }
    void collect()
    {
        out_ += process_.readAllStandardOutput();
        err_ += process_.readAllStandardError();
    }
    // Waits for "listening on" (the capture runs and its stop handlers are in place).
    bool waitListening(int timeoutMs = 10000)
    {
        return QTest::qWaitFor(
            [&] {
                collect();
                return err_.contains("listening on") || process_.state() == QProcess::NotRunning;
            },
            timeoutMs) &&
               err_.contains("listening on");
    }
    void signal(int sig) { ::kill(static_cast<pid_t>(process_.processId()), sig); }
    bool finish(int timeoutMs = 10000)
    {
        const bool done = process_.waitForFinished(timeoutMs);
        collect();
        return done;
    }
    bool running() const { return process_.state() != QProcess::NotRunning; }
    bool exitedNormally() const { return process_.exitStatus() == QProcess::NormalExit; }
    int exitCode() const { return process_.exitCode(); }
    const QByteArray& out() const { return out_; }
    const QByteArray& err() const { return err_; }
    QString errText() const { return QString::fromUtf8(err_); }

private:
    QProcess process_;
    QByteArray out_, err_;
};

// The statistics lines at the end of stderr: captured, received by filter, dropped by kernel.
bool parseStatistics(const QByteArray& err, quint64& captured, quint64& received, quint64& dropped)
{
    const QStringList l = lines(err);
    if (l.size() < 3)
        return false;
    const QRegularExpression c("^(\\d+) packets? captured$"), r("^(\\d+) packets? received by filter$"),
        d("^(\\d+) packets? dropped by kernel$");
    const auto mc = c.match(l[l.size() - 3]), mr = r.match(l[l.size() - 2]), md = d.match(l[l.size() - 1]);
    if (!mc.hasMatch() || !mr.hasMatch() || !md.hasMatch())
        return false;
    captured = mc.captured(1).toULongLong();
    received = mr.captured(1).toULongLong();
    dropped = md.captured(1).toULongLong();
    return true;
}

QProcessEnvironment envWithCache(const QString& cacheHome)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("XDG_CACHE_HOME", cacheHome);
    return env;
}

QStringList filesIn(const QString& dir) { return QDir(dir).entryList(QDir::Files | QDir::Hidden); }

// Sets XDG_CACHE_HOME in this process for the lifetime of the object (for orphanedSpoolFiles()).
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

} // namespace

class TestLiveCli : public QObject {
    Q_OBJECT

private slots:
    void signalStopsWithEverythingWritten_data()
    {
        QTest::addColumn<int>("sig");
        QTest::newRow("SIGINT") << int(SIGINT);
        QTest::newRow("SIGTERM") << int(SIGTERM);
    }

    // Two connections (one closed by each side), the signal at once after the last segment: exit 0,
    // every packet in the file (exactly what an independent capture saw) and on stdout (as `read` prints
    // the file), tcpdump's statistics lines last on stderr.
    void signalStopsWithEverythingWritten()
    {
        SYNSCOPE_REQUIRE_ROOT();
        QFETCH(int, sig);
        QTemporaryDir dir;
        quint16 port = 0;
        Fd listener = listenLoopback(port);
        const QString filter = QString("tcp port %1").arg(port);
        OracleCapture oracle;
        QString oracleError;
        QVERIFY2(oracle.start("lo", filter.toStdString(), oracleError), qPrintable(oracleError));
        const QString out = dir.path() + "/live.pcapng";
        CaptureChild child({"-i", "lo", "-f", filter, "-w", out});
        QVERIFY2(child.waitListening(), qPrintable(child.errText()));

        ConnectionScript first;
        first.request = "GET / HTTP/1.0\r\n\r\n";
        first.reply = "HTTP/1.0 200 OK\r\n\r\nhello";
        first.fourWay = true;
        QVERIFY(runConnection(listener.get(), port, first));
        ConnectionScript second = first;
        second.clientClosesFirst = false;
        QVERIFY(runConnection(listener.get(), port, second));
        child.signal(sig); // at once: the last packets may still be in the kernel's buffer
        QVERIFY(child.finish());
        oracle.stop();
        QVERIFY2(child.exitedNormally(), "the capture died of the signal instead of stopping");
        QCOMPARE(child.exitCode(), 0);
        QCOMPARE(oracle.dropped(), 0u);
        const std::size_t n = oracle.packets().size();
        QVERIFY(n >= 20);

        // stderr: where it listens, where it writes, then the statistics.
        quint64 captured = 0, received = 0, dropped = 0;
        QVERIFY2(parseStatistics(child.err(), captured, received, dropped), child.err().constData());
        QCOMPARE(captured, quint64(n));
        QVERIFY(received >= 2 * n); // lo: the outgoing copies are counted too
        QCOMPARE(dropped, quint64(0));
        QCOMPARE(child.errText(),
                 QString("synscope-cli: listening on lo, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n"
                         "synscope-cli: writing to %1\n"
                         "%2 packets captured\n%3 packets received by filter\n0 packets dropped by kernel\n")
                     .arg(out)
                     .arg(n)
                     .arg(received));

        // The file holds exactly the packets.
        std::vector<OfflinePacket> written;
        QString readError;
        QVERIFY2(readWithStore(out, written, readError), qPrintable(readError));
        QCOMPARE(comparePackets(written, oracle.packets()), QString());

        // stdout: every packet as `read` prints the file.
        const test::CliResult read = test::runCli({"read", out});
        QCOMPARE(read.exitCode, 0);
        QCOMPARE(lines(child.out()).size(), int(n));
        QCOMPARE(QString::fromUtf8(child.out()), QString::fromUtf8(read.out));

        // And the analysis of the file: two handshakes, two four-way teardowns, one closer each.
        const test::CliResult conv = test::runCli({"conversations", out, "--json"});
        QCOMPARE(conv.exitCode, 0);
        const QJsonArray a = QJsonDocument::fromJson(conv.out).array();
        QCOMPARE(a.size(), 2);
        for (int i = 0; i < 2; ++i) {
            const QJsonObject c = a[i].toObject();
            QCOMPARE(c.value("server").toString(), QString("127.0.0.1:%1").arg(port));
            QCOMPARE(c.value("open").toString(), QString("three-way"));
            QCOMPARE(c.value("close").toString(), QString("four-way"));
            QCOMPARE(c.value("closed_by").toString(), QString(i == 0 ? "client" : "server"));
            QCOMPARE(c.value("syn_retransmissions").toInt(), 0);
            QCOMPARE(c.value("bytes_client_to_server").toInt(), int(first.request.size()));
            QCOMPARE(c.value("bytes_server_to_client").toInt(), int(first.reply.size()));
        }
    }

    // -c N: exactly the first N packets, then it stops by itself; --json prints them as read --json does.
    void countStopsByItself()
    {
        SYNSCOPE_REQUIRE_ROOT();
        QTemporaryDir dir;
        quint16 port = 0;
        Fd listener = listenLoopback(port);
        const QString filter = QString("tcp port %1").arg(port);
        OracleCapture oracle;
        QString oracleError;
        QVERIFY2(oracle.start("lo", filter.toStdString(), oracleError), qPrintable(oracleError));
        const QString out = dir.path() + "/three.pcapng";
        CaptureChild child({"-i", "lo", "-c", "3", "--json", "-w", out, filter});
        QVERIFY2(child.waitListening(), qPrintable(child.errText()));
        QVERIFY(runConnection(listener.get(), port));
        QVERIFY2(child.finish(), "-c 3 did not stop the capture");
        oracle.stop();
        QVERIFY(child.exitedNormally());
        QCOMPARE(child.exitCode(), 0);
        std::vector<OfflinePacket> written;
        QString readError;
        QVERIFY2(readWithStore(out, written, readError), qPrintable(readError));
        const std::vector<OfflinePacket> firstThree(oracle.packets().begin(), oracle.packets().begin() + 3);
        QCOMPARE(comparePackets(written, firstThree), QString());
        const test::CliResult read = test::runCli({"read", "--json", out});
        QCOMPARE(read.exitCode, 0);
        QCOMPARE(QString::fromUtf8(child.out()), QString::fromUtf8(read.out));
        const QStringList l = lines(child.out());
        QCOMPARE(l.size(), 3);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(QJsonDocument::fromJson(l[i].toUtf8()).object().value("frame.number").toInt(), i + 1);
        quint64 captured = 0, received = 0, dropped = 0;
        QVERIFY2(parseStatistics(child.err(), captured, received, dropped), child.err().constData());
        QCOMPARE(captured, quint64(3));
    }

    // -a duration:1 with no traffic: stops by itself, not before one second, with an empty valid file.
    void durationStopsByItself()
    {
        SYNSCOPE_REQUIRE_ROOT();
        QTemporaryDir dir;
        quint16 port = 0;
        Fd quiet = boundLoopbackSocket(port);
        const QString out = dir.path() + "/second.pcapng";
        QElapsedTimer t;
        t.start();
        CaptureChild child({"-i", "lo", "-a", "duration:1", "-w", out, "-f", QString("tcp port %1").arg(port)});
        QVERIFY2(child.finish(20000), "-a duration:1 did not stop the capture");
        QVERIFY(t.elapsed() >= 1000);
        QVERIFY(child.exitedNormally());
        QCOMPARE(child.exitCode(), 0);
        QVERIFY(child.out().isEmpty());
        quint64 captured = 1, received = 0, dropped = 1;
        QVERIFY2(parseStatistics(child.err(), captured, received, dropped), child.err().constData());
        QCOMPARE(captured, quint64(0));
        QCOMPARE(dropped, quint64(0));
        std::vector<OfflinePacket> written;
        QString readError;
        QVERIFY2(readWithStore(out, written, readError), qPrintable(readError));
        QCOMPARE(written.size(), std::size_t(0));
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.read(4), QByteArray::fromHex("0a0d0d0a")); // pcapng section header
    }

    // -w x.pcap writes a classic pcap file that libpcap reads back.
    void pcapWhenTheNameEndsInPcap()
    {
        SYNSCOPE_REQUIRE_ROOT();
        QTemporaryDir dir;
        quint16 port = 0;
        Fd listener = listenLoopback(port);
        const QString filter = QString("tcp port %1").arg(port);
        OracleCapture oracle;
        QString oracleError;
        QVERIFY2(oracle.start("lo", filter.toStdString(), oracleError), qPrintable(oracleError));
        const QString out = dir.path() + "/x.pcap";
        CaptureChild child({"-i", "lo", "-f", filter, "-w", out});
        QVERIFY2(child.waitListening(), qPrintable(child.errText()));
        QVERIFY(runConnection(listener.get(), port));
        child.signal(SIGINT);
        QVERIFY(child.finish());
        oracle.stop();
        QCOMPARE(child.exitCode(), 0);
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray magic = f.read(4);
        QVERIFY2(magic == QByteArray::fromHex("d4c3b2a1") || magic == QByteArray::fromHex("4d3cb2a1"),
                 magic.toHex().constData());
        std::vector<OfflinePacket> written;
        int linkType = -1;
        QString readError;
        QVERIFY2(readWithLibpcap(out, written, linkType, readError), qPrintable(readError));
        QCOMPARE(linkType, DLT_EN10MB);
        QCOMPARE(comparePackets(written, oracle.packets()), QString());
        QCOMPARE(lines(child.out()).size(), int(oracle.packets().size()));
    }

    // An existing -w file is not replaced without --overwrite, and stays as it was; with it, it is.
    void existingFileIsNotOverwritten()
    {
        SYNSCOPE_REQUIRE_ROOT();
        QTemporaryDir dir;
        const QString out = dir.path() + "/precious.pcapng";
        {
            QFile f(out);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("precious bytes, not a capture");
        }
        const QDateTime modified = QDateTime::fromSecsSinceEpoch(1700000000);
        {
            QFile f(out);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.setFileTime(modified, QFileDevice::FileModificationTime));
        }
        CaptureChild refused({"-i", "lo", "-a", "duration:1", "-w", out});
        QVERIFY(refused.finish());
        QCOMPARE(refused.exitCode(), 2);
        QCOMPARE(refused.errText(), QString("synscope-cli: capture: %1 exists; choose another name or add "
                                            "--overwrite to replace it\n")
                                        .arg(out));
        QVERIFY(refused.out().isEmpty());
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("precious bytes, not a capture"));
        QCOMPARE(QFileInfo(out).lastModified(), modified);
        f.close();

        quint16 port = 0;
        Fd quiet = boundLoopbackSocket(port);
        CaptureChild replaced({"-i", "lo", "-a", "duration:0.3", "--overwrite", "-w", out, "-f",
                               QString("tcp port %1").arg(port)});
        QVERIFY(replaced.finish());
        QCOMPARE(replaced.exitCode(), 0);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.read(4), QByteArray::fromHex("0a0d0d0a"));
        std::vector<OfflinePacket> written;
        QString readError;
        QVERIFY2(readWithStore(out, written, readError), qPrintable(readError));
        QCOMPARE(written.size(), std::size_t(0));
    }

    void invalidFilter_data()
    {
        QTest::addColumn<bool>("positional");
        QTest::addColumn<bool>("toFile");
        QTest::newRow("-f, -w") << false << true;
        QTest::newRow("after the options, -w") << true << true;
        QTest::newRow("-f, spool file") << false << false;
    }

    // A filter libpcap rejects: its message, exit 2 (as every command for an invalid filter), and no file
    // (neither the -w file nor a spool file) is left.
    void invalidFilter()
    {
        SYNSCOPE_REQUIRE_ROOT();
        QFETCH(bool, positional);
        QFETCH(bool, toFile);
        QTemporaryDir dir, cache;
        const QString out = dir.path() + "/never.pcapng";
        QStringList args{"-i", "lo"};
        if (toFile)
            args << "-w" << out;
        args << (positional ? QStringList{"tcp", "port"} : QStringList{"-f", "tcp port"});
        CaptureChild child(args, envWithCache(cache.path()));
        QVERIFY(child.finish());
        QVERIFY(child.exitedNormally());
        const QString expected = libpcapMessage("tcp port");
        QVERIFY(!expected.isEmpty());
        QCOMPARE(child.errText(), QString("synscope-cli: invalid capture filter \"tcp port\": %1\n").arg(expected));
        QCOMPARE(child.exitCode(), 2);
        QVERIFY(!QFileInfo::exists(out));
        QCOMPARE(filesIn(cache.path() + "/synscope/captures"), QStringList());
    }

    void withoutCaptureRights_data()
    {
        QTest::addColumn<QString>("where");
        QTest::newRow("-w file") << "file";
        QTest::newRow("spool in XDG_CACHE_HOME") << "cache";
        QTest::newRow("spool, no writable home") << "nohome";
    }

    // As "nobody" (no capabilities): the message says what is missing and names the setcap command with
    // the program's real path (the one /proc/self/exe gives, not the symlink it was started through).
    void withoutCaptureRights()
    {
        SYNSCOPE_REQUIRE_ROOT();
        QFETCH(QString, where);
        const QString setpriv = QStandardPaths::findExecutable("setpriv");
        if (setpriv.isEmpty())
            QSKIP("setpriv (util-linux) is not installed: cannot run the CLI as an unprivileged user");
        QTemporaryDir dir; // sticky and world-writable, as /tmp: nobody may create files in it
        QCOMPARE(::chmod(dir.path().toLocal8Bit().constData(), 01777), 0);
        // The binary as nobody can run it: the build's own when every folder above it lets nobody in,
        // else a copy. Started through a symlink either way.
        QString real = QFileInfo(cli()).canonicalFilePath();
        const auto nobodyCanRun = [&](const QString& path) {
            QProcess p;
            p.start(setpriv, {"--reuid=65534", "--regid=65534", "--clear-groups", path, "--help"});
            return p.waitForFinished(10000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
        };
        if (!nobodyCanRun(real)) {
            const QString copy = dir.path() + "/synscope-cli";
            QVERIFY(QFile::copy(real, copy));
            QVERIFY(QFile::setPermissions(copy, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                    QFileDevice::ExeOwner | QFileDevice::ReadOther |
                                                    QFileDevice::ExeOther | QFileDevice::ReadGroup |
                                                    QFileDevice::ExeGroup));
            real = QFileInfo(copy).canonicalFilePath();
            if (!nobodyCanRun(real))
                QSKIP(qPrintable("user nobody cannot run synscope-cli, not even a copy in " + dir.path() +
                                 " (a folder above it is closed to other users?)"));
        }
        const QString link = dir.path() + "/capture-link";
        QVERIFY(QFile::link(real, link));

        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove("XDG_CACHE_HOME");
        env.insert("HOME", "/nonexistent");
        QStringList args{"-i", "lo", "-a", "duration:1"};
        const QString out = dir.path() + "/nobody.pcapng";
        const QString cache = dir.path() + "/cache";
        if (where == "file")
            args << "-w" << out;
        else if (where == "cache")
            env.insert("XDG_CACHE_HOME", cache);
        CaptureChild child(args, env, setpriv, {"--reuid=65534", "--regid=65534", "--clear-groups", link});
        QVERIFY(child.finish());
        QVERIFY(child.exitedNormally());
        QCOMPARE(child.exitCode(), 1);
        const QString err = child.errText();
        QVERIFY2(err.contains("no permission to capture"), qPrintable(err));
        QVERIFY2(err.contains("CAP_NET_RAW and CAP_NET_ADMIN"), qPrintable(err));
        QVERIFY2(err.contains("sudo setcap cap_net_raw,cap_net_admin=eip " + real + "\n"), qPrintable(err));
        QVERIFY2(!err.contains(link), qPrintable(err));
        QVERIFY(!QFileInfo::exists(out));
        QCOMPARE(filesIn(cache + "/synscope/captures"), QStringList());
    }

    // Without -w the packets go to a spool file in the cache folder, held while the capture runs (never
    // offered for recovery meanwhile) and removed when it ends.
    void spoolFileWhileCapturing()
    {
        SYNSCOPE_REQUIRE_ROOT();
        QTemporaryDir cache;
        CacheHome home(cache.path());
        const QString spool = cache.path() + "/synscope/captures";
        quint16 port = 0;
        Fd listener = listenLoopback(port);
        CaptureChild child({"-i", "lo", "-f", QString("tcp port %1").arg(port)}, envWithCache(cache.path()));
        QVERIFY2(child.waitListening(), qPrintable(child.errText()));
        const QStringList during = filesIn(spool);
        QCOMPARE(during.size(), 1);
        QVERIFY2(QRegularExpression("^live-\\d{8}-\\d{6}-\\d+-\\d+\\.pcapng$").match(during[0]).hasMatch(),
                 qPrintable(during[0]));
        QVERIFY(isSpoolFile((spool + "/" + during[0]).toStdString()));
        QVERIFY(orphanedSpoolFiles().empty()); // the capture holds it
        QVERIFY(runConnection(listener.get(), port));
        child.signal(SIGINT);
        QVERIFY(child.finish());
        QCOMPARE(child.exitCode(), 0);
        QVERIFY(!child.errText().contains("writing to"));
        QVERIFY(lines(child.out()).size() >= 9);
        QCOMPARE(filesIn(spool), QStringList());
    }

    // A capture killed outright (a crash) leaves its spool file: every packet already flushed to it, and
    // offered for recovery by the next session, which can adopt and discard it.
    void killedCaptureLeavesARecoverableFile()
    {
        SYNSCOPE_REQUIRE_ROOT();
        QTemporaryDir cache;
        CacheHome home(cache.path());
        quint16 port = 0;
        Fd listener = listenLoopback(port);
        const QString filter = QString("tcp port %1").arg(port);
        OracleCapture oracle;
        QString oracleError;
        QVERIFY2(oracle.start("lo", filter.toStdString(), oracleError), qPrintable(oracleError));
        CaptureChild child({"-i", "lo", "-f", filter}, envWithCache(cache.path()));
        QVERIFY2(child.waitListening(), qPrintable(child.errText()));
        const QStringList files = filesIn(cache.path() + "/synscope/captures");
        QCOMPARE(files.size(), 1);
        const QString path = cache.path() + "/synscope/captures/" + files[0];
        QVERIFY(runConnection(listener.get(), port));
        oracle.stop();
        const std::size_t n = oracle.packets().size();
        // The capture flushes what it wrote within 50 ms: the file fills up to every packet while it runs.
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         std::vector<OfflinePacket> p;
                         QString e;
                         return readWithStore(path, p, e) && p.size() == n;
                     },
                     10000),
                 "the spool file never held every packet while the capture ran");
        QVERIFY(child.running());
        child.signal(SIGKILL);
        QVERIFY(child.finish());
        QVERIFY(!child.exitedNormally());

        const std::vector<SpoolFile> orphans = orphanedSpoolFiles();
        QCOMPARE(orphans.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(orphans[0].path), path);
        QCOMPARE(orphans[0].size, std::uint64_t(QFileInfo(path).size()));
        std::vector<OfflinePacket> written;
        QString readError;
        QVERIFY2(readWithStore(path, written, readError), qPrintable(readError));
        QCOMPARE(comparePackets(written, oracle.packets()), QString());

        SpoolFileClaim claim;
        std::string error;
        QVERIFY2(claim.adopt(path.toStdString(), error), error.c_str());
        QVERIFY(orphanedSpoolFiles().empty());
        claim.remove();
        QVERIFY(!QFileInfo::exists(path));
    }

    // A reader that goes away (the output piped into `head -n 1`) ends the capture cleanly: exit 0, the
    // statistics, and the packets up to then in the file.
    void readerGoingAwayStopsTheCapture()
    {
        SYNSCOPE_REQUIRE_ROOT();
        const QString headProgram = QStandardPaths::findExecutable("head");
        if (headProgram.isEmpty())
            QSKIP("head (coreutils) is not installed");
        QTemporaryDir dir;
        quint16 port = 0;
        Fd listener = listenLoopback(port);
        const QString filter = QString("tcp port %1").arg(port);
        OracleCapture oracle;
        QString oracleError;
        QVERIFY2(oracle.start("lo", filter.toStdString(), oracleError), qPrintable(oracleError));
        const QString out = dir.path() + "/piped.pcapng";
        QProcess capture, head;
        capture.setStandardOutputProcess(&head);
        head.start(headProgram, {"-n", "1"});
        capture.start(cli(), {"capture", "-i", "lo", "-f", filter, "-w", out});
        QByteArray err;
        QVERIFY(QTest::qWaitFor(
            [&] {
                err += capture.readAllStandardError();
                return err.contains("listening on") || capture.state() == QProcess::NotRunning;
            },
            10000));
        QVERIFY(runConnection(listener.get(), port));
        QVERIFY2(head.waitForFinished(10000), "head never got its line");
        const QByteArray firstLine = head.readAllStandardOutput();
        QVERIFY(capture.state() != QProcess::NotRunning);
        // The next packets meet the closed pipe.
        QVERIFY(runConnection(listener.get(), port));
        QVERIFY2(capture.waitForFinished(10000), "the capture went on after its reader had gone");
        oracle.stop();
        err += capture.readAllStandardError();
        QVERIFY2(capture.exitStatus() == QProcess::NormalExit, "killed by SIGPIPE");
        QCOMPARE(capture.exitCode(), 0);
        quint64 captured = 0, received = 0, dropped = 0;
        QVERIFY2(parseStatistics(err, captured, received, dropped), err.constData());
        std::vector<OfflinePacket> written;
        QString readError;
        QVERIFY2(readWithStore(out, written, readError), qPrintable(readError));
        QCOMPARE(quint64(written.size()), captured);
        // The first connection whole, then what came of the second before the capture noticed.
        QVERIFY(written.size() > oracle.packets().size() / 2);
        const std::vector<OfflinePacket> prefix(oracle.packets().begin(), oracle.packets().begin() + written.size());
        QCOMPARE(comparePackets(written, prefix), QString());
        const test::CliResult read = test::runCli({"read", "-c", "1", out});
        QCOMPARE(QString::fromUtf8(firstLine), QString::fromUtf8(read.out));
    }

    // -i any -y LINUX_SLL2: the link type asked for, in the file and in the "listening on" line; the
    // lines printed are `read`'s for the file (tcpdump's SLL2 form with the interface and direction).
    void linkTypeChoice()
    {
        SYNSCOPE_REQUIRE_ROOT();
        QTemporaryDir dir;
        quint16 port = 0;
        Fd listener = listenLoopback(port);
        const QString out = dir.path() + "/sll2.pcapng";
        CaptureChild child({"-i", "any", "-y", "LINUX_SLL2", "-c", "4", "-w", out, "-f",
                            QString("tcp port %1").arg(port)});
        QVERIFY2(child.waitListening(), qPrintable(child.errText()));
        QVERIFY(child.errText().startsWith("synscope-cli: listening on any, link-type LINUX_SLL2 (Linux cooked v2), "
                                           "snapshot length 262144 bytes\n"));
        QVERIFY(runConnection(listener.get(), port));
        QVERIFY(child.finish());
        QCOMPARE(child.exitCode(), 0);
        std::vector<OfflinePacket> written;
        std::vector<std::uint32_t> linkTypes;
        QString readError;
        QVERIFY2(readWithStore(out, written, readError, &linkTypes), qPrintable(readError));
        QCOMPARE(linkTypes, std::vector<std::uint32_t>{276});
        QCOMPARE(written.size(), std::size_t(4));
        const test::CliResult read = test::runCli({"read", out});
        QCOMPARE(QString::fromUtf8(child.out()), QString::fromUtf8(read.out));
        QVERIFY2(lines(child.out())[0].contains(QRegularExpression("^\\d+\\.\\d{6} lo +In +IP 127\\.0\\.0\\.1\\.")),
                 child.out().constData());
    }

    // `interfaces` lists lo with its flags and address; `--link-types lo` says Ethernet; an unknown
    // interface is named in the message.
    void interfaces()
    {
        SYNSCOPE_REQUIRE_ROOT();
        const test::CliResult json = test::runCli({"interfaces", "--json"});
        QCOMPARE(json.exitCode, 0);
        QJsonObject lo;
        for (const QJsonValue& v : QJsonDocument::fromJson(json.out).array())
            if (v.toObject().value("name").toString() == "lo")
                lo = v.toObject();
        QVERIFY2(!lo.isEmpty(), json.out.constData());
        QCOMPARE(lo.value("up").toBool(), true);
        QCOMPARE(lo.value("running").toBool(), true);
        QCOMPARE(lo.value("loopback").toBool(), true);
        QCOMPARE(lo.value("wireless").toBool(), false);
        QVERIFY(lo.value("addresses").toArray().contains(QJsonValue("127.0.0.1/8")));

        const test::CliResult text = test::runCli({"interfaces"});
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(QString::fromUtf8(text.out).contains(QRegularExpression("(^|\n)\\d+\\.lo( \\([^)]*\\))? \\[Up, Running, "
                                                                        "Loopback\\][^\n]* 127\\.0\\.0\\.1/8")),
                 text.out.constData());

        const test::CliResult types = test::runCli({"interfaces", "--link-types", "lo"});
        QCOMPARE(types.exitCode, 0);
        QCOMPARE(QString::fromUtf8(types.out), QString("Data link types for lo (use option -y to set):\n"
                                                       "  EN10MB (Ethernet)\n"));
        // "any" offers both Linux cooked forms.
        const test::CliResult anyTypes = test::runCli({"interfaces", "--link-types", "any"});
        QCOMPARE(anyTypes.exitCode, 0);
        QCOMPARE(QString::fromUtf8(anyTypes.out), QString("Data link types for any (use option -y to set):\n"
                                                          "  LINUX_SLL (Linux cooked v1)\n"
                                                          "  LINUX_SLL2 (Linux cooked v2)\n"));

        QTemporaryDir dir;
        CaptureChild missing({"-i", "synscope-none0", "-w", dir.path() + "/x.pcapng"});
        QVERIFY(missing.finish());
        QCOMPARE(missing.exitCode(), 1);
        QVERIFY2(missing.errText().startsWith("synscope-cli: there is no interface named \"synscope-none0\""),
                 qPrintable(missing.errText()));
        QVERIFY(!QFileInfo::exists(dir.path() + "/x.pcapng"));
    }
};

QTEST_GUILESS_MAIN(TestLiveCli)
#include "test_live_cli.moc"
