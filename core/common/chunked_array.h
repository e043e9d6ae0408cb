#pragma once
// Append-only array in fixed-size chunks. Appending never moves existing elements, so a reader on
// another thread may read any element below size() (published with release/acquire) while one writer
// keeps appending; and memory is what the elements need, rounded up to one chunk.
#include <atomic>
#include <cstddef>
#include <memory>

namespace synscope {

template <typename T, std::size_t ChunkBits = 16, std::size_t MaxChunks = std::size_t{1} << 16>
class ChunkedArray {
public:
    static constexpr std::size_t kChunkSize = std::size_t{1} << ChunkBits;

    // The chunk table is left uninitialised: only entries below chunkCount_ are ever read, so its untouched
    // pages (all but the first for fewer than 512 chunks) are never made resident.
    ChunkedArray() : chunks_(new T*[MaxChunks]) {}
    ~ChunkedArray() { clear(); }
    ChunkedArray(const ChunkedArray&) = delete;
    ChunkedArray& operator=(const ChunkedArray&) = delete;

    std::size_t size() const { return size_.load(std::memory_order_acquire); }
    bool empty() const { return size() == 0; }
    const T& operator[](std::size_t i) const { return chunks_[i >> ChunkBits][i & (kChunkSize - 1)]; }
    T& operator[](std::size_t i) { return chunks_[i >> ChunkBits][i & (kChunkSize - 1)]; }

    // Single writer. Returns false when full.
    bool push_back(const T& value)
    {
        const std::size_t n = size_.load(std::memory_order_relaxed);
        const std::size_t chunk = n >> ChunkBits;
        if (chunk >= MaxChunks)
            return false;
        if (chunk == chunkCount_) {
            chunks_[chunk] = new T[kChunkSize];
            ++chunkCount_;
        }
        chunks_[chunk][n & (kChunkSize - 1)] = value;
        size_.store(n + 1, std::memory_order_release);
        return true;
    }

    void clear()
    {
        for (std::size_t i = 0; i < chunkCount_; ++i)
            delete[] chunks_[i];
        chunkCount_ = 0;
        size_.store(0, std::memory_order_release);
    }

    // Iteration over the elements published when begin() was called.
    class const_iterator {
    public:
        const_iterator(const ChunkedArray* a, std::size_t i) : a_(a), i_(i) {}
        const T& operator*() const { return (*a_)[i_]; }
        const T* operator->() const { return &(*a_)[i_]; }
        const_iterator& operator++()
        {
            ++i_;
            return *this;
        }
        bool operator==(const const_iterator& o) const { return i_ == o.i_; }
        bool operator!=(const const_iterator& o) const { return i_ != o.i_; }

    private:
        const ChunkedArray* a_;
        std::size_t i_;
    };
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, size()}; }

    // The chunks plus the pages of the chunk table in use.
    std::size_t memoryBytes() const
    {
        constexpr std::size_t kPage = 4096;
        const std::size_t tableBytes = (chunkCount_ * sizeof(T*) + kPage - 1) / kPage * kPage;
        return chunkCount_ * kChunkSize * sizeof(T) + tableBytes;
    }

private:
    std::unique_ptr<T*[]> chunks_;
    std::size_t chunkCount_ = 0;
    std::atomic<std::size_t> size_{0};
};

} // namespace synscope
