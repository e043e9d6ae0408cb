// synscope-cli bench --live [--seconds S] [--rate PPS] [--senders N] [--size BYTES] [-B KIB] [--follow [--print]]
//                           [-w OUT [--overwrite]] [--json]
//
// Sustained live capture of loopback traffic the benchmark makes itself: sender threads send numbered UDP
// datagrams with sendmmsg to a port on 127.0.0.1 that the benchmark has bound (only loopback is touched),
// a LiveCapture on `lo` with a BPF filter for that port writes them to a pcapng file, and every second the
// benchmark prints what was sent, what SynScope wrote, what the kernel received and dropped, and the
// CPU time of each thread; every 10 s the memory. With --follow a PacketStore follows the growing file as
// `synscope-cli capture` does (index + TCP analysis) and its lag behind the wire is shown.
//
// How SynScope's own loss is computed. The filter is "udp dst port P and dst host 127.0.0.1", as a user
// would type it. On `lo` every datagram passes the packet taps twice, once outgoing and once incoming;
// both copies pass the filter and go into the kernel ring, and ps_recv counts both (plus the copies
// dropped for want of ring space, which ps_drop counts). libpcap skips the outgoing copy on `lo` in user
// space, so SynScope is handed the incoming copies only. Hence, when the kernel dropped nothing,
//     handed to SynScope = ps_recv / 2     and     pipeline loss = ps_recv / 2 - packets written.
// When it did drop, a dropped copy may have been either one, so the loss lies between
// (ps_recv / 2 - ps_drop - written) and (ps_recv / 2 - written). The capture is stopped only after the
// senders stopped and the ring has emptied (the counts stop moving), so nothing is in flight then.
// Independently, the written file is read back and the sequence numbers carried in the datagrams are
// checked: each must appear once, and the ones missing must be explained by the kernel (ring drops, or
// the backlog drops of /proc/net/softnet_stat before any tap saw the incoming copy).
//
// Why not "... and inbound", which would keep one copy per datagram and make ps_recv directly
// comparable: on the development machine's kernel (6.18, whose TPACKET_V3 block-retire timer became an
// hrtimer) a ring that only ever receives incoming copies does not hand over its last, partly filled
// block until later traffic arrives (tcpdump shows the same: "1365 packets captured, 100000 received
// by filter" after a burst, and nothing of a short one), so the tail of the run would stay in the
// kernel and look like loss. With both directions the block is handed over within the 50 ms timeout.
#include "capture_bench.h"

#include "cli_common.h"
#include "packet_printer.h"

#include "live/capture_permissions.h"
#include "live/capture_spool.h"
#include "capture/capture_reader.h"
#include "live/interfaces.h"
#include "live/live_capture.h"
#include "store/packet_store.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <dirent.h>
#include <fstream>
#include <mutex>
#include <netinet/in.h>
#include <set>
#include <sstream>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace synscope::cli {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::uint32_t kMagic = 0x424e5953; // "SYNB" in the datagram, little-endian
constexpr std::size_t kPayloadHeader = 16;   // sequence number (u64), magic (u32), sender (u32)
constexpr unsigned kBatch = 64;              // datagrams per sendmmsg

std::atomic<bool> g_interrupted{false};
extern "C" void interruptBench(int) { g_interrupted.store(true); }

pid_t currentTid() { return static_cast<pid_t>(::syscall(SYS_gettid)); }

std::int64_t realtimeNs()
{
    timespec t{};
    clock_gettime(CLOCK_REALTIME, &t);
    return static_cast<std::int64_t>(t.tv_sec) * 1000000000 + t.tv_nsec;
}

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// "12,345,678": the counts run into the millions.
std::string grouped(std::uint64_t n)
{
    const std::string digits = std::to_string(n);
    std::string s;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            s += ',';
        s += digits[i];
    }
    return s;
}
std::string groupedSigned(std::int64_t n)
{
    if (n >= 0)
        return grouped(static_cast<std::uint64_t>(n));
    std::string s(1, '-');
    s += grouped(static_cast<std::uint64_t>(-n));
    return s;
}

struct Memory {
    double rssMb = 0, anonMb = 0, fileMb = 0;
};

// VmRSS, RssAnon and RssFile of /proc/self/status. RssFile holds the capture ring (mapped from the
// kernel) and pages of the capture file the follower has mapped; RssAnon is the heap.
Memory readMemory()
{
    Memory m;
    std::ifstream in("/proc/self/status");
    std::string key;
    double kb = 0;
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        if (!(fields >> key >> kb))
            continue;
        if (key == "VmRSS:")
            m.rssMb = kb / 1024.0;
        else if (key == "RssAnon:")
            m.anonMb = kb / 1024.0;
        else if (key == "RssFile:")
            m.fileMb = kb / 1024.0;
    }
    return m;
}

// Datagrams the kernel dropped before any tap saw them (per-CPU backlog full), over all CPUs: the
// second column of /proc/net/softnet_stat. Machine-wide, so other traffic counts too.
std::uint64_t softnetDrops()
{
    std::ifstream in("/proc/net/softnet_stat");
    std::uint64_t total = 0;
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string processed, dropped;
        if (fields >> processed >> dropped)
            total += std::stoull(dropped, nullptr, 16);
    }
    return total;
}

// CPU time (user + system, in clock ticks) of each thread of this process, by role: the benchmark
// knows the thread ids of its senders and of the follower; the main thread's id is the process id; what
// remains is the capture thread (LiveCapture's; the CLI starts no other).
struct CpuTicks {
    std::uint64_t senders = 0, capture = 0, follow = 0, main = 0;
};

class CpuSampler {
public:
    void addSender(pid_t tid)
    {
        std::lock_guard<std::mutex> lock(mutex_);
        senders_.insert(tid);
    }
    void setFollower(pid_t tid) { follower_.store(tid); }

