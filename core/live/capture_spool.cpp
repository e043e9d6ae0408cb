#include "live/capture_spool.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <dirent.h>
#include <fcntl.h>
#include <pwd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace synscope {

namespace {

constexpr const char* kPrefix = "live-";
constexpr const char* kSuffix = ".pcapng";

std::string homeDirectory()
{
    if (const char* home = std::getenv("HOME"); home && *home)
        return home;
    if (const passwd* pw = ::getpwuid(::getuid()))
        return pw->pw_dir;
    return "/tmp";
}

bool makeDirectories(const std::string& path, std::string& error)
{
    for (std::size_t at = 1; at <= path.size(); ++at) {
        if (at != path.size() && path[at] != '/')
            continue;
        const std::string part = path.substr(0, at);
        if (::mkdir(part.c_str(), 0700) != 0 && errno != EEXIST) {
            error = "cannot create the folder " + part + " for live captures: " + std::strerror(errno);
            return false;
        }
    }
    return true;
}

bool isSpoolName(const std::string& name)
{
    const std::size_t prefix = std::strlen(kPrefix), suffix = std::strlen(kSuffix);
    return name.size() > prefix + suffix && name.compare(0, prefix, kPrefix) == 0 &&
           name.compare(name.size() - suffix, suffix, kSuffix) == 0 && name.find('/') == std::string::npos;
}

// Opens and locks `path`; -1 when it cannot be opened or another session holds it.
int lockFile(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

} // namespace

std::string spoolDirectory()
{
    std::string base;
    if (const char* cache = std::getenv("XDG_CACHE_HOME"); cache && *cache == '/')
        base = cache;
    else
        base = homeDirectory() + "/.cache";
    return base + "/synscope/captures";
}

bool SpoolFileClaim::create(std::string& error)
{
    release();
    const std::string dir = spoolDirectory();
    if (!makeDirectories(dir, error))
        return false;
    static std::atomic<unsigned> serial{0};
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    ::localtime_r(&now, &local);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &local);
    for (int attempt = 0; attempt < 1000; ++attempt) {
        const std::string path = dir + "/" + kPrefix + stamp + "-" + std::to_string(::getpid()) + "-" +
                                 std::to_string(serial.fetch_add(1)) + kSuffix;
        const int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_RDONLY | O_CLOEXEC, 0600);
        if (fd >= 0) {
            // Nobody else knows the name yet, so the lock cannot be taken by anyone else.
            ::flock(fd, LOCK_EX | LOCK_NB);
            fd_ = fd;
            path_ = path;
            return true;
        }
        if (errno != EEXIST) {
            error = "cannot create a file for the live capture in " + dir + ": " + std::strerror(errno);
            return false;
        }
    }
    error = "cannot find an unused file name in " + dir;
    return false;
}

bool SpoolFileClaim::adopt(const std::string& path, std::string& error)
{
    release();
    const int fd = lockFile(path);
    if (fd < 0) {
        error = path + " is in use by another SynScope session or cannot be opened";
        return false;
    }
    fd_ = fd;
    path_ = path;
    return true;
}

void SpoolFileClaim::release()
{
    if (fd_ >= 0)
        ::close(fd_); // closing the descriptor drops the lock
    fd_ = -1;
}

void SpoolFileClaim::remove()
{
    if (!path_.empty() && fd_ >= 0)
        ::unlink(path_.c_str());
    release();
    path_.clear();
}

std::vector<SpoolFile> orphanedSpoolFiles()
{
    std::vector<SpoolFile> out;
    const std::string dir = spoolDirectory();
    DIR* d = ::opendir(dir.c_str());
    if (!d)
        return out;
    while (const dirent* e = ::readdir(d)) {
        const std::string name = e->d_name;
        if (!isSpoolName(name))
            continue;
        SpoolFile f;
        f.path = dir + "/" + name;
        struct stat st {};
        if (::stat(f.path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0)
            continue;
        const int fd = lockFile(f.path);
        if (fd < 0)
            continue; // a session is using it
        ::close(fd);
        f.size = static_cast<std::uint64_t>(st.st_size);
        f.modifiedSeconds = st.st_mtim.tv_sec;
        out.push_back(std::move(f));
    }
    ::closedir(d);
    std::sort(out.begin(), out.end(),
              [](const SpoolFile& a, const SpoolFile& b) { return a.modifiedSeconds > b.modifiedSeconds; });
    return out;
}

bool isSpoolFile(const std::string& path)
{
    const std::string dir = spoolDirectory() + "/";
    return path.compare(0, dir.size(), dir) == 0 && isSpoolName(path.substr(dir.size()));
}

} // namespace synscope
