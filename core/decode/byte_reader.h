#pragma once
// Bounds-checked reading of packet bytes: how the decoders, the analysis' header reader and the text and
// tree builders look at a frame. As tcpdump's GET_* macros do, it makes a read past the end impossible
// instead of leaving each decoder to remember a length check: a read that does not fit yields 0 and leaves
// the reader "short" (and at its end, so nothing after it can be read either), which the decoder turns into
// its truncated or malformed result.
//
// Two shapes, both inline and as cheap as the hand-written checks they replace (they run for every packet):
// - ByteReader: a position within a range of bytes; sequential big-endian reads, skip, sub-readers.
// - FixedBytes<N>: N bytes known to be present (one run-time check), read at compile-time offsets that are
//   checked against N, for the fixed part of a header.
#include "common/byte_order.h"

#include <cstdint>
#include <cstring>
#include <span>

namespace synscope {

// N bytes that are present, or none (a header the bytes did not hold: every read yields 0 and bytes()
// nullptr). Offsets are template arguments, checked against N when compiled.
template <std::uint32_t N>
class FixedBytes {
public:
    FixedBytes() = default;
    explicit FixedBytes(const std::uint8_t* p) : p_(p), present_(p != nullptr) {}

    // Whether the bytes are there. (A flag of its own, not a null test of the pointer: it is the very
    // comparison that found the bytes, so the compiler folds the test into it.)
    explicit operator bool() const { return present_; }

    template <std::uint32_t At>
    std::uint8_t u8() const
    {
        static_assert(At + 1 <= N, "read past the end of a fixed header");
        return present_ ? p_[At] : 0;
    }
    template <std::uint32_t At>
    std::uint16_t be16() const
    {
        static_assert(At + 2 <= N, "read past the end of a fixed header");
        return present_ ? loadBe16(p_ + At) : 0;
    }
    template <std::uint32_t At>
    std::uint32_t be32() const
    {
        static_assert(At + 4 <= N, "read past the end of a fixed header");
        return present_ ? loadBe32(p_ + At) : 0;
    }
    template <std::uint32_t At>
    std::uint32_t le32() const
    {
        static_assert(At + 4 <= N, "read past the end of a fixed header");
        return present_ ? loadLe32(p_ + At) : 0;
    }
    template <std::uint32_t At>
    std::uint64_t be64() const
    {
        static_assert(At + 8 <= N, "read past the end of a fixed header");
        return present_ ? loadBe64(p_ + At) : 0;
    }
    // Bytes [At, At + Len), for addresses; nullptr when empty.
    template <std::uint32_t At, std::uint32_t Len>
    const std::uint8_t* bytes() const
    {
        static_assert(At + Len <= N, "read past the end of a fixed header");
        return present_ ? p_ + At : nullptr;
    }
    // Copies bytes [At, At + Len) to `out` (nothing when empty).
    template <std::uint32_t At, std::uint32_t Len>
    void copyTo(std::uint8_t* out) const
    {
        static_assert(At + Len <= N, "read past the end of a fixed header");
        if (present_)
            std::memcpy(out, p_ + At, Len);
    }

private:
    friend class ByteReader;
    FixedBytes(const std::uint8_t* p, bool present) : p_(p), present_(present) {}

    const std::uint8_t* p_ = nullptr;
    bool present_ = false;
};

class ByteReader {
public:
    ByteReader() = default;
    explicit ByteReader(std::span<const std::uint8_t> bytes)
        : base_(bytes.data()), pos_(0), end_(static_cast<std::uint32_t>(bytes.size()))
    {
    }
    // Bytes [begin, end) of `base` (which must hold `end` bytes). Offsets (offset(), at(), sub-readers) stay
    // those of `base`, so a decoder's reader speaks in frame offsets.
    ByteReader(const std::uint8_t* base, std::uint32_t begin, std::uint32_t end)
        : base_(base), pos_(begin <= end ? begin : end), end_(end)
    {
    }

