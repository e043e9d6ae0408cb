#pragma once
// Live capture through libpcap: one or several interfaces, a BPF capture filter, stop conditions. Every
// packet is written to a pcapng (or pcap) file as it arrives and the file is flushed within 20 ms of a
// packet, so a crash loses at most that much and a reader following the file is never far behind.
// The capture runs on its own thread; stopping is prompt even when no packet arrives (poll() with a
// wake-up pipe, never a blocking pcap_next_ex).
// A process without capture rights captures through the capture helper (synscope-capture, see
// capture_permissions.h) when one is usable: the helper captures with these same classes and writes the
// file through a descriptor this process opened, and this class reads its status lines; callers see no
// difference.
#include "capture/capture_writer.h"

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

typedef struct pcap pcap_t;
struct pcap_pkthdr;

namespace synscope {

struct LiveOptions {
    std::vector<std::string> interfaces; // at least one
    std::string filter;                  // BPF, checked before the capture starts
    int snapLength = 262144;
    bool promiscuous = true;
    std::uint32_t bufferSizeKiB = 0;     // kernel buffer (as tcpdump -B); 0: 32 MiB (libpcap's own 2 MiB
                                         // holds ~27 ms of loopback traffic at 200,000 packets/s)
    bool immediate = false;              // deliver each packet at once (else in blocks, at most 50 ms late)
    std::int32_t linkType = -1;          // e.g. 276 (LINUX_SLL2) on "any"; -1: the interface's default
    std::uint64_t stopAfterPackets = 0;  // 0: no limit
    double stopAfterSeconds = 0;
    std::uint64_t stopAfterBytes = 0;    // file size
    std::string outputPath;              // ".pcap": classic pcap (one interface); otherwise pcapng
    enum class Format { ByName, PcapNg, Pcap };
    Format format = Format::ByName;      // ByName: as outputPath's suffix says (above)
    bool inProcessOnly = false;          // never through the capture helper (the helper itself)
};

// Whether `o` asks for a classic pcap file rather than pcapng.
bool writesClassicPcap(const LiveOptions& o);

struct LiveStatistics {
    std::uint64_t written = 0;        // packets SynScope received and wrote
    std::uint64_t bytesWritten = 0;   // file size
    std::uint64_t kernelReceived = 0; // pcap_stats ps_recv, summed over the interfaces
    std::uint64_t kernelDropped = 0;  // ps_drop: no room in the kernel buffer
    std::uint64_t interfaceDropped = 0; // ps_ifdrop: dropped by the interface or its driver
    double seconds = 0;
};

class LiveCapture {
public:
    LiveCapture() = default;
    ~LiveCapture();
    LiveCapture(const LiveCapture&) = delete;
    LiveCapture& operator=(const LiveCapture&) = delete;

    // Opens the interfaces, sets the filter, creates the file (SHB and IDBs flushed before returning),
    // and starts capturing. On failure nothing runs and `error` says what is wrong and how to fix it.
    // Without capture rights of its own, the process captures through the capture helper when one is usable.
    bool start(const LiveOptions& options, std::string& error);
    // start() in two steps, in this process only, so a privileged caller (the helper) can give up its
    // rights in between: open() opens the interfaces and sets the filter; begin() creates the file (or
    // writes to `fd`, taken over, when >= 0) and starts the capture thread.
    bool open(const LiveOptions& options, std::string& error);
    bool begin(std::string& error, int fd = -1);
    // Whether the running (or last) capture goes through the capture helper.
    bool throughHelper() const { return throughHelper_; }
    // Thread-safe and async-signal-safe: ends the capture soon (< 200 ms). Every packet the kernel
    // captured before the request is still written (the kernel hands over its last block within the
    // 50 ms block timeout); packets that arrive after it are not.
    void requestStop();
    // Waits for the capture thread; the file is complete and closed afterwards.
    void wait();
    bool running() const { return running_.load(); }
    LiveStatistics statistics() const;
    // Why the last start() failed, for the exit status (an invalid filter is a usage error).
    enum class StartFailure { None, BadFilter, NoPermission, NoSuchInterface, Other };
    StartFailure startFailure() const { return startFailure_; }
    // The reason the capture stopped by itself ("" when stopped on request or by a stop condition).
    std::string failure() const;
    const std::string& outputPath() const { return options_.outputPath; }
    const LiveOptions& options() const { return options_; }
    // Each interface as it was opened: its link type, snapshot length and time stamp resolution.
    const std::vector<WriterInterface>& interfaces() const { return described_; }
    // tcpdump's closing lines: "N packets captured", "M packets received by filter", ...
    std::string summaryText() const;

private:
    // What open() and the helper route share: state reset and the checks of the options themselves.
    bool prepare(const LiveOptions& options, std::string& error);
    void run();
    // The steps of run() (the capture thread).
    struct CallbackContext;
    struct CaptureLoop;
    static void onPacket(unsigned char* user, const pcap_pkthdr* header, const unsigned char* bytes);
    // Reads what every interface has ready.
    void drain(CaptureLoop& loop);
    // After each poll() round: the duration limit, the flush within 20 ms of a packet, the statistics.
    void afterPollRound(CaptureLoop& loop);
    void drainAfterStopRequest(CaptureLoop& loop);
    void finishCapture(const CaptureLoop& loop);
    // Ends the capture at once, with `why` as its failure().
    void stopWithFailure(std::string why);
    // The helper route (live_capture_helper.cpp): spawn it, wait for "started", then follow its status.
    bool startThroughHelper(const std::string& helper, std::string& error);
    void runHelper();
    // Ends the capture at `cutoffNs` (CLOCK_REALTIME): what arrived until then is still written.
    void stopAt(std::int64_t cutoffNs);
    void updateStatistics();
    void closeHandles();

    LiveOptions options_;
    std::vector<pcap_t*> handles_;
    std::vector<WriterInterface> described_;
    CaptureWriter writer_;
    std::thread thread_;
    int wakePipe_[2] = {-1, -1};
    std::atomic<bool> running_{false};
    std::atomic<bool> stop_{false};          // a stop condition or a failure: stop at once
    std::atomic<bool> stopRequested_{false}; // requestStop() or the duration: write what came before
    std::atomic<std::int64_t> stopCutoffNs_{0};
    StartFailure startFailure_ = StartFailure::None;
    mutable std::mutex statsMutex_;
    LiveStatistics stats_;
    std::string failure_;
    bool throughHelper_ = false;
    std::atomic<int> helperPid_{-1};  // the running helper, signalled by requestStop()
    int helperStatusFd_ = -1;
};

} // namespace synscope
