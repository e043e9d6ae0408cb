#include "packet_crafter.h"

#include <sstream>

namespace synscope::testkit {

namespace {

void put16(Bytes& b, std::uint16_t v)
{
    b.push_back(static_cast<std::uint8_t>(v >> 8));
    b.push_back(static_cast<std::uint8_t>(v));
}
void put32(Bytes& b, std::uint32_t v)
{
    for (int i = 3; i >= 0; --i)
        b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void append(Bytes& b, const Bytes& more) { b.insert(b.end(), more.begin(), more.end()); }
void appendAddress(Bytes& b, const IpAddress& a) { b.insert(b.end(), a.bytes.begin(), a.bytes.begin() + a.byteLength()); }

std::uint32_t sum16(std::uint32_t sum, const std::uint8_t* p, std::size_t n)
{
    for (std::size_t i = 0; i + 1 < n; i += 2)
        sum += (p[i] << 8) | p[i + 1];
    if (n % 2)
        sum += p[n - 1] << 8;
    return sum;
}
std::uint16_t fold(std::uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum);
}
std::uint16_t pseudoChecksum(const IpAddress& src, const IpAddress& dst, std::uint8_t proto, const Bytes& segment)
{
    std::uint32_t sum = sum16(0, src.bytes.data(), src.byteLength());
    sum = sum16(sum, dst.bytes.data(), dst.byteLength());
    sum += proto;
    sum += static_cast<std::uint32_t>(segment.size() >> 16) + static_cast<std::uint32_t>(segment.size() & 0xffff);
    return fold(sum16(sum, segment.data(), segment.size()));
}
void setChecksum(Bytes& b, std::size_t at, std::uint16_t c)
{
    b[at] = static_cast<std::uint8_t>(c >> 8);
    b[at + 1] = static_cast<std::uint8_t>(c);
}

} // namespace

Bytes bytesOf(std::string_view text) { return Bytes(text.begin(), text.end()); }

MacAddress mac(std::uint8_t last)
{
    MacAddress m;
    m.bytes = {0x02, 0x00, 0x00, 0x00, 0x00, last};
    return m;
}

IpAddress ip(const char* text) { return IpAddress::fromString(text); }

Bytes ethernet(const MacAddress& src, const MacAddress& dst, std::uint16_t etherType, const Bytes& payload)
{
    return ethernetTagged(src, dst, {}, etherType, payload);
}

Bytes ethernetTagged(const MacAddress& src, const MacAddress& dst, const std::vector<std::array<std::uint16_t, 2>>& tags,
                     std::uint16_t etherType, const Bytes& payload)
{
    Bytes b(dst.bytes.begin(), dst.bytes.end());
    b.insert(b.end(), src.bytes.begin(), src.bytes.end());
    for (const auto& t : tags) {
        put16(b, t[0]);
        put16(b, t[1]);
    }
    put16(b, etherType);
    append(b, payload);
    // Ethernet pads frames to 60 bytes (without the FCS), as a sending NIC does.
    while (b.size() < 60)
        b.push_back(0);
    return b;
}

Bytes ethernetIp(const MacAddress& src, const MacAddress& dst, const Bytes& ipPacket)
{
    const std::uint16_t type = (!ipPacket.empty() && (ipPacket[0] >> 4) == 6) ? 0x86dd : 0x0800;
    return ethernet(src, dst, type, ipPacket);
}

Bytes linuxSll(std::uint16_t packetType, const MacAddress& src, std::uint16_t protocol, const Bytes& payload)
{
    Bytes b;
    put16(b, packetType);
    put16(b, 1); // ARPHRD_ETHER
    put16(b, 6);
    b.insert(b.end(), src.bytes.begin(), src.bytes.end());
    b.push_back(0);
    b.push_back(0);
    put16(b, protocol);
    append(b, payload);
    return b;
}

Bytes linuxSll2(std::uint16_t protocol, std::uint32_t ifindex, std::uint8_t packetType, const MacAddress& src,
                const Bytes& payload)
{
    Bytes b;
    put16(b, protocol);
    put16(b, 0);
    put32(b, ifindex);
    put16(b, 1); // ARPHRD_ETHER
    b.push_back(packetType);
    b.push_back(6);
    b.insert(b.end(), src.bytes.begin(), src.bytes.end());
    b.push_back(0);
    b.push_back(0);
    append(b, payload);
    return b;
}

Bytes nullLoopback(std::uint32_t family, bool bigEndian, const Bytes& payload)
{
    Bytes b;
    if (bigEndian)
        put32(b, family);
    else
        for (int i = 0; i < 4; ++i)
            b.push_back(static_cast<std::uint8_t>(family >> (8 * i)));
    append(b, payload);
    return b;
}

Bytes pppoeSession(std::uint16_t sessionId, std::uint16_t pppProtocol, const Bytes& payload)
{
    Bytes b{0x11, 0x00};
    put16(b, sessionId);
    put16(b, static_cast<std::uint16_t>(payload.size() + 2));
    put16(b, pppProtocol);
    append(b, payload);
    return b;
}

Bytes ipv4(const IpAddress& src, const IpAddress& dst, std::uint8_t protocol, const Bytes& payload, const Ipv4Options& o)
{
    const std::size_t headerLength = 20 + o.options.size();
    Bytes b;
    const std::size_t ihl = o.headerLengthOverride >= 0 ? static_cast<std::size_t>(o.headerLengthOverride) : headerLength;
    b.push_back(static_cast<std::uint8_t>(0x40 | ((ihl / 4) & 0x0f)));
    b.push_back(o.tos);
    put16(b, static_cast<std::uint16_t>(o.totalLengthOverride >= 0 ? o.totalLengthOverride
                                                                   : static_cast<int>(headerLength + payload.size())));
    put16(b, o.id);
    put16(b, static_cast<std::uint16_t>((o.dontFragment ? 0x4000 : 0) | (o.moreFragments ? 0x2000 : 0) |
                                        ((o.fragmentOffset / 8) & 0x1fff)));
    b.push_back(o.ttl);
    b.push_back(protocol);
    put16(b, 0);
    appendAddress(b, src);
    appendAddress(b, dst);
    append(b, o.options);
    std::uint16_t c = fold(sum16(0, b.data(), b.size()));
    if (o.badChecksum)
        c ^= 0x5a5a;
    setChecksum(b, 10, c);
    append(b, payload);
    return b;
}

Bytes ipv6(const IpAddress& src, const IpAddress& dst, std::uint8_t nextHeader, const Bytes& payload,
           std::uint8_t hopLimit, const std::vector<Ipv6Extension>& extensions, int payloadLengthOverride)
{
    Bytes ext;
    for (std::size_t i = 0; i < extensions.size(); ++i) {
        const Ipv6Extension& x = extensions[i];
        const std::uint8_t next = i + 1 < extensions.size() ? extensions[i + 1].type : nextHeader;
        ext.push_back(next);
        if (x.type == 44) {
            ext.push_back(0); // reserved; a fragment header is always 8 bytes
        } else {
            ext.push_back(static_cast<std::uint8_t>((x.body.size() + 2) / 8 - 1));
        }
        append(ext, x.body);
    }
    Bytes b{0x60, 0x00, 0x00, 0x00};
    put16(b, static_cast<std::uint16_t>(payloadLengthOverride >= 0 ? payloadLengthOverride
                                                                    : static_cast<int>(ext.size() + payload.size())));
    b.push_back(extensions.empty() ? nextHeader : extensions[0].type);
    b.push_back(hopLimit);
    appendAddress(b, src);
    appendAddress(b, dst);
    append(b, ext);
    append(b, payload);
    return b;
}

Bytes arp(std::uint16_t opcode, const MacAddress& senderMac, const IpAddress& senderIp, const MacAddress& targetMac,
          const IpAddress& targetIp)
{
    Bytes b;
    put16(b, 1);
    put16(b, 0x0800);
    b.push_back(6);
    b.push_back(4);
    put16(b, opcode);
    b.insert(b.end(), senderMac.bytes.begin(), senderMac.bytes.end());
    appendAddress(b, senderIp);
    b.insert(b.end(), targetMac.bytes.begin(), targetMac.bytes.end());
    appendAddress(b, targetIp);
    return b;
}

Bytes tcp(const IpAddress& src, const IpAddress& dst, const TcpSpec& s)
{
    Bytes options = s.options;
    while (options.size() % 4)
        options.push_back(0); // EOL padding
    Bytes b;
    put16(b, s.srcPort);
    put16(b, s.dstPort);
    put32(b, s.seq);
    put32(b, s.ack);
    const std::size_t words = s.dataOffsetOverride >= 0 ? static_cast<std::size_t>(s.dataOffsetOverride)
                                                        : (20 + options.size()) / 4;
    b.push_back(static_cast<std::uint8_t>((words << 4) | ((s.flags >> 8) & 0x0f)));
    b.push_back(static_cast<std::uint8_t>(s.flags));
    put16(b, s.window);
    put16(b, 0);
    put16(b, s.urgent);
    append(b, options);
    append(b, s.payload);
    std::uint16_t c = pseudoChecksum(src, dst, 6, b);
    if (s.badChecksum)
        c ^= 0x1234;
    setChecksum(b, 16, c);
    return b;
}

Bytes udp(const IpAddress& src, const IpAddress& dst, std::uint16_t srcPort, std::uint16_t dstPort, const Bytes& payload,
          bool zeroChecksum)
{
    Bytes b;
    put16(b, srcPort);
    put16(b, dstPort);
    put16(b, static_cast<std::uint16_t>(payload.size() + 8));
    put16(b, 0);
    append(b, payload);
    if (!zeroChecksum) {
        std::uint16_t c = pseudoChecksum(src, dst, 17, b);
        setChecksum(b, 6, c == 0 ? 0xffff : c);
    }
    return b;
}

Bytes icmpv4(std::uint8_t type, std::uint8_t code, std::uint32_t rest, const Bytes& payload)
{
    Bytes b{type, code, 0, 0};
    put32(b, rest);
    append(b, payload);
    setChecksum(b, 2, fold(sum16(0, b.data(), b.size())));
    return b;
}

Bytes icmpv6(const IpAddress& src, const IpAddress& dst, std::uint8_t type, std::uint8_t code, std::uint32_t rest,
             const Bytes& payload)
{
    Bytes b{type, code, 0, 0};
    put32(b, rest);
    append(b, payload);
    setChecksum(b, 2, pseudoChecksum(src, dst, 58, b));
    return b;
}

Bytes linuxSynOptions(std::uint16_t mss, std::uint8_t windowScale, std::uint32_t tsVal, std::uint32_t tsEcr)
{
    Bytes b{2, 4};
    put16(b, mss);
    b.push_back(4); // SACK permitted
    b.push_back(2);
    b.push_back(8); // timestamps
    b.push_back(10);
    put32(b, tsVal);
    put32(b, tsEcr);
    b.push_back(1);
    b.push_back(3);
    b.push_back(3);
    b.push_back(windowScale);
    return b;
}

Bytes timestampOptions(std::uint32_t tsVal, std::uint32_t tsEcr)
{
    Bytes b{1, 1, 8, 10};
    put32(b, tsVal);
    put32(b, tsEcr);
    return b;
}

namespace {
void putName(Bytes& b, const std::string& name)
{
    std::stringstream ss(name);
    std::string label;
    while (std::getline(ss, label, '.')) {
        if (label.empty())
            continue;
        b.push_back(static_cast<std::uint8_t>(label.size()));
        b.insert(b.end(), label.begin(), label.end());
    }
    b.push_back(0);
}
} // namespace

Bytes dnsQuery(std::uint16_t id, const std::string& name, std::uint16_t type)
{
    Bytes b;
    put16(b, id);
    put16(b, 0x0100); // standard query, recursion desired
    put16(b, 1);
    put16(b, 0);
    put16(b, 0);
    put16(b, 0);
    putName(b, name);
    put16(b, type);
    put16(b, 1);
    return b;
}

Bytes dnsResponse(std::uint16_t id, const std::string& name, std::uint16_t type, const std::vector<IpAddress>& answers,
                  std::uint8_t rcode)
{
    Bytes b;
    put16(b, id);
    put16(b, static_cast<std::uint16_t>(0x8180 | rcode));
    put16(b, 1);
    put16(b, static_cast<std::uint16_t>(answers.size()));
    put16(b, 0);
    put16(b, 0);
    putName(b, name);
    put16(b, type);
    put16(b, 1);
    for (const IpAddress& a : answers) {
        put16(b, 0xc00c); // pointer to the question's name
        put16(b, a.version == 6 ? 28 : 1);
        put16(b, 1);
        put32(b, 300);
        put16(b, static_cast<std::uint16_t>(a.byteLength()));
        appendAddress(b, a);
    }
    return b;
}

} // namespace synscope::testkit
