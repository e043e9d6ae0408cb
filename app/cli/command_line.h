#pragma once
// What every synscope-cli command does with its command line before its own work: declare its options
// (the common ones, -Y and --stream, from here), parse, answer --help, report a bad option or a missing
// file with exit status 2, open the capture (exit status 1 when it cannot be read), set up the display
// filter, load the packets and report the reader's end state.
#include "cli_common.h"

#include "filter/display_filter.h"
#include "store/packet_store.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QStringList>
#include <cstdint>
#include <string>
#include <vector>

namespace synscope::cli {

class CommandLine {
public:
    // `command`: the word after synscope-cli ("read"), which the messages name.
    CommandLine(const char* command, const QString& description);

    // The one FILE argument (a capture); parse() requires exactly one.
    void addFileArgument(const QString& description = QStringLiteral("pcap or pcapng file"));
    // Positional arguments of a command without a file (capture's filter words).
    void addPositionalArgument(const QString& name, const QString& description, const QString& syntax = {});
    void addOptions(const QList<QCommandLineOption>& options);
    // "bench FILE" and "bench --diagram" print Qt's own usage line, which names the program by the path
    // it was run by; every other command's help names "synscope-cli COMMAND". Kept as it was.
    void keepProgramPathInHelp() { programPathInHelp_ = true; }

    // Parses `arguments` (arguments[0] names the command). False when the command is done: --help was
    // printed (`exitCode` 0) or the arguments are wrong (message printed, `exitCode` 2).
    bool parse(const QStringList& arguments, int& exitCode);

    const std::string& file() const { return file_; }
    bool isSet(const QCommandLineOption& option) const { return parser_.isSet(option); }
    QString value(const QCommandLineOption& option) const { return parser_.value(option); }
    QStringList values(const QCommandLineOption& option) const { return parser_.values(option); }
    QStringList positionalArguments() const { return parser_.positionalArguments(); }

    // "synscope-cli: COMMAND: message" on stderr; returns kUsage.
    int usageError(const std::string& message) const;

private:
    std::string helpText() const;

    const char* command_;
    QCommandLineParser parser_;
    bool wantsFile_ = false;
    bool programPathInHelp_ = false;
    std::string file_;
};

// -Y FILTER, with the command's own description of what the filter chooses.
QCommandLineOption displayFilterOption(const QString& description);

// --stream N[,M...]: TCP connections by their stream numbers, with the command's own description.
QCommandLineOption streamListOption(const QString& description);
// A comma-separated list of TCP stream numbers ("0,3,7"); `skipEmpty` ignores empty parts ("0,,3").
// False with `badPart`, the part that is not a stream number.
bool parseStreamList(const QString& text, bool skipEmpty, std::vector<std::uint32_t>& streams, QString& badPart);

// Opens the capture: kOk, or kUnreadable with the reader's message printed.
int openCapture(PacketStore& store, const std::string& file);
// Loads every packet (index and analysis), without reporting how the file ended.
CaptureReader::Status loadAll(PacketStore& store);
// Loads every packet, then reports the reader's end state (finishReading): kOk or the exit code.
int loadWholeCapture(PacketStore& store);
// openCapture, then loadWholeCapture.
int openWholeCapture(PacketStore& store, const std::string& file);

// Sets up the -Y filter for the capture: false, with 'invalid filter "X": why' printed, when the
// expression is invalid.
bool setUpDisplayFilter(DisplayFilter& filter, const std::string& expression, const PacketStore& store);
// A packet's link type rejected the expression (filter.failed()): the message, and kUsage.
int displayFilterFailure(const DisplayFilter& filter);

} // namespace synscope::cli
