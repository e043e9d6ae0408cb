// synscope-cli conversations FILE [--json] [-Y FILTER]
#include "command_line.h"
#include "commands.h"

#include "analysis/connection_report.h"
#include "analysis/tcp_frame_feed.h"
#include "store/page_release.h"

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

// With a filter, a tracker of its own sees only the matching packets (`filtered`); without one, the
// store's own analysis is the answer. Loads the whole file (how it ended in `status`); false, with the
// exit code in `failure`, when a packet's link type rejects the filter.
bool analyseMatchingPackets(PacketStore& store, DisplayFilter& filter, TcpTracker& filtered,
                            CaptureReader::Status& status, int& failure)
{
    TcpFrameFeed feed;
    // The filter and the tracker read every packet's bytes again: their pages go back as the pass goes.
    PageRelease release(store);
    std::size_t next = 0;
    do {
        status = store.loadMore(65536);
        if (!filter.active())
            continue;
        for (; next < store.size(); ++next) {
            const bool matches = filter.matches(store, next);
            if (matches) {
                const PacketRecord& r = store.record(next);
                TcpPacketRecord record;
                feed.feed(filtered, next + 1, store.reader().timestampNs(r), store.bytes(next),
                          store.linkType(next), r.originalLength, record);
            }
            release.read(next);
            if (!matches && filter.failed()) {
                failure = displayFilterFailure(filter);
                return false;
            }
        }
    } while (status == CaptureReader::Status::More);
    return true;
}

void printReports(const std::vector<ConnectionReport>& reports, bool json)
{
    Output out;
    if (json) {
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
}

} // namespace

int runConversations(const QStringList& arguments)
{
    CommandLine line("conversations",
                     "Lists every TCP connection of a capture: who opened it and how, who closed it "
                     "and how, and the states each side went through (as seen at the capture point).");
    line.addFileArgument();
    const QCommandLineOption json("json", "A JSON array, one object per connection.");
    const QCommandLineOption filter = displayFilterOption("Analyse only packets matching this tcpdump/BPF expression.");
    line.addOptions({json, filter});
    int exitCode = kOk;
    if (!line.parse(arguments, exitCode))
        return exitCode;

    TrackerOptions trackerOptions;
    trackerOptions.keepStateFrames = true;
    PacketStore store(trackerOptions);
    if (const int opened = openCapture(store, line.file()); opened != kOk)
        return opened;
    DisplayFilter displayFilter;
    if (line.isSet(filter) && !setUpDisplayFilter(displayFilter, line.value(filter).toStdString(), store))
        return kUsage;
    TcpTracker filtered(trackerOptions);
    CaptureReader::Status status;
    if (!analyseMatchingPackets(store, displayFilter, filtered, status, exitCode))
        return exitCode;
    const TcpTracker& tracker = displayFilter.active() ? filtered : store.tracker();
    printReports(buildConnectionReports(tracker), line.isSet(json));
    return finishReading(store, status);
}

} // namespace synscope::cli
