#pragma once
// The words on a diagram's arrows: a TCP segment's flags ("[S.]"), an ICMP error's name ("ICMP port
// unreachable"), and what the analysis noticed about a segment ("Retransmission, Dup ACK #2").
#include "decode/packet.h"

#include <cstdint>
#include <string>

namespace synscope {

std::string tcpFlagsLabel(std::uint16_t flags);
std::string icmpLabel(const IcmpInfo& message, bool v6);
std::string markerOf(std::uint32_t analysisFlags, std::uint32_t dupAckNum, bool badChecksum);

} // namespace synscope
