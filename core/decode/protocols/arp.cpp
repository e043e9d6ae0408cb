// ARP (RFC 826), any hardware/protocol address sizes; Ethernet/IPv4 addresses are interpreted.
#include "decode/dissect.h"

namespace synscope::dissect {

namespace {
constexpr std::uint32_t kArpFixedLength = 8;
} // namespace

void decodeArp(State& s, std::uint32_t offset, std::uint32_t end)
{
    if (s.packet.arp.full())
        return;
    ArpInfo& a = s.packet.arp.push();
    a = ArpInfo{};
    Layer* l = addLayer(s, Proto::Arp, offset, kArpFixedLength, 0);
    if (!l)
        return;
    ByteReader r = s.bytes(offset, end);
    const FixedBytes<kArpFixedLength> h = r.fixed<kArpFixedLength>();
    if (!h) {
        l->length = end - offset;
        l->truncated = true;
        return;
    }
    a.hardwareType = h.be16<0>();
    a.protocolType = h.be16<2>();
    a.hardwareSize = h.u8<4>();
    a.protocolSize = h.u8<5>();
    a.opcode = h.be16<6>();
    const std::uint8_t* sha = r.take(a.hardwareSize);
    const std::uint8_t* spa = r.take(a.protocolSize);
    const std::uint8_t* tha = r.take(a.hardwareSize);
    const std::uint8_t* tpa = r.take(a.protocolSize);
    if (r.isShort()) {
        l->length = end - offset;
        l->truncated = true;
        return;
    }
    l->length = r.offset() - offset;
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
