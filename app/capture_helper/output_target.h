#pragma once
// Where synscope-capture writes: checked with the invoking (real) user's rights before the interfaces
// are opened, and opened only after every capability is gone. A symbolic link, a device or a FIFO is
// refused, and so is an existing file unless --overwrite names it.
#include <string>
#include <sys/types.h>

namespace synscope::helper {

class OutputTarget {
public:
    // `path` "-": standard output (which must not be a terminal).
    OutputTarget(std::string path, bool overwrite) : path_(std::move(path)), overwrite_(overwrite) {}
    // Whether the invoking user may write there; false with a message naming the file and what to do.
    bool check(std::string& error);
    // Opens it (creates, or truncates with --overwrite). Returns the descriptor, -1 with `error`.
    int open(std::string& error);
    // Removes a file this object created (the capture failed before writing anything useful).
    void removeCreated();

private:
    std::string path_;
    bool overwrite_;
    bool exists_ = false;
    dev_t device_ = 0;
    ino_t inode_ = 0;
    bool created_ = false;
};

} // namespace synscope::helper
