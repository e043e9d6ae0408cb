// pcapng part of CaptureReader: sections, interfaces, enhanced/simple/obsolete packet blocks, comments.
// Block layout per draft-ietf-opsawg-pcapng; every length is checked against the block and the file.
#include "capture/capture_reader.h"

#include <cstdio>
#include <algorithm>
#include <limits>

namespace synscope {

namespace {

constexpr std::uint32_t kSectionHeaderBlock = 0x0a0d0d0a;
constexpr std::uint32_t kInterfaceDescriptionBlock = 1;
constexpr std::uint32_t kObsoletePacketBlock = 2;
constexpr std::uint32_t kSimplePacketBlock = 3;
constexpr std::uint32_t kEnhancedPacketBlock = 6;
constexpr std::uint32_t kByteOrderMagic = 0x1a2b3c4d;
// Wireshark refuses blocks above 16 MiB; so do we, which catches lengths that lie.
constexpr std::uint32_t kMaxBlockLength = 16u << 20;

constexpr std::uint16_t kOptEnd = 0;
constexpr std::uint16_t kOptComment = 1;
constexpr std::uint16_t kIfName = 2;
constexpr std::uint16_t kIfDescription = 3;
constexpr std::uint16_t kIfTsResol = 9;
constexpr std::uint16_t kIfTsOffset = 14;

std::string hex32(std::uint32_t v)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%08x", v);
    return buf;
}

std::uint32_t padded4(std::uint32_t n) { return (n + 3u) & ~3u; }

// Walks an option list; calls `f(code, value, length)` for each option until opt_endofopt.
// Returns false when an option runs past the end of the list.
template <typename F>
bool forEachOption(const FileByteOrder& order, const std::uint8_t* p, std::size_t length, F&& f)
{
    std::size_t at = 0;
    while (at + 4 <= length) {
        const std::uint16_t code = order.u16(p + at);
        const std::uint16_t len = order.u16(p + at + 2);
        if (code == kOptEnd)
            return true;
        if (len > length - at - 4)
            return false;
        f(code, p + at + 4, len);
        at += 4 + padded4(len);
    }
    return true;
}

} // namespace

bool CaptureReader::openPcapNg(std::string& error)
{
    format_ = CaptureFormat::PcapNg;
    if (file_.size() < 12) {
        error = describe({0, "the pcapng section header block is cut short: only " + std::to_string(file_.size()) +
                                 " bytes"});
        return false;
    }
    std::string problem;
    const std::uint8_t* p = file_.data();
    if (file_.size() < 28) {
        error = describe({0, "the pcapng section header block is cut short: " + std::to_string(file_.size()) +
                                 " of at least 28 bytes present"});
        return false;
    }
    const std::uint32_t magic = loadLe32(p + 8);
    if (magic != kByteOrderMagic && loadBe32(p + 8) != kByteOrderMagic) {
        error = describe({8, "the pcapng byte-order magic is " + hex32(loadBe32(p + 8)) +
                                 ", not 1a2b3c4d: this is not a pcapng file or it is damaged"});
        return false;
    }
    order_.bigEndian = magic != kByteOrderMagic;
    const std::uint32_t blockLength = order_.u32(p + 4);
    if (!readSectionHeader(0, blockLength, problem)) {
        error = describe({0, problem});
        return false;
    }
    position_ = blockLength;
    return true;
}

