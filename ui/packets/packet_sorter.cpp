#include "ui/packets/packet_sorter.h"

#include "decode/text/summary.h"
#include "ui/packets/packet_list_model.h"

#include <algorithm>
#include <string>

namespace synscope {

std::vector<std::uint32_t> sortPackets(const PacketStore& store, std::vector<std::uint32_t> rows, int column,
                                       bool descending, const std::atomic<bool>& cancel)
{
    using C = PacketListModel;
    auto finish = [&](auto&& less) {
        if (descending)
            std::stable_sort(rows.begin(), rows.end(), [&](std::uint32_t a, std::uint32_t b) { return less(b, a); });
        else
            std::stable_sort(rows.begin(), rows.end(), less);
        return cancel.load() ? std::vector<std::uint32_t>{} : rows;
    };
    switch (column) {
    case C::NumberColumn: return finish([](std::uint32_t a, std::uint32_t b) { return a < b; });
    case C::LengthColumn:
        return finish([&](std::uint32_t a, std::uint32_t b) {
            return store.record(a).originalLength < store.record(b).originalLength;
        });
    case C::TimeColumn:
        return finish([&](std::uint32_t a, std::uint32_t b) {
            return store.reader().timestampNs(store.record(a)) < store.reader().timestampNs(store.record(b));
        });
    default: break;
    }
    // Text columns: one key per row, decoded once.
    std::vector<std::string> keys(store.size());
    Packet packet;
    PacketSummary summary;
    DecodeOptions options;
    options.verifyChecksums = false;
    for (std::size_t n = 0; n < rows.size(); ++n) {
        if ((n & 0xfff) == 0) {
            if (cancel.load())
                return {};
            if (n >= 0x1000)
                store.releaseBytes(rows[n - 0x1000], rows[n - 1] + 1);
        }
        const std::uint32_t i = rows[n];
        store.decode(i, packet, options);
        TcpSegmentFacts facts;
        const FrameContext ctx = store.context(i, packet, facts);
        summarize(packet, store.bytes(i), ctx, summary);
        switch (column) {
        case C::SourceColumn: keys[i] = summary.source; break;
        case C::DestinationColumn: keys[i] = summary.destination; break;
        case C::ProtocolColumn: keys[i] = summary.protocol; break;
        default: keys[i] = summary.info; break;
        }
    }
    return finish([&](std::uint32_t a, std::uint32_t b) { return keys[a] < keys[b]; });
}

} // namespace synscope
