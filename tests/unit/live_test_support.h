#pragma once
// Helpers of the live-capture tests: loopback sockets the test drives step by step, an independent
// libpcap capture that says which packets SynScope should have written, and libpcap's own reading of a
// file SynScope wrote. Traffic goes to 127.0.0.1 only.
#include "store/packet_store.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QString>
#include <QThread>
#include <QtTest>
#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <functional>
#include <mutex>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

// Live capture needs capture rights; CI runs the tests as root.
#define SYNSCOPE_REQUIRE_ROOT()                                                                                      \
    do {                                                                                                             \
        if (::geteuid() != 0)                                                                                        \
            QSKIP("skipped: this test captures live traffic (and may create network namespaces), which needs "     \
                  "root; this run is not root (CI runs the tests as root)");                                        \
    } while (0)

namespace synscope::livetest {

// A file descriptor closed on destruction.
class Fd {
public:
    Fd() = default;
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() { reset(); }
    Fd(Fd&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
    Fd& operator=(Fd&& o) noexcept
    {
        if (this != &o) {
            reset();
            fd_ = o.fd_;
            o.fd_ = -1;
        }
        return *this;
    }
    int get() const { return fd_; }
    bool valid() const { return fd_ >= 0; }
    void reset()
    {
        if (fd_ >= 0)
            ::close(fd_);
        fd_ = -1;
    }

private:
    int fd_ = -1;
};

inline sockaddr_in loopback(quint16 port)
{
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

// A TCP socket bound to 127.0.0.1 on a port the kernel picks (so no other program has it).
inline Fd boundLoopbackSocket(quint16& port)
{
    Fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_in a = loopback(0);
    if (!fd.valid() || ::bind(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) != 0)
        return Fd();
    socklen_t len = sizeof a;
    ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
    return fd;
}

// A server listening on 127.0.0.1:port.
inline Fd listenLoopback(quint16& port)
{
    Fd fd = boundLoopbackSocket(port);
    if (!fd.valid() || ::listen(fd.get(), 16) != 0)
        return Fd();
    return fd;
}

// Connects to 127.0.0.1:port; on failure returns an invalid Fd and sets `error` to errno.
inline Fd connectLoopback(quint16 port, int* error = nullptr)
{
    Fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    const sockaddr_in a = loopback(port);
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&a), sizeof a) != 0) {
        if (error)
            *error = errno;
        return Fd();
    }
    if (error)
        *error = 0;
    return fd;
}

inline Fd acceptOne(int listener)
{
    pollfd p{listener, POLLIN, 0};
    if (::poll(&p, 1, 5000) != 1)
        return Fd();
    return Fd(::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC));
}

inline bool sendAll(int fd, const QByteArray& data)
{
    qsizetype done = 0;
    while (done < data.size()) {
        const ssize_t n = ::send(fd, data.constData() + done, static_cast<size_t>(data.size() - done), MSG_NOSIGNAL);
        if (n <= 0)
            return false;
        done += n;
    }
    return true;
}

// Reads exactly `n` bytes (or what came before the peer closed or 5 s passed).
inline QByteArray receiveExactly(int fd, int n)
{
    QByteArray out;
    QElapsedTimer t;
    t.start();
    while (out.size() < n && t.elapsed() < 5000) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0)
            continue;
        char buf[4096];
        const ssize_t got = ::recv(fd, buf, std::min<size_t>(sizeof buf, static_cast<size_t>(n - out.size())), 0);
        if (got <= 0)
            break;
        out.append(buf, got);
    }
    return out;
}

// Waits until the peer's FIN has arrived (recv returns 0).
inline bool waitForEndOfStream(int fd)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 5000) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0)
            continue;
        char c;
        const ssize_t got = ::recv(fd, &c, 1, 0);
        if (got == 0)
            return true;
        if (got < 0)
            return false;
    }
    return false;
}

// The socket's TCP state (TCP_ESTABLISHED, TCP_CLOSE ... from <netinet/tcp.h>).
inline int tcpState(int fd)
{
    tcp_info info{};
    socklen_t len = sizeof info;
    if (::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) != 0)
        return -1;
    return info.tcpi_state;
}

// Waits until the socket reaches `state`. A state the socket reaches when a segment arrives means
// that segment went through the loopback interface, so every capture on it has it in its buffer.
inline bool waitTcpState(int fd, int state, int timeoutMs = 5000)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        if (tcpState(fd) == state)
            return true;
        QThread::msleep(1);
    }
    return tcpState(fd) == state;
}

