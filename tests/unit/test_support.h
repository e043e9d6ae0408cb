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
