// LiveCapture's helper route: a process without capture rights starts the capture helper
// (synscope-capture), which opens the interfaces with its file capabilities, gives them up, and writes the
// capture to its standard output: the file this process created with its own rights. The helper's status
// lines (capture_helper_protocol.h) carry the interfaces, the statistics and failures back.
#include "live/capture_helper_protocol.h"
#include "live/live_capture.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace synscope {

namespace {

// How long the helper may take to open the interfaces and write the file header.
constexpr int kHelperStartTimeoutMs = 15000;

// Reads '\n'-terminated lines from a descriptor, with an optional deadline.
class LineReader {
public:
    explicit LineReader(int fd) : fd_(fd) {}
    enum class Result { Line, End, Timeout };
    // `timeoutMs` < 0: wait as long as it takes.
    Result next(std::string& line, int timeoutMs)
    {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
        while (true) {
            const auto nl = buffer_.find('\n');
            if (nl != std::string::npos) {
                line = buffer_.substr(0, nl);
                buffer_.erase(0, nl + 1);
                return Result::Line;
            }
            int wait = -1;
            if (timeoutMs >= 0) {
                const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                                      deadline - std::chrono::steady_clock::now())
                                      .count();
                if (left <= 0)
                    return Result::Timeout;
                wait = static_cast<int>(left);
            }
            pollfd p{fd_, POLLIN, 0};
            const int ready = ::poll(&p, 1, wait);
            if (ready < 0 && errno == EINTR)
                continue;
            if (ready == 0)
                continue; // the deadline is checked above
            char chunk[4096];
            const ssize_t n = ::read(fd_, chunk, sizeof chunk);
            if (n < 0 && (errno == EINTR || errno == EAGAIN))
                continue;
            if (n <= 0)
                return Result::End;
            buffer_.append(chunk, static_cast<std::size_t>(n));
        }
    }

private:
    int fd_;
    std::string buffer_;
};

std::string describeExit(int status)
{
    if (WIFEXITED(status))
        return "exit status " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status))
        return std::string("killed by signal ") + ::strsignal(WTERMSIG(status));
    return "status " + std::to_string(status);
}

LiveCapture::StartFailure failureOfKind(const std::string& kind)
{
    if (kind == "bad-filter")
        return LiveCapture::StartFailure::BadFilter;
    if (kind == "no-permission")
        return LiveCapture::StartFailure::NoPermission;
    if (kind == "no-interface")
        return LiveCapture::StartFailure::NoSuchInterface;
    return LiveCapture::StartFailure::Other;
}

} // namespace

bool LiveCapture::startThroughHelper(const std::string& helper, std::string& error)
{
    const std::string& path = options_.outputPath;
    struct stat before {};
    const bool existed = ::lstat(path.c_str(), &before) == 0;
    // Created here, with this user's own rights: the helper never opens a file by name on our behalf.
    const int file = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (file < 0) {
        error = "cannot create \"" + path + "\": " + std::strerror(errno);
        return false;
    }
    int status[2] = {-1, -1};
    const int devNull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (devNull < 0 || ::pipe2(status, O_CLOEXEC) != 0) {
        error = std::string("cannot start the capture helper: ") + std::strerror(errno);
        ::close(file);
        if (devNull >= 0)
            ::close(devNull);
        return false;
    }
    constexpr int kStatusFd = 3;
    std::vector<std::string> arguments = helperArguments(options_, writesClassicPcap(options_), kStatusFd);
    arguments.insert(arguments.begin(), helper);
    std::vector<char*> argv;
    for (std::string& a : arguments)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, devNull, 0);
    posix_spawn_file_actions_adddup2(&actions, file, 1);
    posix_spawn_file_actions_adddup2(&actions, status[1], kStatusFd);
    // Nothing else of this process (the GUI's sockets, other captures' files) reaches the helper.
    posix_spawn_file_actions_addclosefrom_np(&actions, kStatusFd + 1);
    pid_t pid = -1;
    const int spawned = ::posix_spawn(&pid, helper.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(file);
    ::close(devNull);
    ::close(status[1]);
    auto fail = [&](const std::string& message) {
        error = message;
        ::close(status[0]);
        if (!existed)
            ::unlink(path.c_str());
        return false;
    };
    if (spawned != 0)
        return fail("cannot start the capture helper " + helper + ": " + std::strerror(spawned));

    LineReader reader(status[0]);
    std::string line, helperError;
    std::vector<WriterInterface> interfaces;
    bool started = false;
    while (!started) {
        const LineReader::Result r = reader.next(line, kHelperStartTimeoutMs);
        if (r == LineReader::Result::Timeout) {
            ::kill(pid, SIGKILL);
            helperError = "the capture helper " + helper + " did not start within " +
                          std::to_string(kHelperStartTimeoutMs / 1000) + " s";
        }
        if (r != LineReader::Result::Line)
            break;
        const HelperStatus s = parseStatusLine(line);
        if (s.type == HelperStatus::Type::Interface) {
            interfaces.push_back(s.iface);
        } else if (s.type == HelperStatus::Type::Started) {
            started = true;
        } else if (s.type == HelperStatus::Type::Error) {
            helperError = s.message;
            startFailure_ = failureOfKind(s.kind);
        }
    }
    if (!started) {
        int exitStatus = 0;
        while (::waitpid(pid, &exitStatus, 0) < 0 && errno == EINTR) {
        }
        return fail(helperError.empty() ? "the capture helper " + helper + " ended without capturing (" +
                                              describeExit(exitStatus) + ")"
                                        : helperError);
    }
    described_ = interfaces;
    throughHelper_ = true;
    helperStatusFd_ = status[0];
    helperPid_.store(pid);
    startFailure_ = StartFailure::None;
    running_.store(true);
    // A stop requested while the helper was starting (it had no handler yet) is passed on now.
    if (stopRequested_.load())
        ::kill(pid, SIGTERM);
    thread_ = std::thread(&LiveCapture::runHelper, this);
    return true;
}

void LiveCapture::runHelper()
{
    LineReader reader(helperStatusFd_);
    std::string line;
    bool ended = false;
    while (reader.next(line, -1) == LineReader::Result::Line) {
        const HelperStatus s = parseStatusLine(line);
        std::lock_guard<std::mutex> lock(statsMutex_);
        if (s.type == HelperStatus::Type::Stats)
            stats_ = s.stats;
        else if (s.type == HelperStatus::Type::Failure)
            failure_ = s.message;
        else if (s.type == HelperStatus::Type::End)
            ended = true;
    }
    const int pid = helperPid_.exchange(-1);
    int exitStatus = 0;
    while (::waitpid(pid, &exitStatus, 0) < 0 && errno == EINTR) {
    }
    ::close(helperStatusFd_);
    helperStatusFd_ = -1;
    {
        std::lock_guard<std::mutex> lock(statsMutex_);
        if (!ended && failure_.empty())
            failure_ = "the capture helper ended unexpectedly (" + describeExit(exitStatus) + ")";
    }
    running_.store(false);
}

} // namespace synscope
