#pragma once
// Shared by the synscope-cli commands: exit codes, messages, buffered output, opening a capture.
#include "store/packet_store.h"
#include "filter/bpf_filter.h"

#include <QCommandLineParser>
#include <QStringList>
#include <string>

namespace synscope::cli {

enum ExitCode { kOk = 0, kUnreadable = 1, kUsage = 2 };

void printError(const std::string& message);   // "synscope-cli: message" on stderr
void printWarning(const std::string& message); // "synscope-cli: warning: message" on stderr
// A command's --help text, its usage line naming "synscope-cli COMMAND" rather than the path it was run by.
std::string commandHelpText(const QCommandLineParser& parser);

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

// Reports the reader's end state (warnings on stderr); returns the exit code it calls for.
int finishReading(const PacketStore& store, CaptureReader::Status status);

// Compiles `expression` for the link types of the capture seen so far and any that appear later.
class CaptureFilter {
public:
    // Returns false (message printed) when the expression is invalid.
    bool compile(const std::string& expression, const PacketStore& store);
    // Whether packet i passes; an expression libpcap rejects for a link type that appears later makes
    // `failed` true (message printed).
    bool matches(const PacketStore& store, std::size_t i, bool& failed);
    bool empty() const { return filter_.empty(); }

private:
    BpfFilter filter_;
};

// The file name argument and the usual parse errors.
bool requireOneFile(const QStringList& positional, const char* command, std::string& file);

} // namespace synscope::cli
