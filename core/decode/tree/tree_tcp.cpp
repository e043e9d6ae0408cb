// Tree nodes of TCP: header fields, flags, options, and the analysis' [SEQ/ACK analysis].
#include "decode/tree/tree_builders.h"

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
    std::string s;
    tcpflag::appendNames(s, f);
    return s;
}

// The option's line: its name, with the value of the options SynScope interprets.
std::string optionTitle(const TcpInfo& t, const TcpOption& o, bool complete, const ByteReader& value)
{
    if (o.kind == 2 && complete && o.length == 4)
        return format("TCP Option - Maximum segment size: %u bytes", t.mss);
    if (o.kind == 3 && complete && o.length == 3)
        return format("TCP Option - Window scale: %u (multiply by %u)", t.windowScale,
                      t.windowScale < 32 ? 1u << t.windowScale : 0u);
    if (o.kind == 8 && complete && o.length == 10)
        return format("TCP Option - Timestamps: TSval %u, TSecr %u", t.tsVal, t.tsEcr);
    if (o.kind == 5 && complete && o.length >= 10) {
        const FixedBytes<8> firstBlock = value.peek<8>();
        return format("TCP Option - SACK %u-%u", firstBlock.be32<0>(), firstBlock.be32<4>());
    }
    const char* name = optionName(o.kind);
    return name ? format("TCP Option - %s", name) : format("TCP Option - Unknown (%u)", o.kind);
}

// The fields of a complete option; `value`: its bytes after kind and length.
void addOptionValues(Ctx& c, int n, const TcpInfo& t, const TcpOption& o, ByteReader value)
{
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
        while (value.has(8)) {
            const std::uint32_t at = value.offset();
            const std::uint32_t le = value.be32(), re = value.be32();
            c.tree.add(n, "tcp.options.sack_le", format("left edge = %u", le), at, 4, std::uint64_t{le});
            c.tree.add(n, "tcp.options.sack_re", format("right edge = %u", re), at + 4, 4, std::uint64_t{re});
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
        if (o.length >= 3) {
            const unsigned subtype = value.u8() >> 4;
            c.tree.add(n, "tcp.options.mptcp.subtype", format("Multipath TCP subtype: %u", subtype), o.offset + 2, 1,
                       std::uint64_t{subtype});
        }
        break;
    case 34: {
        const std::string cookie = hexBytes(value);
        c.tree.add(n, "tcp.options.tfo.cookie", o.length == 2 ? "Fast Open Cookie Request" : "Cookie: " + cookie,
                   o.offset, o.length, cookie);
        break;
    }
    default: break;
    }
}

void addOption(Ctx& c, int parent, const TcpInfo& t, const TcpOption& o)
{
    const char* name = optionName(o.kind);
    const std::uint32_t len = o.length < 1 ? 1 : o.length;
    const std::uint32_t avail = std::min<std::uint32_t>(len, c.packet.capturedLength - o.offset);
    const bool complete = o.length >= 2 && avail == o.length;
    const ByteReader value = c.bytes(o.offset + 2, o.offset + avail);
    const int n = c.tree.add(parent, "tcp.options.type", optionTitle(t, o, complete, value), o.offset, avail);
    c.tree.add(n, "tcp.option_kind", format("Kind: %s (%u)", name ? name : "Unknown", o.kind), o.offset, 1,
               std::uint64_t{o.kind});
    if (o.kind <= 1)
        return;
    if (avail >= 2)
        c.tree.add(n, "tcp.option_len", format("Length: %u", o.length), o.offset + 1, 1, std::uint64_t{o.length});
    if (complete)
        addOptionValues(c, n, t, o, value);
}

