#include "packet_printer.h"

#include "decode/text/packet_json.h"
#include "decode/text/summary.h"

namespace synscope::cli {

// tshark's JSON carries checksum verdicts; tcpdump's lines (without -v) do not.
PacketPrinter::PacketPrinter(const PacketStore& store, bool json, bool absoluteSequenceNumbers, std::size_t releaseEvery)
    : json_(json),
      tcpdump_(absoluteSequenceNumbers ? TcpdumpNumbers::Absolute : TcpdumpNumbers::TcpdumpRelative),
      frame_(store, json ? DecodeOptions{} : FrameDecoder::listOptions(), releaseEvery)
{
}

void PacketPrinter::append(std::size_t i, std::string& out)
{
    frame_.decode(i);
    if (json_) {
        buildFieldTree(frame_.packet(), frame_.bytes(), frame_.context(), tree_);
        appendPacketJson(tree_, protocolColumn(frame_.packet()), out);
    } else {
        tcpdump_.appendLine(frame_.packet(), frame_.bytes(), frame_.context(), out);
    }
}

} // namespace synscope::cli
