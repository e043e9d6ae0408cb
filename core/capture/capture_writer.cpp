#include "capture/capture_writer.h"

#include "filter/bpf_filter.h"

#include <cerrno>
#include <cstring>
#include <pcap/pcap.h>

namespace synscope {

namespace {

constexpr std::uint32_t kSectionHeaderBlock = 0x0a0d0d0a;
constexpr std::uint32_t kInterfaceDescriptionBlock = 1;
constexpr std::uint32_t kEnhancedPacketBlock = 6;

void put16(std::vector<std::uint8_t>& b, std::uint16_t v)
{
    b.push_back(static_cast<std::uint8_t>(v));
    b.push_back(static_cast<std::uint8_t>(v >> 8));
}
void put32(std::vector<std::uint8_t>& b, std::uint32_t v)
{
    for (int i = 0; i < 4; ++i)
        b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void pad4(std::vector<std::uint8_t>& b)
{
    while (b.size() % 4)
        b.push_back(0);
}
void putOption(std::vector<std::uint8_t>& b, std::uint16_t code, std::string_view value)
{
    const std::size_t n = std::min<std::size_t>(value.size(), 0xfffc);
    put16(b, code);
    put16(b, static_cast<std::uint16_t>(n));
    b.insert(b.end(), value.begin(), value.begin() + static_cast<std::ptrdiff_t>(n));
    pad4(b);
}
// Wraps a block body: type, total length, body, total length (all little-endian).
std::vector<std::uint8_t> block(std::uint32_t type, const std::vector<std::uint8_t>& body)
{
    std::vector<std::uint8_t> b;
    const auto total = static_cast<std::uint32_t>(body.size() + 12);
    put32(b, type);
    put32(b, total);
    b.insert(b.end(), body.begin(), body.end());
    put32(b, total);
    return b;
}

} // namespace

CaptureWriter::~CaptureWriter()
{
    std::string ignored;
    close(ignored);
}

std::string CaptureWriter::ioError(const char* what) const
{
    return std::string(what) + " \"" + path_ + "\": " + std::strerror(errno);
}

bool CaptureWriter::open(const std::string& path, CaptureFileFormat format,
                         const std::vector<WriterInterface>& interfaces, std::string& error)
{
    std::string ignored;
    close(ignored);
    path_ = path;
    // Checked before the file is created, so a refused request leaves nothing behind.
    if (!checkFormat(format, interfaces, error))
        return false;
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) {
        error = ioError("cannot create");
        return false;
    }
    return open(f, path, format, interfaces, error);
}

bool CaptureWriter::checkFormat(CaptureFileFormat format, const std::vector<WriterInterface>& interfaces,
                                std::string& error)
{
    if (format != CaptureFileFormat::Pcap)
        return true;
    if (interfaces.empty()) {
        error = "a pcap file needs a link type";
        return false;
    }
    for (const WriterInterface& i : interfaces) {
        if (i.linkType != interfaces[0].linkType || i.nanosecond != interfaces[0].nanosecond) {
            error = "the packets come from interfaces with different link types or time stamp resolutions, "
                    "which a pcap file cannot hold; save as pcapng instead";
            return false;
        }
    }
    return true;
}

bool CaptureWriter::open(std::FILE* f, const std::string& name, CaptureFileFormat format,
                         const std::vector<WriterInterface>& interfaces, std::string& error)
{
    std::string ignored;
    close(ignored);
    path_ = name;
    format_ = format;
    interfaces_.clear();
    bytes_ = packets_ = 0;
    if (!checkFormat(format, interfaces, error)) {
        std::fclose(f);
        return false;
    }
    if (format == CaptureFileFormat::Pcap) {
        const WriterInterface& i = interfaces[0];
        dead_ = pcap_open_dead_with_tstamp_precision(dltForLinkType(i.linkType), static_cast<int>(i.snapLength),
                                                     i.nanosecond ? PCAP_TSTAMP_PRECISION_NANO
                                                                  : PCAP_TSTAMP_PRECISION_MICRO);
        if (!dead_) {
            error = "libpcap cannot write link type " + std::to_string(i.linkType);
            std::fclose(f);
            return false;
        }
        useLargeBuffer(f);
        dumper_ = pcap_dump_fopen(dead_, f);
        if (!dumper_) {
            error = "cannot start the pcap file \"" + name + "\": " + pcap_geterr(dead_);
            std::fclose(f);
            pcap_close(dead_);
            dead_ = nullptr;
            return false;
        }
        interfaces_ = interfaces;
        bytes_ = 24;
        return true;
    }
    file_ = f;
    useLargeBuffer(file_);
    std::vector<std::uint8_t> shb;
    put32(shb, 0x1a2b3c4d);
    put16(shb, 1);
    put16(shb, 0);
    put32(shb, 0xffffffffu); // section length not known in advance
    put32(shb, 0xffffffffu);
    putOption(shb, 4, "SynScope"); // shb_userappl
    put32(shb, 0);                 // opt_endofopt
    if (!putBlock(block(kSectionHeaderBlock, shb), error))
        return false;
    for (const WriterInterface& i : interfaces)
        if (addInterface(i, error) < 0)
            return false;
    return true;
}

int CaptureWriter::addInterface(const WriterInterface& iface, std::string& error)
{
    if (format_ != CaptureFileFormat::PcapNg || !file_) {
        error = "interfaces can only be added to an open pcapng file";
        return -1;
    }
    if (!writeInterfaceBlock(iface, error))
        return -1;
    interfaces_.push_back(iface);
    return static_cast<int>(interfaces_.size() - 1);
}

bool CaptureWriter::writeInterfaceBlock(const WriterInterface& i, std::string& error)
{
    std::vector<std::uint8_t> idb;
    put16(idb, static_cast<std::uint16_t>(i.linkType));
    put16(idb, 0);
    put32(idb, i.snapLength);
    if (!i.name.empty())
        putOption(idb, 2, i.name); // if_name
    if (!i.description.empty())
        putOption(idb, 3, i.description); // if_description
    if (i.nanosecond) {
        const char res = 9;
        putOption(idb, 9, std::string_view(&res, 1)); // if_tsresol
    }
    if (i.tsOffsetSeconds != 0) {
        char offset[8];
        const auto v = static_cast<std::uint64_t>(i.tsOffsetSeconds);
        for (int k = 0; k < 8; ++k)
            offset[k] = static_cast<char>(v >> (8 * k));
        putOption(idb, 14, std::string_view(offset, 8)); // if_tsoffset
    }
    put32(idb, 0);
    return putBlock(block(kInterfaceDescriptionBlock, idb), error);
}

bool CaptureWriter::write(std::uint32_t iface, const Timestamp& time, std::span<const std::uint8_t> data,
                          std::uint32_t originalLength, std::string& error, std::string_view comment)
{
    if (comment.empty())
        return write(iface, time, data, originalLength, error, std::span<const std::string_view>{});
    return write(iface, time, data, originalLength, error, std::span<const std::string_view>(&comment, 1));
}

bool CaptureWriter::write(std::uint32_t iface, const Timestamp& time, std::span<const std::uint8_t> data,
                          std::uint32_t originalLength, std::string& error,
                          std::span<const std::string_view> comments)
{
    if (iface >= interfaces_.size()) {
        error = "packet for an undefined interface " + std::to_string(iface);
        return false;
    }
    const bool nano = interfaces_[iface].nanosecond;
    if (dumper_) {
        // pcap time stamps are 32-bit unsigned seconds: 1970 to 2106.
        if (time.seconds < 0 || time.seconds > 0xffffffffll) {
            error = "packet time stamp " + std::to_string(time.seconds) +
                    " s lies outside 1970-2106, which a pcap file cannot hold; save as pcapng instead";
            return false;
        }
        pcap_pkthdr h{};
        h.ts.tv_sec = static_cast<time_t>(time.seconds);
        h.ts.tv_usec = static_cast<suseconds_t>(nano ? time.nanoseconds : time.nanoseconds / 1000);
        h.caplen = static_cast<bpf_u_int32>(data.size());
        h.len = originalLength;
        pcap_dump(reinterpret_cast<u_char*>(dumper_), &h, data.data());
        if (std::ferror(pcap_dump_file(dumper_))) {
            error = ioError("cannot write to");
            return false;
        }
        bytes_ += 16 + data.size();
        ++packets_;
        return true;
    }
    if (!file_) {
        error = "no file is open";
        return false;
    }
    // Overflow-checked: a time stamp read from a file (exported again) may lie anywhere in the int64 range.
    std::int64_t seconds = 0;
    const bool overflow = __builtin_sub_overflow(time.seconds, interfaces_[iface].tsOffsetSeconds, &seconds);
    const std::uint64_t limit = nano ? 18446744073ull : 18446744073709ull; // 2^64 ticks in seconds
    if (overflow || seconds < 0 || static_cast<std::uint64_t>(seconds) >= limit) {
        error = "packet time stamp " + std::to_string(time.seconds) +
                " s cannot be written for this interface (before its time offset, or beyond 64-bit ticks)";
        return false;
    }
    const std::uint64_t ticks = nano ? static_cast<std::uint64_t>(seconds) * 1000000000ull + time.nanoseconds
                                     : static_cast<std::uint64_t>(seconds) * 1000000ull + time.nanoseconds / 1000;
    // The block is assembled in a buffer kept from packet to packet: a live capture writes hundreds of
    // thousands of packets a second, and two allocations and copies per packet were most of its CPU time.
    std::vector<std::uint8_t>& epb = scratch_;
    epb.clear();
    put32(epb, kEnhancedPacketBlock);
    put32(epb, 0); // total length, set below
    put32(epb, iface);
    put32(epb, static_cast<std::uint32_t>(ticks >> 32));
    put32(epb, static_cast<std::uint32_t>(ticks));
    put32(epb, static_cast<std::uint32_t>(data.size()));
    put32(epb, originalLength);
    epb.insert(epb.end(), data.begin(), data.end());
    pad4(epb); // 28 bytes precede the data, a multiple of 4 as the body's 20 are: the same padding
    for (std::string_view comment : comments)
        putOption(epb, 1, comment);
    if (!comments.empty())
        put32(epb, 0);
    const auto total = static_cast<std::uint32_t>(epb.size() + 4);
    for (int i = 0; i < 4; ++i)
        epb[4 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(total >> (8 * i));
    put32(epb, total);
    if (!putBlock(epb, error))
        return false;
    ++packets_;
    return true;
}

void CaptureWriter::useLargeBuffer(std::FILE* f)
{
    // stdio's default (the file system's 4 KiB block) means a write() every 30 packets of a live capture;
    // the capture flushes on its own schedule anyway. Kept for the next file; it outlives every FILE.
    if (!buffer_)
        buffer_ = std::make_unique<char[]>(kBufferBytes);
    std::setvbuf(f, buffer_.get(), _IOFBF, kBufferBytes);
}

bool CaptureWriter::putBlock(const std::vector<std::uint8_t>& b, std::string& error)
{
    if (std::fwrite(b.data(), 1, b.size(), file_) != b.size()) {
        error = ioError("cannot write to");
        return false;
    }
    bytes_ += b.size();
    return true;
}

bool CaptureWriter::flush(std::string& error)
{
    std::FILE* f = dumper_ ? pcap_dump_file(dumper_) : file_;
    if (f && std::fflush(f) != 0) {
        error = ioError("cannot write to");
        return false;
    }
    return true;
}

bool CaptureWriter::close(std::string& error)
{
    bool ok = true;
    if (dumper_) {
        std::FILE* f = pcap_dump_file(dumper_);
        if (std::fflush(f) != 0 || std::ferror(f)) {
            error = ioError("cannot write to");
            ok = false;
        }
        pcap_dump_close(dumper_); // closes the FILE
        dumper_ = nullptr;
    }
    if (dead_) {
        pcap_close(dead_);
        dead_ = nullptr;
    }
    if (file_) {
        if (std::fflush(file_) != 0 || std::ferror(file_)) {
            error = ioError("cannot write to");
            ok = false;
        }
        if (std::fclose(file_) != 0 && ok) {
            error = ioError("cannot close");
            ok = false;
        }
        file_ = nullptr;
    }
    return ok;
}

} // namespace synscope
