#include "capture_bench_check.h"

#include "bench_support.h"
#include "capture_bench_traffic.h"

#include "store/page_release.h"

#include <span>
#include <vector>

namespace synscope::cli {

namespace {

// Our datagram on Ethernet (lo): IPv4, UDP to `port`, our magic; its sequence number in `sequence`.
bool ourDatagram(std::span<const std::uint8_t> b, std::uint16_t port, std::uint64_t& sequence)
{
    if (b.size() < 14 + 20 + 8 + kPayloadHeader || b[12] != 0x08 || b[13] != 0x00)
        return false;
    const std::uint8_t* ip = b.data() + 14;
    const std::size_t ihl = static_cast<std::size_t>(ip[0] & 0x0f) * 4;
    if ((ip[0] >> 4) != 4 || ihl < 20 || ip[9] != 17 || b.size() < 14 + ihl + 8 + kPayloadHeader)
        return false;
    const std::uint8_t* udp = ip + ihl;
    if (((udp[2] << 8) | udp[3]) != port)
        return false;
    const std::uint8_t* p = udp + 8;
    std::uint32_t magic = 0;
    for (int k = 0; k < 4; ++k)
        magic |= static_cast<std::uint32_t>(p[8 + k]) << (8 * k);
    if (magic != kMagic)
        return false;
    sequence = 0;
    for (int k = 0; k < 8; ++k)
        sequence |= static_cast<std::uint64_t>(p[k]) << (8 * k);
    return true;
}

// The sequence numbers seen, one bit each.
class SequenceSet {
public:
    explicit SequenceSet(std::uint64_t count) : bits_((count + 63) / 64, 0), count_(count) {}
    void add(std::span<const std::uint8_t> bytes, std::uint16_t port, Check& c)
    {
        ++c.packets;
        std::uint64_t s = 0;
        if (!ourDatagram(bytes, port, s) || s >= count_) {
            ++c.strangers;
            return;
        }
        std::uint64_t& word = bits_[s / 64];
        const std::uint64_t bit = std::uint64_t{1} << (s % 64);
        if (word & bit) {
            ++c.duplicates;
        } else {
            word |= bit;
            ++c.distinct;
        }
    }

private:
    std::vector<std::uint64_t> bits_;
    std::uint64_t count_;
};

} // namespace

Check checkStore(const PacketStore& store, std::uint64_t sequences, std::uint16_t port)
{
    Check c;
    const auto start = Clock::now();
    SequenceSet set(sequences);
    PageRelease release(store, 0x10000);
    for (std::size_t i = 0; i < store.size(); ++i) {
        set.add(store.bytes(i), port, c);
        release.read(i);
    }
    c.seconds = secondsSince(start);
    c.done = true;
    return c;
}

Check checkFile(const std::string& path, std::uint64_t sequences, std::uint16_t port)
{
    Check c;
    const auto start = Clock::now();
    CaptureReader reader;
    if (!reader.open(path, c.error))
        return c;
    SequenceSet set(sequences);
    PacketIndex index; // a chunk at a time, so the check does not hold an index of the whole file
    CaptureReader::Status status;
    do {
        status = reader.indexMore(index, 65536);
        for (std::size_t i = 0; i < index.size(); ++i)
            set.add(reader.packetBytes(index[i]), port, c);
        if (!index.empty())
            reader.dropResident(index[0].dataOffset(), index[index.size() - 1].dataOffset());
        index.clear();
    } while (status == CaptureReader::Status::More);
    if (status == CaptureReader::Status::Error)
        c.error = reader.describe(reader.error());
    else if (status == CaptureReader::Status::Truncated)
        c.error = reader.describe(reader.truncation());
    c.seconds = secondsSince(start);
    c.done = c.error.empty();
    return c;
}

} // namespace synscope::cli
