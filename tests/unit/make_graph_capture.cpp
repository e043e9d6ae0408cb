// synscope-make-graph-capture OUT.pcap [scenario | bulk SEGMENTS [SNAPLEN]]: writes the captures the graph
// tests, the README's graph pictures (docs/graph-*.png) and the graph benchmark use. Same arguments, same bytes.
//   scenario: the 21-packet connection of test_graphs (every stream-graph event at a known millisecond).
//   bulk N:   a client uploading N segments over a lossy 10 Mbit/s, 40 ms path (retransmissions, SACK, a
//             timeout, a zero window); SNAPLEN > 0 keeps only the headers (a smaller file).
#include "graph_test_support.h"

#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char** argv)
{
    const std::string kind = argc >= 3 ? argv[2] : "scenario";
    if (argc < 2 || argc > 5 || (kind != "scenario" && kind != "bulk") || (kind == "bulk" && argc < 4)) {
        std::fprintf(stderr, "usage: %s OUT.pcap [scenario | bulk SEGMENTS [SNAPLEN]]\n", argv[0]);
        return 2;
    }
    synscope::testkit::CaptureScript script;
    if (kind == "scenario") {
        synscope::test::graphScenario(script);
    } else {
        synscope::test::BulkOptions o;
        o.segments = std::atoi(argv[3]);
        if (o.segments <= 0) {
            std::fprintf(stderr, "%s: SEGMENTS must be a positive number\n", argv[0]);
            return 2;
        }
        if (argc == 5)
            o.snapLength = static_cast<std::uint32_t>(std::strtoul(argv[4], nullptr, 10));
        synscope::test::bulkTransfer(script, o);
    }
    const std::string out = argv[1];
    const bool pcapng = out.size() > 7 && out.substr(out.size() - 7) == ".pcapng";
    std::string error;
    if (!script.write(out, pcapng ? synscope::CaptureFileFormat::PcapNg : synscope::CaptureFileFormat::Pcap, error)) {
        std::fprintf(stderr, "%s: %s\n", argv[0], error.c_str());
        return 1;
    }
    return 0;
}
