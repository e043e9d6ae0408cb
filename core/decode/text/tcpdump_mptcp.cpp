// tcpdump-style text of MPTCP options (tcpdump 4.99's print-mptcp.c): one function per subtype, each
// reading the option from its subtype byte (offset 2) and saying whether the option's length and the
// segment's flags allow what it holds.
#include "decode/text/tcpdump_tcp_options.h"

#include <cinttypes>

namespace synscope::tcpdumptext {

namespace {

constexpr std::uint8_t kSyn = 0x02, kAck = 0x10;

// `o`: the option's bytes from offset 2 (the subtype byte) to its end; `length`: its length byte.
bool printCapable(TcpdumpPrinter& p, ByteReader o, std::uint32_t length, std::uint8_t flags)
{
    const bool ok = ((length == 12 || length == 4) && (flags & kSyn)) ||
                    ((length == 20 || length == 22) && (flags & (kSyn | kAck)) == kAck);
    if (!ok)
        return false;
    const unsigned version = o.u8() & 0x0f;
    if (version > 1) {
        p.printf(" Unknown Version (%u)", version);
        return true;
    }
    p.printf(" v%u", version);
    if (o.u8() & 0x80)
        p.out += " csum";
    if (length == 12 || length >= 20) {
        p.printf(" {0x%" PRIx64, o.be64());
        if (length >= 20)
            p.printf(",0x%" PRIx64, o.be64());
        p.out += '}';
    }
    return true;
}

bool printJoin(TcpdumpPrinter& p, ByteReader o, std::uint32_t length, std::uint8_t flags)
{
    const bool ok = (length == 12 && (flags & kSyn)) || (length == 16 && (flags & (kSyn | kAck)) == (kSyn | kAck)) ||
                    (length == 24 && (flags & kAck));
    if (!ok)
        return false;
    const std::uint8_t flagsByte = o.u8();
    const std::uint8_t addressId = o.u8();
    if (length != 24) {
        if (flagsByte & 0x01)
            p.out += " backup";
        p.printf(" id %u", addressId);
    }
    if (length == 12) {
        const std::uint32_t token = o.be32();
        p.printf(" token 0x%x nonce 0x%x", token, o.be32());
    } else if (length == 16) {
        const std::uint64_t hmac = o.be64();
        p.printf(" hmac 0x%" PRIx64 " nonce 0x%x", hmac, o.be32());
    } else {
        p.out += " hmac 0x";
        for (int i = 0; i < 20; ++i)
            p.printf("%02x", o.u8());
    }
    return true;
}

// A 4- or 8-byte number of a DSS option; false when the option has no room for it.
bool printDssNumber(TcpdumpPrinter& p, ByteReader& o, bool eightBytes)
{
    if (!o.has(eightBytes ? 8 : 4))
        return false;
    if (eightBytes)
        p.printf("%" PRIu64, o.be64());
    else
        p.printf("%u", o.be32());
    return true;
}

bool printDss(TcpdumpPrinter& p, ByteReader o, std::uint32_t length, std::uint8_t flags)
{
    if (length < 4 || (flags & kSyn))
        return false;
    o.skip(1);
    const std::uint8_t f = o.u8();
    if (f & 0x10)
        p.out += " fin";
    if (f & 0x01) {
        p.out += " ack ";
        if (!printDssNumber(p, o, f & 0x02))
            return false;
    }
    if (f & 0x04) {
        p.out += " seq ";
        if (!printDssNumber(p, o, f & 0x08))
            return false;
        if (!o.has(4))
            return false;
        p.printf(" subseq %u", o.be32());
        if (!o.has(2))
            return false;
        p.printf(" len %u", o.be16());
        if (o.has(2))
            p.printf(" csum 0x%x", o.be16());
    }
    return o.atEnd();
}

bool printAddAddress(TcpdumpPrinter& p, ByteReader o, std::uint32_t length)
{
    const bool ok = length == 8 || length == 10 || length == 16 || length == 18 || length == 20 || length == 22 ||
                    length == 28 || length == 30;
    if (!ok)
        return false;
    const unsigned echo = o.u8() & 0x0f;
    p.printf(" %s", echo == 6 ? "v0-ip6" : echo == 4 ? "v0-ip4" : echo == 1 ? "v1-echo" : echo == 0 ? "v1"
                                                                                                : "[bad version/echo]");
    p.printf(" id %u", o.u8());
    const bool v4 = length <= 18;
    p.out += ' ';
    p.addr(v4 ? IpAddress::v4(o.take(4)) : IpAddress::v6(o.take(16)));
    if (length == 10 || length == 18 || length == 22 || length == 30)
        p.printf(":%u", o.be16());
    if (length == 16 || length == 18 || length == 28 || length == 30)
        p.printf(" hmac 0x%" PRIx64, o.be64());
    return true;
}

bool printRemoveAddress(TcpdumpPrinter& p, ByteReader o, std::uint32_t length)
{
    if (length < 4)
        return false;
    o.skip(1);
    p.out += " id";
    while (!o.atEnd())
        p.printf(" %u", o.u8());
    return true;
}

bool printPriority(TcpdumpPrinter& p, ByteReader o, std::uint32_t length)
{
    if (length != 3 && length != 4)
        return false;
    p.out += (o.u8() & 0x01) ? " backup" : " non-backup";
    if (length == 4)
        p.printf(" id %u", o.u8());
    return true;
}

// MP_FAIL (a sequence number) and MP_FASTCLOSE (a key): one 8-byte value.
bool printEightByteValue(TcpdumpPrinter& p, ByteReader o, std::uint32_t length, bool key)
{
    if (length != 12)
        return false;
    o.skip(2);
    p.printf(key ? " key 0x%" PRIx64 : " seq %" PRIu64, o.be64());
    return true;
}

} // namespace

OptionEnd printMptcp(TcpdumpPrinter& p, ByteReader option, std::uint8_t subtypeByte, std::uint8_t tcpFlags)
{
    static const char* const kSubtypes[] = {"capable", "join",  "dss",        "add-addr", "rem-addr",
                                            "prio",    "fail", "fast-close", "unknown"};
    const std::uint32_t length = option.remaining();
    const unsigned subtype = std::min(static_cast<unsigned>(subtypeByte >> 4), 8u);
    p.printf(" %u %s", length, kSubtypes[subtype]);
    option.skip(2); // kind and length
    bool ok = true;
    switch (subtype) {
    case 0: ok = printCapable(p, option, length, tcpFlags); break;
    case 1: ok = printJoin(p, option, length, tcpFlags); break;
    case 2: ok = printDss(p, option, length, tcpFlags); break;
    case 3: ok = printAddAddress(p, option, length); break;
    case 4: ok = printRemoveAddress(p, option, length); break;
    case 5: ok = printPriority(p, option, length); break;
    case 6: ok = printEightByteValue(p, option, length, false); break;
    case 7: ok = printEightByteValue(p, option, length, true); break;
    default: break;
    }
    return ok ? OptionEnd::Printed : OptionEnd::Bad;
}

} // namespace synscope::tcpdumptext
