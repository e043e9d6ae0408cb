#pragma once
// Link-layer and IP addresses as the decoders store them, and their text forms.
#include <array>
#include <cstdint>
#include <cstring>
#include <string>

namespace synscope {

struct MacAddress {
    std::array<std::uint8_t, 6> bytes{};
    // "00:21:6a:5b:7d:4a"
    std::string toString() const;
    bool operator==(const MacAddress&) const = default;
};

struct IpAddress {
    std::uint8_t version = 0; // 0 unset, 4 or 6
    std::array<std::uint8_t, 16> bytes{};

    static IpAddress v4(const std::uint8_t* p);
    static IpAddress v6(const std::uint8_t* p);
    static IpAddress fromString(const std::string& text); // version 0 when not an address

    // "192.0.2.1" or "2001:db8::1" (RFC 5952, as inet_ntop and tshark print it).
    std::string toString() const;
    // Writes the text form into `out` (at least 46 bytes) and returns its length.
    std::size_t format(char* out) const;
    std::size_t byteLength() const { return version == 6 ? 16 : version == 4 ? 4 : 0; }
    bool operator==(const IpAddress& o) const
    {
        return version == o.version && std::memcmp(bytes.data(), o.bytes.data(), byteLength()) == 0;
    }
    bool operator<(const IpAddress& o) const
    {
        if (version != o.version)
            return version < o.version;
        return std::memcmp(bytes.data(), o.bytes.data(), byteLength()) < 0;
    }
};

} // namespace synscope
