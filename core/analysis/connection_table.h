#pragma once
// Finds the current connection of an address/port pair (either direction). Open addressing over stream
// numbers: 8 bytes per connection at most, the endpoints themselves stay in the Connection.
#include "connection.h"

#include <vector>

namespace synscope {

class ConnectionTable {
public:
    static constexpr std::uint32_t kNone = 0xffffffffu;
    // The stream currently on this pair, or kNone.
    std::uint32_t find(const ConnectionList& connections, const Endpoint& a, const Endpoint& b) const;
    // Makes `stream` the current connection of its pair (replacing an older one on the same pair).
    void put(const ConnectionList& connections, std::uint32_t stream);
    void clear();
    std::size_t memoryBytes() const { return slots_.capacity() * sizeof(std::uint32_t); }

private:
    static std::uint64_t hashOf(const Endpoint& a, const Endpoint& b);
    std::size_t slotOf(const ConnectionList& connections, const Endpoint& a, const Endpoint& b) const;
    void grow(const ConnectionList& connections);

    std::vector<std::uint32_t> slots_;
    std::size_t used_ = 0;
};

} // namespace synscope
