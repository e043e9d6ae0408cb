#pragma once
// The display filter: which packets of a capture a view shows. THE entry point for display filters: the
// capture engine (the packet list) and every synscope-cli command (-Y) set up and test packets through
// it. It takes an expression in a filter language and, optionally, one TCP stream, and answers whether
// packet i of a PacketStore passes.
//
// Today the language is tcpdump's (BPF, compiled by libpcap for each link type of the capture: see
// bpf_filter.h); Wireshark's display-filter language is to come beside it. The interface names no
// language's specifics: a second language is one more FilterLanguage and one more case inside.
#include "filter/bpf_filter.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

namespace synscope {

class PacketStore;

enum class FilterLanguage {
    Bpf, // tcpdump / libpcap filter expressions ("tcp port 443 and host 10.0.0.1")
};

class DisplayFilter {
public:
    // Sets the expression (blank: no expression) and the TCP stream restriction (-1: none; otherwise only
    // the packets of that stream, as the TCP analysis numbers them). The expression is checked now, for the
    // link types `store` has seen so far (or, with no store or no interface yet, Ethernet: the syntax), and
    // later for any other link type as its first packet is tested. False with `error` (the language's own
    // message) when the expression is invalid; the filter then passes every packet (inactive).
    bool set(const std::string& expression, FilterLanguage language, std::int64_t stream, const PacketStore* store,
             std::string& error);
    bool set(const std::string& expression, const PacketStore* store, std::string& error)
    {
        return set(expression, FilterLanguage::Bpf, -1, store, error);
    }
    // Passes every packet again.
    void clear();

    // False when the filter passes every packet (no expression, no stream): callers may skip the test.
    bool active() const { return stream_ >= 0 || !bpf_.empty(); }
    bool hasExpression() const { return !bpf_.empty(); }
    const std::string& expression() const { return bpf_.expression(); }
    std::int64_t stream() const { return stream_; }

    // Whether packet i (0-based) of `store` passes. A packet whose link type the expression means nothing
    // for (e.g. "ether host" on raw IP, a link type first seen in a file that grew) does not pass, and
    // failed() then holds: error() says why, naming the link type.
    bool matches(const PacketStore& store, std::size_t i)
    {
        if (stream_ >= 0 && !inStream(store, i))
            return false;
        if (bpf_.empty())
            return true;
        return matchesExpression(store, i);
    }
    bool failed() const { return failed_; }
    const std::string& error() const { return error_; }

private:
    bool inStream(const PacketStore& store, std::size_t i) const;
    bool matchesExpression(const PacketStore& store, std::size_t i);
    // Compiles the expression for one more link type; false (failed_, error_) when it is rejected.
    bool prepareLinkType(std::uint32_t linkType);

    BpfFilter bpf_;
    std::int64_t stream_ = -1;
    // The link type last tested and ready (the usual case: every packet has the same one).
    std::uint32_t readyLinkType_ = 0;
    bool haveReadyLinkType_ = false;
    // Link types the expression was rejected for, with the message: not compiled again for each packet.
    std::map<std::uint32_t, std::string> rejected_;
    bool failed_ = false;
    std::string error_;
};

} // namespace synscope
