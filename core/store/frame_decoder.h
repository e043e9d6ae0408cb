#pragma once
// One stored packet as every view sees it: decoded (its layers), with its frame context (number, time,
// interface, comment, the TCP analysis' facts) and, on request, the packet list's summary columns. This is
// the one path from a PacketStore index to a decoded frame: the packet list, its sorter, Find, the
// details pane, the sequence diagram, the CLI's printer and the benchmark all read packets through it.
//
// For a pass over many packets, pass a PageRelease interval: the pages of the packets decoded are given
// back as the pass goes (see PageRelease).
#include "decode/decoder.h"
#include "decode/frame_context.h"
#include "decode/packet.h"
#include "decode/text/summary.h"
#include "store/page_release.h"

#include <cstddef>
#include <optional>
#include <span>

namespace synscope {

class PacketStore;

class FrameDecoder {
public:
    // What a list row needs: no checksum verification (it costs a pass over the payload, and the list
    // does not show it).
    static DecodeOptions listOptions()
    {
        DecodeOptions o;
        o.verifyChecksums = false;
        return o;
    }
    // `releaseEvery`: for a pass, give back the pages of every so many decoded packets (0: keep them,
    // for random access such as the list's visible rows or the selected packet).
    explicit FrameDecoder(const PacketStore& store, DecodeOptions options = listOptions(), std::size_t releaseEvery = 0);
    FrameDecoder(const FrameDecoder&) = delete;
    FrameDecoder& operator=(const FrameDecoder&) = delete;

    // Decodes packet i (0-based) and its frame context. What the accessors return stays valid until the
    // next decode().
    void decode(std::size_t i);
    // decode(i), then the list's summary columns.
    const PacketSummary& summarize(std::size_t i)
    {
        decode(i);
        return summary();
    }

    std::size_t index() const { return index_; }
    const Packet& packet() const { return packet_; }
    const FrameContext& context() const { return context_; }
    std::span<const std::uint8_t> bytes() const { return bytes_; }
    // The summary columns of the packet last decoded (computed once per decode()).
    const PacketSummary& summary();

private:
    const PacketStore& store_;
    DecodeOptions options_;
    std::optional<PageRelease> release_;
    std::size_t index_ = SIZE_MAX;
    Packet packet_;
    TcpSegmentFacts facts_;
    FrameContext context_;
    std::span<const std::uint8_t> bytes_;
    PacketSummary summary_;
    bool summarized_ = false;
};

} // namespace synscope
