#include "analysis/connection_report.h"
#include "analysis/teardown_names.h"
#include "common/timestamp.h"

#include <cmath>
#include <cstdio>

namespace synscope {

namespace {

std::string printf1(const char* fmt, double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, fmt, v);
    return buf;
}

double roundTo(double v, int decimals)
{
    const double f = std::pow(10.0, decimals);
    return std::round(v * f) / f;
}

// Nanoseconds as milliseconds to the microsecond, as the reports show them.
double reportMs(std::int64_t ns) { return roundTo(static_cast<double>(ns) / 1e6, 3); }

void fill(ConnectionReport& r, const TcpTracker& tracker, const Connection& c)
{
    r.stream = c.stream;
    r.client = tracker.client(c).toString();
    r.server = tracker.server(c).toString();
    r.open = c.lifecycle.openKind();
    r.close = c.lifecycle.closeKind();
    r.closedBy = c.lifecycle.closedBy();
    r.clientStates = tracker.states(c, Side::Client);
    r.serverStates = tracker.states(c, Side::Server);
    r.stateChanges = tracker.stateChanges(c.stream);
    r.synRetransmissions = c.lifecycle.clientSynCount() > 0 ? c.lifecycle.clientSynCount() - 1 : 0;
    r.packets = c.packets;
    r.firstFrame = c.firstFrame;
    r.lastFrame = c.lastFrame;
    r.bytesClientToServer = c.bytes[0];
    r.bytesServerToClient = c.bytes[1];
    r.durationMs = reportMs(nanosecondsBetween(c.firstTime, c.lastTime));
    r.handshakeRttMs = c.handshakeRtt() > 0 && r.open == OpenKind::ThreeWay ? reportMs(c.handshakeRtt()) : -1;
    r.clientOptions = c.options[0];
    r.serverOptions = c.options[1];
}

} // namespace

ConnectionReport buildConnectionReport(const TcpTracker& tracker, const Connection& c)
{
    ConnectionReport r;
    fill(r, tracker, c);
    std::int64_t previous = c.firstTime;
    bool havePrevious = c.firstIsClientSyn;
    for (const SynSend& s : tracker.synSends()) {
        if (s.stream != c.stream)
            continue;
        if (havePrevious)
            r.synIntervalsMs.push_back(reportMs(nanosecondsBetween(previous, s.time)));
        previous = s.time;
        havePrevious = true;
    }
    for (const IcmpLink& l : tracker.icmpLinks())
        if (l.stream == c.stream)
            r.icmpFrames.push_back(l.frame);
    return r;
}

std::vector<ConnectionReport> buildConnectionReports(const TcpTracker& tracker)
{
    const auto& connections = tracker.connections();
    std::vector<ConnectionReport> out(connections.size());
    for (std::size_t i = 0; i < connections.size(); ++i)
        fill(out[i], tracker, connections[i]);
    // SYN intervals and ICMP links live in side tables: one pass each.
    std::vector<std::int64_t> lastSyn(connections.size(), 0);
    std::vector<bool> seenSyn(connections.size(), false);
    for (std::size_t i = 0; i < connections.size(); ++i)
        if (connections[i].firstIsClientSyn) {
            lastSyn[i] = connections[i].firstTime;
            seenSyn[i] = true;
        }
    for (const SynSend& s : tracker.synSends()) {
        if (seenSyn[s.stream])
            out[s.stream].synIntervalsMs.push_back(reportMs(nanosecondsBetween(lastSyn[s.stream], s.time)));
        lastSyn[s.stream] = s.time;
        seenSyn[s.stream] = true;
    }
    for (const IcmpLink& l : tracker.icmpLinks())
        out[l.stream].icmpFrames.push_back(l.frame);
    return out;
}

std::string formatBytes(std::uint64_t b)
{
    if (b < 1000)
        return std::to_string(b) + " B";
    if (b < 1000 * 1000)
        return printf1("%.1f kB", static_cast<double>(b) / 1e3);
    if (b < 1000ull * 1000 * 1000)
        return printf1("%.1f MB", static_cast<double>(b) / 1e6);
    return printf1("%.2f GB", static_cast<double>(b) / 1e9);
}

std::string formatDuration(double ms)
{
    if (ms < 1)
        return printf1("%.3f ms", ms);
    if (ms < 1000)
        return printf1("%.1f ms", ms);
    if (ms < 60000)
        return printf1("%.2f s", ms / 1000);
    const auto totalSeconds = static_cast<std::uint64_t>(ms / 1000);
    if (totalSeconds < 3600)
        return std::to_string(totalSeconds / 60) + " min " + std::to_string(totalSeconds % 60) + " s";
    return std::to_string(totalSeconds / 3600) + " h " + std::to_string((totalSeconds % 3600) / 60) + " min";
}

std::string describeOpen(const ConnectionReport& r)
{
    switch (r.open) {
    case OpenKind::ThreeWay:
        return r.synRetransmissions ? "three-way handshake (SYN sent " + std::to_string(r.synRetransmissions + 1) +
                                          " times)"
                                    : "three-way handshake";
    case OpenKind::SimultaneousOpen: return "simultaneous open";
    case OpenKind::Refused: return "refused (RST)";
    case OpenKind::Rejected: return "rejected (ICMP error)";
    case OpenKind::Unanswered: {
        std::string s = "unanswered: SYN sent " + std::to_string(r.synRetransmissions + 1) +
                        (r.synRetransmissions ? " times" : " time");
        if (!r.synIntervalsMs.empty()) {
            s += " (intervals";
            for (double ms : r.synIntervalsMs)
                s += " " + formatDuration(ms);
            s += ")";
        }
        return s;
    }
    case OpenKind::Incomplete: return "incomplete handshake (no final ACK)";
    case OpenKind::NotCaptured: return "handshake not captured";
    }
    return "";
}

std::string describeClose(const ConnectionReport& r)
{
    std::string text = teardownNames(r.close).report;
    if (const std::size_t at = text.find("{who}"); at != std::string::npos) {
        const char* by = closedByName(r.closedBy);
        text.replace(at, 5, by ? by : "");
    }
    return text;
}

std::string describeConnection(const ConnectionReport& r)
{
    std::string s = "stream " + std::to_string(r.stream) + ": " + r.client + " \xe2\x86\x92 " + r.server + "  " +
                    describeOpen(r);
    const std::string close = describeClose(r);
    if (!close.empty())
        s += ", " + close;
    s += ", " + formatBytes(r.bytesClientToServer) + " \xe2\x86\x92, " + formatBytes(r.bytesServerToClient) +
         " \xe2\x86\x90, " + formatDuration(r.durationMs);
    auto states = [](const std::vector<TcpState>& v) {
        std::string t;
        for (std::size_t i = 0; i < v.size(); ++i)
            t += (i ? " \xe2\x86\x92 " : "") + std::string(tcpStateName(v[i]));
        return t;
    };
    s += "\n  client states: " + states(r.clientStates);
    s += "\n  server states: " + states(r.serverStates);
    s += "\n  frames " + std::to_string(r.firstFrame) + "-" + std::to_string(r.lastFrame) + ", " +
         std::to_string(r.packets) + (r.packets == 1 ? " packet" : " packets");
    if (r.handshakeRttMs >= 0)
        s += ", handshake RTT " + formatDuration(r.handshakeRttMs);
    if (!r.icmpFrames.empty()) {
        s += ", ICMP errors in frames";
        for (std::uint64_t f : r.icmpFrames)
            s += " " + std::to_string(f);
    }
    return s;
}

} // namespace synscope
