// FieldTree storage and buildFieldTree(): the frame node, then each layer's builder in order.
#include "decode/tree/tree_builders.h"

#include "common/link_types.h"

#include <cstdio>
#include <ctime>

namespace synscope {

int FieldTree::add(int parent, const char* name, std::string text, std::uint32_t offset, std::uint32_t length,
                   FieldValue value, FieldSeverity severity)
{
    const int index = static_cast<int>(nodes_.size());
    FieldNode& n = nodes_.emplace_back();
    n.name = name;
    n.text = std::move(text);
    n.offset = offset;
    n.length = length;
    n.value = std::move(value);
    n.severity = severity;
    n.parent = parent;
    if (parent >= 0) {
        FieldNode& p = nodes_[static_cast<std::size_t>(parent)];
        if (p.lastChild >= 0)
            nodes_[static_cast<std::size_t>(p.lastChild)].nextSibling = index;
        else
            p.firstChild = index;
        p.lastChild = index;
    }
    return index;
}

std::vector<int> FieldTree::children(int parent) const
{
    std::vector<int> out;
    if (parent < 0) {
        for (std::size_t i = 0; i < nodes_.size(); ++i)
            if (nodes_[i].parent < 0)
                out.push_back(static_cast<int>(i));
        return out;
    }
    for (int c = nodes_[static_cast<std::size_t>(parent)].firstChild; c >= 0; c = nodes_[static_cast<std::size_t>(c)].nextSibling)
        out.push_back(c);
    return out;
}

const FieldNode* FieldTree::first(std::string_view name) const
{
    for (const FieldNode& n : nodes_)
        if (name == n.name)
            return &n;
    return nullptr;
}

int FieldTree::deepestAt(std::uint32_t offset) const
{
    int best = -1;
    int bestDepth = -1;
    std::uint32_t bestLength = 0;
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
        const FieldNode& n = nodes_[i];
        if (n.length == 0 || offset < n.offset || offset - n.offset >= n.length)
            continue;
        int depth = 0;
        for (int p = n.parent; p >= 0; p = nodes_[static_cast<std::size_t>(p)].parent)
            ++depth;
        if (depth > bestDepth || (depth == bestDepth && n.length < bestLength)) {
            best = static_cast<int>(i);
            bestDepth = depth;
            bestLength = n.length;
        }
    }
    return best;
}

namespace tree {

std::string format(const char* fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    const int n = std::vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0)
        return {};
    if (static_cast<std::size_t>(n) < sizeof buf)
        return std::string(buf, static_cast<std::size_t>(n));
    std::string big(static_cast<std::size_t>(n) + 1, '\0');
    va_start(ap, fmt);
    std::vsnprintf(big.data(), big.size(), fmt, ap);
    va_end(ap);
    big.resize(static_cast<std::size_t>(n));
    return big;
}

std::string hexBytes(ByteReader bytes, const char* separator)
{
    static const char kDigits[] = "0123456789abcdef";
    std::string s;
    while (!bytes.atEnd()) {
        if (!s.empty())
            s += separator;
        const std::uint8_t b = bytes.u8();
        s += kDigits[b >> 4];
        s += kDigits[b & 0x0f];
    }
    return s;
}

std::string bitLine(std::uint32_t value, std::uint32_t mask, int bits, const char* label, const char* valueText)
{
    std::string s;
    for (int i = bits - 1; i >= 0; --i) {
        const std::uint32_t bit = 1u << i;
        s += (mask & bit) ? ((value & bit) ? '1' : '0') : '.';
        if (i % 4 == 0 && i != 0)
            s += ' ';
    }
    s += " = ";
    s += label;
    s += ": ";
    s += valueText;
    return s;
}

void addLayerProblems(Ctx& c, int node, const Layer& l)
{
    if (l.truncated)
        c.tree.add(node, "_ws.truncated", "[Packet size limited during capture: header cut short (truncated)]",
                   l.offset, l.length, std::string("truncated"), FieldSeverity::Warning);
    if (l.malformed)
        c.tree.add(node, "_ws.malformed", format("[Malformed: %s]", l.malformed), l.offset, l.length,
                   std::string(l.malformed), FieldSeverity::Error);
}

void addData(Ctx& c, const Layer& l, int parent)
{
    const int n = c.tree.add(parent, "data", format("Data (%u byte%s)", l.length, l.length == 1 ? "" : "s"), l.offset,
                             l.length);
    std::string hex = hexBytes(c.bytes(l.offset, l.offset + std::min<std::uint32_t>(l.length, 32)));
    if (l.length > 32)
        hex += "…";
    c.tree.add(n, "data.data", "Data: " + hex, l.offset, l.length);
    c.tree.add(n, "data.len", format("[Length: %u]", l.length), 0, 0, std::uint64_t{l.length});
}

} // namespace tree

