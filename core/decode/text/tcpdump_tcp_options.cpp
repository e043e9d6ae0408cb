// tcpdump-style text of a TCP header's options (tcpdump 4.99's tcp_print() option loop): the loop, one
// function per kind of option, and tcpdump's LENCHECK: an option's data must fit the header's option
// space (else the option is bad) and the capture (else the line is cut).
#include "decode/text/tcpdump_tcp_options.h"

namespace synscope {

using tcpdumptext::OptionEnd;

namespace {

// One option being printed.
struct OptionText {
    TcpdumpPrinter& p;
    ByteReader option;            // from its kind byte to the end of the captured header bytes
    ByteReader data;              // from after its length byte (the same end: tcpdump reads past an option's
                                  // own length when its kind says so)
    std::uint32_t room = 0;       // the header's option space left after the kind and length bytes
    std::uint32_t length = 0;     // its length byte (1 for EOL and NOP)
    std::uint32_t frameOffset = 0; // of the header's first byte within the frame
    std::uint32_t dataLength = 0; // the data bytes it takes, as tcpdump counts them

    // LENCHECK: the first `n` data bytes fit the header and were captured.
    OptionEnd need(std::uint32_t n) const
    {
        if (n > room)
            return OptionEnd::Bad;
        return data.has(n) ? OptionEnd::Printed : OptionEnd::Truncated;
    }
};

// The options whose data has a fixed size, whatever their length byte says.
struct FixedSizeOption {
    std::uint8_t kind;
    const char* name;
    std::uint32_t size;
};
constexpr FixedSizeOption kFixedSizeOptions[] = {
    {2, "mss", 2},    {3, "wscale", 1}, {6, "echo", 4}, {7, "echoreply", 4}, {8, "TS", 8},  {11, "cc", 4},
    {12, "ccnew", 4}, {13, "", 4},      {19, "md5", 16}, {20, "scps", 2},    {28, "uto", 2},
};

const FixedSizeOption* fixedSizeOption(std::uint8_t kind)
{
    for (const FixedSizeOption& f : kFixedSizeOptions)
        if (f.kind == kind)
            return &f;
    return nullptr;
}

OptionEnd printFixedSize(OptionText& o, const FixedSizeOption& f)
{
    o.p.out += f.name;
    o.dataLength = f.size;
    if (const OptionEnd end = o.need(f.size); end != OptionEnd::Printed)
        return end;
    ByteReader v = o.data;
    switch (f.kind) {
    case 2: o.p.printf(" %u", v.be16()); break;
    case 3: o.p.printf(" %u", v.u8()); break;
    case 8: {
        const std::uint32_t value = v.be32();
        o.p.printf(" val %u ecr %u", value, v.be32());
        break;
    }
    case 19:
        o.p.out += " shared secret not supplied with -M, can't check - ";
        for (int i = 0; i < 16; ++i)
            o.p.printf("%02x", v.u8());
        break;
    case 20: {
        const unsigned capabilities = v.u8();
        o.p.printf(" cap %02x id %u", capabilities, v.u8());
        break;
    }
    case 28: {
        std::uint32_t timeout = v.be16();
        o.p.printf(" 0x%x", timeout);
        timeout = (timeout & 1) ? (timeout >> 1) * 60 : timeout >> 1;
        o.p.printf(" %u", timeout);
        break;
    }
    default: o.p.printf(" %u", v.be32()); break;
    }
    return OptionEnd::Printed;
}

OptionEnd printSack(OptionText& o, std::uint32_t sackBase)
{
    o.p.out += "sack";
    o.dataLength = o.length - 2;
    if (o.dataLength % 8 != 0) {
        o.p.out += " invalid sack";
        return OptionEnd::Printed;
    }
    o.p.printf(" %u ", o.dataLength / 8);
    ByteReader v = o.data;
    for (std::uint32_t i = 0; i < o.dataLength; i += 8) {
        if (const OptionEnd end = o.need(i + 4); end != OptionEnd::Printed)
            return end;
        const std::uint32_t left = v.be32();
        if (const OptionEnd end = o.need(i + 8); end != OptionEnd::Printed)
            return end;
        const std::uint32_t right = v.be32();
        o.p.printf("{%u:%u}", left - sackBase, right - sackBase);
    }
    return OptionEnd::Printed;
}

OptionEnd printTcpAo(OptionText& o)
{
    o.p.out += "tcp-ao";
    o.dataLength = o.length - 2;
    if (o.dataLength < 2) {
        o.p.out += " (invalid)";
        return OptionEnd::Printed;
    }
    ByteReader v = o.data;
    if (const OptionEnd end = o.need(1); end != OptionEnd::Printed)
        return end;
    o.p.printf(" keyid %u", v.u8());
    if (const OptionEnd end = o.need(2); end != OptionEnd::Printed)
        return end;
    o.p.printf(" rnextkeyid %u", v.u8());
    if (o.dataLength > 2) {
        o.p.out += " mac 0x";
        for (std::uint32_t i = 2; i < o.dataLength; ++i) {
            if (const OptionEnd end = o.need(i + 1); end != OptionEnd::Printed)
                return end;
            o.p.printf("%02x", v.u8());
        }
    }
    return OptionEnd::Printed;
}

OptionEnd printMptcpOption(OptionText& o, std::uint8_t tcpFlags)
{
    o.p.out += "mptcp";
    o.dataLength = o.length - 2;
    if (const OptionEnd end = o.need(o.dataLength); end != OptionEnd::Printed)
        return end;
    // The subtype byte follows the length byte; an option of length 2 has none, and (unlike tcpdump, which
    // calls it bad) SynScope reads the byte after it, as long as the frame has one.
    const std::uint8_t subtypeByte = ByteReader(o.p.frame).at(o.frameOffset + o.data.offset()).peekU8();
    return tcpdumptext::printMptcp(o.p, o.option.upTo(o.data.offset() + o.dataLength), subtypeByte, tcpFlags);
}

// A TCP Fast Open cookie of `n` bytes (RFC 7413), in the option or in the experimental one.
void printCookie(TcpdumpPrinter& p, ByteReader v, std::uint32_t n)
{
    if (n == 0) {
        p.out += " cookiereq";
    } else if (n % 2 != 0 || n < 4 || n > 16) {
        p.out += " (invalid)";
    } else {
        p.out += " cookie ";
        for (std::uint32_t i = 0; i < n; ++i)
            p.printf("%02x", v.u8());
    }
}

OptionEnd printFastOpen(OptionText& o)
{
    o.p.out += "tfo";
    o.dataLength = o.length - 2;
    if (const OptionEnd end = o.need(o.dataLength); end != OptionEnd::Printed)
        return end;
    o.p.out += ' ';
    printCookie(o.p, o.data, o.dataLength);
    return OptionEnd::Printed;
}

OptionEnd printExperimental(OptionText& o)
{
    o.p.out += "exp";
    o.dataLength = o.length - 2;
    if (const OptionEnd end = o.need(o.dataLength); end != OptionEnd::Printed)
        return end;
    if (o.dataLength < 2)
        return OptionEnd::Bad;
    ByteReader v = o.data;
    const std::uint16_t magic = v.be16();
    o.p.out += '-';
    if (magic == 0xf989) {
        o.p.out += "tfo";
        printCookie(o.p, v, o.dataLength - 2);
    } else {
        o.p.printf("%04x", magic);
    }
    return OptionEnd::Printed;
}

OptionEnd printUnknown(OptionText& o, std::uint8_t kind)
{
    o.p.printf("unknown-%u", kind);
    o.dataLength = o.length - 2;
    if (o.dataLength)
        o.p.out += " 0x";
    ByteReader v = o.data;
    for (std::uint32_t i = 0; i < o.dataLength; ++i) {
        if (const OptionEnd end = o.need(i + 1); end != OptionEnd::Printed)
            return end;
        o.p.printf("%02x", v.u8());
    }
    return OptionEnd::Printed;
}

OptionEnd printOption(OptionText& o, std::uint8_t kind, std::uint8_t tcpFlags, std::uint32_t sackBase)
{
    switch (kind) {
    case 0: o.p.out += "eol"; return OptionEnd::Printed;
    case 1: o.p.out += "nop"; return OptionEnd::Printed;
    case 4: o.p.out += "sackOK"; return OptionEnd::Printed;
    case 5: return printSack(o, sackBase);
    case 29: return printTcpAo(o);
    case 30: return printMptcpOption(o, tcpFlags);
    case 34: return printFastOpen(o);
    case 254: return printExperimental(o);
    default: break;
    }
    if (const FixedSizeOption* f = fixedSizeOption(kind))
        return printFixedSize(o, *f);
    return printUnknown(o, kind);
}

} // namespace

bool TcpdumpPrinter::printTcpOptions(const Layer& l, const ByteReader& tcp, std::uint32_t headerLength,
                                     std::uint8_t flags, std::uint32_t sackBase)
{
    out += ", options [";
    ByteReader r = tcp.at(20);
    std::uint32_t room = headerLength - 20;
    char separator = '\0';
    while (room > 0) {
        if (separator)
            out += separator;
        const ByteReader option = r;
        if (r.atEnd()) {
            out += " [|tcp]";
            return false;
        }
        const std::uint8_t kind = r.u8();
        std::uint32_t length = 1;
        if (kind != 0 && kind != 1) {
            if (r.atEnd()) {
                out += " [|tcp]";
                return false;
            }
            length = r.u8();
            if (length < 2 || length > room) {
                out += "[bad opt]";
                if (separator)
                    out += ']';
                return false;
            }
            --room;
        }
        --room;
        OptionText o{*this, option, r, room, length, l.offset};
        switch (printOption(o, kind, flags, sackBase)) {
        case OptionEnd::Bad:
            out += "[bad opt]";
            if (separator)
                out += ']';
            return false;
        case OptionEnd::Truncated:
            out += " [|tcp]";
            if (separator)
                out += '>';
            return false;
        case OptionEnd::Printed: break;
        }
        r.skip(o.dataLength);
        room -= o.dataLength;
        if (o.dataLength + (kind == 0 || kind == 1 ? 1 : 2) != length)
            printf("[len %u]", length);
        separator = ',';
        if (kind == 0)
            break;
    }
    out += ']';
    return true;
}

} // namespace synscope
