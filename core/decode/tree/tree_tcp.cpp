// Tree nodes of TCP: header fields, flags, options, and the analysis' [SEQ/ACK analysis].
#include "decode/tree/tree_builders.h"

#include "common/byte_order.h"

namespace synscope::tree {

namespace {

const char* optionName(std::uint8_t kind)
{
    switch (kind) {
    case 0: return "End of Option List (EOL)";
    case 1: return "No-Operation (NOP)";
    case 2: return "Maximum segment size";
    case 3: return "Window scale";
    case 4: return "SACK permitted";
    case 5: return "SACK";
    case 8: return "Timestamps";
    case 19: return "TCP MD5 signature";
    case 27: return "Quick-Start Response";
    case 28: return "User Timeout";
    case 29: return "TCP Authentication Option (TCP-AO)";
    case 30: return "Multipath TCP";
    case 34: return "TCP Fast Open Cookie";
    case 253:
    case 254: return "Experimental";
    default: return nullptr;
    }
}

std::string flagsString(std::uint16_t f)
{
    // Wireshark's 12-character summary: reserved, AE, CWR, ECE, URG, ACK, PSH, RST, SYN, FIN.
    static const char letters[] = "RRRACEUAPRSF";
    std::string s;
    for (int i = 11; i >= 0; --i) {
        if (f & (1u << i))
            s += letters[11 - i];
        else
            s += "\xc2\xb7"; // middle dot
    }
    return s;
}

std::string flagNames(std::uint16_t f)
{
    static const struct {
        std::uint16_t bit;
        const char* name;
    } names[] = {{tcpflag::kFin, "FIN"}, {tcpflag::kSyn, "SYN"}, {tcpflag::kRst, "RST"}, {tcpflag::kPsh, "PSH"},
                 {tcpflag::kAck, "ACK"}, {tcpflag::kUrg, "URG"}, {tcpflag::kEce, "ECE"}, {tcpflag::kCwr, "CWR"},
                 {tcpflag::kAe, "AE"}};
    std::string s;
    for (const auto& n : names) {
        if (f & n.bit) {
            if (!s.empty())
                s += ", ";
            s += n.name;
        }
    }
    return s;
}

void addOption(Ctx& c, int parent, const TcpInfo& t, const TcpOption& o, bool quoted)
{
    const char* name = optionName(o.kind);
    const std::uint32_t len = o.length < 1 ? 1 : o.length;
    const std::string title = name ? format("TCP Option - %s", name) : format("TCP Option - Unknown (%u)", o.kind);
    const std::uint32_t avail = std::min<std::uint32_t>(len, c.packet.capturedLength - o.offset);
    int n = -1;
    const std::uint8_t* v = c.frame.data() + o.offset + 2;
    const bool complete = o.length >= 2 && avail == o.length;
    std::string text = title;
    if (o.kind == 2 && complete && o.length == 4)
        text = format("TCP Option - Maximum segment size: %u bytes", t.mss);
    else if (o.kind == 3 && complete && o.length == 3)
        text = format("TCP Option - Window scale: %u (multiply by %u)", t.windowScale,
                      t.windowScale < 32 ? 1u << t.windowScale : 0u);
    else if (o.kind == 8 && complete && o.length == 10)
        text = format("TCP Option - Timestamps: TSval %u, TSecr %u", t.tsVal, t.tsEcr);
    else if (o.kind == 5 && complete && o.length >= 10)
        text = format("TCP Option - SACK %u-%u", loadBe32(v), loadBe32(v + 4));
    n = c.tree.add(parent, "tcp.options.type", text, o.offset, avail);
    c.tree.add(n, "tcp.option_kind", format("Kind: %s (%u)", name ? name : "Unknown", o.kind), o.offset, 1,
               std::uint64_t{o.kind});
    if (o.kind <= 1)
        return;
    if (avail >= 2)
        c.tree.add(n, "tcp.option_len", format("Length: %u", o.length), o.offset + 1, 1, std::uint64_t{o.length});
    if (!complete)
        return;
    switch (o.kind) {
    case 2:
        if (o.length == 4)
            c.tree.add(n, "tcp.options.mss_val", format("MSS Value: %u", t.mss), o.offset + 2, 2, std::uint64_t{t.mss});
        break;
    case 3:
        if (o.length == 3) {
            c.tree.add(n, "tcp.options.wscale.shift", format("Shift count: %u", t.windowScale), o.offset + 2, 1,
                       std::uint64_t{t.windowScale});
            c.tree.add(n, "tcp.options.wscale.multiplier",
                       format("[Multiplier: %u]", t.windowScale < 32 ? 1u << t.windowScale : 0u), 0, 0,
                       std::uint64_t{t.windowScale < 32 ? 1u << t.windowScale : 0u});
        }
        break;
    case 4: c.tree.add(n, "tcp.options.sack_perm", "SACK permitted", o.offset, 2, std::uint64_t{1}); break;
    case 5:
        for (std::uint32_t b = 0; b + 8 <= static_cast<std::uint32_t>(o.length - 2); b += 8) {
            const std::uint32_t le = loadBe32(v + b), re = loadBe32(v + b + 4);
            c.tree.add(n, "tcp.options.sack_le", format("left edge = %u", le), o.offset + 2 + b, 4, std::uint64_t{le});
            c.tree.add(n, "tcp.options.sack_re", format("right edge = %u", re), o.offset + 6 + b, 4, std::uint64_t{re});
        }
        break;
    case 8:
        if (o.length == 10) {
            c.tree.add(n, "tcp.options.timestamp.tsval", format("Timestamp value: %u", t.tsVal), o.offset + 2, 4,
                       std::uint64_t{t.tsVal});
            c.tree.add(n, "tcp.options.timestamp.tsecr", format("Timestamp echo reply: %u", t.tsEcr), o.offset + 6, 4,
                       std::uint64_t{t.tsEcr});
        }
        break;
    case 30:
        if (o.length >= 3)
            c.tree.add(n, "tcp.options.mptcp.subtype", format("Multipath TCP subtype: %u", v[0] >> 4), o.offset + 2, 1,
                       std::uint64_t{static_cast<unsigned>(v[0] >> 4)});
        break;
    case 34: {
        std::string cookie;
        for (int i = 0; i < o.length - 2; ++i)
            cookie += format("%02x", v[i]);
        c.tree.add(n, "tcp.options.tfo.cookie", o.length == 2 ? "Fast Open Cookie Request" : "Cookie: " + cookie,
                   o.offset, o.length, cookie);
        break;
    }
    default: break;
    }
    (void)quoted;
}

void addAnalysis(Ctx& c, int n, const TcpSegmentFacts& f)
{
    if (!f.flags && !f.duplicateAckNum)
        return;
    const int a = c.tree.add(n, "tcp.analysis", "[SEQ/ACK analysis]", 0, 0);
    for (std::uint32_t bit = 0; bit < tcpanalysis::kCount; ++bit) {
        const std::uint32_t mask = 1u << bit;
        if (!(f.flags & mask))
            continue;
        const bool problem = mask & tcpanalysis::kProblems;
        std::string text = format("[%s]", tcpanalysis::label(bit));
        if (mask == tcpanalysis::kDuplicateAck && f.duplicateAckFrame)
            text = format("[%s #%u of frame %llu]", tcpanalysis::label(bit), f.duplicateAckNum,
                          static_cast<unsigned long long>(f.duplicateAckFrame));
        else if ((mask & (tcpanalysis::kRetransmission | tcpanalysis::kFastRetransmission)) && f.retransmittedFrame)
            text = format("[%s of frame %llu]", tcpanalysis::label(bit),
                          static_cast<unsigned long long>(f.retransmittedFrame));
        c.tree.add(a, tcpanalysis::fieldName(bit), text, 0, 0, true,
                   problem ? FieldSeverity::Warning : FieldSeverity::Note);
    }
    if (f.duplicateAckNum) {
        c.tree.add(a, "tcp.analysis.duplicate_ack_num", format("[Duplicate ACK #: %u]", f.duplicateAckNum), 0, 0,
                   std::uint64_t{f.duplicateAckNum});
        if (f.duplicateAckFrame)
            c.tree.add(a, "tcp.analysis.duplicate_ack_frame",
                       format("[Duplicate to the ACK in frame: %llu]",
                              static_cast<unsigned long long>(f.duplicateAckFrame)),
                       0, 0, std::uint64_t{f.duplicateAckFrame});
    }
}

} // namespace

void addTcp(Ctx& c, const Layer& l, int parent)
{
    const TcpInfo& t = c.packet.tcp[l.info];
    const std::uint32_t o = l.offset;
    const bool quoted = l.depth > 0;
    // The analysis describes the frame's first TCP header (the quoted one, in an ICMP error).
    const TcpSegmentFacts* f = &l == c.packet.find(Proto::Tcp) ? c.frameContext.tcp : nullptr;
    const bool relative = f && f->segmentLengthKnown;
    std::string title = "Transmission Control Protocol";
    if (l.length >= 4)
        title += format(", Src Port: %u, Dst Port: %u", t.srcPort, t.dstPort);
    if (l.length >= 20 && !l.malformed) {
        title += format(", Seq: %u", f ? f->relativeSeq : t.seq);
        if (t.ackFlag())
            title += format(", Ack: %u", f ? f->relativeAck : t.ack);
        title += format(", Len: %u", t.payloadLength);
    }
    const int n = c.tree.add(parent, "tcp", title, o, l.length);
    if (l.length >= 2)
        c.tree.add(n, "tcp.srcport", format("Source Port: %u", t.srcPort), o, 2, std::uint64_t{t.srcPort});
    if (l.length >= 4)
        c.tree.add(n, "tcp.dstport", format("Destination Port: %u", t.dstPort), o + 2, 2, std::uint64_t{t.dstPort});
    if (quoted && l.length < 16) {
        // Wireshark shows no more than the raw sequence number of a short quotation.
        if (l.length >= 8)
            c.tree.add(n, "tcp.seq", format("Sequence Number: %u", t.seq), o + 4, 4, std::uint64_t{t.seq});
        addLayerProblems(c, n, l);
        return;
    }
    if (f)
        c.tree.add(n, "tcp.stream", format("[Stream index: %u]", f->stream), 0, 0, std::uint64_t{f->stream});
    const bool complete = l.length >= 20 && !l.malformed;
    if (complete && !quoted)
        c.tree.add(n, "tcp.len", format("[TCP Segment Len: %u]", t.payloadLength), 0, 0,
                   std::uint64_t{t.payloadLength});
    if (l.length >= 8) {
        if (f)
            c.tree.add(n, "tcp.seq",
                       relative ? format("Sequence Number: %u    (relative sequence number)", f->relativeSeq)
                                : format("Sequence Number: %u", f->relativeSeq),
                       o + 4, 4, std::uint64_t{f->relativeSeq});
        c.tree.add(n, "tcp.seq_raw", format("Sequence Number (raw): %u", t.seq), o + 4, 4, std::uint64_t{t.seq});
    }
    if (complete && f && f->hasNextSeq)
        c.tree.add(n, "tcp.nxtseq", format("[Next Sequence Number: %u    (relative sequence number)]", f->nextSeq), 0,
                   0, std::uint64_t{f->nextSeq});
    const bool bogus = f && f->bogusHeaderLength;
    if (l.length >= 12) {
        if (f && !bogus)
            c.tree.add(n, "tcp.ack",
                       relative && t.ackFlag()
                           ? format("Acknowledgment Number: %u    (relative ack number)", f->relativeAck)
                           : format("Acknowledgment Number: %u", f->relativeAck),
                       o + 8, 4, std::uint64_t{f->relativeAck});
        c.tree.add(n, "tcp.ack_raw", format("Acknowledgment number (raw): %u", t.ack), o + 8, 4, std::uint64_t{t.ack});
    }
    if (l.length >= 14) {
        c.tree.add(n, "tcp.hdr_len",
                   bitLine(c.frame[o + 12], 0xf0, 8, "Header Length",
                           format("%u bytes (%u)", t.headerLength, t.headerLength / 4).c_str()),
                   o + 12, 1, std::uint64_t{t.headerLength});
        const std::string names = flagNames(t.flags);
        const int fl = c.tree.add(n, "tcp.flags", format("Flags: 0x%03x (%s)", t.flags, names.c_str()), o + 12, 2,
                                  std::uint64_t{t.flags});
        struct Bit {
            std::uint16_t mask;
            const char* name;
            const char* label;
        };
        static const Bit bits[] = {{tcpflag::kReserved, "tcp.flags.res", "Reserved"},
                                   {tcpflag::kAe, "tcp.flags.ae", "Accurate ECN"},
                                   {tcpflag::kCwr, "tcp.flags.cwr", "Congestion Window Reduced"},
                                   {tcpflag::kEce, "tcp.flags.ece", "ECN-Echo"},
                                   {tcpflag::kUrg, "tcp.flags.urg", "Urgent"},
                                   {tcpflag::kAck, "tcp.flags.ack", "Acknowledgment"},
                                   {tcpflag::kPsh, "tcp.flags.push", "Push"},
                                   {tcpflag::kRst, "tcp.flags.reset", "Reset"},
                                   {tcpflag::kSyn, "tcp.flags.syn", "Syn"},
                                   {tcpflag::kFin, "tcp.flags.fin", "Fin"}};
        for (const Bit& b : bits) {
            const bool set = t.flags & b.mask;
            const FieldSeverity sev =
                (set && (b.mask == tcpflag::kSyn || b.mask == tcpflag::kFin || b.mask == tcpflag::kRst))
                    ? FieldSeverity::Note
                    : FieldSeverity::None;
            c.tree.add(fl, b.name, bitLine(t.flags, b.mask, 12, b.label, set ? "Set" : "Not set"), o + 12, 2,
                       std::uint64_t{set ? 1u : 0u}, sev);
        }
        const std::string str = flagsString(t.flags);
        c.tree.add(fl, "tcp.flags.str", "[TCP Flags: " + str + "]", 0, 0, str);
    }
    if (l.length >= 16) {
        c.tree.add(n, "tcp.window_size_value", format("Window: %u", t.window), o + 14, 2, std::uint64_t{t.window});
        if (f && !bogus) {
            c.tree.add(n, "tcp.window_size", format("[Calculated window size: %llu]",
                                                    static_cast<unsigned long long>(f->windowSize)),
                       0, 0, std::uint64_t{f->windowSize});
            if (!f->hasWindowScaleField) {
                // SYN segments carry no scaling factor.
            } else if (f->windowScale >= 0)
                c.tree.add(n, "tcp.window_size_scalefactor",
                           format("[Window size scaling factor: %u]", 1u << f->windowScale), 0, 0,
                           std::int64_t{1} << f->windowScale);
            else
                c.tree.add(n, "tcp.window_size_scalefactor",
                           format("[Window size scaling factor: %d (%s)]", f->windowScale,
                                  f->windowScale == -1 ? "unknown" : "no window scaling used"),
                           0, 0, std::int64_t{f->windowScale});
        }
    }
    if (l.length >= 18) {
        std::string text;
        FieldSeverity sev = FieldSeverity::None;
        switch (t.checksumStatus) {
        case ChecksumStatus::Good: text = format("Checksum: 0x%04x [correct]", t.checksum); break;
        case ChecksumStatus::Bad:
            text = format("Checksum: 0x%04x incorrect, should be 0x%04x (maybe caused by \"TCP checksum offload\"?)",
                          t.checksum, t.checksumComputed);
            sev = FieldSeverity::Error;
            break;
        case ChecksumStatus::Unverified: text = format("Checksum: 0x%04x [unverified]", t.checksum); break;
        }
        c.tree.add(n, "tcp.checksum", text, o + 16, 2, std::uint64_t{t.checksum}, sev);
        c.tree.add(n, "tcp.checksum.status", format("[Checksum Status: %s]", checksumStatusName(t.checksumStatus)), 0,
                   0, std::string(checksumStatusName(t.checksumStatus)));
    }
    if (l.length >= 20)
        c.tree.add(n, "tcp.urgent_pointer", format("Urgent Pointer: %u", t.urgentPointer), o + 18, 2,
                   std::uint64_t{t.urgentPointer});
    if (!t.options.empty()) {
        const std::uint32_t optEnd = std::min<std::uint32_t>(o + std::max<std::uint32_t>(t.headerLength, 20), o + l.length);
        const int opts = c.tree.add(n, "tcp.options",
                                    format("Options: (%u bytes)", optEnd > o + 20 ? optEnd - o - 20 : 0), o + 20,
                                    optEnd > o + 20 ? optEnd - o - 20 : 0);
        for (const TcpOption& opt : t.options)
            addOption(c, opts, t, opt, quoted);
        if (t.optionProblem)
            c.tree.add(opts, "_ws.malformed", format("[Malformed option: %s]", t.optionProblem), o + 20,
                       optEnd > o + 20 ? optEnd - o - 20 : 0, std::string(t.optionProblem), FieldSeverity::Error);
    }
    if (f && !bogus)
        addAnalysis(c, n, *f);
    if (complete && t.payloadLength > 0 && t.payloadOffset < c.packet.capturedLength) {
        const std::uint32_t present = std::min(t.payloadLength, c.packet.capturedLength - t.payloadOffset);
        c.tree.add(n, "tcp.payload", format("TCP payload (%u byte%s)", t.payloadLength, t.payloadLength == 1 ? "" : "s"),
                   t.payloadOffset, present);
    }
    addLayerProblems(c, n, l);
}

} // namespace synscope::tree
