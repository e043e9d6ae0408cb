// The display filter (core/filter/display_filter): what the packet list and every synscope-cli -Y test
// packets through. An expression and a TCP stream over a PacketStore; a link type that appears later and
// rejects the expression fails with a message naming it.
#include "test_support.h"

#include "filter/display_filter.h"

#include <QtTest>

using namespace synscope;
using namespace synscope::testkit;

namespace {

std::size_t countMatching(DisplayFilter& filter, const PacketStore& store)
{
    std::size_t n = 0;
    for (std::size_t i = 0; i < store.size(); ++i)
        n += filter.matches(store, i) ? 1 : 0;
    return n;
}

// A TCP SYN from 192.0.2.1:40000 to 192.0.2.2:80, as an IPv4 packet.
Bytes synPacket()
{
    TcpSpec s;
    s.srcPort = 40000;
    s.dstPort = 80;
    s.seq = 1;
    s.flags = 0x02;
    return ipv4(ip("192.0.2.1"), ip("192.0.2.2"), 6, tcp(ip("192.0.2.1"), ip("192.0.2.2"), s));
}

} // namespace

class TestDisplayFilter : public QObject {
    Q_OBJECT

private slots:
    void blankExpressionPassesEveryPacket()
    {
        const auto c = test::load(buildSampleCapture());
        for (const char* blank : {"", "   ", " \t\n"}) {
            DisplayFilter filter;
            std::string error;
            QVERIFY(filter.set(blank, c->store.get(), error));
            QVERIFY(!filter.active());
            QCOMPARE(countMatching(filter, *c->store), c->store->size());
            QVERIFY(!filter.failed());
        }
    }

    void expressionChoosesPackets()
    {
        const auto c = test::load(buildSampleCapture());
        DisplayFilter filter;
        std::string error;
        QVERIFY2(filter.set("tcp port 5432", c->store.get(), error), error.c_str());
        QVERIFY(filter.active() && filter.hasExpression());
        QCOMPARE(filter.expression(), std::string("tcp port 5432"));
        QCOMPARE(countMatching(filter, *c->store), std::size_t(2));
        QVERIFY(filter.set("ip6", FilterLanguage::Bpf, -1, c->store.get(), error));
        QCOMPARE(countMatching(filter, *c->store), std::size_t(11));
    }

    // Only the packets the TCP analysis puts in that stream, alone or with an expression.
    void streamRestriction()
    {
        const auto c = test::load(buildSampleCapture());
        const PacketStore& store = *c->store;
        std::size_t inStream1 = 0, synsInStream1 = 0;
        for (std::size_t i = 0; i < store.size(); ++i)
            if (store.tcpRecord(i).hasStream() && store.tcpRecord(i).stream == 1)
                ++inStream1;
        QCOMPARE(inStream1, std::size_t(8));
        DisplayFilter filter;
        std::string error;
        QVERIFY(filter.set("", FilterLanguage::Bpf, 1, &store, error));
        QVERIFY(filter.active() && !filter.hasExpression());
        QCOMPARE(filter.stream(), std::int64_t(1));
        QCOMPARE(countMatching(filter, store), inStream1);
        QVERIFY(filter.set("tcp[tcpflags] & tcp-syn != 0", FilterLanguage::Bpf, 1, &store, error));
        for (std::size_t i = 0; i < store.size(); ++i)
            if (filter.matches(store, i)) {
                QCOMPARE(store.tcpRecord(i).stream, std::uint64_t(1));
                ++synsInStream1;
            }
        QCOMPARE(synsInStream1, std::size_t(2)); // the SYN and the SYN-ACK
        filter.clear();
        QVERIFY(!filter.active());
        QCOMPARE(countMatching(filter, store), store.size());
    }

    void invalidExpressionIsRefused()
    {
        const auto c = test::load(buildSampleCapture());
        DisplayFilter filter;
        std::string error;
        QVERIFY(filter.set("tcp port 80", FilterLanguage::Bpf, 2, c->store.get(), error));
        QVERIFY(!filter.set("tcp port", FilterLanguage::Bpf, 2, c->store.get(), error));
        QVERIFY2(error.find("syntax error") != std::string::npos, error.c_str());
        // A refused expression leaves a filter that passes everything, stream restriction included.
        QVERIFY(!filter.active());
        QCOMPARE(countMatching(filter, *c->store), c->store->size());
        // Without a store (nothing opened yet), the syntax is still checked.
        QVERIFY(!filter.set("tcp port", nullptr, error));
        QVERIFY(filter.set("tcp port 80", nullptr, error));
    }

    // A raw-IP interface after an Ethernet one: "ether host" compiles for Ethernet (the link type known
    // when the filter is set) and is rejected for raw IP when its first packet is tested.
    void laterLinkTypeThatRejectsTheExpressionFails()
    {
        CaptureScript script;
        const int raw = script.addInterface(101, "raw0");
        script.add(ethernetIp(mac(1), mac(2), synPacket()));
        script.add(ethernetIp(mac(0x10), mac(2), synPacket()));
        script.add(synPacket(), static_cast<std::uint32_t>(raw));
        QTemporaryDir dir;
        const std::string path = script.writeTemp(dir.path().toStdString(), "two-link-types.pcapng");
        PacketStore store;
        std::string error;
        QVERIFY2(store.open(path, error), error.c_str());
        DisplayFilter filter;
        QVERIFY2(filter.set("ether host 02:00:00:00:00:10", &store, error), error.c_str());
        while (store.loadMore(1024) == CaptureReader::Status::More) {
        }
        QCOMPARE(store.size(), std::size_t(3));
        QVERIFY(!filter.matches(store, 0));
        QVERIFY(filter.matches(store, 1));
        QVERIFY(!filter.failed());
        QVERIFY(!filter.matches(store, 2));
        QVERIFY(filter.failed());
        QVERIFY2(filter.error().find("link type 101") != std::string::npos, filter.error().c_str());
        // The rejected link type is not compiled again; the Ethernet packets still answer.
        QVERIFY(!filter.matches(store, 2));
        QVERIFY(filter.matches(store, 1));
        // An expression every link type accepts does not fail.
        QVERIFY(filter.set("tcp port 80", &store, error));
        QCOMPARE(countMatching(filter, store), std::size_t(3));
        QVERIFY(!filter.failed());
    }
};

QTEST_GUILESS_MAIN(TestDisplayFilter)
#include "test_display_filter.moc"