// How runConnection() drives a connection.
struct ConnectionScript {
    QByteArray request = "hello";  // client -> server
    QByteArray reply = "world";    // server -> client (may be empty)
    bool clientClosesFirst = true;
    // The second closer waits until the first closer's FIN is acknowledged (FIN_WAIT_2) before it sends
    // its own FIN: ACK and FIN are then two segments, a four-way teardown, whatever the delayed-ACK timer
    // does. Without it the teardown is four-way or three-way.
    bool fourWay = false;
    // Runs when the first FIN has arrived at the other side, before that side closes; false fails.
    std::function<bool()> beforeSecondClose;
};

inline ConnectionScript scripted(const QByteArray& request, const QByteArray& reply, bool clientClosesFirst,
                                 bool fourWay = false)
{
    ConnectionScript s;
    s.request = request;
    s.reply = reply;
    s.clientClosesFirst = clientClosesFirst;
    s.fourWay = fourWay;
    return s;
}

// Drives a connection already made (`client` connected, `server` accepted) so that its last segment has
// arrived when it returns (so every capture on its interface has it in its buffer): request, reply, then
// the closes. Both sides close with shutdown() and stay open until the end.
inline bool runConnectedPair(Fd& client, Fd& server, const ConnectionScript& script)
{
    if (!client.valid() || !server.valid() || !sendAll(client.get(), script.request) ||
        receiveExactly(server.get(), int(script.request.size())) != script.request)
        return false;
    if (!script.reply.isEmpty() && (!sendAll(server.get(), script.reply) ||
                                    receiveExactly(client.get(), int(script.reply.size())) != script.reply))
        return false;
    Fd& first = script.clientClosesFirst ? client : server;
    Fd& second = script.clientClosesFirst ? server : client;
    if (::shutdown(first.get(), SHUT_WR) != 0 || !waitForEndOfStream(second.get()))
        return false;
    if (script.fourWay && !waitTcpState(first.get(), TCP_FIN_WAIT2))
        return false;
    if (script.beforeSecondClose && !script.beforeSecondClose())
        return false;
    if (::shutdown(second.get(), SHUT_WR) != 0)
        return false;
    // LAST_ACK -> CLOSE: the first closer's final ACK has been through the interface.
    return waitTcpState(second.get(), TCP_CLOSE);
}

// A whole connection to 127.0.0.1:port (a listener of the test), driven as runConnectedPair() does.
inline bool runConnection(int listener, quint16 port, const ConnectionScript& script = {})
{
    Fd client = connectLoopback(port);
    if (!client.valid())
        return false;
    Fd server = acceptOne(listener);
    return runConnectedPair(client, server, script);
}

struct OfflinePacket {
    QByteArray data;
    quint32 originalLength = 0;
    quint32 interfaceIndex = 0; // pcapng: the interface it was captured on
};

// Reads every packet of `path` with libpcap (not SynScope's reader). `linkType` gets the file's link type.
inline bool readWithLibpcap(const QString& path, std::vector<OfflinePacket>& out, int& linkType, QString& error)
{
    char errbuf[PCAP_ERRBUF_SIZE] = {};
    pcap_t* p = pcap_open_offline(path.toLocal8Bit().constData(), errbuf);
    if (!p) {
        error = QString::fromLocal8Bit(errbuf);
        return false;
    }
    linkType = pcap_datalink(p);
    pcap_pkthdr* h = nullptr;
    const u_char* bytes = nullptr;
    int rc;
    while ((rc = pcap_next_ex(p, &h, &bytes)) == 1)
        out.push_back({QByteArray(reinterpret_cast<const char*>(bytes), int(h->caplen)), h->len, 0});
    if (rc != PCAP_ERROR_BREAK)
        error = QString::fromLocal8Bit(pcap_geterr(p));
    pcap_close(p);
    return rc == PCAP_ERROR_BREAK;
}

// Reads every packet of `path` with SynScope's reader (PacketStore), as the GUI would re-open it.
inline bool readWithStore(const QString& path, std::vector<OfflinePacket>& out, QString& error,
                          std::vector<std::uint32_t>* linkTypes = nullptr)
{
    PacketStore store;
    std::string e;
    if (!store.open(path.toStdString(), e)) {
        error = QString::fromStdString(e);
        return false;
    }
    CaptureReader::Status status;
    do
        status = store.loadMore(1 << 16);
    while (status == CaptureReader::Status::More);
    if (status != CaptureReader::Status::End) {
        error = QString::fromStdString(status == CaptureReader::Status::Error
                                           ? store.reader().describe(store.reader().error())
                                           : store.reader().describe(store.reader().truncation()));
        return false;
    }
    for (std::size_t i = 0; i < store.size(); ++i) {
        const auto b = store.bytes(i);
        out.push_back({QByteArray(reinterpret_cast<const char*>(b.data()), int(b.size())),
                       store.record(i).originalLength, store.record(i).interfaceIndex()});
    }
    if (linkTypes)
        for (std::size_t i = 0; i < store.reader().interfaces().size(); ++i)
            linkTypes->push_back(store.reader().interfaces()[i].linkType);
    return true;
}

