// BSD loopback (LINKTYPE_NULL: address family in the capturing host's byte order) and OpenBSD
// LINKTYPE_LOOP (network byte order).
#include "decode/dissect.h"

#include "common/byte_order.h"

namespace synscope::dissect {

std::uint32_t nullLoopbackFamily(const std::uint8_t* p, bool networkByteOrder)
{
    if (networkByteOrder)
        return loadBe32(p);
    // The writer's byte order is unknown; Wireshark's heuristics (packet-null.c), which also accept
    // IRIX-style 16-bit families and an EtherType in place of the family.
    std::uint32_t v = loadLe32(p);
    if (v & 0xffff0000u) {
        if ((v & 0xff000000u) == 0 && (v & 0x00ff0000u) < 0x00060000u)
            v >>= 16;
        else
            v = __builtin_bswap32(v);
    } else if ((v & 0xffu) == 0 && (v & 0xff00u) < 0x0600u) {
        v = __builtin_bswap16(static_cast<std::uint16_t>(v & 0xffff));
    }
    return v;
}

void decodeNull(State& s, std::uint32_t offset, std::uint32_t end, bool networkByteOrder)
{
    if (s.packet.null.full())
        return;
    NullInfo& n = s.packet.null.push();
    n = NullInfo{};
    Layer* l = addLayer(s, Proto::Null, offset, 4, 0);
    if (!l)
        return;
    if (end - offset < 4) {
        l->length = end - offset;
        l->truncated = true;
        return;
    }
    const std::uint32_t v = nullLoopbackFamily(s.data + offset, networkByteOrder);
    n.family = v;
    if (v > 1500) {
        n.isEtherType = true;
        decodeEtherType(s, static_cast<std::uint16_t>(v), offset + 4, end);
        return;
    }
    switch (v) {
    case 2: // AF_INET everywhere
        decodeIpv4(s, offset + 4, end);
        break;
    case 10: // AF_INET6: Linux
    case 24: // NetBSD, OpenBSD, BSD/OS
    case 28: // FreeBSD, DragonFly
    case 30: // macOS
        decodeIpv6(s, offset + 4, end);
        break;
    default:
        addData(s, offset + 4, end);
        break;
    }
}

} // namespace synscope::dissect
