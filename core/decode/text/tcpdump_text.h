#pragma once
// One-line packet text in tcpdump's style (`tcpdump -n -tt [-S]`, tcpdump 4.99). For TCP over IPv4/IPv6
// the text is byte-identical to tcpdump's; other protocols get tcpdump's concise forms.
#include "decode/frame_context.h"
#include "decode/packet.h"

#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>

namespace synscope {

enum class TcpdumpNumbers {
    Absolute,          // -S
    TcpdumpRelative,   // tcpdump's default: per-connection bases set by the first ACK-bearing packet
    AnalysisRelative,  // Wireshark-style relative numbers from the TCP analysis (for random access)
};

class TcpdumpFormatter {
public:
    explicit TcpdumpFormatter(TcpdumpNumbers numbers = TcpdumpNumbers::Absolute) : numbers_(numbers) {}

    // Appends "<time> <text>" (no newline). TcpdumpRelative requires frames in capture order.
    void appendLine(const Packet& packet, std::span<const std::uint8_t> frame, const FrameContext& context,
                    std::string& out);
    // Appends the text after the time stamp (for a list column).
    void appendText(const Packet& packet, std::span<const std::uint8_t> frame, const FrameContext& context,
                    std::string& out);
    void reset() { bases_.clear(); }

    // tcpdump's relative-number state for one connection (exposed for the TCP printer).
    struct Key {
        std::uint8_t version = 0;
        std::array<std::uint8_t, 16> lowAddr{}, highAddr{};
        std::uint32_t ports = 0;
        bool operator==(const Key&) const = default;
    };
    struct Bases {
        std::uint32_t seq = 0; // of the lower-port endpoint
        std::uint32_t ack = 0; // of the higher-port endpoint
    };
    struct KeyHash {
        std::size_t operator()(const Key& k) const;
    };

private:
    friend struct TcpdumpPrinter;
    TcpdumpNumbers numbers_;
    std::unordered_map<Key, Bases, KeyHash> bases_;
};

// Appends tcpdump's -tt time stamp: seconds.microseconds (nanoseconds truncated, as tcpdump does).
void appendTcpdumpTime(const Timestamp& time, std::string& out);

} // namespace synscope
