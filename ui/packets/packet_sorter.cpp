#include "ui/packets/packet_sorter.h"

#include "store/frame_decoder.h"
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
    FrameDecoder frame(store, FrameDecoder::listOptions(), PageRelease::kDefaultEvery);
    for (std::size_t n = 0; n < rows.size(); ++n) {
        if ((n & 0xfff) == 0 && cancel.load())
            return {};
        const std::uint32_t i = rows[n];
        const PacketSummary& summary = frame.summarize(i);
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
