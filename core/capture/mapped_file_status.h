#pragma once
// Whether the file a MappedFile was opened from is still what was mapped: tcpdump may still be appending
// to it (it grew), or tcpdump -C / -G and editors may have replaced it with another file under the same
// name (or shortened it), in which case what was mapped is all there is to read.
#include "capture/mapped_file.h"

#include <cstdint>
#include <string>

namespace synscope {

struct MappedFileStatus {
    enum class Change { Unchanged, Grown, Replaced };
    Change change = Change::Unchanged;
    std::uint64_t grownBy = 0; // bytes appended since the mapping's size, when Grown
};

// Compares `path` (usually mapped.path(); symbolic links followed) with `mapped`: Replaced when the path is
// gone, names another file (device and inode), or names a shorter one; Grown when it is the same file with
// bytes beyond the mapped size.
MappedFileStatus mappedFileStatus(const MappedFile& mapped, const std::string& path);

} // namespace synscope