    CpuTicks sample()
    {
        std::set<pid_t> senders;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            senders = senders_;
        }
        CpuTicks now;
        const pid_t self = ::getpid();
        if (DIR* dir = ::opendir("/proc/self/task")) {
            while (dirent* e = ::readdir(dir)) {
                if (e->d_name[0] == '.')
                    continue;
                const pid_t tid = static_cast<pid_t>(std::atoi(e->d_name));
                const std::uint64_t t = threadTicks(tid);
                if (tid == self)
                    now.main += t;
                else if (senders.count(tid))
                    now.senders += t;
                else if (tid == follower_.load())
                    now.follow += t;
                else
                    now.capture += t;
            }
            ::closedir(dir);
        }
        // Threads that ended keep their time in the totals seen last.
        now.senders = std::max(now.senders, seen_.senders);
        now.follow = std::max(now.follow, seen_.follow);
        now.capture = std::max(now.capture, seen_.capture);
        seen_ = now;
        return now;
    }
    static double ticksPerSecond() { return static_cast<double>(::sysconf(_SC_CLK_TCK)); }

private:
    static std::uint64_t threadTicks(pid_t tid)
    {
        std::ifstream in("/proc/self/task/" + std::to_string(tid) + "/stat");
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const std::size_t close = text.rfind(')');
        if (close == std::string::npos)
            return 0;
        std::istringstream fields(text.substr(close + 1));
        std::string field;
        std::uint64_t utime = 0, stime = 0;
        // After the command name: state is field 3, utime field 14, stime field 15.
        for (int i = 3; i <= 15 && (fields >> field); ++i) {
            if (i == 14)
                utime = std::strtoull(field.c_str(), nullptr, 10);
            else if (i == 15)
                stime = std::strtoull(field.c_str(), nullptr, 10);
        }
        return utime + stime;
    }

    std::mutex mutex_;
    std::set<pid_t> senders_;
    std::atomic<pid_t> follower_{0};
    CpuTicks seen_;
};

// ---- traffic -------------------------------------------------------------------------------------

struct Traffic {
    std::atomic<bool> stop{false};
    std::atomic<std::uint64_t> nextSequence{0}; // sequence numbers handed out (each sent exactly once)
    std::atomic<std::uint64_t> sent{0};
    std::atomic<std::uint64_t> unsent{0};       // handed out but not sent: a sender failed
    std::atomic<std::uint64_t> retries{0};      // sendmmsg refused for a moment (ENOBUFS, EAGAIN)
    std::mutex mutex;
    std::string failure;
};

// One sender: a UDP socket connected to 127.0.0.1:port, batches of kBatch datagrams through sendmmsg,
// paced to `rate` datagrams per second (0: as fast as it can).
void sendLoop(int fd, std::uint32_t id, double rate, std::size_t payload, Traffic& traffic, CpuSampler& cpu)
{
    cpu.addSender(currentTid());
    ::prctl(PR_SET_NAME, "bench-send", 0, 0, 0);
    ::prctl(PR_SET_TIMERSLACK, 1000UL, 0, 0, 0); // wake within 1 us of the schedule, not 50 us
    std::vector<std::uint8_t> buffers(static_cast<std::size_t>(kBatch) * payload, 0);
    iovec iov[kBatch];
    mmsghdr messages[kBatch];
    std::memset(messages, 0, sizeof messages);
    for (unsigned i = 0; i < kBatch; ++i) {
        iov[i] = {buffers.data() + i * payload, payload};
        messages[i].msg_hdr.msg_iov = &iov[i];
        messages[i].msg_hdr.msg_iovlen = 1;
    }
    const auto start = Clock::now();
    std::uint64_t mine = 0;
    while (!traffic.stop.load(std::memory_order_relaxed)) {
        if (rate > 0) {
            const auto due = static_cast<std::uint64_t>(secondsSince(start) * rate);
            if (due < mine + kBatch) {
                // Full batches on schedule; behind schedule, batches go back to back until caught up.
                std::this_thread::sleep_until(
                    start + std::chrono::duration_cast<Clock::duration>(
                                std::chrono::duration<double>(static_cast<double>(mine + kBatch) / rate)));
                continue;
            }
        }
        const std::uint64_t base = traffic.nextSequence.fetch_add(kBatch, std::memory_order_relaxed);
        for (unsigned i = 0; i < kBatch; ++i) {
            std::uint8_t* p = buffers.data() + i * payload;
            const std::uint64_t sequence = base + i;
            for (int k = 0; k < 8; ++k)
                p[k] = static_cast<std::uint8_t>(sequence >> (8 * k));
            for (int k = 0; k < 4; ++k) {
                p[8 + k] = static_cast<std::uint8_t>(kMagic >> (8 * k));
                p[12 + k] = static_cast<std::uint8_t>(id >> (8 * k));
            }
        }
        unsigned done = 0;
        while (done < kBatch) {
            const int n = ::sendmmsg(fd, messages + done, kBatch - done, 0);
            if (n < 0) {
                if (errno == EINTR || errno == ENOBUFS || errno == EAGAIN) {
                    traffic.retries.fetch_add(1, std::memory_order_relaxed);
                    std::this_thread::yield();
                    continue;
                }
                std::lock_guard<std::mutex> lock(traffic.mutex);
                traffic.failure = std::string("sendmmsg to 127.0.0.1 failed: ") + std::strerror(errno);
                traffic.unsent.fetch_add(kBatch - done);
                traffic.stop.store(true);
                return;
            }
            done += static_cast<unsigned>(n);
            traffic.sent.fetch_add(static_cast<std::uint64_t>(n), std::memory_order_relaxed);
        }
        mine += kBatch;
    }
}

// ---- following the file ---------------------------------------------------------------------------

