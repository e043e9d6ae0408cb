#include "common/link_types.h"

namespace synscope::linktype {

const char* name(std::uint32_t linkType)
{
    switch (linkType) {
    case kNull: return "NULL (BSD loopback)";
    case kEthernet: return "Ethernet";
    case kRaw:
    case kRawAlt12:
    case kRawAlt14: return "Raw IP";
    case kLoop: return "OpenBSD loopback";
    case kLinuxSll: return "Linux cooked-mode capture v1";
    case kLinuxSll2: return "Linux cooked-mode capture v2";
    case kIpv4: return "Raw IPv4";
    case kIpv6: return "Raw IPv6";
    default: return nullptr;
    }
}

} // namespace synscope::linktype
