#pragma once
// Appends JSON text to a string: escaping and number formatting for JSON Lines output of millions of
// packets, where building a document object per packet would cost more than the decoding.
#include <cstdint>
#include <string>
#include <string_view>

namespace synscope {

class JsonWriter {
public:
    explicit JsonWriter(std::string& out) : out_(out) {}
    void beginObject() { separate(); out_ += '{'; first_ = true; }
    void endObject() { out_ += '}'; first_ = false; }
    void beginArray() { separate(); out_ += '['; first_ = true; }
    void endArray() { out_ += ']'; first_ = false; }
    void key(std::string_view k);
    void value(std::string_view s);
    void value(const char* s) { value(std::string_view(s)); }
    void value(std::int64_t v);
    void value(std::uint64_t v);
    void value(double v, int decimals);
    void value(bool v) { separate(); out_ += v ? "true" : "false"; }
    void null() { separate(); out_ += "null"; }
    // A number whose exact text is already known (e.g. "1262893114.341715000").
    void rawNumber(std::string_view text) { separate(); out_ += text; }

    static void appendEscaped(std::string& out, std::string_view s);

private:
    void separate()
    {
        if (!first_ && !afterKey_)
            out_ += ',';
        first_ = false;
        afterKey_ = false;
    }
    std::string& out_;
    bool first_ = true;
    bool afterKey_ = false;
};

} // namespace synscope
