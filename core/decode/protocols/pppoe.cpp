// PPPoE session stage (EtherType 0x8864) carrying PPP with IPv4 or IPv6.
#include "decode/dissect.h"

#include "common/byte_order.h"

#include <algorithm>

namespace synscope::dissect {

void decodePppoeSession(State& s, std::uint32_t offset, std::uint32_t end)
{
    if (s.packet.pppoe.full())
        return;
    PppoeInfo& pp = s.packet.pppoe.push();
    pp = PppoeInfo{};
    Layer* l = addLayer(s, Proto::PppoeSession, offset, 6, 0);
    if (!l)
        return;
    if (end - offset < 6) {
        l->length = end - offset;
        l->truncated = true;
        return;
    }
    const std::uint8_t* p = s.data + offset;
    pp.version = p[0] >> 4;
    pp.type = p[0] & 0x0f;
    pp.code = p[1];
    pp.sessionId = loadBe16(p + 2);
    pp.payloadLength = loadBe16(p + 4);
    const std::uint32_t payloadEnd = std::min<std::uint32_t>(end, offset + 6 + pp.payloadLength);
    if (payloadEnd - (offset + 6) < 2) {
        addData(s, offset + 6, payloadEnd);
        return;
    }
    pp.pppProtocol = loadBe16(p + 6);
    Layer* ppp = addLayer(s, Proto::Ppp, offset + 6, 2, 0);
    if (!ppp)
        return;
    switch (pp.pppProtocol) {
    case 0x0021: decodeIpv4(s, offset + 8, payloadEnd); break;
    case 0x0057: decodeIpv6(s, offset + 8, payloadEnd); break;
    default: addData(s, offset + 8, payloadEnd); break;
    }
}

} // namespace synscope::dissect
