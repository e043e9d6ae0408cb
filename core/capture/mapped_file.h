#pragma once
// A capture file mapped read-only into memory. Packet bytes are read straight from the mapping,
// so a multi-gigabyte capture costs address space, not heap.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

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
    // `reserve` > 0 maps that much address space at once for a file that keeps growing (a live capture):
    // refresh() then only learns the new size, and bytes handed out earlier stay valid while another
    // thread reads them. Beyond the reservation a new mapping is made and the old one kept until close().
    bool open(const std::string& path, std::string& error, std::uint64_t reserve = 0);
    // Learns the file's new size after it grew (tcpdump or a live capture still writing).
    bool refresh(std::string& error);
    void close();

    const std::string& path() const { return path_; }
    std::uint64_t size() const { return size_.load(std::memory_order_acquire); }
    const std::uint8_t* data() const { return data_.load(std::memory_order_acquire); }
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
    std::atomic<const std::uint8_t*> data_{nullptr};
    std::atomic<std::uint64_t> size_{0};
    std::uint64_t mappedSize_ = 0;
    std::uint64_t reserve_ = 0;
    std::vector<std::pair<const std::uint8_t*, std::uint64_t>> retired_; // older mappings, unmapped at close()
    std::uint64_t device_ = 0;
    std::uint64_t inode_ = 0;
};

} // namespace synscope
