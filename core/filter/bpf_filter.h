#pragma once
// tcpdump/BPF filter expressions, compiled by libpcap for each link type present in a capture and run
// with pcap_offline_filter, so "-Y" means exactly what it means to tcpdump.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

struct bpf_program;

namespace synscope {

class BpfFilter {
public:
    BpfFilter();
    ~BpfFilter();
    BpfFilter(BpfFilter&&) noexcept;
    BpfFilter& operator=(BpfFilter&&) noexcept;

    // Compiles `expression` for every link type in `linkTypes`. On failure `error` holds libpcap's
    // message (with the link type when only some of them reject the expression).
    bool compile(const std::string& expression, const std::vector<std::uint32_t>& linkTypes, std::string& error);
    // Compiles for one more link type (a live capture or a file that grows); same error convention.
    bool addLinkType(std::uint32_t linkType, std::string& error);
    // True when no expression is set or the packet matches it.
    bool matches(std::uint32_t linkType, std::span<const std::uint8_t> frame, std::uint32_t originalLength) const;
    bool empty() const { return expression_.empty(); }
    const std::string& expression() const { return expression_; }

    // Checks syntax only (for a filter bar), against the given link type.
    static bool check(const std::string& expression, std::uint32_t linkType, std::string& error);

private:
    struct Program;
    std::string expression_;
    std::map<std::uint32_t, std::unique_ptr<Program>> programs_;
};

// libpcap's filter compiler keeps global parser state: every pcap_compile() in the program holds this.
std::mutex& bpfCompilerMutex();

// The DLT_ value libpcap's compiler expects for a LINKTYPE_ value from a file.
int dltForLinkType(std::uint32_t linkType);

} // namespace synscope
