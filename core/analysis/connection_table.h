#pragma once
// Finds the current connection of an address/port pair (either direction). Open addressing over stream
// numbers with a byte of each key's hash beside them, so a probe rarely has to read a connection that is
// not the one sought: 5 bytes a slot, at most half the slots in use.
#include "analysis/connection.h"

#include <vector>

namespace synscope {

// A segment's ends as the table compares them: addresses in Connection::address's form.
struct ConnectionKey {
    std::uint32_t address[2] = {0, 0}; // source, destination
    std::uint16_t port[2] = {0, 0};
    bool ipv6 = false;
};

class ConnectionTable {
public:
    static constexpr std::uint32_t kNone = 0xffffffffu;
    // The stream currently on this pair, or kNone.
    std::uint32_t find(const ConnectionList& connections, const ConnectionKey& key) const;
    // Makes `stream` the current connection of its pair (replacing an older one on the same pair).
    void put(const ConnectionList& connections, std::uint32_t stream);
    void clear();
    std::size_t memoryBytes() const
    {
        return slots_.capacity() * sizeof(std::uint32_t) + tags_.capacity() * sizeof(std::uint8_t);
    }

private:
    static std::uint64_t hashOf(const ConnectionKey& key);
    std::size_t slotOf(const ConnectionList& connections, const ConnectionKey& key, std::uint64_t hash) const;
    void grow(const ConnectionList& connections);

    std::vector<std::uint32_t> slots_;
    std::vector<std::uint8_t> tags_; // the top byte of the hash of the slot's pair
    std::size_t used_ = 0;
};

// The key of a connection's own pair (client as source).
ConnectionKey keyOf(const Connection& c);

} // namespace synscope
