// synscope-cli as a user runs it: output, exit status and messages, on the bundled sample and on broken
// files the test makes.
#include "test_support.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace synscope;

namespace {

QString sample() { return QString::fromLocal8Bit(qgetenv("SYNSCOPE_SOURCE_DIR")) + "/resources/sample.pcapng"; }

QStringList lines(const QByteArray& out)
{
    QStringList l = QString::fromUtf8(out).split('\n');
    if (!l.isEmpty() && l.last().isEmpty())
        l.removeLast();
    return l;
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT

private slots:
    // Each command's --help names "synscope-cli COMMAND", not the path the program was started by.
    void helpNamesTheCommand()
    {
        const QStringList commands{"read", "conversations", "diagram", "export", "capture", "interfaces", "graph"};
        for (const QString& command : commands) {
            const test::CliResult r = test::runCli({command, "--help"});
            QCOMPARE(r.exitCode, 0);
            const QString first = QString::fromUtf8(r.out).section(QLatin1Char('\n'), 0, 0);
            QVERIFY2(first.startsWith(QStringLiteral("Usage: synscope-cli %1 [options]").arg(command)), qPrintable(first));
        }
    }

    void readPrintsTcpdumpStyleLines()
    {
        const test::CliResult r = test::runCli({"read", sample()});
        QCOMPARE(r.exitCode, 0);
        const QStringList l = lines(r.out);
        QCOMPARE(l.size(), 55);
        QCOMPARE(l[0], QString("1718000000.000000 IP 192.168.1.23.53001 > 192.168.1.1.53: 6699+ A? example.org. (29)"));
        QCOMPARE(l[4], QString("1718000000.039000 IP 192.168.1.23.41334 > 93.184.216.34.80: Flags [.], ack 1, win 502, "
                               "length 0"));
        QCOMPARE(l[22], QString("1718000000.885300 IP 192.168.1.50.5432 > 192.168.1.23.50412: Flags [R.], seq 0, ack "
                                "111111112, win 0, length 0"));
        QVERIFY(r.err.isEmpty());
    }

    void readAbsoluteSequenceNumbers()
    {
        const test::CliResult r = test::runCli({"read", "-S", "-c", "5", sample()});
        QCOMPARE(r.exitCode, 0);
        const QStringList l = lines(r.out);
        QCOMPARE(l.size(), 5);
        QCOMPARE(l[4], QString("1718000000.039000 IP 192.168.1.23.41334 > 93.184.216.34.80: Flags [.], ack "
                               "1412272239, win 502, length 0"));
    }

    void readJsonHasWiresharkFields()
    {
        const test::CliResult r = test::runCli({"read", "--json", sample()});
        QCOMPARE(r.exitCode, 0);
        const QStringList l = lines(r.out);
        QCOMPARE(l.size(), 55);
        for (int i = 0; i < l.size(); ++i) {
            QJsonParseError e;
            const QJsonDocument d = QJsonDocument::fromJson(l[i].toUtf8(), &e);
            QVERIFY2(e.error == QJsonParseError::NoError, qPrintable(l[i]));
            QCOMPARE(d.object().value("frame.number").toInt(), i + 1);
        }
        // Frame 11: the server's ACK of the client's FIN in stream 0.
        const QJsonObject o = QJsonDocument::fromJson(l[10].toUtf8()).object();
        QCOMPARE(o.value("ip.src").toString(), QString("93.184.216.34"));
        QCOMPARE(o.value("tcp.stream").toInt(), 0);
        QCOMPARE(o.value("tcp.seq").toInt(), 53);
        QCOMPARE(o.value("tcp.ack").toInt(), 39);
        QCOMPARE(o.value("tcp.nxtseq").toInt(), 53);
        QCOMPARE(o.value("tcp.flags").toInt(), 0x010);
        QCOMPARE(o.value("tcp.window_size").toInt(), 502 * 128);
        QCOMPARE(o.value("tcp.checksum.status").toString(), QString("good"));
        QCOMPARE(o.value("ip.checksum.status").toString(), QString("good"));
        QCOMPARE(o.value("protocol").toString(), QString("TCP"));
        QVERIFY(!o.contains("udp.srcport"));
        QCOMPARE(o.value("frame.time_epoch").toDouble(), 1718000000.111);
        // Frame 1 is DNS over UDP.
        const QJsonObject dns = QJsonDocument::fromJson(l[0].toUtf8()).object();
        QCOMPARE(dns.value("udp.dstport").toInt(), 53);
        QCOMPARE(dns.value("dns.qry.name").toString(), QString("example.org"));
        QCOMPARE(dns.value("protocol").toString(), QString("DNS"));
        QVERIFY(!dns.contains("tcp.stream"));
    }

    void readFilterIsBpf()
    {
        const test::CliResult r = test::runCli({"read", "-Y", "tcp port 5432", sample()});
        QCOMPARE(r.exitCode, 0);
        const QStringList l = lines(r.out);
        QCOMPARE(l.size(), 2);
        QVERIFY(l[0].contains("50412 > 192.168.1.50.5432: Flags [S]"));
        QVERIFY(l[1].contains("Flags [R.]"));
        const test::CliResult v6 = test::runCli({"read", "-Y", "ip6", sample()});
        QCOMPARE(lines(v6.out).size(), 11);
    }

    void badFilterIsAUsageError()
    {
        const test::CliResult r = test::runCli({"read", "-Y", "tcp port", sample()});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains("invalid filter \"tcp port\"") && r.err.contains("syntax error"), r.err.constData());
    }

