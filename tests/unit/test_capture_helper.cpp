// synscope-capture, the capture helper: every argument is checked before anything is opened, with a
// message naming the option; the output must be a place the invoking user may write to (checked as the
// user nobody when the test runs as root); a capture on lo writes the handshake the test makes, the
// status lines report it, and the running helper holds no capability. Last, synscope-cli run as nobody
// captures through a copy of the helper that has the capture capabilities, and says which command
// fixes a helper without them.
#include "live_test_support.h"

#include "live/capture_helper_protocol.h"
#include "live/capture_permissions.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <csignal>
#include <sys/stat.h>

using namespace synscope::livetest;

namespace {

QString helperPath() { return qEnvironmentVariable("SYNSCOPE_CAPTURE_HELPER"); }
QString cliPath() { return qEnvironmentVariable("SYNSCOPE_CLI"); }

struct Run {
    int exitCode = -1;
    bool normal = false;
    QByteArray out, err;
};

Run run(const QString& program, const QStringList& args, const QStringList& prefix = {}, int timeoutMs = 20000)
{
    QProcess p;
    p.start(prefix.isEmpty() ? program : prefix.front(), prefix.isEmpty() ? args : prefix.mid(1) + QStringList{program} + args);
    Run r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
    }
    r.normal = p.exitStatus() == QProcess::NormalExit;
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// setpriv's arguments that run a program as nobody without groups or capabilities.
QStringList asNobody(const QString& setpriv) { return {setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"}; }

// A folder nobody may read and execute in (QTemporaryDir makes it 0700), holding copies of programs.
bool openToOthers(const QString& dir) { return ::chmod(dir.toLocal8Bit().constData(), 0755) == 0; }

bool copyExecutable(const QString& from, const QString& to)
{
    return QFile::copy(from, to) && ::chmod(to.toLocal8Bit().constData(), 0755) == 0;
}

// TCP flags of an Ethernet/IPv4/TCP packet from lo (-1 for anything else).
int tcpFlags(const QByteArray& p)
{
    if (p.size() < 14 + 20 + 20 || quint8(p[12]) != 0x08 || quint8(p[13]) != 0x00 || quint8(p[23]) != 6)
        return -1;
    const int ihl = (quint8(p[14]) & 0x0f) * 4;
    return p.size() >= 14 + ihl + 14 ? quint8(p[14 + ihl + 13]) : -1;
}

std::vector<synscope::HelperStatus> statusLines(const QByteArray& text, QStringList& raw)
{
    std::vector<synscope::HelperStatus> out;
    for (const QByteArray& line : text.split('\n')) {
        if (line.isEmpty())
            continue;
        raw << QString::fromUtf8(line);
        out.push_back(synscope::parseStatusLine(line.toStdString()));
    }
    return out;
}

// CapEff and CapPrm of a running process, from /proc.
QString capabilitySets(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QStringList sets;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith("CapEff:") || line.startsWith("CapPrm:") || line.startsWith("CapAmb:"))
            sets << QString::fromLatin1(line.simplified());
    return sets.join(' ');
}

} // namespace

class CaptureHelperTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(QFileInfo(helperPath()).isExecutable(), qPrintable("no helper at " + helperPath()));
        QVERIFY2(QFileInfo(cliPath()).isExecutable(), qPrintable("no synscope-cli at " + cliPath()));
    }

    void versionAndHelp()
    {
        Run r = run(helperPath(), {"--version"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QByteArray("synscope-capture " SYNSCOPE_TEST_VERSION "\n"));
        r = run(helperPath(), {"--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("Usage: synscope-capture -i IFACE [-i IFACE]... -w FILE|- [options]\n"));
    }

    // The advice for each route that cannot capture names the exact command (the capture dialog says the
    // same, translated); the packaged helper is restored with dpkg-reconfigure, a build's with setcap.
    void routeAdvice_data()
    {
        using synscope::CaptureRouteKind;
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("helper");
        QTest::addColumn<QString>("advice"); // %1: this program's real path
        QTest::newRow("not in the group")
            << int(CaptureRouteKind::HelperNotInGroup) << "/usr/bin/synscope-capture"
            << "the capture helper /usr/bin/synscope-capture may be run by the synscope group only, and alice is "
               "not in it. Add yourself once with: sudo usermod -aG synscope alice — then log out and in again "
               "(or run it as root)";
        QTest::newRow("added, not logged in again")
            << int(CaptureRouteKind::HelperNeedsNewLogin) << "/usr/bin/synscope-capture"
            << "you (alice) are in the synscope group, but this session started before you were added: log out "
               "and in again (or start a shell with: newgrp synscope)";
        QTest::newRow("packaged helper without capabilities")
            << int(CaptureRouteKind::HelperWithoutCapabilities) << "/usr/bin/synscope-capture"
            << "the capture helper /usr/bin/synscope-capture lacks its capabilities; restore them with: sudo "
               "dpkg-reconfigure synscope (or: sudo setcap cap_net_raw,cap_net_admin=eip /usr/bin/synscope-capture)";
        QTest::newRow("build's helper without capabilities")
            << int(CaptureRouteKind::HelperWithoutCapabilities) << "/src/build/app/synscope-capture"
            << "give the capture helper next to it the capabilities (again after each rebuild) with: sudo setcap "
               "cap_net_raw,cap_net_admin=eip /src/build/app/synscope-capture — or run it as root, or give it the "
               "capture capabilities once with: sudo setcap cap_net_raw,cap_net_admin=eip %1";
        QTest::newRow("packaged helper not executable")
            << int(CaptureRouteKind::HelperNotExecutable) << "/usr/bin/synscope-capture"
            << "the capture helper /usr/bin/synscope-capture is not executable by alice; restore its rights with: "
               "sudo dpkg-reconfigure synscope";
        QTest::newRow("no helper") << int(CaptureRouteKind::NoHelper) << ""
                                   << "run it as root, or give it the capture capabilities once with: sudo setcap "
                                      "cap_net_raw,cap_net_admin=eip %1";
    }
    void routeAdvice()
    {
        QFETCH(int, kind);
        QFETCH(QString, helper);
        QFETCH(QString, advice);
        synscope::CaptureRoute route;
        route.kind = synscope::CaptureRouteKind(kind);
        route.helperPath = helper.toStdString();
        route.packaged = helper == "/usr/bin/synscope-capture";
        route.user = "alice";
        QVERIFY(!route.canCapture());
        QCOMPARE(QString::fromStdString(synscope::captureRouteAdvice(route)),
                 QString(advice).replace("%1", QString::fromStdString(synscope::currentExecutablePath())));
    }

    // Refused before anything is opened, so no capture rights are needed to see these messages.
    void badArguments_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no interface") << QStringList{"-w", "-"}
                                      << "name an interface to capture on with -i ('synscope-cli interfaces' lists them)";
        QTest::newRow("no output") << QStringList{"-i", "lo"} << "say where the capture goes: -w FILE, or -w - for standard output";
        QTest::newRow("interface with a space") << QStringList{"-i", "eth 0", "-w", "-"}
            << "-i: \"eth 0\" is not an interface name (1 to 15 characters, no spaces or '/'); 'synscope-cli interfaces' lists the interfaces";
        QTest::newRow("interface too long") << QStringList{"-i", "abcdefghijklmnop", "-w", "-"}
            << "-i: \"abcdefghijklmnop\" is not an interface name (1 to 15 characters, no spaces or '/'); 'synscope-cli interfaces' lists the interfaces";
        QTest::newRow("interface path") << QStringList{"-i", "../lo", "-w", "-"}
            << "-i: \"../lo\" is not an interface name (1 to 15 characters, no spaces or '/'); 'synscope-cli interfaces' lists the interfaces";
        QTest::newRow("interface twice") << QStringList{"-i", "lo", "-i", "lo", "-w", "-"} << "-i: interface lo is given twice";
        QTest::newRow("snaplen zero") << QStringList{"-i", "lo", "-s", "0", "-w", "-"}
                                      << "-s: the snapshot length must be 1 to 262144 bytes, not \"0\"";
        QTest::newRow("snaplen too big") << QStringList{"-i", "lo", "-s", "262145", "-w", "-"}
                                         << "-s: the snapshot length must be 1 to 262144 bytes, not \"262145\"";
        QTest::newRow("negative buffer") << QStringList{"-i", "lo", "-B", "-5", "-w", "-"}
                                         << "-B: the kernel buffer must be 1 to 1048576 KiB, not \"-5\"";
        QTest::newRow("count not a number") << QStringList{"-i", "lo", "-c", "3x", "-w", "-"}
                                            << "-c: expects a positive number of packets, not \"3x\"";
        QTest::newRow("negative duration") << QStringList{"-i", "lo", "-a", "duration:-1", "-w", "-"}
                                           << "-a duration: expects a positive number of seconds (at most 1e8), not \"-1\"";
        QTest::newRow("duration nan") << QStringList{"-i", "lo", "-a", "duration:nan", "-w", "-"}
                                      << "-a duration: expects a positive number of seconds (at most 1e8), not \"nan\"";
        QTest::newRow("unknown condition") << QStringList{"-i", "lo", "-a", "speed:3", "-w", "-"}
                                           << "-a expects duration:SECONDS, filesize:KB or packets:N, not \"speed:3\"";
        QTest::newRow("unknown link type") << QStringList{"-i", "lo", "-y", "NOSUCHTYPE", "-w", "-"}
            << "-y: unknown link type \"NOSUCHTYPE\" (a name as tcpdump -L prints it, e.g. EN10MB, LINUX_SLL2, or a number up to 65535)";
        QTest::newRow("unknown format") << QStringList{"-i", "lo", "-F", "json", "-w", "-"}
                                        << "-F: the format is pcapng or pcap, not \"json\"";
        QTest::newRow("pcap with two interfaces") << QStringList{"-i", "lo", "-i", "any", "-F", "pcap", "-w", "-"}
            << "a pcap file holds one interface; capture several as pcapng (-F pcapng)";
        QTest::newRow("status descriptor closed") << QStringList{"-i", "lo", "-w", "-", "--status-fd", "97"}
                                                  << "--status-fd: \"97\" is not an open descriptor from 2 to 1024";
        QTest::newRow("status on stdout") << QStringList{"-i", "lo", "-w", "-", "--status-fd", "1"}
                                          << "--status-fd: \"1\" is not an open descriptor from 2 to 1024";
        QTest::newRow("overwrite stdout") << QStringList{"-i", "lo", "-w", "-", "--overwrite"}
                                          << "--overwrite applies to -w FILE, not to standard output";
        QTest::newRow("unknown option") << QStringList{"-i", "lo", "--promisc", "-w", "-"}
                                        << "unknown option \"--promisc\" (see --help; a capture filter goes after -f)";
        QTest::newRow("filter without -f") << QStringList{"-i", "lo", "-w", "-", "tcp"}
                                           << "unexpected argument \"tcp\" (see --help; a capture filter goes after -f)";
        QTest::newRow("missing value") << QStringList{"-i", "lo", "-w"} << "-w needs a value (see --help)";
    }
    void badArguments()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = run(helperPath(), args);
        QVERIFY(r.normal);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(QString::fromUtf8(r.err), "synscope-capture: " + message + "\n");
        QCOMPARE(r.out, QByteArray());
    }

    // Outputs refused whoever runs the helper: an existing file, a symbolic link, a folder, a FIFO, a
    // missing folder. Nothing is changed or created.
    void refusedOutputs_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<bool>("overwrite");
        QTest::addColumn<QString>("message"); // %1: the path
        QTest::newRow("existing file") << "file" << false << "-w: %1 exists; choose another name or add --overwrite to replace it";
        QTest::newRow("symbolic link") << "link" << true << "-w: %1 is a symbolic link; refused: name the file itself";
        QTest::newRow("dangling link") << "dangling" << false << "-w: %1 is a symbolic link; refused: name the file itself";
        QTest::newRow("folder") << "dir" << true << "-w: %1 exists and is not a regular file; name a new file";
        QTest::newRow("fifo") << "fifo" << true << "-w: %1 exists and is not a regular file; name a new file";
        QTest::newRow("missing folder") << "missing" << false << "-w: the folder %2 of %1 does not exist";
    }
    void refusedOutputs()
    {
        QFETCH(QString, kind);
        QFETCH(bool, overwrite);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString target = dir.path() + "/target.pcapng";
        QString path = target;
        QFile existing(target);
        QVERIFY(existing.open(QIODevice::WriteOnly));
        existing.write("keep");
        existing.close();
        if (kind == "link") {
            path = dir.path() + "/link.pcapng";
            QVERIFY(QFile::link(target, path));
        } else if (kind == "dangling") {
            path = dir.path() + "/dangling.pcapng";
            QVERIFY(QFile::link(dir.path() + "/nothing-here", path));
        } else if (kind == "dir") {
            path = dir.path() + "/folder";
            QVERIFY(QDir().mkdir(path));
        } else if (kind == "fifo") {
            path = dir.path() + "/fifo";
            QCOMPARE(::mkfifo(path.toLocal8Bit().constData(), 0644), 0);
        } else if (kind == "missing") {
            path = dir.path() + "/no/such/out.pcapng";
        }
        QStringList args{"-i", "lo", "-w", path};
        if (overwrite)
            args << "--overwrite";
        const Run r = run(helperPath(), args);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(QString::fromUtf8(r.err),
                 "synscope-capture: " + QString(message).replace("%1", path).replace("%2", dir.path() + "/no/such") +
                     "\n");
        QFile check(target);
        QVERIFY(check.open(QIODevice::ReadOnly));
        QCOMPARE(check.readAll(), QByteArray("keep"));
        QVERIFY(!QFileInfo::exists(dir.path() + "/nothing-here"));
    }

    // The output is checked with the invoking user's rights: nobody may not create a file in a folder
    // only root may write to, nor replace root's file.
    void outputNotWritableByTheUser()
    {
        if (::geteuid() != 0)
            QSKIP("skipped: needs root, to run the helper as the unprivileged user nobody beside a folder only "
                  "root may write to (CI runs the tests as root)");
        const QString setpriv = QStandardPaths::findExecutable("setpriv");
        if (setpriv.isEmpty())
            QSKIP("skipped: setpriv (util-linux) is not installed, so the helper cannot be run as nobody");
        QTemporaryDir dir;
        QVERIFY(openToOthers(dir.path()));
        const QString helper = dir.path() + "/synscope-capture";
        QVERIFY(copyExecutable(helperPath(), helper));
        const QString rootsFile = dir.path() + "/roots.pcapng";
        QFile f(rootsFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("root's");
        f.close();
        QCOMPARE(::chmod(rootsFile.toLocal8Bit().constData(), 0644), 0);

        Run r = run(helper, {"-i", "lo", "-w", dir.path() + "/new.pcapng"}, asNobody(setpriv));
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(QString::fromUtf8(r.err),
                 "synscope-capture: -w: nobody (uid 65534) may not create files in " + dir.path() +
                     " (Permission denied); choose a folder you can write to\n");
        QVERIFY(!QFileInfo::exists(dir.path() + "/new.pcapng"));

        r = run(helper, {"-i", "lo", "-w", rootsFile, "--overwrite"}, asNobody(setpriv));
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(QString::fromUtf8(r.err), "synscope-capture: -w: " + rootsFile +
                                               " is not writable by nobody (uid 65534) (Permission denied)\n");
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("root's"));

        // The same with the status lines: the kind says it is the output.
        r = run(helper, {"-i", "lo", "-w", dir.path() + "/new.pcapng", "--status-fd", "2"}, asNobody(setpriv));
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(QString::fromUtf8(r.err), QString("synscope-capture-status 1\nerror output -w: nobody (uid 65534) may "
                                                   "not create files in %1 (Permission denied); choose a folder "
                                                   "you can write to\n").arg(dir.path()));
    }

    // An interface that does not exist and a filter that does not compile: usage errors (exit 2), with
    // the status line's kind; no file is left behind. Opening an interface needs capture rights.
    void badInterfaceAndFilter_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("status");
        QTest::newRow("no such interface")
            << QStringList{"-i", "nosuch0"}
            << "error no-interface there is no interface named \"nosuch0\" (No such device exists); "
               "'synscope-cli interfaces' lists the ones there are";
        QTest::newRow("bad filter") << QStringList{"-i", "lo", "-f", "tcp port"}
                                    << "error bad-filter invalid capture filter \"tcp port\": can't parse filter "
                                       "expression: syntax error";
    }
    void badInterfaceAndFilter()
    {
        SYNSCOPE_REQUIRE_ROOT();
        QFETCH(QStringList, args);
        QFETCH(QString, status);
        QTemporaryDir dir;
        const QString out = dir.path() + "/out.pcapng";
        const Run r = run(helperPath(), args + QStringList{"-w", out, "--status-fd", "2"});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(QString::fromUtf8(r.err), "synscope-capture-status 1\n" + status + "\n");
        QVERIFY(!QFileInfo::exists(out));
    }

    // A capture on lo of a handshake the test makes: three packets (-c 3), then the helper stops by
    // itself; its status lines name lo, report the packets and the file's size; while it runs it holds
    // no capability at all (it started as root, with all of them).
    void captureOnLoopback()
    {
        SYNSCOPE_REQUIRE_ROOT();
        QTemporaryDir dir;
        const QString out = dir.path() + "/lo.pcapng";
        quint16 port = 0;
        Fd listener = listenLoopback(port);
        QVERIFY(listener.get() >= 0);
        QProcess helper;
        helper.start(helperPath(), {"-i", "lo", "-f", QString("tcp port %1").arg(port), "-c", "3", "-w", out,
                                    "--status-fd", "2"});
        QByteArray err;
        QVERIFY(QTest::qWaitFor([&] {
            err += helper.readAllStandardError();
            return err.contains("started\n") || helper.state() == QProcess::NotRunning;
        }, 10000));
        QVERIFY2(err.contains("started\n"), err.constData());
        QCOMPARE(capabilitySets(helper.processId()),
                 QString("CapPrm: 0000000000000000 CapEff: 0000000000000000 CapAmb: 0000000000000000"));
        int connectError = 0;
        Fd client = connectLoopback(port, &connectError);
        QVERIFY(client.get() >= 0);
        Fd server = acceptOne(listener.get());
        QVERIFY(server.get() >= 0);
        QVERIFY(helper.waitForFinished(10000));
        err += helper.readAllStandardError();
        QCOMPARE(helper.exitStatus(), QProcess::NormalExit);
        QCOMPARE(helper.exitCode(), 0);
        QCOMPARE(helper.readAllStandardOutput(), QByteArray());

        QStringList raw;
        const std::vector<synscope::HelperStatus> lines = statusLines(err, raw);
        QVERIFY2(lines.size() >= 5, qPrintable(raw.join('\n')));
        QCOMPARE(raw.front(), QString("synscope-capture-status 1"));
        QCOMPARE(int(lines[1].type), int(synscope::HelperStatus::Type::Interface));
        QCOMPARE(lines[1].iface.name, std::string("lo"));
        QCOMPARE(lines[1].iface.linkType, 1u);
        QCOMPARE(lines[1].iface.snapLength, 262144u);
        QCOMPARE(raw[2], QString("started"));
        QCOMPARE(raw.back(), QString("end"));
        const synscope::HelperStatus& last = lines[lines.size() - 2];
        QCOMPARE(int(last.type), int(synscope::HelperStatus::Type::Stats));
        QCOMPARE(last.stats.written, 3ull);
        QCOMPARE(last.stats.bytesWritten, quint64(QFileInfo(out).size()));
        QVERIFY(last.stats.kernelReceived >= 3);
        QCOMPARE(last.stats.kernelDropped, 0ull);
        for (std::size_t i = 3; i + 1 < lines.size(); ++i)
            QCOMPARE(int(lines[i].type), int(synscope::HelperStatus::Type::Stats));

        std::vector<OfflinePacket> packets;
        int linkType = 0;
        QString error;
        QVERIFY2(readWithLibpcap(out, packets, linkType, error), qPrintable(error));
        QCOMPARE(linkType, 1);
        QCOMPARE(packets.size(), std::size_t(3));
        QCOMPARE(tcpFlags(packets[0].data), 0x02); // SYN
        QCOMPARE(tcpFlags(packets[1].data), 0x12); // SYN, ACK
        QCOMPARE(tcpFlags(packets[2].data), 0x10); // ACK
        // The file is the invoking user's (root here), created with the usual umask.
        QCOMPARE(QFileInfo(out).ownerId(), ::getuid());
    }

    // To standard output, stopped by SIGTERM: everything before the signal is in the stream, which is a
    // complete pcapng (the status ends with "end").
    void captureToStandardOutputUntilSigterm()
    {
        SYNSCOPE_REQUIRE_ROOT();
        quint16 port = 0;
        Fd listener = listenLoopback(port);
        QProcess helper;
        helper.start(helperPath(), {"-i", "lo", "-f", QString("tcp port %1").arg(port), "-w", "-", "--status-fd", "2"});
        QByteArray err;
        QVERIFY(QTest::qWaitFor([&] {
            err += helper.readAllStandardError();
            return err.contains("started\n") || helper.state() == QProcess::NotRunning;
        }, 10000));
        QVERIFY2(err.contains("started\n"), err.constData());
        QVERIFY(runConnection(listener.get(), port, scripted("hello", "world", true, true)));
        QTest::qWait(200);
        ::kill(static_cast<pid_t>(helper.processId()), SIGTERM);
        QVERIFY(helper.waitForFinished(5000));
        QCOMPARE(helper.exitCode(), 0);
        err += helper.readAllStandardError();
        QVERIFY2(err.endsWith("end\n"), err.constData());
        QTemporaryDir dir;
        const QString out = dir.path() + "/stdout.pcapng";
        QFile f(out);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(helper.readAllStandardOutput());
        f.close();
        std::vector<OfflinePacket> packets;
        int linkType = 0;
        QString error;
        QVERIFY2(readWithLibpcap(out, packets, linkType, error), qPrintable(error));
        QVERIFY2(packets.size() >= 9, qPrintable(QString::number(packets.size()))); // handshake, data, teardown
        QCOMPARE(tcpFlags(packets[0].data), 0x02);
    }

    // synscope-cli run as nobody, next to a copy of the helper: without capabilities on the helper the
    // error names the setcap command for it; with them the capture goes through it and writes the file.
    void cliCapturesThroughTheHelperAsNobody()
    {
        if (::geteuid() != 0)
            QSKIP("skipped: needs root, to give a copy of the helper file capabilities and run synscope-cli as "
                  "nobody (CI runs the tests as root)");
        const QString setpriv = QStandardPaths::findExecutable("setpriv");
        const QString setcap = QStandardPaths::findExecutable("setcap", {"/usr/sbin", "/sbin"});
        if (setpriv.isEmpty() || setcap.isEmpty())
            QSKIP("skipped: setpriv (util-linux) or setcap (libcap2-bin) is not installed");
        QTemporaryDir dir;
        QVERIFY(openToOthers(dir.path()));
        const QString cli = dir.path() + "/synscope-cli";
        const QString helper = dir.path() + "/synscope-capture";
        QVERIFY(copyExecutable(cliPath(), cli));
        QVERIFY(copyExecutable(helperPath(), helper));
        const QString outDir = dir.path() + "/out";
        QVERIFY(QDir().mkdir(outDir));
        QCOMPARE(::chmod(outDir.toLocal8Bit().constData(), 01777), 0);
        const QString out = outDir + "/nobody.pcapng";
        if (run(cli, {"--version"}, asNobody(setpriv)).exitCode != 0)
            QSKIP(qPrintable("skipped: nobody cannot run programs in " + dir.path() +
                             " (a folder above it is closed to other users, or mounted noexec)"));

        // No capabilities on the helper: the message names the command for this very helper.
        Run r = run(cli, {"capture", "-i", "lo", "-c", "1", "-q", "-w", out}, asNobody(setpriv));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("no permission to capture on lo"), r.err.constData());
        QVERIFY2(r.err.contains("give the capture helper next to it the capabilities (again after each rebuild) "
                                "with: sudo setcap cap_net_raw,cap_net_admin=eip " + helper.toUtf8()),
                 r.err.constData());
        QVERIFY(!QFileInfo::exists(out));

        if (run(setcap, {"cap_net_raw,cap_net_admin=eip", helper}).exitCode != 0)
            QSKIP(qPrintable("skipped: setcap failed on " + helper + " (a file system without extended attributes?)"));
        quint16 port = 0;
        Fd listener = listenLoopback(port);
        QProcess capture;
        capture.start(asNobody(setpriv).front(), asNobody(setpriv).mid(1) +
                      QStringList{cli, "capture", "-i", "lo", "-c", "3", "-q", "-w", out,
                                  "-f", QString("tcp port %1").arg(port)});
        QByteArray err;
        QVERIFY(QTest::qWaitFor([&] {
            err += capture.readAllStandardError();
            return err.contains("capturing through the capture helper") || capture.state() == QProcess::NotRunning;
        }, 10000));
        QVERIFY2(err.contains("synscope-cli: capturing through the capture helper " + helper.toUtf8() + "\n"),
                 err.constData());
        Fd client = connectLoopback(port);
        Fd server = acceptOne(listener.get());
        QVERIFY(capture.waitForFinished(10000));
        err += capture.readAllStandardError();
        QCOMPARE(capture.exitCode(), 0);
        QVERIFY2(err.contains("3 packets captured\n"), err.constData());
        QCOMPARE(QFileInfo(out).ownerId(), 65534u); // created by nobody's own process, not by the helper
        std::vector<OfflinePacket> packets;
        int linkType = 0;
        QString error;
        QVERIFY2(readWithLibpcap(out, packets, linkType, error), qPrintable(error));
        QCOMPARE(packets.size(), std::size_t(3));
        QCOMPARE(tcpFlags(packets[0].data), 0x02);
    }
};

QTEST_GUILESS_MAIN(CaptureHelperTest)
#include "test_capture_helper.moc"
