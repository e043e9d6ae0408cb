#pragma once
// One packet as `read` and `capture` print it: a tcpdump-style line, or a JSON object keyed by
// Wireshark field names.
#include "decode/tree/field_tree.h"
#include "decode/packet.h"
#include "decode/text/tcpdump_text.h"
#include "store/packet_store.h"

#include <string>

namespace synscope::cli {

class PacketPrinter {
public:
    PacketPrinter(bool json, bool absoluteSequenceNumbers);
    // Appends packet `i` of `store` to `out`, without the line end.
    void append(const PacketStore& store, std::size_t i, std::string& out);

private:
    bool json_;
    TcpdumpFormatter tcpdump_;
    DecodeOptions options_;
    Packet packet_;
    FieldTree tree_;
};

} // namespace synscope::cli
