// tcpdump-style text of what a TCP segment carries, chosen by port: the first line of text protocols
// (tcpdump 4.99's txtproto_print()), the SSH banner, DNS over TCP.
#include "decode/text/tcpdump_printer.h"

#include <cctype>
#include <cstring>
#include <strings.h>

namespace synscope {

namespace {

bool isWhiteSpace(std::uint8_t c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool isPrintable(std::uint8_t c) { return c >= 0x20 && c <= 0x7e; }

// tcpdump's fetch_token(): the token at `r` (which stops at the captured bytes) within the first `len`
// bytes, then the white space after it on the same line. Returns the offset after both, or 0 when there
// is no printable token.
std::uint32_t fetchToken(ByteReader r, std::uint32_t len, std::string& token)
{
    token.clear();
    for (; r.offset() < len; r.skip(1)) {
        if (r.atEnd())
            return 0;
        const std::uint8_t c = r.peekU8();
        if (c & 0x80)
            return 0;
        if (isWhiteSpace(c))
            break;
        if (!isPrintable(c) || token.size() + 2 > 128)
            return 0;
        token += static_cast<char>(c);
    }
    if (token.empty())
        return 0;
    for (; r.offset() < len && !r.atEnd(); r.skip(1)) {
        const std::uint8_t c = r.peekU8();
        if (c == '\r' || c == '\n' || !isPrintable(c) || (c != ' ' && c != '\t'))
            break;
    }
    return r.offset();
}

// Whether a request (its first token is one of `methods`) or a response (its second token is a 3-digit
// status) starts the payload: only then is its first line printed.
bool startsRequestOrResponse(const ByteReader& payload, std::uint32_t len, const char* const* methods)
{
    bool found = false;
    std::string token;
    std::uint32_t idx = fetchToken(payload, len, token);
    if (idx == 0)
        return false;
    for (const char* const* m = methods; *m; ++m)
        if (strcasecmp(token.c_str(), *m) == 0)
            found = true;
    idx = fetchToken(payload.at(idx), len, token);
    const auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
    if (idx != 0 && token.size() == 3 && digit(token[0]) && digit(token[1]) && digit(token[2]))
        found = true;
    return found;
}

// ": " and the payload's first `n` bytes (all of them captured).
void appendLine(std::string& out, ByteReader payload, std::uint32_t n)
{
    out += ": ";
    out.append(reinterpret_cast<const char*>(payload.take(n)), n);
}

void appendCut(std::string& out, const char* nameLower)
{
    out += " [|";
    out += nameLower;
    out += ']';
}

// tcpdump's print_txt_line(): the first line of the `len`-byte payload, when it is printable text.
void appendFirstLine(std::string& out, const char* nameLower, const ByteReader& payload, std::uint32_t len)
{
    ByteReader r = payload;
    for (std::uint32_t idx = 0; idx < len; ++idx) {
        if (r.atEnd())
            return appendCut(out, nameLower);
        const std::uint8_t c = r.u8();
        if (c == '\n')
            return appendLine(out, payload, idx);
        if (c == '\r') {
            if (idx + 1 >= len)
                return;
            if (r.atEnd())
                return appendCut(out, nameLower);
            if (r.peekU8() == '\n')
                appendLine(out, payload, idx);
            return;
        }
        if (!isPrintable(c) && c != '\t')
            return;
    }
    appendLine(out, payload, len);
    appendCut(out, nameLower);
}

// tcpdump's txtproto_print(). `len` is the payload length by the IP header; `payload` its captured bytes.
void appendTextProtocol(std::string& out, const char* nameCaps, const char* nameLower, const ByteReader& payload,
                        std::uint32_t len, const char* const* methods)
{
    const bool printThis = methods == nullptr || startsRequestOrResponse(payload, len, methods);
    out += nameCaps;
    if (printThis)
        appendFirstLine(out, nameLower, payload, len);
}

const char* const kHttpMethods[] = {
    "GET",     "PUT",      "COPY",        "HEAD",       "LOCK",      "MOVE",        "POLL",        "POST",
    "BCOPY",   "BMOVE",    "MKCOL",       "TRACE",      "LABEL",     "MERGE",       "DELETE",      "SEARCH",
    "UNLOCK",  "REPORT",   "UPDATE",      "NOTIFY",     "BDELETE",   "CONNECT",     "OPTIONS",     "CHECKIN",
    "PROPFIND", "CHECKOUT", "CCM_POST",   "SUBSCRIBE",  "PROPPATCH", "BPROPFIND",   "BPROPPATCH",  "UNCHECKOUT",
    "MKACTIVITY", "MKWORKSPACE", "UNSUBSCRIBE", "RPC_CONNECT", "VERSION-CONTROL", "BASELINE-CONTROL", nullptr};
const char* const kRtspMethods[] = {"DESCRIBE", "ANNOUNCE",      "GET_PARAMETER", "OPTIONS",  "PAUSE",
                                    "PLAY",     "RECORD",        "REDIRECT",      "SETUP",    "SET_PARAMETER",
                                    "TEARDOWN", nullptr};

// The SSH version banner's line.
void appendSsh(std::string& out, const ByteReader& payload, std::uint32_t len)
{
    const std::uint8_t* magic = payload.peek<4>().bytes<0, 4>();
    if (len < 4 || !magic || std::memcmp(magic, "SSH-", 4) != 0)
        return;
    ByteReader r = payload.at(4);
    for (std::uint32_t idx = 4; idx < len; ++idx) {
        if (r.atEnd())
            return;
        const std::uint8_t c = r.u8();
        if (c == '\r') {
            if (idx + 1 >= len || r.atEnd() || r.peekU8() != '\n')
                return;
        } else if (c != '\n') {
            if (!isPrintable(c))
                return;
            continue;
        }
        out += ": SSH";
        appendLine(out, payload, idx);
        return;
    }
}

} // namespace

void TcpdumpPrinter::printTcpPayload(const Layer& l, const TcpInfo& t, const ByteReader& payload,
                                     std::uint32_t length)
{
    auto port = [&](std::uint16_t p) { return t.srcPort == p || t.dstPort == p; };
    if (port(23) || port(179) || port(1723) || port(6379) || port(10288) || port(6633) || port(6653) ||
        port(639) || port(646) || port(2049)) {
        return; // protocols whose text SynScope does not reproduce
    }
    struct TextProtocol {
        std::uint16_t port, otherPort;
        const char *caps, *lower;
        const char* const* methods;
    };
    static const TextProtocol kTextProtocols[] = {
        {25, 25, "SMTP", "smtp", nullptr},          {43, 43, "WHOIS", "whois", nullptr},
        {22, 22, nullptr, nullptr, nullptr},        {21, 21, "FTP", "ftp", nullptr},
        {80, 8080, "HTTP", "http", kHttpMethods},   {554, 8554, "RTSP", "rtsp", kRtspMethods},
    };
    for (const TextProtocol& p : kTextProtocols) {
        if (!port(p.port) && !port(p.otherPort))
            continue;
        if (!p.caps) {
            appendSsh(out, payload, length);
            return;
        }
        out += ": ";
        appendTextProtocol(out, p.caps, p.lower, payload, length, p.methods);
        return;
    }
    if (port(323)) {
        out += ", RPKI-RTR"; // tcpdump's text without -v
    } else if (port(53)) {
        const Layer* dns = packet.find(Proto::Dns, l.depth);
        if (length >= 2 && payload.has(2)) {
            const std::uint32_t prefix = ByteReader(payload).be16();
            if (prefix != length - 2) {
                printf(" [prefix length(%u) != length(%u)] (invalid)", prefix, length - 2);
                return;
            }
            out += ' ';
            if (dns)
                printDns(*dns, length - 2);
        }
    }
}

} // namespace synscope
