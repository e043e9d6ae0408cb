#pragma once
// An arrow's numbers ("seq=1 ack=1 len=0 win=64256") in the chosen numbering: relative, absolute, or as
// textbooks write them (seq=x, ack=y+1, FIN seq=u ...). The builder keeps what it needs of each TCP
// segment while reading the packets and writes the numbers once every stream's story is known.
#include "analysis/tcp_states.h"
#include "diagram/sequence_diagram.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace synscope {

// What the builder keeps of each TCP arrow to write its numbers later (in any numbering).
struct TcpNumbers {
    bool tcp = false;
    bool fromClient = true;
    bool relativeKnown = false;
    std::uint16_t flags = 0;
    std::uint32_t rawSeq = 0, rawAck = 0, relSeq = 0, relAck = 0, len = 0;
    std::uint64_t window = 0;
};

// Textbook names of sequence numbers: x and y are the client's and the server's initial sequence numbers;
// in the teardown, u is the FIN of the side that closed first, v the other side's acknowledging segment,
// w its FIN (letters by the segment's role, as textbooks write them, even when v and w are equal).
struct SymbolicBases {
    struct Base {
        std::uint32_t value;
        std::string name;
        std::size_t fromArrow; // named from this arrow on
    };
    std::vector<Base> side[2];

    // Only x and y.
    static SymbolicBases initial();
    // "x+37": the value named from the latest base at or before `arrow`.
    std::string at(int s, std::uint32_t value, std::size_t arrow) const;
};

// x and y, then u, v and w from the teardown's segments (`ids`: the stream's arrows; `closeStart`: its
// first FIN or RST).
SymbolicBases teardownBases(const std::vector<std::size_t>& ids, const std::vector<TcpNumbers>& numbers,
                            ClosedBy closedBy, std::size_t closeStart);

// Writes every TCP arrow's numbers (`numbers`: one per arrow; `symbolic`: per stream, for that numbering).
void writeArrowNumbers(SequenceDiagram& d, const std::vector<TcpNumbers>& numbers, DiagramNumbers numbering,
                       const std::map<std::uint32_t, SymbolicBases>& symbolic);

} // namespace synscope
