#pragma once
// Where a TcpTracker keeps its connections' analysis machines: live ones in a pool, frozen ones (idle or
// finished connections) as compact byte strings in an arena. Thawing is exact, so a late segment of a
// long-finished connection is analysed as if its machine had never been frozen.
#include "common/chunked_array.h"
#include "analysis/connection.h"
#include "analysis/connection_machine.h"

#include <memory>
#include <vector>

namespace synscope {

class MachineStore {
public:
    explicit MachineStore(ConnectionList& connections) : connections_(connections) {}

    // Gives a new connection a fresh live machine; false when the pool is full.
    bool create(Connection& c);
    // The connection's live machine, thawed first if it was frozen. The reference stays valid until
    // this connection is frozen.
    ConnectionMachine& live(Connection& c);
    // Freezes the connection's machine (no-op when it is frozen already).
    void freeze(Connection& c);
    // Freezes every live machine whose connection's last frame is before `frame`.
    void freezeIdleBefore(std::uint32_t frame);

    std::size_t liveCount() const { return live_; }
    std::size_t memoryBytes() const;
    void clear();

private:
    static constexpr std::uint32_t kFreeSlot = 0xffffffffu;
    static constexpr std::size_t kArenaChunkBits = 16; // a frozen machine never spans two chunks
    static constexpr std::size_t kArenaChunk = std::size_t{1} << kArenaChunkBits;

    // Stores `bytes`, at `reuse` when it fits there; returns the offset, or kFreeSlot when the arena is full.
    std::uint32_t store(const std::vector<std::uint8_t>& bytes, std::uint32_t reuse);
    std::uint8_t* at(std::uint32_t offset) { return arena_[offset >> kArenaChunkBits].get() + (offset & (kArenaChunk - 1)); }
    // Rewrites the arena without the space of machines that were thawed and frozen again elsewhere.
    void compact();

    ConnectionList& connections_;
    // As many slots as ConnectionList can hold connections (2^28).
    ChunkedArray<ConnectionMachine, 8, std::size_t{1} << 20> pool_;
    std::vector<std::uint32_t> freeSlots_;
    std::size_t live_ = 0;
    std::vector<std::unique_ptr<std::uint8_t[]>> arena_;
    std::size_t arenaTail_ = kArenaChunk; // bytes used in the last arena chunk
    std::size_t arenaWritten_ = 0;        // bytes of the arena holding frozen forms, current or not
    std::size_t arenaGarbage_ = 0;        // of those, the ones no longer current
    std::vector<std::uint8_t> scratch_;
};

} // namespace synscope
