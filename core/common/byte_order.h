#pragma once
// Unaligned loads of fixed-width integers in either byte order. Callers bounds-check first.
#include <bit>
#include <cstdint>
#include <cstring>

namespace synscope {

inline std::uint16_t loadBe16(const std::uint8_t* p) { return static_cast<std::uint16_t>((p[0] << 8) | p[1]); }
inline std::uint32_t loadBe32(const std::uint8_t* p)
{
    std::uint32_t v;
    std::memcpy(&v, p, 4);
    return std::endian::native == std::endian::little ? __builtin_bswap32(v) : v;
}
inline std::uint64_t loadBe64(const std::uint8_t* p)
{
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    return std::endian::native == std::endian::little ? __builtin_bswap64(v) : v;
}
inline std::uint16_t loadLe16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] | (p[1] << 8)); }
inline std::uint32_t loadLe32(const std::uint8_t* p)
{
    std::uint32_t v;
    std::memcpy(&v, p, 4);
    return std::endian::native == std::endian::little ? v : __builtin_bswap32(v);
}
inline std::uint64_t loadLe64(const std::uint8_t* p)
{
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    return std::endian::native == std::endian::little ? v : __builtin_bswap64(v);
}

// Reads integers of a file whose byte order is known only at run time (pcap and pcapng sections).
struct FileByteOrder {
    bool bigEndian = false;
    std::uint16_t u16(const std::uint8_t* p) const { return bigEndian ? loadBe16(p) : loadLe16(p); }
    std::uint32_t u32(const std::uint8_t* p) const { return bigEndian ? loadBe32(p) : loadLe32(p); }
    std::uint64_t u64(const std::uint8_t* p) const { return bigEndian ? loadBe64(p) : loadLe64(p); }
};

} // namespace synscope
