#include "store/frame_decoder.h"

#include "store/packet_store.h"

namespace synscope {

FrameDecoder::FrameDecoder(const PacketStore& store, DecodeOptions options, std::size_t releaseEvery)
    : store_(store), options_(options)
{
    if (releaseEvery)
        release_.emplace(store, releaseEvery);
}

void FrameDecoder::decode(std::size_t i)
{
    // The previous packet is done with: its pages may go (the one being decoded stays).
    if (release_ && index_ != SIZE_MAX)
        release_->read(index_);
    index_ = i;
    store_.decode(i, packet_, options_);
    bytes_ = store_.bytes(i);
    // The context points at facts_, which lives as long as this decoder.
    context_ = store_.context(i, packet_, facts_);
    summarized_ = false;
}

const PacketSummary& FrameDecoder::summary()
{
    if (!summarized_) {
        synscope::summarize(packet_, bytes_, context_, summary_);
        summarized_ = true;
    }
    return summary_;
}

} // namespace synscope