// A PacketStore following the growing capture file, as `synscope-cli capture` does: loadMore (index and
// TCP analysis), refresh, and again every 10 ms once at the end of what is written.
class Follower {
public:
    Follower(const LiveCapture& capture, bool print, CpuSampler& cpu) : capture_(capture), print_(print), cpu_(cpu) {}
    ~Follower() { join(); }

    bool start(const std::string& path, std::string& error)
    {
        if (!store_.open(path, error, true))
            return false;
        thread_ = std::thread(&Follower::run, this);
        return true;
    }
    void join()
    {
        if (thread_.joinable())
            thread_.join();
    }
    // Lag is measured only while traffic flows (afterwards the last packet only gets older).
    void stopMeasuringLag() { measuring_.store(false); }

    std::uint64_t indexed() const { return indexed_.load(); }
    std::uint64_t memoryBytes() const { return memory_.load(); }
    std::uint64_t printedBytes() const { return printed_.load(); }
    double lagMs() const { return static_cast<double>(lagNs_.load()) / 1e6; }
    // Largest lag since the previous call.
    double takeMaxLagMs() { return static_cast<double>(periodMaxLagNs_.exchange(0)) / 1e6; }
    double worstLagMs() const { return static_cast<double>(worstLagNs_.load()) / 1e6; }
    const std::string& error() const { return error_; } // after join()
    const PacketStore& store() const { return store_; }  // after join()

private:
    void run()
    {
        cpu_.setFollower(currentTid());
        ::prctl(PR_SET_NAME, "bench-follow", 0, 0, 0);
        PacketPrinter printer(store_, false, false);
        std::string out;
        std::size_t next = 0;
        bool finalPass = false;
        while (true) {
            const CaptureReader::Status status = store_.loadMore(65536);
            const std::size_t n = store_.size();
            if (print_) {
                const std::size_t first = next;
                for (; next < n; ++next) {
                    printer.append(next, out);
                    out += '\n';
                    if (out.size() > (1u << 16)) {
                        printed_.fetch_add(out.size());
                        out.clear();
                    }
                }
                // Printing mapped the packets' pages again after loadMore let them go: give them back, or
                // the process grows by the size of the file (as mapped file pages).
                store_.releaseBytes(first, n);
            }
            if (n > 0 && measuring_.load()) {
                const std::int64_t lag = std::max<std::int64_t>(0, realtimeNs() - store_.reader().timestampNs(store_.record(n - 1)));
                lagNs_.store(lag);
                std::int64_t seen = periodMaxLagNs_.load();
                while (lag > seen && !periodMaxLagNs_.compare_exchange_weak(seen, lag)) {
                }
                if (lag > worstLagNs_.load())
                    worstLagNs_.store(lag);
            }
            indexed_.store(n);
            memory_.store(store_.memoryBytes());
            if (status == CaptureReader::Status::More)
                continue;
            if (status == CaptureReader::Status::Error) {
                error_ = store_.reader().describe(store_.reader().error());
                break;
            }
            if (finalPass)
                break;
            if (!capture_.running())
                finalPass = true;
            else
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            if (!store_.refresh(error_))
                break;
        }
        printed_.fetch_add(out.size());
    }

    const LiveCapture& capture_;
    const bool print_;
    CpuSampler& cpu_;
    PacketStore store_;
    std::thread thread_;
    std::string error_;
    std::atomic<bool> measuring_{true};
    std::atomic<std::uint64_t> indexed_{0}, memory_{0}, printed_{0};
    std::atomic<std::int64_t> lagNs_{0}, periodMaxLagNs_{0}, worstLagNs_{0};
};

// ---- checking the file -----------------------------------------------------------------------------

struct Check {
    bool done = false;
    std::uint64_t packets = 0;    // in the file
    std::uint64_t distinct = 0;   // distinct sequence numbers of ours
    std::uint64_t duplicates = 0;
    std::uint64_t strangers = 0;  // packets that are not our datagrams
    double seconds = 0;
    std::string error;
};

// Our datagram on Ethernet (lo): IPv4, UDP to `port`, our magic; its sequence number in `sequence`.
bool ourDatagram(std::span<const std::uint8_t> b, std::uint16_t port, std::uint64_t& sequence)
{
    if (b.size() < 14 + 20 + 8 + kPayloadHeader || b[12] != 0x08 || b[13] != 0x00)
        return false;
    const std::uint8_t* ip = b.data() + 14;
    const std::size_t ihl = static_cast<std::size_t>(ip[0] & 0x0f) * 4;
    if ((ip[0] >> 4) != 4 || ihl < 20 || ip[9] != 17 || b.size() < 14 + ihl + 8 + kPayloadHeader)
        return false;
    const std::uint8_t* udp = ip + ihl;
    if (((udp[2] << 8) | udp[3]) != port)
        return false;
    const std::uint8_t* p = udp + 8;
    std::uint32_t magic = 0;
    for (int k = 0; k < 4; ++k)
        magic |= static_cast<std::uint32_t>(p[8 + k]) << (8 * k);
    if (magic != kMagic)
        return false;
    sequence = 0;
    for (int k = 0; k < 8; ++k)
        sequence |= static_cast<std::uint64_t>(p[k]) << (8 * k);
    return true;
}

class SequenceSet {
public:
    explicit SequenceSet(std::uint64_t count) : bits_((count + 63) / 64, 0), count_(count) {}
    void add(std::span<const std::uint8_t> bytes, std::uint16_t port, Check& c)
    {
        ++c.packets;
        std::uint64_t s = 0;
        if (!ourDatagram(bytes, port, s) || s >= count_) {
            ++c.strangers;
            return;
        }
        std::uint64_t& word = bits_[s / 64];
        const std::uint64_t bit = std::uint64_t{1} << (s % 64);
        if (word & bit) {
            ++c.duplicates;
        } else {
            word |= bit;
            ++c.distinct;
        }
    }

private:
    std::vector<std::uint64_t> bits_;
    std::uint64_t count_;
};

