#include "bench_capture.h"

#include "capture_script.h"
#include "decode/packet.h"
#include "tcp_conversation.h"

#include <deque>
#include <functional>
#include <memory>
#include <random>

namespace synscope::testkit {

namespace {

// One conversation in flight: its packets as steps, emitted one at a time between other sessions'.
struct Session {
    std::unique_ptr<TcpConversation> tcp;
    std::deque<std::function<void()>> steps;
    std::int64_t readyAtNs = 0; // a step may make the session wait (a SYN retried after 1 s)
};

class BenchBuilder {
public:
    BenchBuilder(CaptureScript& script) : script_(script), rng_(20261121) {}

    void run(std::uint64_t packets)
    {
        while (emitted_ < packets) {
            while (active_.size() < 256)
                active_.push_back(newSession());
            std::uniform_int_distribution<std::size_t> pick(0, active_.size() - 1);
            std::size_t i = pick(rng_);
            // A waiting session lets the others go on; time never jumps for everyone.
            for (std::size_t tries = 0; active_[i]->readyAtNs > script_.now().toNanoseconds() && tries < active_.size();
                 ++tries)
                i = (i + 1) % active_.size();
            if (active_[i]->readyAtNs > script_.now().toNanoseconds()) {
                script_.advance(100000);
                continue;
            }
            Session& s = *active_[i];
            s.steps.front()();
            s.steps.pop_front();
            ++emitted_;
            script_.advance(std::uniform_int_distribution<std::int64_t>(5000, 90000)(rng_));
            if (s.steps.empty()) {
                active_[i] = std::move(active_.back());
                active_.pop_back();
            }
        }
    }
    std::uint64_t connections() const { return connections_; }

private:
    Host host(bool v6, bool server, std::uint32_t n)
    {
        char text[64];
        if (v6)
            std::snprintf(text, sizeof text, server ? "2001:db8:ffff::%x" : "2001:db8:%x::%x", server ? n : n / 200 + 1,
                          n % 200 + 1);
        else
            std::snprintf(text, sizeof text, server ? "203.0.113.%u" : "10.%u.%u.%u", server ? n % 250 + 1 : (n >> 16) & 0xff,
                          (n >> 8) & 0xff, n & 0xff);
        return Host{ip(text), mac(static_cast<std::uint8_t>(server ? 0xfe : 0x10 + n % 200))};
    }

    std::unique_ptr<Session> newSession()
    {
        auto s = std::make_unique<Session>();
        const int kind = std::uniform_int_distribution<int>(0, 99)(rng_);
        if (kind < 12)
            dns(*s);
        else if (kind < 14)
            ping(*s);
        else
            tcpSession(*s, kind);
        return s;
    }

    void dns(Session& s)
    {
        const Host client = host(false, false, nextClient_++ % 60000 + 2);
        const Host resolver = host(false, true, 53);
        const auto id = static_cast<std::uint16_t>(rng_());
        const std::uint16_t port = static_cast<std::uint16_t>(20000 + rng_() % 40000);
        const std::string name = "host" + std::to_string(rng_() % 5000) + ".example.com";
        s.steps.push_back([=, this] {
            script_.add(ethernetIp(client.macAddress, resolver.macAddress,
                                   ipv4(client.address, resolver.address, 17,
                                        udp(client.address, resolver.address, port, 53, dnsQuery(id, name, 1)))));
        });
        s.steps.push_back([=, this] {
            script_.add(ethernetIp(resolver.macAddress, client.macAddress,
                                   ipv4(resolver.address, client.address, 17,
                                        udp(resolver.address, client.address, 53, port,
                                            dnsResponse(id, name, 1, {ip("198.51.100.7"), ip("198.51.100.8")})))));
        });
    }

    void ping(Session& s)
    {
        const Host client = host(false, false, nextClient_++ % 60000 + 2);
        const Host server = host(false, true, 99);
        const std::uint32_t rest = (rng_() & 0xffff) << 16 | 1;
        const Bytes payload(56, 0x42);
        s.steps.push_back([=, this] {
            script_.add(ethernetIp(client.macAddress, server.macAddress,
                                   ipv4(client.address, server.address, 1, icmpv4(8, 0, rest, payload))));
        });
        s.steps.push_back([=, this] {
            script_.add(ethernetIp(server.macAddress, client.macAddress,
                                   ipv4(server.address, client.address, 1, icmpv4(0, 0, rest, payload))));
        });
    }

