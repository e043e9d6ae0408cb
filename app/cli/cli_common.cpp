#include "cli_common.h"

#include <cstdio>
#include <sys/stat.h>
#include <unistd.h>

namespace synscope::cli {

void printError(const std::string& message) { std::fprintf(stderr, "synscope-cli: %s\n", message.c_str()); }

void printWarning(const std::string& message)
{
    std::fprintf(stderr, "synscope-cli: warning: %s\n", message.c_str());
}

void Output::flush()
{
    std::size_t done = 0;
    while (done < buffer_.size()) {
        const ssize_t n = ::write(STDOUT_FILENO, buffer_.data() + done, buffer_.size() - done);
        if (n <= 0)
            break; // stdout closed (e.g. piped into head): nothing more to do
        done += static_cast<std::size_t>(n);
    }
    buffer_.clear();
}

bool fileExists(const std::string& path)
{
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}

int finishReading(const PacketStore& store, CaptureReader::Status status)
{
    const CaptureReader& r = store.reader();
    for (const CaptureProblem& w : r.warnings())
        printWarning(r.describe(w));
    if (status == CaptureReader::Status::Truncated) {
        printWarning(r.describe(r.truncation()) + "; every complete packet before it was read");
        return kOk;
    }
    if (status == CaptureReader::Status::Error) {
        printError(r.describe(r.error()));
        return kUnreadable;
    }
    return kOk;
}

} // namespace synscope::cli
