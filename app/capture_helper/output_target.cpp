#include "output_target.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace synscope::helper {

namespace {

std::string invokingUser()
{
    const uid_t uid = ::getuid();
    const passwd* pw = ::getpwuid(uid);
    return std::string(pw ? pw->pw_name : "uid") + " (uid " + std::to_string(uid) + ")";
}

std::string directoryOf(const std::string& path)
{
    const auto slash = path.rfind('/');
    if (slash == std::string::npos)
        return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

} // namespace

bool OutputTarget::check(std::string& error)
{
    if (path_ == "-") {
        if (::fcntl(1, F_GETFL) < 0) {
            error = "-w -: standard output is closed";
            return false;
        }
        if (::isatty(1)) {
            error = "-w -: standard output is a terminal; redirect it to a file or a pipe, or use -w FILE";
            return false;
        }
        return true;
    }
    struct stat st {};
    if (::lstat(path_.c_str(), &st) == 0) {
        if (S_ISLNK(st.st_mode)) {
            error = "-w: " + path_ + " is a symbolic link; refused: name the file itself";
            return false;
        }
        if (!S_ISREG(st.st_mode)) {
            error = "-w: " + path_ + " exists and is not a regular file; name a new file";
            return false;
        }
        if (!overwrite_) {
            error = "-w: " + path_ + " exists; choose another name or add --overwrite to replace it";
            return false;
        }
        // access() answers for the real user and group: the one who started the helper.
        if (::access(path_.c_str(), W_OK) != 0) {
            const int why = errno; // invokingUser() may change errno
            error = "-w: " + path_ + " is not writable by " + invokingUser() + " (" + std::strerror(why) + ")";
            return false;
        }
        exists_ = true;
        device_ = st.st_dev;
        inode_ = st.st_ino;
        return true;
    }
    if (errno != ENOENT) {
        error = "-w: cannot use " + path_ + ": " + std::strerror(errno);
        return false;
    }
    const std::string dir = directoryOf(path_);
    struct stat ds {};
    if (::stat(dir.c_str(), &ds) != 0 || !S_ISDIR(ds.st_mode)) {
        error = "-w: the folder " + dir + " of " + path_ + " does not exist";
        return false;
    }
    if (::access(dir.c_str(), W_OK | X_OK) != 0) {
        const int why = errno; // invokingUser() may change errno
        error = "-w: " + invokingUser() + " may not create files in " + dir + " (" + std::strerror(why) +
                "); choose a folder you can write to";
        return false;
    }
    return true;
}

int OutputTarget::open(std::string& error)
{
    if (path_ == "-") {
        const int fd = ::fcntl(1, F_DUPFD_CLOEXEC, 3);
        if (fd < 0)
            error = std::string("cannot write to standard output: ") + std::strerror(errno);
        return fd;
    }
    int fd = -1;
    if (exists_) {
        fd = ::open(path_.c_str(), O_WRONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
        struct stat st {};
        // The file checked before is the one opened: not replaced by a link or another file meanwhile.
        if (fd >= 0 && (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_dev != device_ ||
                        st.st_ino != inode_)) {
            ::close(fd);
            error = "-w: " + path_ + " was replaced while the capture started; refused";
            return -1;
        }
        if (fd >= 0 && ::ftruncate(fd, 0) != 0) {
            error = "-w: cannot truncate " + path_ + ": " + std::strerror(errno);
            ::close(fd);
            return -1;
        }
    } else {
        fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0666);
        created_ = fd >= 0;
    }
    if (fd < 0)
        error = "-w: cannot create " + path_ + ": " + std::strerror(errno);
    return fd;
}

void OutputTarget::removeCreated()
{
    if (created_)
        ::unlink(path_.c_str());
    created_ = false;
}

} // namespace synscope::helper
