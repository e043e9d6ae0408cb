#pragma once
// Orders the displayed packets by a list column, off the GUI thread (a million rows take about a second).
#include "store/packet_store.h"

#include <atomic>
#include <vector>

namespace synscope {

// `rows`: packet indexes in display order. Returns them ordered by `column` (PacketListModel::Column),
// ascending or descending, stable; empty if `cancel` became true.
std::vector<std::uint32_t> sortPackets(const PacketStore& store, std::vector<std::uint32_t> rows, int column,
                                       bool descending, const std::atomic<bool>& cancel);

} // namespace synscope
