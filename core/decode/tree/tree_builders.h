#pragma once
// Internal to core/decode: the per-protocol parts of buildFieldTree().
#include "decode/byte_reader.h"
#include "decode/tree/field_tree.h"

#include <algorithm>
#include <cstdarg>

namespace synscope::tree {

// printf into a std::string.
std::string format(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

struct Ctx {
    FieldTree& tree;
    const Packet& packet;
    std::span<const std::uint8_t> frame;
    const FrameContext& frameContext;

    // The frame's bytes [offset, end), read in frame offsets; never beyond the captured bytes.
    ByteReader bytes(std::uint32_t offset, std::uint32_t end) const
    {
        return ByteReader(frame.data(), offset, std::min(end, static_cast<std::uint32_t>(frame.size())));
    }
    // The bytes of a layer's header that are present.
    ByteReader bytes(const Layer& l) const { return bytes(l.offset, l.offset + l.length); }
};

// Adds the "[truncated]" / "[Malformed: ...]" notes of a layer under its node.
void addLayerProblems(Ctx& c, int node, const Layer& l);
// The bytes as lowercase hex digit pairs, `separator` between them ("0a1b", "0a:1b").
std::string hexBytes(ByteReader bytes, const char* separator = "");
// "Flags: 0x4000, Don't fragment"-style bit lines: ".1.. .... .... .... = Don't fragment: Set".
std::string bitLine(std::uint32_t value, std::uint32_t mask, int bits, const char* label, const char* valueText);

void addEthernet(Ctx& c, const Layer& l);
void addLlc(Ctx& c, const Layer& l);
void addVlan(Ctx& c, const Layer& l);
void addLinuxSll(Ctx& c, const Layer& l);
void addNull(Ctx& c, const Layer& l);
void addPppoe(Ctx& c, const Layer& l);
void addPpp(Ctx& c, const Layer& l);
void addArp(Ctx& c, const Layer& l);
void addIpv4(Ctx& c, const Layer& l, int parent);
void addIpv6(Ctx& c, const Layer& l, int parent);
void addTcp(Ctx& c, const Layer& l, int parent);
void addUdp(Ctx& c, const Layer& l, int parent);
void addIcmp(Ctx& c, const Layer& l, int parent);
void addIcmpv6(Ctx& c, const Layer& l, int parent);
void addDns(Ctx& c, const Layer& l);
void addData(Ctx& c, const Layer& l, int parent);

const char* ipProtocolName(std::uint8_t proto);
const char* etherTypeName(std::uint16_t type);

} // namespace synscope::tree
