#pragma once
// Names of DNS record types, classes and response codes.
#include <cstdint>
#include <string>

namespace synscope {

// "A", "AAAA", "CNAME" ...; "TYPE65280" style for unknown types (RFC 3597).
std::string dnsTypeName(std::uint16_t type);
// "No error", "No such name" ... (Wireshark's names)
const char* dnsRcodeName(std::uint8_t rcode);

} // namespace synscope
