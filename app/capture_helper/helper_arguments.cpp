#include "helper_arguments.h"

#include "live/interfaces.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fcntl.h>
#include <set>
#include <utility>

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

// Reads the arguments one at a time; each option's value is checked by the function named for it.
class HelperArgumentParser {
public:
    HelperArgumentParser(const std::vector<std::string>& args, HelperRequest& request, std::string& error)
        : args_(args), r_(request), o_(request.options), error_(error)
    {
    }

    bool parse()
    {
        o_.inProcessOnly = true;
        for (i_ = 0; i_ < args_.size(); ++i_)
            if (!parseArgument(args_[i_]))
                return false;
        return r_.help || r_.version || checkComplete();
    }

private:
    // The value after option `a`; false (message) when it is missing.
    bool value(const std::string& a, std::string& out)
    {
        if (i_ + 1 >= args_.size()) {
            error_ = a + " needs a value (see --help)";
            return false;
        }
        out = args_[++i_];
        return true;
    }

    bool fail(std::string message)
    {
        error_ = std::move(message);
        return false;
    }

    bool parseArgument(const std::string& a)
    {
        if (a == "-h" || a == "--help")
            r_.help = true;
        else if (a == "--version")
            r_.version = true;
        else if (a == "-p")
            o_.promiscuous = false;
        else if (a == "--immediate")
            o_.immediate = true;
        else if (a == "--overwrite")
            r_.overwrite = true;
        else
            return parseOptionWithValue(a);
        return true;
    }

    bool parseOptionWithValue(const std::string& a)
    {
        using Setter = bool (HelperArgumentParser::*)(const std::string&);
        static const std::pair<const char*, Setter> kOptions[] = {
            {"-i", &HelperArgumentParser::addInterface},   {"-f", &HelperArgumentParser::setFilter},
            {"-s", &HelperArgumentParser::setSnapLength},  {"-B", &HelperArgumentParser::setBufferSize},
            {"-y", &HelperArgumentParser::setLinkType},    {"-c", &HelperArgumentParser::setPacketCount},
            {"-a", &HelperArgumentParser::setAutostop},    {"-F", &HelperArgumentParser::setFormat},
            {"-w", &HelperArgumentParser::setOutput},      {"--status-fd", &HelperArgumentParser::setStatusFd},
        };
        for (const auto& [name, set] : kOptions) {
            if (a != name)
                continue;
            std::string v;
            return value(a, v) && (this->*set)(v);
        }
        return fail((a.size() > 1 && a[0] == '-' ? "unknown option \"" : "unexpected argument \"") + a +
                    "\" (see --help; a capture filter goes after -f)");
    }

    bool addInterface(const std::string& v)
    {
        if (!validInterfaceName(v))
            return fail("-i: \"" + v + "\" is not an interface name (1 to 15 characters, no spaces or '/'); "
                        "'synscope-cli interfaces' lists the interfaces");
        if (!seen_.insert(v).second)
            return fail("-i: interface " + v + " is given twice");
        if (o_.interfaces.size() == kMaxInterfaces)
            return fail("-i: at most " + std::to_string(kMaxInterfaces) + " interfaces at once");
        o_.interfaces.push_back(v);
        return true;
    }

    bool setFilter(const std::string& v)
    {
        if (haveFilter_)
            return fail("-f: give one capture filter");
        if (v.size() > kMaxFilterBytes)
            return fail("-f: the capture filter is longer than " + std::to_string(kMaxFilterBytes) + " bytes");
        haveFilter_ = true;
        o_.filter = v;
        return true;
    }

    bool setSnapLength(const std::string& v)
    {
        unsigned long long n = 0;
        if (!parseUnsigned(v, 262144, n) || n == 0)
            return fail("-s: the snapshot length must be 1 to 262144 bytes, not \"" + v + "\"");
        o_.snapLength = static_cast<int>(n);
        return true;
    }

    bool setBufferSize(const std::string& v)
    {
        unsigned long long n = 0;
        if (!parseUnsigned(v, 1u << 20, n) || n == 0)
            return fail("-B: the kernel buffer must be 1 to 1048576 KiB, not \"" + v + "\"");
        o_.bufferSizeKiB = static_cast<std::uint32_t>(n);
        return true;
    }

