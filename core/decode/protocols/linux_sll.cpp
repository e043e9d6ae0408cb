// Linux cooked-mode capture headers, v1 (LINKTYPE_LINUX_SLL, "-i any") and v2 (LINKTYPE_LINUX_SLL2).
#include "decode/dissect.h"

#include "common/byte_order.h"

namespace synscope::dissect {

namespace {

// The protocol field holds an EtherType, except for a few ARPHRD / pseudo values.
void decodeSllPayload(State& s, const SllInfo& sll, std::uint32_t offset, std::uint32_t end)
{
    if (sll.hatype == 824 /* ARPHRD_NETLINK */) {
        addData(s, offset, end);
        return;
    }
    switch (sll.protocol) {
    case 0x0001: // LINUX_SLL_P_802_3: Novell 802.3 frames without an 802.2 header
    case 0x0004: // LINUX_SLL_P_802_2: 802.2 LLC follows
        addData(s, offset, end);
        return;
    default: decodeEtherType(s, sll.protocol, offset, end); return;
    }
}

SllInfo* newSll(State& s, bool v2)
{
    if (s.packet.sll.full())
        return nullptr;
    SllInfo& sll = s.packet.sll.push();
    sll = SllInfo{};
    sll.v2 = v2;
    return &sll;
}

} // namespace

void decodeLinuxSll(State& s, std::uint32_t offset, std::uint32_t end)
{
    SllInfo* sll = newSll(s, false);
    if (!sll)
        return;
    Layer* l = addLayer(s, Proto::LinuxSll, offset, 16, 0);
    if (!l)
        return;
    if (end - offset < 16) {
        l->length = end - offset;
        l->truncated = true;
        return;
    }
    const std::uint8_t* p = s.data + offset;
    sll->packetType = loadBe16(p);
    sll->hatype = loadBe16(p + 2);
    sll->halen = loadBe16(p + 4);
    std::memcpy(sll->address.data(), p + 6, 8);
    sll->protocol = loadBe16(p + 14);
    decodeSllPayload(s, *sll, offset + 16, end);
}

void decodeLinuxSll2(State& s, std::uint32_t offset, std::uint32_t end)
{
    SllInfo* sll = newSll(s, true);
    if (!sll)
        return;
    Layer* l = addLayer(s, Proto::LinuxSll2, offset, 20, 0);
    if (!l)
        return;
    if (end - offset < 20) {
        l->length = end - offset;
        l->truncated = true;
        return;
    }
    const std::uint8_t* p = s.data + offset;
    sll->protocol = loadBe16(p);
    sll->interfaceIndex = loadBe32(p + 4);
    sll->hatype = loadBe16(p + 8);
    sll->packetType = p[10];
    sll->halen = p[11];
    std::memcpy(sll->address.data(), p + 12, 8);
    decodeSllPayload(s, *sll, offset + 20, end);
}

} // namespace synscope::dissect
