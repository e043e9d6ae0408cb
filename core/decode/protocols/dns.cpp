// DNS (RFC 1035) over UDP and TCP: header, the first question, the first answers.
#include "decode/dissect.h"

#include "common/byte_order.h"

#include <algorithm>

namespace synscope::dissect {

namespace {

// Reads a possibly compressed name starting at `at` within [msg, msg + len). Sets `next` to the byte
// after the name in the record (not after a pointer target). Returns false when the name is invalid.
bool readName(const std::uint8_t* msg, std::uint32_t len, std::uint32_t at, std::string& out, std::uint32_t& next)
{
    out.clear();
    bool jumped = false;
    int hops = 0;
    next = at;
    while (true) {
        if (at >= len)
            return false;
        const std::uint8_t b = msg[at];
        if (b == 0) {
            if (!jumped)
                next = at + 1;
            return true; // the root name is empty
        }
        if ((b & 0xc0) == 0xc0) {
            if (at + 1 >= len || ++hops > 32)
                return false;
            if (!jumped)
                next = at + 2;
            jumped = true;
            at = static_cast<std::uint32_t>(((b & 0x3f) << 8) | msg[at + 1]);
            continue;
        }
        if (b & 0xc0)
            return false; // extended label types are not in use
        if (at + 1 + b > len || out.size() > 255)
            return false;
        if (!out.empty())
            out += '.';
        for (std::uint32_t i = 0; i < b; ++i) {
            const char ch = static_cast<char>(msg[at + 1 + i]);
            out += (ch >= 0x21 && ch < 0x7f) ? ch : '?';
        }
        at += 1 + b;
    }
}

bool readRecord(const std::uint8_t* msg, std::uint32_t len, std::uint32_t& at, DnsRecord& r, bool question)
{
    std::uint32_t next;
    if (!readName(msg, len, at, r.name, next))
        return false;
    at = next;
    if (len - at < 4)
        return false;
    r.type = loadBe16(msg + at);
    r.klass = loadBe16(msg + at + 2);
    at += 4;
    r.data.clear();
    r.ttl = 0;
    if (question)
        return true;
    if (len - at < 6)
        return false;
    r.ttl = loadBe32(msg + at);
    const std::uint16_t rdlength = loadBe16(msg + at + 4);
    at += 6;
    if (len - at < rdlength)
        return false;
    const std::uint8_t* rd = msg + at;
    if (r.type == 1 && rdlength == 4) {
        r.data = IpAddress::v4(rd).toString();
    } else if (r.type == 28 && rdlength == 16) {
        r.data = IpAddress::v6(rd).toString();
    } else if (r.type == 5 || r.type == 2 || r.type == 12) {
        std::uint32_t ignored;
        readName(msg, len, at, r.data, ignored);
    } else if (r.type == 15 && rdlength >= 3) {
        std::uint32_t ignored;
        r.preference = loadBe16(rd);
        readName(msg, len, at + 2, r.data, ignored);
    } else if (r.type == 33 && rdlength >= 7) {
        std::uint32_t ignored;
        r.preference = loadBe16(rd);
        r.weight = loadBe16(rd + 2);
        r.port = loadBe16(rd + 4);
        readName(msg, len, at + 6, r.data, ignored);
    } else if (r.type == 16 && rdlength >= 1) {
        const std::uint32_t n = std::min<std::uint32_t>(rd[0], rdlength - 1u);
        r.data.assign(reinterpret_cast<const char*>(rd + 1), n);
    }
    at += rdlength;
    return true;
}

} // namespace

void decodeDns(State& s, std::uint32_t offset, std::uint32_t end, bool overTcp, bool cut)
{
    Packet& pk = s.packet;
    if (pk.hasDns) {
        addData(s, offset, end);
        return;
    }
    std::uint32_t start = offset;
    if (overTcp) {
        if (end - offset < 2) {
            addData(s, offset, end);
            return;
        }
        start += 2; // the length prefix
    }
    Layer* l = addLayer(s, Proto::Dns, offset, end - offset, 0);
    if (!l)
        return;
    pk.hasDns = true;
    DnsInfo& d = pk.dns;
    d.overTcp = overTcp;
    d.hasQuestion = false;
    d.answersDecoded = 0;
    d.id = d.flags = d.questionCount = d.answerCount = d.authorityCount = d.additionalCount = 0;
    const std::uint8_t* msg = s.data + start;
    const std::uint32_t len = end - start;
    if (len < 12) {
        l->truncated = true;
        return;
    }
    d.id = loadBe16(msg);
    d.flags = loadBe16(msg + 2);
    d.questionCount = loadBe16(msg + 4);
    d.answerCount = loadBe16(msg + 6);
    d.authorityCount = loadBe16(msg + 8);
    d.additionalCount = loadBe16(msg + 10);
    std::uint32_t at = 12;
    if (d.questionCount > 0) {
        if (!readRecord(msg, len, at, d.question, true)) {
            if (cut)
                l->truncated = true;
            else
                l->malformed = "the question section is cut short or invalid";
            return;
        }
        d.hasQuestion = true;
        // Skip any further questions (rare) to reach the answers.
        for (std::uint16_t q = 1; q < d.questionCount; ++q) {
            DnsRecord skipped;
            if (!readRecord(msg, len, at, skipped, true))
                return;
        }
    }
    for (std::uint16_t a = 0; a < d.answerCount && d.answersDecoded < d.answers.size(); ++a) {
        if (!readRecord(msg, len, at, d.answers[d.answersDecoded], false)) {
            if (cut)
                l->truncated = true;
            else
                l->malformed = "an answer record is cut short or invalid";
            return;
        }
        ++d.answersDecoded;
    }
}

} // namespace synscope::dissect
