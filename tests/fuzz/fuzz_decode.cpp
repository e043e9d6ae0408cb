// libFuzzer target: the decoders of one link type (SYNSCOPE_FUZZ_LINK_TYPES, set per executable by
// CMake), then every view of the frame: field tree, list summary, tcpdump text, JSON.
//
// Input: one option byte, then the frame.
//   bit 0: verify checksums off   bit 1: DNS decoding off
//   bits 2-7: how many bytes the frame had on the wire beyond those captured (snapshot length cut)
// The frame is first decoded as the analysis decodes it and fed to a TCP tracker, so the views also
// show the analysis' facts (stream, relative numbers, flags) where the frame has a TCP segment; the
// analysis' header reader (readTcpSegment) must agree with that decoding.
#include "fuzz_support.h"

#include "../unit/tcp_segment_agreement.h"

#include <cstring>

using namespace synscope;

namespace {
constexpr std::uint32_t kLinkTypes[] = {SYNSCOPE_FUZZ_LINK_TYPES};
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 1 || size > 262145)
        return -1; // libpcap's largest snapshot length, plus the option byte
    static Packet packet;
    static TcpTracker tracker;
    static fuzz::Presenter presenter;
    const std::uint8_t opts = data[0];
    // An exact-size heap copy: AddressSanitizer catches any read past the frame.
    std::vector<std::uint8_t> frame(data + 1, data + size);
    const std::span<const std::uint8_t> bytes(frame.data(), frame.size());
    const auto originalLength = static_cast<std::uint32_t>(frame.size() + (opts >> 2));
    const Timestamp time{1718000000, 123456789};

    for (std::uint32_t linkType : kLinkTypes) {
        // As PacketStore::loadMore decodes for the analysis.
        DecodeOptions analysisOptions;
        analysisOptions.verifyChecksums = false;
        analysisOptions.decodeDns = false;
        decodePacket(bytes, linkType, originalLength, packet, analysisOptions);
        fuzz::checkPacket(packet, bytes);
        const std::string disagreement = test::segmentDisagreement(bytes, linkType, packet);
        FUZZ_CHECK(disagreement.empty(), "header reader and decoder differ: %s", disagreement.c_str());
        tracker.clear();
        TcpPacketRecord record;
        tracker.process(1, time.toNanoseconds(), packet, record);

        // As the CLI and the GUI decode for display.
        DecodeOptions options;
        options.verifyChecksums = !(opts & 1);
        options.decodeDns = !(opts & 2);
        decodePacket(bytes, linkType, originalLength, packet, options);
        TcpSegmentFacts facts;
        const FrameContext ctx = fuzz::frameContext(1, time, time, packet, record, facts);
        presenter.reset();
        presenter.present(packet, bytes, ctx);
    }
    return 0;
}
