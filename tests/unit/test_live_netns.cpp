// REJECT and DROP as a firewall does them, captured live: two network namespaces made for the test,
// joined by a veth pair (198.18.0.1 and 198.18.0.2, the benchmarking range, existing only inside them),
// a firewall in the server's namespace (nftables, else iptables) that rejects two ports with ICMP
// (port unreachable, administratively prohibited) and drops a third. `synscope-cli capture` runs in the
// client's namespace on its veth; `synscope-cli conversations --json` must then call the attempts
// rejected and unanswered, with the SYN retransmissions the client namespace's tcp_syn_retries allows,
// a closed port refused, and a real connection opened and closed properly. The namespaces (and with
// them the veth pair and the rules) are removed afterwards, also when the test fails. Skipped, saying
// why, when not root or when ip netns, veth, nft and iptables are not usable.
#include "live_test_support.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <fcntl.h>
#include <sched.h>

using namespace synscope;
using namespace synscope::livetest;

namespace {

constexpr const char* kClientAddress = "198.18.0.1";
constexpr const char* kServerAddress = "198.18.0.2";
constexpr quint16 kOpenPort = 7000;     // a listening server
constexpr quint16 kPortUnreachable = 7001; // REJECT with ICMP port unreachable
constexpr quint16 kProhibited = 7002;   // REJECT with ICMP administratively prohibited
constexpr quint16 kDropped = 7003;      // DROP
constexpr quint16 kClosedPort = 7004;   // nothing listens: RST
constexpr int kSynRetries = 2;          // net.ipv4.tcp_syn_retries in the client namespace

QString cli() { return QString::fromLocal8Bit(qgetenv("SYNSCOPE_CLI")); }

QString tool(const char* name)
{
    const QString found = QStandardPaths::findExecutable(name, {"/usr/sbin", "/sbin", "/usr/bin", "/bin"});
    return found.isEmpty() ? QStandardPaths::findExecutable(name) : found;
}

struct Result {
    bool ok = false;
    QString output; // stdout and stderr
};

Result run(const QString& program, const QStringList& args, const QByteArray& input = {})
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForStarted(10000))
        return {false, program + ": cannot start"};
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(30000)) {
        p.kill();
        p.waitForFinished(5000);
        return {false, program + " " + args.join(' ') + ": timed out"};
    }
    Result r;
    r.ok = p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    r.output = QString::fromUtf8(p.readAll()).trimmed();
    return r;
}

// The two namespaces; the destructor removes them (and so the veth pair and the firewall rules in them).
class Namespaces {
public:
    explicit Namespaces(QString ip) : ip_(std::move(ip))
    {
        const QString id = QString::number(::getpid());
        client = "synscope-lt-c-" + id;
        server = "synscope-lt-s-" + id;
        clientVeth = "sslc" + id; // interface names: at most 15 characters
        serverVeth = "ssls" + id;
    }
    ~Namespaces()
    {
        for (const QString& ns : created_)
            run(ip_, {"netns", "del", ns});
    }
    Result add(const QString& ns)
    {
        Result r = run(ip_, {"netns", "add", ns});
        if (r.ok)
            created_ << ns;
        return r;
    }
    // Removes namespaces a killed earlier run of this test left behind (its process is gone).
    void removeLeftovers()
    {
        const QRegularExpression mine("^synscope-lt-[cs]-(\\d+)\\b");
        for (const QString& line : run(ip_, {"netns", "list"}).output.split('\n')) {
            const auto m = mine.match(line);
            if (m.hasMatch() && !QFile::exists("/proc/" + m.captured(1)))
                run(ip_, {"netns", "del", line.section(' ', 0, 0)});
        }
    }
    Result exec(const QString& ns, const QStringList& command, const QByteArray& input = {})
    {
        return run(ip_, QStringList{"netns", "exec", ns} + command, input);
    }
    QString client, server, clientVeth, serverVeth;

private:
    QString ip_;
    QStringList created_;
};

