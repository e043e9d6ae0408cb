#pragma once
// LEB128 variable-length integers: small numbers in few bytes. Used to keep idle connections' analysis
// state compact (frozen_machine.cpp).
#include <cstdint>
#include <vector>

namespace synscope {

class VarintWriter {
public:
    explicit VarintWriter(std::vector<std::uint8_t>& out) : out_(out) {}
    void put(std::uint64_t v)
    {
        while (v >= 0x80) {
            out_.push_back(static_cast<std::uint8_t>(v | 0x80));
            v >>= 7;
        }
        out_.push_back(static_cast<std::uint8_t>(v));
    }
    // Signed values by zigzag: -1 -> 1, 1 -> 2, so small magnitudes of either sign stay short.
    void putSigned(std::int64_t v)
    {
        put((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
    }
    void putByte(std::uint8_t b) { out_.push_back(b); }
    void put32(std::uint32_t v)
    {
        for (int i = 0; i < 4; ++i)
            out_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    }

private:
    std::vector<std::uint8_t>& out_;
};

// Reads what VarintWriter wrote; the caller guarantees the bytes are complete (they never leave memory).
class VarintReader {
public:
    explicit VarintReader(const std::uint8_t* p) : p_(p) {}
    std::uint64_t get()
    {
        std::uint64_t v = 0;
        for (int shift = 0;; shift += 7) {
            const std::uint8_t b = *p_++;
            v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
            if (!(b & 0x80))
                return v;
        }
    }
    std::int64_t getSigned()
    {
        const std::uint64_t u = get();
        return static_cast<std::int64_t>((u >> 1) ^ (~(u & 1) + 1));
    }
    std::uint8_t getByte() { return *p_++; }
    std::uint32_t get32()
    {
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i)
            v |= static_cast<std::uint32_t>(*p_++) << (8 * i);
        return v;
    }
    const std::uint8_t* position() const { return p_; }

private:
    const std::uint8_t* p_;
};

} // namespace synscope
