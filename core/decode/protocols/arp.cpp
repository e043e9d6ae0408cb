// ARP (RFC 826), any hardware/protocol address sizes; Ethernet/IPv4 addresses are interpreted.
#include "decode/dissect.h"

#include "common/byte_order.h"

namespace synscope::dissect {

void decodeArp(State& s, std::uint32_t offset, std::uint32_t end)
{
    if (s.packet.arp.full())
        return;
    ArpInfo& a = s.packet.arp.push();
    a = ArpInfo{};
    Layer* l = addLayer(s, Proto::Arp, offset, 8, 0);
    if (!l)
        return;
    const std::uint32_t avail = end - offset;
    if (avail < 8) {
        l->length = avail;
        l->truncated = true;
        return;
    }
    const std::uint8_t* p = s.data + offset;
    a.hardwareType = loadBe16(p);
    a.protocolType = loadBe16(p + 2);
    a.hardwareSize = p[4];
    a.protocolSize = p[5];
    a.opcode = loadBe16(p + 6);
    const std::uint32_t full = 8 + 2u * a.hardwareSize + 2u * a.protocolSize;
    if (avail < full) {
        l->length = avail;
        l->truncated = true;
        return;
    }
    l->length = full;
    const std::uint8_t* sha = p + 8;
    const std::uint8_t* spa = sha + a.hardwareSize;
    const std::uint8_t* tha = spa + a.protocolSize;
    const std::uint8_t* tpa = tha + a.hardwareSize;
    if (a.hardwareSize == 6) {
        std::memcpy(a.senderMac.bytes.data(), sha, 6);
        std::memcpy(a.targetMac.bytes.data(), tha, 6);
    }
    if (a.protocolSize == 4 && (a.protocolType == 0x0800 || a.protocolType == 0x1000)) {
        a.senderIp = IpAddress::v4(spa);
        a.targetIp = IpAddress::v4(tpa);
    }
    a.addressesPresent = true;
}

} // namespace synscope::dissect
