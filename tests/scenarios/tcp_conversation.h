#pragma once
// Scripts one TCP connection between two hosts into a CaptureScript, keeping both sides' sequence and
// acknowledgement numbers right, so a test reads like the textbook: syn(), synAck(), ack(), data(),
// fin(), ...
#include "analysis/tcp_states.h"
#include "capture_script.h"

namespace synscope::testkit {

struct Host {
    IpAddress address;
    MacAddress macAddress;
};

class TcpConversation {
public:
    TcpConversation(CaptureScript& script, Host client, std::uint16_t clientPort, Host server, std::uint16_t serverPort,
                    std::uint32_t clientIsn = 1000, std::uint32_t serverIsn = 5000);

    // Time between consecutive segments of this conversation (default 1 ms).
    void setGap(std::int64_t ns) { gap_ = ns; }
    // Sends a segment from `from` with `flags`, `payload`; ack = all the peer sent so far (if ACK set).
    // Returns the frame bytes written.
    Bytes send(Side from, std::uint16_t flags, const Bytes& payload = {});
    // Sends again bytes already sent, starting at `seq` (a retransmission); nextSeq() does not move.
    Bytes resend(Side from, std::uint32_t seq, std::size_t bytes);
    // Same, acknowledging only up to `ack` (for crossing FINs and partial ACKs).
    Bytes sendWithAck(Side from, std::uint16_t flags, std::uint32_t ack, const Bytes& payload = {});

    TcpConversation& syn();            // client SYN with Linux-style options
    TcpConversation& synRetransmit();  // the same SYN again
    TcpConversation& synAck();         // server SYN/ACK
    TcpConversation& ack(Side from);   // pure ACK of everything received
    TcpConversation& data(Side from, std::size_t bytes); // PSH/ACK with `bytes` of payload
    TcpConversation& data(Side from, const std::string& text);
    TcpConversation& fin(Side from);   // FIN/ACK
    TcpConversation& rst(Side from, bool withAck = true);
    // The peer's SYN or FIN not yet seen: a FIN that acknowledges only what came before it.
    TcpConversation& finCrossing(Side from);

    std::uint32_t nextSeq(Side s) const { return next_[index(s)]; }
    std::uint32_t isn(Side s) const { return isn_[index(s)]; }
    const Host& host(Side s) const { return s == Side::Client ? client_ : server_; }
    std::uint16_t port(Side s) const { return s == Side::Client ? clientPort_ : serverPort_; }
    // The IP packet (no link header) of the last segment sent, for quoting in ICMP errors.
    const Bytes& lastIpPacket() const { return lastIp_; }
    void setIpv4Id(std::uint16_t id) { ipId_ = id; }

private:
    static int index(Side s) { return s == Side::Client ? 0 : 1; }

    CaptureScript& script_;
    Host client_, server_;
    std::uint16_t clientPort_, serverPort_;
    std::uint32_t isn_[2];
    std::uint32_t next_[2];   // next sequence number each side will send
    bool synSent_[2] = {false, false};
    std::int64_t gap_ = 1000000;
    std::uint16_t ipId_ = 1;
    Bytes lastIp_;
};

} // namespace synscope::testkit
