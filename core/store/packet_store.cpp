#include "store/packet_store.h"

#include <algorithm>

namespace synscope {

namespace {

constexpr std::size_t kPrefetchAhead = 4;
// Packets indexed and analysed at a time: their headers (about 600 KB of file on average) are still in
// the CPU's cache when the analysis reads them after indexing.
constexpr std::size_t kAnalysisStep = 1024;

} // namespace

bool PacketStore::open(const std::string& path, std::string& error, bool growing)
{
    return reader_.open(path, error, growing);
}

CaptureReader::Status PacketStore::loadMore(std::size_t maxPackets)
{
    const bool wasEmpty = index_.empty();
    const CaptureReader::Status status = indexAndAnalyse(maxPackets);
    if (wasEmpty && !index_.empty())
        firstTime_ = reader_.timestamp(index_[0]);
    return status;
}

CaptureReader::Status PacketStore::indexAndAnalyse(std::size_t maxPackets)
{
    if (!analysis_) {
        const std::size_t before = index_.size();
        const CaptureReader::Status status = reader_.indexMore(index_, maxPackets);
        for (std::size_t i = before; i < index_.size(); ++i)
            tcp_.push_back(TcpPacketRecord{});
        return status;
    }
    // A step at a time: the analysis reads each packet's headers while indexing has just brought them
    // into the CPU's cache (indexing a whole batch first would have to fetch them from memory again),
    // and their pages are given back once both are done.
    CaptureReader::Status status;
    std::size_t done = 0;
    do { // at least once: loadMore(0) reports the file's status, as indexMore(0) does
        const std::size_t before = index_.size();
        const std::uint64_t start = reader_.bytesIndexed();
        status = reader_.indexMore(index_, std::min(kAnalysisStep, maxPackets - done), true);
        analyse(before, index_.size());
        reader_.dropResident(start, reader_.bytesIndexed());
        done += index_.size() - before;
    } while (status == CaptureReader::Status::More && done < maxPackets);
    return status;
}

void PacketStore::analyse(std::size_t from, std::size_t to)
{
    for (std::size_t i = from; i < to; ++i) {
        // The headers of a packet a few ahead are fetched from memory while this one is read.
        if (i + kPrefetchAhead < to)
            __builtin_prefetch(reader_.packetBytes(index_[i + kPrefetchAhead]).data());
        const PacketRecord& r = index_[i];
        TcpPacketRecord rec;
        feed_.feed(tracker_, i + 1, reader_.timestampNs(r), reader_.packetBytes(r), reader_.linkTypeOf(r),
                   r.originalLength, rec);
        tcp_.push_back(rec);
    }
}

void PacketStore::decode(std::size_t i, Packet& out, const DecodeOptions& options) const
{
    const PacketRecord& r = index_[i];
    decodePacket(reader_.packetBytes(r), reader_.linkTypeOf(r), r.originalLength, out, options);
}

FrameContext PacketStore::context(std::size_t i, const Packet& decoded, TcpSegmentFacts& facts) const
{
    const PacketRecord& r = index_[i];
    FrameContext c;
    c.number = i + 1;
    c.time = reader_.timestamp(r);
    c.firstTime = firstTimestamp();
    c.interfaceId = r.interfaceIndex();
    const auto& ifaces = reader_.interfaces();
    if (r.interfaceIndex() < ifaces.size())
        c.interfaceName = ifaces[r.interfaceIndex()].name;
    c.comment = comment(i);
    const TcpPacketRecord& rec = tcp_[i];
    if (rec.hasWiresharkStream()) {
        if (const Layer* l = decoded.find(Proto::Tcp)) {
            facts = segmentFacts(rec, decoded.tcp[l->info]);
            c.tcp = &facts;
        }
    }
    return c;
}

std::string_view PacketStore::comment(std::size_t i) const
{
    const std::size_t first = firstCommentAtOrAfter(i);
    const auto& comments = reader_.comments();
    if (first < comments.size() && comments[first].packetIndex == i)
        return comments[first].text;
    return {};
}

std::vector<std::string_view> PacketStore::comments(std::size_t i) const
{
    std::vector<std::string_view> texts;
    const auto& comments = reader_.comments();
    for (std::size_t k = firstCommentAtOrAfter(i); k < comments.size() && comments[k].packetIndex == i; ++k)
        texts.push_back(comments[k].text);
    return texts;
}

std::size_t PacketStore::firstCommentAtOrAfter(std::size_t i) const
{
    const auto& comments = reader_.comments();
    // Comments are appended in packet order: binary search over the ones published so far.
    std::size_t lo = 0, hi = comments.size();
    while (lo < hi) {
        const std::size_t mid = (lo + hi) / 2;
        if (comments[mid].packetIndex < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

} // namespace synscope
