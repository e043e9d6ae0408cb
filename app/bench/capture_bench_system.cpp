#include "capture_bench_system.h"

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <dirent.h>
#include <fstream>
#include <iterator>
#include <sstream>
#include <sys/syscall.h>
#include <unistd.h>

namespace synscope::cli {

pid_t currentTid() { return static_cast<pid_t>(::syscall(SYS_gettid)); }

std::int64_t realtimeNs()
{
    timespec t{};
    clock_gettime(CLOCK_REALTIME, &t);
    return static_cast<std::int64_t>(t.tv_sec) * 1000000000 + t.tv_nsec;
}

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

CpuTicks CpuSampler::sample()
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

double CpuSampler::ticksPerSecond() { return static_cast<double>(::sysconf(_SC_CLK_TCK)); }

std::uint64_t CpuSampler::threadTicks(pid_t tid)
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

} // namespace synscope::cli
