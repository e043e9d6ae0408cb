#pragma once
// Writes packets to a pcap file (through libpcap's pcap_dump) or a pcapng file (SHB, one IDB per
// interface with its link type, name and time stamp resolution, EPBs with comments). Packets are
// copied byte for byte; original lengths and time stamps are kept.
#include "common/timestamp.h"

#include <cstdint>
#include <cstdio>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

typedef struct pcap pcap_t;
typedef struct pcap_dumper pcap_dumper_t;

namespace synscope {

enum class CaptureFileFormat { Pcap, PcapNg };

struct WriterInterface {
    std::uint32_t linkType = 1;
    std::uint32_t snapLength = 262144;
    std::string name;
    std::string description;
    bool nanosecond = false; // time stamp resolution: nanoseconds (else microseconds)
    // pcapng if_tsoffset: time stamps are written relative to it (keeps times before 1970 writable).
    std::int64_t tsOffsetSeconds = 0;
};

class CaptureWriter {
public:
    CaptureWriter() = default;
    ~CaptureWriter();
    CaptureWriter(const CaptureWriter&) = delete;
    CaptureWriter& operator=(const CaptureWriter&) = delete;

    // Creates (truncates) `path`. Classic pcap holds one link type and one time stamp resolution only.
    bool open(const std::string& path, CaptureFileFormat format, const std::vector<WriterInterface>& interfaces,
              std::string& error);
    // Writes to an open stream (a pipe, or a file the caller created with its own checks); takes it over
    // (closed by close(), also on failure). `name` names it in messages.
    bool open(std::FILE* f, const std::string& name, CaptureFileFormat format,
              const std::vector<WriterInterface>& interfaces, std::string& error);
    // pcapng only: a further interface (live capture on one more interface). Returns its index.
    int addInterface(const WriterInterface& iface, std::string& error);
    bool write(std::uint32_t interfaceIndex, const Timestamp& time, std::span<const std::uint8_t> data,
               std::uint32_t originalLength, std::string& error, std::string_view comment = {});
    // pcapng: every comment becomes its own opt_comment, in order (pcap has no comments).
    bool write(std::uint32_t interfaceIndex, const Timestamp& time, std::span<const std::uint8_t> data,
               std::uint32_t originalLength, std::string& error, std::span<const std::string_view> comments);
    // Pushes buffered bytes to the kernel (a live capture calls this at least every second).
    bool flush(std::string& error);
    bool close(std::string& error);
    bool isOpen() const { return file_ != nullptr || dumper_ != nullptr; }
    std::uint64_t bytesWritten() const { return bytes_; }
    std::uint64_t packetsWritten() const { return packets_; }
    const std::string& path() const { return path_; }

private:
    static bool checkFormat(CaptureFileFormat format, const std::vector<WriterInterface>& interfaces,
                            std::string& error);
    bool putBlock(const std::vector<std::uint8_t>& block, std::string& error);
    bool writeInterfaceBlock(const WriterInterface& iface, std::string& error);
    std::string ioError(const char* what) const;
    void useLargeBuffer(std::FILE* f);

    static constexpr std::size_t kBufferBytes = 256 * 1024;

    std::string path_;
    CaptureFileFormat format_ = CaptureFileFormat::PcapNg;
    std::vector<WriterInterface> interfaces_;
    std::FILE* file_ = nullptr;  // pcapng
    pcap_t* dead_ = nullptr;     // pcap
    pcap_dumper_t* dumper_ = nullptr;
    std::uint64_t bytes_ = 0;
    std::uint64_t packets_ = 0;
    std::vector<std::uint8_t> scratch_; // the block being written (pcapng), reused
    std::unique_ptr<char[]> buffer_;    // stdio buffer of the open file
};

} // namespace synscope
