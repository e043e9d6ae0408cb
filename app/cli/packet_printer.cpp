#include "packet_printer.h"

#include "decode/text/packet_json.h"
#include "decode/text/summary.h"

namespace synscope::cli {

PacketPrinter::PacketPrinter(bool json, bool absoluteSequenceNumbers)
    : json_(json),
      tcpdump_(absoluteSequenceNumbers ? TcpdumpNumbers::Absolute : TcpdumpNumbers::TcpdumpRelative)
{
    // tshark's JSON carries checksum verdicts; tcpdump's lines (without -v) do not.
    options_.verifyChecksums = json;
}

void PacketPrinter::append(const PacketStore& store, std::size_t i, std::string& out)
{
    store.decode(i, packet_, options_);
    TcpSegmentFacts facts;
    const FrameContext ctx = store.context(i, packet_, facts);
    if (json_) {
        buildFieldTree(packet_, store.bytes(i), ctx, tree_);
        appendPacketJson(tree_, protocolColumn(packet_), out);
    } else {
        tcpdump_.appendLine(packet_, store.bytes(i), ctx, out);
    }
}

} // namespace synscope::cli
