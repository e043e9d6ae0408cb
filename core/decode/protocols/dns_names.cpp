#include "decode/protocols/dns_names.h"

namespace synscope {

std::string dnsTypeName(std::uint16_t type)
{
    switch (type) {
    case 1: return "A";
    case 2: return "NS";
    case 5: return "CNAME";
    case 6: return "SOA";
    case 12: return "PTR";
    case 13: return "HINFO";
    case 15: return "MX";
    case 16: return "TXT";
    case 28: return "AAAA";
    case 33: return "SRV";
    case 35: return "NAPTR";
    case 41: return "OPT";
    case 43: return "DS";
    case 46: return "RRSIG";
    case 47: return "NSEC";
    case 48: return "DNSKEY";
    case 64: return "SVCB";
    case 65: return "HTTPS";
    case 252: return "AXFR";
    case 255: return "ANY";
    case 257: return "CAA";
    default: return "TYPE" + std::to_string(type);
    }
}

const char* dnsRcodeName(std::uint8_t rcode)
{
    // Wireshark's words, which its users search for.
    switch (rcode) {
    case 0: return "No error";
    case 1: return "Format error";
    case 2: return "Server failure";
    case 3: return "No such name";
    case 4: return "Not implemented";
    case 5: return "Refused";
    case 6: return "Name exists";
    case 7: return "RRset exists";
    case 8: return "RRset does not exist";
    case 9: return "Not authoritative";
    case 10: return "Name out of zone";
    default: return "Unknown error";
    }
}

} // namespace synscope