// A TCP socket created inside namespace `ns` (it keeps using that namespace's network from any thread).
Fd socketIn(const QString& ns, QString& error)
{
    int fd = -1;
    std::thread t([&] {
        const int nsfd = ::open(("/run/netns/" + ns).toLocal8Bit().constData(), O_RDONLY | O_CLOEXEC);
        if (nsfd < 0 || ::setns(nsfd, CLONE_NEWNET) != 0) {
            error = QString("cannot enter namespace %1: %2").arg(ns, QString::fromLocal8Bit(std::strerror(errno)));
            if (nsfd >= 0)
                ::close(nsfd);
            return;
        }
        ::close(nsfd);
        fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    });
    t.join();
    return Fd(fd);
}

sockaddr_in address(const char* ip, quint16 port)
{
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    ::inet_pton(AF_INET, ip, &a.sin_addr);
    return a;
}

// Connects `fd` (blocking); returns 0 or the errno.
int connectTo(int fd, quint16 port)
{
    const sockaddr_in a = address(kServerAddress, port);
    return ::connect(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a) == 0 ? 0 : errno;
}

// How many packets of `path` match `filter`, by libpcap (pcap_offline_filter), or -1.
int countMatching(const QString& path, const QString& filter)
{
    char errbuf[PCAP_ERRBUF_SIZE] = {};
    pcap_t* p = pcap_open_offline(path.toLocal8Bit().constData(), errbuf);
    if (!p)
        return -1;
    bpf_program program{};
    if (pcap_compile(p, &program, filter.toUtf8().constData(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
        pcap_close(p);
        return -1;
    }
    int n = 0;
    pcap_pkthdr* h = nullptr;
    const u_char* bytes = nullptr;
    while (pcap_next_ex(p, &h, &bytes) == 1)
        n += pcap_offline_filter(&program, h, bytes) != 0;
    pcap_freecode(&program);
    pcap_close(p);
    return n;
}

} // namespace

class TestLiveNetns : public QObject {
    Q_OBJECT

private slots:
    void rejectedAndUnansweredBetweenNamespaces_data()
    {
        QTest::addColumn<QString>("firewall");
        QTest::newRow("nftables") << "nft";
        QTest::newRow("iptables") << "iptables";
    }

    // Run with nft and with iptables, each where it is installed (either one is enough for the issue).
    void rejectedAndUnansweredBetweenNamespaces()
    {
        SYNSCOPE_REQUIRE_ROOT();
        QFETCH(QString, firewall);
        const QString ip = tool("ip");
        if (ip.isEmpty())
            QSKIP("iproute2's ip is not installed (packaging/install-build-deps.sh installs it): no namespaces");
        const QString nft = tool("nft"), iptables = tool("iptables");
        if (nft.isEmpty() && iptables.isEmpty())
            QSKIP("neither nft (nftables) nor iptables is installed: no firewall to REJECT and DROP with");
        if (tool(firewall.toUtf8().constData()).isEmpty())
            QSKIP(qPrintable(firewall + " is not installed; the other firewall row covers the test"));

        Namespaces ns(ip); // declared first: removed last, after the capture has stopped
        ns.removeLeftovers();
        if (const Result r = ns.add(ns.client); !r.ok)
            QSKIP(qPrintable("ip netns does not work here (" + r.output + ")"));
        if (const Result r = ns.add(ns.server); !r.ok)
            QSKIP(qPrintable("ip netns does not work here (" + r.output + ")"));
        if (const Result r = run(ip, {"link", "add", ns.clientVeth, "netns", ns.client, "type", "veth", "peer", "name",
                                      ns.serverVeth, "netns", ns.server});
            !r.ok)
            QSKIP(qPrintable("cannot create a veth pair between the namespaces (" + r.output + ")"));
        // ip netns exec needs / to be a mount point it can make a slave (not so in a bare chroot).
        if (const Result r = ns.exec(ns.client, {ip, "link", "show", "lo"}); !r.ok)
            QSKIP(qPrintable("ip netns exec does not work here (" + r.output + ")"));
        for (const auto& [space, veth, addr] : {std::tuple{ns.client, ns.clientVeth, kClientAddress},
                                                std::tuple{ns.server, ns.serverVeth, kServerAddress}}) {
            for (const QStringList& command : {QStringList{ip, "link", "set", "lo", "up"},
                                               QStringList{ip, "addr", "add", QString(addr) + "/30", "dev", veth},
                                               QStringList{ip, "link", "set", veth, "up"}}) {
                const Result r = ns.exec(space, command);
                QVERIFY2(r.ok, qPrintable(command.join(' ') + ": " + r.output));
            }
        }

        // The firewall in the server's namespace.
        if (firewall == "nft") {
            const QByteArray ruleset = QString("table ip synscope_test {\n"
                                               "  chain input {\n"
                                               "    type filter hook input priority 0; policy accept;\n"
                                               "    tcp dport %1 reject with icmp type port-unreachable\n"
                                               "    tcp dport %2 reject with icmp type admin-prohibited\n"
                                               "    tcp dport %3 drop\n"
                                               "  }\n"
                                               "}\n")
                                           .arg(kPortUnreachable)
                                           .arg(kProhibited)
                                           .arg(kDropped)
                                           .toUtf8();
            const Result r = ns.exec(ns.server, {nft, "-f", "-"}, ruleset);
            if (!r.ok)
                QSKIP(qPrintable("nft cannot set rules in a namespace here (" + r.output + ")"));
        } else {
            const QList<QStringList> rules = {
                {"-p", "tcp", "--dport", QString::number(kPortUnreachable), "-j", "REJECT", "--reject-with",
                 "icmp-port-unreachable"},
                {"-p", "tcp", "--dport", QString::number(kProhibited), "-j", "REJECT", "--reject-with",
                 "icmp-admin-prohibited"},
                {"-p", "tcp", "--dport", QString::number(kDropped), "-j", "DROP"}};
            for (const QStringList& rule : rules) {
                const Result r = ns.exec(ns.server, QStringList{iptables, "-A", "INPUT"} + rule);
                if (!r.ok)
                    QSKIP(qPrintable("iptables cannot set rules in a namespace here (" + r.output + ")"));
            }
        }

        // Few SYN retries in the client's namespace (the settings are per namespace). Linux turns
        // tcp_syn_retries into a time budget computed with exponential backoff (1+2+4 s for 2), while
        // tcp_syn_linear_timeouts (6.x, default 4) retransmits every second: 5 retransmissions fit that
        // budget. Without linear timeouts the count is exactly tcp_syn_retries (SYNs at 0, 1 and 3 s).
        const QString retries = "/proc/sys/net/ipv4/tcp_syn_retries";
        const QString linear = "/proc/sys/net/ipv4/tcp_syn_linear_timeouts";
        QVERIFY(ns.exec(ns.client, {"sh", "-c", QString("echo %1 > %2").arg(kSynRetries).arg(retries)}).ok);
        QCOMPARE(ns.exec(ns.client, {"cat", retries}).output, QString::number(kSynRetries));
        if (ns.exec(ns.client, {"test", "-e", linear}).ok) {
            QVERIFY(ns.exec(ns.client, {"sh", "-c", "echo 0 > " + linear}).ok);
            QCOMPARE(ns.exec(ns.client, {"cat", linear}).output, QString("0"));
        }

        // The server: a socket of the server's namespace listening on 198.18.0.2:7000.
        QString error;
        Fd listener = socketIn(ns.server, error);
        QVERIFY2(listener.valid(), qPrintable(error));
        const sockaddr_in serverAddress = address(kServerAddress, kOpenPort);
        const int one = 1;
        ::setsockopt(listener.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        QCOMPARE(::bind(listener.get(), reinterpret_cast<const sockaddr*>(&serverAddress), sizeof serverAddress), 0);
        QCOMPARE(::listen(listener.get(), 4), 0);

        // The capture, in the client's namespace on its end of the veth.
        QTemporaryDir dir;
        const QString out = dir.path() + "/veth.pcapng";
        QProcess capture;
        capture.start(ip, {"netns", "exec", ns.client, cli(), "capture", "-q", "-i", ns.clientVeth, "-w", out});
        QByteArray err;
        const bool listening = QTest::qWaitFor(
            [&] {
                err += capture.readAllStandardError();
                return err.contains("listening on") || capture.state() == QProcess::NotRunning;
            },
            10000);
        QVERIFY2(listening && err.contains("listening on " + ns.clientVeth.toUtf8()), err.constData());

        // A real connection: handshake, data, four-way teardown closed by the client.
        {
            Fd client = socketIn(ns.client, error);
            QVERIFY2(client.valid(), qPrintable(error));
            QCOMPARE(connectTo(client.get(), kOpenPort), 0);
            Fd server = acceptOne(listener.get());
            ConnectionScript script;
            script.request = "through the veth";
            script.reply = "and back";
            script.fourWay = true;
            QVERIFY(runConnectedPair(client, server, script));
        }
        // The refused, rejected and dropped attempts, one after the other.
        const QList<QPair<quint16, int>> attempts = {{kClosedPort, ECONNREFUSED},
                                                     {kPortUnreachable, ECONNREFUSED},
                                                     {kProhibited, EHOSTUNREACH},
                                                     {kDropped, ETIMEDOUT}};
        for (const auto& [port, expectedErrno] : attempts) {
            Fd client = socketIn(ns.client, error);
            QVERIFY2(client.valid(), qPrintable(error));
            const int got = connectTo(client.get(), port);
            QVERIFY2(got == expectedErrno, qPrintable(QString("port %1: connect() gave \"%2\", expected \"%3\"")
                                                          .arg(port)
                                                          .arg(QString::fromLocal8Bit(std::strerror(got)))
                                                          .arg(QString::fromLocal8Bit(std::strerror(expectedErrno)))));
        }

        ::kill(static_cast<pid_t>(capture.processId()), SIGINT); // ip netns exec runs the CLI in its own process
        QVERIFY(capture.waitForFinished(10000));
        err += capture.readAllStandardError();
        QVERIFY2(capture.exitStatus() == QProcess::NormalExit && capture.exitCode() == 0, err.constData());
        QVERIFY2(err.contains(" packets captured\n"), err.constData());

        // The analysis of the file.
        QProcess conversations;
        conversations.start(cli(), {"conversations", out, "--json"});
        QVERIFY(conversations.waitForFinished(30000));
        QCOMPARE(conversations.exitCode(), 0);
        QMap<int, QJsonObject> byPort;
        for (const QJsonValue& v : QJsonDocument::fromJson(conversations.readAllStandardOutput()).array()) {
            const QJsonObject c = v.toObject();
            QCOMPARE(c.value("client").toString().section(':', 0, 0), QString(kClientAddress));
            QCOMPARE(c.value("server").toString().section(':', 0, 0), QString(kServerAddress));
            byPort.insert(c.value("server").toString().section(':', 1).toInt(), c);
        }
        QCOMPARE(byPort.keys(), (QList<int>{kOpenPort, kPortUnreachable, kProhibited, kDropped, kClosedPort}));

        const QJsonObject open = byPort[kOpenPort];
        QCOMPARE(open.value("open").toString(), QString("three-way"));
        QCOMPARE(open.value("close").toString(), QString("four-way"));
        QCOMPARE(open.value("closed_by").toString(), QString("client"));
        QCOMPARE(open.value("syn_retransmissions").toInt(), 0);
        QCOMPARE(open.value("bytes_client_to_server").toInt(), 16);
        QCOMPARE(open.value("bytes_server_to_client").toInt(), 8);

        // What the file holds, counted by libpcap's own filters: the SYNs to a port and the ICMP
        // destination-unreachable errors quoting a segment to it.
        const auto syns = [&](quint16 port) {
            return countMatching(out, QString("tcp[tcpflags] & tcp-syn != 0 and dst port %1").arg(port));
        };
        const auto icmpErrors = [&](quint16 port) {
            return countMatching(out, QString("icmp[0] == 3 and icmp[30:2] == %1").arg(port));
        };

        const QJsonObject refused = byPort[kClosedPort];
        QCOMPARE(refused.value("open").toString(), QString("refused"));
        QCOMPARE(refused.value("close").toString(), QString("none"));
        QCOMPARE(syns(kClosedPort), 1);
        QCOMPARE(refused.value("syn_retransmissions").toInt(), 0);
        QCOMPARE(refused.value("packets").toInt(), 2);
        QCOMPARE(refused.value("icmp_frames").toArray().size(), 0);
        QCOMPARE(refused.value("client_states").toArray(), (QJsonArray{"CLOSED", "SYN_SENT", "CLOSED"}));

        // Rejected: every SYN answered by an ICMP error. Linux since 6.5 treats the first ICMP error in
        // SYN_SENT as soft and retransmits once before giving up (older kernels give up at once), so the
        // SYN count comes from the file: the analysis must agree with it exactly.
        for (const quint16 port : {kPortUnreachable, kProhibited}) {
            const QJsonObject rejected = byPort[port];
            const QByteArray shown = QJsonDocument(rejected).toJson(QJsonDocument::Compact);
            QVERIFY2(rejected.value("open").toString() == "rejected", shown.constData());
            QCOMPARE(rejected.value("close").toString(), QString("none"));
            QVERIFY(rejected.value("closed_by").isNull());
            const int synCount = syns(port);
            QVERIFY2(synCount >= 1 && synCount <= 1 + kSynRetries, qPrintable(QString::number(synCount)));
            QCOMPARE(icmpErrors(port), synCount);
            QCOMPARE(rejected.value("syn_retransmissions").toInt(), synCount - 1);
            QCOMPARE(rejected.value("packets").toInt(), synCount); // the SYNs; the ICMP errors are linked
            QCOMPARE(rejected.value("icmp_frames").toArray().size(), synCount);
            const QJsonArray client = rejected.value("client_states").toArray();
            QVERIFY2(client.size() >= 3 && client[0] == "CLOSED" && client[1] == "SYN_SENT" &&
                         client.last() == "CLOSED",
                     shown.constData());
            // Port unreachable from the server's address: nothing listens there. Administratively
            // prohibited says nothing about the server.
            QCOMPARE(rejected.value("server_states").toArray(),
                     QJsonArray{port == kPortUnreachable ? "CLOSED" : "LISTEN"});
        }

        // Dropped: the SYN and exactly tcp_syn_retries retransmissions, nothing back.
        const QJsonObject dropped = byPort[kDropped];
        QCOMPARE(dropped.value("open").toString(), QString("unanswered"));
        QCOMPARE(dropped.value("close").toString(), QString("none"));
        QVERIFY(dropped.value("closed_by").isNull());
        QCOMPARE(syns(kDropped), 1 + kSynRetries);
        QCOMPARE(icmpErrors(kDropped), 0);
        QCOMPARE(dropped.value("syn_retransmissions").toInt(), kSynRetries);
        QCOMPARE(dropped.value("packets").toInt(), 1 + kSynRetries);
        QCOMPARE(dropped.value("syn_retransmission_intervals_ms").toArray().size(), kSynRetries);
        QCOMPARE(dropped.value("icmp_frames").toArray().size(), 0);
        QCOMPARE(dropped.value("client_states").toArray(), (QJsonArray{"CLOSED", "SYN_SENT"}));
        QCOMPARE(dropped.value("server_states").toArray(), (QJsonArray{"LISTEN"}));
    }
};

QTEST_GUILESS_MAIN(TestLiveNetns)
#include "test_live_netns.moc"
