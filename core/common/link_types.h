#pragma once
// LINKTYPE_ values (tcpdump.org/linktypes.html) that SynScope decodes.
#include <cstdint>

namespace synscope::linktype {

inline constexpr std::uint32_t kNull = 0;        // BSD loopback: 4-byte address family in host byte order
inline constexpr std::uint32_t kEthernet = 1;
inline constexpr std::uint32_t kRawAlt12 = 12;   // raw IP on some BSDs (DLT_RAW's number there)
inline constexpr std::uint32_t kRawAlt14 = 14;   // raw IP on OpenBSD
inline constexpr std::uint32_t kLoop = 108;      // OpenBSD loopback: address family in network byte order
inline constexpr std::uint32_t kRaw = 101;
inline constexpr std::uint32_t kLinuxSll = 113;
inline constexpr std::uint32_t kIpv4 = 228;
inline constexpr std::uint32_t kIpv6 = 229;
inline constexpr std::uint32_t kLinuxSll2 = 276;

// Short name as tshark and capinfos print it, or nullptr when SynScope does not decode the type.
const char* name(std::uint32_t linkType);

} // namespace synscope::linktype
