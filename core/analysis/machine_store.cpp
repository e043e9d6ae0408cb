#include "analysis/machine_store.h"

#include "analysis/frozen_machine.h"

#include <cstring>

namespace synscope {

namespace {

FreezeContext contextOf(const Connection& c) { return {c.lastTime, c.lastFrame}; }

} // namespace

bool MachineStore::create(Connection& c)
{
    std::uint32_t slot;
    if (!freeSlots_.empty()) {
        slot = freeSlots_.back();
        freeSlots_.pop_back();
        pool_[slot] = ConnectionMachine{};
    } else {
        slot = static_cast<std::uint32_t>(pool_.size());
        if (!pool_.push_back(ConnectionMachine{}))
            return false;
    }
    pool_[slot].stream = c.stream;
    c.machine = slot;
    c.frozen = false;
    ++live_;
    return true;
}

ConnectionMachine& MachineStore::live(Connection& c)
{
    if (!c.frozen)
        return pool_[c.machine];
    const std::uint32_t blob = c.machine;
    // Cannot fail: at most one slot per connection is in use, and the pool has one for every connection
    // the list can hold.
    create(c);
    ConnectionMachine& m = pool_[c.machine];
    thawMachine(at(blob), contextOf(c), m);
    m.blob = blob;
    return m;
}

void MachineStore::freeze(Connection& c)
{
    if (c.frozen)
        return;
    ConnectionMachine& m = pool_[c.machine];
    scratch_.clear();
    freezeMachine(m, contextOf(c), scratch_);
    const std::uint32_t offset = store(scratch_, m.blob);
    if (offset == kFreeSlot)
        return; // the arena is full (4 GiB): the machine stays live
    m.stream = kFreeSlot;
    m.blob = ConnectionMachine::kNoBlob;
    freeSlots_.push_back(c.machine);
    --live_;
    c.machine = offset;
    c.frozen = true;
    if (arenaGarbage_ > (std::size_t{1} << 20) && arenaGarbage_ * 2 > arenaWritten_)
        compact();
}

void MachineStore::freezeIdleBefore(std::uint32_t frame)
{
    for (std::size_t slot = 0; slot < pool_.size(); ++slot) {
        const std::uint32_t stream = pool_[slot].stream;
        if (stream == kFreeSlot)
            continue;
        Connection& c = connections_[stream];
        if (c.lastFrame < frame)
            freeze(c);
    }
}

std::uint32_t MachineStore::store(const std::vector<std::uint8_t>& bytes, std::uint32_t reuse)
{
    const std::size_t old = reuse != ConnectionMachine::kNoBlob ? frozenLength(at(reuse)) : 0;
    if (reuse != ConnectionMachine::kNoBlob && bytes.size() <= old) {
        std::memcpy(at(reuse), bytes.data(), bytes.size());
        arenaGarbage_ += old - bytes.size();
        return reuse;
    }
    if (arenaTail_ + bytes.size() > kArenaChunk) {
        if ((arena_.size() + 1) << kArenaChunkBits > std::size_t{0xffffffffu})
            return kFreeSlot;
        arenaWritten_ += kArenaChunk - arenaTail_; // the end of the last chunk stays unused
        arenaGarbage_ += kArenaChunk - arenaTail_;
        arena_.push_back(std::make_unique_for_overwrite<std::uint8_t[]>(kArenaChunk));
        arenaTail_ = 0;
    }
    const auto offset = static_cast<std::uint32_t>(((arena_.size() - 1) << kArenaChunkBits) + arenaTail_);
    std::memcpy(at(offset), bytes.data(), bytes.size());
    arenaTail_ += bytes.size();
    arenaWritten_ += bytes.size();
    arenaGarbage_ += old; // the earlier form, now replaced
    return offset;
}

void MachineStore::compact()
{
    std::vector<std::unique_ptr<std::uint8_t[]>> old = std::move(arena_);
    auto oldAt = [&old](std::uint32_t offset) {
        return old[offset >> kArenaChunkBits].get() + (offset & (kArenaChunk - 1));
    };
    arena_.clear();
    arenaTail_ = kArenaChunk;
    arenaWritten_ = arenaGarbage_ = 0;
    std::vector<std::uint8_t> bytes;
    for (std::size_t i = 0; i < connections_.size(); ++i) {
        Connection& c = connections_[i];
        if (!c.frozen)
            continue;
        const std::uint8_t* begin = oldAt(c.machine);
        bytes.assign(begin, begin + frozenLength(begin));
        c.machine = store(bytes, ConnectionMachine::kNoBlob); // fits: the new arena is never larger
    }
    // Live machines' earlier frozen forms are gone; they will be stored anew.
    for (std::size_t slot = 0; slot < pool_.size(); ++slot)
        pool_[slot].blob = ConnectionMachine::kNoBlob;
}

std::size_t MachineStore::memoryBytes() const
{
    return pool_.memoryBytes() + freeSlots_.capacity() * sizeof(std::uint32_t) + arena_.size() * kArenaChunk +
           arena_.capacity() * sizeof(arena_[0]);
}

void MachineStore::clear()
{
    pool_.clear();
    freeSlots_.clear();
    live_ = 0;
    arena_.clear();
    arenaTail_ = kArenaChunk;
    arenaWritten_ = arenaGarbage_ = 0;
}

} // namespace synscope
