// TCP (RFC 9293): header, every flag (including AE, RFC 9768's former NS bit), options, checksum.
#include "decode/dissect.h"
#include "decode/protocols/tcp_options.h"

#include "common/byte_order.h"

#include <algorithm>

namespace synscope::dissect {

namespace {

void parseOptions(TcpInfo& t, const std::uint8_t* frame, std::uint32_t start, std::uint32_t end)
{
    auto list = [&t](std::uint8_t kind, std::uint8_t len, std::uint32_t at) {
        if (t.options.full())
            return false;
        t.options.push() = {kind, len, static_cast<std::uint16_t>(at)};
        return true;
    };
    t.optionProblem = walkTcpOptions(t, frame, start, end, list);
}

} // namespace

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
    const std::uint32_t avail = ip.capturedEnd - offset;
    t.segmentLength = ip.declaredLength;
    const std::uint8_t* p = s.data + offset;
    // Decode whatever complete fields are present: an ICMP error quotes only the first 8 bytes.
    if (avail >= 4) {
        t.srcPort = loadBe16(p);
        t.dstPort = loadBe16(p + 2);
    }
    if (avail >= 8)
        t.seq = loadBe32(p + 4);
    if (avail >= 12)
        t.ack = loadBe32(p + 8);
    if (avail >= 14) {
        t.headerLength = static_cast<std::uint8_t>((p[12] >> 4) * 4);
        t.flags = static_cast<std::uint16_t>(((p[12] & 0x0f) << 8) | p[13]);
    }
    if (avail >= 16)
        t.window = loadBe16(p + 14);
    if (avail >= 18)
        t.checksum = loadBe16(p + 16);
    if (avail < 20) {
        l->length = avail;
        l->truncated = cutByCapture(s);
        return;
    }
    t.urgentPointer = loadBe16(p + 18);
    if (t.headerLength < 20) {
        l->length = 20;
        l->malformed = "the data offset is less than 5 (20 bytes)";
        return;
    }
    if (t.headerLength > ip.declaredLength) {
        l->length = std::min<std::uint32_t>(avail, t.headerLength);
        l->malformed = "the header length exceeds the segment length";
        return;
    }
    t.payloadOffset = offset + t.headerLength;
    t.payloadLength = ip.declaredLength - t.headerLength;
    if (avail < t.headerLength) {
        l->length = avail;
        l->truncated = cutByCapture(s);
        // The options the capture kept; one it cut in the middle is not malformed.
        parseOptions(t, s.data, offset + 20, ip.capturedEnd);
        if (t.optionProblem && t.options.size() > 0) {
            const TcpOption& last = t.options[t.options.size() - 1];
            if (last.length >= 2 && last.offset + last.length > ip.capturedEnd)
                t.optionProblem = nullptr;
            if (last.length == 0)
                t.optionProblem = nullptr; // its length byte was not captured
        }
        return;
    }
    l->length = t.headerLength;
    parseOptions(t, s.data, offset + 20, offset + t.headerLength);

    if (s.options.verifyChecksums && !s.quoted && !ip.firstFragment && avail >= ip.declaredLength && ip.src) {
        std::uint32_t sum = pseudoHeaderSum(*ip.src, *ip.dst, 6, ip.declaredLength);
        sum = checksumAdd(sum, p, ip.declaredLength);
        t.checksumStatus = checksumFinish(sum) == 0xffff ? ChecksumStatus::Good : ChecksumStatus::Bad;
        t.checksumComputed = static_cast<std::uint16_t>(~checksumFinish(sum + static_cast<std::uint16_t>(~t.checksum)));
    }
    const std::uint32_t payloadEnd = ip.capturedEnd;
    if (s.options.decodeDns && (t.srcPort == 53 || t.dstPort == 53) && t.payloadLength > 0 && !s.quoted) {
        decodeDns(s, t.payloadOffset, payloadEnd, true, payloadEnd < offset + ip.declaredLength);
        return;
    }
    addData(s, t.payloadOffset, payloadEnd);
}

} // namespace synscope::dissect