Check checkStore(const PacketStore& store, std::uint64_t sequences, std::uint16_t port)
{
    Check c;
    const auto start = Clock::now();
    SequenceSet set(sequences);
    for (std::size_t i = 0; i < store.size(); ++i) {
        set.add(store.bytes(i), port, c);
        if ((i & 0xffff) == 0xffff)
            store.releaseBytes(i - 0xffff, i + 1);
    }
    c.seconds = secondsSince(start);
    c.done = true;
    return c;
}

Check checkFile(const std::string& path, std::uint64_t sequences, std::uint16_t port)
{
    Check c;
    const auto start = Clock::now();
    CaptureReader reader;
    if (!reader.open(path, c.error))
        return c;
    SequenceSet set(sequences);
    PacketIndex index; // a chunk at a time, so the check does not hold an index of the whole file
    CaptureReader::Status status;
    do {
        status = reader.indexMore(index, 65536);
        for (std::size_t i = 0; i < index.size(); ++i)
            set.add(reader.packetBytes(index[i]), port, c);
        if (!index.empty())
            reader.dropResident(index[0].dataOffset(), index[index.size() - 1].dataOffset());
        index.clear();
    } while (status == CaptureReader::Status::More);
    if (status == CaptureReader::Status::Error)
        c.error = reader.describe(reader.error());
    else if (status == CaptureReader::Status::Truncated)
        c.error = reader.describe(reader.truncation());
    c.seconds = secondsSince(start);
    c.done = c.error.empty();
    return c;
}

bool fileExists(const std::string& path)
{
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}

// A UDP socket bound to 127.0.0.1:port (0: any free port) that receives the benchmark's datagrams, so
// the kernel answers none of them with ICMP port unreachable. It is never read: once its receive
// buffer is full the kernel drops further datagrams there, after the packet taps saw them, which costs
// less CPU than copying them out.
int bindSink(std::uint16_t& port, std::string& error)
{
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error = std::string("cannot create a UDP socket: ") + std::strerror(errno);
        return -1;
    }
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(port);
    socklen_t length = sizeof a;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &length) != 0) {
        error = "cannot bind a UDP socket to 127.0.0.1:" + std::to_string(port) + ": " + std::strerror(errno);
        ::close(fd);
        return -1;
    }
    port = ntohs(a.sin_port);
    return fd;
}

int connectSender(std::uint16_t port, std::string& error)
{
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error = std::string("cannot create a UDP socket: ") + std::strerror(errno);
        return -1;
    }
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(port);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        error = "cannot connect a UDP socket to 127.0.0.1:" + std::to_string(port) + ": " + std::strerror(errno);
        ::close(fd);
        return -1;
    }
    return fd;
}

} // namespace

bool wantsLiveBench(const QStringList& arguments)
{
    return arguments.contains("--live");
}

