#include "analysis/frozen_machine.h"

#include "common/varint.h"

namespace synscope {

namespace {

void freezeFlow(const TcpFlowState& f, const TcpFlowState& other, const FreezeContext& c, VarintWriter& w)
{
    w.putByte(static_cast<std::uint8_t>(f.windowKnown | f.baseSet << 1 | f.isFirstAck << 2));
    w.putByte(static_cast<std::uint8_t>(f.windowScale));
    // Differences are taken with wrap-around (unsigned) arithmetic, so every value comes back exactly.
    w.putSigned(static_cast<std::int64_t>(static_cast<std::uint64_t>(c.lastTime) - static_cast<std::uint64_t>(f.nextSeqTime)));
    w.putSigned(static_cast<std::int64_t>(static_cast<std::uint64_t>(c.lastTime) - static_cast<std::uint64_t>(f.lastAckTime)));
    w.put(static_cast<std::uint32_t>(f.nextSeq - f.baseSeq));
    w.put(static_cast<std::uint32_t>(f.nextSeq - f.maxSeqToBeAcked));
    w.put(static_cast<std::uint32_t>(f.lastAck - other.baseSeq));
    w.put(static_cast<std::uint32_t>(f.dupAckNum + 1)); // Wireshark's -1 (0xffffffff) as 0
    w.put(static_cast<std::uint32_t>(c.lastFrame - f.lastNonDupAck));
    w.put(f.window);
    w.put(f.lastSegmentFlags);
}

void thawFlow(TcpFlowState& f, const TcpFlowState& other, const FreezeContext& c, VarintReader& r)
{
    const std::uint8_t bits = r.getByte();
    f.windowKnown = bits & 1;
    f.baseSet = bits >> 1 & 1;
    f.isFirstAck = bits >> 2 & 1;
    f.windowScale = static_cast<std::int8_t>(r.getByte());
    f.nextSeqTime = static_cast<std::int64_t>(static_cast<std::uint64_t>(c.lastTime) - static_cast<std::uint64_t>(r.getSigned()));
    f.lastAckTime = static_cast<std::int64_t>(static_cast<std::uint64_t>(c.lastTime) - static_cast<std::uint64_t>(r.getSigned()));
    f.nextSeq = f.baseSeq + static_cast<std::uint32_t>(r.get());
    f.maxSeqToBeAcked = f.nextSeq - static_cast<std::uint32_t>(r.get());
    f.lastAck = other.baseSeq + static_cast<std::uint32_t>(r.get());
    f.dupAckNum = static_cast<std::uint32_t>(r.get()) - 1;
    f.lastNonDupAck = c.lastFrame - static_cast<std::uint32_t>(r.get());
    f.window = static_cast<std::uint16_t>(r.get());
    f.lastSegmentFlags = static_cast<std::uint16_t>(r.get());
}

} // namespace

void freezeMachine(const ConnectionMachine& m, const FreezeContext& context, std::vector<std::uint8_t>& out)
{
    // The body is written after a one-byte length; a body of 128 bytes or more (never seen in practice,
    // but possible) gets a longer length moved in front of it.
    const std::size_t start = out.size();
    out.push_back(0);
    VarintWriter w(out);
    // The bases first: the other fields are written relative to them.
    w.put32(m.flows[0].baseSeq);
    w.put32(m.flows[1].baseSeq);
    freezeFlow(m.flows[0], m.flows[1], context, w);
    freezeFlow(m.flows[1], m.flows[0], context, w);
    const std::uint32_t hints[2] = {m.flows[0].baseSeq, m.flows[1].baseSeq};
    m.lifecycle.encode(w, hints);
    const std::size_t bodyLength = out.size() - start - 1;
    if (bodyLength < 0x80) {
        out[start] = static_cast<std::uint8_t>(bodyLength);
        return;
    }
    std::vector<std::uint8_t> length;
    VarintWriter(length).put(bodyLength);
    out[start] = length[0];
    out.insert(out.begin() + static_cast<std::ptrdiff_t>(start) + 1, length.begin() + 1, length.end());
}

std::size_t frozenLength(const std::uint8_t* bytes)
{
    VarintReader r(bytes);
    const std::size_t length = r.get();
    return static_cast<std::size_t>(r.position() - bytes) + length;
}

std::size_t thawMachine(const std::uint8_t* bytes, const FreezeContext& context, ConnectionMachine& m)
{
    VarintReader r(bytes);
    const std::size_t length = r.get();
    const std::size_t header = static_cast<std::size_t>(r.position() - bytes);
    m.flows[0] = TcpFlowState{};
    m.flows[1] = TcpFlowState{};
    m.flows[0].baseSeq = r.get32();
    m.flows[1].baseSeq = r.get32();
    thawFlow(m.flows[0], m.flows[1], context, r);
    thawFlow(m.flows[1], m.flows[0], context, r);
    const std::uint32_t hints[2] = {m.flows[0].baseSeq, m.flows[1].baseSeq};
    m.lifecycle.decode(r, hints);
    return header + length;
}

} // namespace synscope
