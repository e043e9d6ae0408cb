#include "command_line.h"

#include <QCoreApplication>
#include <cstdio>

namespace synscope::cli {

CommandLine::CommandLine(const char* command, const QString& description) : command_(command)
{
    parser_.setApplicationDescription(description);
    parser_.addHelpOption();
}

void CommandLine::addFileArgument(const QString& description)
{
    parser_.addPositionalArgument(QStringLiteral("FILE"), description);
    wantsFile_ = true;
}

void CommandLine::addPositionalArgument(const QString& name, const QString& description, const QString& syntax)
{
    parser_.addPositionalArgument(name, description, syntax);
}

void CommandLine::addOptions(const QList<QCommandLineOption>& options) { parser_.addOptions(options); }

bool CommandLine::parse(const QStringList& arguments, int& exitCode)
{
    if (!parser_.parse(arguments)) {
        printError(parser_.errorText().toStdString());
        exitCode = kUsage;
        return false;
    }
    if (parser_.isSet(QStringLiteral("help"))) {
        std::fputs(helpText().c_str(), stdout);
        exitCode = kOk;
        return false;
    }
    if (wantsFile_) {
        const QStringList positional = parser_.positionalArguments();
        if (positional.size() != 1) {
            printError(std::string(command_) + ": expected exactly one capture file (see synscope-cli " + command_ +
                       " --help)");
            exitCode = kUsage;
            return false;
        }
        file_ = positional.front().toStdString();
    }
    return true;
}

// The usage line names "synscope-cli COMMAND" rather than the path the program was run by.
std::string CommandLine::helpText() const
{
    QString text = parser_.helpText();
    if (programPathInHelp_)
        return text.toStdString();
    const QString usage = QStringLiteral("Usage: ");
    const qsizetype end = text.indexOf(QStringLiteral(" [options]"));
    if (text.startsWith(usage) && end > 0) {
        const QString command = QCoreApplication::arguments().value(1);
        text.replace(usage.size(), end - usage.size(), QStringLiteral("synscope-cli ") + command);
    }
    return text.toStdString();
}

int CommandLine::usageError(const std::string& message) const
{
    printError(std::string(command_) + ": " + message);
    return kUsage;
}

QCommandLineOption displayFilterOption(const QString& description)
{
    return QCommandLineOption(QStringLiteral("Y"), description, QStringLiteral("FILTER"));
}

QCommandLineOption streamListOption(const QString& description)
{
    return QCommandLineOption(QStringLiteral("stream"), description, QStringLiteral("N[,M...]"));
}

bool parseStreamList(const QString& text, bool skipEmpty, std::vector<std::uint32_t>& streams, QString& badPart)
{
    for (const QString& part : text.split(',', skipEmpty ? Qt::SkipEmptyParts : Qt::KeepEmptyParts)) {
        bool ok = false;
        const uint n = part.trimmed().toUInt(&ok);
        if (!ok) {
            badPart = part;
            return false;
        }
        streams.push_back(n);
    }
    return true;
}

int openCapture(PacketStore& store, const std::string& file)
{
    std::string error;
    if (!store.open(file, error)) {
        printError(error);
        return kUnreadable;
    }
    return kOk;
}

CaptureReader::Status loadAll(PacketStore& store)
{
    CaptureReader::Status status;
    do
        status = store.loadMore(65536);
    while (status == CaptureReader::Status::More);
    return status;
}

int loadWholeCapture(PacketStore& store) { return finishReading(store, loadAll(store)); }

int openWholeCapture(PacketStore& store, const std::string& file)
{
    const int opened = openCapture(store, file);
    return opened != kOk ? opened : loadWholeCapture(store);
}

bool setUpDisplayFilter(DisplayFilter& filter, const std::string& expression, const PacketStore& store)
{
    std::string error;
    if (!filter.set(expression, &store, error)) {
        printError("invalid filter \"" + expression + "\": " + error);
        return false;
    }
    return true;
}

int displayFilterFailure(const DisplayFilter& filter)
{
    printError("invalid filter \"" + filter.expression() + "\": " + filter.error());
    return kUsage;
}

} // namespace synscope::cli
