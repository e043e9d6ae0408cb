// DNS (RFC 1035) over UDP and TCP: header, the first question, the first answers.
#include "decode/dissect.h"

#include <algorithm>

namespace synscope::dissect {

namespace {

// Reads a possibly compressed name starting at `at` within the message `msg` (offsets from its first
// byte). Sets `next` to the byte after the name in the record (not after a pointer target). Returns false
// when the name is invalid or runs past the message.
bool readName(const ByteReader& msg, std::uint32_t at, std::string& out, std::uint32_t& next)
{
    out.clear();
    bool jumped = false;
    int hops = 0;
    next = at;
    ByteReader r = msg.at(at);
    while (true) {
        const std::uint8_t b = r.u8();
        if (r.isShort())
            return false;
        if (b == 0) {
            if (!jumped)
                next = r.offset();
            return true; // the root name is empty
        }
        if ((b & 0xc0) == 0xc0) {
            const std::uint8_t low = r.u8();
            if (r.isShort() || ++hops > 32)
                return false;
            if (!jumped)
                next = r.offset();
            jumped = true;
            r = msg.at(static_cast<std::uint32_t>(((b & 0x3f) << 8) | low));
            continue;
        }
        if (b & 0xc0)
            return false; // extended label types are not in use
        const std::uint8_t* label = r.take(b);
        if (!label || out.size() > 255)
            return false;
        if (!out.empty())
            out += '.';
        for (std::uint32_t i = 0; i < b; ++i) {
            const char ch = static_cast<char>(label[i]);
            out += (ch >= 0x21 && ch < 0x7f) ? ch : '?';
        }
    }
}

// The data of a record SynScope shows: addresses, names, MX/SRV targets, a TXT record's first string.
void readRecordData(const ByteReader& msg, ByteReader rd, DnsRecord& r)
{
    const std::uint32_t rdlength = rd.remaining();
    std::uint32_t ignored;
    if (r.type == 1 && rdlength == 4) {
        r.data = IpAddress::v4(rd.take(4)).toString();
    } else if (r.type == 28 && rdlength == 16) {
        r.data = IpAddress::v6(rd.take(16)).toString();
    } else if (r.type == 5 || r.type == 2 || r.type == 12) {
        readName(msg, rd.offset(), r.data, ignored);
    } else if (r.type == 15 && rdlength >= 3) {
        r.preference = rd.be16();
        readName(msg, rd.offset(), r.data, ignored);
    } else if (r.type == 33 && rdlength >= 7) {
        r.preference = rd.be16();
        r.weight = rd.be16();
        r.port = rd.be16();
        readName(msg, rd.offset(), r.data, ignored);
    } else if (r.type == 16 && rdlength >= 1) {
        const std::uint32_t n = std::min<std::uint32_t>(rd.u8(), rdlength - 1u);
        r.data.assign(reinterpret_cast<const char*>(rd.take(n)), n);
    }
}

bool readRecord(const ByteReader& msg, std::uint32_t& at, DnsRecord& r, bool question)
{
    std::uint32_t next;
    if (!readName(msg, at, r.name, next))
        return false;
    ByteReader fields = msg.at(next);
    const FixedBytes<4> typeAndClass = fields.fixed<4>();
    if (!typeAndClass)
        return false;
    r.type = typeAndClass.be16<0>();
    r.klass = typeAndClass.be16<2>();
    at = fields.offset();
    r.data.clear();
    r.ttl = 0;
    if (question)
        return true;
    const FixedBytes<6> ttlAndLength = fields.fixed<6>();
    if (!ttlAndLength)
        return false;
    r.ttl = ttlAndLength.be32<0>();
    const ByteReader rd = fields.sub(ttlAndLength.be16<4>());
    if (fields.isShort())
        return false;
    readRecordData(msg, rd, r);
    at = fields.offset();
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
    if (overTcp && !s.bytes(offset, end).has(2)) {
        addData(s, offset, end);
        return;
    }
    const std::uint32_t start = overTcp ? offset + 2 : offset; // after TCP's length prefix
    Layer* l = addLayer(s, Proto::Dns, offset, end - offset, 0);
    if (!l)
        return;
    pk.hasDns = true;
    DnsInfo& d = pk.dns;
    d.overTcp = overTcp;
    d.hasQuestion = false;
    d.answersDecoded = 0;
    d.id = d.flags = d.questionCount = d.answerCount = d.authorityCount = d.additionalCount = 0;
    // Offsets within the message count from its first byte, as its compression pointers do.
    const ByteReader msg(s.data + start, 0, end - start);
    const FixedBytes<12> header = msg.peek<12>();
    if (!header) {
        l->truncated = true;
        return;
    }
    d.id = header.be16<0>();
    d.flags = header.be16<2>();
    d.questionCount = header.be16<4>();
    d.answerCount = header.be16<6>();
    d.authorityCount = header.be16<8>();
    d.additionalCount = header.be16<10>();
    std::uint32_t at = 12;
    if (d.questionCount > 0) {
        if (!readRecord(msg, at, d.question, true)) {
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
            if (!readRecord(msg, at, skipped, true))
                return;
        }
    }
    for (std::uint16_t a = 0; a < d.answerCount && d.answersDecoded < d.answers.size(); ++a) {
        if (!readRecord(msg, at, d.answers[d.answersDecoded], false)) {
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