    void tcpSession(Session& s, int kind)
    {
        const bool v6 = kind % 10 == 3; // about one connection in ten over IPv6
        const Host client = host(v6, false, nextClient_++ % 60000 + 2);
        const Host server = host(v6, true, static_cast<std::uint32_t>(rng_() % 40));
        const std::uint16_t cport = static_cast<std::uint16_t>(1024 + (nextPort_++ % 60000));
        ++connections_;
        s.tcp = std::make_unique<TcpConversation>(script_, client, cport, server, kind < 20 ? 5432 : 443,
                                                  static_cast<std::uint32_t>(rng_()), static_cast<std::uint32_t>(rng_()));
        TcpConversation* c = s.tcp.get();
        c->setGap(0);
        auto add = [&s](std::function<void()> f) { s.steps.push_back(std::move(f)); };
        if (kind < 18) { // refused
            add([c] { c->syn(); });
            add([c] { c->rst(Side::Server); });
            return;
        }
        if (kind < 20) { // unanswered: three SYNs, 1 s apart
            Session* session = &s;
            for (int i = 0; i < 3; ++i)
                add([c, this, session] {
                    c->syn();
                    session->readyAtNs = script_.now().toNanoseconds() + 1000000000;
                });
            return;
        }
        if (kind < 22) { // rejected by ICMP port unreachable
            add([c] { c->syn(); });
            add([c, client, server, v6, this] {
                const Bytes quoted = c->lastIpPacket();
                const Bytes error = v6 ? ipv6(server.address, client.address, 58,
                                              icmpv6(server.address, client.address, 1, 4, 0, quoted))
                                       : ipv4(server.address, client.address, 1, icmpv4(3, 3, 0, quoted));
                script_.add(ethernetIp(server.macAddress, client.macAddress, error));
            });
            return;
        }
        add([c] { c->syn(); });
        add([c] { c->synAck(); });
        add([c] { c->ack(Side::Client); });
        const std::size_t request = 200 + rng_() % 500;
        add([c, request] { c->data(Side::Client, request); });
        const int segments = std::uniform_int_distribution<int>(1, 14)(rng_);
        for (int i = 0; i < segments; ++i) {
            const std::size_t size = i + 1 < segments ? 1448 : 1 + rng_() % 1448;
            const bool retransmit = rng_() % 100 == 0;
            add([c, size] { c->data(Side::Server, size); });
            if (retransmit) {
                add([c] { c->ack(Side::Client); });
                add([c] { c->ack(Side::Client); }); // a duplicate ACK
                add([c, size] { c->resend(Side::Server, c->nextSeq(Side::Server) - static_cast<std::uint32_t>(size), size); });
            }
            if (i % 2 == 1 || i + 1 == segments)
                add([c] { c->ack(Side::Client); });
        }
        const int close = std::uniform_int_distribution<int>(0, 99)(rng_);
        if (close < 50) {
            add([c] { c->fin(Side::Client); });
            add([c] { c->ack(Side::Server); });
            add([c] { c->fin(Side::Server); });
            add([c] { c->ack(Side::Client); });
        } else if (close < 65) {
            add([c] { c->fin(Side::Server); });
            add([c] { c->ack(Side::Client); });
            add([c] { c->fin(Side::Client); });
            add([c] { c->ack(Side::Server); });
        } else if (close < 85) {
            add([c] { c->fin(Side::Server); });
            add([c] { c->fin(Side::Client); });
            add([c] { c->ack(Side::Server); });
        } else if (close < 90) {
            add([c] { c->fin(Side::Client); });
            add([c] { c->finCrossing(Side::Server); });
            add([c] { c->ack(Side::Client); });
            add([c] { c->ack(Side::Server); });
        } else {
            add([c] { c->rst(Side::Client); });
        }
    }

    CaptureScript& script_;
    std::mt19937 rng_;
    std::vector<std::unique_ptr<Session>> active_;
    std::uint64_t emitted_ = 0;
    std::uint64_t connections_ = 0;
    std::uint32_t nextClient_ = 0;
    std::uint32_t nextPort_ = 0;
};

} // namespace

bool writeBenchCapture(const std::string& path, std::uint64_t packets, CaptureFileFormat format, std::string& error,
                       BenchCaptureStats* stats)
{
    CaptureScript script;
    CaptureWriter writer;
    if (!writer.open(path, format, script.interfaces(), error))
        return false;
    script.streamTo(&writer);
    BenchBuilder builder(script);
    builder.run(packets);
    if (!script.streamError().empty()) {
        error = script.streamError();
        return false;
    }
    if (stats) {
        stats->packets = writer.packetsWritten();
        stats->tcpConnections = builder.connections();
        stats->fileBytes = writer.bytesWritten();
    }
    return writer.close(error);
}

} // namespace synscope::testkit
