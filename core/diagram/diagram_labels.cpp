#include "diagram/diagram_labels.h"

#include "decode/frame_context.h"
#include "decode/protocols/icmp_names.h"
#include "diagram/sequence_diagram.h"

#include <cctype>

namespace synscope {

namespace {

std::string lower(std::string s)
{
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

} // namespace

std::string phaseName(PhaseKind kind)
{
    switch (kind) {
    case PhaseKind::Handshake: return "Three-way handshake";
    case PhaseKind::SimultaneousOpen: return "Simultaneous open";
    case PhaseKind::Refused: return "Refused (RST)";
    case PhaseKind::Rejected: return "Rejected (ICMP)";
    case PhaseKind::Unanswered: return "No answer";
    case PhaseKind::Incomplete: return "Incomplete handshake (no final ACK)";
    case PhaseKind::HandshakeNotCaptured: return "Handshake not captured";
    case PhaseKind::Data: return "Data";
    case PhaseKind::Teardown: return "Teardown";
    case PhaseKind::Reset: return "Reset";
    case PhaseKind::HalfClose: return "Half-close";
    }
    return {};
}

std::string tcpFlagsLabel(std::uint16_t flags)
{
    static const char kLetters[] = "FSRP.UEW";
    std::string s = "[";
    for (int b = 0; b < 8; ++b)
        if (flags & (1u << b))
            s += kLetters[b];
    if (s.size() == 1)
        s += "none";
    return s + "]";
}

std::string icmpLabel(const IcmpInfo& m, bool v6)
{
    const char* code = v6 ? icmpv6CodeName(m.type, m.code) : icmpCodeName(m.type, m.code);
    const std::string what = code ? lower(code) : lower(v6 ? icmpv6TypeName(m.type) : icmpTypeName(m.type));
    return std::string(v6 ? "ICMPv6 " : "ICMP ") + what;
}

std::string markerOf(std::uint32_t f, std::uint32_t dupAckNum, bool badChecksum)
{
    using namespace tcpanalysis;
    std::string m;
    auto add = [&](const std::string& s) {
        if (!m.empty())
            m += ", ";
        m += s;
    };
    if (f & kFastRetransmission)
        add("Fast retransmission");
    else if (f & kSpuriousRetransmission)
        add("Spurious retransmission");
    else if (f & kRetransmission)
        add("Retransmission");
    if (f & kOutOfOrder)
        add("Out-of-order");
    if (f & kLostSegment)
        add("Previous segment not captured");
    if (f & kAckLostSegment)
        add("ACKed unseen segment");
    if (f & kDuplicateAck)
        add("Dup ACK #" + std::to_string(dupAckNum));
    if (f & kZeroWindowProbe)
        add("Zero-window probe");
    else if (f & kZeroWindow)
        add("Zero window");
    if (f & kWindowFull)
        add("Window full");
    if (f & kKeepAlive)
        add("Keep-alive");
    if (badChecksum)
        add("Bad checksum");
    return m;
}

} // namespace synscope
