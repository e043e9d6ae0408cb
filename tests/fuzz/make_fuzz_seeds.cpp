// synscope-make-fuzz-seeds OUTDIR [CORPUS_DIR]: writes the seed corpus of every fuzz target, one
// folder per target (OUTDIR/capture_reader, OUTDIR/decode_ethernet, ..., OUTDIR/bpf_filter), made with
// the project's capture builder: the bundled sample, every TCP scenario over IPv4 and IPv6, each
// carried by every link type, in pcap and pcapng. With CORPUS_DIR (../shared/corpus), the packets of
// its captures are added too: the files themselves (reader), their frames (decoders, by link type)
// and their packet sequences (TCP analysis). Deterministic: the same inputs give the same seeds.
#include "capture/capture_reader.h"
#include "common/byte_order.h"
#include "common/link_types.h"
#include "sample_capture.h"
#include "tcp_scenarios.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>

using namespace synscope;
using namespace synscope::testkit;
namespace fs = std::filesystem;

namespace {

// Same order as fuzz::kLinkTypes (fuzz_support.h): the analysis seeds name link types by index.
constexpr std::uint32_t kLinkTypes[] = {linktype::kEthernet, linktype::kLinuxSll, linktype::kLinuxSll2,
                                        linktype::kNull,     linktype::kLoop,     linktype::kRaw,
                                        linktype::kIpv4,     linktype::kIpv6};

std::string decodeTarget(std::uint32_t linkType)
{
    switch (linkType) {
    case linktype::kEthernet: return "decode_ethernet";
    case linktype::kLinuxSll: return "decode_sll";
    case linktype::kLinuxSll2: return "decode_sll2";
    case linktype::kNull:
    case linktype::kLoop: return "decode_null";
    case linktype::kRaw:
    case linktype::kRawAlt12:
    case linktype::kRawAlt14:
    case linktype::kIpv4:
    case linktype::kIpv6: return "decode_raw";
    default: return {};
    }
}

int linkTypeIndex(std::uint32_t linkType)
{
    for (std::size_t i = 0; i < std::size(kLinkTypes); ++i)
        if (kLinkTypes[i] == linkType)
            return static_cast<int>(i);
    return -1;
}

class SeedWriter {
public:
    explicit SeedWriter(fs::path root) : root_(std::move(root)) {}
    // Writes `bytes` as a seed of `target`, once per distinct content.
    void add(const std::string& target, const Bytes& bytes)
    {
        if (!seen_[target].insert(bytes).second)
            return;
        const fs::path dir = root_ / target;
        fs::create_directories(dir);
        char name[32];
        std::snprintf(name, sizeof name, "seed-%05zu", count_[target]++);
        std::ofstream(dir / name, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                                          static_cast<std::streamsize>(bytes.size()));
    }
    void addFile(const std::string& target, const fs::path& file)
    {
        std::ifstream in(file, std::ios::binary);
        add(target, Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()));
    }
    std::size_t count(const std::string& target) const
    {
        auto it = count_.find(target);
        return it == count_.end() ? 0 : it->second;
    }
    const fs::path& root() const { return root_; }

private:
    fs::path root_;
    std::map<std::string, std::set<Bytes>> seen_;
    std::map<std::string, std::size_t> count_;
};

struct Frame {
    std::uint32_t linkType;
    Bytes bytes;
    std::uint32_t originalLength;
    std::int64_t timeNs;
};

// The IP packet inside an untagged Ethernet frame, or empty.
Bytes ipOf(const Bytes& ethernetFrame, std::uint16_t& etherType)
{
    if (ethernetFrame.size() < 14)
        return {};
    etherType = loadBe16(ethernetFrame.data() + 12);
    if (etherType != 0x0800 && etherType != 0x86dd)
        return {};
    return Bytes(ethernetFrame.begin() + 14, ethernetFrame.end());
}

// The same frame carried by another link type (only frames with an IP packet change carrier).
Bytes carry(std::uint32_t linkType, const Bytes& ethernetFrame)
{
    std::uint16_t etherType = 0;
    const Bytes ip = ipOf(ethernetFrame, etherType);
    if (linkType == linktype::kEthernet || ip.empty())
        return linkType == linktype::kEthernet ? ethernetFrame : Bytes{};
    const bool v6 = etherType == 0x86dd;
    switch (linkType) {
    case linktype::kLinuxSll: return linuxSll(0, mac(0x23), etherType, ip);
    case linktype::kLinuxSll2: return linuxSll2(etherType, 2, 0, mac(0x23), ip);
    case linktype::kNull: return nullLoopback(v6 ? 30 : 2, false, ip);
    case linktype::kLoop: return nullLoopback(v6 ? 24 : 2, true, ip);
    case linktype::kRaw: return ip;
    case linktype::kIpv4: return v6 ? Bytes{} : ip;
    case linktype::kIpv6: return v6 ? ip : Bytes{};
    default: return {};
    }
}

