#pragma once
// Internal to core/decode: the state of printing one packet in tcpdump's style.
#include "decode/byte_reader.h"
#include "decode/text/tcpdump_text.h"

namespace synscope {

struct TcpdumpPrinter {
    TcpdumpFormatter& formatter;
    const Packet& packet;
    std::span<const std::uint8_t> frame;
    const FrameContext& context;
    std::string& out;

    void printPacket();

    // Per layer; `i` indexes packet.layers. Each returns after printing the rest of the line.
    void printNetwork(std::size_t i);
    void printIpv4(std::size_t i);
    void printIpv6(std::size_t i);
    // One IPv6 extension header at `at`; false when the line ends there (truncated or invalid).
    bool printIpv6Extension(std::uint8_t type, std::uint32_t at, const Ipv6Info& ip, const Layer& l,
                            std::uint32_t declared);
    void printArp(const Layer& l);
    // `fragmented`: the datagram is the first of several fragments, so lengths cannot be checked.
    void printTransport(std::size_t i, const IpAddress& src, const IpAddress& dst, std::uint32_t segmentLength,
                        bool afterExtensionHeaders, bool fragmented);
    void printTcp(const Layer& l, const IpAddress& src, const IpAddress& dst, std::uint32_t segmentLength,
                  bool portsOnly);
    // The steps of printTcp (tcpdump_tcp.cpp); those returning bool return false when the line ends there.
    struct TcpNumbers {
        std::uint32_t seq = 0, ack = 0; // as printed: absolute or relative
        std::uint32_t sackBase = 0;     // subtracted from SACK edges
    };
    bool printTcpEndpoints(const TcpInfo& t, const IpAddress& src, const IpAddress& dst, std::uint32_t caplen,
                           bool portsOnly);
    void printTcpFlags(std::uint8_t flags);
    TcpNumbers tcpNumbers(const TcpInfo& t, const IpAddress& src, const IpAddress& dst, std::uint8_t flags);
    void printTcpNumbers(const TcpInfo& t, const TcpNumbers& n, std::uint8_t flags, std::uint32_t length);
    // `tcp`: the header's captured bytes, offsets from its first byte (tcpdump_tcp_options.cpp).
    bool printTcpOptions(const Layer& l, const ByteReader& tcp, std::uint32_t headerLength, std::uint8_t flags,
                         std::uint32_t sackBase);
    // `payload`: its captured bytes, `length` its length by the IP header (tcpdump_tcp_payload.cpp).
    void printTcpPayload(const Layer& l, const TcpInfo& t, const ByteReader& payload, std::uint32_t length);
    void printUdp(const Layer& l, const IpAddress& src, const IpAddress& dst, std::uint32_t segmentLength,
                  bool portsOnly, bool fragmented);
    void printIcmp(std::size_t i, std::uint32_t length);
    void printIcmpv6(std::size_t i, std::uint32_t length);
    void printDns(const Layer& l, std::uint32_t messageLength);

    // Helpers.
    void addr(const IpAddress& a);
    void addrPort(const IpAddress& a, std::uint16_t port);
    void printf(const char* fmt, ...) __attribute__((format(printf, 2, 3)));
    const Layer* next(std::size_t i) const
    {
        return i + 1 < packet.layers.size() ? &packet.layers[i + 1] : nullptr;
    }
    std::uint32_t wireBytesFrom(std::uint32_t offset) const
    {
        return packet.originalLength > offset ? packet.originalLength - offset : 0;
    }
};

} // namespace synscope
