// Ethernet II and 802.3 frames, 802.1Q/802.1ad VLAN tags, 802.2 LLC/SNAP.
#include "decode/dissect.h"
#include "decode/protocols/link_headers.h"

#include <algorithm>

namespace synscope::dissect {

namespace {

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
    ByteReader r = s.bytes(offset, end);
    const VlanTag tag{r.fixed<kVlanTagLength>()};
    if (!tag.bytes) {
        l->length = r.end() - offset;
        l->truncated = true;
        return;
    }
    l->length = kVlanTagLength;
    const std::uint16_t tci = tag.tci();
    v.priority = static_cast<std::uint8_t>(tci >> 13);
    v.dei = tci & 0x1000;
    v.id = tci & 0x0fff;
    v.etherType = tag.etherType();
    decodeEtherType(s, v.etherType, r.offset(), end);
}

void decodeLlc(State& s, std::uint32_t offset, std::uint32_t end)
{
    ByteReader r = s.bytes(offset, end);
    const FixedBytes<3> header = r.fixed<3>();
    if (s.packet.llc.full() || !header) {
        addData(s, offset, end);
        return;
    }
    LlcInfo& llc = s.packet.llc.push();
    llc = LlcInfo{};
    llc.dsap = header.u8<0>();
    llc.ssap = header.u8<1>();
    llc.control = header.u8<2>();
    llc.snap = llc.dsap == 0xaa && llc.ssap == 0xaa && llc.control == 0x03;
    const FixedBytes<5> snap = llc.snap ? r.fixed<5>() : FixedBytes<5>();
    if (snap) {
        llc.oui = (std::uint32_t{snap.u8<0>()} << 16) | (snap.u8<1>() << 8) | snap.u8<2>();
        llc.pid = snap.be16<3>();
    }
    const std::uint32_t length = snap ? 8 : 3;
    if (!addLayer(s, Proto::Llc, offset, length, 0))
        return;
    if (snap && llc.oui == 0)
        decodeEtherType(s, llc.pid, offset + 8, end);
    else
        addData(s, offset + length, end);
}

} // namespace

void decodeNext(State& s, NextLayer next, std::uint16_t etherType, std::uint32_t offset, std::uint32_t end)
{
    if (next == NextLayer::Ipv4) // the common case first: a comparison, not a jump table
        return decodeIpv4(s, offset, end);
    switch (next) {
    case NextLayer::Ipv4: decodeIpv4(s, offset, end); break;
    case NextLayer::Ipv6: decodeIpv6(s, offset, end); break;
    case NextLayer::Arp: decodeArp(s, offset, end); break;
    case NextLayer::Vlan: decodeVlan(s, etherType, offset, end); break;
    case NextLayer::PppoeSession: decodePppoeSession(s, offset, end); break;
    default: addData(s, offset, end); break;
    }
}

void decodeEtherType(State& s, std::uint16_t etherType, std::uint32_t offset, std::uint32_t end)
{
    decodeNext(s, nextAfterEtherType(etherType), etherType, offset, end);
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
    ByteReader r = s.bytes(offset, end);
    const EthernetHeader h{r.peek<kEthernetHeaderLength>()};
    if (!h.bytes) {
        // Keep whatever addresses are complete, for the tree.
        r.fixed<6>().copyTo<0, 6>(e.dst.bytes.data());
        r.fixed<6>().copyTo<0, 6>(e.src.bytes.data());
        l->length = end - offset;
        l->truncated = true;
        return;
    }
    h.bytes.copyTo<0, 6>(e.dst.bytes.data());
    h.bytes.copyTo<6, 6>(e.src.bytes.data());
    e.typeOrLength = h.typeOrLength();
    l->length = kEthernetHeaderLength;
    const std::uint32_t payload = offset + kEthernetHeaderLength;
    switch (const NextLayer next = nextAfterEthernet(e.typeOrLength)) {
    case NextLayer::Llc:
        // 802.3: the field is the payload length; anything after it is padding.
        decodeLlc(s, payload, std::min<std::uint32_t>(end, payload + e.typeOrLength));
        break;
    case NextLayer::BadTypeLength:
        l->malformed = "the type/length field is neither a length (<= 1500) nor an EtherType (>= 0x0600)";
        addData(s, payload, end);
        break;
    default: decodeNext(s, next, e.typeOrLength, payload, end); break;
    }
}

} // namespace synscope::dissect
