// Internet checksum (RFC 1071) and the TCP/UDP/ICMPv6 pseudo-header.
#include "decode/dissect.h"

#include "common/byte_order.h"

namespace synscope::dissect {

std::uint32_t checksumAdd(std::uint32_t sum, const std::uint8_t* p, std::size_t length)
{
    // 64-bit accumulator over 32-bit words: far fewer folds than a 16-bit loop on large payloads.
    std::uint64_t acc = sum;
    while (length >= 4) {
        acc += loadBe32(p);
        p += 4;
        length -= 4;
    }
    if (length >= 2) {
        acc += loadBe16(p);
        p += 2;
        length -= 2;
    }
    if (length)
        acc += static_cast<std::uint32_t>(p[0]) << 8;
    while (acc >> 32)
        acc = (acc & 0xffffffffu) + (acc >> 32);
    // Fold to 16 bits here so callers can keep adding.
    std::uint32_t s = static_cast<std::uint32_t>(acc & 0xffff) + static_cast<std::uint32_t>(acc >> 16);
    s = (s & 0xffff) + (s >> 16);
    return (s & 0xffff) + (s >> 16);
}

std::uint16_t checksumFinish(std::uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<std::uint16_t>(sum);
}

ChecksumStatus checksumVerdict(std::uint32_t sum, std::uint16_t written, std::uint16_t& computed)
{
    computed = static_cast<std::uint16_t>(~checksumFinish(sum + static_cast<std::uint16_t>(~written)));
    return checksumFinish(sum) == 0xffff ? ChecksumStatus::Good : ChecksumStatus::Bad;
}

std::uint32_t pseudoHeaderSum(const IpAddress& src, const IpAddress& dst, std::uint8_t protocol, std::uint32_t length)
{
    std::uint32_t sum = checksumAdd(0, src.bytes.data(), src.byteLength());
    sum = checksumAdd(sum, dst.bytes.data(), dst.byteLength());
    sum += protocol;
    sum += length >> 16;
    sum += length & 0xffff;
    return sum;
}

} // namespace synscope::dissect
