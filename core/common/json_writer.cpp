#include "common/json_writer.h"

#include <cmath>
#include <cstdio>

namespace synscope {

namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 when the byte does not start one.
std::size_t utf8Length(std::string_view s, std::size_t i)
{
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n;
    std::uint32_t cp;
    if (c >= 0xc2 && c <= 0xdf) {
        n = 2;
        cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (i + n > s.size())
        return 0;
    for (std::size_t k = 1; k < n; ++k) {
        const auto cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (cc & 0x3f);
    }
    if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
        return 0;
    return n;
}

} // namespace

void JsonWriter::appendEscaped(std::string& out, std::string_view s)
{
    out += '"';
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20 || c == 0x7f) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else if (c < 0x80) {
                out += static_cast<char>(c);
            } else if (const std::size_t n = utf8Length(s, i)) {
                out.append(s.data() + i, n);
                i += n - 1;
            } else {
                // Not UTF-8 (capture data is bytes): show the byte as the Latin-1 character it would be.
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            }
        }
    }
    out += '"';
}

void JsonWriter::key(std::string_view k)
{
    separate();
    appendEscaped(out_, k);
    out_ += ':';
    afterKey_ = true;
}

void JsonWriter::value(std::string_view s)
{
    separate();
    appendEscaped(out_, s);
}

void JsonWriter::value(std::int64_t v)
{
    separate();
    out_ += std::to_string(v);
}

void JsonWriter::value(std::uint64_t v)
{
    separate();
    out_ += std::to_string(v);
}

void JsonWriter::value(double v, int decimals)
{
    separate();
    if (!std::isfinite(v)) {
        out_ += "null";
        return;
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    out_ += buf;
}

} // namespace synscope
