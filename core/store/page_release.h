#pragma once
// A pass over many packets of a mapped file (a filter, a search, a sort, an export, a benchmark) brings
// their pages into memory; without giving them back, going over a huge file grows the process by the
// file's size. A PageRelease follows such a pass and, every `every` packets read, gives back the pages
// of the packets read since the last time (the span from the lowest to the highest index, so passes in
// display or sorted order are covered too; the file stays in the page cache, so a packet read again only
// costs a minor fault).
#include <cstddef>
#include <cstdint>

namespace synscope {

class PacketStore;

class PageRelease {
public:
    static constexpr std::size_t kDefaultEvery = 4096;
    explicit PageRelease(const PacketStore& store, std::size_t every = kDefaultEvery) : store_(store), every_(every) {}
    PageRelease(const PageRelease&) = delete;
    PageRelease& operator=(const PageRelease&) = delete;

    // Packet i (0-based) has been read.
    void read(std::size_t i)
    {
        lo_ = i < lo_ ? i : lo_;
        hi_ = i > hi_ ? i : hi_;
        if (++count_ >= every_)
            release();
    }
    // Packets [first, end) have been read (a pass that goes in chunks).
    void readSpan(std::size_t first, std::size_t end)
    {
        if (first >= end)
            return;
        lo_ = first < lo_ ? first : lo_;
        hi_ = end - 1 > hi_ ? end - 1 : hi_;
        count_ += end - first;
        if (count_ >= every_)
            release();
    }
    // Gives back the pages read since the last release now.
    void release();

private:
    const PacketStore& store_;
    std::size_t every_;
    std::size_t count_ = 0;
    std::size_t lo_ = SIZE_MAX;
    std::size_t hi_ = 0;
};

} // namespace synscope
