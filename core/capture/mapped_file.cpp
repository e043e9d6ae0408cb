#include "mapped_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace synscope {

MappedFile::~MappedFile() { close(); }

MappedFile::MappedFile(MappedFile&& other) noexcept { *this = std::move(other); }

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept
{
    if (this != &other) {
        close();
        path_ = std::move(other.path_);
        fd_ = other.fd_;
        data_ = other.data_;
        size_ = other.size_;
        mappedSize_ = other.mappedSize_;
        device_ = other.device_;
        inode_ = other.inode_;
        other.fd_ = -1;
        other.data_ = nullptr;
        other.size_ = other.mappedSize_ = 0;
    }
    return *this;
}

bool MappedFile::open(const std::string& path, std::string& error)
{
    close();
    path_ = path;
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) {
        error = "cannot open \"" + path + "\": " + std::strerror(errno);
        return false;
    }
    struct stat st {};
    if (::fstat(fd_, &st) != 0) {
        error = "cannot read the size of \"" + path + "\": " + std::strerror(errno);
        close();
        return false;
    }
    if (S_ISDIR(st.st_mode)) {
        error = "\"" + path + "\" is a directory, not a capture file";
        close();
        return false;
    }
    device_ = static_cast<std::uint64_t>(st.st_dev);
    inode_ = static_cast<std::uint64_t>(st.st_ino);
    return mapCurrentSize(error);
}

bool MappedFile::refresh(std::string& error)
{
    if (fd_ < 0) {
        error = "no file is open";
        return false;
    }
    return mapCurrentSize(error);
}

bool MappedFile::mapCurrentSize(std::string& error)
{
    struct stat st {};
    if (::fstat(fd_, &st) != 0) {
        error = "cannot read the size of \"" + path_ + "\": " + std::strerror(errno);
        return false;
    }
    const auto newSize = static_cast<std::uint64_t>(st.st_size);
    if (newSize == mappedSize_ && data_) {
        size_ = newSize;
        return true;
    }
    if (data_)
        ::munmap(const_cast<std::uint8_t*>(data_), mappedSize_);
    data_ = nullptr;
    mappedSize_ = 0;
    size_ = newSize;
    if (newSize == 0)
        return true;
    void* p = ::mmap(nullptr, newSize, PROT_READ, MAP_SHARED, fd_, 0);
    if (p == MAP_FAILED) {
        error = "cannot map \"" + path_ + "\" into memory: " + std::strerror(errno);
        size_ = 0;
        return false;
    }
    // Indexing walks the file front to back once; tell the kernel to read ahead aggressively.
    ::madvise(p, newSize, MADV_SEQUENTIAL);
    data_ = static_cast<const std::uint8_t*>(p);
    mappedSize_ = newSize;
    return true;
}

std::span<const std::uint8_t> MappedFile::bytes(std::uint64_t offset, std::uint64_t length) const
{
    if (offset > size_ || length > size_ - offset)
        return {};
    return {data_ + offset, static_cast<std::size_t>(length)};
}

void MappedFile::dropResident(std::uint64_t from, std::uint64_t to) const
{
    if (!data_ || to > mappedSize_)
        to = mappedSize_;
    const std::uint64_t page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
    from = from / page * page;
    if (!data_ || to <= from)
        return;
    ::madvise(const_cast<std::uint8_t*>(data_) + from, to - from, MADV_DONTNEED);
}

void MappedFile::close()
{
    if (data_)
        ::munmap(const_cast<std::uint8_t*>(data_), mappedSize_);
    if (fd_ >= 0)
        ::close(fd_);
    data_ = nullptr;
    fd_ = -1;
    size_ = mappedSize_ = 0;
}

} // namespace synscope
