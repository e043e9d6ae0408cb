#include "ui/packets/packet_search.h"

#include "store/frame_decoder.h"

#include <algorithm>
#include <cctype>

namespace synscope {

namespace {

void toLower(std::string& s)
{
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

} // namespace

int findPacketRow(const PacketStore& store, const std::vector<std::uint32_t>& rows, int startRow,
                  const std::string& text, const std::atomic<bool>& cancel)
{
    std::string needle = text;
    toLower(needle);
    FrameDecoder frame(store, FrameDecoder::listOptions(), PageRelease::kDefaultEvery);
    std::string hay;
    const int n = static_cast<int>(rows.size());
    for (int k = 0; k < n; ++k) {
        if ((k & 0x3ff) == 0 && cancel.load())
            return -1;
        const int row = (startRow + k) % n;
        const PacketSummary& summary = frame.summarize(rows[static_cast<std::size_t>(row)]);
        hay.clear();
        hay.append(summary.source).append(1, ' ').append(summary.destination).append(1, ' ');
        hay.append(summary.protocol).append(1, ' ').append(summary.info);
        toLower(hay);
        if (hay.find(needle) != std::string::npos)
            return row;
    }
    return -1;
}

} // namespace synscope
