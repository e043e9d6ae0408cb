#pragma once
// A capture being written by a test: frames with their time stamps and interfaces, written out as pcap or
// pcapng through SynScope's own writer.
#include "capture/capture_writer.h"
#include "packet_crafter.h"

#include <string>
#include <vector>

namespace synscope::testkit {

struct ScriptPacket {
    std::uint32_t interfaceIndex = 0;
    Timestamp time;
    Bytes data;                    // captured bytes
    std::uint32_t originalLength;  // on the wire
    std::string comment;
};

class CaptureScript {
public:
    // Starts with one Ethernet interface at 2024-06-10 06:13:20 UTC.
    explicit CaptureScript(std::uint32_t linkType = 1, Timestamp start = {1718000000, 0});

    int addInterface(std::uint32_t linkType, const std::string& name = {}, bool nanosecond = false);
    void setTime(Timestamp t) { now_ = t; }
    void advance(std::int64_t ns);
    Timestamp now() const { return now_; }

    // Appends a frame at the current time. `snapLength` (> 0) keeps only that many bytes of it.
    void add(const Bytes& frame, std::uint32_t interfaceIndex = 0, std::uint32_t snapLength = 0,
             const std::string& comment = {});
    const std::vector<ScriptPacket>& packets() const { return packets_; }
    const std::vector<WriterInterface>& interfaces() const { return interfaces_; }

    bool write(const std::string& path, CaptureFileFormat format, std::string& error) const;
    // From now on add() writes straight to `writer` (opened with interfaces()) instead of keeping the
    // packets: for captures too large to hold, such as the benchmark file.
    void streamTo(CaptureWriter* writer) { stream_ = writer; }
    const std::string& streamError() const { return streamError_; }
    // Writes to a new file in a temporary directory owned by the caller and returns its path.
    std::string writeTemp(const std::string& dir, const std::string& name,
                          CaptureFileFormat format = CaptureFileFormat::PcapNg) const;

private:
    std::vector<WriterInterface> interfaces_;
    std::vector<ScriptPacket> packets_;
    Timestamp now_;
    CaptureWriter* stream_ = nullptr;
    std::string streamError_;
};

} // namespace synscope::testkit
