// synscope-cli conversations FILE [--json] [-Y FILTER]
#include "cli_common.h"
#include "commands.h"

#include "analysis/connection_report.h"
#include "analysis/tcp_frame_feed.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace synscope::cli {

namespace {

QJsonObject optionsJson(const AnnouncedOptions& o)
{
    QJsonObject j;
    if (!o.seen)
        return j;
    j["mss"] = o.hasMss ? QJsonValue(int(o.mss)) : QJsonValue();
    j["wscale"] = o.hasWindowScale ? QJsonValue(int(o.windowScale)) : QJsonValue();
    j["sack_permitted"] = o.sackPermitted;
    j["timestamps"] = o.timestamps;
    return j;
}

QJsonArray statesJson(const std::vector<TcpState>& states)
{
    QJsonArray a;
    for (TcpState s : states)
        a.append(tcpStateName(s));
    return a;
}

QJsonObject reportJson(const ConnectionReport& r)
{
    QJsonObject j;
    j["stream"] = static_cast<qint64>(r.stream);
    j["client"] = QString::fromStdString(r.client);
    j["server"] = QString::fromStdString(r.server);
    j["open"] = openKindName(r.open);
    j["close"] = closeKindName(r.close);
    const char* by = closedByName(r.closedBy);
    j["closed_by"] = by ? QJsonValue(by) : QJsonValue();
    j["client_states"] = statesJson(r.clientStates);
    j["server_states"] = statesJson(r.serverStates);
    QJsonArray changes;
    for (const StateChange& c : r.stateChanges) {
        QJsonObject o;
        o["side"] = c.side == Side::Client ? "client" : "server";
        o["state"] = tcpStateName(c.state);
        o["frame"] = static_cast<qint64>(c.frame);
        changes.append(o);
    }
    j["state_changes"] = changes;
    j["syn_retransmissions"] = r.synRetransmissions;
    QJsonArray intervals;
    for (double ms : r.synIntervalsMs)
        intervals.append(ms);
    j["syn_retransmission_intervals_ms"] = intervals;
    j["packets"] = static_cast<qint64>(r.packets);
    j["first_frame"] = static_cast<qint64>(r.firstFrame);
    j["last_frame"] = static_cast<qint64>(r.lastFrame);
    j["bytes_client_to_server"] = static_cast<qint64>(r.bytesClientToServer);
    j["bytes_server_to_client"] = static_cast<qint64>(r.bytesServerToClient);
    j["duration_ms"] = r.durationMs;
    j["handshake_rtt_ms"] = r.handshakeRttMs >= 0 ? QJsonValue(r.handshakeRttMs) : QJsonValue();
    QJsonArray icmp;
    for (std::uint64_t f : r.icmpFrames)
        icmp.append(static_cast<qint64>(f));
    j["icmp_frames"] = icmp;
    j["client_options"] = optionsJson(r.clientOptions);
    j["server_options"] = optionsJson(r.serverOptions);
    return j;
}

} // namespace

int runConversations(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Lists every TCP connection of a capture: who opened it and how, who closed it "
                                     "and how, and the states each side went through (as seen at the capture point).");
    parser.addHelpOption();
    parser.addPositionalArgument("FILE", "pcap or pcapng file");
    const QCommandLineOption json("json", "A JSON array, one object per connection.");
    const QCommandLineOption filter("Y", "Analyse only packets matching this tcpdump/BPF expression.", "FILTER");
    parser.addOptions({json, filter});
    if (!parser.parse(arguments)) {
        printError(parser.errorText().toStdString());
        return kUsage;
    }
    if (parser.isSet("help")) {
        std::fputs(commandHelpText(parser).c_str(), stdout);
        return kOk;
    }
    std::string file;
    if (!requireOneFile(parser.positionalArguments(), "conversations", file))
        return kUsage;

    TrackerOptions trackerOptions;
    trackerOptions.keepStateFrames = true;
    PacketStore store(trackerOptions);
    std::string error;
    if (!store.open(file, error)) {
        printError(error);
        return kUnreadable;
    }
    CaptureFilter captureFilter;
    if (parser.isSet(filter) && !captureFilter.compile(parser.value(filter).toStdString(), store))
        return kUsage;

    // With a filter, a tracker of its own sees only the matching packets.
    TcpTracker filtered(trackerOptions);
    TcpFrameFeed feed;
    CaptureReader::Status status;
    std::size_t next = 0;
    do {
        status = store.loadMore(65536);
        if (captureFilter.empty())
            continue;
        for (; next < store.size(); ++next) {
            bool failed = false;
            if (!captureFilter.matches(store, next, failed)) {
                if (failed)
                    return kUsage;
                continue;
            }
            const PacketRecord& r = store.record(next);
            TcpPacketRecord record;
            feed.feed(filtered, next + 1, store.reader().timestampNs(r), store.bytes(next), store.linkType(next),
                      r.originalLength, record);
        }
    } while (status == CaptureReader::Status::More);
    const TcpTracker& tracker = captureFilter.empty() ? store.tracker() : filtered;
    const std::vector<ConnectionReport> reports = buildConnectionReports(tracker);

    Output out;
    if (parser.isSet(json)) {
        QJsonArray all;
        for (const ConnectionReport& r : reports)
            all.append(reportJson(r));
        out.buffer() = QJsonDocument(all).toJson(QJsonDocument::Indented).toStdString();
    } else {
        for (const ConnectionReport& r : reports) {
            out.buffer() += describeConnection(r);
            out.endLine();
        }
        if (reports.empty()) {
            out.buffer() += "No TCP connections.";
            out.endLine();
        }
    }
    out.flush();
    return finishReading(store, status);
}

} // namespace synscope::cli
