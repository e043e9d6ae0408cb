// Linux cooked-mode capture headers, v1 (LINKTYPE_LINUX_SLL, "-i any") and v2 (LINKTYPE_LINUX_SLL2).
#include "decode/dissect.h"
#include "decode/protocols/link_headers.h"

namespace synscope::dissect {

namespace {

SllInfo* newSll(State& s, bool v2)
{
    if (s.packet.sll.full())
        return nullptr;
    SllInfo& sll = s.packet.sll.push();
    sll = SllInfo{};
    sll.v2 = v2;
    return &sll;
}

// Adds the layer of a header of `length` bytes; nullptr when no decoding follows (no room for the layer,
// or the header is cut short, which the layer then says).
Layer* addSllLayer(State& s, Proto proto, std::uint32_t length, std::uint32_t offset, std::uint32_t end,
                   bool present)
{
    Layer* l = addLayer(s, proto, offset, length, 0);
    if (l && !present) {
        l->length = end - offset;
        l->truncated = true;
        return nullptr;
    }
    return l;
}

void decodeSllPayload(State& s, const SllInfo& sll, std::uint32_t offset, std::uint32_t end)
{
    decodeNext(s, nextAfterLinuxSll(sll.hatype, sll.protocol), sll.protocol, offset, end);
}

} // namespace

void decodeLinuxSll(State& s, std::uint32_t offset, std::uint32_t end)
{
    SllInfo* sll = newSll(s, false);
    if (!sll)
        return;
    const LinuxSllHeader h{s.bytes(offset, end).peek<kLinuxSllHeaderLength>()};
    if (!addSllLayer(s, Proto::LinuxSll, kLinuxSllHeaderLength, offset, end, static_cast<bool>(h.bytes)))
        return;
    sll->packetType = h.packetType();
    sll->hatype = h.hatype();
    sll->halen = h.halen();
    std::memcpy(sll->address.data(), h.address(), 8);
    sll->protocol = h.protocol();
    decodeSllPayload(s, *sll, offset + kLinuxSllHeaderLength, end);
}

void decodeLinuxSll2(State& s, std::uint32_t offset, std::uint32_t end)
{
    SllInfo* sll = newSll(s, true);
    if (!sll)
        return;
    const LinuxSll2Header h{s.bytes(offset, end).peek<kLinuxSll2HeaderLength>()};
    if (!addSllLayer(s, Proto::LinuxSll2, kLinuxSll2HeaderLength, offset, end, static_cast<bool>(h.bytes)))
        return;
    sll->protocol = h.protocol();
    sll->interfaceIndex = h.interfaceIndex();
    sll->hatype = h.hatype();
    sll->packetType = h.packetType();
    sll->halen = h.halen();
    std::memcpy(sll->address.data(), h.address(), 8);
    decodeSllPayload(s, *sll, offset + kLinuxSll2HeaderLength, end);
}

} // namespace synscope::dissect
