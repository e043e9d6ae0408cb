#pragma once
// Helpers shared by the unit tests: load a scripted capture through the real reader and analysis, find
// the shared corpus, run the CLI.
#include "analysis/connection_report.h"
#include "bench_capture.h"
#include "sample_capture.h"
#include "capture_script.h"
#include "store/packet_store.h"

#include <QDir>
#include <QFileInfo>
#include <QtTest>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <memory>
#include <string>
#include <vector>

namespace synscope::test {

struct LoadedCapture {
    QTemporaryDir dir;
    std::string path;
    std::unique_ptr<PacketStore> store;
    CaptureReader::Status status = CaptureReader::Status::More;
};

// Writes `script` to a temporary file and reads it completely (index, analysis with state frames). Every
// connection's analysis state is frozen between its packets (idleFrames 1), so each analysis test also
// shows that freezing loses nothing.
inline std::unique_ptr<LoadedCapture> load(const testkit::CaptureScript& script,
                                           CaptureFileFormat format = CaptureFileFormat::PcapNg)
{
    auto c = std::make_unique<LoadedCapture>();
    c->path = script.writeTemp(c->dir.path().toStdString(), format == CaptureFileFormat::PcapNg ? "t.pcapng" : "t.pcap",
                               format);
    TrackerOptions options;
    options.keepStateFrames = true;
    options.idleFrames = 1;
    c->store = std::make_unique<PacketStore>(options);
    std::string error;
    if (!c->store->open(c->path, error))
        throw std::runtime_error(error);
    do
        c->status = c->store->loadMore(1 << 16);
    while (c->status == CaptureReader::Status::More);
    return c;
}

// Every value of a packet's analysis record, for comparing two analyses.
inline QString describeRecord(const TcpPacketRecord& r)
{
    return QString("stream %1 seq %2 ack %3 dup %4/%5 flags %6 wscale %7 bits %8")
        .arg(r.stream)
        .arg(r.seq)
        .arg(r.ack)
        .arg(r.duplicateAckNum)
        .arg(r.duplicateAckFrame)
        .arg(r.flags)
        .arg(r.windowScale)
        .arg(r.bits);
}

// Every value of a connection's report, state frames, SYN intervals and options included.
inline QString describeReport(const ConnectionReport& r)
{
    QString s = QString::fromStdString(describeConnection(r));
    for (const StateChange& c : r.stateChanges)
        s += QString(" [%1 %2 @%3]").arg(int(c.side)).arg(tcpStateName(c.state)).arg(c.frame);
    for (double ms : r.synIntervalsMs)
        s += QString(" syn+%1").arg(ms);
    for (const AnnouncedOptions& o : {r.clientOptions, r.serverOptions})
        s += QString(" opt %1 %2 %3 %4 %5 %6 %7")
                 .arg(o.seen)
                 .arg(o.hasMss)
                 .arg(o.mss)
                 .arg(o.hasWindowScale)
                 .arg(o.windowScale)
                 .arg(o.sackPermitted)
                 .arg(o.timestamps);
    return s;
}

inline QStringList stateNames(const std::vector<TcpState>& states)
{
    QStringList out;
    for (TcpState s : states)
        out << tcpStateName(s);
    return out;
}

// The folder of shared captures (../shared), or empty when this checkout has none.
inline QString sharedDir()
{
    const QByteArray dir = qgetenv("SYNSCOPE_SHARED_DIR");
    return !dir.isEmpty() && QFileInfo::exists(QString::fromLocal8Bit(dir) + "/corpus") ? QString::fromLocal8Bit(dir)
                                                                                           : QString();
}

// Data rows (column "path") of the captures a whole-analysis comparison runs on: the sample, the benchmark's
// mix of `benchPackets` packets (every open and close kind, retransmissions, ICMP errors, IPv6, interleaved),
// written into `dir`, and every file of ../shared/corpus when present. Returns an error text, or empty.
inline std::string addCaptureRows(const QTemporaryDir& dir, std::uint64_t benchPackets)
{
    const std::string sample =
        testkit::buildSampleCapture().writeTemp(dir.path().toStdString(), "sample.pcapng", CaptureFileFormat::PcapNg);
    QTest::newRow("sample") << QString::fromStdString(sample);
    const std::string bench = dir.path().toStdString() + "/bench.pcap";
    std::string error;
    if (!testkit::writeBenchCapture(bench, benchPackets, CaptureFileFormat::Pcap, error))
        return error;
    QTest::newRow(qPrintable(QString("bench-%1k").arg(benchPackets / 1000))) << QString::fromStdString(bench);
    const QString shared = sharedDir();
    if (shared.isEmpty()) {
        qInfo("../shared/corpus is absent: only the project's own captures are compared");
        return {};
    }
    const QDir corpus(shared + "/corpus");
    for (const QString& f : corpus.entryList({"*.pcap", "*.pcapng", "*.cap"}, QDir::Files, QDir::Name))
        QTest::newRow(qPrintable(f)) << corpus.filePath(f);
    return {};
}

struct CliResult {
    int exitCode = -1;
    QByteArray out, err;
};

// Runs synscope-cli (the binary built beside the tests) with `arguments`.
inline CliResult runCli(const QStringList& arguments, int timeoutMs = 120000)
{
    QProcess p;
    p.start(QString::fromLocal8Bit(qgetenv("SYNSCOPE_CLI")), arguments);
    CliResult r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace synscope::test

// ---- What each file of ../shared/corpus is (issue 17) --------------------------------------------------
namespace synscope::test {

// How a corpus file reads, as the independent tools say: `tshark -r F` (exit status, message) and
// `capinfos -c F` (packet count), tshark 4.0.17 and capinfos of Wireshark 4.0 on Debian 12.
enum class CorpusRead {
    Whole,    // tshark and capinfos read it to the end (exit 0): the reader must end with Status::End
    CutShort, // tshark: "appears to have been cut short in the middle of a packet" (exit 2) after reading
              // `packets` packets: Status::Truncated after the same packets; the CLI exits 0 with a warning
    Refused,  // tshark and capinfos refuse the file at its header (exit 2): open() fails, the CLI exits 1
};

struct CorpusFile {
    const char* name;
    CorpusRead read;
    int packets; // capinfos' "Number of packets" (tshark prints as many frames); 0 for a refused file
};

// Every capture of ../shared/corpus, written down by hand from the tools' answers. A file added to the
// corpus has no entry until someone records what tshark and capinfos say about it; the tests that walk
// the corpus fail on such a file (corpusFile() returns nullptr) rather than guess.
inline const std::vector<CorpusFile>& corpusFiles()
{
    static const std::vector<CorpusFile> files{
        {"cs1e_ftp-crack.pcap", CorpusRead::Whole, 19730},
        // tshark: The file "cs1e_http-fault-post.pcap" appears to have been cut short in the middle of a packet.
        {"cs1e_http-fault-post.pcap", CorpusRead::CutShort, 25},
        {"cs_arp_resolution.pcapng", CorpusRead::Whole, 2},
        {"cs_dns_isp_hijack.pcapng", CorpusRead::Whole, 123},
        {"cs_dns_query_response.pcapng", CorpusRead::Whole, 2},
        {"cs_icmp_traceroute.pcapng", CorpusRead::Whole, 54},
        {"cs_synscan.pcapng", CorpusRead::Whole, 2011},
        {"cs_tcp_handshake.pcapng", CorpusRead::Whole, 3},
        {"cs_tcp_refuseconnection.pcapng", CorpusRead::Whole, 2},
        {"cs_tcp_retransmissions.pcapng", CorpusRead::Whole, 6},
        {"cs_tcp_teardown.pcapng", CorpusRead::Whole, 4},
        {"cs_tcp_zerowindowrecovery.pcapng", CorpusRead::Whole, 7},
        // tshark: "contains record data that TShark doesn't support. (pcap: major version 1 unsupported)"
        {"lp_pcap-invalid-version-1.pcap", CorpusRead::Refused, 0},
        // tshark: "appears to be damaged or corrupt. (pcapng: Not enough data to handle option of length 12336)"
        {"lp_shb-option-too-long.pcapng", CorpusRead::Refused, 0},
        {"lw_simple_http_sll2.pcap", CorpusRead::Whole, 24},
        {"pp_IcmpPackets.pcap", CorpusRead::Whole, 15},
        {"pp_VlanPackets.pcap", CorpusRead::Whole, 26},
        {"pp_ipv6_options.pcap", CorpusRead::Whole, 6},
        {"pp_nanosecs_big_endian.pcap", CorpusRead::Whole, 10},
        {"pp_null_loopback.pcap", CorpusRead::Whole, 3},
        {"pp_one_tcp_stream_fin_rst_close_packet.pcap", CorpusRead::Whole, 13},
        {"pp_pcapng-example.pcapng", CorpusRead::Whole, 159},
        {"pp_raw_ip.pcap", CorpusRead::Whole, 100},
        {"pp_sll.pcap", CorpusRead::Whole, 518},
        {"pp_tcp-malformed.pcap", CorpusRead::Whole, 2},
        {"td_802.1ad_QinQ.pcap", CorpusRead::Whole, 2},
        {"td_LINKTYPE_IPV4.pcap", CorpusRead::Whole, 1},
        {"td_arp-too-long-tha.pcap", CorpusRead::Whole, 1},
        {"td_bigtcp-ipv6-hbh.pcap", CorpusRead::Whole, 1},
        {"td_empty.pcapng", CorpusRead::Whole, 0},
        {"td_heap-overflow-1.pcap", CorpusRead::Whole, 1},
        {"td_hoobr_rt6_print.pcap", CorpusRead::Whole, 3},
        {"td_icmpv6-rfc7112.pcap", CorpusRead::Whole, 1},
        {"td_kday3.pcap", CorpusRead::Whole, 9},
        {"td_mptcp-v1.pcap", CorpusRead::Whole, 20},
        {"td_print-flags.pcap", CorpusRead::Whole, 10},
        {"td_ssh.pcap", CorpusRead::Whole, 54},
        {"td_tcp-auth-heapoverflow.pcap", CorpusRead::Whole, 1},
        {"td_tcp-handshake-nano.pcap", CorpusRead::Whole, 3},
        {"td_tcp_eight_lowest_weight_flags_set.pcap", CorpusRead::Whole, 1},
        {"td_tcp_rst_diag_payload-trunc.pcap", CorpusRead::Whole, 1},
        {"td_tfo-5c1fa7f9ae91.pcap", CorpusRead::Whole, 14},
    };
    return files;
}

// The entry of a corpus file (by file name or path), or nullptr when none was recorded.
inline const CorpusFile* corpusFile(const QString& nameOrPath)
{
    const QString name = QFileInfo(nameOrPath).fileName();
    for (const CorpusFile& f : corpusFiles())
        if (name == QLatin1String(f.name))
            return &f;
    return nullptr;
}

// The capture files of ../shared/corpus (file names, sorted), or empty when this checkout has none.
inline QStringList corpusCaptureNames()
{
    const QString shared = sharedDir();
    if (shared.isEmpty())
        return {};
    return QDir(shared + "/corpus").entryList({"*.pcap", "*.pcapng", "*.cap"}, QDir::Files, QDir::Name);
}

// What a corpus file must give: empty when the reader's answers match its entry, else what differs.
// `opened`: open() succeeded; `status`: the last status of reading it whole; `packets`: packets indexed.
inline QString corpusReadMismatch(const QString& path, bool opened, CaptureReader::Status status, std::size_t packets)
{
    const CorpusFile* f = corpusFile(path);
    const QString name = QFileInfo(path).fileName();
    if (!f)
        return name + ": no entry in test::corpusFiles(); record what tshark and capinfos say about it";
    auto statusName = [](CaptureReader::Status s) {
        switch (s) {
        case CaptureReader::Status::More: return "More";
        case CaptureReader::Status::End: return "End";
        case CaptureReader::Status::Truncated: return "Truncated";
        case CaptureReader::Status::Error: return "Error";
        }
        return "?";
    };
    if (f->read == CorpusRead::Refused)
        return opened ? name + ": tshark refuses this file, but it opened" : QString();
    if (!opened)
        return name + ": tshark reads this file, but it did not open";
    const CaptureReader::Status want =
        f->read == CorpusRead::Whole ? CaptureReader::Status::End : CaptureReader::Status::Truncated;
    if (status != want)
        return QString("%1: read ended with %2, expected %3").arg(name, statusName(status), statusName(want));
    if (packets != static_cast<std::size_t>(f->packets))
        return QString("%1: %2 packets, capinfos counts %3").arg(name).arg(packets).arg(f->packets);
    return {};
}

} // namespace synscope::test
