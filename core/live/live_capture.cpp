#include "live/live_capture.h"

#include "live/capture_permissions.h"
#include "filter/bpf_filter.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

namespace synscope {

namespace {

// LINKTYPE_ value for a DLT_ value of this platform (they differ only for raw IP).
std::uint32_t linkTypeOfDlt(int dlt) { return dlt == DLT_RAW ? 101u : static_cast<std::uint32_t>(dlt); }

// libpcap's timeout: the kernel hands over a block of packets at the latest this long after the first.
constexpr int kBlockTimeoutMs = 50;
// After a stop request, how long to wait for the kernel to hand over its last block (the timeout plus
// the kernel timer's granularity).
constexpr int kFinalDrainMs = kBlockTimeoutMs + 40;
// The kernel buffer when none is given (libpcap's own 2 MiB drops packets in bursts).
constexpr std::uint32_t kDefaultBufferKiB = 32 * 1024;

std::int64_t realtimeNs()
{
    timespec ts{};
    ::clock_gettime(CLOCK_REALTIME, &ts); // async-signal-safe
    return static_cast<std::int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

} // namespace

LiveCapture::~LiveCapture()
{
    requestStop();
    wait();
    closeHandles();
    for (int& fd : wakePipe_)
        if (fd >= 0) {
            ::close(fd);
            fd = -1;
        }
}

void LiveCapture::closeHandles()
{
    for (pcap_t* h : handles_)
        pcap_close(h);
    handles_.clear();
}

bool writesClassicPcap(const LiveOptions& o)
{
    if (o.format != LiveOptions::Format::ByName)
        return o.format == LiveOptions::Format::Pcap;
    return o.outputPath.size() >= 5 && o.outputPath.compare(o.outputPath.size() - 5, 5, ".pcap") == 0;
}

bool LiveCapture::start(const LiveOptions& options, std::string& error)
{
    if (!options.inProcessOnly && !processCanCapture()) {
        const CaptureRoute route = captureRoute();
        if (route.kind == CaptureRouteKind::Helper)
            return prepare(options, error) && startThroughHelper(route.helperPath, error);
        // Otherwise libpcap's own refusal comes with the advice for the route that is blocked.
    }
    return open(options, error) && begin(error);
}

bool LiveCapture::prepare(const LiveOptions& options, std::string& error)
{
    if (running_.load()) {
        error = "a capture is already running";
        return false;
    }
    // A capture that ended by itself (a stop condition) leaves its thread to be joined.
    wait();
    closeHandles();
    options_ = options;
    stop_.store(false);
    stopRequested_.store(false);
    stopCutoffNs_.store(0);
    startFailure_ = StartFailure::Other;
    {
        std::lock_guard<std::mutex> lock(statsMutex_);
        stats_ = {};
        failure_.clear();
    }
    if (options.interfaces.empty()) {
        error = "no interface to capture on (e.g. -i eth0; 'synscope-cli interfaces' lists them)";
        return false;
    }
    if (writesClassicPcap(options) && options.interfaces.size() > 1) {
        error = "a pcap file holds one interface; capture several into a .pcapng file";
        return false;
    }
    throughHelper_ = false;
    return true;
}

bool LiveCapture::open(const LiveOptions& options, std::string& error)
{
    if (!prepare(options, error))
        return false;
    std::vector<WriterInterface>& described = described_;
    described.clear();
    for (const std::string& name : options.interfaces) {
        char errbuf[PCAP_ERRBUF_SIZE] = {};
        pcap_t* h = pcap_create(name.c_str(), errbuf);
        if (!h) {
            error = "cannot capture on " + name + ": " + errbuf;
            closeHandles();
            return false;
        }
        handles_.push_back(h);
        pcap_set_snaplen(h, options.snapLength);
        pcap_set_promisc(h, options.promiscuous ? 1 : 0);
        // Blocks of packets are handed over at least every 50 ms, so the file stays close behind the wire.
        pcap_set_timeout(h, kBlockTimeoutMs);
        // libpcap's default 2 MiB drops packets in bursts: at 200,000 packets/s it holds ~27 ms, and in
        // immediate mode (TPACKET_V2, a whole snapshot-length frame per packet) only 16 packets on lo.
        const std::uint32_t bufferKiB = options.bufferSizeKiB > 0 ? options.bufferSizeKiB : kDefaultBufferKiB;
        pcap_set_buffer_size(h, static_cast<int>(std::min<std::uint32_t>(bufferKiB, 1u << 20) * 1024));
        if (options.immediate)
            pcap_set_immediate_mode(h, 1);
        pcap_set_tstamp_precision(h, PCAP_TSTAMP_PRECISION_NANO); // where the kernel can, else microseconds
        const int rc = pcap_activate(h);
        if (rc < 0) {
            error = describeActivateError(name, rc, pcap_geterr(h));
            if (rc == PCAP_ERROR_PERM_DENIED || rc == PCAP_ERROR_PROMISC_PERM_DENIED)
                startFailure_ = StartFailure::NoPermission;
            else if (rc == PCAP_ERROR_NO_SUCH_DEVICE)
                startFailure_ = StartFailure::NoSuchInterface;
            closeHandles();
            return false;
        }
        if (options.linkType >= 0) {
            const int dlt = dltForLinkType(static_cast<std::uint32_t>(options.linkType));
            if (pcap_set_datalink(h, dlt) != 0) {
                error = "interface " + name + " cannot capture with link type " + std::to_string(options.linkType) +
                        ": " + pcap_geterr(h);
                closeHandles();
                return false;
            }
        }
        if (!options.filter.empty()) {
            // The interface's netmask, as tcpdump passes it, so "ip broadcast" works.
            bpf_u_int32 net = 0, mask = PCAP_NETMASK_UNKNOWN;
            if (pcap_lookupnet(name.c_str(), &net, &mask, errbuf) != 0)
                mask = PCAP_NETMASK_UNKNOWN;
            bpf_program program{};
            std::unique_lock<std::mutex> compiling(bpfCompilerMutex());
            const int compiled = pcap_compile(h, &program, options.filter.c_str(), 1, mask);
            compiling.unlock();
            if (compiled != 0) {
                error = "invalid capture filter \"" + options.filter + "\": " + pcap_geterr(h);
                startFailure_ = StartFailure::BadFilter;
                closeHandles();
                return false;
            }
            const int set = pcap_setfilter(h, &program);
            pcap_freecode(&program);
            if (set != 0) {
                error = "cannot set the capture filter on " + name + ": " + pcap_geterr(h);
                closeHandles();
                return false;
            }
        }
        if (pcap_setnonblock(h, 1, errbuf) != 0) {
            error = "cannot capture on " + name + ": " + errbuf;
            closeHandles();
            return false;
        }
        WriterInterface w;
        w.linkType = linkTypeOfDlt(pcap_datalink(h));
        w.snapLength = static_cast<std::uint32_t>(pcap_snapshot(h));
        w.name = name;
        w.nanosecond = pcap_get_tstamp_precision(h) == PCAP_TSTAMP_PRECISION_NANO;
        described.push_back(w);
    }
    return true;
}

bool LiveCapture::begin(std::string& error, int fd)
{
    if (handles_.empty() || running_.load()) {
        error = "no interface is open to capture on";
        if (fd >= 0)
            ::close(fd);
        return false;
    }
    const CaptureFileFormat format = writesClassicPcap(options_) ? CaptureFileFormat::Pcap : CaptureFileFormat::PcapNg;
    bool opened = false;
    if (fd >= 0) {
        std::FILE* f = ::fdopen(fd, "wb");
        if (!f) {
            error = "cannot write to " + options_.outputPath + ": " + std::strerror(errno);
            ::close(fd);
        } else {
            opened = writer_.open(f, options_.outputPath, format, described_, error);
        }
    } else {
        opened = writer_.open(options_.outputPath, format, described_, error);
    }
    if (!opened || !writer_.flush(error)) {
        closeHandles();
        return false;
    }
    if (wakePipe_[0] < 0 && ::pipe2(wakePipe_, O_CLOEXEC | O_NONBLOCK) != 0) {
        error = std::string("cannot start the capture thread: ") + std::strerror(errno);
        closeHandles();
        return false;
    }
    char drain[64];
    while (::read(wakePipe_[0], drain, sizeof drain) > 0) {
    }
    startFailure_ = StartFailure::None;
    running_.store(true);
    thread_ = std::thread(&LiveCapture::run, this);
    return true;
}

void LiveCapture::requestStop()
{
    stopAt(realtimeNs());
    // The helper stops on SIGTERM as this process stops on its wake-up pipe (kill() is async-signal-safe).
    const int pid = helperPid_.load();
    if (pid > 0)
        ::kill(pid, SIGTERM);
}

void LiveCapture::stopAt(std::int64_t cutoffNs)
{
    // The cutoff is set before the flag, so the capture thread never sees the flag without it; the first
    // request wins. Lock-free atomics and write(): safe in a signal handler.
    std::int64_t unset = 0;
    stopCutoffNs_.compare_exchange_strong(unset, cutoffNs);
    stopRequested_.store(true);
    if (wakePipe_[1] >= 0) {
        const char c = 'x';
        [[maybe_unused]] const ssize_t n = ::write(wakePipe_[1], &c, 1);
    }
}

void LiveCapture::wait()
{
    if (thread_.joinable())
        thread_.join();
}

LiveStatistics LiveCapture::statistics() const
{
    std::lock_guard<std::mutex> lock(statsMutex_);
    return stats_;
}

std::string LiveCapture::failure() const
{
    std::lock_guard<std::mutex> lock(statsMutex_);
    return failure_;
}

void LiveCapture::updateStatistics()
{
    LiveStatistics s;
    for (pcap_t* h : handles_) {
        pcap_stat ps{};
        if (pcap_stats(h, &ps) == 0) {
            s.kernelReceived += ps.ps_recv;
            s.kernelDropped += ps.ps_drop;
            s.interfaceDropped += ps.ps_ifdrop;
        }
    }
    s.written = writer_.packetsWritten();
    s.bytesWritten = writer_.bytesWritten();
    std::lock_guard<std::mutex> lock(statsMutex_);
    s.seconds = stats_.seconds;
    stats_ = s;
}

// One interface's share of the capture, handed to libpcap's callback.
struct LiveCapture::CallbackContext {
    LiveCapture* capture;
    pcap_t* handle;
    std::uint32_t interfaceIndex;
    bool nanosecond;
    bool pastCutoff; // after a stop request: a packet newer than the request was seen
};

// What the capture thread keeps while it runs.
struct LiveCapture::CaptureLoop {
    using Clock = std::chrono::steady_clock;
    Clock::time_point started = Clock::now();
    std::int64_t startedNs = realtimeNs();
    Clock::time_point lastFlush = started, lastStats = started;
    std::vector<pollfd> fds; // one per interface, then the wake-up pipe
    std::vector<CallbackContext> contexts;
    std::uint64_t unflushed = 0; // packets written since the last flush
};

void LiveCapture::run()
{
    CaptureLoop loop;
    for (std::size_t i = 0; i < handles_.size(); ++i) {
        loop.fds.push_back({pcap_get_selectable_fd(handles_[i]), POLLIN, 0});
        loop.contexts.push_back({this, handles_[i], static_cast<std::uint32_t>(i),
                                 pcap_get_tstamp_precision(handles_[i]) == PCAP_TSTAMP_PRECISION_NANO, false});
    }
    loop.fds.push_back({wakePipe_[0], POLLIN, 0});

    while (!stop_.load() && !stopRequested_.load()) {
        const int ready = ::poll(loop.fds.data(), loop.fds.size(), 100);
        if (ready < 0 && errno != EINTR) {
            stopWithFailure(std::string("capture stopped: ") + std::strerror(errno));
            break;
        }
        if (ready > 0 && (loop.fds.back().revents & POLLIN))
            break; // a stop request: what arrived before it is drained below
        // TPACKET_V3 can hold packets in a block until its timeout without waking poll(); ask every round.
        drain(loop);
        afterPollRound(loop);
    }
    if (stopRequested_.load() && !stop_.load())
        drainAfterStopRequest(loop);
    finishCapture(loop);
}

void LiveCapture::stopWithFailure(std::string why)
{
    std::lock_guard<std::mutex> lock(statsMutex_);
    failure_ = std::move(why);
    stop_.store(true);
}

void LiveCapture::onPacket(unsigned char* user, const pcap_pkthdr* h, const unsigned char* bytes)
{
    auto* c = reinterpret_cast<CallbackContext*>(user);
    LiveCapture& self = *c->capture;
    if (self.stop_.load())
        return;
    Timestamp t;
    t.seconds = h->ts.tv_sec;
    t.nanoseconds = static_cast<std::uint32_t>(c->nanosecond ? h->ts.tv_usec : h->ts.tv_usec * 1000);
    if (self.stopRequested_.load() &&
        static_cast<std::int64_t>(t.seconds) * 1000000000 + t.nanoseconds > self.stopCutoffNs_.load()) {
        // Arrived after the stop request: not part of this capture, and nothing older follows.
        c->pastCutoff = true;
        pcap_breakloop(c->handle);
        return;
    }
    std::string error;
    if (!self.writer_.write(c->interfaceIndex, t, std::span(bytes, h->caplen), h->len, error)) {
        self.stopWithFailure(error);
        return;
    }
    const LiveOptions& o = self.options_;
    if ((o.stopAfterPackets && self.writer_.packetsWritten() >= o.stopAfterPackets) ||
        (o.stopAfterBytes && self.writer_.bytesWritten() >= o.stopAfterBytes)) {
        self.stop_.store(true);
        pcap_breakloop(c->handle);
    }
}

void LiveCapture::drain(CaptureLoop& loop)
{
    for (std::size_t i = 0; i < handles_.size(); ++i) {
        if (loop.contexts[i].pastCutoff)
            continue;
        while (!stop_.load()) {
            const std::uint64_t before = writer_.packetsWritten();
            const int n = pcap_dispatch(handles_[i], -1, onPacket, reinterpret_cast<u_char*>(&loop.contexts[i]));
            if (n < 0 && n != PCAP_ERROR_BREAK) {
                stopWithFailure("capture on " + options_.interfaces[i] + " failed: " + pcap_geterr(handles_[i]));
                break;
            }
            loop.unflushed += writer_.packetsWritten() - before;
            if (n <= 0)
                break;
        }
    }
}

void LiveCapture::afterPollRound(CaptureLoop& loop)
{
    const auto now = CaptureLoop::Clock::now();
    const double seconds = std::chrono::duration<double>(now - loop.started).count();
    if (options_.stopAfterSeconds > 0 && seconds >= options_.stopAfterSeconds)
        stopAt(loop.startedNs + static_cast<std::int64_t>(options_.stopAfterSeconds * 1e9));
    if (loop.unflushed && now - loop.lastFlush >= std::chrono::milliseconds(20)) {
        std::string problem;
        if (!writer_.flush(problem)) {
            stopWithFailure(problem);
            return;
        }
        loop.unflushed = 0;
        loop.lastFlush = now;
    }
    if (now - loop.lastStats >= std::chrono::milliseconds(250)) {
        {
            std::lock_guard<std::mutex> lock(statsMutex_);
            stats_.seconds = seconds;
        }
        updateStatistics();
        loop.lastStats = now;
    }
}

void LiveCapture::drainAfterStopRequest(CaptureLoop& loop)
{
    // Stopped on request (or after the duration): the packets the kernel captured before the request
    // may still sit in its buffer, in a block it hands over when the block's timeout expires (in
    // immediate mode, at once). Write them; the first newer packet on an interface ends its share.
    std::vector<pollfd> captureFds(loop.fds.begin(), loop.fds.end() - 1);
    const auto deadline =
        CaptureLoop::Clock::now() + std::chrono::milliseconds(options_.immediate ? 0 : kFinalDrainMs);
    while (true) {
        drain(loop);
        if (stop_.load() || std::all_of(loop.contexts.begin(), loop.contexts.end(),
                                        [](const CallbackContext& c) { return c.pastCutoff; }))
            break;
        const auto now = CaptureLoop::Clock::now();
        if (now >= deadline)
            break;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count() + 1;
        ::poll(captureFds.data(), captureFds.size(), static_cast<int>(left));
    }
}

void LiveCapture::finishCapture(const CaptureLoop& loop)
{
    {
        std::lock_guard<std::mutex> lock(statsMutex_);
        stats_.seconds = std::chrono::duration<double>(CaptureLoop::Clock::now() - loop.started).count();
    }
    updateStatistics();
    std::string problem;
    if (!writer_.close(problem)) {
        std::lock_guard<std::mutex> lock(statsMutex_);
        if (failure_.empty())
            failure_ = problem;
    }
    {
        std::lock_guard<std::mutex> lock(statsMutex_);
        stats_.written = writer_.packetsWritten();
        stats_.bytesWritten = writer_.bytesWritten();
    }
    closeHandles();
    running_.store(false);
}

std::string LiveCapture::summaryText() const
{
    const LiveStatistics s = statistics();
    auto line = [](std::uint64_t n, const char* what) {
        return std::to_string(n) + (n == 1 ? " packet " : " packets ") + what + "\n";
    };
    std::string out = line(s.written, "captured") + line(s.kernelReceived, "received by filter") +
                      line(s.kernelDropped, "dropped by kernel");
    if (s.interfaceDropped)
        out += line(s.interfaceDropped, "dropped by interface");
    return out;
}

} // namespace synscope