// Validates and reads an SHB at `offset` (whose byte order is already in order_).
bool CaptureReader::readSectionHeader(std::uint64_t offset, std::uint32_t blockLength, std::string& problem)
{
    const std::uint64_t size = file_.size();
    const std::uint8_t* p = file_.data() + offset;
    if (blockLength < 28 || blockLength % 4 != 0 || blockLength > kMaxBlockLength) {
        problem = "the section header block length " + std::to_string(blockLength) +
                  " is invalid (it must be a multiple of 4, at least 28)";
        return false;
    }
    if (blockLength > size - offset) {
        problem = "the section header block claims " + std::to_string(blockLength) + " bytes but only " +
                  std::to_string(size - offset) + " remain in the file";
        return false;
    }
    if (order_.u32(p + blockLength - 4) != blockLength) {
        problem = "the section header block's trailing length (" + std::to_string(order_.u32(p + blockLength - 4)) +
                  ") does not match its leading length (" + std::to_string(blockLength) + ")";
        return false;
    }
    const std::uint16_t major = order_.u16(p + 12);
    const std::uint16_t minor = order_.u16(p + 14);
    if (major != 1) {
        problem = "pcapng version " + std::to_string(major) + "." + std::to_string(minor) + " is not supported";
        return false;
    }
    bool optionsOk = forEachOption(order_, p + 24, blockLength - 28,
                                   [&](std::uint16_t code, const std::uint8_t* v, std::uint16_t len) {
                                       if (code == kOptComment)
                                           sectionComments_.emplace_back(reinterpret_cast<const char*>(v), len);
                                   });
    if (!optionsOk) {
        problem = "an option of the section header block runs past the end of the block";
        return false;
    }
    sectionFirstInterface_ = interfaces_.size();
    ++sectionCount_;
    return true;
}

void CaptureReader::readInterface(std::uint64_t offset, const std::uint8_t* body, std::uint32_t bodyLength)
{
    CaptureInterface iface;
    iface.section = sectionCount_ - 1;
    iface.linkType = order_.u16(body);
    iface.snapLength = order_.u32(body + 4);
    bool ok = forEachOption(order_, body + 8, bodyLength - 8,
                            [&](std::uint16_t code, const std::uint8_t* v, std::uint16_t len) {
                                if (code == kIfName)
                                    iface.name.assign(reinterpret_cast<const char*>(v), len);
                                else if (code == kIfDescription)
                                    iface.description.assign(reinterpret_cast<const char*>(v), len);
                                else if (code == kIfTsResol && len >= 1)
                                    iface.tsResolution = v[0];
                                else if (code == kIfTsOffset && len >= 8)
                                    iface.tsOffsetSeconds = static_cast<std::int64_t>(order_.u64(v));
                            });
    // Strings may carry a trailing NUL from some writers.
    while (!iface.name.empty() && iface.name.back() == '\0')
        iface.name.pop_back();
    while (!iface.description.empty() && iface.description.back() == '\0')
        iface.description.pop_back();
    if (!ok)
        warn(offset, "an option of interface " + std::to_string(interfaces_.size() - sectionFirstInterface_) +
                         "'s description block runs past the end of the block; the remaining options are ignored");
    const std::uint8_t res = iface.tsResolution;
    if ((res & 0x80) ? (res & 0x7f) > 63 : res > 19) {
        warn(offset, "interface time stamp resolution byte " + std::to_string(res) +
                         " is out of range; microseconds assumed");
        iface.tsResolution = 6;
    }
    interfaces_.push_back(iface);
}

void CaptureReader::readPacketOptions(std::uint64_t offset, const std::uint8_t* opts, std::size_t length,
                                      std::uint64_t packetIndex)
{
    bool ok = forEachOption(order_, opts, length, [&](std::uint16_t code, const std::uint8_t* v, std::uint16_t len) {
        if (code == kOptComment)
            comments_.push_back({packetIndex, std::string(reinterpret_cast<const char*>(v), len)});
    });
    if (!ok)
        warn(offset, "an option of packet " + std::to_string(packetIndex + 1) +
                         " runs past the end of its block; its options are ignored");
}

