#include "sample_capture.h"

#include "decode/packet.h"
#include "tcp_conversation.h"

namespace synscope::testkit {

CaptureScript buildSampleCapture()
{
    CaptureScript s;
    const Host laptop{ip("192.168.1.23"), mac(0x23)};
    const Host web{ip("93.184.216.34"), mac(0xfe)};
    const Host resolver{ip("192.168.1.1"), mac(0x01)};
    const Host db{ip("192.168.1.50"), mac(0x50)};
    const Host laptop6{ip("2001:db8:1::23"), mac(0x23)};
    const Host web6{ip("2001:db8:2::80"), mac(0xfe)};

    // A name lookup.
    s.add(ethernetIp(laptop.macAddress, resolver.macAddress,
                     ipv4(laptop.address, resolver.address, 17,
                          udp(laptop.address, resolver.address, 53001, 53, dnsQuery(0x1a2b, "example.org", 1)))));
    s.advance(12000000);
    s.add(ethernetIp(resolver.macAddress, laptop.macAddress,
                     ipv4(resolver.address, laptop.address, 17,
                          udp(resolver.address, laptop.address, 53, 53001,
                              dnsResponse(0x1a2b, "example.org", 1, {web.address})))));
    s.advance(3000000);

    // 1. A web request: three-way handshake, request, response, four-way teardown (client first).
    {
        TcpConversation c(s, laptop, 41334, web, 80, 3255498564u, 1412272238u);
        c.setGap(12000000);
        c.syn().synAck().ack(Side::Client);
        c.data(Side::Client, "GET / HTTP/1.1\r\nHost: example.org\r\n\r\n");
        c.ack(Side::Server);
        c.data(Side::Server, "HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\nHello, world!");
        c.ack(Side::Client);
        c.fin(Side::Client).ack(Side::Server).fin(Side::Server).ack(Side::Client);
    }
    s.advance(250000000);

    // 2. Three-way teardown: the server closes first, the client's ACK and FIN travel together.
    {
        TcpConversation c(s, laptop, 41336, web, 80, 2000000001u, 3000000001u);
        c.setGap(11000000);
        c.syn().synAck().ack(Side::Client);
        c.data(Side::Client, "GET /favicon.ico HTTP/1.1\r\nHost: example.org\r\nConnection: close\r\n\r\n");
        c.data(Side::Server, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        c.fin(Side::Server).fin(Side::Client).ack(Side::Server);
    }
    s.advance(400000000);

    // 3. A refused port: nothing listens on 5432, the server answers the SYN with RST.
    {
        TcpConversation c(s, laptop, 50412, db, 5432, 111111111u, 0);
        c.setGap(300000);
        c.syn().rst(Side::Server);
    }
    s.advance(500000000);

    // 4. A firewall rejects port 3306 with ICMP port unreachable, quoting the SYN.
    {
        TcpConversation c(s, laptop, 50414, db, 3306, 222222222u, 0);
        c.syn();
        s.advance(200000);
        s.add(ethernetIp(db.macAddress, laptop.macAddress,
                         ipv4(db.address, laptop.address, 1, icmpv4(3, 3, 0, c.lastIpPacket()))));
    }
    s.advance(600000000);

    // 5. A dropped SYN: sent three times, 1 s apart, never answered.
    {
        TcpConversation c(s, laptop, 50420, db, 6379, 333333333u, 0);
        c.setGap(1000000000);
        c.syn().synRetransmit().synRetransmit();
    }
    s.advance(700000000);

    // 6. A simultaneous close: both FINs cross, both sides go through CLOSING.
    {
        TcpConversation c(s, laptop, 41340, web, 443, 444444444u, 555555555u);
        c.setGap(9000000);
        c.syn().synAck().ack(Side::Client);
        c.data(Side::Client, 120).ack(Side::Server).data(Side::Server, 300).ack(Side::Client);
        c.fin(Side::Client).finCrossing(Side::Server).ack(Side::Client).ack(Side::Server);
    }
    s.advance(300000000);

    // 7. A reset: the server aborts the connection after the request.
    {
        TcpConversation c(s, laptop, 41342, web, 8080, 666666666u, 777777777u);
        c.setGap(10000000);
        c.syn().synAck().ack(Side::Client);
        c.data(Side::Client, "POST /upload HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n");
        c.rst(Side::Server);
    }
    s.advance(200000000);

    // 8. Over IPv6: handshake, data, four-way teardown closed by the server.
    {
        TcpConversation c(s, laptop6, 41350, web6, 443, 888888888u, 999999999u);
        c.setGap(15000000);
        c.syn().synAck().ack(Side::Client);
        c.data(Side::Client, 200).ack(Side::Server).data(Side::Server, 1200).ack(Side::Client);
        c.fin(Side::Server).ack(Side::Client).fin(Side::Client).ack(Side::Server);
    }
    return s;
}

} // namespace synscope::testkit
