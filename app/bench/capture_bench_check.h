#pragma once
// bench --live: the written file read back, every sequence number of the benchmark's datagrams checked:
// each must appear once.
#include "store/packet_store.h"

#include <cstdint>
#include <string>

namespace synscope::cli {

struct Check {
    bool done = false;
    std::uint64_t packets = 0;    // in the file
    std::uint64_t distinct = 0;   // distinct sequence numbers of ours
    std::uint64_t duplicates = 0;
    std::uint64_t strangers = 0;  // packets that are not our datagrams
    double seconds = 0;
    std::string error;
};

// Checks the packets the follower loaded (their pages go back as the check goes).
Check checkStore(const PacketStore& store, std::uint64_t sequences, std::uint16_t port);
// Reads the file a chunk at a time, so the check does not hold an index of the whole file.
Check checkFile(const std::string& path, std::uint64_t sequences, std::uint16_t port);

} // namespace synscope::cli
