// libFuzzer target: the pcap/pcapng reader (CaptureReader) on a file whose bytes are the input.
//
// The input is written to a memfd and opened through /proc/self/fd, as a file on disk would be. The
// bytes after the end of the file in its last mapped page are poisoned for AddressSanitizer, so the
// reader reading past the end of the file is caught (the kernel would happily return zeros there).
//
// Each input is read twice:
//  1. whole, a few packets per indexMore() call (as the engine loads in batches);
//  2. as a file still being written (growing = true): first half, refresh(), then the rest.
// Both must index exactly the same packets and end the same way: a capture followed while tcpdump
// writes it loses nothing and invents nothing.
#include "capture/capture_reader.h"
#include "fuzz_support.h"

#include <sanitizer/asan_interface.h>
#include <sys/mman.h>
#include <unistd.h>

using namespace synscope;

namespace {

int g_fd = -1;
std::string g_path;

void writeFile(const std::uint8_t* data, std::size_t size, bool truncate)
{
    if (truncate) {
        FUZZ_CHECK(::ftruncate(g_fd, 0) == 0, "ftruncate");
        FUZZ_CHECK(::lseek(g_fd, 0, SEEK_SET) == 0, "lseek");
    }
    std::size_t done = 0;
    while (done < size) {
        const ssize_t n = ::write(g_fd, data + done, size - done);
        FUZZ_CHECK(n > 0, "write to the memfd");
        done += static_cast<std::size_t>(n);
    }
}

// Poisons [file size, end of its page) of the mapping, or takes the poison away again.
void poisonTail(const CaptureReader& r, bool poison)
{
    const std::uint8_t* base = r.file().data();
    if (!base)
        return;
    const std::uint64_t size = r.file().size();
    const std::uint64_t page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
    const std::uint64_t end = (size + page - 1) / page * page;
    if (end == size)
        return;
    if (poison)
        ASAN_POISON_MEMORY_REGION(base + size, end - size);
    else
        ASAN_UNPOISON_MEMORY_REGION(base + size, end - size);
}

struct Outcome {
    CaptureReader::Status status = CaptureReader::Status::More;
    std::string problem;
    std::vector<PacketRecord> records;
};

CaptureReader::Status indexAll(CaptureReader& r, PacketIndex& index, std::size_t batch)
{
    CaptureReader::Status s;
    std::size_t rounds = 0;
    do {
        s = r.indexMore(index, batch);
        FUZZ_CHECK(++rounds < 1000000, "indexMore never finishes");
    } while (s == CaptureReader::Status::More);
    return s;
}

// Checks everything the reader published and returns what it found.
Outcome inspect(const CaptureReader& r, const PacketIndex& index, CaptureReader::Status status)
{
    const std::uint64_t size = r.fileSize();
    Outcome o;
    o.status = status;
    FUZZ_CHECK(r.bytesIndexed() <= size, "bytesIndexed %llu > size %llu",
               static_cast<unsigned long long>(r.bytesIndexed()), static_cast<unsigned long long>(size));
    switch (status) {
    case CaptureReader::Status::End:
        FUZZ_CHECK(r.bytesIndexed() == size, "End before the end of the file");
        break;
    case CaptureReader::Status::Truncated:
        FUZZ_CHECK(!r.truncation().message.empty() && r.truncation().offset <= size, "truncation without a message");
        FUZZ_CHECK(r.truncatedBytes() == size - r.truncation().offset, "truncatedBytes");
        o.problem = r.describe(r.truncation());
        break;
    case CaptureReader::Status::Error:
        FUZZ_CHECK(!r.error().message.empty() && r.error().offset <= size, "error without a message");
        o.problem = r.describe(r.error());
        break;
    case CaptureReader::Status::More: FUZZ_CHECK(false, "More after indexAll"); break;
    }
    for (const CaptureProblem& w : r.warnings()) {
        FUZZ_CHECK(!w.message.empty() && w.offset <= size, "warning at %llu", static_cast<unsigned long long>(w.offset));
        (void)r.describe(w);
    }
    FUZZ_CHECK(r.interfaces().size() > 0 || index.size() == 0, "packets without interfaces");
    std::uint64_t lastOffset = 0;
    std::vector<std::uint8_t> copy;
    for (std::size_t i = 0; i < index.size(); ++i) {
        const PacketRecord& p = index[i];
        FUZZ_CHECK(p.interfaceIndex() < r.interfaces().size(), "packet %zu names interface %u of %zu", i,
                   p.interfaceIndex(), r.interfaces().size());
        FUZZ_CHECK(p.dataOffset() + p.capturedLength <= r.bytesIndexed(), "packet %zu beyond the indexed bytes", i);
        FUZZ_CHECK(p.dataOffset() >= lastOffset, "packet %zu before the previous one", i);
        lastOffset = p.dataOffset() + p.capturedLength;
        const std::span<const std::uint8_t> bytes = r.packetBytes(p);
        FUZZ_CHECK(bytes.size() == p.capturedLength, "packet %zu: %zu bytes for a caplen of %u", i, bytes.size(),
                   p.capturedLength);
        copy.assign(bytes.begin(), bytes.end()); // touches every byte (poisoned ones would be reported)
        const Timestamp t = r.timestamp(p);
        FUZZ_CHECK(t.nanoseconds < 1000000000u, "packet %zu: %u ns", i, t.nanoseconds);
        (void)r.timestampNs(p);
        (void)r.linkTypeOf(p);
        o.records.push_back(p);
    }
    for (std::size_t i = 0; i < r.comments().size(); ++i)
        FUZZ_CHECK(r.comments()[i].packetIndex < index.size(), "comment of packet %llu",
                   static_cast<unsigned long long>(r.comments()[i].packetIndex));
    return o;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    g_fd = ::memfd_create("synscope-fuzz-capture", MFD_CLOEXEC);
    FUZZ_CHECK(g_fd >= 0, "memfd_create");
    g_path = "/proc/self/fd/" + std::to_string(g_fd);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    // 1. The whole file, three packets per call.
    Outcome whole;
    bool opened;
    {
        writeFile(data, size, true);
        CaptureReader r;
        std::string error;
        opened = r.open(g_path, error);
        if (!opened) {
            FUZZ_CHECK(!error.empty(), "open failed without a message");
            return 0;
        }
        poisonTail(r, true);
        PacketIndex index;
        const CaptureReader::Status s = indexAll(r, index, 3);
        whole = inspect(r, index, s);
        // Another call after the end changes nothing.
        FUZZ_CHECK(r.indexMore(index, 10) == s || s == CaptureReader::Status::Truncated, "status changed");
        FUZZ_CHECK(index.size() == whole.records.size(), "packets appeared after the end");
        poisonTail(r, false);
    }

    // 2. The same file while it is being written: half of it, then the rest.
    const std::size_t half = size / 2;
    writeFile(data, half, true);
    CaptureReader r;
    std::string error;
    if (!r.open(g_path, error, true))
        return 0; // the header itself is not complete yet
    poisonTail(r, true);
    PacketIndex index;
    CaptureReader::Status s = indexAll(r, index, 1 << 16);
    (void)inspect(r, index, s);
    poisonTail(r, false);
    writeFile(data + half, size - half, false);
    FUZZ_CHECK(r.refresh(error), "refresh: %s", error.c_str());
    poisonTail(r, true);
    s = indexAll(r, index, 5);
    const Outcome grown = inspect(r, index, s);
    poisonTail(r, false);

    FUZZ_CHECK(grown.status == whole.status, "read while growing ended with status %d, read whole with %d",
               static_cast<int>(grown.status), static_cast<int>(whole.status));
    FUZZ_CHECK(grown.problem == whole.problem, "problems differ:\n  growing: %s\n  whole:   %s",
               grown.problem.c_str(), whole.problem.c_str());
    FUZZ_CHECK(grown.records.size() == whole.records.size(), "%zu packets while growing, %zu whole",
               grown.records.size(), whole.records.size());
    for (std::size_t i = 0; i < whole.records.size(); ++i) {
        const PacketRecord& a = grown.records[i];
        const PacketRecord& b = whole.records[i];
        FUZZ_CHECK(a.offsetAndInterface == b.offsetAndInterface && a.ticks == b.ticks &&
                       a.capturedLength == b.capturedLength && a.originalLength == b.originalLength,
                   "packet %zu differs", i);
    }
    return 0;
}
