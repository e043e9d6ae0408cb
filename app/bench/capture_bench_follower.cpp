#include "capture_bench_follower.h"

#include "app/cli/packet_printer.h"

#include "store/page_release.h"

#include <algorithm>
#include <chrono>
#include <sys/prctl.h>

namespace synscope::cli {

bool Follower::start(const std::string& path, std::string& error)
{
    if (!store_.open(path, error, true))
        return false;
    thread_ = std::thread(&Follower::run, this);
    return true;
}

void Follower::run()
{
    cpu_.setFollower(currentTid());
    ::prctl(PR_SET_NAME, "bench-follow", 0, 0, 0);
    // Printing maps the packets' pages again after loadMore let them go: the printer gives them back, or
    // the process grows by the size of the file (as mapped file pages).
    PacketPrinter printer(store_, false, false, PageRelease::kDefaultEvery);
    std::string out;
    std::size_t next = 0;
    bool finalPass = false;
    while (true) {
        const CaptureReader::Status status = store_.loadMore(65536);
        const std::size_t n = store_.size();
        if (print_)
            printPackets(printer, next, n, out);
        if (n > 0 && measuring_.load())
            measureLag(n);
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

void Follower::printPackets(PacketPrinter& printer, std::size_t& next, std::size_t n, std::string& out)
{
    for (; next < n; ++next) {
        printer.append(next, out);
        out += '\n';
        if (out.size() > (1u << 16)) {
            printed_.fetch_add(out.size());
            out.clear();
        }
    }
}

void Follower::measureLag(std::size_t n)
{
    const std::int64_t lag =
        std::max<std::int64_t>(0, realtimeNs() - store_.reader().timestampNs(store_.record(n - 1)));
    lagNs_.store(lag);
    std::int64_t seen = periodMaxLagNs_.load();
    while (lag > seen && !periodMaxLagNs_.compare_exchange_weak(seen, lag)) {
    }
    if (lag > worstLagNs_.load())
        worstLagNs_.store(lag);
}

} // namespace synscope::cli