std::vector<Frame> framesOf(const CaptureScript& s)
{
    std::vector<Frame> out;
    for (const ScriptPacket& p : s.packets())
        out.push_back({s.interfaces()[p.interfaceIndex].linkType, p.data, p.originalLength, p.time.toNanoseconds()});
    return out;
}

// A decoder seed: the option byte (checksums and DNS on, bytes not captured), then the frame.
Bytes decodeSeed(const Frame& f)
{
    Bytes b;
    const std::uint32_t missing = f.originalLength > f.bytes.size() ? f.originalLength - f.bytes.size() : 0;
    b.push_back(static_cast<std::uint8_t>(std::min<std::uint32_t>(missing, 63) << 2));
    b.insert(b.end(), f.bytes.begin(), f.bytes.end());
    return b;
}

// An analysis seed (format in fuzz_tcp_analysis.cpp); at most `maxBytes` long.
Bytes analysisSeed(int linkTypeIndex, std::uint8_t flags, const std::vector<Frame>& frames, std::size_t maxBytes)
{
    Bytes b{static_cast<std::uint8_t>(linkTypeIndex), flags};
    std::int64_t previous = frames.empty() ? 0 : frames[0].timeNs;
    bool first = true;
    for (const Frame& f : frames) {
        const std::size_t n = std::min<std::size_t>(f.bytes.size(), 0xffff);
        if (b.size() + 13 + n > maxBytes)
            break;
        b.push_back(static_cast<std::uint8_t>(n >> 8));
        b.push_back(static_cast<std::uint8_t>(n));
        const std::int64_t stepMs = (f.timeNs - previous) / 1000000;
        if (first || stepMs < -32767 || stepMs > 32767) {
            b.push_back(0x80);
            b.push_back(0x00);
        } else {
            b.push_back(static_cast<std::uint8_t>(static_cast<std::uint16_t>(stepMs) >> 8));
            b.push_back(static_cast<std::uint8_t>(stepMs));
        }
        const std::uint32_t missing = f.originalLength > n ? f.originalLength - n : 0;
        b.push_back(static_cast<std::uint8_t>(std::min<std::uint32_t>(missing, 255)));
        if (first || stepMs < -32767 || stepMs > 32767) {
            const auto t = static_cast<std::uint64_t>(f.timeNs);
            for (int k = 7; k >= 0; --k)
                b.push_back(static_cast<std::uint8_t>(t >> (8 * k)));
        }
        b.insert(b.end(), f.bytes.begin(), f.bytes.begin() + static_cast<std::ptrdiff_t>(n));
        previous = f.timeNs;
        first = false;
    }
    return b;
}

struct Scenario {
    const char* name;
    std::function<void(CaptureScript&, const ScenarioOptions&)> script;
};

std::vector<Scenario> scenarios()
{
    return {
        {"four-way-client", [](CaptureScript& s, const ScenarioOptions& o) { fourWayClose(s, Side::Client, o); }},
        {"four-way-server", [](CaptureScript& s, const ScenarioOptions& o) { fourWayClose(s, Side::Server, o); }},
        {"three-way", [](CaptureScript& s, const ScenarioOptions& o) { threeWayClose(s, Side::Server, o); }},
        {"simultaneous", [](CaptureScript& s, const ScenarioOptions& o) { simultaneousClose(s, o); }},
        {"reset", [](CaptureScript& s, const ScenarioOptions& o) { resetClose(s, Side::Client, o); }},
        {"fin-reset", [](CaptureScript& s, const ScenarioOptions& o) { finAnsweredByReset(s, Side::Client, o); }},
        {"half-closed", [](CaptureScript& s, const ScenarioOptions& o) { halfClosed(s, Side::Server, o); }},
        {"open", [](CaptureScript& s, const ScenarioOptions& o) { stillOpen(s, o); }},
        {"refused", [](CaptureScript& s, const ScenarioOptions& o) { refused(s, o); }},
        {"rejected", [](CaptureScript& s, const ScenarioOptions& o) { rejected(s, o); }},
        {"unanswered", [](CaptureScript& s, const ScenarioOptions& o) { unanswered(s, 3, o); }},
        {"incomplete", [](CaptureScript& s, const ScenarioOptions& o) { incompleteHandshake(s, o); }},
        {"simultaneous-open", [](CaptureScript& s, const ScenarioOptions& o) { simultaneousOpen(s, o); }},
        {"mid-connection", [](CaptureScript& s, const ScenarioOptions& o) { midConnection(s, o); }},
        {"port-reuse", [](CaptureScript& s, const ScenarioOptions& o) { portReuse(s, o); }},
    };
}