    // Where the next read starts, and where the bytes end (offsets within the base).
    std::uint32_t offset() const { return pos_; }
    std::uint32_t end() const { return end_; }
    std::uint32_t remaining() const { return end_ - pos_; }
    bool has(std::uint32_t n) const { return n <= end_ - pos_; }
    bool atEnd() const { return pos_ == end_; }
    // A read, skip or sub-reader did not fit.
    bool isShort() const { return short_; }

    std::uint8_t u8() { return has(1) ? base_[pos_++] : fail<std::uint8_t>(); }
    std::uint16_t be16() { return has(2) ? advance(2, loadBe16(base_ + pos_)) : fail<std::uint16_t>(); }
    std::uint32_t be32() { return has(4) ? advance(4, loadBe32(base_ + pos_)) : fail<std::uint32_t>(); }
    std::uint64_t be64() { return has(8) ? advance(8, loadBe64(base_ + pos_)) : fail<std::uint64_t>(); }

    // The next N bytes as a fixed header, consumed; empty (and the reader short) when fewer remain.
    template <std::uint32_t N>
    FixedBytes<N> fixed()
    {
        if (!has(N))
            return fail<FixedBytes<N>>();
        const FixedBytes<N> f(base_ + pos_, true);
        pos_ += N;
        return f;
    }
    // The next N bytes as a fixed header, not consumed; empty when fewer remain (the reader is unchanged).
    template <std::uint32_t N>
    FixedBytes<N> peek() const
    {
        return FixedBytes<N>(base_ + pos_, has(N));
    }
    // The N bytes at `offset` of the base as a fixed header, when they lie within [offset(), end()) (the
    // reader is unchanged).
    template <std::uint32_t N>
    FixedBytes<N> peekAt(std::uint32_t offset) const
    {
        const bool present = offset >= pos_ && offset <= end_ && N <= end_ - offset;
        return FixedBytes<N>(present ? base_ + offset : base_, present);
    }
    // The next byte, not consumed; 0 at the end.
    std::uint8_t peekU8() const { return has(1) ? base_[pos_] : 0; }

    bool skip(std::uint32_t n)
    {
        if (!has(n))
            return fail<bool>();
        pos_ += n;
        return true;
    }
    // The next n bytes, consumed: a pointer for copying them out, nullptr (and short) when fewer remain.
    const std::uint8_t* take(std::uint32_t n)
    {
        if (!has(n))
            return fail<const std::uint8_t*>();
        const std::uint8_t* p = base_ + pos_;
        pos_ += n;
        return p;
    }
    // The next n bytes as a reader of their own, consumed; when fewer remain, an empty short reader (and
    // this one short).
    ByteReader sub(std::uint32_t n)
    {
        if (!has(n)) {
            fail<bool>();
            ByteReader none(base_, end_, end_);
            none.short_ = true;
            return none;
        }
        const ByteReader s(base_, pos_, pos_ + n);
        pos_ += n;
        return s;
    }
    // The bytes from `offset` of the base up to this reader's end (for pointers within a message, as DNS
    // names use, or a field further on); an empty short reader when `offset` is past the end.
    ByteReader at(std::uint32_t offset) const
    {
        ByteReader r(base_, offset, end_);
        r.short_ = offset > end_;
        return r;
    }
    // The bytes [begin, end) of the base, within this reader's end: a window onto the same range.
    ByteReader window(std::uint32_t begin, std::uint32_t end) const
    {
        return ByteReader(base_, begin, end < end_ ? end : end_);
    }
    // These bytes up to `end` at most (the part of a range a length field declares).
    ByteReader upTo(std::uint32_t end) const
    {
        ByteReader r = *this;
        if (end < r.end_)
            r.end_ = end < r.pos_ ? r.pos_ : end;
        return r;
    }

private:
    template <typename T>
    T advance(std::uint32_t n, T value)
    {
        pos_ += n;
        return value;
    }
    template <typename T>
    T fail()
    {
        pos_ = end_;
        short_ = true;
        return T{};
    }

    const std::uint8_t* base_ = nullptr;
    std::uint32_t pos_ = 0;
    std::uint32_t end_ = 0;
    bool short_ = false;
};

} // namespace synscope
