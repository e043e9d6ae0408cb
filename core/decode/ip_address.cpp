#include "decode/ip_address.h"

#include <arpa/inet.h>
#include <cstdio>

namespace synscope {

std::string MacAddress::toString() const
{
    char buf[18];
    std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", bytes[0], bytes[1], bytes[2], bytes[3], bytes[4],
                  bytes[5]);
    return buf;
}

IpAddress IpAddress::v4(const std::uint8_t* p)
{
    IpAddress a;
    a.version = 4;
    std::memcpy(a.bytes.data(), p, 4);
    return a;
}

IpAddress IpAddress::v6(const std::uint8_t* p)
{
    IpAddress a;
    a.version = 6;
    std::memcpy(a.bytes.data(), p, 16);
    return a;
}

IpAddress IpAddress::fromString(const std::string& text)
{
    IpAddress a;
    if (::inet_pton(AF_INET, text.c_str(), a.bytes.data()) == 1)
        a.version = 4;
    else if (::inet_pton(AF_INET6, text.c_str(), a.bytes.data()) == 1)
        a.version = 6;
    return a;
}

std::size_t IpAddress::format(char* out) const
{
    if (version == 4) {
        // Hand-rolled: this runs for every row of the packet list.
        char* o = out;
        for (int i = 0; i < 4; ++i) {
            unsigned v = bytes[i];
            if (v >= 100) {
                *o++ = static_cast<char>('0' + v / 100);
                v %= 100;
                *o++ = static_cast<char>('0' + v / 10);
                *o++ = static_cast<char>('0' + v % 10);
            } else if (v >= 10) {
                *o++ = static_cast<char>('0' + v / 10);
                *o++ = static_cast<char>('0' + v % 10);
            } else {
                *o++ = static_cast<char>('0' + v);
            }
            if (i < 3)
                *o++ = '.';
        }
        *o = '\0';
        return static_cast<std::size_t>(o - out);
    }
    if (version == 6 && ::inet_ntop(AF_INET6, bytes.data(), out, 46))
        return std::strlen(out);
    out[0] = '\0';
    return 0;
}

std::string IpAddress::toString() const
{
    char buf[48];
    const std::size_t n = format(buf);
    return std::string(buf, n);
}

} // namespace synscope