// A capture of `frames` (Ethernet) carried by `linkType`, as a script.
CaptureScript recarried(std::uint32_t linkType, const std::vector<Frame>& frames)
{
    CaptureScript s(linkType);
    for (const Frame& f : frames) {
        const Bytes b = carry(linkType, f.bytes);
        if (b.empty())
            continue;
        s.setTime(Timestamp{f.timeNs / 1000000000, static_cast<std::uint32_t>(f.timeNs % 1000000000)});
        s.add(b);
    }
    return s;
}

std::string writeCapture(const CaptureScript& s, const fs::path& dir, const std::string& name, CaptureFileFormat format)
{
    std::string error;
    const fs::path path = dir / name;
    if (!s.write(path.string(), format, error)) {
        std::fprintf(stderr, "synscope-make-fuzz-seeds: %s\n", error.c_str());
        std::exit(1);
    }
    return path.string();
}

void addBuiltCaptures(SeedWriter& out, const fs::path& scratch)
{
    std::vector<std::pair<std::string, std::vector<Frame>>> all;
    all.emplace_back("sample", framesOf(buildSampleCapture()));
    for (const Scenario& sc : scenarios())
        for (bool v6 : {false, true}) {
            CaptureScript s;
            ScenarioOptions o;
            o.ipv6 = v6;
            sc.script(s, o);
            all.emplace_back(std::string(sc.name) + (v6 ? "-v6" : "-v4"), framesOf(s));
        }

    for (const auto& [name, frames] : all) {
        for (std::size_t li = 0; li < std::size(kLinkTypes); ++li) {
            const std::uint32_t lt = kLinkTypes[li];
            const CaptureScript s = recarried(lt, frames);
            if (s.packets().empty())
                continue;
            const std::vector<Frame> carried = framesOf(s);
            // Decoders: every frame.
            for (const Frame& f : carried)
                out.add(decodeTarget(lt), decodeSeed(f));
            // Analysis: the whole exchange, plain and presented.
            out.add("tcp_analysis", analysisSeed(static_cast<int>(li), 0x01, carried, 16384));
            out.add("tcp_analysis", analysisSeed(static_cast<int>(li), 0x03, carried, 16384));
            // Reader: the sample in every format and link type; scenarios as pcapng (Ethernet) and pcap.
            if (name == "sample" || lt == linktype::kEthernet) {
                out.addFile("capture_reader", writeCapture(s, scratch, "c.pcapng", CaptureFileFormat::PcapNg));
                out.addFile("capture_reader", writeCapture(s, scratch, "c.pcap", CaptureFileFormat::Pcap));
            }
        }
    }

    // The reader: pcapng with interfaces of several link types, nanosecond time stamps, comments and a
    // snapshot length that cut packets; classic pcap with nanoseconds.
    {
        const std::vector<Frame>& sample = all.front().second;
        CaptureScript s(linktype::kEthernet);
        const int sll2 = s.addInterface(linktype::kLinuxSll2, "any", true);
        const int raw = s.addInterface(linktype::kRaw, "tun0");
        for (std::size_t i = 0; i < sample.size() && i < 24; ++i) {
            const Frame& f = sample[i];
            s.setTime(Timestamp{f.timeNs / 1000000000, static_cast<std::uint32_t>(f.timeNs % 1000000000)});
            const int iface = static_cast<int>(i % 3);
            const std::uint32_t lt = iface == 0 ? linktype::kEthernet : iface == sll2 ? linktype::kLinuxSll2 : linktype::kRaw;
            const Bytes b = carry(lt, f.bytes);
            if (!b.empty())
                s.add(b, static_cast<std::uint32_t>(iface == 0 ? 0 : iface == 1 ? sll2 : raw), i % 5 == 0 ? 54 : 0,
                      i % 4 == 0 ? "comment " + std::to_string(i) : std::string());
        }
        out.addFile("capture_reader", writeCapture(s, scratch, "multi.pcapng", CaptureFileFormat::PcapNg));
        // A classic pcap with nanosecond time stamps: the same file with the other magic number.
        CaptureScript few(linktype::kEthernet);
        for (std::size_t i = 0; i < sample.size() && i < 10; ++i)
            few.add(sample[i].bytes);
        const std::string path = writeCapture(few, scratch, "few.pcap", CaptureFileFormat::Pcap);
        std::ifstream in(path, std::ios::binary);
        Bytes b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (b.size() >= 4 && loadLe32(b.data()) == 0xa1b2c3d4) {
            b[0] = 0x4d;
            b[1] = 0x3c;
        }
        out.add("capture_reader", b);
    }

    // BPF: expressions people type, each with a few frames of each link type.
    const char* expressions[] = {
        "tcp port 80",
        "host 192.168.1.23 and tcp",
        "tcp[tcpflags] & (tcp-syn|tcp-fin) != 0",
        "ip6 and tcp",
        "icmp or icmp6",
        "udp port 53 or arp",
        "vlan and tcp",
        "not port 22",
        "net 192.168.0.0/16",
        "ether host 02:00:00:00:00:23",
        "ip[8] < 5",
        "tcp[13] = 18",
        "len > 100",
        "portrange 1-1024",
        "",
        "tcp port",
        "ip proto \\tcp",
        "greater 64 and less 1500",
        "ip6 protochain 6",
        "(src host 93.184.216.34 or dst port 5432) and not icmp",
    };
    const std::vector<Frame>& sample = all.front().second;
    for (std::size_t li = 0; li < std::size(kLinkTypes); ++li)
        for (std::size_t e = 0; e < std::size(expressions); ++e) {
            const Bytes frame = carry(kLinkTypes[li], sample[(e * 7 + li) % sample.size()].bytes);
            Bytes b{static_cast<std::uint8_t>(li)};
            const std::string expr = expressions[e];
            b.insert(b.end(), expr.begin(), expr.end());
            b.push_back('\n');
            b.insert(b.end(), frame.begin(), frame.end());
            out.add("bpf_filter", b);
        }
}

