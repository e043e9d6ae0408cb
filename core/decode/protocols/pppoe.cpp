// PPPoE session stage (EtherType 0x8864) carrying PPP with IPv4 or IPv6.
#include "decode/dissect.h"
#include "decode/protocols/link_headers.h"

namespace synscope::dissect {

void decodePppoeSession(State& s, std::uint32_t offset, std::uint32_t end)
{
    if (s.packet.pppoe.full())
        return;
    PppoeInfo& pp = s.packet.pppoe.push();
    pp = PppoeInfo{};
    Layer* l = addLayer(s, Proto::PppoeSession, offset, kPppoeHeaderLength, 0);
    if (!l)
        return;
    ByteReader r = s.bytes(offset, end);
    const PppoeHeader h{r.fixed<kPppoeHeaderLength>()};
    if (!h.bytes) {
        l->length = end - offset;
        l->truncated = true;
        return;
    }
    pp.version = h.version();
    pp.type = h.type();
    pp.code = h.code();
    pp.sessionId = h.sessionId();
    pp.payloadLength = h.payloadLength();
    ByteReader payload = r.upTo(r.offset() + pp.payloadLength);
    const std::uint32_t payloadEnd = payload.end();
    const FixedBytes<kPppProtocolLength> protocol = payload.fixed<kPppProtocolLength>();
    if (!protocol) {
        addData(s, offset + kPppoeHeaderLength, payloadEnd);
        return;
    }
    pp.pppProtocol = protocol.be16<0>();
    if (!addLayer(s, Proto::Ppp, offset + kPppoeHeaderLength, kPppProtocolLength, 0))
        return;
    decodeNext(s, nextAfterPpp(pp.pppProtocol), 0, payload.offset(), payloadEnd);
}

} // namespace synscope::dissect
