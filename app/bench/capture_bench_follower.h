#pragma once
// bench --live --follow: a PacketStore following the growing capture file on a thread of its own, as
// `synscope-cli capture` does, and how far it lags behind the wire.
#include "capture_bench_system.h"

#include "live/live_capture.h"
#include "store/packet_store.h"

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>

namespace synscope::cli {

class PacketPrinter;

// A PacketStore following the growing capture file, as `synscope-cli capture` does: loadMore (index and
// TCP analysis), refresh, and again every 10 ms once at the end of what is written.
class Follower {
public:
    Follower(const LiveCapture& capture, bool print, CpuSampler& cpu) : capture_(capture), print_(print), cpu_(cpu) {}
    ~Follower() { join(); }

    bool start(const std::string& path, std::string& error);
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
    void run();
    // Formats the lines of packets [next, n) into `out` (counted, then discarded, every 64 KiB).
    void printPackets(PacketPrinter& printer, std::size_t& next, std::size_t n, std::string& out);
    // The age of the last packet loaded, against the wall clock.
    void measureLag(std::size_t n);

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

} // namespace synscope::cli
