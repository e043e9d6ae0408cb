#include "analysis/connection_table.h"

namespace synscope {

namespace {

bool samePair(const Connection& c, const ConnectionKey& k)
{
    if (c.ipv6 != k.ipv6)
        return false;
    return (c.address[0] == k.address[0] && c.port[0] == k.port[0] && c.address[1] == k.address[1] &&
            c.port[1] == k.port[1]) ||
           (c.address[0] == k.address[1] && c.port[0] == k.port[1] && c.address[1] == k.address[0] &&
            c.port[1] == k.port[0]);
}

std::uint64_t mixEnd(std::uint32_t address, std::uint16_t port)
{
    std::uint64_t x = (static_cast<std::uint64_t>(address) << 16 | port) * 0x9e3779b97f4a7c15ull;
    return x ^ (x >> 31);
}

std::uint8_t tagOf(std::uint64_t hash) { return static_cast<std::uint8_t>(hash >> 56); }

} // namespace

ConnectionKey keyOf(const Connection& c)
{
    ConnectionKey k;
    k.address[0] = c.address[0];
    k.address[1] = c.address[1];
    k.port[0] = c.port[0];
    k.port[1] = c.port[1];
    k.ipv6 = c.ipv6;
    return k;
}

std::uint64_t ConnectionTable::hashOf(const ConnectionKey& k)
{
    // Order-independent: hash each end alone and combine symmetrically.
    const std::uint64_t a = mixEnd(k.address[0], k.port[0]);
    const std::uint64_t b = mixEnd(k.address[1], k.port[1]);
    std::uint64_t h = ((a ^ b) + (a + b) * 0xbf58476d1ce4e5b9ull) ^ (k.ipv6 ? 0x94d049bb133111ebull : 0);
    h ^= h >> 29;
    h *= 0x94d049bb133111ebull;
    h ^= h >> 32;
    return h;
}

std::size_t ConnectionTable::slotOf(const ConnectionList& connections, const ConnectionKey& key,
                                    std::uint64_t hash) const
{
    const std::size_t mask = slots_.size() - 1;
    const std::uint8_t tag = tagOf(hash);
    std::size_t i = static_cast<std::size_t>(hash) & mask;
    while (slots_[i] != kNone && (tags_[i] != tag || !samePair(connections[slots_[i]], key)))
        i = (i + 1) & mask;
    return i;
}

std::uint32_t ConnectionTable::find(const ConnectionList& connections, const ConnectionKey& key) const
{
    if (slots_.empty())
        return kNone;
    return slots_[slotOf(connections, key, hashOf(key))];
}

void ConnectionTable::put(const ConnectionList& connections, std::uint32_t stream)
{
    if ((used_ + 1) * 2 > slots_.size())
        grow(connections);
    const ConnectionKey key = keyOf(connections[stream]);
    const std::uint64_t hash = hashOf(key);
    const std::size_t i = slotOf(connections, key, hash);
    if (slots_[i] == kNone)
        ++used_;
    slots_[i] = stream;
    tags_[i] = tagOf(hash);
}

void ConnectionTable::grow(const ConnectionList& connections)
{
    std::vector<std::uint32_t> old = std::move(slots_);
    const std::size_t size = old.empty() ? 1024 : old.size() * 2;
    slots_.assign(size, kNone);
    tags_.assign(size, 0);
    used_ = 0;
    for (std::uint32_t s : old) {
        if (s == kNone)
            continue;
        const ConnectionKey key = keyOf(connections[s]);
        const std::uint64_t hash = hashOf(key);
        const std::size_t i = slotOf(connections, key, hash);
        slots_[i] = s;
        tags_[i] = tagOf(hash);
        ++used_;
    }
}

void ConnectionTable::clear()
{
    slots_.clear();
    tags_.clear();
    used_ = 0;
}

} // namespace synscope
