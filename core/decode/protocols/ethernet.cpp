// Ethernet II and 802.3 frames, 802.1Q/802.1ad VLAN tags, 802.2 LLC/SNAP, and the EtherType dispatch.
#include "decode/dissect.h"

#include "common/byte_order.h"

#include <algorithm>

namespace synscope::dissect {

namespace {

constexpr std::uint32_t kEthernetHeader = 14;

void decodeVlan(State& s, std::uint16_t tpid, std::uint32_t offset, std::uint32_t end)
{
    if (s.packet.vlan.full()) {
        addData(s, offset, end);
        return;
    }
    const std::uint8_t info = s.packet.vlan.count;
    VlanInfo& v = s.packet.vlan.push();
    v = VlanInfo{};
    v.tpid = tpid;
    Layer* l = addLayer(s, Proto::Vlan, offset, 0, info);
    if (!l)
        return;
    if (end - offset < 4) {
        l->length = end - offset;
        l->truncated = true;
        return;
    }
    l->length = 4;
    const std::uint16_t tci = loadBe16(s.data + offset);
    v.priority = static_cast<std::uint8_t>(tci >> 13);
    v.dei = tci & 0x1000;
    v.id = tci & 0x0fff;
    v.etherType = loadBe16(s.data + offset + 2);
    decodeEtherType(s, v.etherType, offset + 4, end);
}

void decodeLlc(State& s, std::uint32_t offset, std::uint32_t end)
{
    if (s.packet.llc.full() || end - offset < 3) {
        addData(s, offset, end);
        return;
    }
    LlcInfo& llc = s.packet.llc.push();
    llc = LlcInfo{};
    llc.dsap = s.data[offset];
    llc.ssap = s.data[offset + 1];
    llc.control = s.data[offset + 2];
    std::uint32_t length = 3;
    llc.snap = llc.dsap == 0xaa && llc.ssap == 0xaa && llc.control == 0x03;
    if (llc.snap && end - offset >= 8) {
        llc.oui = (std::uint32_t{s.data[offset + 3]} << 16) | (s.data[offset + 4] << 8) | s.data[offset + 5];
        llc.pid = loadBe16(s.data + offset + 6);
        length = 8;
    }
    if (!addLayer(s, Proto::Llc, offset, length, 0))
        return;
    if (llc.snap && length == 8 && llc.oui == 0)
        decodeEtherType(s, llc.pid, offset + 8, end);
    else
        addData(s, offset + length, end);
}

} // namespace

void decodeEtherType(State& s, std::uint16_t etherType, std::uint32_t offset, std::uint32_t end)
{
    switch (etherType) {
    case 0x0800: decodeIpv4(s, offset, end); break;
    case 0x86dd: decodeIpv6(s, offset, end); break;
    case 0x0806: decodeArp(s, offset, end); break;
    case 0x8100:
    case 0x88a8:
    case 0x9100: decodeVlan(s, etherType, offset, end); break;
    case 0x8864: decodePppoeSession(s, offset, end); break;
    default: addData(s, offset, end); break;
    }
}

void decodeEthernet(State& s, std::uint32_t offset, std::uint32_t end)
{
    Packet& p = s.packet;
    if (p.ethernet.full())
        return;
    const std::uint8_t info = p.ethernet.count;
    EthernetInfo& e = p.ethernet.push();
    e = EthernetInfo{};
    Layer* l = addLayer(s, Proto::Ethernet, offset, 0, info);
    if (!l)
        return;
    const std::uint32_t avail = end - offset;
    if (avail < kEthernetHeader) {
        // Keep whatever addresses are complete, for the tree.
        if (avail >= 6)
            std::memcpy(e.dst.bytes.data(), s.data + offset, 6);
        if (avail >= 12)
            std::memcpy(e.src.bytes.data(), s.data + offset + 6, 6);
        l->length = avail;
        l->truncated = true;
        return;
    }
    std::memcpy(e.dst.bytes.data(), s.data + offset, 6);
    std::memcpy(e.src.bytes.data(), s.data + offset + 6, 6);
    e.typeOrLength = loadBe16(s.data + offset + 12);
    l->length = kEthernetHeader;
    if (e.typeOrLength <= 1500) {
        // 802.3: the field is the payload length; anything after it is padding.
        const std::uint32_t payloadEnd = std::min<std::uint32_t>(end, offset + kEthernetHeader + e.typeOrLength);
        decodeLlc(s, offset + kEthernetHeader, payloadEnd);
    } else if (e.typeOrLength < 0x0600) {
        l->malformed = "the type/length field is neither a length (<= 1500) nor an EtherType (>= 0x0600)";
        addData(s, offset + kEthernetHeader, end);
    } else {
        decodeEtherType(s, e.typeOrLength, offset + kEthernetHeader, end);
    }
}

} // namespace synscope::dissect
