// libFuzzer target: the TCP analysis (TcpTracker: streams, relative numbers, Wireshark's analysis
// flags, each connection's life) fed with a sequence of decoded packets, then the connection reports
// (`synscope-cli conversations`) and, optionally, every view of every packet with its analysis facts
// (`synscope-cli read`, `read --json`). A second tracker is fed the same frames as PacketStore feeds
// them (TcpFrameFeed: plain segments read without the decoder) and must give the same records.
//
// Input:
//   byte 0: link type of every packet (index into fuzz::kLinkTypes, modulo)
//   byte 1: bit 0 keep state-change frames (as `conversations` does), bit 1 present every packet,
//           bit 2 start the capture at the epoch instead of 2024
//   then packets, each: u16 BE length, i16 BE time step in milliseconds (-32768: an absolute time in
//   nanoseconds follows as i64 BE), u8 bytes not captured, then `length` bytes (fewer at the end).
#include "analysis/connection_report.h"
#include "analysis/tcp_frame_feed.h"
#include "fuzz_support.h"

#include "common/byte_order.h"

#include <cstring>

using namespace synscope;

namespace {

struct Frame {
    std::vector<std::uint8_t> bytes;
    std::uint32_t originalLength = 0;
    std::int64_t timeNs = 0;
};

Timestamp fromNs(std::int64_t ns)
{
    std::int64_t s = ns / 1000000000;
    std::int64_t rest = ns % 1000000000;
    if (rest < 0) {
        rest += 1000000000;
        --s;
    }
    return Timestamp{s, static_cast<std::uint32_t>(rest)};
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 2)
        return -1;
    const std::uint32_t linkType = fuzz::kLinkTypes[data[0] % fuzz::kLinkTypeCount];
    const std::uint8_t flags = data[1];
    std::vector<Frame> frames;
    std::int64_t now = (flags & 4) ? 0 : std::int64_t{1718000000} * 1000000000;
    std::size_t at = 2;
    while (size - at >= 5) {
        const std::uint16_t length = loadBe16(data + at);
        const auto step = static_cast<std::int16_t>(loadBe16(data + at + 2));
        const std::uint8_t notCaptured = data[at + 4];
        at += 5;
        if (step == -32768) {
            if (size - at < 8)
                break;
            now = static_cast<std::int64_t>(loadBe64(data + at));
            at += 8;
        } else {
            // Saturating, like the reader's nanosecond times.
            if (__builtin_add_overflow(now, std::int64_t{step} * 1000000, &now))
                now = step < 0 ? INT64_MIN : INT64_MAX;
        }
        const std::size_t n = std::min<std::size_t>(length, size - at);
        Frame f;
        f.bytes.assign(data + at, data + at + n);
        f.originalLength = static_cast<std::uint32_t>(n + notCaptured);
        f.timeNs = now;
        frames.push_back(std::move(f));
        at += n;
    }

    TrackerOptions options;
    options.keepStateFrames = flags & 1;
    TcpTracker tracker(options), fedTracker(options);
    static TcpFrameFeed feed;
    static Packet packet;
    DecodeOptions analysisOptions;
    analysisOptions.verifyChecksums = false;
    analysisOptions.decodeDns = false;
    std::vector<TcpPacketRecord> records(frames.size());
    for (std::size_t i = 0; i < frames.size(); ++i) {
        const std::span<const std::uint8_t> bytes(frames[i].bytes.data(), frames[i].bytes.size());
        decodePacket(bytes, linkType, frames[i].originalLength, packet, analysisOptions);
        const bool tcp = tracker.process(i + 1, frames[i].timeNs, packet, records[i]);
        FUZZ_CHECK(tcp == records[i].hasStream(), "process() returned %d for stream %u", tcp, records[i].stream);
        if (records[i].hasStream())
            FUZZ_CHECK(records[i].stream < tracker.connections().size(), "frame %zu: stream %u of %zu", i + 1,
                       records[i].stream, tracker.connections().size());
        TcpPacketRecord fed;
        const bool fedTcp = feed.feed(fedTracker, i + 1, frames[i].timeNs, bytes, linkType, frames[i].originalLength, fed);
        FUZZ_CHECK(fedTcp == tcp && std::memcmp(&fed, &records[i], sizeof fed) == 0,
                   "frame %zu: the fed tracker's record differs from the decoded one's", i + 1);
    }
    FUZZ_CHECK(fedTracker.connections().size() == tracker.connections().size(), "fed tracker: %zu connections, %zu",
               fedTracker.connections().size(), tracker.connections().size());

    std::uint64_t packets = 0;
    for (const Connection& c : tracker.connections()) {
        FUZZ_CHECK(c.firstFrame >= 1 && c.firstFrame <= c.lastFrame && c.lastFrame <= frames.size(),
                   "stream %u: frames %u-%u of %zu", c.stream, c.firstFrame, c.lastFrame, frames.size());
        packets += c.packets;
        for (Side s : {Side::Client, Side::Server})
            FUZZ_CHECK(!tracker.states(c, s).empty(), "no states");
        (void)tracker.stateChanges(c.stream);
    }
    FUZZ_CHECK(packets <= frames.size(), "%llu packets counted in connections, %zu frames",
               static_cast<unsigned long long>(packets), frames.size());
    (void)tracker.memoryBytes();
    std::size_t reported = 0;
    for (const ConnectionReport& r : buildConnectionReports(tracker)) {
        const std::string text = describeConnection(r);
        FUZZ_CHECK(!text.empty(), "empty description");
        // The connections panel builds one report at a time (a pass over the side tables each).
        if (++reported <= 16)
            (void)buildConnectionReport(tracker, tracker.connections()[r.stream]);
    }

    if (flags & 2) {
        fuzz::Presenter presenter;
        const Timestamp first = frames.empty() ? Timestamp{} : fromNs(frames[0].timeNs);
        for (std::size_t i = 0; i < frames.size(); ++i) {
            const std::span<const std::uint8_t> bytes(frames[i].bytes.data(), frames[i].bytes.size());
            decodePacket(bytes, linkType, frames[i].originalLength, packet);
            TcpSegmentFacts facts;
            const FrameContext ctx = fuzz::frameContext(i + 1, fromNs(frames[i].timeNs), first, packet, records[i], facts);
            presenter.present(packet, bytes, ctx);
        }
    }
    return 0;
}
