#include "helper_arguments.h"

#include "live/interfaces.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fcntl.h>
#include <set>

namespace synscope::helper {

const char* const kHelperUsage =
    "Usage: synscope-capture -i IFACE [-i IFACE]... -w FILE|- [options]\n"
    "\n"
    "SynScope's capture helper: opens the interfaces with its capture capabilities, gives up every\n"
    "capability, and writes the packets as pcapng (or pcap) to FILE or to standard output.\n"
    "\n"
    "  -i IFACE             interface to capture on; repeat for several (one pcapng, one IDB each)\n"
    "  -f FILTER            capture filter (tcpdump/BPF syntax)\n"
    "  -s BYTES             snapshot length, 1 to 262144 (default 262144)\n"
    "  -B KIB               kernel buffer in KiB, 1 to 1048576 (default 32768)\n"
    "  -p                   do not put the interfaces into promiscuous mode\n"
    "  --immediate          hand over each packet at once instead of in blocks\n"
    "  -y LINKTYPE          link type by name (EN10MB, LINUX_SLL2) or number\n"
    "  -c N                 stop after N packets\n"
    "  -a COND              stop at duration:SECONDS, filesize:KB (1000 bytes) or packets:N\n"
    "  -F pcapng|pcap       file format (default: pcap when FILE ends in .pcap, else pcapng)\n"
    "  -w FILE|-            where the capture goes; an existing FILE is refused unless --overwrite\n"
    "  --overwrite          replace FILE when it exists (a regular file, not a symbolic link)\n"
    "  --status-fd N        machine-readable status lines on descriptor N (see synscope-capture(1))\n"
    "  -h, --help           this text\n"
    "  --version            the version\n"
    "\n"
    "SIGINT, SIGTERM or SIGHUP stop the capture with every packet before them written.\n"
    "Exit status: 0 success, 1 the capture failed or was not permitted, 2 a bad argument.\n";

namespace {

constexpr std::size_t kMaxInterfaces = 64;
constexpr std::size_t kMaxFilterBytes = 65536;
constexpr std::size_t kMaxInterfaceName = 15; // IFNAMSIZ - 1

bool parseUnsigned(const std::string& text, unsigned long long max, unsigned long long& out)
{
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || text.size() > 19)
        return false;
    errno = 0;
    out = std::strtoull(text.c_str(), nullptr, 10);
    return errno == 0 && out <= max;
}

bool validInterfaceName(const std::string& name)
{
    if (name.empty() || name.size() > kMaxInterfaceName)
        return false;
    for (unsigned char c : name)
        if (c <= ' ' || c >= 0x7f || c == '/')
            return false;
    return true;
}

} // namespace