void addOptions(Ctx& c, int n, const Layer& l, const TcpInfo& t)
{
    const std::uint32_t o = l.offset;
    const std::uint32_t optEnd = std::min<std::uint32_t>(o + std::max<std::uint32_t>(t.headerLength, 20), o + l.length);
    const std::uint32_t optLength = optEnd > o + 20 ? optEnd - o - 20 : 0;
    const int opts = c.tree.add(n, "tcp.options", format("Options: (%u bytes)", optLength), o + 20, optLength);
    for (const TcpOption& opt : t.options)
        addOption(c, opts, t, opt);
    if (t.optionProblem)
        c.tree.add(opts, "_ws.malformed", format("[Malformed option: %s]", t.optionProblem), o + 20, optLength,
                   std::string(t.optionProblem), FieldSeverity::Error);
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

std::string tcpTitle(const Layer& l, const TcpInfo& t, const TcpSegmentFacts* f)
{
    std::string title = "Transmission Control Protocol";
    if (l.length >= 4)
        title += format(", Src Port: %u, Dst Port: %u", t.srcPort, t.dstPort);
    if (l.length >= 20 && !l.malformed) {
        title += format(", Seq: %u", f ? f->relativeSeq : t.seq);
        if (t.ackFlag())
            title += format(", Ack: %u", f ? f->relativeAck : t.ack);
        title += format(", Len: %u", t.payloadLength);
    }
    return title;
}

// Sequence and acknowledgement numbers: relative (from the analysis) and raw.
void addNumbers(Ctx& c, int n, const Layer& l, const TcpInfo& t, const TcpSegmentFacts* f, bool complete)
{
    const std::uint32_t o = l.offset;
    const bool relative = f && f->segmentLengthKnown;
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
    if (l.length >= 12) {
        if (f && !f->bogusHeaderLength)
            c.tree.add(n, "tcp.ack",
                       relative && t.ackFlag()
                           ? format("Acknowledgment Number: %u    (relative ack number)", f->relativeAck)
                           : format("Acknowledgment Number: %u", f->relativeAck),
                       o + 8, 4, std::uint64_t{f->relativeAck});
        c.tree.add(n, "tcp.ack_raw", format("Acknowledgment number (raw): %u", t.ack), o + 8, 4, std::uint64_t{t.ack});
    }
}

// The header length and the flags with one line per bit (the layer holds at least 14 bytes).
void addFlags(Ctx& c, int n, const Layer& l, const TcpInfo& t)
{
    const std::uint32_t o = l.offset;
    c.tree.add(n, "tcp.hdr_len",
               bitLine(c.bytes(l).peek<14>().u8<12>(), 0xf0, 8, "Header Length",
                       format("%u bytes (%u)", t.headerLength, t.headerLength / 4).c_str()),
               o + 12, 1, std::uint64_t{t.headerLength});
    const std::string names = flagNames(t.flags);
    const int fl =
        c.tree.add(n, "tcp.flags", format("Flags: 0x%03x (%s)", t.flags, names.c_str()), o + 12, 2, std::uint64_t{t.flags});
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
        const FieldSeverity sev = (set && (b.mask == tcpflag::kSyn || b.mask == tcpflag::kFin || b.mask == tcpflag::kRst))
                                      ? FieldSeverity::Note
                                      : FieldSeverity::None;
        c.tree.add(fl, b.name, bitLine(t.flags, b.mask, 12, b.label, set ? "Set" : "Not set"), o + 12, 2,
                   std::uint64_t{set ? 1u : 0u}, sev);
    }
    const std::string str = flagsString(t.flags);
    c.tree.add(fl, "tcp.flags.str", "[TCP Flags: " + str + "]", 0, 0, str);
}

// The window field and, from the analysis, the calculated window and its scaling factor.
void addWindow(Ctx& c, int n, const Layer& l, const TcpInfo& t, const TcpSegmentFacts* f)
{
    c.tree.add(n, "tcp.window_size_value", format("Window: %u", t.window), l.offset + 14, 2, std::uint64_t{t.window});
    if (!f || f->bogusHeaderLength)
        return;
    c.tree.add(n, "tcp.window_size",
               format("[Calculated window size: %llu]", static_cast<unsigned long long>(f->windowSize)), 0, 0,
               std::uint64_t{f->windowSize});
    if (!f->hasWindowScaleField) {
        // SYN segments carry no scaling factor.
    } else if (f->windowScale >= 0)
        c.tree.add(n, "tcp.window_size_scalefactor", format("[Window size scaling factor: %u]", 1u << f->windowScale),
                   0, 0, std::int64_t{1} << f->windowScale);
    else
        c.tree.add(n, "tcp.window_size_scalefactor",
                   format("[Window size scaling factor: %d (%s)]", f->windowScale,
                          f->windowScale == -1 ? "unknown" : "no window scaling used"),
                   0, 0, std::int64_t{f->windowScale});
}

void addChecksum(Ctx& c, int n, const Layer& l, const TcpInfo& t)
{
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
    c.tree.add(n, "tcp.checksum", text, l.offset + 16, 2, std::uint64_t{t.checksum}, sev);
    c.tree.add(n, "tcp.checksum.status", format("[Checksum Status: %s]", checksumStatusName(t.checksumStatus)), 0, 0,
               std::string(checksumStatusName(t.checksumStatus)));
}

} // namespace

void addTcp(Ctx& c, const Layer& l, int parent)
{
    const TcpInfo& t = c.packet.tcp[l.info];
    const std::uint32_t o = l.offset;
    const bool quoted = l.depth > 0;
    // The analysis describes the frame's first TCP header (the quoted one, in an ICMP error).
    const TcpSegmentFacts* f = &l == c.packet.find(Proto::Tcp) ? c.frameContext.tcp : nullptr;
    const int n = c.tree.add(parent, "tcp", tcpTitle(l, t, f), o, l.length);
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
    addNumbers(c, n, l, t, f, complete);
    if (l.length >= 14)
        addFlags(c, n, l, t);
    if (l.length >= 16)
        addWindow(c, n, l, t, f);
    if (l.length >= 18)
        addChecksum(c, n, l, t);
    if (l.length >= 20)
        c.tree.add(n, "tcp.urgent_pointer", format("Urgent Pointer: %u", t.urgentPointer), o + 18, 2,
                   std::uint64_t{t.urgentPointer});
    if (!t.options.empty())
        addOptions(c, n, l, t);
    if (f && !f->bogusHeaderLength)
        addAnalysis(c, n, *f);
    if (complete && t.payloadLength > 0 && t.payloadOffset < c.packet.capturedLength) {
        const std::uint32_t present = std::min(t.payloadLength, c.packet.capturedLength - t.payloadOffset);
        c.tree.add(n, "tcp.payload", format("TCP payload (%u byte%s)", t.payloadLength, t.payloadLength == 1 ? "" : "s"),
                   t.payloadOffset, present);
    }
    addLayerProblems(c, n, l);
}

} // namespace synscope::tree
