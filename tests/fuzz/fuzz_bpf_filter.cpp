// libFuzzer target: the BPF filter front end (BpfFilter: libpcap's compiler per link type, the
// syntax check of the filter bar, matching frames with pcap_offline_filter).
//
// Input: byte 0 picks the link type (fuzz::kLinkTypes, or one libpcap does not know), then the
// expression up to the first newline (at most 256 bytes, see below), then the frame to match.
#include "filter/bpf_filter.h"
#include "fuzz_support.h"

#include <algorithm>

using namespace synscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 1)
        return -1;
    const std::size_t pick = data[0] % (fuzz::kLinkTypeCount + 1);
    const std::uint32_t linkType = pick < fuzz::kLinkTypeCount ? fuzz::kLinkTypes[pick] : 0xfff0u;
    const auto* text = reinterpret_cast<const char*>(data + 1);
    const std::size_t rest = size - 1;
    const std::size_t exprLength = std::find(text, text + rest, '\n') - text;
    // libpcap's optimizer is exponential in the worst case: a 10 KB expression of nested "or"s can
    // take minutes in libpcap itself, which is not what this target looks for. Filters people type
    // are far shorter than this.
    if (exprLength > 256)
        return -1;
    const std::string expression(text, exprLength);
    const std::size_t frameAt = std::min(rest, exprLength + 1);
    std::vector<std::uint8_t> frame(data + 1 + frameAt, data + size); // exact size for ASan
    const auto originalLength = static_cast<std::uint32_t>(frame.size());

    std::string checkError;
    const bool checked = BpfFilter::check(expression, linkType, checkError);
    FUZZ_CHECK(checked || !checkError.empty(), "check() failed without a message");

    BpfFilter filter;
    std::string error;
    const bool compiled = filter.compile(expression, {linkType}, error);
    FUZZ_CHECK(compiled || !error.empty(), "compile() failed without a message");
    FUZZ_CHECK(compiled == checked || filter.empty(), "check() says %d, compile() says %d for \"%s\"", checked,
               compiled, expression.c_str());
    if (!compiled) {
        FUZZ_CHECK(filter.empty(), "a failed compile leaves an expression");
        return 0;
    }
    const bool m = filter.matches(linkType, frame, originalLength);
    FUZZ_CHECK(!filter.empty() || m, "an empty filter must match everything");
    // Moved, and with a second link type added the way a growing capture adds one.
    BpfFilter moved = std::move(filter);
    FUZZ_CHECK(moved.matches(linkType, frame, originalLength) == m, "a moved filter matches differently");
    const std::uint32_t other = fuzz::kLinkTypes[(pick + 1) % fuzz::kLinkTypeCount];
    if (moved.addLinkType(other, error))
        (void)moved.matches(other, frame, originalLength);
    return 0;
}
