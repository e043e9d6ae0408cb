// Exporting packets (issue 7), core and CLI: round trips through exportPackets read back byte for byte
// with their time stamps to the nanosecond, lengths, link types and resolutions; a pcapng with Ethernet,
// Linux SLL and raw IP interfaces keeps every interface and comment (and is refused as pcap, naming
// pcapng); frame ranges; whole connections with retransmissions, out-of-order segments and the ICMP
// errors about them, and nothing else; never overwriting the capture being read (also through links);
// write failures (file size limit, a full tmpfs, no permission) and cancelling leave nothing behind;
// permissions follow the umask; synscope-cli export's exit codes and messages; the packets it writes
// for BPF filters equal tcpdump's; capinfos and tshark read every pcapng written here without a word.
#include "export_test_support.h"
#include "test_support.h"

#include "store/packet_export.h"
#include "store/packet_selection.h"

#include <QDir>
#include <QCryptographicHash>
#include <QDirIterator>
#include <QSet>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <map>
#include <set>
#include <cstdint>
#include <grp.h>
#include <memory>
#include <string>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace synscope;
using namespace synscope::exporttest;

namespace {

// Every entry of `dir`, hidden ones (temporary files start with a dot) included.
QStringList entries(const QString& dir)
{
    QStringList l = QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
    return l;
}

void writeText(const QString& path, const QByteArray& text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(text), text.size());
}

std::vector<std::uint32_t> everyNth(std::size_t size, std::size_t n, std::size_t first = 0)
{
    std::vector<std::uint32_t> v;
    for (std::size_t i = first; i < size; i += n)
        v.push_back(static_cast<std::uint32_t>(i));
    return v;
}

QString framesText(const std::vector<std::uint32_t>& indexes)
{
    QStringList l;
    for (std::uint32_t i : indexes)
        l << QString::number(i + 1);
    return l.join(',');
}

// What exportPackets says in a child process whose limits or user differ (see writeFailure tests).
struct ChildExport {
    bool ran = false; // the child reported back
    bool ok = false;
    bool cancelled = false;
    QString error;
};

enum class ChildMode { FileSizeLimit, Unprivileged };

ChildExport exportInChild(const PacketStore& store, const ExportRequest& request, ChildMode mode, rlim_t limit = 0)
{
    int fds[2];
    if (::pipe(fds) != 0)
        return {};
    const pid_t pid = ::fork();
    if (pid < 0)
        return {};
    if (pid == 0) {
        ::close(fds[0]);
        bool ready = true;
        if (mode == ChildMode::FileSizeLimit) {
            // Writes past the limit then fail with EFBIG instead of killing the process.
            std::signal(SIGXFSZ, SIG_IGN);
            const rlimit rl{limit, limit};
            ready = ::setrlimit(RLIMIT_FSIZE, &rl) == 0;
        } else if (::geteuid() == 0) {
            ready = ::setgroups(0, nullptr) == 0 && ::setgid(65534) == 0 && ::setuid(65534) == 0;
        }
        std::string msg;
        if (!ready) {
            msg = "0cannot set up the child";
        } else {
            const ExportResult r = exportPackets(store, request);
            msg = std::string(r.ok ? "1" : "0") + (r.cancelled ? "C" : "-") + r.error;
        }
        const char* p = msg.data();
        std::size_t left = msg.size();
        while (left > 0) {
            const ssize_t n = ::write(fds[1], p, left);
            if (n <= 0)
                break;
            p += n;
            left -= static_cast<std::size_t>(n);
        }
        ::_exit(0);
    }
    ::close(fds[1]);
    std::string msg;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(fds[0], buf, sizeof buf)) > 0)
        msg.append(buf, static_cast<std::size_t>(n));
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ChildExport r;
    if (msg.size() >= 2 && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        r.ran = true;
        r.ok = msg[0] == '1';
        r.cancelled = msg[1] == 'C';
        r.error = QString::fromStdString(msg.substr(2));
    }
    return r;
}

// tcpdump, tshark, capinfos: where they are, or empty.
QString tool(const char* name) { return QStandardPaths::findExecutable(QString::fromLatin1(name)); }

struct ToolRun {
    int exitCode = -1;
    QByteArray out, err;
};

ToolRun runTool(const QString& program, const QStringList& args, int timeoutMs = 120000)
{
    QProcess p;
    p.start(program, args);
    ToolRun r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// tshark's one notice when run as root ("Running as user "root" and group "root". This could be
// dangerous."), which says nothing about the file.
QByteArray withoutRootNotice(QByteArray err)
{
    const QByteArray notice = "Running as user \"root\" and group \"root\". This could be dangerous.\n";
    err.replace(notice, QByteArray());
    return err;
}

// Compares two captures packet by packet (bytes, lengths, time stamps); empty when equal.
QString samePackets(const QString& ours, const QString& reference)
{
    auto a = readBack(ours);
    auto b = readBack(reference);
    if (!a->opened || !b->opened)
        return QStringLiteral("cannot open: %1 %2").arg(qs(a->error), qs(b->error));
    if (a->status != Status::End || b->status != Status::End)
        return QStringLiteral("not read to the end: ours %1, reference %2").arg(int(a->status)).arg(int(b->status));
    if (a->index.size() != b->index.size())
        return QStringLiteral("%1 packets, tcpdump %2").arg(a->index.size()).arg(b->index.size());
    for (std::size_t k = 0; k < a->index.size(); ++k) {
        const PacketRecord& ra = a->index[k];
        const PacketRecord& rb = b->index[k];
        const auto ba = a->reader.packetBytes(ra), bb = b->reader.packetBytes(rb);
        if (!std::equal(ba.begin(), ba.end(), bb.begin(), bb.end()))
            return QStringLiteral("packet %1: bytes differ").arg(k + 1);
        if (ra.originalLength != rb.originalLength)
            return QStringLiteral("packet %1: length %2, tcpdump %3").arg(k + 1).arg(ra.originalLength).arg(rb.originalLength);
        if (!(a->reader.timestamp(ra) == b->reader.timestamp(rb)))
            return QStringLiteral("packet %1: time %2, tcpdump %3")
                .arg(k + 1)
                .arg(timeText(a->reader.timestamp(ra)), timeText(b->reader.timestamp(rb)));
        if (a->reader.linkTypeOf(ra) != b->reader.linkTypeOf(rb))
            return QStringLiteral("packet %1: link type %2, tcpdump %3").arg(k + 1).arg(a->reader.linkTypeOf(ra)).arg(b->reader.linkTypeOf(rb));
    }
    return {};
}

// The multi-interface pcapng: Ethernet (microseconds), Linux SLL (nanoseconds), raw IP (2^-10 s ticks),
// a second Ethernet interface in milliseconds with a time offset; packets of all four, comments in
// several forms (none, UTF-8, long, two on one packet).
struct MultiInterface {
    std::vector<NgInterface> interfaces;
    QString path;
};

MultiInterface writeMultiInterface(const QString& path)
{
    using namespace testkit;
    MultiInterface m;
    m.path = path;
    NgInterface eth{1, 262144, "eth0", "Intel I219 (wired)", -1, false, 0};
    NgInterface sll{113, 65535, "any", "all interfaces, cooked", 9, false, 0};
    NgInterface raw{101, 1500, "tun0", "", 0x80 | 10, false, 0};
    NgInterface eth1{1, 0, "eth1", "", 3, true, 1700000000};
    m.interfaces = {eth, sll, raw, eth1};
    PcapNgBuilder b;
    for (const NgInterface& i : m.interfaces)
        b.addInterface(i);
    const IpAddress c = ip("192.0.2.10"), s = ip("198.51.100.20"), r = ip("203.0.113.1");
    TcpSpec t;
    t.srcPort = 40000;
    t.dstPort = 80;
    t.seq = 1;
    t.flags = tcpflag::kSyn;
    const Bytes synIp = ipv4(c, s, 6, tcp(c, s, t));
    const Bytes udpIp = ipv4(c, ip("192.0.2.53"), 17, udp(c, ip("192.0.2.53"), 5353, 53, dnsQuery(9, "example.com", 28)));
    const Bytes icmpIp = ipv4(c, r, 1, icmpv4(8, 0, 0x00090001, bytesOf("abcdefgh")));
    const std::uint64_t us = 1718000000ull * 1000000ull;
    const std::uint64_t ns = 1718000000ull * 1000000000ull;
    const std::uint64_t bin = 1718000000ull << 10;
    const std::uint64_t ms = (1718000000ull - 1700000000ull) * 1000ull;
    b.addPacket(0, us + 123456, ethernetIp(mac(0x10), mac(0x20), synIp), static_cast<std::uint32_t>(ethernetIp(mac(0x10), mac(0x20), synIp).size()),
                {"first, on eth0"});
    b.addPacket(1, ns + 123456789, linuxSll(4, mac(0x10), 0x0800, udpIp), 200);
    b.addPacket(2, bin + 1, icmpIp, static_cast<std::uint32_t>(icmpIp.size()), {"raw IP, 1/1024 s after the second ✓"});
    b.addPacket(3, ms + 7, ethernetIp(mac(0x11), mac(0x21), icmpIp), 98, {std::string(600, 'x')});
    b.addPacket(0, us + 999999, ethernetIp(mac(0x20), mac(0x10), synIp), 60);
    b.addPacket(1, ns + 999999999, linuxSll(0, mac(0x20), 0x0800, synIp), 1000, {"one comment", "and a second"});
    b.addPacket(2, bin + 1023, icmpIp, 9000, {"cut", ""});
    b.addPacket(3, ms + 999, ethernetIp(mac(0x11), mac(0x21), udpIp), static_cast<std::uint32_t>(ethernetIp(mac(0x11), mac(0x21), udpIp).size()));
    b.addPacket(1, ns + 1000000001, linuxSll(4, mac(0x10), 0x86dd, Bytes(40, 0x60)), 40, {"ünïcødé"});
    if (!b.write(path))
        throw std::runtime_error("cannot write " + path.toStdString());
    return m;
}

} // namespace

