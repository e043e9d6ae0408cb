// synscope-capture: SynScope's capture helper. It runs with the cap_net_raw,cap_net_admin file
// capabilities (executable by the synscope group only), as the invoking user, never set-user-ID. Order
// matters: check every argument and the output with the user's own rights; open the interfaces; give up
// every capability; only then create the file and capture. The programs that start it read its status
// lines (capture_helper_protocol.h) from --status-fd.
#include "drop_capabilities.h"
#include "helper_arguments.h"
#include "output_target.h"

#include "live/capture_helper_protocol.h"
#include "live/interfaces.h"
#include "live/live_capture.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <unistd.h>

namespace {

using namespace synscope;
using namespace synscope::helper;

constexpr int kExitOk = 0, kExitFailed = 1, kExitUsage = 2;

std::atomic<LiveCapture*> g_capture{nullptr};
std::atomic<bool> g_stopBeforeStart{false};

extern "C" void onStopSignal(int)
{
    if (LiveCapture* c = g_capture.load())
        c->requestStop(); // async-signal-safe: atomics and a pipe write
    else
        g_stopBeforeStart.store(true);
}

// A privileged program started with 0, 1 or 2 closed would later write its file or messages to
// whatever it opens first: give those numbers to /dev/null.
void ensureStandardDescriptors()
{
    for (int fd = 0; fd <= 2; ++fd)
        if (::fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
            const int opened = ::open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
            if (opened >= 0 && opened != fd)
                ::close(opened);
        }
}

class Reporter {
public:
    explicit Reporter(int statusFd) : fd_(statusFd) {}
    bool machine() const { return fd_ >= 0; }
    void status(const std::string& line)
    {
        if (fd_ < 0)
            return;
        std::size_t done = 0;
        while (done < line.size()) {
            const ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return; // the reader is gone; the capture still ends cleanly
            done += static_cast<std::size_t>(n);
        }
    }
    // Human text on stderr, unless the status lines go there (or to the program that started us).
    void human(const std::string& text)
    {
        if (fd_ < 0)
            std::fputs(text.c_str(), stderr);
    }
    int fail(const std::string& kind, const std::string& message, int exitCode)
    {
        status(statusErrorLine(kind, message));
        if (fd_ != 2)
            std::fprintf(stderr, "synscope-capture: %s\n", message.c_str());
        return exitCode;
    }

private:
    int fd_;
};

void installSignalHandlers()
{
    struct sigaction sa {};
    sa.sa_handler = onStopSignal;
    sigemptyset(&sa.sa_mask);
    for (int s : {SIGINT, SIGTERM, SIGHUP})
        sigaction(s, &sa, nullptr);
    std::signal(SIGPIPE, SIG_IGN); // a reader that went away is a write error, reported as such
}

// Opens the interfaces with the capture rights, gives up every capability, then creates the output and
// starts writing to it; kExitOk, or the exit status (the failure reported).
int startCapture(LiveCapture& capture, const HelperRequest& request, OutputTarget& output, Reporter& report)
{
    std::string error;
    if (!capture.open(request.options, error)) {
        switch (capture.startFailure()) {
        case LiveCapture::StartFailure::BadFilter:
            return report.fail("bad-filter", error, kExitUsage);
        case LiveCapture::StartFailure::NoSuchInterface:
            return report.fail("no-interface", error, kExitUsage);
        case LiveCapture::StartFailure::NoPermission:
            return report.fail("no-permission", error, kExitFailed);
        default:
            return report.fail("other", error, kExitFailed);
        }
    }
    if (!dropAllCapabilities(error))
        return report.fail("other", error, kExitFailed);
    const int fd = output.open(error);
    if (fd < 0)
        return report.fail("output", error, kExitFailed);
    if (!capture.begin(error, fd)) {
        output.removeCreated();
        return report.fail("output", error, kExitFailed);
    }
    return kExitOk;
}

// The status lines of a running capture: its interfaces, its statistics while they change (a quiet
// interface sends nothing) and always at the end, then how it ended; the exit status.
int reportUntilStopped(LiveCapture& capture, Reporter& report)
{
    for (const WriterInterface& w : capture.interfaces()) {
        report.status(statusInterfaceLine(w));
        report.human("synscope-capture: listening on " + w.name + ", link-type " + linkTypeText(w.linkType) +
                     ", snapshot length " + std::to_string(w.snapLength) + " bytes\n");
    }
    report.status("started\n");
    LiveStatistics last;
    while (capture.running()) {
        ::poll(nullptr, 0, 250);
        const LiveStatistics now = capture.statistics();
        if (now.written != last.written || now.bytesWritten != last.bytesWritten ||
            now.kernelReceived != last.kernelReceived || now.kernelDropped != last.kernelDropped ||
            now.interfaceDropped != last.interfaceDropped)
            report.status(statusStatsLine(now));
        last = now;
    }
    capture.wait();
    g_capture.store(nullptr);
    report.status(statusStatsLine(capture.statistics()));
    const std::string failure = capture.failure();
    if (!failure.empty())
        report.status(statusFailureLine(failure));
    report.status("end\n");
    report.human(capture.summaryText());
    if (!failure.empty()) {
        if (!report.machine())
            std::fprintf(stderr, "synscope-capture: %s\n", failure.c_str());
        return kExitFailed;
    }
    return kExitOk;
}

} // namespace

int main(int argc, char** argv)
{
    ensureStandardDescriptors();
    const pid_t parent = ::getppid();
    std::vector<std::string> args(argv + 1, argv + argc);
    HelperRequest request;
    std::string error;
    const bool parsed = parseHelperArguments(args, request, error);
    Reporter report(parsed ? request.statusFd : -1);
    report.status(std::string(kHelperStatusVersionLine) + "\n");
    if (!parsed) {
        std::fprintf(stderr, "synscope-capture: %s\n", error.c_str());
        return kExitUsage;
    }
    if (request.help) {
        std::fputs(kHelperUsage, stdout);
        return kExitOk;
    }
    if (request.version) {
        std::printf("synscope-capture %s\n", SYNSCOPE_VERSION);
        return kExitOk;
    }
    // File capabilities, never set-user-ID: the user's own rights must be the ones every file check uses.
    if (::geteuid() != ::getuid() || ::getegid() != ::getgid())
        return report.fail("usage", "refusing to run set-user-ID or set-group-ID; synscope-capture gets "
                                    "its rights from file capabilities (see synscope-capture(1))",
                           kExitFailed);
    OutputTarget output(request.output, request.overwrite);
    if (!output.check(error))
        return report.fail("output", error, kExitUsage);

    installSignalHandlers();
    // The program that started us goes away: so does the capture (cleared at exec of a privileged file,
    // hence set here; a parent already gone shows as a new parent).
    ::prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
    if (::getppid() != parent)
        g_stopBeforeStart.store(true);

    LiveCapture capture;
    if (const int started = startCapture(capture, request, output, report); started != kExitOk)
        return started;
    g_capture.store(&capture);
    if (g_stopBeforeStart.load())
        capture.requestStop();
    return reportUntilStopped(capture, report);
}
