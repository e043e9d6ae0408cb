#pragma once
// The index of a capture file: one PacketRecord per packet, in file order.
#include "common/chunked_array.h"
#include "capture/packet_record.h"

namespace synscope {

class PacketIndex : public ChunkedArray<PacketRecord> {
public:
    bool append(const PacketRecord& r) { return push_back(r); }
};

} // namespace synscope
