#pragma once
// A capture being read: the file's index, each packet's TCP analysis record, and the TCP tracker.
// Loading is incremental (loadMore), so the CLI streams through a file and the engine publishes
// batches. Plain C++: the CLI, the engine thread and the tests share it.
#include "analysis/tcp_frame_feed.h"
#include "analysis/tcp_tracker.h"
#include "capture/capture_reader.h"
#include "common/chunked_array.h"
#include "decode/decoder.h"
#include "decode/frame_context.h"

#include <string>
#include <string_view>
#include <vector>

namespace synscope {

class PacketStore {
public:
    explicit PacketStore(TrackerOptions trackerOptions = {}) : tracker_(trackerOptions) {}

    // `growing`: a file still being written (live capture): follow it with refresh() + loadMore().
    bool open(const std::string& path, std::string& error, bool growing = false);
    // Indexes and analyses up to `maxPackets` more packets.
    CaptureReader::Status loadMore(std::size_t maxPackets);
    // Without analysis loadMore() only indexes (a plain copy or filter pass needs no TCP state): every
    // packet then has an empty TCP record. Set before the first loadMore().
    void setAnalysis(bool on) { analysis_ = on; }
    // Re-maps the file after it grew, then loadMore() picks up the new packets.
    bool refresh(std::string& error) { return reader_.refresh(error); }

    std::size_t size() const { return index_.size(); }
    const CaptureReader& reader() const { return reader_; }
    const PacketRecord& record(std::size_t i) const { return index_[i]; }
    std::span<const std::uint8_t> bytes(std::size_t i) const { return reader_.packetBytes(index_[i]); }
    std::uint32_t linkType(std::size_t i) const { return reader_.linkTypeOf(index_[i]); }
    const TcpPacketRecord& tcpRecord(std::size_t i) const { return tcp_[i]; }
    const TcpTracker& tracker() const { return tracker_; }
    // Of frame 1 (every frame context needs it: computed once, when the first packet is indexed).
    Timestamp firstTimestamp() const { return firstTime_; }

    // A pass that read the bytes of packets [from, to) (a filter, a search, a sort) gives their pages back,
    // so going over a huge file does not grow the process by its size.
    void releaseBytes(std::size_t from, std::size_t to) const
    {
        if (from < to && to <= size())
            reader_.dropResident(index_[from].dataOffset(), index_[to - 1].dataOffset());
    }
    // Decodes packet i (0-based) into `out`.
    void decode(std::size_t i, Packet& out, const DecodeOptions& options = {}) const;
    // Frame context of packet i; `facts` receives the TCP facts when the packet has a TCP record.
    FrameContext context(std::size_t i, const Packet& decoded, TcpSegmentFacts& facts) const;
    // The comment of packet i (pcapng), or empty.
    std::string_view comment(std::size_t i) const;
    // Every comment of packet i, in file order (a pcapng packet may carry several).
    std::vector<std::string_view> comments(std::size_t i) const;
    std::size_t memoryBytes() const { return index_.memoryBytes() + tcp_.memoryBytes() + tracker_.memoryBytes(); }

private:
    // loadMore() without keeping firstTime_.
    CaptureReader::Status indexAndAnalyse(std::size_t maxPackets);
    // Analyses the indexed packets [from, to).
    void analyse(std::size_t from, std::size_t to);
    // Index of the first comment of a packet at or after i (comments are stored in packet order).
    std::size_t firstCommentAtOrAfter(std::size_t i) const;
    CaptureReader reader_;
    PacketIndex index_;
    ChunkedArray<TcpPacketRecord> tcp_;
    TcpTracker tracker_;
    TcpFrameFeed feed_;
    bool analysis_ = true;
    Timestamp firstTime_;
};

} // namespace synscope
