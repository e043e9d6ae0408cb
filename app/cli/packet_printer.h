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
    // `releaseEvery`: for printing every packet as it is loaded, give back the pages of every so many
    // printed packets (FrameDecoder's release interval; 0: keep them).
    PacketPrinter(const PacketStore& store, bool json, bool absoluteSequenceNumbers, std::size_t releaseEvery = 0);
    // Appends packet `i` of the store to `out`, without the line end.
    void append(std::size_t i, std::string& out);

private:
    bool json_;
    TcpdumpFormatter tcpdump_;
    FrameDecoder frame_;
    FieldTree tree_;
};

} // namespace synscope::cli
