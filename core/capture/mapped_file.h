#pragma once
// A capture file mapped read-only into memory. Packet bytes are read straight from the mapping,
// so a multi-gigabyte capture costs address space, not heap.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace synscope {

class MappedFile {
public:
    MappedFile() = default;
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;

    // Maps `path`; on failure returns false and sets `error` to a sentence naming the file and the cause.
    bool open(const std::string& path, std::string& error);
    // Re-maps after the file grew (tcpdump or a live capture still writing). Returns false on error.
    bool refresh(std::string& error);
    void close();

    const std::string& path() const { return path_; }
    std::uint64_t size() const { return size_; }
    const std::uint8_t* data() const { return data_; }
    std::span<const std::uint8_t> bytes(std::uint64_t offset, std::uint64_t length) const;
    // Lets the kernel unmap pages of [from, to) from this process (they stay in the page cache, and
    // reading them again just maps them back). Keeps a pass over a huge file from growing the RSS.
    void dropResident(std::uint64_t from, std::uint64_t to) const;
    // Device and inode, so a caller can tell whether another path names this same file.
    std::uint64_t device() const { return device_; }
    std::uint64_t inode() const { return inode_; }

private:
    bool mapCurrentSize(std::string& error);

    std::string path_;
    int fd_ = -1;
    const std::uint8_t* data_ = nullptr;
    std::uint64_t size_ = 0;
    std::uint64_t mappedSize_ = 0;
    std::uint64_t device_ = 0;
    std::uint64_t inode_ = 0;
};

} // namespace synscope