namespace {

constexpr int kDepthSlots = 8; // nesting depth of ICMP quotations is at most dissect::kMaxDepth + 1

std::string protocolsInFrame(const Packet& p)
{
    std::string s;
    for (const Layer& l : p.layers) {
        if (l.depth > 0 || l.proto == Proto::Data)
            continue;
        if (!s.empty())
            s += ':';
        switch (l.proto) {
        case Proto::Ethernet: s += "eth:ethertype"; break;
        case Proto::Vlan: s += "vlan:ethertype"; break;
        case Proto::LinuxSll:
        case Proto::LinuxSll2: s += "sll:ethertype"; break;
        default: s += protoAbbrev(l.proto); break;
        }
    }
    if (p.linkType == linktype::kRaw || p.linkType == linktype::kIpv4 || p.linkType == linktype::kIpv6)
        s = "raw:" + s;
    return s;
}

std::string epochText(const Timestamp& t)
{
    return tree::format("%lld.%09u", static_cast<long long>(t.seconds), t.nanoseconds);
}

// A signed duration in seconds with nanoseconds ("-0.000123000").
std::string durationText(std::int64_t ns)
{
    const std::uint64_t mag = ns < 0 ? 0 - static_cast<std::uint64_t>(ns) : static_cast<std::uint64_t>(ns);
    return tree::format("%s%llu.%09llu", ns < 0 ? "-" : "", static_cast<unsigned long long>(mag / 1000000000),
                        static_cast<unsigned long long>(mag % 1000000000));
}

std::string arrivalText(const Timestamp& ts)
{
    const std::time_t t = static_cast<std::time_t>(ts.seconds);
    std::tm tm{};
    char buf[64];
    if (!gmtime_r(&t, &tm) || std::strftime(buf, sizeof buf, "%b %e, %Y %H:%M:%S", &tm) == 0)
        return epochText(ts) + " seconds since 1970 (beyond the calendar)";
    return tree::format("%s.%09u UTC", buf, ts.nanoseconds);
}

} // namespace

void buildFieldTree(const Packet& packet, std::span<const std::uint8_t> frame, const FrameContext& context,
                    FieldTree& out)
{
    using namespace tree;
    out.clear();
    Ctx c{out, packet, frame, context};
    const std::uint32_t cap = packet.capturedLength;
    const int f = out.add(-1, "frame",
                          format("Frame %llu: %u bytes on wire (%u bits), %u bytes captured (%u bits)",
                                 static_cast<unsigned long long>(context.number), packet.originalLength,
                                 packet.originalLength * 8, cap, cap * 8),
                          0, cap);
    out.add(f, "frame.interface_id",
            context.interfaceName.empty()
                ? format("Interface id: %u", context.interfaceId)
                : format("Interface id: %u (%.*s)", context.interfaceId, static_cast<int>(context.interfaceName.size()),
                         context.interfaceName.data()),
            0, 0, std::uint64_t{context.interfaceId});
    const char* ltName = linktype::name(packet.linkType);
    out.add(f, "frame.encap_type",
            format("Encapsulation type: %s (%u)", ltName ? ltName : "unknown", packet.linkType), 0, 0,
            std::uint64_t{packet.linkType});
    if (!context.comment.empty())
        out.add(f, "frame.comment",
                format("Comment: %.*s", static_cast<int>(context.comment.size()), context.comment.data()), 0, 0,
                std::string(context.comment), FieldSeverity::Note);
    out.add(f, "frame.time", "Arrival Time: " + arrivalText(context.time), 0, 0);
    const std::string epoch = epochText(context.time);
    out.add(f, "frame.time_epoch", "Epoch Time: " + epoch + " seconds", 0, 0, NumberText{epoch});
    out.add(f, "frame.time_relative",
            "[Time since first frame: " + durationText(context.time.minusNs(context.firstTime)) + " seconds]", 0, 0,
            NumberText{durationText(context.time.minusNs(context.firstTime))});
    out.add(f, "frame.number", format("Frame Number: %llu", static_cast<unsigned long long>(context.number)), 0, 0,
            std::uint64_t{context.number});
    out.add(f, "frame.len", format("Frame Length: %u bytes (%u bits)", packet.originalLength, packet.originalLength * 8),
            0, 0, std::uint64_t{packet.originalLength});
    out.add(f, "frame.cap_len", format("Capture Length: %u bytes (%u bits)", cap, cap * 8), 0, 0, std::uint64_t{cap});
    const std::string protocols = protocolsInFrame(packet);
    out.add(f, "frame.protocols", "[Protocols in frame: " + protocols + "]", 0, 0, protocols);
    if (cap < packet.originalLength)
        out.add(f, "", format("[%u bytes not captured (snapshot length)]", packet.originalLength - cap), 0, 0, {},
                FieldSeverity::Note);

    // Layers nested in an ICMP error hang below the ICMP node; the stack tracks the parent per depth.
    int parentAtDepth[kDepthSlots] = {-1, -1, -1, -1, -1, -1, -1, -1};
    for (const Layer& l : packet.layers) {
        const int parent = l.depth == 0 ? -1 : parentAtDepth[l.depth];
        const std::size_t before = out.size();
        switch (l.proto) {
        case Proto::Ethernet: addEthernet(c, l); break;
        case Proto::Llc: addLlc(c, l); break;
        case Proto::Vlan: addVlan(c, l); break;
        case Proto::LinuxSll:
        case Proto::LinuxSll2: addLinuxSll(c, l); break;
        case Proto::Null: addNull(c, l); break;
        case Proto::PppoeSession: addPppoe(c, l); break;
        case Proto::Ppp: addPpp(c, l); break;
        case Proto::Arp: addArp(c, l); break;
        case Proto::Ipv4: addIpv4(c, l, parent); break;
        case Proto::Ipv6: addIpv6(c, l, parent); break;
        case Proto::Tcp: addTcp(c, l, parent); break;
        case Proto::Udp: addUdp(c, l, parent); break;
        case Proto::Icmp: addIcmp(c, l, parent); break;
        case Proto::Icmpv6: addIcmpv6(c, l, parent); break;
        case Proto::Dns: addDns(c, l); break;
        case Proto::Data: addData(c, l, parent); break;
        }
        // The quotation of an ICMP error nests under the ICMP node.
        if ((l.proto == Proto::Icmp || l.proto == Proto::Icmpv6) && out.size() > before && l.depth + 1 < kDepthSlots)
            parentAtDepth[l.depth + 1] = static_cast<int>(before);
    }
}

} // namespace synscope
