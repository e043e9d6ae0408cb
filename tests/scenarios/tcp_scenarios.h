#pragma once
// One capture per way a TCP connection opens and closes, built from the textbook exchanges. The tests
// assert what SynScope concludes from each; the bundled sample and the diagram screenshots reuse them.
#include "tcp_conversation.h"

namespace synscope::testkit {

struct ScenarioHosts {
    Host client, server, router;
    std::uint16_t clientPort = 41334, serverPort = 80;
};
// 192.0.2.10 -> 198.51.100.20 (router 203.0.113.1), or 2001:db8::10 -> 2001:db8:1::20 (router 2001:db8::1).
ScenarioHosts scenarioHosts(bool ipv6);

struct ScenarioOptions {
    bool ipv6 = false;
    bool withData = true; // a request and a response between handshake and teardown
};

// Handshake (and data) shared by the scenarios that establish the connection.
TcpConversation establish(CaptureScript& s, const ScenarioHosts& h, const ScenarioOptions& o);

void fourWayClose(CaptureScript& s, Side closer, const ScenarioOptions& o = {});
void threeWayClose(CaptureScript& s, Side closer, const ScenarioOptions& o = {});   // FIN/ACK combined
void simultaneousClose(CaptureScript& s, const ScenarioOptions& o = {});            // FINs cross
void resetClose(CaptureScript& s, Side resetter, const ScenarioOptions& o = {});
void finAnsweredByReset(CaptureScript& s, Side closer, const ScenarioOptions& o = {});
void halfClosed(CaptureScript& s, Side closer, const ScenarioOptions& o = {});
void stillOpen(CaptureScript& s, const ScenarioOptions& o = {});
void refused(CaptureScript& s, const ScenarioOptions& o = {});
// An ICMP (or ICMPv6) port unreachable from the server quotes the SYN.
void rejected(CaptureScript& s, const ScenarioOptions& o = {});
// The SYN sent `synCount` times, 1 s apart, nothing back.
void unanswered(CaptureScript& s, int synCount, const ScenarioOptions& o = {});
void incompleteHandshake(CaptureScript& s, const ScenarioOptions& o = {});
void simultaneousOpen(CaptureScript& s, const ScenarioOptions& o = {});
// The capture starts after the handshake: data, then a four-way close by the client.
void midConnection(CaptureScript& s, const ScenarioOptions& o = {});
// Two connections on the same address/port pair, one after the other.
void portReuse(CaptureScript& s, const ScenarioOptions& o = {});

} // namespace synscope::testkit