// An independent capture through libpcap, started before the traffic: the packets SynScope's capture must
// have written too. A big buffer (bulk transfers on lo are 64 KiB segments) and a short block timeout;
// stop() waits out the timeout so the last block is in.
class OracleCapture {
public:
    ~OracleCapture() { stop(); }

    bool start(const std::string& device, const std::string& filter, QString& error)
    {
        char errbuf[PCAP_ERRBUF_SIZE] = {};
        handle_ = pcap_create(device.c_str(), errbuf);
        if (!handle_) {
            error = errbuf;
            return false;
        }
        pcap_set_snaplen(handle_, 262144);
        pcap_set_timeout(handle_, 10);
        pcap_set_buffer_size(handle_, 64 << 20);
        if (pcap_activate(handle_) < 0) {
            error = QString("oracle capture: ") + pcap_geterr(handle_);
            return false;
        }
        bpf_program program{};
        if (pcap_compile(handle_, &program, filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0 ||
            pcap_setfilter(handle_, &program) != 0) {
            error = QString("oracle filter: ") + pcap_geterr(handle_);
            return false;
        }
        pcap_freecode(&program);
        pcap_setnonblock(handle_, 1, errbuf);
        thread_ = std::thread([this] { run(); });
        return true;
    }

    // Takes what is in the kernel buffer and stops. Call it when the traffic is over.
    void stop()
    {
        if (thread_.joinable()) {
            stop_.store(true);
            thread_.join();
        }
        if (handle_) {
            pcap_stat s{};
            if (pcap_stats(handle_, &s) == 0)
                dropped_ = s.ps_drop;
            pcap_close(handle_);
            handle_ = nullptr;
        }
    }

    const std::vector<OfflinePacket>& packets() const { return packets_; }
    unsigned dropped() const { return dropped_; }

private:
    static void onPacket(u_char* user, const pcap_pkthdr* h, const u_char* bytes)
    {
        auto* self = reinterpret_cast<OracleCapture*>(user);
        self->packets_.push_back({QByteArray(reinterpret_cast<const char*>(bytes), int(h->caplen)), h->len, 0});
    }

    void run()
    {
        pollfd p{pcap_get_selectable_fd(handle_), POLLIN, 0};
        QElapsedTimer sinceStop;
        while (true) {
            if (stop_.load() && !sinceStop.isValid())
                sinceStop.start();
            ::poll(&p, 1, 5);
            while (pcap_dispatch(handle_, -1, onPacket, reinterpret_cast<u_char*>(this)) > 0) {
            }
            if (sinceStop.isValid() && sinceStop.elapsed() > 150) // three block timeouts and more
                break;
        }
    }

    pcap_t* handle_ = nullptr;
    std::thread thread_;
    std::atomic<bool> stop_{false};
    std::vector<OfflinePacket> packets_;
    unsigned dropped_ = 0;
};

// TCP payload bytes sent to `port` in Ethernet/IPv4 packets (retransmissions included, as the connection
// table counts them).
inline std::uint64_t tcpPayloadTo(const std::vector<OfflinePacket>& packets, quint16 port)
{
    std::uint64_t total = 0;
    for (const OfflinePacket& p : packets) {
        const auto* b = reinterpret_cast<const std::uint8_t*>(p.data.constData());
        if (p.data.size() < 14 + 20 || b[12] != 0x08 || b[13] != 0x00 || b[14 + 9] != 6)
            continue;
        const int ipHeader = (b[14] & 0x0f) * 4;
        const int ipTotal = (b[16] << 8) | b[17];
        const int tcp = 14 + ipHeader;
        if (p.data.size() < tcp + 20 || ((b[tcp + 2] << 8) | b[tcp + 3]) != port)
            continue;
        total += static_cast<std::uint64_t>(ipTotal - ipHeader - (b[tcp + 12] >> 4) * 4);
    }
    return total;
}

// "packet 3 differs: 74 bytes vs 74 bytes" or empty when both lists hold the same packets in order.
inline QString comparePackets(const std::vector<OfflinePacket>& got, const std::vector<OfflinePacket>& want)
{
    if (got.size() != want.size())
        return QString("%1 packets written, %2 expected").arg(got.size()).arg(want.size());
    for (std::size_t i = 0; i < got.size(); ++i)
        if (got[i].data != want[i].data || got[i].originalLength != want[i].originalLength)
            return QString("packet %1 differs: %2 bytes (%3 on the wire) written, %4 (%5) expected")
                .arg(i + 1)
                .arg(got[i].data.size())
                .arg(got[i].originalLength)
                .arg(want[i].data.size())
                .arg(want[i].originalLength);
    return {};
}

} // namespace synscope::livetest
