#include "capture/mapped_file.h"

#include <algorithm>
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
        data_.store(other.data_.load());
        size_.store(other.size_.load());
        mappedSize_ = other.mappedSize_;
        reserve_ = other.reserve_;
        retired_ = std::move(other.retired_);
        device_ = other.device_;
        inode_ = other.inode_;
        other.fd_ = -1;
        other.data_.store(nullptr);
        other.size_.store(0);
        other.mappedSize_ = 0;
    }
    return *this;
}

bool MappedFile::open(const std::string& path, std::string& error, std::uint64_t reserve)
{
    close();
    path_ = path;
    reserve_ = reserve;
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
    if (data_.load() && newSize <= mappedSize_) {
        size_.store(newSize, std::memory_order_release);
        return true;
    }
    if (newSize == 0 && reserve_ == 0) {
        size_.store(0, std::memory_order_release);
        return true;
    }
    // Bytes beyond the end of the file are mapped but never read (every read is bounded by size()).
    const std::uint64_t length = std::max(newSize, reserve_ ? std::max(reserve_, newSize * 2) : newSize);
    void* p = ::mmap(nullptr, length, PROT_READ, MAP_SHARED | MAP_NORESERVE, fd_, 0);
    if (p == MAP_FAILED) {
        error = "cannot map \"" + path_ + "\" into memory: " + std::strerror(errno);
        return false;
    }
    // Indexing walks the file front to back once; tell the kernel to read ahead aggressively.
    ::madvise(p, length, MADV_SEQUENTIAL);
    // A reader on another thread may still hold pointers into the old mapping: keep it until close().
    if (const std::uint8_t* old = data_.load())
        retired_.push_back({old, mappedSize_});
    mappedSize_ = length;
    data_.store(static_cast<const std::uint8_t*>(p), std::memory_order_release);
    size_.store(newSize, std::memory_order_release);
    return true;
}

std::span<const std::uint8_t> MappedFile::bytes(std::uint64_t offset, std::uint64_t length) const
{
    const std::uint64_t size = size_.load(std::memory_order_acquire);
    if (offset > size || length > size - offset)
        return {};
    return {data_.load(std::memory_order_acquire) + offset, static_cast<std::size_t>(length)};
}

void MappedFile::dropResident(std::uint64_t from, std::uint64_t to) const
{
    const std::uint8_t* data = data_.load();
    to = std::min(to, size_.load());
    // The kernel maps in up to 64 KiB around each page fault ("fault-around"), which would bring back
    // pages just released behind the read position; releasing from the 64 KiB boundary keeps them out.
    constexpr std::uint64_t kFaultAround = 64 * 1024;
    from = from / kFaultAround * kFaultAround;
    if (!data || to <= from)
        return;
    ::madvise(const_cast<std::uint8_t*>(data) + from, to - from, MADV_DONTNEED);
}

void MappedFile::close()
{
    if (const std::uint8_t* data = data_.load())
        ::munmap(const_cast<std::uint8_t*>(data), mappedSize_);
    for (const auto& [p, length] : retired_)
        ::munmap(const_cast<std::uint8_t*>(p), length);
    retired_.clear();
    if (fd_ >= 0)
        ::close(fd_);
    data_.store(nullptr);
    fd_ = -1;
    size_.store(0);
    mappedSize_ = 0;
}

} // namespace synscope
