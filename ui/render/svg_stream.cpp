#include "ui/render/svg_stream.h"

#include <QIODevice>
#include <array>
#include <charconv>
#include <cmath>

namespace synscope {

namespace {

constexpr std::size_t kFlushBytes = 1 << 20;

// The bytes text cannot hold as they are: & < > " and control characters.
constexpr std::array<bool, 256> kNeedsEscape = [] {
    std::array<bool, 256> t{};
    for (int c = 0; c < 0x20; ++c)
        t[c] = true;
    for (unsigned char c : {'&', '<', '>', '"'})
        t[c] = true;
    return t;
}();

bool needsEscape(char c)
{
    return kNeedsEscape[static_cast<unsigned char>(c)];
}

void appendInteger(std::string& out, long v)
{
    char b[24];
    const auto res = std::to_chars(b, b + sizeof b, v);
    out.append(b, static_cast<std::size_t>(res.ptr - b));
}

void appendNumber(std::string& out, double v)
{
    long t = std::lround(v * 10);
    if (t < 0) {
        out += '-';
        t = -t;
    }
    appendInteger(out, t / 10);
    if (t % 10) {
        out += '.';
        out += static_cast<char>('0' + t % 10);
    }
}

} // namespace

SvgStream::SvgStream(QIODevice& dev) : dev_(dev)
{
    buf_.reserve(kFlushBytes + 4096);
}

void SvgStream::declare(const std::string& rule)
{
    if (classes_.count(rule))
        return;
    std::string name = "c";
    name += std::to_string(classes_.size());
    rules_.push_back({name, rule});
    classes_.emplace(rule, std::move(name));
}

void SvgStream::writeStyle(const std::string& base)
{
    put("<style type=\"text/css\"><![CDATA[\n");
    put(base);
    for (const auto& [name, rule] : rules_) {
        put(".");
        put(name);
        put("{");
        put(rule);
        put("}\n");
    }
    put("]]></style>\n");
}

std::string SvgStream::classAttr(const std::string& rule) const
{
    const auto it = classes_.find(rule);
    return it != classes_.end() ? " class=\"" + it->second + "\"" : " style=\"" + rule + "\"";
}

void SvgStream::num(double v)
{
    appendNumber(buf_, v);
}

void SvgStream::integer(long v)
{
    appendInteger(buf_, v);
}

void SvgStream::attr(const char* name, double v)
{
    put(' ');
    put(name);
    put("=\"");
    num(v);
    put('"');
}

void SvgStream::escaped(std::string_view s)
{
    std::size_t start = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (!needsEscape(c))
            continue;
        buf_.append(s.substr(start, i - start));
        start = i + 1;
        switch (c) {
        case '&': buf_ += "&amp;"; break;
        case '<': buf_ += "&lt;"; break;
        case '>': buf_ += "&gt;"; break;
        case '"': buf_ += "&quot;"; break;
        default:
            // Control characters are not allowed in XML 1.0 (tab, newline and return are).
            buf_ += c == '\t' || c == '\n' || c == '\r' ? c : ' ';
        }
    }
    buf_.append(s.substr(start));
}

void SvgStream::escaped(const QString& s)
{
    const QByteArray utf8 = s.toUtf8();
    escaped(std::string_view(utf8.constData(), static_cast<std::size_t>(utf8.size())));
}

bool SvgStream::flushIfFull()
{
    return buf_.size() < kFlushBytes || flush();
}

bool SvgStream::flush()
{
    if (!buf_.empty() && dev_.write(buf_.data(), static_cast<qint64>(buf_.size())) != static_cast<qint64>(buf_.size()))
        ok_ = false;
    buf_.clear();
    return ok_;
}

std::string svgNumber(double v)
{
    std::string s;
    appendNumber(s, v);
    return s;
}

} // namespace synscope
