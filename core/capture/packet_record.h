#pragma once
// One indexed packet: where its bytes are in the file and what the record header said.
// 24 bytes per packet; the bytes themselves stay in the mapped file.
#include <cstdint>

namespace synscope {

struct PacketRecord {
    static constexpr std::uint64_t kOffsetBits = 48;
    static constexpr std::uint64_t kOffsetMask = (std::uint64_t{1} << kOffsetBits) - 1;

    std::uint64_t offsetAndInterface = 0; // low 48 bits: file offset of the packet data; high 16: interface
    std::uint64_t ticks = 0;              // time stamp as written, in the interface's resolution (lossless)
    std::uint32_t capturedLength = 0;
    std::uint32_t originalLength = 0;

    std::uint64_t dataOffset() const { return offsetAndInterface & kOffsetMask; }
    std::uint16_t interfaceIndex() const { return static_cast<std::uint16_t>(offsetAndInterface >> kOffsetBits); }
    void setLocation(std::uint64_t offset, std::uint16_t interfaceIndex)
    {
        offsetAndInterface = (offset & kOffsetMask) | (std::uint64_t{interfaceIndex} << kOffsetBits);
    }
};
static_assert(sizeof(PacketRecord) == 24, "the index must stay compact");

} // namespace synscope