class TestExport : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> tmp_;
    QTemporaryDir toolsDir_; // every pcap/pcapng written here, for capinfos and tshark at the end
    int kept_ = 0;

    QString path(const QString& name) const { return tmp_->filePath(name); }

    // Keeps a copy of an exported file for toolsReadEveryExport (the last test).
    void keep(const QString& file)
    {
        const QString to = toolsDir_.filePath(QStringLiteral("%1-%2").arg(++kept_, 3, 10, QLatin1Char('0')).arg(QFileInfo(file).fileName()));
        QFile::copy(file, to);
    }

    ExportResult exportTo(const PacketStore& store, const QString& out, CaptureFileFormat format,
                          const std::vector<std::uint32_t>* packets = nullptr)
    {
        ExportRequest r;
        r.outputPath = out.toStdString();
        r.format = format;
        r.packets = packets;
        const ExportResult result = exportPackets(store, r);
        if (result.ok)
            keep(out);
        return result;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(toolsDir_.isValid());
        QVERIFY2(QFileInfo(qEnvironmentVariable("SYNSCOPE_CLI")).isExecutable(), "SYNSCOPE_CLI must name synscope-cli");
    }
    void init()
    {
        tmp_ = std::make_unique<QTemporaryDir>();
        QVERIFY(tmp_->isValid());
    }
    void cleanup() { tmp_.reset(); }

    // ---- core: round trips --------------------------------------------------------------------------

    void formatForFileName_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("pcap");
        QTest::newRow("x.pcap") << "x.pcap" << true;
        QTest::newRow("X.PCAP") << "/a/X.PCAP" << true;
        QTest::newRow("x.cap") << "x.cap" << true;
        QTest::newRow("x.dmp") << "x.dmp" << true;
        QTest::newRow("x.pcapng") << "x.pcapng" << false;
        QTest::newRow("x.PcapNG") << "x.PcapNG" << false;
        QTest::newRow("x.ntar") << "x.ntar" << false;
        QTest::newRow("no suffix") << "capture" << false;
        QTest::newRow("x.pcap.gz") << "x.pcap.gz" << false;
        QTest::newRow("folder.pcap/x") << "folder.pcap/x" << false;
    }
    void formatForFileName()
    {
        QFETCH(QString, name);
        QFETCH(bool, pcap);
        QCOMPARE(synscope::formatForFileName(name.toStdString()) == CaptureFileFormat::Pcap, pcap);
    }

    void roundTrip_data()
    {
        QTest::addColumn<bool>("sourcePcapNg");
        QTest::addColumn<bool>("sourceNano");
        QTest::addColumn<bool>("targetPcapNg");
        QTest::addColumn<QString>("selection"); // all, every3, none, last
        for (bool srcNg : {false, true})
            for (bool nano : {false, true})
                for (bool dstNg : {false, true})
                    for (const char* sel : {"all", "every3"})
                        QTest::newRow(qPrintable(QStringLiteral("%1 %2 -> %3, %4")
                                                     .arg(srcNg ? "pcapng" : "pcap", nano ? "ns" : "us",
                                                          dstNg ? "pcapng" : "pcap", sel)))
                            << srcNg << nano << dstNg << QString::fromLatin1(sel);
        QTest::newRow("pcap ns -> pcap, none") << false << true << false << "none";
        QTest::newRow("pcapng us -> pcapng, none") << true << false << true << "none";
        QTest::newRow("pcapng ns -> pcap, last") << true << true << false << "last";
    }

    // Export, then read back: the same bytes, time stamps to the nanosecond, lengths, link types and
    // comments; a pcap target keeps the source's resolution (micro or nano).
    void roundTrip()
    {
        QFETCH(bool, sourcePcapNg);
        QFETCH(bool, sourceNano);
        QFETCH(bool, targetPcapNg);
        QFETCH(QString, selection);
        const QString src = path(sourcePcapNg ? "src.pcapng" : "src.pcap");
        writeScript(mixedCapture(), src.toStdString(), sourcePcapNg ? CaptureFileFormat::PcapNg : CaptureFileFormat::Pcap,
                    sourceNano);
        auto store = loadStore(src.toStdString());
        QVERIFY(store->size() > 40);
        std::vector<std::uint32_t> chosen;
        if (selection == "all")
            chosen = allPackets(*store);
        else if (selection == "every3")
            chosen = everyNth(store->size(), 3, 1);
        else if (selection == "last")
            chosen = {static_cast<std::uint32_t>(store->size() - 1)};
        const QString out = path(targetPcapNg ? "out.pcapng" : "out.pcap");
        const ExportResult r = exportTo(*store, out, targetPcapNg ? CaptureFileFormat::PcapNg : CaptureFileFormat::Pcap,
                                        selection == "all" ? nullptr : &chosen);
        QVERIFY2(r.ok, r.error.c_str());
        QVERIFY(!r.cancelled);
        QCOMPARE(r.packets, std::uint64_t(chosen.size()));
        QCOMPARE(r.bytes, std::uint64_t(QFileInfo(out).size()));
        const QString diff = compareExport(*store, chosen, out);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        auto back = readBack(out);
        QCOMPARE(back->reader.format(), targetPcapNg ? CaptureFormat::PcapNg : CaptureFormat::Pcap);
        if (!targetPcapNg) {
            QCOMPARE(back->reader.nanosecondPcap(), sourceNano);
            const QByteArray head = fileBytes(out).left(4);
            QCOMPARE(head.toHex(), QByteArray(sourceNano ? "4d3cb2a1" : "d4c3b2a1"));
            QCOMPARE(back->reader.interfaces().size(), std::size_t{1});
            QCOMPARE(back->reader.interfaces()[0].linkType, 1u);
        } else {
            // The source's interface, at its resolution.
            QCOMPARE(back->reader.interfaces().size(), store->reader().interfaces().size());
            QCOMPARE(back->reader.interfaces()[0].tsResolution, std::uint8_t(sourceNano ? 9 : 6));
        }
        // The source is untouched and nothing else is left in the folder.
        QCOMPARE(entries(tmp_->path()), QStringList({QFileInfo(out).fileName(), QFileInfo(src).fileName()}));
    }

    // A pcapng with Ethernet, Linux SLL, raw IP and a second Ethernet interface (with a time offset and
    // millisecond ticks; raw IP in 1/1024 s ticks) exported as pcapng keeps every interface with its
    // link type, name, description and offset, every packet's time stamp to the nanosecond and its
    // comments.
    void pcapNgSeveralInterfacesKept()
    {
        const MultiInterface m = writeMultiInterface(path("multi.pcapng"));
        auto store = loadStore(m.path.toStdString());
        QCOMPARE(store->size(), std::size_t{9});
        QVERIFY(store->reader().warnings().empty());
        const QString out = path("out.pcapng");
        const ExportResult r = exportTo(*store, out, CaptureFileFormat::PcapNg);
        QVERIFY2(r.ok, r.error.c_str());
        auto back = readBack(out);
        QVERIFY(back->opened);
        QCOMPARE(back->reader.interfaces().size(), m.interfaces.size());
        for (std::size_t i = 0; i < m.interfaces.size(); ++i) {
            const CaptureInterface& ci = back->reader.interfaces()[i];
            QCOMPARE(ci.linkType, std::uint32_t(m.interfaces[i].linkType));
            QCOMPARE(qs(ci.name), qs(m.interfaces[i].name));
            QCOMPARE(qs(ci.description), qs(m.interfaces[i].description));
            QCOMPARE(ci.tsOffsetSeconds, m.interfaces[i].tsOffset);
            QCOMPARE(ci.snapLength, m.interfaces[i].snapLength); // 0 (no limit) included
        }
        QCOMPARE(back->reader.interfaces()[0].tsResolution, std::uint8_t(6));
        QCOMPARE(back->reader.interfaces()[1].tsResolution, std::uint8_t(9));
        // Per packet: interface, bytes, lengths, the time to the nanosecond.
        CompareOptions everythingButComments;
        everythingButComments.comments = false;
        QString diff = compareExport(*store, allPackets(*store), out, everythingButComments);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        for (std::size_t k = 0; k < store->size(); ++k)
            QCOMPARE(back->index[k].interfaceIndex(), store->record(k).interfaceIndex());
        // Comments: each packet's, in order; two on one packet stay two.
        const auto want = commentsOf(store->reader());
        const auto got = commentsOf(back->reader);
        QCOMPARE(got.size(), want.size());
        for (const auto& [packet, texts] : want) {
            QVERIFY2(got.count(packet), qPrintable(QStringLiteral("packet %1 lost its comment").arg(packet + 1)));
            QCOMPARE(got.at(packet), texts);
        }
        // Only some packets, of two interfaces: every interface is still declared, the packets keep theirs.
        const std::vector<std::uint32_t> some{1, 2, 5, 6};
        const QString out2 = path("some.pcapng");
        QVERIFY(exportTo(*store, out2, CaptureFileFormat::PcapNg, &some).ok);
        diff = compareExport(*store, some, out2, everythingButComments);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        QCOMPARE(readBack(out2)->reader.interfaces().size(), m.interfaces.size());
    }

    // The same packets through SynScope's own writer as the source (the usual case: a live capture on
    // several interfaces), and the time stamps of interfaces whose resolution is not micro or nano.
    void pcapNgOddResolutionsExact()
    {
        const MultiInterface m = writeMultiInterface(path("multi.pcapng"));
        auto store = loadStore(m.path.toStdString());
        // Raw IP ticks are 1/1024 s: 1718000000 + 1/1024 s is ...000976562 ns as read.
        QCOMPARE(store->reader().timestamp(store->record(2)), (Timestamp{1718000000, 976562}));
        // Milliseconds plus an offset.
        QCOMPARE(store->reader().timestamp(store->record(3)), (Timestamp{1718000000, 7000000}));
        for (bool pcapng : {true, false}) {
            const std::vector<std::uint32_t> raw{2, 6}; // one link type, so pcap may hold them too
            const QString out = path(pcapng ? "raw.pcapng" : "raw.pcap");
            const ExportResult r = exportTo(*store, out, pcapng ? CaptureFileFormat::PcapNg : CaptureFileFormat::Pcap, &raw);
            QVERIFY2(r.ok, r.error.c_str());
            CompareOptions o;
            o.comments = false; // packet 7 has two (see pcapNgSeveralInterfacesKept)
            const QString diff = compareExport(*store, raw, out, o);
            QVERIFY2(diff.isEmpty(), qPrintable(diff));
        }
    }

    // A pcapng of two sections, whose interface numbers both start at 0: every packet keeps its own
    // interface in the export (one section).
    void pcapNgSeveralSections()
    {
        using namespace testkit;
        PcapNgBuilder b;
        b.addInterface({1, 262144, "eth0", "first section", -1, false, 0});
        const IpAddress c = ip("192.0.2.10"), r = ip("203.0.113.1");
        const Bytes icmpIp = ipv4(c, r, 1, icmpv4(8, 0, 0x00090001, bytesOf("abcdefgh")));
        const std::uint64_t us = 1718000000ull * 1000000ull, ns = 1718000000ull * 1000000000ull;
        b.addPacket(0, us + 1, ethernetIp(mac(1), mac(2), icmpIp), 100, {"section 1"});
        b.newSection();
        b.addInterface({101, 65535, "tun0", "second section", 9, false, 0});
        b.addInterface({113, 65535, "any", "", 9, false, 0});
        b.addPacket(1, ns + 2, linuxSll(4, mac(1), 0x0800, icmpIp), 200);
        b.addPacket(0, ns + 3, icmpIp, 300, {"section 2, tun0"});
        QVERIFY(b.write(path("sections.pcapng")));
        auto store = loadStore(path("sections.pcapng").toStdString());
        QCOMPARE(store->size(), std::size_t{3});
        QCOMPARE(store->linkType(0), 1u);
        QCOMPARE(store->linkType(1), 113u);
        QCOMPARE(store->linkType(2), 101u);
        const QString out = path("out.pcapng");
        const ExportResult e = exportTo(*store, out, CaptureFileFormat::PcapNg);
        QVERIFY2(e.ok, e.error.c_str());
        const QString diff = compareExport(*store, allPackets(*store), out);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        QCOMPARE(readBack(out)->reader.interfaces().size(), std::size_t{3});
    }

    // Every file of the shared corpus that opens, exported whole as pcapng (and as pcap when it has one link
    // type), reads back the same: the file cut short with the packets before its cut, and files with reader
    // warnings too. Only the files tshark refuses (test::corpusFiles()) have nothing to export; they must be
    // refused here as well.
    void corpusRoundTrip()
    {
        const QStringList names = test::corpusCaptureNames();
        if (names.isEmpty())
            QSKIP("no ../shared/corpus in this checkout");
        int files = 0, refused = 0, exports = 0;
        for (const QString& name : names) {
            const QString file = test::sharedDir() + "/corpus/" + name;
            const test::CorpusFile* entry = test::corpusFile(name);
            QVERIFY2(entry, qPrintable(name + ": no entry in test::corpusFiles()"));
            if (entry->read == test::CorpusRead::Refused) {
                PacketStore store;
                std::string error;
                QVERIFY2(!store.open(file.toStdString(), error), qPrintable(name + ": tshark refuses it, but it opened"));
                ++refused;
                continue;
            }
            std::unique_ptr<PacketStore> store;
            try {
                store = loadStore(file.toStdString(), false, entry->read == test::CorpusRead::CutShort);
            } catch (const std::exception& e) {
                QFAIL(qPrintable(name + ": " + e.what()));
            }
            QCOMPARE(store->size(), std::size_t(entry->packets));
            ++files;
            std::set<std::uint32_t> links;
            for (std::size_t i = 0; i < store->reader().interfaces().size(); ++i)
                links.insert(store->reader().interfaces()[i].linkType);
            for (bool pcapng : {true, false}) {
                if (!pcapng && links.size() != 1)
                    continue;
                const QString out = path(pcapng ? "out.pcapng" : "out.pcap");
                const ExportResult r = exportTo(*store, out, pcapng ? CaptureFileFormat::PcapNg : CaptureFileFormat::Pcap);
                QVERIFY2(r.ok, qPrintable(file + ": " + qs(r.error)));
                const QString diff = compareExport(*store, allPackets(*store), out);
                QVERIFY2(diff.isEmpty(), qPrintable(file + ": " + diff));
                QFile::remove(out);
                ++exports;
            }
        }
        qInfo("%d corpus files exported and read back (%d exports), %d refused as tshark refuses them", files, exports,
              refused);
        QCOMPARE(files + refused, int(names.size()));
        QCOMPARE(names.size(), qsizetype(test::corpusFiles().size()));
    }

    // A capture cut short: every complete packet is exported, with a warning.
    void cliTruncatedInput()
    {
        const QString src = path("in.pcap");
        writeScript(mixedCapture(), src.toStdString(), CaptureFileFormat::Pcap, false);
        QByteArray bytes = fileBytes(src);
        bytes.chop(20);
        writeText(src, bytes);
        auto store = loadStore(src.toStdString(), false, true);
        QVERIFY(store->size() > 10);
        const QString out = path("out.pcapng");
        const test::CliResult r = test::runCli({"export", src, "-w", out});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.err.contains("warning"), r.err.constData());
        const QString diff = compareExport(*store, allPackets(*store), out);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    // A pcap file has one link type: packets of several are refused, the message names pcapng, nothing
    // is written; packets of one link type (two Ethernet interfaces) go to pcap.
    void pcapRefusesSeveralLinkTypes()
    {
        const MultiInterface m = writeMultiInterface(path("multi.pcapng"));
        auto store = loadStore(m.path.toStdString());
        const QString out = path("out.pcap");
        ExportResult r = exportTo(*store, out, CaptureFileFormat::Pcap);
        QVERIFY(!r.ok);
        QVERIFY(!r.cancelled);
        QVERIFY2(qs(r.error).contains("pcapng"), r.error.c_str());
        QVERIFY(!QFileInfo::exists(out));
        QCOMPARE(entries(tmp_->path()), QStringList{"multi.pcapng"});
        // Ethernet (eth0, microseconds) and the SLL interface: refused too.
        const std::vector<std::uint32_t> two{0, 1};
        r = exportTo(*store, out, CaptureFileFormat::Pcap, &two);
        QVERIFY(!r.ok);
        QVERIFY2(qs(r.error).contains("pcapng"), r.error.c_str());
        QCOMPARE(entries(tmp_->path()), QStringList{"multi.pcapng"});
        // Ethernet only, from two interfaces (eth0 and eth1, with its time offset).
        const std::vector<std::uint32_t> eth{0, 3, 4, 7};
        r = exportTo(*store, out, CaptureFileFormat::Pcap, &eth);
        QVERIFY2(r.ok, r.error.c_str());
        const QString diff = compareExport(*store, eth, out);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        // Linux SLL only: a nanosecond pcap of link type 113.
        const std::vector<std::uint32_t> sll{1, 5, 8};
        const QString out2 = path("sll.pcap");
        r = exportTo(*store, out2, CaptureFileFormat::Pcap, &sll);
        QVERIFY2(r.ok, r.error.c_str());
        auto back = readBack(out2);
        QCOMPARE(back->reader.interfaces()[0].linkType, 113u);
        QVERIFY(back->reader.nanosecondPcap());
        QCOMPARE(back->reader.comments().size(), std::size_t{0});
        const QString diff2 = compareExport(*store, sll, out2);
        QVERIFY2(diff2.isEmpty(), qPrintable(diff2));
    }

    // ---- ranges -------------------------------------------------------------------------------------

    void frameRanges_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("ranges"); // "first-last;..." with last "max" for an open end, or "error: part"
        QTest::newRow("example") << "1-100,250,400-" << "1-100;250-250;400-max";
        QTest::newRow("single") << "7" << "7-7";
        QTest::newRow("open end") << "400-" << "400-max";
        QTest::newRow("open start") << "-50" << "1-50";
        QTest::newRow("spaces") << "  3 - 7 ,  9 ,\t12-  " << "3-7;9-9;12-max";
        QTest::newRow("one packet range") << "5-5" << "5-5";
        QTest::newRow("overlapping") << "1-10,5-20" << "1-10;5-20";
        QTest::newRow("large") << "18446744073709551614-" << "18446744073709551614-max";
        QTest::newRow("reversed") << "5-3" << "error: 5-3";
        QTest::newRow("letters") << "a" << "error: a";
        QTest::newRow("letters in a list") << "1-3,x,9" << "error: x";
        QTest::newRow("empty") << "" << "error: ";
        QTest::newRow("blank") << "   " << "error: ";
        QTest::newRow("zero") << "0" << "error: 0";
        QTest::newRow("zero first") << "0-5" << "error: 0-5";
        QTest::newRow("empty part") << "1,,2" << "error: ";
        QTest::newRow("trailing comma") << "1," << "error: ";
        QTest::newRow("dash only") << "-" << "error: -";
        QTest::newRow("two dashes") << "1-2-3" << "error: 1-2-3";
        QTest::newRow("negative") << "-5-7" << "error: -5-7";
        QTest::newRow("plus") << "+5" << "error: +5";
        QTest::newRow("too large") << "99999999999999999999999" << "error: 99999999999999999999999";
        QTest::newRow("semicolon") << "1;2" << "error: 1;2";
        QTest::newRow("decimal") << "1.5" << "error: 1.5";
    }

    void frameRanges()
    {
        QFETCH(QString, text);
        QFETCH(QString, ranges);
        std::vector<FrameRange> out;
        std::string error;
        const bool ok = parseFrameRanges(text.toStdString(), out, error);
        if (ranges.startsWith("error: ")) {
            QVERIFY2(!ok, qPrintable(QStringLiteral("accepted: %1").arg(text)));
            QVERIFY(!error.empty());
            const QString part = ranges.mid(7);
            QVERIFY2(qs(error).contains(part), error.c_str());
            if (!part.contains('-') || part.startsWith('-') || part.count('-') > 1) // not a reversed range
                QVERIFY2(qs(error).contains("1-100,250,400-"), error.c_str()); // says how to write it
            return;
        }
        QVERIFY2(ok, error.c_str());
        QStringList got;
        for (const FrameRange& r : out)
            got << QStringLiteral("%1-%2").arg(r.first).arg(r.last == UINT64_MAX ? QStringLiteral("max") : QString::number(r.last));
        QCOMPARE(got.join(';'), ranges);
    }

    void inFrameRanges()
    {
        std::vector<FrameRange> r;
        std::string error;
        QVERIFY(parseFrameRanges("2-4, 9, 20-", r, error));
        QList<int> in;
        for (int f = 1; f <= 25; ++f)
            if (synscope::inFrameRanges(r, static_cast<std::uint64_t>(f)))
                in << f;
        QCOMPARE(in, (QList<int>{2, 3, 4, 9, 20, 21, 22, 23, 24, 25}));
        QVERIFY(synscope::inFrameRanges(r, UINT64_MAX));
        QVERIFY(!synscope::inFrameRanges({}, 1));
        QVERIFY(parseFrameRanges("-3", r, error));
        QVERIFY(!synscope::inFrameRanges(r, 0)); // frames are numbered from 1
        QVERIFY(synscope::inFrameRanges(r, 1));
        QVERIFY(!synscope::inFrameRanges(r, 4));
    }

    // ---- connections --------------------------------------------------------------------------------

    // Every packet of the chosen connection: SYN retransmitted, segments out of order and retransmitted,
    // the FIN twice, ICMP errors quoting a whole segment, 8 bytes of TCP, or a server segment; nothing of
    // the interleaved connection, of the later connection on the same ports, of other hosts or noise.
    void connectionExport()
    {
        const TaggedCapture tc = connectionsCapture();
        const QString src = path("conn.pcapng");
        tc.script.writeTemp(tmp_->path().toStdString(), "conn.pcapng");
        auto store = loadStore(src.toStdString());
        QCOMPARE(store->size(), tc.tags.size());
        const std::vector<std::uint32_t> framesA = tc.framesOf({kTagA});
        const std::vector<std::uint32_t> framesB = tc.framesOf({kTagB});
        const std::uint32_t streamA = store->tcpRecord(framesA.front()).stream;
        const std::uint32_t streamB = store->tcpRecord(framesB.front()).stream;
        const std::uint32_t streamReuse = store->tcpRecord(tc.framesOf({kTagReuse}).front()).stream;
        QVERIFY(streamA != TcpPacketRecord::kNoStream);
        QVERIFY(streamA != streamB);
        QVERIFY2(streamReuse != streamA, "a new SYN on A's ports is a new connection");

        QCOMPARE(framesText(packetsOfStreams(*store, {streamA})), framesText(framesA));
        QCOMPARE(framesText(packetsOfStreams(*store, {streamB})), framesText(framesB));
        QCOMPARE(framesText(packetsOfStreams(*store, {streamB, streamA})), framesText(tc.framesOf({kTagA, kTagB})));
        QCOMPARE(framesText(packetsOfStreams(*store, {streamA, streamA})), framesText(framesA));
        QCOMPARE(framesText(packetsOfStreams(*store, {})), QString());
        QCOMPARE(framesText(packetsOfStreams(*store, {9999})), QString());

        for (bool pcapng : {true, false}) {
            const std::vector<std::uint32_t> chosen = packetsOfStreams(*store, {streamA});
            const QString out = path(pcapng ? "a.pcapng" : "a.pcap");
            const ExportResult r = exportTo(*store, out, pcapng ? CaptureFileFormat::PcapNg : CaptureFileFormat::Pcap, &chosen);
            QVERIFY2(r.ok, r.error.c_str());
            const QString diff = compareExport(*store, framesA, out);
            QVERIFY2(diff.isEmpty(), qPrintable(diff));
            // Read back on its own, it is one connection (plus its ICMP errors).
            auto again = loadStore(out.toStdString());
            QCOMPARE(again->tracker().connections().size(), std::size_t{1});
            QCOMPARE(framesText(packetsOfStreams(*again, {0})), framesText(allPackets(*again)));
        }
    }

    // The same through the CLI: --stream N and --stream N,M.
    void cliStreamExport()
    {
        const TaggedCapture tc = connectionsCapture();
        const QString src = path("conn.pcapng");
        tc.script.writeTemp(tmp_->path().toStdString(), "conn.pcapng");
        auto store = loadStore(src.toStdString());
        const std::uint32_t streamA = store->tcpRecord(tc.framesOf({kTagA}).front()).stream;
        const std::uint32_t streamB = store->tcpRecord(tc.framesOf({kTagB}).front()).stream;
        const QString out = path("a.pcapng");
        test::CliResult r = test::runCli({"export", src, "--stream", QString::number(streamA), "-w", out});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QString diff = compareExport(*store, tc.framesOf({kTagA}), out);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        keep(out);
        const QString out2 = path("ab.pcap");
        r = test::runCli({"export", src, "--stream", QStringLiteral("%1, %2").arg(streamB).arg(streamA), "-w", out2});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        diff = compareExport(*store, tc.framesOf({kTagA, kTagB}), out2);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        // Combined with a filter and a range: only packets meeting all three.
        const QString out3 = path("a-tcp.pcapng");
        r = test::runCli({"export", src, "--stream", QString::number(streamA), "-Y", "tcp", "--range", "1-30", "-w", out3});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        std::vector<std::uint32_t> expected;
        for (std::uint32_t i : tc.framesOf({kTagA}))
            if (i < 30 && store->bytes(i).size() > 23 && store->bytes(i)[23] == 6) // IPv4 protocol byte: TCP
                expected.push_back(i);
        diff = compareExport(*store, expected, out3);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    // Packet indexes that are not in the capture are refused, not read past the index.
    void packetOutsideCaptureRefused()
    {
        const QString src = path("in.pcap");
        bigCapture(src, 5);
        auto store = loadStore(src.toStdString(), false);
        const std::vector<std::uint32_t> bad{0, 4, 5};
        const ExportResult r = exportTo(*store, path("out.pcapng"), CaptureFileFormat::PcapNg, &bad);
        QVERIFY(!r.ok);
        QVERIFY2(qs(r.error).contains("packet 6"), r.error.c_str());
        QCOMPARE(entries(tmp_->path()), QStringList{"in.pcap"});
    }

    // A file name near the file system's 255-byte limit: the temporary name must still fit.
    void longFileName()
    {
        const QString src = path("in.pcap");
        bigCapture(src, 5);
        auto store = loadStore(src.toStdString(), false);
        const QString name = QString(250, QChar('n')) + ".pcap";
        const ExportResult r = exportTo(*store, path(name), CaptureFileFormat::Pcap);
        QVERIFY2(r.ok, r.error.c_str());
        QCOMPARE(entries(tmp_->path()), (QStringList{"in.pcap", name}));
    }

    void streamsMatchTshark_data()
    {
        QTest::addColumn<QString>("file"); // "generated" for connectionsCapture()
        QTest::newRow("generated") << "generated";
        const QString shared = test::sharedDir();
        if (shared.isEmpty())
            return;
        for (const char* f : {"cs_tcp_retransmissions.pcapng", "cs_dns_isp_hijack.pcapng", "cs_tcp_teardown.pcapng",
                              "cs1e_ftp-crack.pcap", "td_tcp-handshake-nano.pcap", "pp_one_tcp_stream_fin_rst_close_packet.pcap",
                              "cs_synscan.pcapng", "cs_tcp_refuseconnection.pcapng", "cs_icmp_traceroute.pcapng"}) {
            QVERIFY2(QFileInfo::exists(shared + "/corpus/" + f), qPrintable(shared + "/corpus/" + f + " is missing"));
            QTest::newRow(f) << shared + "/corpus/" + f;
        }
    }

    // The stream numbers --stream takes are Wireshark's tcp.stream: for every stream, the packets a
    // connection export takes are those tshark gives that tcp.stream (ICMP errors quoting too little TCP
    // for Wireshark to give them a stream aside).
    void streamsMatchTshark()
    {
        QFETCH(QString, file);
        const QString tshark = tool("tshark");
        if (tshark.isEmpty())
            QSKIP("tshark is not installed (apt-get install tshark): skipped");
        if (file == "generated") {
            file = path("conn.pcapng");
            connectionsCapture().script.writeTemp(tmp_->path().toStdString(), "conn.pcapng");
        }
        auto store = loadStore(file.toStdString());
        const ToolRun t = runTool(tshark, {"-n", "-r", file, "-T", "fields", "-e", "frame.number", "-e", "tcp.stream"});
        QCOMPARE(t.exitCode, 0);
        std::map<std::uint32_t, std::vector<std::uint32_t>> theirs; // stream -> 0-based packets
        for (const QByteArray& line : t.out.split('\n')) {
            const QList<QByteArray> cols = line.split('\t');
            if (cols.size() < 2 || cols[1].isEmpty())
                continue;
            const std::uint32_t frame = cols[0].toUInt();
            for (const QByteArray& st : cols[1].split(',')) {
                auto& v = theirs[st.toUInt()];
                if (v.empty() || v.back() != frame - 1)
                    v.push_back(frame - 1);
            }
        }
        const std::size_t streams = store->tracker().connections().size();
        QCOMPARE(theirs.size(), streams);
        for (std::uint32_t s = 0; s < streams; ++s) {
            std::vector<std::uint32_t> ours;
            for (std::uint32_t i : packetsOfStreams(*store, {s}))
                if (store->tcpRecord(i).hasWiresharkStream())
                    ours.push_back(i);
            QVERIFY2(framesText(ours) == framesText(theirs[s]),
                     qPrintable(QStringLiteral("stream %1: ours %2, tshark %3").arg(s).arg(framesText(ours), framesText(theirs[s]))));
        }
    }

    // ---- safety -------------------------------------------------------------------------------------

    // The capture being read is never the target: not by its path, another spelling of it, a hard link
    // or a symbolic link. The file stays as it was and nothing is left beside it. A folder is refused.
    void refusesToOverwriteInput()
    {
        const QString src = path("in.pcapng");
        writeScript(mixedCapture(), src.toStdString(), CaptureFileFormat::PcapNg, false);
        const QByteArray before = fileBytes(src);
        auto store = loadStore(src.toStdString());
        QVERIFY(QFile::link(src, path("sym.pcapng")));
        QVERIFY(::link(src.toLocal8Bit().constData(), path("hard.pcapng").toLocal8Bit().constData()) == 0);
        QVERIFY(QDir(tmp_->path()).mkdir("sub"));
        const QStringList targets{src, tmp_->path() + "/./in.pcapng", tmp_->path() + "//sub/../in.pcapng",
                                  path("sym.pcapng"), path("hard.pcapng")};
        for (const QString& t : targets) {
            for (CaptureFileFormat f : {CaptureFileFormat::PcapNg, CaptureFileFormat::Pcap}) {
                const ExportResult r = exportTo(*store, t, f);
                QVERIFY2(!r.ok, qPrintable(t));
                QVERIFY2(qs(r.error).contains(t) && qs(r.error).contains("being read"), r.error.c_str());
                QVERIFY(isSameFile(*store, t.toStdString()));
            }
        }
        // A relative path from inside the folder.
        const QString cwd = QDir::currentPath();
        QVERIFY(QDir::setCurrent(tmp_->filePath("sub")));
        const ExportResult rel = exportTo(*store, "../in.pcapng", CaptureFileFormat::PcapNg);
        QDir::setCurrent(cwd);
        QVERIFY2(!rel.ok, "a relative path to the input was not refused");
        QCOMPARE(fileBytes(src), before);
        QCOMPARE(QFileInfo(path("sym.pcapng")).isSymLink(), true);
        QCOMPARE(entries(tmp_->path()), (QStringList{"hard.pcapng", "in.pcapng", "sub", "sym.pcapng"}));
        QCOMPARE(entries(tmp_->filePath("sub")), QStringList());
        // Not the same file: another capture, a missing one.
        QVERIFY(!isSameFile(*store, path("other.pcapng").toStdString()));
        // A folder.
        const ExportResult dir = exportTo(*store, tmp_->filePath("sub"), CaptureFileFormat::PcapNg);
        QVERIFY(!dir.ok);
        QVERIFY2(qs(dir.error).contains("folder"), dir.error.c_str());
        QCOMPARE(entries(tmp_->filePath("sub")), QStringList());
        // No name, or a folder that does not exist: the message names the target.
        QVERIFY(!exportTo(*store, "", CaptureFileFormat::PcapNg).ok);
        const QString missing = path("no/such/folder/out.pcapng");
        const ExportResult m = exportTo(*store, missing, CaptureFileFormat::PcapNg);
        QVERIFY(!m.ok);
        QVERIFY2(qs(m.error).contains(missing), m.error.c_str());
    }

    // An existing file that is not the input is replaced (exportPackets itself does not ask: the CLI and
    // the dialog do); a symbolic link to another file is replaced by the export, that file untouched.
    void replacesOtherFile()
    {
        const QString src = path("in.pcap");
        writeScript(mixedCapture(), src.toStdString(), CaptureFileFormat::Pcap, false);
        auto store = loadStore(src.toStdString());
        const QString out = path("out.pcapng");
        writeText(out, "old contents");
        const std::vector<std::uint32_t> some = everyNth(store->size(), 2);
        QVERIFY(exportTo(*store, out, CaptureFileFormat::PcapNg, &some).ok);
        QString diff = compareExport(*store, some, out);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        writeText(path("elsewhere.txt"), "keep me");
        QVERIFY(QFile::link(path("elsewhere.txt"), path("link.pcap")));
        QVERIFY(exportTo(*store, path("link.pcap"), CaptureFileFormat::Pcap, &some).ok);
        QCOMPARE(fileBytes(path("elsewhere.txt")), QByteArray("keep me"));
        diff = compareExport(*store, some, path("link.pcap"));
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    void writeFailure_data()
    {
        QTest::addColumn<bool>("pcapng");
        QTest::addColumn<bool>("targetExists");
        // The file size limit in bytes; negative: that many bytes less than the complete export, so only
        // the last flush (in close) fails.
        QTest::addColumn<qlonglong>("limit");
        QTest::newRow("pcapng, new target, fails while writing") << true << false << 100000ll;
        QTest::newRow("pcapng, existing target, fails while writing") << true << true << 100000ll;
        QTest::newRow("pcapng, fails when the last bytes are flushed") << true << true << -100ll;
        QTest::newRow("pcapng, fails at the first byte") << true << true << 1ll;
        QTest::newRow("pcap, new target, fails while writing") << false << false << 100000ll;
        QTest::newRow("pcap, existing target, fails when the last bytes are flushed") << false << true << -100ll;
        QTest::newRow("pcap, fails at the first byte") << false << true << 1ll;
    }

    // A write that fails (the file size limit, EFBIG) leaves no partial or temporary file, the target as
    // it was, the source untouched, and a message naming the target.
    void writeFailure()
    {
        QFETCH(bool, pcapng);
        QFETCH(bool, targetExists);
        QFETCH(qlonglong, limit);
        const QString src = path("big.pcap");
        bigCapture(src, 450);
        const QByteArray source = fileBytes(src);
        QVERIFY(source.size() > 500000);
        auto store = loadStore(src.toStdString(), false);
        const QString out = path(pcapng ? "out.pcapng" : "out.pcap");
        if (limit < 0) {
            // The size of the complete export, and where stdio's last full buffer ends before it.
            const ExportResult probe = exportTo(*store, path("probe"), pcapng ? CaptureFileFormat::PcapNg : CaptureFileFormat::Pcap);
            QVERIFY2(probe.ok, probe.error.c_str());
            limit += static_cast<qlonglong>(probe.bytes);
            QVERIFY(QFile::remove(path("probe")));
        }
        if (targetExists)
            writeText(out, "the old file");
        ExportRequest request;
        request.outputPath = out.toStdString();
        request.format = pcapng ? CaptureFileFormat::PcapNg : CaptureFileFormat::Pcap;
        const ChildExport r = exportInChild(*store, request, ChildMode::FileSizeLimit, static_cast<rlim_t>(limit));
        QVERIFY2(r.ran, "the child did not report back");
        QVERIFY2(!r.ok, "the export succeeded despite the file size limit");
        QVERIFY(!r.cancelled);
        QVERIFY2(r.error.contains(out), qPrintable(r.error));
        QVERIFY2(r.error.contains("too large"), qPrintable(r.error)); // strerror(EFBIG)
        QStringList expected{"big.pcap"};
        if (targetExists)
            expected << QFileInfo(out).fileName();
        expected.sort();
        QCOMPARE(entries(tmp_->path()), expected);
        if (targetExists)
            QCOMPARE(fileBytes(out), QByteArray("the old file"));
        QCOMPARE(fileBytes(src), source);
        // Without the limit the same export works.
        const ExportResult ok = exportTo(*store, out, request.format);
        QVERIFY2(ok.ok, ok.error.c_str());
    }

    // A full disk: a 128 KiB tmpfs mounted for the test (root only).
    void writeFailureDiskFull_data()
    {
        QTest::addColumn<bool>("pcapng");
        QTest::newRow("pcapng") << true;
        QTest::newRow("pcap") << false;
    }
    void writeFailureDiskFull()
    {
        QFETCH(bool, pcapng);
        if (::geteuid() != 0)
            QSKIP("mounting a small tmpfs needs root");
        const QString src = path("big.pcap");
        bigCapture(src, 450);
        auto store = loadStore(src.toStdString(), false);
        const QString mnt = path("full");
        QVERIFY(QDir().mkpath(mnt));
        if (::mount("tmpfs", mnt.toLocal8Bit().constData(), "tmpfs", 0, "size=128k,mode=0755") != 0)
            QSKIP(qPrintable(QStringLiteral("cannot mount a tmpfs: %1").arg(QString::fromLocal8Bit(std::strerror(errno)))));
        struct Unmount {
            QByteArray dir;
            ~Unmount() { ::umount2(dir.constData(), MNT_DETACH); }
        } unmount{mnt.toLocal8Bit()};
        const QString out = mnt + (pcapng ? "/out.pcapng" : "/out.pcap");
        writeText(out, "the old file");
        const ExportResult r = exportTo(*store, out, pcapng ? CaptureFileFormat::PcapNg : CaptureFileFormat::Pcap);
        QVERIFY(!r.ok);
        QVERIFY2(qs(r.error).contains(out), r.error.c_str());
        QVERIFY2(qs(r.error).contains("No space left"), r.error.c_str());
        QCOMPARE(entries(mnt), QStringList{QFileInfo(out).fileName()});
        QCOMPARE(fileBytes(out), QByteArray("the old file"));
        // A few packets fit.
        const std::vector<std::uint32_t> few{0, 1, 2};
        const ExportResult small = exportTo(*store, out, CaptureFileFormat::PcapNg, &few);
        QVERIFY2(small.ok, small.error.c_str());
        QCOMPARE(entries(mnt), QStringList{QFileInfo(out).fileName()});
    }

    // No permission to write in the folder: the message names the target and says what to do.
    void writeFailureNoPermission()
    {
        const QString src = path("in.pcap");
        bigCapture(src, 10);
        auto store = loadStore(src.toStdString(), false);
        const QString locked = path("locked");
        QVERIFY(QDir().mkpath(locked));
        QVERIFY(::chmod(tmp_->path().toLocal8Bit().constData(), 0755) == 0);
        QVERIFY(::chmod(locked.toLocal8Bit().constData(), 0555) == 0);
        const QString out = locked + "/out.pcapng";
        ExportRequest request;
        request.outputPath = out.toStdString();
        request.format = CaptureFileFormat::PcapNg;
        const ChildExport r = exportInChild(*store, request, ChildMode::Unprivileged);
        ::chmod(locked.toLocal8Bit().constData(), 0755);
        QVERIFY2(r.ran, "the child did not report back");
        QVERIFY(!r.ok);
        QVERIFY2(r.error.contains(out), qPrintable(r.error));
        QVERIFY2(r.error.contains("Permission denied"), qPrintable(r.error));
        QCOMPARE(entries(locked), QStringList());
    }

    void cancel_data()
    {
        QTest::addColumn<int>("cancelAtCall");
        QTest::addColumn<bool>("targetExists");
        QTest::newRow("first progress call") << 1 << false;
        QTest::newRow("second progress call, existing target") << 2 << true;
    }

    // Returning false from the progress callback stops the export: no file, the old target untouched.
    void cancel()
    {
        QFETCH(int, cancelAtCall);
        QFETCH(bool, targetExists);
        const QString src = path("many.pcap");
        manySmallPackets(src, 20000);
        auto store = loadStore(src.toStdString(), false);
        QCOMPARE(store->size(), std::size_t{20000});
        const QString out = path("out.pcapng");
        if (targetExists)
            writeText(out, "the old file");
        int calls = 0;
        std::uint64_t lastDone = 0;
        ExportRequest request;
        request.outputPath = out.toStdString();
        request.progress = [&](std::uint64_t done, std::uint64_t total) {
            ++calls;
            lastDone = done;
            return !(calls >= cancelAtCall && total == 20000);
        };
        const ExportResult r = exportPackets(*store, request);
        QVERIFY(!r.ok);
        QVERIFY(r.cancelled);
        QCOMPARE(calls, cancelAtCall);
        QVERIFY(lastDone < 20000);
        QStringList expected{"many.pcap"};
        if (targetExists)
            expected << "out.pcapng";
        expected.sort();
        QCOMPARE(entries(tmp_->path()), expected);
        if (targetExists)
            QCOMPARE(fileBytes(out), QByteArray("the old file"));
    }

    // Progress is reported with the total, growing, ending at (total, total).
    void progressReported()
    {
        const QString src = path("many.pcap");
        manySmallPackets(src, 20000);
        auto store = loadStore(src.toStdString(), false);
        const std::vector<std::uint32_t> half = everyNth(store->size(), 2);
        std::vector<std::pair<std::uint64_t, std::uint64_t>> seen;
        ExportRequest request;
        request.outputPath = path("half.pcap").toStdString();
        request.format = CaptureFileFormat::Pcap;
        request.packets = &half;
        request.progress = [&](std::uint64_t done, std::uint64_t total) {
            seen.emplace_back(done, total);
            return true;
        };
        const ExportResult r = exportPackets(*store, request);
        QVERIFY2(r.ok, r.error.c_str());
        QCOMPARE(r.packets, std::uint64_t{10000});
        QVERIFY(seen.size() >= 2);
        for (std::size_t k = 0; k < seen.size(); ++k) {
            QCOMPARE(seen[k].second, std::uint64_t{10000});
            if (k > 0)
                QVERIFY(seen[k].first >= seen[k - 1].first);
        }
        QCOMPARE(seen.back().first, std::uint64_t{10000});
        const QString diff = compareExport(*store, half, path("half.pcap"));
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    void permissionsFollowUmask_data()
    {
        QTest::addColumn<uint>("mask");
        QTest::addColumn<uint>("mode");
        QTest::newRow("022") << 022u << 0644u;
        QTest::newRow("002") << 002u << 0664u;
        QTest::newRow("027") << 027u << 0640u;
        QTest::newRow("077") << 077u << 0600u;
        QTest::newRow("000") << 000u << 0666u;
    }
    void permissionsFollowUmask()
    {
        QFETCH(uint, mask);
        QFETCH(uint, mode);
        const QString src = path("in.pcap");
        bigCapture(src, 3);
        auto store = loadStore(src.toStdString(), false);
        for (CaptureFileFormat f : {CaptureFileFormat::PcapNg, CaptureFileFormat::Pcap}) {
            const QString out = path(f == CaptureFileFormat::Pcap ? "out.pcap" : "out.pcapng");
            const mode_t old = ::umask(static_cast<mode_t>(mask));
            const ExportResult r = exportTo(*store, out, f);
            ::umask(old);
            QVERIFY2(r.ok, r.error.c_str());
            struct stat st {};
            QCOMPARE(::stat(out.toLocal8Bit().constData(), &st), 0);
            QCOMPARE(QString::number(st.st_mode & 07777, 8), QString::number(mode, 8));
        }
    }

    // ---- CLI ----------------------------------------------------------------------------------------

    void cliExportsAllByDefault_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("format"); // --format, or empty
        QTest::addColumn<bool>("pcapng");    // what is written
        QTest::newRow(".pcapng") << "out.pcapng" << "" << true;
        QTest::newRow(".pcap") << "out.pcap" << "" << false;
        QTest::newRow(".cap") << "out.cap" << "" << false;
        QTest::newRow("no suffix") << "out" << "" << true;
        QTest::newRow(".pcapng --format pcap") << "out.pcapng" << "pcap" << false;
        QTest::newRow(".pcap --format PCAPNG") << "out.pcap" << "PCAPNG" << true;
    }
    void cliExportsAllByDefault()
    {
        QFETCH(QString, name);
        QFETCH(QString, format);
        QFETCH(bool, pcapng);
        const QString src = path("in.pcapng");
        writeScript(mixedCapture(), src.toStdString(), CaptureFileFormat::PcapNg, true);
        auto store = loadStore(src.toStdString());
        QStringList args{"export", src, "-w", path(name)};
        if (!format.isEmpty())
            args << "--format" << format;
        const test::CliResult r = test::runCli(args);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.isEmpty());
        QCOMPARE(QString::fromUtf8(r.err).trimmed(),
                 QStringLiteral("synscope-cli: %1 of %1 packets written to %2").arg(store->size()).arg(path(name)));
        auto back = readBack(path(name));
        QCOMPARE(back->reader.format(), pcapng ? CaptureFormat::PcapNg : CaptureFormat::Pcap);
        const QString diff = compareExport(*store, allPackets(*store), path(name));
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        keep(path(name));
    }

    void cliRange()
    {
        const QString src = path("in.pcap");
        writeScript(mixedCapture(), src.toStdString(), CaptureFileFormat::Pcap, false);
        auto store = loadStore(src.toStdString());
        const QString out = path("r.pcapng");
        const test::CliResult r = test::runCli({"export", src, "--range", " 2-4, 7 ,40-", "-w", out});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        std::vector<std::uint32_t> expected{1, 2, 3, 6};
        for (std::uint32_t i = 39; i < store->size(); ++i)
            expected.push_back(i);
        const QString diff = compareExport(*store, expected, out);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        QVERIFY2(r.err.contains(QStringLiteral("%1 of %2 packets").arg(expected.size()).arg(store->size()).toUtf8()), r.err.constData());
        // A range past the end writes an empty, valid file.
        const QString out2 = path("none.pcapng");
        const test::CliResult r2 = test::runCli({"export", src, "--range", "1000-", "-w", out2});
        QVERIFY2(r2.exitCode == 0, r2.err.constData());
        QCOMPARE(readBack(out2)->index.size(), std::size_t{0});
        keep(out2);
    }

    void cliErrors_data()
    {
        QTest::addColumn<QStringList>("args"); // IN, OUT and NOTCP stand for the files
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message"); // part of stderr
        QTest::newRow("no -w") << QStringList{"export", "IN"} << 2 << "-w OUT";
        QTest::newRow("no file") << QStringList{"export", "-w", "OUT"} << 2 << "";
        QTest::newRow("two files") << QStringList{"export", "IN", "IN", "-w", "OUT"} << 2 << "";
        QTest::newRow("-w without a value") << QStringList{"export", "IN", "-w"} << 2 << "";
        QTest::newRow("unknown option") << QStringList{"export", "IN", "-w", "OUT", "--frobnicate"} << 2 << "frobnicate";
        QTest::newRow("bad --format") << QStringList{"export", "IN", "-w", "OUT", "--format", "pcapx"} << 2 << "pcapx";
        QTest::newRow("bad --stream letters") << QStringList{"export", "IN", "-w", "OUT", "--stream", "x"} << 2 << "--stream";
        QTest::newRow("bad --stream negative") << QStringList{"export", "IN", "-w", "OUT", "--stream", "-1"} << 2 << "--stream";
        QTest::newRow("bad --stream empty part") << QStringList{"export", "IN", "-w", "OUT", "--stream", "1,,2"} << 2 << "--stream";
        QTest::newRow("bad --stream empty") << QStringList{"export", "IN", "-w", "OUT", "--stream", ""} << 2 << "--stream";
        QTest::newRow("no such stream") << QStringList{"export", "IN", "-w", "OUT", "--stream", "99"} << 2 << "no TCP stream 99";
        QTest::newRow("stream in a capture without TCP") << QStringList{"export", "NOTCP", "-w", "OUT", "--stream", "0"} << 2
                                                         << "no TCP stream 0";
        QTest::newRow("bad --range reversed") << QStringList{"export", "IN", "-w", "OUT", "--range", "5-3"} << 2 << "5-3";
        QTest::newRow("bad --range letters") << QStringList{"export", "IN", "-w", "OUT", "--range", "a"} << 2 << "--range";
        QTest::newRow("bad --range zero") << QStringList{"export", "IN", "-w", "OUT", "--range", "0"} << 2 << "--range";
        QTest::newRow("bad --range empty") << QStringList{"export", "IN", "-w", "OUT", "--range", ""} << 2 << "--range";
        QTest::newRow("bad filter") << QStringList{"export", "IN", "-w", "OUT", "-Y", "tcp port"} << 2 << "";
        QTest::newRow("bad filter word") << QStringList{"export", "IN", "-w", "OUT", "-Y", "frobnicate"} << 2 << "";
        QTest::newRow("missing input") << QStringList{"export", "MISSING", "-w", "OUT"} << 1 << "MISSING";
        QTest::newRow("input not a capture") << QStringList{"export", "TEXT", "-w", "OUT"} << 1 << "TEXT";
        QTest::newRow("folder missing") << QStringList{"export", "IN", "-w", "NOFOLDER"} << 1 << "NOFOLDER";
        QTest::newRow("OUT is a folder") << QStringList{"export", "IN", "-w", "FOLDER"} << 2 << "is a folder";
        QTest::newRow("OUT is a folder, --overwrite") << QStringList{"export", "IN", "-w", "FOLDER", "--overwrite"} << 2
                                                      << "is a folder";
        QTest::newRow("several link types to pcap") << QStringList{"export", "MULTI", "-w", "OUT", "--format", "pcap"} << 1 << "pcapng";
    }

    // Exit codes and messages; nothing is written on any error.
    void cliErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const QString in = path("in.pcapng");
        writeScript(mixedCapture(), in.toStdString(), CaptureFileFormat::PcapNg, false);
        testkit::CaptureScript udpOnly;
        const IpAddress a = testkit::ip("192.0.2.1"), b = testkit::ip("192.0.2.2");
        udpOnly.add(testkit::ethernetIp(testkit::mac(1), testkit::mac(2), testkit::ipv4(a, b, 17, testkit::udp(a, b, 1, 2, {1, 2, 3}))));
        udpOnly.writeTemp(tmp_->path().toStdString(), "notcp.pcap", CaptureFileFormat::Pcap);
        writeText(path("text.pcap"), "not a capture at all\n");
        writeMultiInterface(path("multi.pcapng"));
        QVERIFY(QDir(tmp_->path()).mkdir("folder"));
        const QStringList before = entries(tmp_->path());
        QString expectedMessage = message;
        for (QString& a : args) {
            if (a == "IN")
                a = in;
            else if (a == "OUT")
                a = path("out.pcapng");
            else if (a == "NOTCP")
                a = path("notcp.pcap");
            else if (a == "MISSING")
                a = path("missing.pcap");
            else if (a == "TEXT")
                a = path("text.pcap");
            else if (a == "MULTI")
                a = path("multi.pcapng");
            else if (a == "NOFOLDER")
                a = path("nofolder/out.pcapng");
            else if (a == "FOLDER")
                a = path("folder");
        }
        expectedMessage.replace("MISSING", path("missing.pcap"))
            .replace("TEXT", path("text.pcap"))
            .replace("NOFOLDER", path("nofolder/out.pcapng"));
        const test::CliResult r = test::runCli(args);
        QVERIFY2(r.exitCode == exitCode, qPrintable(QStringLiteral("exit %1: %2").arg(r.exitCode).arg(QString::fromUtf8(r.err))));
        QVERIFY2(!r.err.trimmed().isEmpty(), "no message");
        QVERIFY2(QString::fromUtf8(r.err).contains(expectedMessage), r.err.constData());
        QVERIFY2(r.err.startsWith("synscope-cli: ") || exitCode == 2, r.err.constData());
        // Nonsense such as "18446744073709551615" in a message.
        QVERIFY2(!r.err.contains("18446744073709551615") && !r.err.contains("4294967295"), r.err.constData());
        QCOMPARE(entries(tmp_->path()), before);
    }

    // An existing OUT is refused without --overwrite and left as it was; with it, replaced. The input is
    // refused as OUT even with --overwrite, by any name.
    void cliOverwrite()
    {
        const QString in = path("in.pcapng");
        writeScript(mixedCapture(), in.toStdString(), CaptureFileFormat::PcapNg, false);
        const QByteArray input = fileBytes(in);
        auto store = loadStore(in.toStdString());
        const QString out = path("out.pcap");
        writeText(out, "precious");
        test::CliResult r = test::runCli({"export", in, "-w", out});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--overwrite") && r.err.contains(out.toUtf8()), r.err.constData());
        QCOMPARE(fileBytes(out), QByteArray("precious"));
        r = test::runCli({"export", in, "-w", out, "--overwrite"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString diff = compareExport(*store, allPackets(*store), out);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));

        QVERIFY(QFile::link(in, path("sym.pcapng")));
        QVERIFY(::link(in.toLocal8Bit().constData(), path("hard.pcapng").toLocal8Bit().constData()) == 0);
        for (const QString& same : {in, path("sym.pcapng"), path("hard.pcapng"), tmp_->path() + "/./in.pcapng"}) {
            r = test::runCli({"export", in, "-w", same, "--overwrite"});
            QVERIFY2(r.exitCode == 2, qPrintable(same));
            QVERIFY2(r.err.contains("being read"), r.err.constData());
            r = test::runCli({"export", in, "-w", same});
            QVERIFY2(r.exitCode == 2, qPrintable(same));
        }
        QCOMPARE(fileBytes(in), input);
        QVERIFY(QFileInfo(path("sym.pcapng")).isSymLink());
        QCOMPARE(entries(tmp_->path()), (QStringList{"hard.pcapng", "in.pcapng", "out.pcap", "sym.pcapng"}));
    }

    // ---- the field's tools --------------------------------------------------------------------------

    void matchesTcpdump_data()
    {
        QTest::addColumn<QString>("source"); // a file, or "mixed:<format>" for the generated capture
        QTest::addColumn<QString>("filter");
        const QStringList filters{"",
                                  "tcp",
                                  "udp port 53",
                                  "icmp or icmp6",
                                  "host 192.0.2.10",
                                  "tcp[tcpflags] & tcp-syn != 0",
                                  "ip6",
                                  "vlan",
                                  "arp",
                                  "not tcp",
                                  "greater 200",
                                  "less 80",
                                  "tcp port 80 and host 198.51.100.20",
                                  "ether host 02:00:00:00:00:10",
                                  "port 12345"};
        for (const char* fmt : {"pcap-us", "pcap-ns", "pcapng-us", "pcapng-ns"})
            for (const QString& f : filters)
                QTest::newRow(qPrintable(QStringLiteral("%1: %2").arg(fmt, f.isEmpty() ? "(no filter)" : f)))
                    << QStringLiteral("mixed:%1").arg(fmt) << f;
        // BSD loopback (DLT_NULL) with IPv4 and IPv6 under each system's AF_INET6 (24, 28, 30; Linux's 10).
        // The filters are compiled as for a savefile (tcpdump -r), which checks all three BSD values.
        for (const char* f : {"ip", "ip and tcp", "ip6", "tcp", "udp", "icmp6", "not ip6", ""})
            QTest::newRow(qPrintable(QStringLiteral("null loopback: %1").arg(*f ? f : "(no filter)")))
                << "null:pcap" << QString::fromLatin1(f);
        const QString shared = test::sharedDir();
        if (shared.isEmpty())
            return;
        const QStringList corpus{"cs1e_ftp-crack.pcap",      "cs_tcp_retransmissions.pcapng", "cs_icmp_traceroute.pcapng",
                                 "pp_sll.pcap",              "pp_raw_ip.pcap",                "pp_nanosecs_big_endian.pcap",
                                 "td_802.1ad_QinQ.pcap",     "pp_VlanPackets.pcap",           "pp_null_loopback.pcap",
                                 "lw_simple_http_sll2.pcap", "td_tcp-handshake-nano.pcap",    "pp_ipv6_options.pcap",
                                 "cs_dns_isp_hijack.pcapng", "td_LINKTYPE_IPV4.pcap"};
        const QStringList corpusFilters{"tcp", "udp or icmp", "tcp[tcpflags] & (tcp-syn|tcp-fin) != 0", "greater 100 and ip6",
                                        "vlan and tcp", "not ip"};
        for (const QString& file : corpus) {
            const QString p = shared + "/corpus/" + file;
            QVERIFY2(QFileInfo::exists(p), qPrintable(p + " is missing from the shared corpus"));
            for (const QString& f : corpusFilters) {
                // pp_null_loopback.pcap's IPv6 packet is DLT_NULL with AF_INET6 30 (macOS).
                QTest::newRow(qPrintable(QStringLiteral("%1: %2").arg(file, f))) << p << f;
            }
        }
    }

    // synscope-cli export FILE -Y F -w OUT.pcap holds the packets tcpdump -r FILE -w REF.pcap F does. Where
    // tcpdump refuses the filter for the file's link type ("no VLAN support for Linux cooked v1", "expression
    // rejects all packets"), synscope-cli must refuse it for the same reason and write nothing.
    void matchesTcpdump()
    {
        QFETCH(QString, source);
        QFETCH(QString, filter);
        const QString tcpdump = tool("tcpdump");
        if (tcpdump.isEmpty())
            QSKIP("tcpdump is not installed: the cross-check against it is skipped (apt-get install tcpdump)");
        QString file = source;
        if (source.startsWith("mixed:")) {
            const QString fmt = source.mid(6);
            const bool ng = fmt.startsWith("pcapng");
            file = path(ng ? "mixed.pcapng" : "mixed.pcap");
            writeScript(mixedCapture(), file.toStdString(), ng ? CaptureFileFormat::PcapNg : CaptureFileFormat::Pcap,
                        fmt.endsWith("ns"));
        } else if (source == "null:pcap") {
            file = path("null.pcap");
            nullLoopbackCapture(file);
        }
        const QString ref = path("ref.pcap");
        QStringList targs{"-r", file, "--time-stamp-precision=nano", "-w", ref};
        if (::geteuid() == 0)
            targs << "-Z" << "root";
        if (!filter.isEmpty())
            targs << filter;
        const ToolRun t = runTool(tcpdump, targs);
        const QString out = path("out.pcap");
        QStringList args{"export", file, "-w", out};
        if (!filter.isEmpty())
            args << "-Y" << filter;
        const test::CliResult r = test::runCli(args);
        if (t.exitCode != 0) {
            // tcpdump's reason is its last line, "tcpdump: REASON".
            const QList<QByteArray> lines = t.err.trimmed().split('\n');
            const QByteArray last = lines.isEmpty() ? QByteArray() : lines.last();
            QVERIFY2(t.exitCode > 0 && last.startsWith("tcpdump: "),
                     qPrintable(QStringLiteral("tcpdump failed (exit %1) without a reason: %2").arg(t.exitCode).arg(QString::fromUtf8(t.err))));
            const QByteArray reason = last.mid(9);
            QVERIFY2(r.exitCode != 0 && r.err.contains(reason),
                     qPrintable(QStringLiteral("tcpdump refuses it (%1); synscope-cli exited %2: %3")
                                    .arg(QString::fromUtf8(reason))
                                    .arg(r.exitCode)
                                    .arg(QString::fromUtf8(r.err))));
            QVERIFY2(!QFileInfo::exists(out), "a refused filter wrote a file");
            qInfo("refused by both, as tcpdump says: %s", reason.constData());
            return;
        }
        QVERIFY2(r.exitCode == 0, qPrintable(QStringLiteral("exit %1: %2").arg(r.exitCode).arg(QString::fromUtf8(r.err))));
        const QString diff = samePackets(out, ref);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    // Every pcapng (and pcap) SynScope wrote above: capinfos and tshark read it with exit 0 and not a word
    // on stderr. Runs last (it checks what the other tests kept).
    void toolsReadEveryExport()
    {
        const QString capinfos = tool("capinfos"), tshark = tool("tshark");
        if (capinfos.isEmpty() && tshark.isEmpty())
            QSKIP("neither capinfos nor tshark is installed (apt-get install tshark): skipped");
        // A few more kinds: the multi-interface file with comments, an empty export, a connection.
        {
            const MultiInterface m = writeMultiInterface(path("multi.pcapng"));
            auto store = loadStore(m.path.toStdString());
            QVERIFY(exportTo(*store, path("multi-out.pcapng"), CaptureFileFormat::PcapNg).ok);
            const std::vector<std::uint32_t> none;
            QVERIFY(exportTo(*store, path("empty.pcapng"), CaptureFileFormat::PcapNg, &none).ok);
            QVERIFY(exportTo(*store, path("empty.pcap"), CaptureFileFormat::Pcap, &none).ok);
        }
        // Many tests write the same bytes (the same packets through different routes): each distinct file once.
        QStringList files;
        QSet<QByteArray> seen;
        QDirIterator it(toolsDir_.path(), QDir::Files);
        while (it.hasNext()) {
            const QString f = it.next();
            QFile in(f);
            QVERIFY(in.open(QIODevice::ReadOnly));
            QCryptographicHash hash(QCryptographicHash::Sha256);
            QVERIFY(hash.addData(&in));
            if (!seen.contains(hash.result())) {
                seen.insert(hash.result());
                files << f;
            }
        }
        files.sort();
        QVERIFY(files.size() >= 3);
        // capinfos reads them all in one run and counts each file's packets; tshark (a full dissection, half
        // a second a file) reads every pcapng with several interfaces or comments and a spread of the rest.
        int pcapng = 0;
        std::map<QString, std::size_t> packets;
        for (const QString& f : files) {
            auto back = readBack(f);
            packets[f] = back->index.size();
            if (back->reader.format() == CaptureFormat::PcapNg)
                ++pcapng;
        }
        if (!capinfos.isEmpty()) {
            const ToolRun c = runTool(capinfos, QStringList{"-T", "-r", "-c", "-M"} + files);
            QVERIFY2(c.exitCode == 0 && c.err.isEmpty(),
                     qPrintable(QStringLiteral("capinfos: exit %1: %2").arg(c.exitCode).arg(QString::fromUtf8(c.err))));
            const QList<QByteArray> rows = c.out.trimmed().split('\n');
            QCOMPARE(rows.size(), files.size());
            for (const QByteArray& row : rows) {
                const QList<QByteArray> cells = row.split('\t');
                QCOMPARE(cells.size(), 2);
                const QString f = QString::fromUtf8(cells[0]);
                QVERIFY2(packets.count(f), qPrintable(f));
                QCOMPARE(cells[1].toULongLong(), static_cast<qulonglong>(packets[f]));
            }
        }
        if (!tshark.isEmpty()) {
            for (int k = 0; k < files.size(); ++k) {
                const QString& f = files[k];
                const bool rich = QFileInfo(f).fileName().startsWith(QLatin1String("multi")) ||
                                  QFileInfo(f).fileName().startsWith(QLatin1String("empty"));
                if (!rich && k % 8 != 0)
                    continue;
                const ToolRun t = runTool(tshark, {"-n", "-r", f});
                const QByteArray err = withoutRootNotice(t.err);
                QVERIFY2(t.exitCode == 0 && err.isEmpty(),
                         qPrintable(QStringLiteral("tshark -r %1: exit %2: %3").arg(f).arg(t.exitCode).arg(QString::fromUtf8(err))));
                // tshark counts the same packets.
                const int lines = t.out.isEmpty() ? 0 : int(t.out.count('\n'));
                QVERIFY2(std::size_t(lines) == packets[f], qPrintable(f));
            }
        }
        QVERIFY(pcapng >= 2);
        qInfo("capinfos/tshark read %lld files (%d pcapng)", static_cast<long long>(files.size()), pcapng);
    }

private:
    // `packets` TCP segments of 1,300 bytes each (about 1.3 KB a packet), one Ethernet interface.
    static void bigCapture(const QString& file, int packets)
    {
        using namespace testkit;
        CaptureScript s(1, {1718000000, 5000});
        TcpConversation c(s, scenarioHosts(false).client, 50000, scenarioHosts(false).server, 80);
        c.syn().synAck().ack(Side::Client);
        for (int i = 3; i < packets; ++i)
            c.data(i % 2 ? Side::Client : Side::Server, 1300);
        s.writeTemp(QFileInfo(file).absolutePath().toStdString(), QFileInfo(file).fileName().toStdString(),
                    CaptureFileFormat::Pcap);
    }

    static void nullLoopbackCapture(const QString& file)
    {
        using namespace testkit;
        CaptureScript s(0, {1718000000, 1000});
        const IpAddress a4 = ip("192.0.2.1"), b4 = ip("192.0.2.2"), a6 = ip("2001:db8::1"), b6 = ip("2001:db8::2");
        TcpSpec t;
        t.srcPort = 1234;
        t.dstPort = 80;
        t.flags = tcpflag::kSyn;
        s.add(nullLoopback(2, false, ipv4(a4, b4, 6, tcp(a4, b4, t))));
        s.add(nullLoopback(2, false, ipv4(a4, b4, 17, udp(a4, b4, 53, 53, {1, 2, 3, 4}))));
        for (std::uint32_t af : {30u, 24u, 28u, 10u}) {
            s.advance(1000);
            s.add(nullLoopback(af, false, ipv6(a6, b6, 6, tcp(a6, b6, t))));
            s.add(nullLoopback(af, false, ipv6(a6, b6, 17, udp(a6, b6, 53, 53, {5, 6}))));
            s.add(nullLoopback(af, false, ipv6(a6, b6, 58, icmpv6(a6, b6, 128, 0, 1, {7}))));
        }
        s.writeTemp(QFileInfo(file).absolutePath().toStdString(), QFileInfo(file).fileName().toStdString(),
                    CaptureFileFormat::Pcap);
    }

    // `packets` small UDP packets.
    static void manySmallPackets(const QString& file, int packets)
    {
        using namespace testkit;
        CaptureWriter w;
        std::string error;
        WriterInterface i;
        QVERIFY(w.open(file.toStdString(), CaptureFileFormat::Pcap, {i}, error));
        const IpAddress a = ip("192.0.2.1"), b = ip("192.0.2.2");
        for (int k = 0; k < packets; ++k) {
            const Bytes f = ethernetIp(mac(1), mac(2), ipv4(a, b, 17, udp(a, b, 1000, static_cast<std::uint16_t>(k), {})));
            QVERIFY(w.write(0, Timestamp{1718000000 + k / 1000, static_cast<std::uint32_t>(k % 1000) * 1000000u}, f,
                            static_cast<std::uint32_t>(f.size()), error));
        }
        QVERIFY(w.close(error));
    }
};

QTEST_GUILESS_MAIN(TestExport)
#include "test_export.moc"
