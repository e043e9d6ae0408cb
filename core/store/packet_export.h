#pragma once
// Writes some or all packets of an open capture to a new pcap or pcapng file, safely: the packets go
// to a temporary file next to the target, which replaces the target only once it is complete and on
// disk. A failure (full disk, no permission, cancelled) leaves no partial file and the source untouched,
// and the file being read is never the target.
#include "capture/capture_writer.h"
#include "store/packet_store.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace synscope {

struct ExportRequest {
    std::string outputPath;
    CaptureFileFormat format = CaptureFileFormat::PcapNg;
    // 0-based packet indexes in ascending order; nullptr exports every packet of the store.
    const std::vector<std::uint32_t>* packets = nullptr;
    // Called every few thousand packets with (written, total); returning false cancels the export.
    std::function<bool(std::uint64_t, std::uint64_t)> progress;
};

struct ExportResult {
    bool ok = false;
    bool cancelled = false;
    std::string error; // names the target file and what to do
    std::uint64_t packets = 0;
    std::uint64_t bytes = 0;
};

ExportResult exportPackets(const PacketStore& store, const ExportRequest& request);

// The format a file name asks for: ".pcap", ".cap" and ".dmp" mean classic pcap, anything else pcapng.
CaptureFileFormat formatForFileName(const std::string& path);

// Whether `path` names the same file as the capture `store` reads (also through links).
bool isSameFile(const PacketStore& store, const std::string& path);

} // namespace synscope
