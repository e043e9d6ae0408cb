#include "live/capture_helper_protocol.h"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace synscope {

namespace {

// A message is one line's tail: line breaks would start a new (bogus) status line.
std::string oneLine(std::string text)
{
    for (char& c : text)
        if (c == '\n' || c == '\r')
            c = ' ';
    return text;
}

// Seconds to the microsecond; the duration limit keeps all its digits (it is a user's exact request).
std::string number(double v, bool exact = false)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, exact ? "%.17g" : "%.6f", v);
    return buf;
}

} // namespace

std::vector<std::string> helperArguments(const LiveOptions& o, bool classicPcap, int statusFd)
{
    std::vector<std::string> a;
    for (const std::string& name : o.interfaces) {
        a.push_back("-i");
        a.push_back(name);
    }
    if (!o.filter.empty()) {
        a.push_back("-f");
        a.push_back(o.filter);
    }
    a.push_back("-s");
    a.push_back(std::to_string(o.snapLength));
    if (o.bufferSizeKiB > 0) {
        a.push_back("-B");
        a.push_back(std::to_string(o.bufferSizeKiB));
    }
    if (!o.promiscuous)
        a.push_back("-p");
    if (o.immediate)
        a.push_back("--immediate");
    if (o.linkType >= 0) {
        a.push_back("-y");
        a.push_back(std::to_string(o.linkType));
    }
    if (o.stopAfterPackets) {
        a.push_back("-c");
        a.push_back(std::to_string(o.stopAfterPackets));
    }
    if (o.stopAfterSeconds > 0) {
        a.push_back("-a");
        a.push_back("duration:" + number(o.stopAfterSeconds, true));
    }
    if (o.stopAfterBytes) {
        a.push_back("-a");
        a.push_back("filesize:" + std::to_string((o.stopAfterBytes + 999) / 1000)); // KB of 1000 bytes
    }
    a.push_back("-F");
    a.push_back(classicPcap ? "pcap" : "pcapng");
    a.push_back("-w");
    a.push_back("-");
    a.push_back("--status-fd");
    a.push_back(std::to_string(statusFd));
    return a;
}

std::string statusInterfaceLine(const WriterInterface& i)
{
    return "interface " + std::to_string(i.linkType) + " " + std::to_string(i.snapLength) + " " +
           (i.nanosecond ? "1 " : "0 ") + oneLine(i.name) + "\n";
}

std::string statusStatsLine(const LiveStatistics& s)
{
    return "stats " + std::to_string(s.written) + " " + std::to_string(s.bytesWritten) + " " +
           std::to_string(s.kernelReceived) + " " + std::to_string(s.kernelDropped) + " " +
           std::to_string(s.interfaceDropped) + " " + number(s.seconds) + "\n";
}

std::string statusErrorLine(const std::string& kind, const std::string& message)
{
    return "error " + kind + " " + oneLine(message) + "\n";
}

std::string statusFailureLine(const std::string& message) { return "failure " + oneLine(message) + "\n"; }

HelperStatus parseStatusLine(const std::string& line)
{
    HelperStatus s;
    std::istringstream in(line);
    std::string word;
    in >> word;
    auto rest = [&] {
        std::string text;
        std::getline(in >> std::ws, text);
        return text;
    };
    if (line == kHelperStatusVersionLine) {
        s.type = HelperStatus::Type::Version;
    } else if (word == "interface") {
        int nano = -1;
        if (in >> s.iface.linkType >> s.iface.snapLength >> nano && (nano == 0 || nano == 1)) {
            s.iface.nanosecond = nano == 1;
            s.iface.name = rest();
            if (!s.iface.name.empty())
                s.type = HelperStatus::Type::Interface;
        }
    } else if (word == "started" && line == "started") {
        s.type = HelperStatus::Type::Started;
    } else if (word == "stats") {
        LiveStatistics& t = s.stats;
        if (in >> t.written >> t.bytesWritten >> t.kernelReceived >> t.kernelDropped >> t.interfaceDropped >>
                t.seconds &&
            std::isfinite(t.seconds))
            s.type = HelperStatus::Type::Stats;
    } else if (word == "error") {
        if (in >> s.kind) {
            s.message = rest();
            s.type = HelperStatus::Type::Error;
        }
    } else if (word == "failure") {
        s.message = rest();
        s.type = HelperStatus::Type::Failure;
    } else if (line == "end") {
        s.type = HelperStatus::Type::End;
    }
    return s;
}

} // namespace synscope
