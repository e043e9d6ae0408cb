#pragma once
// Appending numbers and text to a std::string without printf: the packet list formats millions of
// rows, and vsnprintf's parsing was most of that time.
#include <algorithm>
#include <charconv>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace synscope {

inline void appendDecimal(std::string& out, std::uint64_t v)
{
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, static_cast<std::size_t>(r.ptr - buf));
}

inline void appendSigned(std::string& out, std::int64_t v)
{
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, static_cast<std::size_t>(r.ptr - buf));
}

// Lower-case hexadecimal, zero-padded to `digits`.
inline void appendHex(std::string& out, std::uint64_t v, int digits)
{
    static const char kDigits[] = "0123456789abcdef";
    char buf[16];
    for (int i = digits - 1; i >= 0; --i) {
        buf[i] = kDigits[v & 0xf];
        v >>= 4;
    }
    out.append(buf, static_cast<std::size_t>(digits));
}

// Appends all pieces: text and decimal numbers, e.g. appendAll(out, " Seq=", seq, " Ack=", ack).
inline void appendPiece(std::string& out, std::string_view s) { out.append(s); }
inline void appendPiece(std::string& out, const char* s) { out.append(s); }
inline void appendPiece(std::string& out, char c) { out.push_back(c); }
template <typename T>
    requires std::is_integral_v<T>
inline void appendPiece(std::string& out, T v)
{
    if constexpr (std::is_signed_v<T>)
        appendSigned(out, v);
    else
        appendDecimal(out, v);
}
template <typename... Pieces>
inline void appendAll(std::string& out, const Pieces&... pieces)
{
    (appendPiece(out, pieces), ...);
}

// printf-style, for the rarer texts where a format reads better (at most 255 characters a call).
inline void appendFormatV(std::string& out, const char* fmt, va_list ap)
{
    char buf[256];
    const int n = std::vsnprintf(buf, sizeof buf, fmt, ap);
    if (n > 0)
        out.append(buf, std::min<std::size_t>(static_cast<std::size_t>(n), sizeof buf - 1));
}
inline void appendFormat(std::string& out, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
inline void appendFormat(std::string& out, const char* fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    appendFormatV(out, fmt, ap);
    va_end(ap);
}

} // namespace synscope
