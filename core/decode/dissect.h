#pragma once
// Shared plumbing of the per-protocol decoders (internal to core/decode).
#include "decode/byte_reader.h"
#include "decode/decoder.h"
#include "decode/protocols/link_headers.h"

#include <algorithm>

namespace synscope::dissect {

// Nesting limit for packets quoted inside ICMP errors quoting ICMP errors.
inline constexpr std::uint8_t kMaxDepth = 3;

struct State {
    const std::uint8_t* data;
    std::uint32_t capturedLength;
    Packet& packet;
    const DecodeOptions& options;
    std::uint8_t depth = 0;
    bool quoted = false; // inside an ICMP error: length fields describe the original, not these bytes

    // The frame's bytes [offset, end), read in frame offsets; never beyond the captured bytes.
    ByteReader bytes(std::uint32_t offset, std::uint32_t end) const
    {
        return ByteReader(data, offset, std::min(end, capturedLength));
    }
    // The `length` bytes from `offset` when all of them lie before `end` (a checksum covers them), else
    // nullptr.
    const std::uint8_t* whole(std::uint32_t offset, std::uint32_t end, std::uint32_t length) const
    {
        ByteReader r = bytes(offset, end);
        return r.take(length);
    }
};

// What an IP layer tells its payload's decoder.
struct IpPayload {
    const IpAddress* src = nullptr;
    const IpAddress* dst = nullptr;
    std::uint8_t protocol = 0;
    std::uint32_t offset = 0;        // first byte of the payload in the frame
    std::uint32_t declaredLength = 0; // payload length according to the IP header
    std::uint32_t capturedEnd = 0;   // payload bytes present end here (never beyond the frame)
    std::uint8_t ipLayer = 0;        // index of the IP layer in packet.layers
    bool firstFragment = false;      // more fragments follow: the transport payload is incomplete
};

// A header that ends early because the snapshot length cut the frame (not because an ICMP error quoted
// only its first bytes, which is normal and not "truncated").
inline bool cutByCapture(const State& s) { return !s.quoted || s.capturedLength < s.packet.originalLength; }

// Appends a layer; nullptr when the packet already has the maximum number of layers.
Layer* addLayer(State& s, Proto proto, std::uint32_t offset, std::uint32_t length, std::uint8_t info);
void addData(State& s, std::uint32_t offset, std::uint32_t end);

void decodeEthernet(State& s, std::uint32_t offset, std::uint32_t end);
// Decodes what a link-layer header said comes next (`etherType`: the value that said so, for VLAN tags).
void decodeNext(State& s, NextLayer next, std::uint16_t etherType, std::uint32_t offset, std::uint32_t end);
// Dispatches on an EtherType (after Ethernet, VLAN tags, SNAP ...).
void decodeEtherType(State& s, std::uint16_t etherType, std::uint32_t offset, std::uint32_t end);
void decodeLinuxSll(State& s, std::uint32_t offset, std::uint32_t end);
void decodeLinuxSll2(State& s, std::uint32_t offset, std::uint32_t end);
void decodeNull(State& s, std::uint32_t offset, std::uint32_t end, bool networkByteOrder);
void decodePppoeSession(State& s, std::uint32_t offset, std::uint32_t end);
void decodeArp(State& s, std::uint32_t offset, std::uint32_t end);
// Raw IP: version nibble decides.
void decodeIp(State& s, std::uint32_t offset, std::uint32_t end);
void decodeIpv4(State& s, std::uint32_t offset, std::uint32_t end);
void decodeIpv6(State& s, std::uint32_t offset, std::uint32_t end);
// Dispatches the payload of an IP layer by protocol number.
void decodeIpPayload(State& s, const IpPayload& ip);
void decodeTcp(State& s, const IpPayload& ip);
void decodeUdp(State& s, const IpPayload& ip);
void decodeIcmp(State& s, const IpPayload& ip);
void decodeIcmpv6(State& s, const IpPayload& ip);

// What ICMP and ICMPv6 share (icmp.cpp). beginIcmp adds the info and a layer of `length` bytes and reads
// type, code and checksum (the reader then stands after them, short when they were not all there); no
// layer when the packet has no room for one (the bytes are then data, or nothing).
struct IcmpStart {
    IcmpInfo* info = nullptr;
    Layer* layer = nullptr;
    ByteReader bytes;
};
IcmpStart beginIcmp(State& s, const IpPayload& ip, Proto proto, std::uint32_t length);
// The checksum over the whole message, when it was captured (`pseudoHeader`: ICMPv6's, RFC 4443).
void verifyIcmpChecksum(const State& s, const IpPayload& ip, IcmpInfo& c, bool pseudoHeader);
// The packet an error quotes from `offset`, decoded one level deeper; false when there is none to decode.
bool decodeQuotation(State& s, IcmpInfo& c, std::uint32_t offset, std::uint32_t end, bool ipv6);
// `cut`: the message continues beyond the captured bytes (a short read is truncation, not damage).
void decodeDns(State& s, std::uint32_t offset, std::uint32_t end, bool overTcp, bool cut);

// One's-complement sum of `length` bytes starting at `p`, folded to 16 bits (not inverted).
std::uint32_t checksumAdd(std::uint32_t sum, const std::uint8_t* p, std::size_t length);
std::uint16_t checksumFinish(std::uint32_t sum);
// Whether a checksum field `written` is right for data summing (with the field) to `sum`; `computed` gets
// the value the field should hold.
ChecksumStatus checksumVerdict(std::uint32_t sum, std::uint16_t written, std::uint16_t& computed);
// Sum of the TCP/UDP/ICMPv6 pseudo-header.
std::uint32_t pseudoHeaderSum(const IpAddress& src, const IpAddress& dst, std::uint8_t protocol, std::uint32_t length);

} // namespace synscope::dissect
