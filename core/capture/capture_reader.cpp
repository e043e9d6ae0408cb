#include "capture/capture_reader.h"

#include <algorithm>
#include <cstdio>

namespace synscope {

namespace {

constexpr std::uint32_t kPcapMagicMicro = 0xa1b2c3d4;
constexpr std::uint32_t kPcapMagicNano = 0xa1b23c4d;
constexpr std::uint32_t kPcapMagicKuznetzov = 0xa1b2cd34; // patched libpcap: 24-byte record headers
constexpr std::uint32_t kPcapNgSectionHeader = 0x0a0d0d0a;
constexpr std::uint32_t kPcapFileHeaderLength = 24;
// Larger than any real snapshot length (libpcap's maximum is 256 KiB), small enough to catch a lying length.
constexpr std::uint32_t kMaxPlausibleCapturedLength = 64u << 20;

} // namespace

void CaptureReader::reset()
{
    file_.close();
    format_ = CaptureFormat::Pcap;
    order_ = {};
    nanosecond_ = false;
    pcapRecordHeaderLength_ = 16;
    maxCapturedLength_ = 0;
    position_ = 0;
    interfaces_.clear();
    sectionFirstInterface_ = 0;
    sectionCount_ = 0;
    error_ = {};
    truncation_ = {};
    truncatedBytes_ = 0;
    warnings_.clear();
    comments_.clear();
    sectionComments_.clear();
}

bool CaptureReader::open(const std::string& path, std::string& error, bool growing)
{
    reset();
    if (!file_.open(path, error, growing ? (std::uint64_t{64} << 30) : 0))
        return false;
    if (file_.size() < 4) {
        error = path + ": " +
                (file_.size() == 0 ? std::string("the file is empty, so it is not a capture file (pcap or pcapng)")
                                   : "the file is only " + std::to_string(file_.size()) +
                                         " bytes long, too short to be a capture file (pcap or pcapng)");
        return false;
    }
    const std::uint8_t* p = file_.data();
    if (loadLe32(p) == kPcapNgSectionHeader)
        return openPcapNg(error);
    return openPcap(error);
}

bool CaptureReader::refresh(std::string& error) { return file_.refresh(error); }

std::string CaptureReader::describe(const CaptureProblem& problem) const
{
    return file_.path() + ": at byte " + std::to_string(problem.offset) + ": " + problem.message;
}

CaptureReader::Status CaptureReader::fail(std::uint64_t offset, std::string message)
{
    error_ = {offset, std::move(message)};
    return Status::Error;
}

CaptureReader::Status CaptureReader::truncatedAt(std::uint64_t offset, std::string message)
{
    truncatedBytes_ = file_.size() - offset;
    truncation_ = {offset, std::move(message)};
    return Status::Truncated;
}

void CaptureReader::warn(std::uint64_t offset, std::string message)
{
    // A hostile file could produce one warning per packet; a hundred are enough to tell the story.
    if (warnings_.size() < 100)
        warnings_.push_back({offset, std::move(message)});
}

CaptureReader::Status CaptureReader::indexMore(PacketIndex& index, std::size_t maxPackets, bool keepPages)
{
    if (!error_.message.empty())
        return Status::Error;
    truncatedBytes_ = 0;
    truncation_ = {};
    if (position_ > file_.size())
        return fail(file_.size(), "the file became shorter (" + std::to_string(file_.size()) +
                                      " bytes) than what was already read (" + std::to_string(position_) +
                                      " bytes): it was rewritten; open it again");
    const std::uint64_t start = position_;
    const Status s = format_ == CaptureFormat::Pcap ? indexPcap(index, maxPackets) : indexPcapNg(index, maxPackets);
    if (!keepPages)
        dropResident(start, position_);
    return s;
}

bool CaptureReader::openPcap(std::string& error)
{
    const std::uint8_t* p = file_.data();
    const std::uint32_t magicLe = loadLe32(p);
    const std::uint32_t magicBe = loadBe32(p);
    std::uint32_t magic = 0;
    if (magicLe == kPcapMagicMicro || magicLe == kPcapMagicNano || magicLe == kPcapMagicKuznetzov) {
        order_.bigEndian = false;
        magic = magicLe;
    } else if (magicBe == kPcapMagicMicro || magicBe == kPcapMagicNano || magicBe == kPcapMagicKuznetzov) {
        order_.bigEndian = true;
        magic = magicBe;
    } else {
        char hex[16];
        std::snprintf(hex, sizeof hex, "0x%08x", magicBe);
        error = describe({0, std::string("not a pcap or pcapng file (the first four bytes are ") + hex +
                                 "; pcap files start with a1b2c3d4 or a1b23c4d, pcapng files with 0a0d0d0a)"});
        return false;
    }
    format_ = CaptureFormat::Pcap;
    if (file_.size() < kPcapFileHeaderLength) {
        error = describe({0, "the pcap file header is cut short: " + std::to_string(file_.size()) +
                                 " of 24 bytes present"});
        return false;
    }
    nanosecond_ = magic == kPcapMagicNano;
    pcapRecordHeaderLength_ = magic == kPcapMagicKuznetzov ? 24 : 16;
    const std::uint16_t major = order_.u16(p + 4);
    const std::uint16_t minor = order_.u16(p + 6);
    if (major != 2) {
        error = describe({4, "pcap format version " + std::to_string(major) + "." + std::to_string(minor) +
                                 " is not supported (only version 2.x is in use since 1998)"});
        return false;
    }
    CaptureInterface iface;
    iface.snapLength = order_.u32(p + 16);
    const std::uint32_t linkField = order_.u32(p + 20);
    // The upper 16 bits may carry an FCS length and reserved bits (pcap spec, "LinkType and additional
    // information"); the link type is the low 16, as libpcap reads it.
    iface.linkType = linkField & 0xFFFF;
    iface.tsResolution = nanosecond_ ? 9 : 6;
    interfaces_.push_back(iface);
    maxCapturedLength_ = std::clamp<std::uint32_t>(iface.snapLength, 256u << 10, kMaxPlausibleCapturedLength);
    position_ = kPcapFileHeaderLength;
    return true;
}

CaptureReader::Status CaptureReader::indexPcap(PacketIndex& index, std::size_t maxPackets)
{
    const std::uint8_t* base = file_.data();
    const std::uint64_t size = file_.size();
    for (std::size_t n = 0; n < maxPackets; ++n) {
        const std::uint64_t at = position_;
        if (at == size)
            return Status::End;
        if (size - at < pcapRecordHeaderLength_) {
            return truncatedAt(at, "the file was cut short in the middle of a packet record header: " +
                                       std::to_string(size - at) + " bytes left over");
        }
        const std::uint8_t* h = base + at;
        const std::uint32_t seconds = order_.u32(h);
        const std::uint32_t fraction = order_.u32(h + 4);
        const std::uint32_t capLen = order_.u32(h + 8);
        const std::uint32_t origLen = order_.u32(h + 12);
        if (capLen > maxCapturedLength_) {
            return fail(at, "packet " + std::to_string(index.size() + 1) + " claims " + std::to_string(capLen) +
                                " captured bytes, more than the file's snapshot length (" +
                                std::to_string(interfaces_[0].snapLength) +
                                ") allows; the file is damaged from here on");
        }
        const std::uint64_t dataAt = at + pcapRecordHeaderLength_;
        if (size - dataAt < capLen) {
            return truncatedAt(at, "the file was cut short in the middle of packet " +
                                       std::to_string(index.size() + 1) + ": " + std::to_string(size - dataAt) +
                                       " of its " + std::to_string(capLen) + " bytes present (" +
                                       std::to_string(size - at) + " bytes left over)");
        }
        PacketRecord r;
        r.setLocation(dataAt, 0);
        r.ticks = static_cast<std::uint64_t>(seconds) * (nanosecond_ ? 1000000000ull : 1000000ull) + fraction;
        r.capturedLength = capLen;
        r.originalLength = origLen;
        if (!index.append(r))
            return fail(at, "more than 4 294 967 296 packets: SynScope's index is full");
        position_ = dataAt + capLen;
    }
    return position_ == size ? Status::End : Status::More;
}

} // namespace synscope
