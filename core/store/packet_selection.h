#pragma once
// Which packets an export (or any other pass) takes: frame ranges as Wireshark writes them
// ("1-100,250,400-"), and every packet of chosen TCP connections, retransmissions and the ICMP
// errors quoting them included.
#include "store/packet_store.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace synscope {

// Frames first..last, numbered from 1, both included; an open end ("400-") runs to the last packet.
struct FrameRange {
    std::uint64_t first = 1;
    std::uint64_t last = UINT64_MAX;
};

// Parses "1-100,250,400-" (also "-50" for 1-50; spaces allowed). False with `error` naming the bad part.
bool parseFrameRanges(std::string_view text, std::vector<FrameRange>& out, std::string& error);
bool inFrameRanges(const std::vector<FrameRange>& ranges, std::uint64_t frame);

// 0-based indexes, ascending, of every loaded packet that belongs to one of `streams` (SynScope's TCP
// stream numbers, which are Wireshark's tcp.stream), including the ICMP errors linked to them.
std::vector<std::uint32_t> packetsOfStreams(const PacketStore& store, const std::vector<std::uint32_t>& streams);

} // namespace synscope
