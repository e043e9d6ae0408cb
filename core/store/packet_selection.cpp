#include "store/packet_selection.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace synscope {

namespace {

std::string_view trimmed(std::string_view s)
{
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

bool parseFrame(std::string_view s, std::uint64_t& out)
{
    s = trimmed(s);
    if (s.empty())
        return false;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && end == s.data() + s.size() && out > 0;
}

} // namespace

bool parseFrameRanges(std::string_view text, std::vector<FrameRange>& out, std::string& error)
{
    out.clear();
    if (trimmed(text).empty()) {
        error = "the packet range is empty (write it like 1-100,250,400-)";
        return false;
    }
    while (true) {
        const std::size_t comma = text.find(',');
        const std::string_view part = trimmed(text.substr(0, comma));
        FrameRange r;
        const std::size_t dash = part.find('-');
        bool ok;
        if (dash == std::string_view::npos) {
            ok = parseFrame(part, r.first);
            r.last = r.first;
        } else {
            const std::string_view from = trimmed(part.substr(0, dash)), to = trimmed(part.substr(dash + 1));
            ok = (from.empty() || parseFrame(from, r.first)) && (to.empty() || parseFrame(to, r.last)) &&
                 !(from.empty() && to.empty());
            if (ok && r.last < r.first) {
                error = "the packet range \"" + std::string(part) + "\" ends before it starts";
                return false;
            }
        }
        if (!ok) {
            error = "\"" + std::string(part) + "\" is not a packet number or range (write it like 1-100,250,400-; "
                    "packets are numbered from 1)";
            return false;
        }
        out.push_back(r);
        if (comma == std::string_view::npos)
            break;
        text.remove_prefix(comma + 1);
    }
    return true;
}

bool inFrameRanges(const std::vector<FrameRange>& ranges, std::uint64_t frame)
{
    for (const FrameRange& r : ranges)
        if (frame >= r.first && frame <= r.last)
            return true;
    return false;
}

std::vector<std::uint32_t> packetsOfStreams(const PacketStore& store, const std::vector<std::uint32_t>& streams)
{
    std::vector<std::uint32_t> wanted = streams;
    std::sort(wanted.begin(), wanted.end());
    std::vector<std::uint32_t> out;
    for (std::size_t i = 0; i < store.size(); ++i) {
        const TcpPacketRecord& r = store.tcpRecord(i);
        if (r.hasStream() && std::binary_search(wanted.begin(), wanted.end(), r.stream))
            out.push_back(static_cast<std::uint32_t>(i));
    }
    return out;
}

} // namespace synscope