// indexPcapNg() walks the blocks; each kind of block has its own step below. A step returns Status::More
// to go on with the next block, anything else to stop there. The steps every packet goes through are
// forced inline: indexing is the first pass of loading, and the split must cost it nothing.
CaptureReader::Status CaptureReader::indexPcapNg(PacketIndex& index, std::size_t maxPackets)
{
    const std::uint64_t size = file_.size();
    std::size_t added = 0;
    while (added < maxPackets) {
        const std::uint64_t at = position_;
        if (at == size)
            return Status::End;
        if (size - at < 12) {
            return truncatedAt(at, "the file was cut short in the middle of a block header: " +
                                       std::to_string(size - at) + " bytes left over");
        }
        const std::uint8_t* b = file_.data() + at;
        const std::uint32_t type = order_.u32(b);
        if (type == kSectionHeaderBlock) {
            if (const Status s = indexSectionHeaderBlock(at); s != Status::More)
                return s;
            continue;
        }
        const std::uint32_t length = order_.u32(b + 4);
        if (const Status s = checkBlockLength(at, type, length); s != Status::More)
            return s;
        const std::uint8_t* body = b + 8;
        const std::uint32_t bodyLength = length - 12;
        Status s = Status::More;
        switch (type) {
        case kInterfaceDescriptionBlock:
            if (bodyLength < 8)
                return fail(at, "interface description block of " + std::to_string(length) +
                                    " bytes is too short (at least 20); the file is damaged from here on");
            readInterface(at, body, bodyLength);
            break;
        case kEnhancedPacketBlock:
        case kObsoletePacketBlock: s = indexPacketBlock(index, at, type, length, added); break;
        case kSimplePacketBlock: s = indexSimplePacketBlock(index, at, length, added); break;
        default: break; // Name resolution, statistics, custom and unknown blocks carry no packets.
        }
        if (s != Status::More)
            return s;
        position_ = at + length;
    }
    return position_ == size ? Status::End : Status::More;
}

// A section header block after the first: a new section, which may switch byte order.
inline CaptureReader::Status CaptureReader::indexSectionHeaderBlock(std::uint64_t at)
{
    const std::uint64_t size = file_.size();
    const std::uint8_t* b = file_.data() + at;
    if (size - at < 28)
        return truncatedAt(at, "the file was cut short in the middle of a section header block: " +
                                   std::to_string(size - at) + " bytes left over");
    const std::uint32_t magic = loadLe32(b + 8);
    if (magic != kByteOrderMagic && loadBe32(b + 8) != kByteOrderMagic)
        return fail(at + 8, "the section header's byte-order magic is " + hex32(loadBe32(b + 8)) +
                                ", not 1a2b3c4d; the file is damaged from here on");
    order_.bigEndian = magic != kByteOrderMagic;
    const std::uint32_t length = order_.u32(b + 4);
    if (length <= kMaxBlockLength && length >= 28 && length > size - at)
        return truncatedAt(at, "the file was cut short in the middle of a section header block (" +
                                   std::to_string(size - at) + " of its " + std::to_string(length) +
                                   " bytes present)");
    std::string problem;
    if (!readSectionHeader(at, length, problem))
        return fail(at, problem);
    position_ = at + length;
    return Status::More;
}

// Any other block's leading length: plausible, inside the file, and repeated at its end.
[[gnu::always_inline]] inline CaptureReader::Status CaptureReader::checkBlockLength(std::uint64_t at, std::uint32_t type,
                                                             std::uint32_t length)
{
    const std::uint64_t size = file_.size();
    const std::uint8_t* b = file_.data() + at;
    if (length < 12 || length % 4 != 0 || length > kMaxBlockLength)
        return fail(at, "block of type " + hex32(type) + " has an invalid length of " + std::to_string(length) +
                            " bytes (a block is a multiple of 4 bytes, at least 12); the file is damaged from here on");
    if (length > size - at)
        return truncatedAt(at, "the file was cut short in the middle of a block (" + std::to_string(size - at) +
                                   " of its " + std::to_string(length) + " bytes present)");
    if (order_.u32(b + length - 4) != length)
        return fail(at, "block of type " + hex32(type) + ": the trailing length (" +
                            std::to_string(order_.u32(b + length - 4)) + ") does not match the leading length (" +
                            std::to_string(length) + "); the file is damaged from here on");
    return Status::More;
}