// Seeds from real captures: each file (reader), its frames (decoders, by link type, the first 300 per
// file), and its packets as sequences (analysis, up to 32 KiB of each file).
void addCorpus(SeedWriter& out, const fs::path& corpus)
{
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(corpus)) {
        const std::string ext = e.path().extension().string();
        if (e.is_regular_file() && (ext == ".pcap" || ext == ".pcapng" || ext == ".cap"))
            files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
        if (fs::file_size(file) <= (1u << 20))
            out.addFile("capture_reader", file);
        CaptureReader r;
        std::string error;
        if (!r.open(file.string(), error))
            continue;
        PacketIndex index;
        while (r.indexMore(index, 1 << 16) == CaptureReader::Status::More) {
        }
        std::map<std::uint32_t, std::vector<Frame>> byLinkType;
        for (std::size_t i = 0; i < index.size(); ++i) {
            const PacketRecord& p = index[i];
            const auto bytes = r.packetBytes(p);
            Frame f{r.linkTypeOf(p), Bytes(bytes.begin(), bytes.end()), p.originalLength, r.timestampNs(p)};
            auto& v = byLinkType[f.linkType];
            if (v.size() < 300)
                v.push_back(std::move(f));
        }
        for (const auto& [lt, frames] : byLinkType) {
            const std::string target = decodeTarget(lt);
            if (!target.empty())
                for (const Frame& f : frames)
                    out.add(target, decodeSeed(f));
            const int li = linkTypeIndex(lt);
            if (li >= 0)
                out.add("tcp_analysis", analysisSeed(li, 0x03, frames, 32768));
        }
    }
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2 || argc > 3) {
        std::fprintf(stderr, "usage: %s OUTDIR [CORPUS_DIR]\n", argv[0]);
        return 2;
    }
    SeedWriter out(argv[1]);
    const fs::path scratch = fs::path(argv[1]) / ".scratch";
    fs::create_directories(scratch);
    addBuiltCaptures(out, scratch);
    if (argc == 3 && fs::is_directory(argv[2]))
        addCorpus(out, argv[2]);
    fs::remove_all(scratch);
    for (const char* t : {"capture_reader", "decode_ethernet", "decode_sll", "decode_sll2", "decode_null", "decode_raw",
                          "tcp_analysis", "bpf_filter"}) {
        // Every target gets at least one seed (an empty folder would make libFuzzer start from nothing).
        if (out.count(t) == 0)
            out.add(t, Bytes{0});
        std::printf("%-16s %zu seeds\n", t, out.count(t));
    }
    return 0;
}
