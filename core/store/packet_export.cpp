#include "store/packet_export.h"

#include "store/page_release.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace synscope {

namespace {

bool endsWith(const std::string& s, const char* suffix)
{
    const std::size_t n = std::strlen(suffix);
    if (s.size() < n)
        return false;
    for (std::size_t i = 0; i < n; ++i)
        if (std::tolower(static_cast<unsigned char>(s[s.size() - n + i])) != suffix[i])
            return false;
    return true;
}

std::string directoryOf(const std::string& path)
{
    const std::size_t slash = path.rfind('/');
    if (slash == std::string::npos)
        return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::string fileNameOf(const std::string& path)
{
    const std::size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Whether the interface's ticks need nanoseconds to stay exact. Decimal resolutions up to microseconds
// fit in microseconds. A binary one (2^-n s) is a whole number of microseconds only up to n = 6
// (1/64 s = 15,625 us); finer ones (1/1024 s = 976,562.5 ns) need nanoseconds, which is what the reader
// gives.
bool needsNanoseconds(const CaptureInterface& i)
{
    if (i.tsResolution & 0x80)
        return (i.tsResolution & 0x7f) > 6;
    return i.tsResolution > 6;
}

// Creates an empty temporary file in `dir` with the permissions a new file gets (umask applied).
// `target` is named in the message when that fails.
std::string createTemporary(const std::string& dir, const std::string& name, const std::string& target,
                            std::string& error)
{
    // A name near the file system's limit (255 bytes) must not make the temporary name too long.
    std::string pattern = dir + "/." + name.substr(0, 200) + ".synscope-XXXXXX";
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    const int fd = ::mkstemp(buf.data());
    if (fd < 0) {
        error = "cannot write " + target + ": cannot create a file in " + dir + ": " + std::strerror(errno) +
                (errno == EACCES || errno == EPERM || errno == EROFS ? " (choose a folder you may write to)" : "");
        return {};
    }
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);
    ::close(fd);
    return std::string(buf.data());
}

bool syncFile(const std::string& path, std::string& error)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) {
        error = std::strerror(errno);
        if (fd >= 0)
            ::close(fd);
        return false;
    }
    ::close(fd);
    return true;
}

// Best effort: a failure here leaves a complete file under the right name, only perhaps not yet on disk.
void syncDirectory(const std::string& dir)
{
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

} // namespace

CaptureFileFormat formatForFileName(const std::string& path)
{
    return endsWith(path, ".pcap") || endsWith(path, ".cap") || endsWith(path, ".dmp") ? CaptureFileFormat::Pcap
                                                                                        : CaptureFileFormat::PcapNg;
}

bool isSameFile(const PacketStore& store, const std::string& path)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return false;
    const MappedFile& f = store.reader().file();
    return static_cast<std::uint64_t>(st.st_dev) == f.device() && static_cast<std::uint64_t>(st.st_ino) == f.inode();
}

