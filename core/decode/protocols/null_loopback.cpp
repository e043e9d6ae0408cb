// BSD loopback (LINKTYPE_NULL: address family in the capturing host's byte order) and OpenBSD
// LINKTYPE_LOOP (network byte order).
#include "decode/dissect.h"
#include "decode/protocols/link_headers.h"

namespace synscope::dissect {

void decodeNull(State& s, std::uint32_t offset, std::uint32_t end, bool networkByteOrder)
{
    if (s.packet.null.full())
        return;
    NullInfo& n = s.packet.null.push();
    n = NullInfo{};
    Layer* l = addLayer(s, Proto::Null, offset, kLoopbackHeaderLength, 0);
    if (!l)
        return;
    const FixedBytes<kLoopbackHeaderLength> header = s.bytes(offset, end).peek<kLoopbackHeaderLength>();
    if (!header) {
        l->length = end - offset;
        l->truncated = true;
        return;
    }
    n.family = loopbackFamily(header, networkByteOrder);
    n.isEtherType = loopbackFamilyIsEtherType(n.family);
    decodeNext(s, nextAfterLoopback(n.family), static_cast<std::uint16_t>(n.family), offset + kLoopbackHeaderLength,
               end);
}

} // namespace synscope::dissect
