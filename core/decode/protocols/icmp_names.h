#pragma once
// Names of ICMP and ICMPv6 message types and codes, as Wireshark and tcpdump users read them.
#include <cstdint>

namespace synscope {

const char* icmpTypeName(std::uint8_t type);
// nullptr when the type has no named codes.
const char* icmpCodeName(std::uint8_t type, std::uint8_t code);
const char* icmpv6TypeName(std::uint8_t type);
const char* icmpv6CodeName(std::uint8_t type, std::uint8_t code);

} // namespace synscope