bool parseHelperArguments(const std::vector<std::string>& args, HelperRequest& r, std::string& error)
{
    LiveOptions& o = r.options;
    o.inProcessOnly = true;
    bool haveFilter = false, haveFormat = false, haveOutput = false;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](std::string& out) {
            if (i + 1 >= args.size()) {
                error = a + " needs a value (see --help)";
                return false;
            }
            out = args[++i];
            return true;
        };
        std::string v;
        unsigned long long n = 0;
        if (a == "-h" || a == "--help") {
            r.help = true;
        } else if (a == "--version") {
            r.version = true;
        } else if (a == "-i") {
            if (!value(v))
                return false;
            if (!validInterfaceName(v)) {
                error = "-i: \"" + v + "\" is not an interface name (1 to 15 characters, no spaces or '/'); "
                        "'synscope-cli interfaces' lists the interfaces";
                return false;
            }
            if (!seen.insert(v).second) {
                error = "-i: interface " + v + " is given twice";
                return false;
            }
            if (o.interfaces.size() == kMaxInterfaces) {
                error = "-i: at most " + std::to_string(kMaxInterfaces) + " interfaces at once";
                return false;
            }
            o.interfaces.push_back(v);
        } else if (a == "-f") {
            if (!value(v))
                return false;
            if (haveFilter) {
                error = "-f: give one capture filter";
                return false;
            }
            if (v.size() > kMaxFilterBytes) {
                error = "-f: the capture filter is longer than " + std::to_string(kMaxFilterBytes) + " bytes";
                return false;
            }
            haveFilter = true;
            o.filter = v;
        } else if (a == "-s") {
            if (!value(v))
                return false;
            if (!parseUnsigned(v, 262144, n) || n == 0) {
                error = "-s: the snapshot length must be 1 to 262144 bytes, not \"" + v + "\"";
                return false;
            }
            o.snapLength = static_cast<int>(n);
        } else if (a == "-B") {
            if (!value(v))
                return false;
            if (!parseUnsigned(v, 1u << 20, n) || n == 0) {
                error = "-B: the kernel buffer must be 1 to 1048576 KiB, not \"" + v + "\"";
                return false;
            }
            o.bufferSizeKiB = static_cast<std::uint32_t>(n);
        } else if (a == "-p") {
            o.promiscuous = false;
        } else if (a == "--immediate") {
            o.immediate = true;
        } else if (a == "-y") {
            if (!value(v))
                return false;
            const std::int64_t type = linkTypeFromName(v);
            if (type < 0 || type > 0xffff) {
                error = "-y: unknown link type \"" + v + "\" (a name as tcpdump -L prints it, e.g. EN10MB, "
                        "LINUX_SLL2, or a number up to 65535)";
                return false;
            }
            o.linkType = static_cast<std::int32_t>(type);
        } else if (a == "-c") {
            if (!value(v))
                return false;
            if (!parseUnsigned(v, ~0ull >> 1, n) || n == 0) {
                error = "-c: expects a positive number of packets, not \"" + v + "\"";
                return false;
            }
            o.stopAfterPackets = n;
        } else if (a == "-a") {
            if (!value(v))
                return false;
            const auto colon = v.find(':');
            const std::string key = v.substr(0, colon == std::string::npos ? v.size() : colon);
            const std::string number = colon == std::string::npos ? "" : v.substr(colon + 1);
            if (key == "duration") {
                char* end = nullptr;
                errno = 0;
                const double s = std::strtod(number.c_str(), &end);
                if (number.empty() || *end != '\0' || errno != 0 || !std::isfinite(s) || s <= 0 || s > 1e8) {
                    error = "-a duration: expects a positive number of seconds (at most 1e8), not \"" + number + "\"";
                    return false;
                }
                o.stopAfterSeconds = s;
            } else if (key == "filesize") {
                if (!parseUnsigned(number, (~0ull >> 1) / 1000, n) || n == 0) {
                    error = "-a filesize: expects a positive number of KB (1000 bytes), not \"" + number + "\"";
                    return false;
                }
                o.stopAfterBytes = n * 1000;
            } else if (key == "packets") {
                if (!parseUnsigned(number, ~0ull >> 1, n) || n == 0) {
                    error = "-a packets: expects a positive number of packets, not \"" + number + "\"";
                    return false;
                }
                o.stopAfterPackets = n;
            } else {
                error = "-a expects duration:SECONDS, filesize:KB or packets:N, not \"" + v + "\"";
                return false;
            }
        } else if (a == "-F") {
            if (!value(v))
                return false;
            if (v != "pcapng" && v != "pcap") {
                error = "-F: the format is pcapng or pcap, not \"" + v + "\"";
                return false;
            }
            haveFormat = true;
            o.format = v == "pcap" ? LiveOptions::Format::Pcap : LiveOptions::Format::PcapNg;
        } else if (a == "-w") {
            if (!value(v))
                return false;
            if (haveOutput) {
                error = "-w: give one output";
                return false;
            }
            if (v.empty() || v.size() >= 4096) {
                error = "-w: the output must be a file name (shorter than 4096 bytes) or - (standard output)";
                return false;
            }
            haveOutput = true;
            r.output = v;
        } else if (a == "--overwrite") {
            r.overwrite = true;
        } else if (a == "--status-fd") {
            if (!value(v))
                return false;
            // 0 and 1 are the input and the capture; a descriptor must be open already.
            if (!parseUnsigned(v, 1024, n) || n < 2 || ::fcntl(static_cast<int>(n), F_GETFD) < 0) {
                error = "--status-fd: \"" + v + "\" is not an open descriptor from 2 to 1024";
                return false;
            }
            r.statusFd = static_cast<int>(n);
        } else {
            error = (a.size() > 1 && a[0] == '-' ? "unknown option \"" : "unexpected argument \"") + a +
                    "\" (see --help; a capture filter goes after -f)";
            return false;
        }
    }
    if (r.help || r.version)
        return true;
    if (o.interfaces.empty()) {
        error = "name an interface to capture on with -i ('synscope-cli interfaces' lists them)";
        return false;
    }
    if (!haveOutput) {
        error = "say where the capture goes: -w FILE, or -w - for standard output";
        return false;
    }
    if (r.overwrite && r.output == "-") {
        error = "--overwrite applies to -w FILE, not to standard output";
        return false;
    }
    o.outputPath = r.output == "-" ? "standard output" : r.output;
    if (!haveFormat && r.output == "-")
        o.format = LiveOptions::Format::PcapNg;
    if (writesClassicPcap(o) && o.interfaces.size() > 1) {
        error = "a pcap file holds one interface; capture several as pcapng (-F pcapng)";
        return false;
    }
    return true;
}

} // namespace synscope::helper