namespace {

// The packets an export writes, in order: the request's list, or every packet of the store.
struct ExportedPackets {
    const PacketStore& store;
    const std::vector<std::uint32_t>* list;
    std::uint64_t size() const { return list ? list->size() : store.size(); }
    std::size_t operator[](std::uint64_t k) const { return list ? (*list)[k] : static_cast<std::size_t>(k); }
};

// Why the export cannot go to `target` at all, or empty.
std::string problemWithTarget(const PacketStore& store, const std::string& target, const ExportedPackets& packets)
{
    if (target.empty())
        return "no file name to export to";
    if (isSameFile(store, target))
        return target + " is the capture being read; export to another file";
    struct stat st {};
    if (::stat(target.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
        return target + " is a folder; give a file name";
    if (packets.list)
        for (std::uint32_t i : *packets.list)
            if (i >= store.size())
                return "cannot write " + target + ": packet " + std::to_string(std::uint64_t{i} + 1) +
                       " is not in the capture (it has " + std::to_string(store.size()) + ")";
    return {};
}

// One IDB per source interface, so every packet keeps its interface.
std::vector<WriterInterface> sourceInterfaces(const PacketStore& store)
{
    const InterfaceList& sources = store.reader().interfaces();
    std::vector<WriterInterface> interfaces;
    for (std::size_t i = 0; i < sources.size(); ++i) {
        const CaptureInterface& s = sources[i];
        WriterInterface w;
        w.linkType = s.linkType;
        // pcapng: 0 means no limit and stays 0; a pcap header gets a real one (pcapInterface()).
        w.snapLength = s.snapLength;
        w.name = s.name;
        w.description = s.description;
        w.nanosecond = needsNanoseconds(s);
        w.tsOffsetSeconds = s.tsOffsetSeconds;
        interfaces.push_back(w);
    }
    return interfaces;
}

// A pcap file has one link type and one resolution: those of the packets exported. Every entry of
// `interfaces` becomes that one; false (and `error`) when the packets have different link types.
bool mergeIntoPcapInterface(const ExportedPackets& packets, std::vector<WriterInterface>& interfaces,
                            std::string& error)
{
    std::vector<char> used(interfaces.size(), 0);
    for (std::uint64_t k = 0; k < packets.size(); ++k)
        used[packets.store.record(packets[k]).interfaceIndex()] = 1;
    WriterInterface only;
    bool first = true;
    for (std::size_t i = 0; i < interfaces.size(); ++i) {
        if (!used[i])
            continue;
        if (first) {
            only = interfaces[i];
            first = false;
            continue;
        }
        if (interfaces[i].linkType != only.linkType) {
            error = "the packets have different link types (" + std::to_string(only.linkType) + " and " +
                    std::to_string(interfaces[i].linkType) +
                    "), which one pcap file cannot hold; export to pcapng instead";
            return false;
        }
        only.nanosecond = only.nanosecond || interfaces[i].nanosecond;
        only.snapLength = std::max(only.snapLength, interfaces[i].snapLength);
    }
    if (first && !interfaces.empty())
        only = interfaces[0];
    only.tsOffsetSeconds = 0;
    if (only.snapLength == 0)
        only.snapLength = 262144;
    interfaces.assign(interfaces.empty() ? 1 : interfaces.size(), only);
    return true;
}

enum class WriteOutcome { Written, Failed, Cancelled };

// Writes the packets, giving their pages back as it goes and reporting progress every 4096 packets.
WriteOutcome writePackets(CaptureWriter& writer, const ExportedPackets& packets, const ExportRequest& request,
                          std::string& error)
{
    const PacketStore& store = packets.store;
    const bool pcapng = request.format == CaptureFileFormat::PcapNg;
    const std::uint64_t total = packets.size();
    PageRelease pages(store, 0x1000);
    for (std::uint64_t k = 0; k < total; ++k) {
        const std::size_t i = packets[k];
        const PacketRecord& r = store.record(i);
        const std::vector<std::string_view> comments =
            pcapng ? store.comments(i) : std::vector<std::string_view>{};
        if (!writer.write(pcapng ? r.interfaceIndex() : 0, store.reader().timestamp(r), store.bytes(i),
                          r.originalLength, error, std::span<const std::string_view>(comments))) {
            error = "cannot write " + request.outputPath + " (packet " + std::to_string(i + 1) + "): " + error;
            return WriteOutcome::Failed;
        }
        pages.read(i);
        if ((k & 0xfff) == 0xfff && request.progress && !request.progress(k + 1, total))
            return WriteOutcome::Cancelled;
    }
    return WriteOutcome::Written;
}

} // namespace

ExportResult exportPackets(const PacketStore& store, const ExportRequest& request)
{
    ExportResult result;
    const std::string& target = request.outputPath;
    const ExportedPackets packets{store, request.packets};
    result.error = problemWithTarget(store, target, packets);
    if (!result.error.empty())
        return result;
    std::vector<WriterInterface> interfaces = sourceInterfaces(store);
    if (request.format == CaptureFileFormat::Pcap && !mergeIntoPcapInterface(packets, interfaces, result.error))
        return result;
    if (interfaces.empty())
        interfaces.push_back(WriterInterface{}); // an empty capture still makes a valid file

    const std::string temporary = createTemporary(directoryOf(target), fileNameOf(target), target, result.error);
    if (temporary.empty())
        return result;
    auto fail = [&](const std::string& problem) {
        ::unlink(temporary.c_str());
        result.ok = false;
        result.error = problem;
        return result;
    };

    CaptureWriter writer;
    std::string error;
    std::vector<WriterInterface> declared = interfaces;
    if (request.format == CaptureFileFormat::Pcap)
        declared.resize(1);
    if (!writer.open(temporary, request.format, declared, error))
        return fail("cannot write " + target + ": " + error);
    const WriteOutcome written = writePackets(writer, packets, request, error);
    if (written != WriteOutcome::Written) {
        std::string ignored;
        writer.close(ignored);
        if (written == WriteOutcome::Failed)
            return fail(error);
        fail("export cancelled");
        result.cancelled = true;
        return result;
    }
    if (!writer.close(error))
        return fail("cannot write " + target + ": " + error);
    if (!syncFile(temporary, error))
        return fail("cannot write " + target + ": " + error);
    if (::rename(temporary.c_str(), target.c_str()) != 0)
        return fail("cannot replace " + target + ": " + std::strerror(errno));
    syncDirectory(directoryOf(target)); // the new name on disk too
    if (request.progress)
        request.progress(packets.size(), packets.size());
    result.ok = true;
    result.packets = packets.size();
    result.bytes = writer.bytesWritten();
    return result;
}

} // namespace synscope
