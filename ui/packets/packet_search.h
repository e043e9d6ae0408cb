#pragma once
// Edit → Find: the next displayed packet whose list columns contain a text, off the GUI thread.
#include "store/packet_store.h"

#include <atomic>
#include <string>
#include <vector>

namespace synscope {

// `rows`: packet indexes in display order. Looks from display row `startRow` on, wrapping around once,
// for a packet whose source, destination, protocol or info (Wireshark style) contains `text`, ignoring
// case. Returns its display row, or -1 when none does or `cancel` became true.
int findPacketRow(const PacketStore& store, const std::vector<std::uint32_t>& rows, int startRow,
                  const std::string& text, const std::atomic<bool>& cancel);

} // namespace synscope
