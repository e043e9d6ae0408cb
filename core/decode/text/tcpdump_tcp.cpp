// tcpdump-style TCP text: flags, sequence numbers (absolute or relative), options, and the first line of
// text protocols, following tcpdump 4.99's print-tcp.c rules exactly.
#include "decode/text/tcpdump_printer.h"

#include "common/byte_order.h"

#include <cinttypes>
#include <cstring>

namespace synscope {

namespace {

// tcpdump's txtproto_print() first-line rules. `len` is the segment length, `caplen` the bytes present.
void appendTextProtocol(std::string& out, const char* nameCaps, const char* nameLower, const std::uint8_t* p,
                        std::uint32_t len, std::uint32_t caplen, const char* const* methods)
{
    bool printThis = methods == nullptr;
    if (methods) {
        // First token, then (HTTP/RTSP) the second token as a 3-digit response code.
        auto fetchToken = [&](std::uint32_t idx, std::string& token) -> std::uint32_t {
            token.clear();
            for (; idx < len; ++idx) {
                if (idx >= caplen)
                    return 0;
                const std::uint8_t c = p[idx];
                if (c & 0x80)
                    return 0;
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
                    break;
                if (c < 0x20 || c > 0x7e)
                    return 0;
                if (token.size() + 2 > 128)
                    return 0;
                token += static_cast<char>(c);
            }
            if (token.empty())
                return 0;
            for (; idx < len; ++idx) {
                if (idx >= caplen)
                    break;
                const std::uint8_t c = p[idx];
                if (c == '\r' || c == '\n')
                    break;
                if (c < 0x20 || c > 0x7e)
                    break;
                if (c != ' ' && c != '\t')
                    break;
            }
            return idx;
        };
        std::string token;
        std::uint32_t idx = fetchToken(0, token);
        if (idx != 0) {
            for (const char* const* m = methods; *m; ++m)
                if (strcasecmp(token.c_str(), *m) == 0)
                    printThis = true;
            idx = fetchToken(idx, token);
            if (idx != 0 && token.size() == 3 && std::isdigit(static_cast<unsigned char>(token[0])) &&
                std::isdigit(static_cast<unsigned char>(token[1])) && std::isdigit(static_cast<unsigned char>(token[2])))
                printThis = true;
        }
    }
    out += nameCaps;
    if (!printThis)
        return;
    // print_txt_line(": ", ...)
    for (std::uint32_t idx = 0; idx < len; ++idx) {
        if (idx >= caplen) {
            out += " [|";
            out += nameLower;
            out += ']';
            return;
        }
        const std::uint8_t c = p[idx];
        if (c == '\n') {
            out += ": ";
            out.append(reinterpret_cast<const char*>(p), idx);
            return;
        }
        if (c == '\r') {
            if (idx + 1 >= len)
                return;
            if (idx + 1 >= caplen) {
                out += " [|";
                out += nameLower;
                out += ']';
                return;
            }
            if (p[idx + 1] == '\n') {
                out += ": ";
                out.append(reinterpret_cast<const char*>(p), idx);
            }
            return;
        }
        if ((c < 0x20 || c > 0x7e) && c != '\t')
            return;
    }
    out += ": ";
    out.append(reinterpret_cast<const char*>(p), len);
    out += " [|";
    out += nameLower;
    out += ']';
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

void appendSsh(std::string& out, const std::uint8_t* p, std::uint32_t len, std::uint32_t caplen)
{
    if (len < 4 || caplen < 4 || std::memcmp(p, "SSH-", 4) != 0)
        return;
    for (std::uint32_t idx = 4; idx < len; ++idx) {
        if (idx >= caplen)
            return;
        const std::uint8_t c = p[idx];
        std::uint32_t lineEnd = 0;
        if (c == '\n') {
            lineEnd = idx;
        } else if (c == '\r') {
            if (idx + 1 >= len || idx + 1 >= caplen || p[idx + 1] != '\n')
                return;
            lineEnd = idx;
        } else if (c < 0x20 || c > 0x7e) {
            return;
        } else {
            continue;
        }
        out += ": SSH: ";
        out.append(reinterpret_cast<const char*>(p), lineEnd);
        return;
    }
}

} // namespace

void TcpdumpPrinter::printTcp(const Layer& l, const IpAddress& src, const IpAddress& dst,
                              std::uint32_t segmentLength, bool portsOnly)
{
    const TcpInfo& t = packet.tcp[l.info];
    const std::uint8_t* tp = frame.data() + l.offset;
    // tcpdump stops reading at the end of the IP packet (Ethernet padding is not TCP).
    const std::uint32_t caplen =
        std::min<std::uint32_t>(static_cast<std::uint32_t>(frame.size()) - l.offset, segmentLength);
    if (caplen < 4) {
        if (!portsOnly) {
            addr(src);
            out += " > ";
            addr(dst);
            out += ":";
        }
        out += " [|tcp]";
        return;
    }
    if (portsOnly) {
        printf("%u > %u: ", t.srcPort, t.dstPort);
    } else {
        addrPort(src, t.srcPort);
        out += " > ";
        addrPort(dst, t.dstPort);
        out += ": ";
    }
    if (caplen < 20) {
        out += " [|tcp]";
        return;
    }
    const std::uint32_t hlen = (tp[12] >> 4) * 4u;
    if (hlen < 20) {
        printf(" tcp %u [bad hdr length %u - too short, < 20]", segmentLength - hlen, hlen);
        return;
    }
    const std::uint8_t flags = tp[13];
    static const char kLetters[] = "FSRP.UEW";
    out += "Flags [";
    if (flags == 0)
        out += "none";
    for (int b = 0; b < 8; ++b)
        if (flags & (1u << b))
            out += kLetters[b];
    out += ']';

    std::uint32_t seq = t.seq, ack = t.ack;
    std::uint32_t sackBase = 0;
    const bool ackFlag = flags & 0x10;
    if (ackFlag && formatter.numbers_ == TcpdumpNumbers::TcpdumpRelative) {
        bool rev = t.srcPort > t.dstPort ||
                   (t.srcPort == t.dstPort && std::memcmp(src.bytes.data(), dst.bytes.data(), src.byteLength()) > 0);
        TcpdumpFormatter::Key key;
        key.version = src.version;
        if (rev) {
            key.lowAddr = dst.bytes;
            key.highAddr = src.bytes;
            key.ports = (std::uint32_t{t.dstPort} << 16) | t.srcPort;
        } else {
            key.lowAddr = src.bytes;
            key.highAddr = dst.bytes;
            key.ports = (std::uint32_t{t.srcPort} << 16) | t.dstPort;
        }
        auto it = formatter.bases_.find(key);
        if (it == formatter.bases_.end() || (flags & 0x02)) {
            TcpdumpFormatter::Bases b;
            if (rev) {
                b.ack = seq;
                b.seq = ack - 1;
            } else {
                b.seq = seq;
                b.ack = ack - 1;
            }
            it = formatter.bases_.insert_or_assign(key, b).first;
        } else if (rev) {
            seq -= it->second.ack;
            ack -= it->second.seq;
        } else {
            seq -= it->second.seq;
            ack -= it->second.ack;
        }
        sackBase = rev ? it->second.seq : it->second.ack;
    } else if (ackFlag && formatter.numbers_ == TcpdumpNumbers::AnalysisRelative && context.tcp) {
        seq = context.tcp->relativeSeq;
        ack = context.tcp->relativeAck;
        sackBase = t.ack - context.tcp->relativeAck;
    }
    if (hlen > segmentLength) {
        printf(" [bad hdr length %u - too long, > %u]", hlen, segmentLength);
        return;
    }
    const std::uint32_t length = segmentLength - hlen;
    if (length > 0 || (flags & 0x07)) {
        printf(", seq %u", seq);
        if (length > 0)
            printf(":%u", seq + length);
    }
    if (ackFlag)
        printf(", ack %u", ack);
    printf(", win %u", t.window);
    if (flags & 0x20)
        printf(", urg %u", t.urgentPointer);

    if (hlen > 20) {
        out += ", options [";
        std::uint32_t remaining = hlen - 20;
        std::uint32_t at = 20;
        char sep = '\0';
        // Returns false when the line must end (bad option or truncation).
        auto bad = [&] {
            out += "[bad opt]";
            if (sep)
                out += ']';
        };
        auto trunc = [&] {
            out += " [|tcp]";
            if (sep)
                out += '>';
        };
        while (remaining > 0) {
            if (sep)
                out += sep;
            if (at >= caplen) {
                out += " [|tcp]";
                return;
            }
            const std::uint8_t opt = tp[at++];
            std::uint32_t len;
            if (opt == 0 || opt == 1) {
                len = 1;
            } else {
                if (at >= caplen) {
                    out += " [|tcp]";
                    return;
                }
                len = tp[at++];
                if (len < 2 || len > remaining) {
                    bad();
                    return;
                }
                --remaining;
            }
            --remaining;
            const std::uint8_t* cp = tp + at;
            std::uint32_t datalen = 0;
            // LENCHECK: 0 ok, 1 bad, 2 truncated
            auto lencheck = [&](std::uint32_t n) -> int {
                if (n > remaining)
                    return 1;
                if (at + n > caplen)
                    return 2;
                return 0;
            };
            bool stop = false;
            auto check = [&](std::uint32_t n) -> bool {
                const int r = lencheck(n);
                if (r == 1)
                    bad();
                else if (r == 2)
                    trunc();
                stop = r != 0;
                return r == 0;
            };
            switch (opt) {
            case 0: out += "eol"; break;
            case 1: out += "nop"; break;
            case 2:
                out += "mss";
                datalen = 2;
                if (!check(2))
                    return;
                printf(" %u", loadBe16(cp));
                break;
            case 3:
                out += "wscale";
                datalen = 1;
                if (!check(1))
                    return;
                printf(" %u", cp[0]);
                break;
            case 4: out += "sackOK"; break;
            case 5:
                out += "sack";
                datalen = len - 2;
                if (datalen % 8 != 0) {
                    out += " invalid sack";
                } else {
                    printf(" %u ", datalen / 8);
                    for (std::uint32_t i = 0; i < datalen; i += 8) {
                        if (!check(i + 4))
                            return;
                        std::uint32_t s = loadBe32(cp + i);
                        if (!check(i + 8))
                            return;
                        std::uint32_t e = loadBe32(cp + i + 4);
                        s -= sackBase;
                        e -= sackBase;
                        printf("{%u:%u}", s, e);
                    }
                }
                break;
            case 6:
            case 7:
            case 11:
            case 12:
            case 13:
                out += opt == 6 ? "echo" : opt == 7 ? "echoreply" : opt == 11 ? "cc" : opt == 12 ? "ccnew" : "";
                datalen = 4;
                if (!check(4))
                    return;
                printf(" %u", loadBe32(cp));
                break;
            case 8:
                out += "TS";
                datalen = 8;
                if (!check(8))
                    return;
                printf(" val %u ecr %u", loadBe32(cp), loadBe32(cp + 4));
                break;
            case 19:
                out += "md5";
                datalen = 16;
                if (!check(16))
                    return;
                out += " shared secret not supplied with -M, can't check - ";
                for (int i = 0; i < 16; ++i)
                    printf("%02x", cp[i]);
                break;
            case 20:
                out += "scps";
                datalen = 2;
                if (!check(2))
                    return;
                printf(" cap %02x id %u", cp[0], cp[1]);
                break;
            case 28: {
                out += "uto";
                datalen = 2;
                if (!check(2))
                    return;
                std::uint32_t v = loadBe16(cp);
                printf(" 0x%x", v);
                v = (v & 1) ? (v >> 1) * 60 : v >> 1;
                printf(" %u", v);
                break;
            }
            case 29:
                out += "tcp-ao";
                datalen = len - 2;
                if (datalen < 2) {
                    out += " (invalid)";
                } else {
                    if (!check(1))
                        return;
                    printf(" keyid %u", cp[0]);
                    if (!check(2))
                        return;
                    printf(" rnextkeyid %u", cp[1]);
                    if (datalen > 2) {
                        out += " mac 0x";
                        for (std::uint32_t i = 2; i < datalen; ++i) {
                            if (!check(i + 1))
                                return;
                            printf("%02x", cp[i]);
                        }
                    }
                }
                break;
            case 30: {
                out += "mptcp";
                datalen = len - 2;
                if (!check(datalen))
                    return;
                const std::uint8_t* o = cp - 2; // the option from its kind byte
                const std::uint32_t optLen = len;
                const unsigned sub = std::min(static_cast<unsigned>(o[2] >> 4), 8u);
                static const char* const kSub[] = {"capable", "join",  "dss",        "add-addr", "rem-addr",
                                                   "prio",    "fail", "fast-close", "unknown"};
                printf(" %u %s", optLen, kSub[sub]);
                bool ok = true;
                switch (sub) {
                case 0: { // MP_CAPABLE
                    ok = ((optLen == 12 || optLen == 4) && (flags & 0x02)) ||
                         ((optLen == 20 || optLen == 22) && (flags & 0x12) == 0x10);
                    if (!ok)
                        break;
                    const unsigned version = o[2] & 0x0f;
                    if (version > 1) {
                        printf(" Unknown Version (%u)", version);
                        break;
                    }
                    printf(" v%u", version);
                    if (o[3] & 0x80)
                        out += " csum";
                    if (optLen == 12 || optLen >= 20) {
                        printf(" {0x%" PRIx64, loadBe64(o + 4));
                        if (optLen >= 20)
                            printf(",0x%" PRIx64, loadBe64(o + 12));
                        out += '}';
                    }
                    break;
                }
                case 1: // MP_JOIN
                    ok = (optLen == 12 && (flags & 0x02)) || (optLen == 16 && (flags & 0x12) == 0x12) ||
                         (optLen == 24 && (flags & 0x10));
                    if (!ok)
                        break;
                    if (optLen != 24) {
                        if (o[2] & 0x01)
                            out += " backup";
                        printf(" id %u", o[3]);
                    }
                    if (optLen == 12)
                        printf(" token 0x%x nonce 0x%x", loadBe32(o + 4), loadBe32(o + 8));
                    else if (optLen == 16)
                        printf(" hmac 0x%" PRIx64 " nonce 0x%x", loadBe64(o + 4), loadBe32(o + 12));
                    else {
                        out += " hmac 0x";
                        for (int i = 0; i < 20; ++i)
                            printf("%02x", o[4 + i]);
                    }
                    break;
                case 2: { // DSS
                    if (optLen < 4 || (flags & 0x02)) {
                        ok = false;
                        break;
                    }
                    const std::uint8_t f = o[3];
                    const std::uint8_t* q = o + 4;
                    std::uint32_t rest = optLen - 4;
                    if (f & 0x10)
                        out += " fin";
                    if (f & 0x01) {
                        out += " ack ";
                        if (f & 0x02) {
                            if (rest < 8) { ok = false; break; }
                            printf("%" PRIu64, loadBe64(q));
                            q += 8;
                            rest -= 8;
                        } else {
                            if (rest < 4) { ok = false; break; }
                            printf("%u", loadBe32(q));
                            q += 4;
                            rest -= 4;
                        }
                    }
                    if (f & 0x04) {
                        out += " seq ";
                        if (f & 0x08) {
                            if (rest < 8) { ok = false; break; }
                            printf("%" PRIu64, loadBe64(q));
                            q += 8;
                            rest -= 8;
                        } else {
                            if (rest < 4) { ok = false; break; }
                            printf("%u", loadBe32(q));
                            q += 4;
                            rest -= 4;
                        }
                        if (rest < 4) { ok = false; break; }
                        printf(" subseq %u", loadBe32(q));
                        q += 4;
                        rest -= 4;
                        if (rest < 2) { ok = false; break; }
                        printf(" len %u", loadBe16(q));
                        q += 2;
                        rest -= 2;
                        if (rest >= 2) {
                            printf(" csum 0x%x", loadBe16(q));
                            rest -= 2;
                        }
                    }
                    ok = ok && rest == 0;
                    break;
                }
                case 3: { // ADD_ADDR
                    ok = optLen == 8 || optLen == 10 || optLen == 16 || optLen == 18 || optLen == 20 ||
                         optLen == 22 || optLen == 28 || optLen == 30;
                    if (!ok)
                        break;
                    const unsigned echo = o[2] & 0x0f;
                    printf(" %s", echo == 6 ? "v0-ip6" : echo == 4 ? "v0-ip4" : echo == 1 ? "v1-echo"
                                  : echo == 0 ? "v1" : "[bad version/echo]");
                    printf(" id %u", o[3]);
                    if (optLen <= 18) {
                        out += ' ';
                        addr(IpAddress::v4(o + 4));
                        if (optLen == 10 || optLen == 18)
                            printf(":%u", loadBe16(o + 8));
                        if (optLen == 16)
                            printf(" hmac 0x%" PRIx64, loadBe64(o + 8));
                        if (optLen == 18)
                            printf(" hmac 0x%" PRIx64, loadBe64(o + 10));
                    } else {
                        out += ' ';
                        addr(IpAddress::v6(o + 4));
                        if (optLen == 22 || optLen == 30)
                            printf(":%u", loadBe16(o + 20));
                        if (optLen == 28)
                            printf(" hmac 0x%" PRIx64, loadBe64(o + 20));
                        if (optLen == 30)
                            printf(" hmac 0x%" PRIx64, loadBe64(o + 22));
                    }
                    break;
                }
                case 4: // REMOVE_ADDR
                    if (optLen < 4) {
                        ok = false;
                        break;
                    }
                    out += " id";
                    for (std::uint32_t i = 0; i < optLen - 3; ++i)
                        printf(" %u", o[3 + i]);
                    break;
                case 5: // MP_PRIO
                    if (optLen != 3 && optLen != 4) {
                        ok = false;
                        break;
                    }
                    out += (o[2] & 0x01) ? " backup" : " non-backup";
                    if (optLen == 4)
                        printf(" id %u", o[3]);
                    break;
                case 6: // MP_FAIL
                    ok = optLen == 12;
                    if (ok)
                        printf(" seq %" PRIu64, loadBe64(o + 4));
                    break;
                case 7: // MP_FASTCLOSE
                    ok = optLen == 12;
                    if (ok)
                        printf(" key 0x%" PRIx64, loadBe64(o + 4));
                    break;
                default: break;
                }
                if (!ok) {
                    bad();
                    return;
                }
                break;
            }
            case 34:
                out += "tfo";
                datalen = len - 2;
                if (!check(datalen))
                    return;
                out += ' ';
                if (datalen == 0)
                    out += " cookiereq";
                else if (datalen % 2 != 0 || datalen < 4 || datalen > 16)
                    out += " (invalid)";
                else {
                    out += " cookie ";
                    for (std::uint32_t i = 0; i < datalen; ++i)
                        printf("%02x", cp[i]);
                }
                break;
            case 254: {
                out += "exp";
                datalen = len - 2;
                if (!check(datalen))
                    return;
                if (datalen < 2) {
                    bad();
                    return;
                }
                const std::uint16_t magic = loadBe16(cp);
                out += '-';
                if (magic == 0xf989) {
                    out += "tfo";
                    const std::uint32_t n = datalen - 2;
                    if (n == 0)
                        out += " cookiereq";
                    else if (n % 2 != 0 || n < 4 || n > 16)
                        out += " (invalid)";
                    else {
                        out += " cookie ";
                        for (std::uint32_t i = 0; i < n; ++i)
                            printf("%02x", cp[2 + i]);
                    }
                } else {
                    printf("%04x", magic);
                }
                break;
            }
            default:
                printf("unknown-%u", opt);
                datalen = len - 2;
                if (datalen)
                    out += " 0x";
                for (std::uint32_t i = 0; i < datalen; ++i) {
                    if (!check(i + 1))
                        return;
                    printf("%02x", cp[i]);
                }
                break;
            }
            if (stop)
                return;
            at += datalen;
            remaining -= datalen;
            std::uint32_t expected = datalen + 1 + ((opt == 0 || opt == 1) ? 0 : 1);
            if (expected != len)
                printf("[len %u]", len);
            sep = ',';
            if (opt == 0)
                break;
        }
        out += ']';
    }
    printf(", length %u", length);
    if (length == 0)
        return;
    if (caplen < hlen) {
        printf(" [remaining caplen(%u) < header length(%u)] [|tcp]", caplen, hlen);
        return;
    }
    const std::uint8_t* payload = tp + hlen;
    const std::uint32_t present = caplen - hlen;
    auto port = [&](std::uint16_t p) { return t.srcPort == p || t.dstPort == p; };
    if (port(23) || port(179) || port(1723) || port(6379) || port(10288) || port(6633) || port(6653) ||
        port(639) || port(646) || port(2049)) {
        return; // protocols whose text SynScope does not reproduce
    }
    if (port(25)) {
        out += ": ";
        appendTextProtocol(out, "SMTP", "smtp", payload, length, present, nullptr);
    } else if (port(43)) {
        out += ": ";
        appendTextProtocol(out, "WHOIS", "whois", payload, length, present, nullptr);
    } else if (port(22)) {
        appendSsh(out, payload, length, present);
    } else if (port(21)) {
        out += ": ";
        appendTextProtocol(out, "FTP", "ftp", payload, length, present, nullptr);
    } else if (port(80) || port(8080)) {
        out += ": ";
        appendTextProtocol(out, "HTTP", "http", payload, length, present, kHttpMethods);
    } else if (port(554) || port(8554)) {
        out += ": ";
        appendTextProtocol(out, "RTSP", "rtsp", payload, length, present, kRtspMethods);
    } else if (port(323)) {
        out += ", RPKI-RTR"; // tcpdump's text without -v
    } else if (port(53)) {
        const Layer* dns = packet.find(Proto::Dns, l.depth);
        if (length >= 2 && present >= 2) {
            const std::uint32_t prefix = loadBe16(payload);
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