    void unreadableFiles()
    {
        QTemporaryDir dir;
        const test::CliResult missing = test::runCli({"read", dir.path() + "/nope.pcap"});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.err.contains("nope.pcap") && missing.err.contains("No such file"));

        QFile text(dir.path() + "/notes.txt");
        QVERIFY(text.open(QIODevice::WriteOnly));
        text.write("these are not packets\n");
        text.close();
        const test::CliResult notCapture = test::runCli({"read", text.fileName()});
        QCOMPARE(notCapture.exitCode, 1);
        QVERIFY2(notCapture.err.contains("notes.txt: at byte 0: not a pcap or pcapng file"), notCapture.err.constData());
    }

    void truncatedFileGivesEveryCompletePacketAndAWarning()
    {
        QTemporaryDir dir;
        QFile in(sample());
        QVERIFY(in.open(QIODevice::ReadOnly));
        QByteArray bytes = in.readAll();
        bytes.chop(30); // the last block loses its end, as when tcpdump is still writing
        QFile out(dir.path() + "/cut.pcapng");
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(bytes);
        out.close();
        const test::CliResult r = test::runCli({"read", out.fileName()});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(lines(r.out).size(), 54);
        QVERIFY2(r.err.contains("warning") && r.err.contains("cut short") && r.err.contains("bytes present"),
                 r.err.constData());
    }

    void usageErrors()
    {
        QCOMPARE(test::runCli({}).exitCode, 2);
        QCOMPARE(test::runCli({"frobnicate"}).exitCode, 2);
        QCOMPARE(test::runCli({"read"}).exitCode, 2);
        QCOMPARE(test::runCli({"read", "-c", "many", sample()}).exitCode, 2);
        const test::CliResult help = test::runCli({"--help"});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("conversations"));
    }

    void conversationsJson()
    {
        const test::CliResult r = test::runCli({"conversations", "--json", sample()});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray all = QJsonDocument::fromJson(r.out).array();
        QCOMPARE(all.size(), 8);
        auto states = [](const QJsonValue& v) {
            QStringList s;
            for (const QJsonValue& x : v.toArray())
                s << x.toString();
            return s;
        };
        const QJsonObject c1 = all[1].toObject();
        QCOMPARE(c1.value("client").toString(), QString("192.168.1.23:41336"));
        QCOMPARE(c1.value("server").toString(), QString("93.184.216.34:80"));
        QCOMPARE(c1.value("open").toString(), QString("three-way"));
        QCOMPARE(c1.value("close").toString(), QString("three-way"));
        QCOMPARE(c1.value("closed_by").toString(), QString("server"));
        QCOMPARE(states(c1.value("client_states")),
                 (QStringList{"CLOSED", "SYN_SENT", "ESTABLISHED", "CLOSE_WAIT", "LAST_ACK", "CLOSED"}));
        QCOMPARE(states(c1.value("server_states")),
                 (QStringList{"LISTEN", "SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1", "TIME_WAIT"}));
        QCOMPARE(c1.value("packets").toInt(), 8);
        QCOMPARE(c1.value("first_frame").toInt(), 14);
        QCOMPARE(c1.value("last_frame").toInt(), 21);
        QCOMPARE(c1.value("bytes_client_to_server").toInt(), 67);
        QCOMPARE(c1.value("bytes_server_to_client").toInt(), 64);
        QCOMPARE(c1.value("handshake_rtt_ms").toDouble(), 22.0);
        QCOMPARE(c1.value("client_options").toObject().value("mss").toInt(), 1460);
        QCOMPARE(c1.value("client_options").toObject().value("wscale").toInt(), 7);
        QCOMPARE(c1.value("server_options").toObject().value("sack_permitted").toBool(), true);

        QCOMPARE(all[2].toObject().value("open").toString(), QString("refused"));
        QVERIFY(all[2].toObject().value("closed_by").isNull());
        const QJsonObject rejected = all[3].toObject();
        QCOMPARE(rejected.value("open").toString(), QString("rejected"));
        QCOMPARE(rejected.value("icmp_frames").toArray(), QJsonArray{25});
        const QJsonObject dropped = all[4].toObject();
        QCOMPARE(dropped.value("open").toString(), QString("unanswered"));
        QCOMPARE(dropped.value("syn_retransmissions").toInt(), 2);
        QCOMPARE(dropped.value("syn_retransmission_intervals_ms").toArray(), (QJsonArray{1000.0, 1000.0}));
        QCOMPARE(all[5].toObject().value("close").toString(), QString("simultaneous"));
        QCOMPARE(all[5].toObject().value("closed_by").toString(), QString("both"));
        QCOMPARE(all[6].toObject().value("close").toString(), QString("reset"));
        QCOMPARE(all[7].toObject().value("client").toString(), QString("[2001:db8:1::23]:41350"));
    }

    void conversationsText()
    {
        const test::CliResult r = test::runCli({"conversations", sample()});
        QCOMPARE(r.exitCode, 0);
        const QString out = QString::fromUtf8(r.out);
        QVERIFY(out.contains("stream 0: 192.168.1.23:41334 → 93.184.216.34:80  three-way handshake, four-way teardown "
                             "(client closed first), 37 B →, 52 B ←"));
        QVERIFY(out.contains("refused (RST)"));
        QVERIFY(out.contains("unanswered: SYN sent 3 times (intervals 1.00 s 1.00 s)"));
        QVERIFY(out.contains("server states: LISTEN → SYN_RECEIVED → ESTABLISHED → FIN_WAIT_1 → TIME_WAIT"));
    }

    void conversationsFilter()
    {
        const test::CliResult r = test::runCli({"conversations", "--json", "-Y", "tcp port 80", sample()});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(r.out).array().size(), 2);
    }

    void benchReportsEveryStage()
    {
        const test::CliResult r = test::runCli({"bench", "--json", sample()});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value("packets").toInt(), 55);
        QCOMPARE(o.value("connections").toInt(), 8);
        QVERIFY(o.contains("index_seconds") && o.contains("summaries_seconds") && o.contains("analysis_seconds"));
        QVERIFY(o.value("peak_rss_mb").toDouble() > 0);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
