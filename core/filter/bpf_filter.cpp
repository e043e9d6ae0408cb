#include "bpf_filter.h"

#include "common/link_types.h"

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

// Compiles into `out`; returns false with libpcap's message.
bool compileFor(const std::string& expression, std::uint32_t linkType, bpf_program& out, std::string& error)
{
    // The filter bar checks expressions on a pool thread while the engine compiles on its own.
    std::lock_guard<std::mutex> lock(bpfCompilerMutex());
    pcap_t* dead = pcap_open_dead(dltForLinkType(linkType), 262144);
    if (!dead) {
        error = "libpcap cannot handle link type " + std::to_string(linkType);
        return false;
    }
    const int rc = pcap_compile(dead, &out, expression.c_str(), 1, PCAP_NETMASK_UNKNOWN);
    if (rc != 0)
        error = pcap_geterr(dead);
    pcap_close(dead);
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
