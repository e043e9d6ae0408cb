#include "capture_bench_traffic.h"

#include "bench_support.h"

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace synscope::cli {

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

namespace {

// A UDP socket and the address 127.0.0.1:port; -1 with `error`.
int loopbackUdpSocket(std::uint16_t port, sockaddr_in& address, std::string& error)
{
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error = std::string("cannot create a UDP socket: ") + std::strerror(errno);
        return -1;
    }
    address = sockaddr_in{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(port);
    return fd;
}

} // namespace

// The sink receives the benchmark's datagrams, so the kernel answers none of them with ICMP port
// unreachable. It is never read: once its receive buffer is full the kernel drops further datagrams
// there, after the packet taps saw them, which costs less CPU than copying them out.
int bindSink(std::uint16_t& port, std::string& error)
{
    sockaddr_in a{};
    const int fd = loopbackUdpSocket(port, a, error);
    if (fd < 0)
        return -1;
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
    sockaddr_in a{};
    const int fd = loopbackUdpSocket(port, a, error);
    if (fd < 0)
        return -1;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        error = "cannot connect a UDP socket to 127.0.0.1:" + std::to_string(port) + ": " + std::strerror(errno);
        ::close(fd);
        return -1;
    }
    return fd;
}

} // namespace synscope::cli
