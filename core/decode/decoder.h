#pragma once
// Entry point of the protocol decoders: frame bytes + link type -> Packet.
#include "decode/packet.h"

#include <cstdint>
#include <span>

namespace synscope {

struct DecodeOptions {
    bool verifyChecksums = true; // costs a pass over the payload; the packet list does not need it
    bool decodeDns = true;
};

// Decodes `frame` (the captured bytes) of a packet whose original length was `originalLength`.
// Never reads outside `frame`; whatever cannot be decoded is marked truncated or malformed.
void decodePacket(std::span<const std::uint8_t> frame, std::uint32_t linkType, std::uint32_t originalLength,
                  Packet& out, const DecodeOptions& options = {});

} // namespace synscope
