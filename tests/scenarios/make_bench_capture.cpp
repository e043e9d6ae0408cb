// synscope-make-bench-capture OUT.pcap [PACKETS]: writes the benchmark capture (default 1,000,000
// packets, about 600 MB) for `synscope-cli bench` and the GUI benchmarks. Same arguments, same bytes.
#include "bench_capture.h"

#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char** argv)
{
    if (argc < 2 || argc > 3) {
        std::fprintf(stderr, "usage: %s OUT.pcap|OUT.pcapng [PACKETS]\n", argv[0]);
        return 2;
    }
    const std::string out = argv[1];
    const std::uint64_t packets = argc == 3 ? std::strtoull(argv[2], nullptr, 10) : 1000000;
    const bool pcapng = out.size() > 7 && out.substr(out.size() - 7) == ".pcapng";
    std::string error;
    synscope::testkit::BenchCaptureStats stats;
    if (!synscope::testkit::writeBenchCapture(out, packets,
                                              pcapng ? synscope::CaptureFileFormat::PcapNg
                                                     : synscope::CaptureFileFormat::Pcap,
                                              error, &stats)) {
        std::fprintf(stderr, "%s: %s\n", argv[0], error.c_str());
        return 1;
    }
    std::printf("%s: %llu packets, %llu TCP connections, %.1f MB\n", out.c_str(),
                static_cast<unsigned long long>(stats.packets), static_cast<unsigned long long>(stats.tcpConnections),
                static_cast<double>(stats.fileBytes) / 1e6);
    return 0;
}
