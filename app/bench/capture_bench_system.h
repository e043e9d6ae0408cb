#pragma once
// What the live capture benchmark reads from the system while it runs: memory, the kernel's backlog
// drops, each thread's CPU time; and how it writes the large counts.
#include <atomic>
#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <sys/types.h>

namespace synscope::cli {

pid_t currentTid();
// CLOCK_REALTIME in nanoseconds: what the packets' time stamps are compared with.
std::int64_t realtimeNs();

// "12,345,678": the counts run into the millions.
std::string grouped(std::uint64_t n);
std::string groupedSigned(std::int64_t n);

struct Memory {
    double rssMb = 0, anonMb = 0, fileMb = 0;
};

// VmRSS, RssAnon and RssFile of /proc/self/status. RssFile holds the capture ring (mapped from the
// kernel) and pages of the capture file the follower has mapped; RssAnon is the heap.
Memory readMemory();

// Datagrams the kernel dropped before any tap saw them (per-CPU backlog full), over all CPUs: the
// second column of /proc/net/softnet_stat. Machine-wide, so other traffic counts too.
std::uint64_t softnetDrops();

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

    CpuTicks sample();
    static double ticksPerSecond();

private:
    static std::uint64_t threadTicks(pid_t tid);

    std::mutex mutex_;
    std::set<pid_t> senders_;
    std::atomic<pid_t> follower_{0};
    CpuTicks seen_;
};

} // namespace synscope::cli
