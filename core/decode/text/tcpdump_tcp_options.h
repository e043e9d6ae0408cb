#pragma once
// Internal to core/decode/text: what printing one TCP option in tcpdump's words came to
// (tcpdump_tcp_options.cpp), and MPTCP's options (tcpdump_mptcp.cpp).
#include "decode/text/tcpdump_printer.h"

namespace synscope::tcpdumptext {

// The line goes on after the option, or ends with "[bad opt]" or " [|tcp]".
enum class OptionEnd : std::uint8_t { Printed, Bad, Truncated };

// An MPTCP option (RFC 8684) after its name: " <length> <subtype>" and the subtype's fields, as tcpdump's
// print-mptcp.c writes them. `option`: the whole option from its kind byte, all of it captured;
// `subtypeByte`: the byte after the length byte; `tcpFlags`: the segment's flags, which decide what a
// subtype may hold. Bad when it holds something else.
OptionEnd printMptcp(TcpdumpPrinter& p, ByteReader option, std::uint8_t subtypeByte, std::uint8_t tcpFlags);

} // namespace synscope::tcpdumptext
