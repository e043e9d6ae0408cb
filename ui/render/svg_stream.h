#pragma once
// The text of an SVG file as it is written: a buffer flushed to the device a megabyte at a time, numbers
// with at most one decimal, escaped text, and the style sheet's classes (each distinct CSS rule once).
#include <QByteArray>
#include <QString>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

class QIODevice;

namespace synscope {

class SvgStream {
public:
    explicit SvgStream(QIODevice& dev);

    // ---- Styles: each distinct rule becomes a class (c0, c1 ... in the order declared), written by
    // writeStyle before the first element.
    void declare(const std::string& rule);
    void writeStyle(const std::string& base);
    // ` class="cN"`, or the rule inline if it was not declared (the picture stays right either way).
    std::string classAttr(const std::string& rule) const;

    // ---- Output.
    void put(std::string_view s) { buf_.append(s); }
    void put(char c) { buf_ += c; }
    void num(double v);     // at most one decimal: "12", "12.5", "-3"
    void integer(long v);
    void attr(const char* name, double v); // ` name="v"`
    // XML text: & < > " escaped, control characters other than tab, newline and return as spaces.
    void escaped(std::string_view utf8);
    void escaped(const QString& s);

    bool flushIfFull();
    bool flush();
    bool ok() const { return ok_; }

private:
    QIODevice& dev_;
    std::string buf_;
    bool ok_ = true;
    std::unordered_map<std::string, std::string> classes_;
    std::vector<std::pair<std::string, std::string>> rules_;
};

// "12", "12.5": what SvgStream::num writes, as a string.
std::string svgNumber(double v);

} // namespace synscope