int runLiveBench(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Live capture benchmark (needs root or cap_net_raw,cap_net_admin): sender threads send numbered UDP "
        "datagrams to a port on 127.0.0.1 that the benchmark binds, SynScope captures them on lo into a "
        "pcapng file, and every second the benchmark prints what was sent, written, received and dropped "
        "by the kernel, the loss in SynScope's own pipeline, and each thread's CPU; every 10 s the memory. "
        "At the end the file is read back and every sequence number checked. Only loopback is touched. "
        "Exit status 1 when SynScope's own pipeline lost a packet (kernel drops are reported, not failed).");
    parser.addHelpOption();
    const QCommandLineOption live("live", "Benchmark live capture (instead of a file).");
    const QCommandLineOption seconds("seconds", "How long traffic flows (default 60).", "S");
    const QCommandLineOption rate("rate", "Datagrams per second to send, over all senders; 0: as fast as the "
                                          "senders can (default 200000).", "PPS");
    const QCommandLineOption senders("senders", "Sender threads (default 1).", "N");
    const QCommandLineOption size("size", "UDP payload bytes per datagram, at least 16 (default 64: "
                                          "106-byte frames).", "BYTES");
    const QCommandLineOption buffer("B", "Kernel capture buffer in KiB, as tcpdump -B (default 65536: on lo both "
                                         "copies of a datagram take ring space, about 2 x 192 bytes, so at "
                                         "200,000/s 64 MiB absorbs 0.8 s of stalled capture thread, libpcap's "
                                         "own 2048 only 27 ms).", "KIB");
    const QCommandLineOption immediate("immediate", "Capture in immediate mode (each packet handed over at once; "
                                                    "libpcap then gives every packet a frame of the snapshot "
                                                    "length, so use -s too).");
    const QCommandLineOption snaplen("s", "Snapshot length (default 262144, as 'capture').", "BYTES");
    const QCommandLineOption follow("follow", "Also follow the file with a PacketStore (index + TCP analysis), "
                                              "as 'synscope-cli capture' does, and show its lag.");
    const QCommandLineOption print("print", "With --follow: also format every packet's line as 'capture' "
                                            "prints it (the text is discarded).");
    const QCommandLineOption noCheck("no-check", "Do not read the file back to check the sequence numbers.");
    const QCommandLineOption write("w", "Keep the capture in OUT (pcapng). Without -w a temporary file in the "
                                        "spool folder is used and removed.", "OUT");
    const QCommandLineOption overwrite("overwrite", "Replace OUT when it exists.");
    const QCommandLineOption json("json", "Print the final results as a JSON object (the per-second lines go to "
                                          "stderr).");
    parser.addOptions(
        {live, seconds, rate, senders, size, buffer, immediate, snaplen, follow, print, noCheck, write, overwrite, json});
    if (!parser.parse(arguments)) {
        printError(parser.errorText().toStdString());
        return kUsage;
    }
    if (parser.isSet("help")) {
        std::fputs(commandHelpText(parser).c_str(), stdout);
        return kOk;
    }
    if (!parser.positionalArguments().isEmpty()) {
        printError("bench --live takes no file");
        return kUsage;
    }
    auto number = [&](const QCommandLineOption& o, double fallback, double low, double& out) {
        if (!parser.isSet(o)) {
            out = fallback;
            return true;
        }
        bool ok = false;
        out = parser.value(o).toDouble(&ok);
        if (!ok || out < low) {
            printError("bench --live: --" + o.names().first().toStdString() + " expects a number of at least " +
                       std::to_string(static_cast<long long>(low)) + ", not \"" + parser.value(o).toStdString() + "\"");
            return false;
        }
        return true;
    };
    double runSeconds = 0, targetRate = 0, senderCount = 0, payloadBytes = 0, bufferKiB = 0, snapBytes = 0;
    if (!number(seconds, 60, 1, runSeconds) || !number(rate, 200000, 0, targetRate) ||
        !number(senders, 1, 1, senderCount) || !number(size, 64, static_cast<double>(kPayloadHeader), payloadBytes) ||
        !number(buffer, 65536, 64, bufferKiB) || !number(snaplen, 262144, 64, snapBytes))
        return kUsage;
    if (snapBytes > 262144) {
        printError("bench --live: -s is at most 262144 bytes");
        return kUsage;
    }
    if (payloadBytes > 65000) {
        printError("bench --live: --size is at most 65000 bytes");
        return kUsage;
    }
    if (parser.isSet(print) && !parser.isSet(follow)) {
        printError("bench --live: --print goes with --follow");
        return kUsage;
    }
    const bool asJson = parser.isSet(json);
    std::FILE* const progress = asJson ? stderr : stdout;

    std::string error;
    std::uint16_t port = 0;
    const int sink = bindSink(port, error);
    if (sink < 0) {
        printError(error);
        return kUnreadable;
    }

    LiveOptions o;
    o.interfaces = {"lo"};
    o.filter = "udp dst port " + std::to_string(port) + " and dst host 127.0.0.1";
    o.bufferSizeKiB = static_cast<std::uint32_t>(bufferKiB);
    o.immediate = parser.isSet(immediate);
    o.snapLength = static_cast<int>(snapBytes);
    SpoolFileClaim spool;
    if (parser.isSet(write)) {
        o.outputPath = parser.value(write).toStdString();
        if (fileExists(o.outputPath) && !parser.isSet(overwrite)) {
            printError("bench --live: " + o.outputPath + " exists; choose another name or add --overwrite");
            ::close(sink);
            return kUsage;
        }
    } else {
        if (!spool.create(error)) {
            if (!processCanCapture()) // the more useful message, as 'capture' gives it
                printError("no permission to capture. Capturing needs the CAP_NET_RAW and CAP_NET_ADMIN "
                           "capabilities: " + captureRightsAdvice());
            printError(error);
            ::close(sink);
            return kUnreadable;
        }
        o.outputPath = spool.path();
    }

    LiveCapture capture;
    if (!capture.start(o, error)) {
        printError(error); // says what is missing (rights, interface) and how to fix it
        spool.remove();
        ::close(sink);
        return kUnreadable;
    }
    CpuSampler cpu;
    Follower follower(capture, parser.isSet(print), cpu);
    if (parser.isSet(follow) && !follower.start(o.outputPath, error)) {
        printError(error);
        capture.requestStop();
        capture.wait();
        spool.remove();
        ::close(sink);
        return kUnreadable;
    }

    const unsigned senderThreads = static_cast<unsigned>(senderCount);
    const auto payload = static_cast<std::size_t>(payloadBytes);
    std::fprintf(progress,
                 "SynScope live capture benchmark: %s, filter \"%s\"\n"
                 "  kernel buffer %u KiB (-B), %s, snapshot length %d, written to %s%s\n"
                 "  traffic: %u sender thread%s, sendmmsg of %u, %zu-byte UDP payload (%zu-byte frames), %s, %.0f s\n",
                 o.interfaces[0].c_str(), o.filter.c_str(), o.bufferSizeKiB,
                 o.immediate ? "immediate mode" : "TPACKET_V3 blocks handed over when full or after 50 ms",
                 o.snapLength, o.outputPath.c_str(), parser.isSet(write) ? "" : " (temporary)", senderThreads,
                 senderThreads == 1 ? "" : "s", kBatch, payload, payload + 42,
                 targetRate > 0 ? ("target " + grouped(static_cast<std::uint64_t>(targetRate)) + " datagrams/s").c_str()
                                : "as fast as possible",
                 runSeconds);
    if (parser.isSet(follow))
        std::fprintf(progress, "  following the file with a PacketStore (index + TCP analysis%s)\n",
                     parser.isSet(print) ? " + every packet's line" : "");
    std::fprintf(progress, "\n%5s %10s %10s %12s %8s %9s %7s  %s%s\n", "s", "sent/s", "written/s", "kernel rcv",
                 "k.drop", "in flight", "RSS MB", "cpu% send capt",
                 parser.isSet(follow) ? " foll   indexed/s  lag ms (max)" : "");
    std::fflush(progress);

    Traffic traffic;
    std::vector<int> senderSockets;
    std::vector<std::thread> senderThreadList;
    for (unsigned i = 0; i < senderThreads; ++i) {
        const int fd = connectSender(port, error);
        if (fd < 0)
            break;
        senderSockets.push_back(fd);
    }
    const std::uint64_t softnetBefore = softnetDrops();
    const auto started = Clock::now();
    if (senderSockets.size() == senderThreads)
        for (unsigned i = 0; i < senderThreads; ++i)
            senderThreadList.emplace_back(sendLoop, senderSockets[i], i, targetRate / senderThreads, payload,
                                          std::ref(traffic), std::ref(cpu));
    else
        traffic.failure = error; // reported at the end, after the capture is stopped

    struct sigaction sa {};
    sa.sa_handler = interruptBench;
    sigemptyset(&sa.sa_mask);
    g_interrupted.store(false);
    for (int s : {SIGINT, SIGTERM, SIGHUP})
        sigaction(s, &sa, nullptr);

    // Every second: counts, rates, CPU; every 10 s: memory.
    struct MemorySample {
        double at;
        Memory memory;
        std::uint64_t written;
        std::uint64_t followMemory;
    };
    std::vector<MemorySample> memorySamples;
    memorySamples.push_back({0, readMemory(), 0, 0});
    QJsonArray perSecond;
    std::uint64_t lastSent = 0, lastWritten = 0, lastIndexed = 0;
    double lastCaptureSeconds = 0;
    CpuTicks lastCpu = cpu.sample();
    double lastAt = 0;
    double worstInFlightSeconds = 0;
    std::uint64_t maxInFlight = 0;
    const double tick = CpuSampler::ticksPerSecond();
    for (int second = 1; !senderThreadList.empty(); ++second) {
        const auto due = started + std::chrono::seconds(second);
        while (Clock::now() < due && !g_interrupted.load() && capture.running() && !traffic.stop.load())
            std::this_thread::sleep_for(std::min<Clock::duration>(due - Clock::now(), std::chrono::milliseconds(50)));
        const double at = secondsSince(started);
        const LiveStatistics s = capture.statistics();
        const std::uint64_t sent = traffic.sent.load();
        const CpuTicks c = cpu.sample();
        const double span = std::max(1e-3, at - lastAt);
        // Incoming copies the kernel holds or handed over, not yet written (ps_recv counts both copies).
        const std::int64_t inFlight = static_cast<std::int64_t>((s.kernelReceived - s.kernelDropped) / 2) -
                                      static_cast<std::int64_t>(s.written);
        if (inFlight > 0 && static_cast<std::uint64_t>(inFlight) > maxInFlight) {
            maxInFlight = static_cast<std::uint64_t>(inFlight);
            worstInFlightSeconds = at;
        }
        const Memory m = readMemory();
        auto pct = [&](std::uint64_t now, std::uint64_t before) {
            return static_cast<double>(now - before) / tick / span * 100.0;
        };
        char followText[96] = "";
        const std::uint64_t indexed = follower.indexed();
        double maxLag = 0;
        if (parser.isSet(follow)) {
            maxLag = follower.takeMaxLagMs();
            std::snprintf(followText, sizeof followText, " %4.0f %11s  %6.0f (%.0f)", pct(c.follow, lastCpu.follow),
                          grouped(static_cast<std::uint64_t>(static_cast<double>(indexed - lastIndexed) / span)).c_str(),
                          follower.lagMs(), maxLag);
        }
        // The capture's counts are taken by its own thread every 250 ms, at s.seconds of its clock.
        const double writtenSpan = s.seconds - lastCaptureSeconds;
        const double writtenRate =
            writtenSpan > 0 ? static_cast<double>(s.written - lastWritten) / writtenSpan : 0.0;
        std::fprintf(progress, "%5.0f %10s %10s %12s %8s %9s %7.1f  %9.0f %4.0f%s\n", at,
                     grouped(static_cast<std::uint64_t>(static_cast<double>(sent - lastSent) / span)).c_str(),
                     grouped(static_cast<std::uint64_t>(writtenRate)).c_str(),
                     grouped(s.kernelReceived).c_str(), grouped(s.kernelDropped).c_str(),
                     groupedSigned(inFlight).c_str(), m.rssMb, pct(c.senders, lastCpu.senders),
                     pct(c.capture, lastCpu.capture), followText);
        QJsonObject row{{"second", at},
                        {"sent", static_cast<qint64>(sent)},
                        {"written", static_cast<qint64>(s.written)},
                        {"kernel_received", static_cast<qint64>(s.kernelReceived)},
                        {"kernel_dropped", static_cast<qint64>(s.kernelDropped)},
                        {"rss_mb", m.rssMb},
                        {"cpu_senders_percent", pct(c.senders, lastCpu.senders)},
                        {"cpu_capture_percent", pct(c.capture, lastCpu.capture)}};
        if (parser.isSet(follow)) {
            row["follow_indexed"] = static_cast<qint64>(indexed);
            row["follow_lag_ms"] = follower.lagMs();
            row["follow_max_lag_ms"] = maxLag;
            row["cpu_follow_percent"] = pct(c.follow, lastCpu.follow);
        }
        perSecond.append(row);
        if (second % 10 == 0 || at >= runSeconds) {
            memorySamples.push_back({at, m, s.written, follower.memoryBytes()});
            std::fprintf(progress, "      memory at %.0f s: RSS %.1f MB (heap %.1f MB, mapped ring and file pages "
                                   "%.1f MB)%s\n",
                         at, m.rssMb, m.anonMb, m.fileMb,
                         parser.isSet(follow)
                             ? (", follower index + analysis " +
                                std::to_string(static_cast<double>(follower.memoryBytes()) / 1e6).substr(0, 6) + " MB")
                                   .c_str()
                             : "");
        }
        std::fflush(progress);
        lastSent = sent;
        lastWritten = s.written;
        lastCaptureSeconds = s.seconds;
        lastIndexed = indexed;
        lastCpu = c;
        lastAt = at;
        if (at >= runSeconds || g_interrupted.load() || !capture.running() || traffic.stop.load())
            break;
    }
    const double trafficSeconds = secondsSince(started);
    traffic.stop.store(true);
    for (std::thread& t : senderThreadList)
        t.join();
    follower.stopMeasuringLag();
    // Let the ring empty: a TPACKET_V3 block is handed over when full or 50 ms after its first packet,
    // and LiveCapture drains on every poll wake-up. Wait until the counts stop moving (at most 3 s).
    {
        std::uint64_t seen = ~std::uint64_t{0};
        const auto limit = Clock::now() + std::chrono::seconds(3);
        while (Clock::now() < limit && capture.running()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            const LiveStatistics s = capture.statistics();
            const std::uint64_t moved = s.written + s.kernelReceived;
            const bool caughtUp = s.kernelReceived - s.kernelDropped == 2 * s.written;
            if (moved == seen && caughtUp)
                break;
            seen = moved;
        }
    }
    const std::uint64_t softnetAfter = softnetDrops();
    capture.requestStop();
    capture.wait();
    follower.join();
    for (int s : {SIGINT, SIGTERM, SIGHUP})
        std::signal(s, SIG_DFL);
    for (int fd : senderSockets)
        ::close(fd);
    ::close(sink);
    const CpuTicks cpuTotal = cpu.sample();
    const Memory memoryAtEnd = readMemory();

    const LiveStatistics s = capture.statistics();
    const std::uint64_t sent = traffic.sent.load();
    const std::uint64_t sequences = traffic.nextSequence.load();
    Check check;
    if (!parser.isSet(noCheck)) {
        if (parser.isSet(follow) && follower.error().empty())
            check = checkStore(follower.store(), sequences, port);
        else
            check = checkFile(o.outputPath, sequences, port);
    }
    const std::string failure = capture.failure();
    if (!parser.isSet(write))
        spool.remove();

    // The accounting (see the comment at the top of this file).
    const std::uint64_t softnet = softnetAfter - softnetBefore;
    const std::int64_t incoming = static_cast<std::int64_t>(s.kernelReceived / 2); // copies SynScope is owed
    const std::int64_t lossHigh = incoming - static_cast<std::int64_t>(s.written);
    const std::int64_t lossLow = std::max<std::int64_t>(0, lossHigh - static_cast<std::int64_t>(s.kernelDropped));
    const bool exact = s.kernelDropped == 0 && s.kernelReceived % 2 == 0;
    // Copies that never reached the tap: 2 per datagram sent, less what the kernel counted.
    const std::int64_t beforeTap = static_cast<std::int64_t>(2 * sent) - static_cast<std::int64_t>(s.kernelReceived);
    const std::int64_t missing = check.done ? static_cast<std::int64_t>(sent) - static_cast<std::int64_t>(check.distinct) : 0;
    // Missing datagrams the kernel does not account for: at least this many were lost after the kernel.
    const std::int64_t unexplained =
        missing - static_cast<std::int64_t>(s.kernelDropped) - std::max<std::int64_t>(0, beforeTap);
    const double writtenPps = static_cast<double>(s.written) / trafficSeconds;
    const double sentPps = static_cast<double>(sent) / trafficSeconds;
    const MemorySample& first = memorySamples.size() > 1 ? memorySamples[1] : memorySamples[0];
    const MemorySample& last = memorySamples.back();
    const double heapGrowthMb = last.memory.anonMb - first.memory.anonMb;
    const double followGrowthMb = static_cast<double>(last.followMemory - first.followMemory) / 1048576.0;
    const std::uint64_t packetsBetween = last.written - first.written;
    auto share = [&](std::uint64_t ticks) { return static_cast<double>(ticks) / tick / trafficSeconds * 100.0; };

    if (asJson) {
        QJsonObject r;
        r["interface"] = "lo";
        r["filter"] = QString::fromStdString(o.filter);
        r["buffer_kib"] = static_cast<qint64>(o.bufferSizeKiB);
        r["immediate"] = o.immediate;
        r["senders"] = static_cast<qint64>(senderThreads);
        r["payload_bytes"] = static_cast<qint64>(payload);
        r["target_pps"] = targetRate;
        r["seconds"] = trafficSeconds;
        r["sent"] = static_cast<qint64>(sent);
        r["sent_pps"] = sentPps;
        r["written"] = static_cast<qint64>(s.written);
        r["written_pps"] = writtenPps;
        r["file_bytes"] = static_cast<qint64>(s.bytesWritten);
        r["kernel_received"] = static_cast<qint64>(s.kernelReceived);
        r["kernel_dropped"] = static_cast<qint64>(s.kernelDropped);
        r["interface_dropped"] = static_cast<qint64>(s.interfaceDropped);
        r["softnet_dropped"] = static_cast<qint64>(softnet);
        r["pipeline_loss"] = static_cast<qint64>(lossHigh);
        r["pipeline_loss_min"] = static_cast<qint64>(exact ? lossHigh : lossLow);
        r["pipeline_loss_exact"] = exact;
        r["copies_before_tap"] = static_cast<qint64>(beforeTap);
        r["max_in_flight"] = static_cast<qint64>(maxInFlight);
        if (check.done) {
            r["check_distinct"] = static_cast<qint64>(check.distinct);
            r["check_duplicates"] = static_cast<qint64>(check.duplicates);
            r["check_strangers"] = static_cast<qint64>(check.strangers);
            r["check_missing"] = static_cast<qint64>(missing);
            r["check_missing_unexplained"] = static_cast<qint64>(unexplained);
        }
        QJsonArray memory;
        for (const MemorySample& m : memorySamples)
            memory.append(QJsonObject{{"second", m.at},
                                      {"rss_mb", m.memory.rssMb},
                                      {"anon_mb", m.memory.anonMb},
                                      {"file_mb", m.memory.fileMb},
                                      {"follow_memory_bytes", static_cast<qint64>(m.followMemory)}});
        r["memory"] = memory;
        r["heap_growth_mb"] = heapGrowthMb;
        r["cpu_senders_percent"] = share(cpuTotal.senders);
        r["cpu_capture_percent"] = share(cpuTotal.capture);
        r["cpu_main_percent"] = share(cpuTotal.main);
        if (parser.isSet(follow)) {
            r["follow_indexed"] = static_cast<qint64>(follower.store().size());
            r["follow_worst_lag_ms"] = follower.worstLagMs();
            r["follow_memory_bytes_per_packet"] =
                follower.store().size() ? static_cast<double>(follower.store().memoryBytes()) /
                                              static_cast<double>(follower.store().size())
                                        : 0.0;
            r["cpu_follow_percent"] = share(cpuTotal.follow);
        }
        r["per_second"] = perSecond;
        std::fputs(QJsonDocument(r).toJson(QJsonDocument::Indented).constData(), stdout);
    } else {
        std::printf("\nResult after %.1f s of traffic (%s):\n", trafficSeconds,
                    g_interrupted.load() ? "interrupted" : "as asked");
        std::printf("  sent                    %s datagrams, %s/s%s\n", grouped(sent).c_str(),
                    grouped(static_cast<std::uint64_t>(sentPps)).c_str(),
                    traffic.retries.load() ? (" (" + grouped(traffic.retries.load()) + " sendmmsg retries)").c_str()
                                           : "");
        std::printf("  written by SynScope     %s packets, %s/s, %.1f MB of pcapng\n", grouped(s.written).c_str(),
                    grouped(static_cast<std::uint64_t>(writtenPps)).c_str(),
                    static_cast<double>(s.bytesWritten) / 1e6);
        std::printf("  kernel (pcap_stats)     %s received by filter (both copies of each datagram on lo), %s dropped "
                    "(ring full), %s dropped by interface\n",
                    grouped(s.kernelReceived).c_str(), grouped(s.kernelDropped).c_str(),
                    grouped(s.interfaceDropped).c_str());
        std::printf("  before the tap          %s copies of 2 x %s never reached the filter (softnet backlog drops "
                    "on the machine: %s)\n",
                    groupedSigned(beforeTap).c_str(), grouped(sent).c_str(), grouped(softnet).c_str());
        if (exact)
            std::printf("  SynScope pipeline loss  %s  (= kernel received %s / 2 - written %s; exact, the kernel "
                        "dropped nothing)\n",
                        groupedSigned(lossHigh).c_str(), grouped(s.kernelReceived).c_str(), grouped(s.written).c_str());
        else
            std::printf("  SynScope pipeline loss  between %s and %s  (= kernel received %s / 2 [- kernel dropped %s] "
                        "- written %s: a ring drop may have hit either copy)\n",
                        groupedSigned(lossLow).c_str(), groupedSigned(lossHigh).c_str(),
                        grouped(s.kernelReceived).c_str(), grouped(s.kernelDropped).c_str(),
                        grouped(s.written).c_str());
        std::printf("  largest in flight       %s packets (kernel handed over, not yet written) at %.0f s\n",
                    grouped(maxInFlight).c_str(), worstInFlightSeconds);
        if (check.done)
            std::printf("  file check              %s packets read back in %.2f s: %s distinct sequence numbers, %s "
                        "duplicates, %s others; %s of %s sent missing, %s of them not explained by the kernel\n",
                        grouped(check.packets).c_str(), check.seconds, grouped(check.distinct).c_str(),
                        grouped(check.duplicates).c_str(), grouped(check.strangers).c_str(),
                        groupedSigned(missing).c_str(), grouped(sent).c_str(),
                        groupedSigned(std::max<std::int64_t>(0, unexplained)).c_str());
        else if (!check.error.empty())
            std::printf("  file check              failed: %s\n", check.error.c_str());
        std::printf("  memory (RSS)            ");
        for (std::size_t i = 0; i < memorySamples.size(); ++i)
            std::printf("%s%.0f s %.1f MB", i ? ", " : "", memorySamples[i].at, memorySamples[i].memory.rssMb);
        std::printf("; after stopping %.1f MB\n", memoryAtEnd.rssMb);
        std::printf("  heap growth %.0f-%.0f s   %+.2f MB over %s packets", first.at, last.at, heapGrowthMb,
                    grouped(packetsBetween).c_str());
        if (parser.isSet(follow))
            std::printf(" (the follower's index + analysis grew %.2f MB of it)", followGrowthMb);
        std::printf("\n");
        if (parser.isSet(follow)) {
            const PacketStore& st = follower.store();
            std::printf("  follower                %s packets indexed and analysed, worst lag behind the wire %.0f ms, "
                        "%.1f bytes/packet of index + analysis memory%s\n",
                        grouped(st.size()).c_str(), follower.worstLagMs(),
                        st.size() ? static_cast<double>(st.memoryBytes()) / static_cast<double>(st.size()) : 0.0,
                        parser.isSet(print)
                            ? (", " + std::to_string(follower.printedBytes() / 1000000) + " MB of packet lines").c_str()
                            : "");
        }
        std::printf("  CPU (%% of one core)     senders %.0f%% (including the kernel's loopback and packet-tap work), "
                    "capture thread %.0f%%%s, main %.0f%%\n",
                    share(cpuTotal.senders), share(cpuTotal.capture),
                    parser.isSet(follow) ? (", follower " + std::to_string(static_cast<int>(share(cpuTotal.follow))) + "%")
                                               .c_str()
                                         : "",
                    share(cpuTotal.main));
    }
    if (!failure.empty()) {
        printError(failure);
        return kUnreadable;
    }
    if (!traffic.failure.empty()) {
        printError(traffic.failure);
        return kUnreadable;
    }
    if (!follower.error().empty()) {
        printError("following the file: " + follower.error());
        return kUnreadable;
    }
    if (!check.error.empty()) {
        printError("reading the file back: " + check.error);
        return kUnreadable;
    }
    // A benchmark that lost packets has failed, so scripts can tell.
    if ((exact && lossHigh != 0) || lossLow > 0 || (check.done && (unexplained > 0 || check.duplicates > 0))) {
        printError("SynScope's own pipeline lost or duplicated packets (see above)");
        return kUnreadable;
    }
    return kOk;
}

} // namespace synscope::cli