// An enhanced or obsolete packet block: one packet with its time stamp and options.
[[gnu::always_inline]] inline CaptureReader::Status CaptureReader::indexPacketBlock(PacketIndex& index, std::uint64_t at,
                                                             std::uint32_t type, std::uint32_t length,
                                                             std::size_t& added)
{
    const std::uint8_t* body = file_.data() + at + 8;
    const std::uint32_t bodyLength = length - 12;
    if (bodyLength < 20)
        return fail(at, "packet block of " + std::to_string(length) +
                            " bytes is too short (at least 32); the file is damaged from here on");
    const std::uint32_t ifaceId = type == kEnhancedPacketBlock ? order_.u32(body) : order_.u16(body);
    const std::uint64_t ticks = (std::uint64_t{order_.u32(body + 4)} << 32) | order_.u32(body + 8);
    const std::uint32_t capLen = order_.u32(body + 12);
    const std::uint32_t origLen = order_.u32(body + 16);
    if (capLen > bodyLength - 20)
        return fail(at, "packet " + std::to_string(index.size() + 1) + " claims " + std::to_string(capLen) +
                            " captured bytes but its block holds only " + std::to_string(bodyLength - 20) +
                            "; the file is damaged from here on");
    const std::uint64_t packetIndex = index.size();
    if (appendPacket(index, at, ifaceId, ticks, capLen, origLen, 20)) {
        ++added;
        const std::uint32_t optsAt = 20 + padded4(capLen);
        if (optsAt < bodyLength)
            readPacketOptions(at, body + optsAt, bodyLength - optsAt, packetIndex);
    }
    return Status::More;
}

// A simple packet block: a packet of the section's first interface, without a time stamp.
inline CaptureReader::Status CaptureReader::indexSimplePacketBlock(PacketIndex& index, std::uint64_t at,
                                                                   std::uint32_t length, std::size_t& added)
{
    const std::uint8_t* body = file_.data() + at + 8;
    const std::uint32_t bodyLength = length - 12;
    if (bodyLength < 4)
        return fail(at, "simple packet block of " + std::to_string(length) +
                            " bytes is too short; the file is damaged from here on");
    const std::uint32_t origLen = order_.u32(body);
    std::uint32_t capLen = std::min(origLen, bodyLength - 4);
    if (interfaces_.size() > sectionFirstInterface_) {
        const std::uint32_t snap = interfaces_[sectionFirstInterface_].snapLength;
        if (snap != 0 && snap < capLen)
            capLen = snap;
    }
    if (appendPacket(index, at, 0, 0, capLen, origLen, 4))
        ++added;
    return Status::More;
}

// Adds the packet of the block at `at` (its data `dataInBody` bytes into the body) to the index; false
// when it is skipped (an undefined interface) or the index is full.
[[gnu::always_inline]] inline bool CaptureReader::appendPacket(PacketIndex& index, std::uint64_t at, std::uint32_t ifaceInSection,
                                        std::uint64_t ticks, std::uint32_t capLen, std::uint32_t origLen,
                                        std::uint32_t dataInBody)
{
    const std::size_t sectionInterfaces = interfaces_.size() - sectionFirstInterface_;
    if (ifaceInSection >= sectionInterfaces) {
        warn(at, "a packet refers to interface " + std::to_string(ifaceInSection) + " but only " +
                     std::to_string(sectionInterfaces) + " interfaces are described before it; the packet is skipped");
        return false;
    }
    const std::size_t global = sectionFirstInterface_ + ifaceInSection;
    if (global > 0xffff) {
        warn(at, "more than 65535 interfaces; the packet is skipped");
        return false;
    }
    PacketRecord r;
    r.setLocation(at + 8 + dataInBody, static_cast<std::uint16_t>(global));
    r.ticks = ticks;
    r.capturedLength = capLen;
    r.originalLength = origLen;
    return index.append(r);
}

} // namespace synscope
