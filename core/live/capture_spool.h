#pragma once
// Where live captures go while nobody has named a file for them: the spool folder in the user's cache
// directory ($XDG_CACHE_HOME/synscope/captures, else ~/.cache/synscope/captures). The session that
// owns a spool file holds a lock on it (flock) until the capture is saved or discarded; the kernel
// drops the lock when that session dies, so a later session can tell a capture in use from the
// leftover of a crash and offer to recover it.
#include <cstdint>
#include <string>
#include <vector>

namespace synscope {

// The spool folder (not created).
std::string spoolDirectory();

// A spool file this process owns: created empty and locked by create(), unlocked (and, with
// remove(), deleted) when the capture is done with.
class SpoolFileClaim {
public:
    SpoolFileClaim() = default;
    ~SpoolFileClaim() { release(); }
    SpoolFileClaim(const SpoolFileClaim&) = delete;
    SpoolFileClaim& operator=(const SpoolFileClaim&) = delete;

    // Creates the spool folder when needed and a fresh file in it,
    // "live-20261121-143005-<pid>-<n>.pcapng"; false with `error` set when that fails.
    bool create(std::string& error);
    // Takes over a leftover file (recovery) so no other session offers it meanwhile.
    bool adopt(const std::string& path, std::string& error);
    const std::string& path() const { return path_; }
    bool held() const { return fd_ >= 0; }
    // Gives up the lock; the file stays.
    void release();
    // Deletes the file and gives up the lock.
    void remove();

private:
    std::string path_;
    int fd_ = -1;
};

struct SpoolFile {
    std::string path;
    std::uint64_t size = 0;
    std::int64_t modifiedSeconds = 0; // Unix time of the last write
};

// Spool files no session holds (left by a crashed or killed one), newest first. Empty files are left out.
std::vector<SpoolFile> orphanedSpoolFiles();

// Whether `path` lies in the spool folder (a capture nobody has saved yet).
bool isSpoolFile(const std::string& path);

} // namespace synscope
