#include "tcp_conversation.h"

#include "decode/packet.h"

namespace synscope::testkit {

TcpConversation::TcpConversation(CaptureScript& script, Host client, std::uint16_t clientPort, Host server,
                                 std::uint16_t serverPort, std::uint32_t clientIsn, std::uint32_t serverIsn)
    : script_(script), client_(client), server_(server), clientPort_(clientPort), serverPort_(serverPort),
      isn_{clientIsn, serverIsn}, next_{clientIsn, serverIsn}
{
}

Bytes TcpConversation::send(Side from, std::uint16_t flags, const Bytes& payload)
{
    return sendWithAck(from, flags, next_[index(otherSide(from))], payload);
}

Bytes TcpConversation::sendWithAck(Side from, std::uint16_t flags, std::uint32_t ack, const Bytes& payload)
{
    const Host& src = host(from);
    const Host& dst = host(otherSide(from));
    TcpSpec s;
    s.srcPort = port(from);
    s.dstPort = port(otherSide(from));
    const bool syn = flags & tcpflag::kSyn;
    if (syn) {
        // A SYN (or its retransmission) carries the initial sequence number.
        next_[index(from)] = isn_[index(from)];
        s.options = linuxSynOptions(1460, 7, 1000000 + ipId_, (flags & tcpflag::kAck) ? 1000000 : 0);
        s.window = 64240;
    } else {
        s.window = 502;
    }
    s.seq = next_[index(from)];
    s.ack = (flags & tcpflag::kAck) ? ack : 0;
    s.flags = flags;
    s.payload = payload;
    if (flags & tcpflag::kRst)
        s.window = 0;
    next_[index(from)] += static_cast<std::uint32_t>(payload.size()) + (syn ? 1u : 0u) +
                          ((flags & tcpflag::kFin) ? 1u : 0u);
    const Bytes segment = tcp(src.address, dst.address, s);
    if (src.address.version == 6) {
        lastIp_ = ipv6(src.address, dst.address, 6, segment);
    } else {
        Ipv4Options o;
        o.id = ipId_++;
        lastIp_ = ipv4(src.address, dst.address, 6, segment, o);
    }
    const Bytes frame = ethernetIp(src.macAddress, dst.macAddress, lastIp_);
    script_.add(frame);
    script_.advance(gap_);
    return frame;
}

Bytes TcpConversation::resend(Side from, std::uint32_t seq, std::size_t bytes)
{
    const std::uint32_t saved = next_[index(from)];
    next_[index(from)] = seq;
    Bytes payload(bytes);
    for (std::size_t i = 0; i < bytes; ++i)
        payload[i] = static_cast<std::uint8_t>('a' + i % 26);
    Bytes frame = send(from, tcpflag::kPsh | tcpflag::kAck, payload);
    next_[index(from)] = saved;
    return frame;
}

TcpConversation& TcpConversation::syn()
{
    send(Side::Client, tcpflag::kSyn);
    return *this;
}

TcpConversation& TcpConversation::synRetransmit() { return syn(); }

TcpConversation& TcpConversation::synAck()
{
    send(Side::Server, tcpflag::kSyn | tcpflag::kAck);
    return *this;
}

TcpConversation& TcpConversation::ack(Side from)
{
    send(from, tcpflag::kAck);
    return *this;
}

TcpConversation& TcpConversation::data(Side from, std::size_t bytes)
{
    Bytes payload(bytes);
    for (std::size_t i = 0; i < bytes; ++i)
        payload[i] = static_cast<std::uint8_t>('a' + i % 26);
    send(from, tcpflag::kPsh | tcpflag::kAck, payload);
    return *this;
}

TcpConversation& TcpConversation::data(Side from, const std::string& text)
{
    send(from, tcpflag::kPsh | tcpflag::kAck, bytesOf(text));
    return *this;
}

TcpConversation& TcpConversation::fin(Side from)
{
    send(from, tcpflag::kFin | tcpflag::kAck);
    return *this;
}

TcpConversation& TcpConversation::rst(Side from, bool withAck)
{
    send(from, withAck ? (tcpflag::kRst | tcpflag::kAck) : tcpflag::kRst);
    return *this;
}

TcpConversation& TcpConversation::finCrossing(Side from)
{
    // Acknowledges what the peer sent before its FIN, not the FIN itself.
    sendWithAck(from, tcpflag::kFin | tcpflag::kAck, next_[index(otherSide(from))] - 1);
    return *this;
}

} // namespace synscope::testkit
