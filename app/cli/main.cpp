// synscope-cli: the headless front end over SynScope's core, for scripts, CI and benchmarks.
#include "cli_common.h"
#include "commands.h"

#include <QCoreApplication>
#include <cstdio>
#include <cstring>

namespace {

const char* const kUsage =
    "Usage: synscope-cli COMMAND [OPTIONS] ...\n"
    "\n"
    "Commands:\n"
    "  read FILE [-S] [--json] [-Y FILTER] [-c COUNT]   print packets (tcpdump style, or JSON Lines)\n"
    "  conversations FILE [--json] [-Y FILTER]           every TCP connection: how it opened and closed\n"
    "  bench FILE                                        time and memory of indexing, decoding, analysis\n"
    "\n"
    "Run 'synscope-cli COMMAND --help' for a command's options.\n"
    "Exit status: 0 success (also for a file cut short, with a warning), 1 unreadable file, 2 bad usage.\n";

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("synscope-cli");
    QCoreApplication::setApplicationVersion(SYNSCOPE_VERSION);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() < 2 || args[1] == "--help" || args[1] == "-h" || args[1] == "help") {
        std::fputs(kUsage, args.size() < 2 ? stderr : stdout);
        return args.size() < 2 ? synscope::cli::kUsage : synscope::cli::kOk;
    }
    if (args[1] == "--version" || args[1] == "-v") {
        std::printf("synscope-cli %s\n", SYNSCOPE_VERSION);
        return 0;
    }
    QStringList rest = args.mid(2);
    rest.prepend("synscope-cli " + args[1]);
    const QString command = args[1];
    if (command == "read")
        return synscope::cli::runRead(rest);
    if (command == "conversations")
        return synscope::cli::runConversations(rest);
    if (command == "bench")
        return synscope::cli::runBench(rest);
    synscope::cli::printError("unknown command \"" + command.toStdString() + "\"\n\n" + kUsage);
    return synscope::cli::kUsage;
}
