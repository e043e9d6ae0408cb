// TCP (RFC 9293): header, every flag (including AE, RFC 9768's former NS bit), options, checksum.
#include "decode/dissect.h"
#include "decode/protocols/tcp_header.h"

namespace synscope::dissect {

namespace {

void parseOptions(TcpInfo& t, const ByteReader& options)
{
    auto list = [&t](std::uint8_t kind, std::uint8_t len, std::uint32_t at) {
        if (t.options.full())
            return false;
        t.options.push() = {kind, len, static_cast<std::uint16_t>(at)};
        return true;
    };
    t.optionProblem = walkTcpOptions(t, options, list);
}

// The options the capture kept of a header it cut short; one it cut in the middle is not malformed.
void parseCutOptions(TcpInfo& t, const ByteReader& options)
{
    parseOptions(t, options);
    if (t.optionProblem && t.options.size() > 0) {
        const TcpOption& last = t.options[t.options.size() - 1];
        if (last.length >= 2 && last.offset + last.length > options.end())
            t.optionProblem = nullptr;
        if (last.length == 0)
            t.optionProblem = nullptr; // its length byte was not captured
    }
}

void verifyChecksum(TcpInfo& t, const IpPayload& ip, const std::uint8_t* segment)
{
    const std::uint32_t sum = checksumAdd(pseudoHeaderSum(*ip.src, *ip.dst, 6, ip.declaredLength), segment,
                                          ip.declaredLength);
    t.checksumStatus = checksumVerdict(sum, t.checksum, t.checksumComputed);
}

// Checks the header length against the segment and the capture; false when nothing after the fixed
// header can be decoded (the layer then says why).
bool headerFits(State& s, TcpInfo& t, Layer& l, const IpPayload& ip, const ByteReader& r)
{
    const std::uint32_t avail = r.remaining();
    switch (tcpHeaderFit(t.headerLength, ip.declaredLength, avail)) {
    case TcpHeaderFit::OffsetBelowFive:
        l.length = kTcpMinHeaderLength;
        l.malformed = "the data offset is less than 5 (20 bytes)";
        return false;
    case TcpHeaderFit::LongerThanSegment:
        l.length = std::min<std::uint32_t>(avail, t.headerLength);
        l.malformed = "the header length exceeds the segment length";
        return false;
    case TcpHeaderFit::CutByCapture:
        setTcpPayload(t, ip.offset);
        l.length = avail;
        l.truncated = cutByCapture(s);
        parseCutOptions(t, r.window(ip.offset + kTcpMinHeaderLength, ip.capturedEnd));
        return false;
    case TcpHeaderFit::Whole: break;
    }
    setTcpPayload(t, ip.offset);
    l.length = t.headerLength;
    return true;
}

} // namespace

void readCutTcpFixedFields(const std::uint8_t* bytes, std::uint32_t available, TcpHeaderFields& t)
{
    // Each field only when all of its bytes are present: a zero-filled copy up to the last whole field.
    static constexpr std::uint32_t kFieldEnds[] = {18, 16, 14, 12, 8, 4};
    std::array<std::uint8_t, kTcpMinHeaderLength> copy{};
    ByteReader r(bytes, 0, available);
    for (const std::uint32_t fieldEnd : kFieldEnds) {
        if (r.has(fieldEnd)) {
            std::memcpy(copy.data(), r.take(fieldEnd), fieldEnd);
            break;
        }
    }
    readTcpFixedFields(FixedBytes<kTcpMinHeaderLength>(copy.data()), t);
}

void decodeTcp(State& s, const IpPayload& ip)
{
    Packet& pk = s.packet;
    if (pk.tcp.full()) {
        addData(s, ip.offset, ip.capturedEnd);
        return;
    }
    const std::uint8_t info = pk.tcp.count;
    TcpInfo& t = pk.tcp.push();
    t.clear();
    Layer* l = addLayer(s, Proto::Tcp, ip.offset, 0, info);
    if (!l)
        return;
    const std::uint32_t offset = ip.offset;
    const ByteReader r = s.bytes(offset, ip.capturedEnd);
    t.segmentLength = ip.declaredLength;
    // Decode whatever complete fields are present: an ICMP error quotes only the first 8 bytes.
    if (!readTcpFixedHeader(r, t)) {
        l->length = r.remaining();
        l->truncated = cutByCapture(s);
        return;
    }
    if (!headerFits(s, t, *l, ip, r))
        return;
    parseOptions(t, r.window(offset + kTcpMinHeaderLength, t.payloadOffset));

    if (s.options.verifyChecksums && !s.quoted && !ip.firstFragment && ip.src) {
        if (const std::uint8_t* segment = s.whole(offset, ip.capturedEnd, ip.declaredLength))
            verifyChecksum(t, ip, segment);
    }
    const std::uint32_t payloadEnd = ip.capturedEnd;
    if (s.options.decodeDns && (t.srcPort == 53 || t.dstPort == 53) && t.payloadLength > 0 && !s.quoted) {
        decodeDns(s, t.payloadOffset, payloadEnd, true, payloadEnd < offset + ip.declaredLength);
        return;
    }
    addData(s, t.payloadOffset, payloadEnd);
}

} // namespace synscope::dissect
