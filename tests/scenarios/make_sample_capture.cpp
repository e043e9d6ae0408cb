// synscope-make-sample OUT.pcapng: writes the bundled sample capture (resources/sample.pcapng).
#include "sample_capture.h"

#include <cstdio>

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s OUT.pcapng\n", argv[0]);
        return 2;
    }
    std::string error;
    if (!synscope::testkit::buildSampleCapture().write(argv[1], synscope::CaptureFileFormat::PcapNg, error)) {
        std::fprintf(stderr, "%s: %s\n", argv[0], error.c_str());
        return 1;
    }
    return 0;
}
