#include "decode/protocols/icmp_names.h"

namespace synscope {

const char* icmpTypeName(std::uint8_t type)
{
    switch (type) {
    case 0: return "Echo (ping) reply";
    case 3: return "Destination unreachable";
    case 4: return "Source quench (flow control)";
    case 5: return "Redirect";
    case 8: return "Echo (ping) request";
    case 9: return "Router advertisement";
    case 10: return "Router solicitation";
    case 11: return "Time-to-live exceeded";
    case 12: return "Parameter problem";
    case 13: return "Timestamp request";
    case 14: return "Timestamp reply";
    case 15: return "Information request";
    case 16: return "Information reply";
    case 17: return "Address mask request";
    case 18: return "Address mask reply";
    default: return "Unknown ICMP";
    }
}

const char* icmpCodeName(std::uint8_t type, std::uint8_t code)
{
    if (type == 3) {
        switch (code) {
        case 0: return "Network unreachable";
        case 1: return "Host unreachable";
        case 2: return "Protocol unreachable";
        case 3: return "Port unreachable";
        case 4: return "Fragmentation needed";
        case 5: return "Source route failed";
        case 6: return "Destination network unknown";
        case 7: return "Destination host unknown";
        case 8: return "Source host isolated";
        case 9: return "Network administratively prohibited";
        case 10: return "Host administratively prohibited";
        case 11: return "Network unreachable for TOS";
        case 12: return "Host unreachable for TOS";
        case 13: return "Communication administratively filtered";
        case 14: return "Host precedence violation";
        case 15: return "Precedence cutoff in effect";
        default: return nullptr;
        }
    }
    if (type == 5) {
        switch (code) {
        case 0: return "Redirect for network";
        case 1: return "Redirect for host";
        case 2: return "Redirect for TOS and network";
        case 3: return "Redirect for TOS and host";
        default: return nullptr;
        }
    }
    if (type == 11) {
        switch (code) {
        case 0: return "Time to live exceeded in transit";
        case 1: return "Fragment reassembly time exceeded";
        default: return nullptr;
        }
    }
    return nullptr;
}

const char* icmpv6TypeName(std::uint8_t type)
{
    switch (type) {
    case 1: return "Destination Unreachable";
    case 2: return "Packet Too Big";
    case 3: return "Time Exceeded";
    case 4: return "Parameter Problem";
    case 128: return "Echo (ping) request";
    case 129: return "Echo (ping) reply";
    case 130: return "Multicast Listener Query";
    case 131: return "Multicast Listener Report";
    case 132: return "Multicast Listener Done";
    case 133: return "Router Solicitation";
    case 134: return "Router Advertisement";
    case 135: return "Neighbor Solicitation";
    case 136: return "Neighbor Advertisement";
    case 137: return "Redirect";
    case 143: return "Multicast Listener Report Message v2";
    default: return "Unknown ICMPv6";
    }
}

const char* icmpv6CodeName(std::uint8_t type, std::uint8_t code)
{
    if (type == 1) {
        switch (code) {
        case 0: return "no route to destination";
        case 1: return "Communication with destination administratively prohibited";
        case 2: return "Beyond scope of source address";
        case 3: return "Address unreachable";
        case 4: return "Port unreachable";
        case 5: return "Source address failed ingress/egress policy";
        case 6: return "Reject route to destination";
        default: return nullptr;
        }
    }
    if (type == 3) {
        switch (code) {
        case 0: return "hop limit exceeded in transit";
        case 1: return "fragment reassembly time exceeded";
        default: return nullptr;
        }
    }
    if (type == 4) {
        switch (code) {
        case 0: return "erroneous header field encountered";
        case 1: return "unrecognized Next Header type encountered";
        case 2: return "unrecognized IPv6 option encountered";
        case 3: return "IPv6 First Fragment has incomplete IPv6 Header Chain";
        default: return nullptr;
        }
    }
    return nullptr;
}

} // namespace synscope
