#include "diagram/diagram_numbers.h"

#include "common/text_append.h"
#include "decode/packet.h"

namespace synscope {

SymbolicBases SymbolicBases::initial()
{
    SymbolicBases b;
    b.side[0].push_back({0, "x", 0});
    b.side[1].push_back({0, "y", 0});
    return b;
}

std::string SymbolicBases::at(int s, std::uint32_t value, std::size_t arrow) const
{
    const Base* best = nullptr;
    for (const Base& b : side[s])
        if (b.fromArrow <= arrow && b.value <= value && (!best || b.fromArrow >= best->fromArrow))
            best = &b;
    if (!best)
        return std::to_string(value);
    const std::uint32_t offset = value - best->value;
    return offset ? best->name + "+" + std::to_string(offset) : best->name;
}

SymbolicBases teardownBases(const std::vector<std::size_t>& ids, const std::vector<TcpNumbers>& numbers,
                            ClosedBy closedBy, std::size_t closeStart)
{
    SymbolicBases b = SymbolicBases::initial();
    const int active = closedBy == ClosedBy::Server ? 1 : 0;
    const int passive = 1 - active;
    bool seenActiveFin = false, seenPassiveAck = false;
    for (std::size_t id : ids) {
        const TcpNumbers& t = numbers[id];
        if (!t.tcp || !t.relativeKnown || id < closeStart)
            continue;
        const int side = t.fromClient ? 0 : 1;
        if (side == active && (t.flags & tcpflag::kFin) && !seenActiveFin) {
            b.side[active].push_back({t.relSeq, "u", id});
            seenActiveFin = true;
        } else if (side == passive && seenActiveFin) {
            if (t.flags & tcpflag::kFin) {
                b.side[passive].push_back({t.relSeq, "w", id});
                break;
            }
            if (!seenPassiveAck) {
                b.side[passive].push_back({t.relSeq, "v", id});
                seenPassiveAck = true;
            }
        }
    }
    return b;
}

void writeArrowNumbers(SequenceDiagram& d, const std::vector<TcpNumbers>& numbers, DiagramNumbers numbering,
                       const std::map<std::uint32_t, SymbolicBases>& symbolic)
{
    const SymbolicBases plain = SymbolicBases::initial();
    for (std::size_t id = 0; id < d.arrows.size(); ++id) {
        DiagramArrow& a = d.arrows[id];
        const TcpNumbers& t = numbers[id];
        if (!t.tcp || a.kind != ArrowKind::Tcp)
            continue;
        const bool syn = t.flags & tcpflag::kSyn, ack = t.flags & tcpflag::kAck;
        std::string s;
        const bool absolute = numbering == DiagramNumbers::Absolute || !t.relativeKnown;
        if (numbering == DiagramNumbers::Symbolic && t.relativeKnown && a.stream != 0xffffffffu) {
            auto it = symbolic.find(a.stream);
            const SymbolicBases& b = it != symbolic.end() ? it->second : plain;
            const int side = t.fromClient ? 0 : 1;
            s = "seq=" + b.at(side, t.relSeq, id);
            if (ack)
                s += " ack=" + b.at(1 - side, t.relAck, id);
        } else {
            appendAll(s, "seq=", absolute ? t.rawSeq : t.relSeq);
            if (ack)
                appendAll(s, " ack=", absolute ? t.rawAck : t.relAck);
        }
        if (t.len || !syn)
            appendAll(s, " len=", t.len);
        appendAll(s, " win=", t.window);
        a.numbers = std::move(s);
    }
}

} // namespace synscope
