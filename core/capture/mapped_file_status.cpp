#include "capture/mapped_file_status.h"

#include <sys/stat.h>

namespace synscope {

MappedFileStatus mappedFileStatus(const MappedFile& mapped, const std::string& path)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return {MappedFileStatus::Change::Replaced, 0};
    const auto size = static_cast<std::uint64_t>(st.st_size);
    const bool sameFile = static_cast<std::uint64_t>(st.st_ino) == mapped.inode() &&
                          static_cast<std::uint64_t>(st.st_dev) == mapped.device();
    if (!sameFile || size < mapped.size())
        return {MappedFileStatus::Change::Replaced, 0};
    if (size > mapped.size())
        return {MappedFileStatus::Change::Grown, size - mapped.size()};
    return {MappedFileStatus::Change::Unchanged, 0};
}

} // namespace synscope
