#pragma once
// One packet as `read` and `capture` print it: a tcpdump-style line, or a JSON object keyed by
// Wireshark field names.
#include "decode/tree/field_tree.h"
#include "decode/text/tcpdump_text.h"
#include "store/frame_decoder.h"

#include <string>

namespace synscope::cli {

class PacketPrinter {
public:
    PacketPrinter(const PacketStore& store, bool json, bool absoluteSequenceNumbers);
    // Appends packet `i` of the store to `out`, without the line end.
    void append(std::size_t i, std::string& out);

private:
    bool json_;
    TcpdumpFormatter tcpdump_;
    FrameDecoder frame_;
    FieldTree tree_;
};

} // namespace synscope::cli
