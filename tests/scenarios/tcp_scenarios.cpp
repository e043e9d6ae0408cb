#include "tcp_scenarios.h"

#include "decode/packet.h"

namespace synscope::testkit {

ScenarioHosts scenarioHosts(bool ipv6)
{
    ScenarioHosts h;
    h.client = {ip(ipv6 ? "2001:db8::10" : "192.0.2.10"), mac(0x10)};
    h.server = {ip(ipv6 ? "2001:db8:1::20" : "198.51.100.20"), mac(0x20)};
    h.router = {ip(ipv6 ? "2001:db8::1" : "203.0.113.1"), mac(0x01)};
    return h;
}

TcpConversation establish(CaptureScript& s, const ScenarioHosts& h, const ScenarioOptions& o)
{
    TcpConversation c(s, h.client, h.clientPort, h.server, h.serverPort);
    c.syn().synAck().ack(Side::Client);
    if (o.withData) {
        c.data(Side::Client, "GET / HTTP/1.1\r\nHost: example.org\r\n\r\n");
        c.ack(Side::Server);
        c.data(Side::Server, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
        c.ack(Side::Client);
    }
    return c;
}

void fourWayClose(CaptureScript& s, Side closer, const ScenarioOptions& o)
{
    TcpConversation c = establish(s, scenarioHosts(o.ipv6), o);
    c.fin(closer).ack(otherSide(closer)).fin(otherSide(closer)).ack(closer);
}

void threeWayClose(CaptureScript& s, Side closer, const ScenarioOptions& o)
{
    TcpConversation c = establish(s, scenarioHosts(o.ipv6), o);
    c.fin(closer).fin(otherSide(closer)).ack(closer);
}

void simultaneousClose(CaptureScript& s, const ScenarioOptions& o)
{
    TcpConversation c = establish(s, scenarioHosts(o.ipv6), o);
    c.fin(Side::Client).finCrossing(Side::Server).ack(Side::Client).ack(Side::Server);
}

void resetClose(CaptureScript& s, Side resetter, const ScenarioOptions& o)
{
    TcpConversation c = establish(s, scenarioHosts(o.ipv6), o);
    c.rst(resetter);
}

void finAnsweredByReset(CaptureScript& s, Side closer, const ScenarioOptions& o)
{
    TcpConversation c = establish(s, scenarioHosts(o.ipv6), o);
    c.fin(closer).rst(otherSide(closer));
}

void halfClosed(CaptureScript& s, Side closer, const ScenarioOptions& o)
{
    TcpConversation c = establish(s, scenarioHosts(o.ipv6), o);
    c.fin(closer).ack(otherSide(closer));
    // The other side keeps sending after the half-close and never closes in the capture.
    c.data(otherSide(closer), 100);
    c.ack(closer);
}

void stillOpen(CaptureScript& s, const ScenarioOptions& o) { establish(s, scenarioHosts(o.ipv6), o); }

void refused(CaptureScript& s, const ScenarioOptions& o)
{
    TcpConversation c(s, scenarioHosts(o.ipv6).client, 41334, scenarioHosts(o.ipv6).server, 81);
    c.syn().rst(Side::Server);
}

void rejected(CaptureScript& s, const ScenarioOptions& o)
{
    const ScenarioHosts h = scenarioHosts(o.ipv6);
    TcpConversation c(s, h.client, h.clientPort, h.server, 82);
    c.syn();
    const Bytes quoted = c.lastIpPacket();
    Bytes error;
    if (o.ipv6)
        error = ipv6(h.server.address, h.client.address, 58, icmpv6(h.server.address, h.client.address, 1, 4, 0, quoted));
    else
        error = ipv4(h.server.address, h.client.address, 1, icmpv4(3, 3, 0, quoted));
    s.add(ethernetIp(h.server.macAddress, h.client.macAddress, error));
    s.advance(1000000);
}

void unanswered(CaptureScript& s, int synCount, const ScenarioOptions& o)
{
    const ScenarioHosts h = scenarioHosts(o.ipv6);
    TcpConversation c(s, h.client, h.clientPort, h.server, 83);
    c.setGap(1000000000); // Linux retries a SYN after 1 s
    for (int i = 0; i < synCount; ++i)
        c.syn();
}

void incompleteHandshake(CaptureScript& s, const ScenarioOptions& o)
{
    const ScenarioHosts h = scenarioHosts(o.ipv6);
    TcpConversation c(s, h.client, h.clientPort, h.server, h.serverPort);
    c.syn().synAck();
}

void simultaneousOpen(CaptureScript& s, const ScenarioOptions& o)
{
    const ScenarioHosts h = scenarioHosts(o.ipv6);
    TcpConversation c(s, h.client, 5000, h.server, 6000);
    c.syn();
    c.send(Side::Server, tcpflag::kSyn); // the other side opens at the same time
    c.send(Side::Client, tcpflag::kSyn | tcpflag::kAck);
    c.send(Side::Server, tcpflag::kSyn | tcpflag::kAck);
    c.ack(Side::Client);
}

void midConnection(CaptureScript& s, const ScenarioOptions& o)
{
    const ScenarioHosts h = scenarioHosts(o.ipv6);
    TcpConversation c(s, h.client, h.clientPort, h.server, h.serverPort, 123456, 987654);
    c.data(Side::Client, 200).ack(Side::Server).fin(Side::Client).ack(Side::Server).fin(Side::Server).ack(Side::Client);
}

void portReuse(CaptureScript& s, const ScenarioOptions& o)
{
    const ScenarioHosts h = scenarioHosts(o.ipv6);
    {
        TcpConversation c(s, h.client, h.clientPort, h.server, h.serverPort, 1000, 5000);
        c.syn().synAck().ack(Side::Client).fin(Side::Client).ack(Side::Server).fin(Side::Server).ack(Side::Client);
    }
    s.advance(2000000000);
    TcpConversation again(s, h.client, h.clientPort, h.server, h.serverPort, 777777, 888888);
    again.syn().synAck().ack(Side::Client).fin(Side::Server).fin(Side::Client).ack(Side::Server);
}

} // namespace synscope::testkit
