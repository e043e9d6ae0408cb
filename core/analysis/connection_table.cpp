#include "connection_table.h"

#include <cstring>

namespace synscope {

namespace {

bool samePair(const Connection& c, const Endpoint& a, const Endpoint& b)
{
    return (c.client == a && c.server == b) || (c.client == b && c.server == a);
}

std::uint64_t mix(std::uint64_t h, const Endpoint& e)
{
    for (std::size_t i = 0; i < e.address.byteLength(); ++i)
        h = (h ^ e.address.bytes[i]) * 1099511628211ull;
    h = (h ^ e.port) * 1099511628211ull;
    return h;
}

} // namespace

std::uint64_t ConnectionTable::hashOf(const Endpoint& a, const Endpoint& b)
{
    // Order-independent: hash each endpoint alone and combine symmetrically.
    const std::uint64_t ha = mix(1469598103934665603ull, a);
    const std::uint64_t hb = mix(1469598103934665603ull, b);
    std::uint64_t h = (ha ^ hb) + (ha + hb) * 0x9e3779b97f4a7c15ull;
    h ^= h >> 29;
    return h;
}

std::size_t ConnectionTable::slotOf(const ConnectionList& connections, const Endpoint& a,
                                    const Endpoint& b) const
{
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = static_cast<std::size_t>(hashOf(a, b)) & mask;
    while (slots_[i] != kNone && !samePair(connections[slots_[i]], a, b))
        i = (i + 1) & mask;
    return i;
}

std::uint32_t ConnectionTable::find(const ConnectionList& connections, const Endpoint& a,
                                    const Endpoint& b) const
{
    if (slots_.empty())
        return kNone;
    return slots_[slotOf(connections, a, b)];
}

void ConnectionTable::put(const ConnectionList& connections, std::uint32_t stream)
{
    if ((used_ + 1) * 2 > slots_.size())
        grow(connections);
    const Connection& c = connections[stream];
    const std::size_t i = slotOf(connections, c.client, c.server);
    if (slots_[i] == kNone)
        ++used_;
    slots_[i] = stream;
}

void ConnectionTable::grow(const ConnectionList& connections)
{
    std::vector<std::uint32_t> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, kNone);
    used_ = 0;
    for (std::uint32_t s : old) {
        if (s == kNone)
            continue;
        const Connection& c = connections[s];
        slots_[slotOf(connections, c.client, c.server)] = s;
        ++used_;
    }
}

void ConnectionTable::clear()
{
    slots_.clear();
    used_ = 0;
}

} // namespace synscope
