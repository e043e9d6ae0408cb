#pragma once
// Shared parts of SynScope's libFuzzer targets: how a decoded frame is presented (every view the CLI
// and the GUI have: field tree, list summary, tcpdump text in its three numbering modes, JSON), and
// the invariants checked on the way. A broken invariant aborts, which libFuzzer reports as a crash
// with the input that caused it.
//
// Packet bytes are always copied into a heap buffer of exactly their length first, so AddressSanitizer
// sees any read past the end of a frame (the mapped file would hide it: bytes after a packet are
// readable file bytes).
#include "analysis/tcp_tracker.h"
#include "common/link_types.h"
#include "decode/decoder.h"
#include "decode/tree/field_tree.h"
#include "decode/text/packet_json.h"
#include "decode/text/summary.h"
#include "decode/text/tcpdump_text.h"

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#define FUZZ_CHECK(cond, ...)                                                                                          \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            std::fprintf(stderr, "fuzz invariant broken at %s:%d: %s: ", __FILE__, __LINE__, #cond);                   \
            std::fprintf(stderr, __VA_ARGS__);                                                                         \
            std::fputc('\n', stderr);                                                                                  \
            std::abort();                                                                                              \
        }                                                                                                              \
    } while (0)

namespace synscope::fuzz {

// The link types the decoder fuzzers and the analysis fuzzer pick from (by input byte, modulo).
inline constexpr std::uint32_t kLinkTypes[] = {linktype::kEthernet, linktype::kLinuxSll, linktype::kLinuxSll2,
                                               linktype::kNull,     linktype::kLoop,     linktype::kRaw,
                                               linktype::kIpv4,     linktype::kIpv6};
inline constexpr std::size_t kLinkTypeCount = sizeof kLinkTypes / sizeof kLinkTypes[0];

// A strict JSON checker (RFC 8259 syntax; strings must be valid UTF-8 with control characters escaped),
// for the objects `synscope-cli read --json` prints. Returns nullptr or what is wrong.
class JsonChecker {
public:
    static const char* check(std::string_view text)
    {
        JsonChecker c{text};
        c.skipSpace();
        if (const char* e = c.value(0))
            return e;
        c.skipSpace();
        return c.i_ == text.size() ? nullptr : "text after the value";
    }

private:
    explicit JsonChecker(std::string_view t) : t_(t) {}
    bool more() const { return i_ < t_.size(); }
    char peek() const { return more() ? t_[i_] : '\0'; }
    void skipSpace()
    {
        while (more() && (peek() == ' ' || peek() == '\n' || peek() == '\t' || peek() == '\r'))
            ++i_;
    }
    bool literal(std::string_view w)
    {
        if (t_.substr(i_, w.size()) != w)
            return false;
        i_ += w.size();
        return true;
    }
    const char* value(int depth)
    {
        if (depth > 64)
            return "nested too deeply";
        switch (peek()) {
        case '{': return object(depth);
        case '[': return array(depth);
        case '"': return string();
        case 't': return literal("true") ? nullptr : "bad literal";
        case 'f': return literal("false") ? nullptr : "bad literal";
        case 'n': return literal("null") ? nullptr : "bad literal";
        default: return number();
        }
    }
    const char* object(int depth)
    {
        ++i_;
        skipSpace();
        if (peek() == '}') {
            ++i_;
            return nullptr;
        }
        for (;;) {
            skipSpace();
            if (peek() != '"')
                return "object key is not a string";
            if (const char* e = string())
                return e;
            skipSpace();
            if (peek() != ':')
                return "missing ':'";
            ++i_;
            skipSpace();
            if (const char* e = value(depth + 1))
                return e;
            skipSpace();
            if (peek() == ',') {
                ++i_;
                continue;
            }
            if (peek() == '}') {
                ++i_;
                return nullptr;
            }
            return "missing ',' or '}'";
        }
    }
    const char* array(int depth)
    {
        ++i_;
        skipSpace();
        if (peek() == ']') {
            ++i_;
            return nullptr;
        }
        for (;;) {
            skipSpace();
            if (const char* e = value(depth + 1))
                return e;
            skipSpace();
            if (peek() == ',') {
                ++i_;
                continue;
            }
            if (peek() == ']') {
                ++i_;
                return nullptr;
            }
            return "missing ',' or ']'";
        }
    }
    const char* string()
    {
        ++i_;
        while (more()) {
            const auto c = static_cast<unsigned char>(t_[i_]);
            if (c == '"') {
                ++i_;
                return nullptr;
            }
            if (c < 0x20)
                return "unescaped control character in a string";
            if (c == '\\') {
                ++i_;
                const char e = peek();
                if (e == 'u') {
                    for (int k = 1; k <= 4; ++k) {
                        const char h = i_ + k < t_.size() ? t_[i_ + k] : '\0';
                        if (!std::isxdigit(static_cast<unsigned char>(h)))
                            return "bad \\u escape";
                    }
                    i_ += 5;
                    continue;
                }
                if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos || e == '\0')
                    return "bad escape";
                ++i_;
                continue;
            }
            if (c < 0x80) {
                ++i_;
                continue;
            }
            // UTF-8: lead byte, continuation bytes, no overlong forms or surrogates.
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
                return "invalid UTF-8 lead byte in a string";
            }
            if (i_ + n > t_.size())
                return "UTF-8 sequence cut short";
            for (std::size_t k = 1; k < n; ++k) {
                const auto cc = static_cast<unsigned char>(t_[i_ + k]);
                if ((cc & 0xc0) != 0x80)
                    return "invalid UTF-8 continuation byte";
                cp = (cp << 6) | (cc & 0x3f);
            }
            if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
                (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
                return "overlong UTF-8 or a surrogate";
            i_ += n;
        }
        return "unterminated string";
    }
    const char* number()
    {
        const std::size_t start = i_;
        if (peek() == '-')
            ++i_;
        if (peek() == '0') {
            ++i_;
        } else if (peek() >= '1' && peek() <= '9') {
            while (peek() >= '0' && peek() <= '9')
                ++i_;
        } else {
            return i_ == start ? "not a JSON value" : "bad number";
        }
        if (peek() == '.') {
            ++i_;
            if (!(peek() >= '0' && peek() <= '9'))
                return "bad fraction";
            while (peek() >= '0' && peek() <= '9')
                ++i_;
        }
        if (peek() == 'e' || peek() == 'E') {
            ++i_;
            if (peek() == '+' || peek() == '-')
                ++i_;
            if (!(peek() >= '0' && peek() <= '9'))
                return "bad exponent";
            while (peek() >= '0' && peek() <= '9')
                ++i_;
        }
        return nullptr;
    }