    bool setLinkType(const std::string& v)
    {
        const std::int64_t type = linkTypeFromName(v);
        if (type < 0 || type > 0xffff)
            return fail("-y: unknown link type \"" + v + "\" (a name as tcpdump -L prints it, e.g. EN10MB, "
                        "LINUX_SLL2, or a number up to 65535)");
        o_.linkType = static_cast<std::int32_t>(type);
        return true;
    }

    bool setPacketCount(const std::string& v)
    {
        unsigned long long n = 0;
        if (!parseUnsigned(v, ~0ull >> 1, n) || n == 0)
            return fail("-c: expects a positive number of packets, not \"" + v + "\"");
        o_.stopAfterPackets = n;
        return true;
    }

    // -a duration:SECONDS, filesize:KB or packets:N.
    bool setAutostop(const std::string& v)
    {
        const auto colon = v.find(':');
        const std::string key = v.substr(0, colon == std::string::npos ? v.size() : colon);
        const std::string number = colon == std::string::npos ? "" : v.substr(colon + 1);
        unsigned long long n = 0;
        if (key == "duration") {
            char* end = nullptr;
            errno = 0;
            const double s = std::strtod(number.c_str(), &end);
            if (number.empty() || *end != '\0' || errno != 0 || !std::isfinite(s) || s <= 0 || s > 1e8)
                return fail("-a duration: expects a positive number of seconds (at most 1e8), not \"" + number + "\"");
            o_.stopAfterSeconds = s;
        } else if (key == "filesize") {
            if (!parseUnsigned(number, (~0ull >> 1) / 1000, n) || n == 0)
                return fail("-a filesize: expects a positive number of KB (1000 bytes), not \"" + number + "\"");
            o_.stopAfterBytes = n * 1000;
        } else if (key == "packets") {
            if (!parseUnsigned(number, ~0ull >> 1, n) || n == 0)
                return fail("-a packets: expects a positive number of packets, not \"" + number + "\"");
            o_.stopAfterPackets = n;
        } else {
            return fail("-a expects duration:SECONDS, filesize:KB or packets:N, not \"" + v + "\"");
        }
        return true;
    }

    bool setFormat(const std::string& v)
    {
        if (v != "pcapng" && v != "pcap")
            return fail("-F: the format is pcapng or pcap, not \"" + v + "\"");
        haveFormat_ = true;
        o_.format = v == "pcap" ? LiveOptions::Format::Pcap : LiveOptions::Format::PcapNg;
        return true;
    }

    bool setOutput(const std::string& v)
    {
        if (haveOutput_)
            return fail("-w: give one output");
        if (v.empty() || v.size() >= 4096)
            return fail("-w: the output must be a file name (shorter than 4096 bytes) or - (standard output)");
        haveOutput_ = true;
        r_.output = v;
        return true;
    }

    bool setStatusFd(const std::string& v)
    {
        unsigned long long n = 0;
        // 0 and 1 are the input and the capture; a descriptor must be open already.
        if (!parseUnsigned(v, 1024, n) || n < 2 || ::fcntl(static_cast<int>(n), F_GETFD) < 0)
            return fail("--status-fd: \"" + v + "\" is not an open descriptor from 2 to 1024");
        r_.statusFd = static_cast<int>(n);
        return true;
    }

    // After the last argument: what must be there, and what does not go together.
    bool checkComplete()
    {
        if (o_.interfaces.empty())
            return fail("name an interface to capture on with -i ('synscope-cli interfaces' lists them)");
        if (!haveOutput_)
            return fail("say where the capture goes: -w FILE, or -w - for standard output");
        if (r_.overwrite && r_.output == "-")
            return fail("--overwrite applies to -w FILE, not to standard output");
        o_.outputPath = r_.output == "-" ? "standard output" : r_.output;
        if (!haveFormat_ && r_.output == "-")
            o_.format = LiveOptions::Format::PcapNg;
        if (writesClassicPcap(o_) && o_.interfaces.size() > 1)
            return fail("a pcap file holds one interface; capture several as pcapng (-F pcapng)");
        return true;
    }

    const std::vector<std::string>& args_;
    HelperRequest& r_;
    LiveOptions& o_;
    std::string& error_;
    std::size_t i_ = 0;
    bool haveFilter_ = false, haveFormat_ = false, haveOutput_ = false;
    std::set<std::string> seen_;
};

} // namespace

bool parseHelperArguments(const std::vector<std::string>& args, HelperRequest& r, std::string& error)
{
    return HelperArgumentParser(args, r, error).parse();
}

} // namespace synscope::helper
