#include "cli_common.h"

#include <QCoreApplication>

#include <cstdio>
#include <unistd.h>

namespace synscope::cli {

void printError(const std::string& message) { std::fprintf(stderr, "synscope-cli: %s\n", message.c_str()); }

void printWarning(const std::string& message)
{
    std::fprintf(stderr, "synscope-cli: warning: %s\n", message.c_str());
}

std::string commandHelpText(const QCommandLineParser& parser)
{
    QString text = parser.helpText();
    const QString usage = QStringLiteral("Usage: ");
    const qsizetype end = text.indexOf(QStringLiteral(" [options]"));
    if (text.startsWith(usage) && end > 0) {
        const QString command = QCoreApplication::arguments().value(1);
        text.replace(usage.size(), end - usage.size(), QStringLiteral("synscope-cli ") + command);
    }
    return text.toStdString();
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

bool CaptureFilter::compile(const std::string& expression, const PacketStore& store)
{
    std::vector<std::uint32_t> linkTypes;
    const InterfaceList& interfaces = store.reader().interfaces();
    for (std::size_t i = 0; i < interfaces.size(); ++i)
        linkTypes.push_back(interfaces[i].linkType);
    if (linkTypes.empty())
        linkTypes.push_back(1); // check the syntax even before the first interface appears
    std::string error;
    if (!filter_.compile(expression, linkTypes, error)) {
        printError("invalid filter \"" + expression + "\": " + error);
        return false;
    }
    return true;
}

bool CaptureFilter::matches(const PacketStore& store, std::size_t i, bool& failed)
{
    if (filter_.empty())
        return true;
    const std::uint32_t lt = store.linkType(i);
    std::string error;
    if (!filter_.addLinkType(lt, error)) {
        printError("invalid filter \"" + filter_.expression() + "\": " + error);
        failed = true;
        return false;
    }
    return filter_.matches(lt, store.bytes(i), store.record(i).originalLength);
}

bool requireOneFile(const QStringList& positional, const char* command, std::string& file)
{
    if (positional.size() != 1) {
        printError(std::string(command) + ": expected exactly one capture file (see synscope-cli " + command +
                   " --help)");
        return false;
    }
    file = positional.front().toStdString();
    return true;
}

} // namespace synscope::cli
