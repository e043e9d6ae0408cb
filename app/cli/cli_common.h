#pragma once
// Shared by the synscope-cli commands: exit codes, messages, buffered output, the reader's end state.
#include "store/packet_store.h"

#include <string>

namespace synscope::cli {

enum ExitCode { kOk = 0, kUnreadable = 1, kUsage = 2 };

void printError(const std::string& message);   // "synscope-cli: message" on stderr
void printWarning(const std::string& message); // "synscope-cli: warning: message" on stderr

// Collects output and writes it to stdout in large blocks.
class Output {
public:
    ~Output() { flush(); }
    std::string& buffer() { return buffer_; }
    void endLine()
    {
        buffer_ += '\n';
        if (buffer_.size() > (1u << 16))
            flush();
    }
    void flush();

private:
    std::string buffer_;
};

// Whether something (a file, a folder) exists at `path`.
bool fileExists(const std::string& path);

// Reports the reader's end state (warnings on stderr); returns the exit code it calls for.
int finishReading(const PacketStore& store, CaptureReader::Status status);

} // namespace synscope::cli