    std::string_view t_;
    std::size_t i_ = 0;
};

// Layers must describe bytes of the frame, in order of nesting depth that the tree can hold.
inline void checkPacket(const Packet& p, std::span<const std::uint8_t> frame)
{
    FUZZ_CHECK(p.capturedLength == frame.size(), "capturedLength %u, frame %zu", p.capturedLength, frame.size());
    for (const Layer& l : p.layers) {
        FUZZ_CHECK(std::uint64_t{l.offset} + l.length <= frame.size(), "layer %s at %u+%u beyond the %zu-byte frame",
                   protoAbbrev(l.proto), l.offset, l.length, frame.size());
        FUZZ_CHECK(l.depth <= 8, "layer %s at depth %u", protoAbbrev(l.proto), l.depth);
    }
    FUZZ_CHECK(p.layers.count <= p.layers.items.size(), "layer count %u", p.layers.count);
}

// Every node of the tree covers bytes of the frame (the hex view highlights them) and its links are
// consistent.
inline void checkTree(const FieldTree& tree, std::span<const std::uint8_t> frame)
{
    const auto n = static_cast<std::int32_t>(tree.size());
    for (std::int32_t i = 0; i < n; ++i) {
        const FieldNode& node = tree[i];
        FUZZ_CHECK(std::uint64_t{node.offset} + node.length <= frame.size() || node.length == 0,
                   "node %d (%s, \"%s\") covers %u+%u beyond the %zu-byte frame", i, node.name, node.text.c_str(),
                   node.offset, node.length, frame.size());
        FUZZ_CHECK(node.parent < i, "node %d has parent %d", i, node.parent);
        FUZZ_CHECK(node.firstChild == -1 || (node.firstChild > i && node.firstChild < n), "node %d child %d", i,
                   node.firstChild);
        FUZZ_CHECK(node.nextSibling == -1 || (node.nextSibling > i && node.nextSibling < n), "node %d sibling %d",
                   i, node.nextSibling);
    }
    // Hex pane clicks on every byte.
    for (std::size_t off = 0; off < frame.size(); off += 7) {
        const int d = tree.deepestAt(static_cast<std::uint32_t>(off));
        FUZZ_CHECK(d >= -1 && d < n, "deepestAt(%zu) = %d", off, d);
    }
}

// Every view of one decoded frame, as the CLI and the GUI produce them.
class Presenter {
public:
    // `tcp`: the analysis' facts of the frame's own segment, or nullptr.
    void present(const Packet& p, std::span<const std::uint8_t> frame, const FrameContext& ctx)
    {
        checkPacket(p, frame);
        buildFieldTree(p, frame, ctx, tree_);
        checkTree(tree_, frame);
        // The tree's children() and first() as the protocol tree model uses them.
        for (int top : tree_.children(-1))
            (void)tree_.children(top);
        (void)tree_.first("tcp.flags");
        (void)tree_.first("ip.src");

        json_.clear();
        appendPacketJson(tree_, protocolColumn(p), json_);
        if (const char* e = JsonChecker::check(json_))
            FUZZ_CHECK(false, "invalid JSON (%s): %s", e, json_.c_str());

        summarize(p, frame, ctx, summary_);
        text_.clear();
        absolute_.appendLine(p, frame, ctx, text_);
        text_ += '\n';
        relative_.appendLine(p, frame, ctx, text_);
        text_ += '\n';
        analysis_.appendText(p, frame, ctx, text_);
        FUZZ_CHECK(text_.find('\0') == std::string::npos, "NUL byte in the tcpdump text: %s", text_.c_str());
    }
    // tcpdump's relative numbers are per connection: forget them between inputs.
    void reset()
    {
        relative_.reset();
        analysis_.reset();
    }

private:
    FieldTree tree_;
    PacketSummary summary_;
    std::string json_, text_;
    TcpdumpFormatter absolute_{TcpdumpNumbers::Absolute};
    TcpdumpFormatter relative_{TcpdumpNumbers::TcpdumpRelative};
    TcpdumpFormatter analysis_{TcpdumpNumbers::AnalysisRelative};
};

// The frame context the CLI builds (PacketStore::context), from a tracker record.
inline FrameContext frameContext(std::uint64_t number, Timestamp time, Timestamp first, const Packet& p,
                                 const TcpPacketRecord& rec, TcpSegmentFacts& facts)
{
    FrameContext c;
    c.number = number;
    c.time = time;
    c.firstTime = first;
    c.interfaceName = "fuzz0";
    if (rec.hasWiresharkStream()) {
        if (const Layer* l = p.find(Proto::Tcp)) {
            facts = segmentFacts(rec, p.tcp[l->info]);
            c.tcp = &facts;
        }
    }
    return c;
}

} // namespace synscope::fuzz
