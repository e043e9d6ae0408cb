#include "filter/bpf_filter.h"

#include "common/link_types.h"

#include <cstdio>
#include <mutex>
#include <pcap/pcap.h>

namespace synscope {

struct BpfFilter::Program {
    bpf_program program{};
    ~Program() { pcap_freecode(&program); }
};

BpfFilter::BpfFilter() = default;
BpfFilter::~BpfFilter() = default;
BpfFilter::BpfFilter(BpfFilter&&) noexcept = default;
BpfFilter& BpfFilter::operator=(BpfFilter&&) noexcept = default;

int dltForLinkType(std::uint32_t linkType)
{
    switch (linkType) {
    case linktype::kRaw:
    case linktype::kRawAlt12:
    case linktype::kRawAlt14: return DLT_RAW;
    default: return static_cast<int>(linkType);
    }
}

std::mutex& bpfCompilerMutex()
{
    static std::mutex compilerMutex;
    return compilerMutex;
}

namespace {

// A pcap_t of the given link type that libpcap believes reads a savefile. The filter compiler looks at
// that: for DLT_NULL/DLT_LOOP it then accepts every BSD value of AF_INET6 (24, 28, 30) that files written
// on other systems hold, as tcpdump -r does, instead of only this host's AF_INET6. The "file" is a bare
// pcap file header in memory, in this host's byte order.
pcap_t* openSavefileHandle(int dlt, char* errbuf)
{
    struct FileHeader {
        std::uint32_t magic = 0xa1b2c3d4;
        std::uint16_t major = 2, minor = 4;
        std::int32_t thiszone = 0;
        std::uint32_t sigfigs = 0, snaplen = 262144;
        std::uint32_t linktype = 0;
    } header;
    header.linktype = static_cast<std::uint32_t>(dlt);
    static_assert(sizeof(FileHeader) == 24);
    FILE* memory = fmemopen(&header, sizeof header, "rb");
    if (!memory)
        return nullptr;
    // On success pcap_close() closes `memory`; on failure it is still ours.
    pcap_t* handle = pcap_fopen_offline(memory, errbuf);
    if (!handle)
        std::fclose(memory);
    return handle;
}

// Compiles into `out`; returns false with libpcap's message.
bool compileFor(const std::string& expression, std::uint32_t linkType, bpf_program& out, std::string& error)
{
    // The filter bar checks expressions on a pool thread while the engine compiles on its own.
    std::lock_guard<std::mutex> lock(bpfCompilerMutex());
    const int dlt = dltForLinkType(linkType);
    char errbuf[PCAP_ERRBUF_SIZE] = {};
    pcap_t* handle = openSavefileHandle(dlt, errbuf);
    if (!handle)
        handle = pcap_open_dead(dlt, 262144);
    if (!handle) {
        error = "libpcap cannot handle link type " + std::to_string(linkType);
        return false;
    }
    const int rc = pcap_compile(handle, &out, expression.c_str(), 1, PCAP_NETMASK_UNKNOWN);
    if (rc != 0)
        error = pcap_geterr(handle);
    pcap_close(handle);
    return rc == 0;
}

} // namespace

bool BpfFilter::check(const std::string& expression, std::uint32_t linkType, std::string& error)
{
    bpf_program p{};
    if (!compileFor(expression, linkType, p, error))
        return false;
    pcap_freecode(&p);
    return true;
}

bool BpfFilter::compile(const std::string& expression, const std::vector<std::uint32_t>& linkTypes,
                        std::string& error)
{
    programs_.clear();
    expression_ = expression;
    if (expression.find_first_not_of(" \t\r\n") == std::string::npos) {
        expression_.clear();
        return true;
    }
    for (std::uint32_t lt : linkTypes) {
        if (!addLinkType(lt, error)) {
            programs_.clear();
            expression_.clear();
            return false;
        }
    }
    return true;
}

bool BpfFilter::addLinkType(std::uint32_t linkType, std::string& error)
{
    if (expression_.empty() || programs_.count(linkType))
        return true;
    auto p = std::make_unique<Program>();
    if (!compileFor(expression_, linkType, p->program, error)) {
        const char* name = linktype::name(linkType);
        error += " (link type " + std::to_string(linkType) + (name ? std::string(", ") + name : std::string()) + ")";
        return false;
    }
    programs_.emplace(linkType, std::move(p));
    return true;
}

bool BpfFilter::matches(std::uint32_t linkType, std::span<const std::uint8_t> frame, std::uint32_t originalLength) const
{
    if (expression_.empty())
        return true;
    auto it = programs_.find(linkType);
    if (it == programs_.end())
        return false;
    pcap_pkthdr h{};
    h.caplen = static_cast<bpf_u_int32>(frame.size());
    h.len = originalLength;
    return pcap_offline_filter(&it->second->program, &h, frame.data()) != 0;
}

} // namespace synscope
