#pragma once
// Reads pcap and pcapng files into a PacketIndex without copying packet bytes.
//
// Indexing is incremental: indexMore() parses up to N records and can be called again after the
// file grew (a capture tcpdump is still writing, or SynScope's own live capture file), so loading a
// file and following a live capture share one code path.
#include "capture/mapped_file.h"
#include "capture/packet_index.h"
#include "common/byte_order.h"
#include "common/chunked_array.h"
#include "common/timestamp.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace synscope {

enum class CaptureFormat { Pcap, PcapNg };

struct CaptureInterface {
    std::uint32_t linkType = 0;
    std::uint32_t snapLength = 0;
    std::string name;        // pcapng if_name; empty for classic pcap
    std::string description; // pcapng if_description
    std::uint8_t tsResolution = 6; // pcapng if_tsresol byte: 6 = microseconds, 9 = nanoseconds, 0x80|n = 2^-n
    std::int64_t tsOffsetSeconds = 0;
    std::uint32_t section = 0; // pcapng section this interface belongs to
};

// A problem found in the file, with the byte offset where it was found.
struct CaptureProblem {
    std::uint64_t offset = 0;
    std::string message;
};

struct PacketComment {
    std::uint64_t packetIndex = 0; // 0-based
    std::string text;
};

// Interfaces and comments grow while a pcapng file is indexed; stable storage lets another thread read
// the ones published so far (see ChunkedArray).
using InterfaceList = ChunkedArray<CaptureInterface, 6, 1024>;
using CommentList = ChunkedArray<PacketComment, 10>;

class CaptureReader {
public:
    enum class Status {
        More,      // maxPackets reached; call again
        End,       // every byte of the file is indexed
        Truncated, // the file ends inside a record; everything before it is indexed (see truncation())
        Error,     // the file is damaged at error().offset; everything before it is indexed
    };

    // Maps the file and reads its header. On failure `error` names the file, the offset and the problem.
    // `growing`: the file is still being written (a live capture); see MappedFile::open's `reserve`.
    bool open(const std::string& path, std::string& error, bool growing = false);
    // Indexes up to `maxPackets` more packets and gives the pages it read back (a file may be larger than
    // memory should hold). `keepPages`: the caller reads these packets next and releases the pages itself.
    Status indexMore(PacketIndex& index, std::size_t maxPackets, bool keepPages = false);
    // See MappedFile::dropResident: for passes over a file larger than memory should hold.
    void dropResident(std::uint64_t from, std::uint64_t to) const { file_.dropResident(from, to); }
    // Picks up bytes appended since the last call (the file is re-mapped); then call indexMore() again.
    bool refresh(std::string& error);

    CaptureFormat format() const { return format_; }
    bool nanosecondPcap() const { return nanosecond_; }
    const std::string& path() const { return file_.path(); }
    std::uint64_t fileSize() const { return file_.size(); }
    std::uint64_t bytesIndexed() const { return position_; }
    const MappedFile& file() const { return file_; }
    const InterfaceList& interfaces() const { return interfaces_; }
    std::uint32_t linkTypeOf(const PacketRecord& r) const { return interfaces_[r.interfaceIndex()].linkType; }
    std::span<const std::uint8_t> packetBytes(const PacketRecord& r) const
    {
        return file_.bytes(r.dataOffset(), r.capturedLength);
    }
    Timestamp timestamp(const PacketRecord& r) const
    {
        const CaptureInterface& i = interfaces_[r.interfaceIndex()];
        return timestampFromTicks(r.ticks, i.tsResolution, i.tsOffsetSeconds);
    }
    // Nanoseconds since the epoch (saturated), for time arithmetic.
    std::int64_t timestampNs(const PacketRecord& r) const { return timestamp(r).toNanoseconds(); }

    const CaptureProblem& error() const { return error_; }
    // When Status::Truncated: where the incomplete record starts and how many bytes of it are present.
    const CaptureProblem& truncation() const { return truncation_; }
    std::uint64_t truncatedBytes() const { return truncatedBytes_; }
    // Non-fatal problems (bad options, packets of undefined interfaces skipped, clamped time stamps).
    const std::vector<CaptureProblem>& warnings() const { return warnings_; }
    const CommentList& comments() const { return comments_; }
    const std::vector<std::string>& sectionComments() const { return sectionComments_; }

    // "FILE: at byte N: problem", the form every message about the file takes.
    std::string describe(const CaptureProblem& problem) const;

private:
    void reset();
    bool openPcap(std::string& error);
    bool openPcapNg(std::string& error);
    Status indexPcap(PacketIndex& index, std::size_t maxPackets);
    Status indexPcapNg(PacketIndex& index, std::size_t maxPackets);
    Status fail(std::uint64_t offset, std::string message);
    Status truncatedAt(std::uint64_t offset, std::string message);
    void warn(std::uint64_t offset, std::string message);
    // pcapng helpers (pcapng_reader.cpp)
    bool readSectionHeader(std::uint64_t offset, std::uint32_t blockLength, std::string& problem);
    void readInterface(std::uint64_t offset, const std::uint8_t* body, std::uint32_t bodyLength);
    void readPacketOptions(std::uint64_t offset, const std::uint8_t* opts, std::size_t length, std::uint64_t packetIndex);
    // The steps of indexPcapNg(), one per kind of block; Status::More: go on with the next block.
    Status indexSectionHeaderBlock(std::uint64_t at);
    Status checkBlockLength(std::uint64_t at, std::uint32_t type, std::uint32_t length);
    Status indexPacketBlock(PacketIndex& index, std::uint64_t at, std::uint32_t type, std::uint32_t length,
                            std::size_t& added);
    Status indexSimplePacketBlock(PacketIndex& index, std::uint64_t at, std::uint32_t length, std::size_t& added);
    bool appendPacket(PacketIndex& index, std::uint64_t at, std::uint32_t ifaceInSection, std::uint64_t ticks,
                      std::uint32_t capLen, std::uint32_t origLen, std::uint32_t dataInBody);

    MappedFile file_;
    CaptureFormat format_ = CaptureFormat::Pcap;
    FileByteOrder order_;
    bool nanosecond_ = false;
    std::uint32_t pcapRecordHeaderLength_ = 16;
    std::uint32_t maxCapturedLength_ = 0;
    std::uint64_t position_ = 0;
    InterfaceList interfaces_;
    std::size_t sectionFirstInterface_ = 0;
    std::uint32_t sectionCount_ = 0;
    CaptureProblem error_;
    CaptureProblem truncation_;
    std::uint64_t truncatedBytes_ = 0;
    std::vector<CaptureProblem> warnings_;
    CommentList comments_;
    std::vector<std::string> sectionComments_;
};

} // namespace synscope
