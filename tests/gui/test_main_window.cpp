// MainWindow, offscreen, driven like a user: the bundled sample loaded into the packet list and the
// connections panel, a packet's tree and bytes, tree <-> hex highlighting, BPF display filters checked
// against synscope-cli, bad filters, following a connection, cancelling a big load, switching files,
// unreadable and truncated files, and a screenshot (/work/notes/gui-main.png, or
// SYNSCOPE_MAINWINDOW_SCREENSHOT). The models run under QAbstractItemModelTester throughout one test.
#include "ui/connections/connection_model.h"
#include "ui/filter/filter_bar.h"
#include "ui/packets/hex_view.h"
#include "ui/window/main_window.h"
#include "ui/packets/packet_details_pane.h"
#include "ui/packets/packet_list_model.h"
#include "ui/packets/protocol_tree_model.h"

#include "bench_capture.h"
#include "../unit/test_support.h" // tests/gui has no include path to tests/unit

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMessageBox>
#include <QPixmap>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QtTest>

#include <memory>

using namespace synscope;

namespace {

// The offscreen platform plugin warns on every top-level window shown; everything else goes through.
QtMessageHandler previousHandler = nullptr;
void quietHandler(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (type == QtWarningMsg && message == QLatin1String("This plugin does not support propagateSizeHints()"))
        return;
    if (previousHandler)
        previousHandler(type, context, message);
}

constexpr int kSamplePackets = 55;
constexpr int kLoadTimeoutMs = 30000;

QString samplePath()
{
    return QDir(qEnvironmentVariable("SYNSCOPE_SOURCE_DIR")).filePath(QStringLiteral("resources/sample.pcapng"));
}

QPoint centre(const QRect& r) { return QPoint(r.x() + r.width() / 2, r.y() + r.height() / 2); }

// The frame numbers the list shows, in display order, from the No. column.
QList<int> displayedFrames(const MainWindow& w)
{
    QList<int> frames;
    const PacketListModel* m = w.packetModel();
    for (int r = 0; r < m->rowCount(); ++r)
        frames << m->index(r, PacketListModel::NumberColumn).data().toString().toInt();
    return frames;
}

// The same, from the model's own row -> packet mapping (must agree with the No. column).
QList<int> displayedPackets(const MainWindow& w)
{
    QList<int> frames;
    const PacketListModel* m = w.packetModel();
    for (int r = 0; r < m->rowCount(); ++r)
        frames << static_cast<int>(m->packetAt(r)) + 1;
    return frames;
}

QList<int> range(int first, int last)
{
    QList<int> out;
    for (int i = first; i <= last; ++i)
        out << i;
    return out;
}

QString cell(const MainWindow& w, int row, int column)
{
    return w.packetModel()->index(row, column).data(Qt::DisplayRole).toString();
}

// The first field tree node named `name` in the details pane, or -1.
int nodeNamed(const MainWindow& w, const char* name)
{
    const FieldTree& tree = w.details()->treeModel()->tree();
    for (std::size_t i = 0; i < tree.size(); ++i)
        if (std::string_view(tree[static_cast<int>(i)].name) == name)
            return static_cast<int>(i);
    return -1;
}

QString currentFieldName(const MainWindow& w)
{
    return w.details()->treeView()->currentIndex().data(ProtocolTreeModel::FieldNameRole).toString();
}

QStringList topLevelNames(const MainWindow& w, int role)
{
    QStringList out;
    const ProtocolTreeModel* m = w.details()->treeModel();
    for (int r = 0; r < m->rowCount(); ++r)
        out << m->index(r, 0).data(role).toString();
    return out;
}

// What `synscope-cli read -Y filter` prints for the sample: its line count and (from --json) frame numbers.
struct CliFilterResult {
    bool ok = false;
    int lines = -1;
    QList<int> frames;
    QString error;
};

CliFilterResult cliFilter(const QString& filter)
{
    CliFilterResult r;
    const test::CliResult text = test::runCli({QStringLiteral("read"), QStringLiteral("-Y"), filter, samplePath()});
    const test::CliResult json =
        test::runCli({QStringLiteral("read"), QStringLiteral("--json"), QStringLiteral("-Y"), filter, samplePath()});
    if (text.exitCode != 0 || json.exitCode != 0) {
        r.error = QString::fromUtf8(text.err + json.err);
        return r;
    }
    r.lines = 0;
    for (const QByteArray& line : text.out.split('\n'))
        if (!line.trimmed().isEmpty())
            ++r.lines;
    for (const QByteArray& line : json.out.split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        QJsonParseError e;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &e);
        if (e.error != QJsonParseError::NoError || !doc.isObject()) {
            r.error = QStringLiteral("bad JSON line: ") + QString::fromUtf8(line.left(200));
            return r;
        }
        r.frames << doc.object().value(QStringLiteral("frame.number")).toInt();
    }
    r.ok = true;
    return r;
}

// The red/green state of the filter bar's editor, as painted.
QString editorStyle(const MainWindow& w)
{
    const auto* combo = w.filterBar()->findChild<QComboBox*>();
    return combo && combo->lineEdit() ? combo->lineEdit()->styleSheet() : QString();
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_settings;
    QTemporaryDir m_benchDir;
    QString m_benchPath;

    std::unique_ptr<MainWindow> makeWindow()
    {
        auto w = std::make_unique<MainWindow>();
        w->resize(1280, 900);
        w->show();
        if (!QTest::qWaitForWindowExposed(w.get()))
            return nullptr;
        return w;
    }

    // Opens `path` and waits for MainWindow::loadFinished.
    static bool openAndWait(MainWindow& w, const QString& path, const QString& filter = {})
    {
        QSignalSpy finished(&w, &MainWindow::loadFinished);
        w.openCapture(path, filter);
        return finished.wait(kLoadTimeoutMs);
    }

    // Types `expression` into the filter bar, presses Apply and waits for the list to show the result.
    static bool applyAndWait(MainWindow& w, const QString& expression)
    {
        QSignalSpy rows(&w, &MainWindow::displayedRowsChanged);
        w.filterBar()->setExpression(expression);
        w.filterBar()->apply();
        return rows.count() > 0 || rows.wait(kLoadTimeoutMs);
    }

    // The proxy row of the connections panel showing TCP stream `stream`, or -1.
    static int connectionViewRow(const MainWindow& w, int stream)
    {
        const QAbstractItemModel* m = w.connectionView()->model();
        for (int r = 0; r < m->rowCount(); ++r)
            if (m->index(r, ConnectionModel::StreamColumn).data(ConnectionModel::StreamRole).toInt() == stream)
                return r;
        return -1;
    }

    // The benchmark capture with 300,000 packets (written once, ~185 MB).
    QString benchCapture()
    {
        if (!m_benchPath.isEmpty())
            return m_benchPath;
        if (!m_benchDir.isValid())
            return {};
        const QString path = m_benchDir.filePath(QStringLiteral("bench300k.pcap"));
        std::string error;
        testkit::BenchCaptureStats stats;
        if (!testkit::writeBenchCapture(path.toStdString(), 300000, CaptureFileFormat::Pcap, error, &stats)) {
            qWarning("writeBenchCapture: %s", error.c_str());
            return {};
        }
        if (stats.packets != 300000)
            return {};
        m_benchPath = path;
        return m_benchPath;
    }

private slots:
    void initTestCase();

    void modelsPassModelTester();
    void sampleFillsListAndConnections();
    void selectingPacketFillsTreeAndHex();
    void treeNodeHighlightsBytes_data();
    void treeNodeHighlightsBytes();
    void hexClickSelectsDeepestField_data();
    void hexClickSelectsDeepestField();
    void selectedFieldFollowsToNextPacket();
    void bpfFilterMatchesCli_data();
    void bpfFilterMatchesCli();
    void clearingFilterRestoresAllAtOnce();
    void filterGivenAtOpenAppliesFromFirstPacket_data();
    void filterGivenAtOpenAppliesFromFirstPacket();
    void filterInBarAppliesToNextFile();
    void badFilterTurnsRedAndKeepsList_data();
    void badFilterTurnsRedAndKeepsList();
    void connectionSelectionFiltersToStream();
    void cancelLargeLoadIsQuick();
    void secondOpenWhileLoadingSwitchesCleanly();
    void unreadableFileReportsReaderMessage();
    void truncatedFileLoadsCompletePackets();
    void unreadableFileKeepsPreviousCapture();
    void grownFileLoadsNewPackets();
    void screenshot();
};

void TestMainWindow::initTestCase()
{
    previousHandler = qInstallMessageHandler(quietHandler);
    // Never read or write the user's settings (recent files, filter history, column layout).
    QVERIFY(m_settings.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("SynScopeGuiTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_main_window"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
    QVERIFY2(QFileInfo::exists(samplePath()), qPrintable(samplePath()));
    QVERIFY2(QFileInfo(qEnvironmentVariable("SYNSCOPE_CLI")).isExecutable(), "SYNSCOPE_CLI must name synscope-cli");
}

// 1. Every model the window shows stays consistent (QAbstractItemModelTester) through a load, a
//    selection, filters (BPF, stream, combined, bad), clearing, closing and reopening with a filter.
void TestMainWindow::modelsPassModelTester()
{
    auto w = makeWindow();
    QVERIFY(w);
    using Mode = QAbstractItemModelTester::FailureReportingMode;
    QAbstractItemModelTester packets(w->packetModel(), Mode::QtTest);
    QAbstractItemModelTester tree(w->details()->treeModel(), Mode::QtTest);
    QAbstractItemModelTester connections(w->connectionModel(), Mode::QtTest);
    QAbstractItemModelTester connectionProxy(w->connectionView()->model(), Mode::QtTest);

    QVERIFY(openAndWait(*w, samplePath()));
    QCOMPARE(w->packetModel()->rowCount(), kSamplePackets);
    QCOMPARE(w->connectionModel()->rowCount(), 8);

    // A TCP packet: the tree model is reset with the packet's tree; a node selected.
    w->packetView()->setCurrentIndex(w->packetModel()->index(10, 0));
    QVERIFY(w->details()->treeModel()->rowCount() > 0);
    const int srcport = nodeNamed(*w, "tcp.srcport");
    QVERIFY(srcport >= 0);
    w->details()->treeView()->setCurrentIndex(w->details()->treeModel()->indexOfNode(srcport));
    // Another packet (the tree is rebuilt under the selection), a UDP one.
    w->packetView()->setCurrentIndex(w->packetModel()->index(0, 0));
    QCOMPARE(w->details()->treeModel()->index(3, 0).data(ProtocolTreeModel::FieldNameRole).toString(),
             QStringLiteral("udp"));

    QVERIFY(applyAndWait(*w, QStringLiteral("tcp port 80")));
    QCOMPARE(w->packetModel()->rowCount(), 19);
    // A bad expression reaches nothing.
    w->filterBar()->setExpression(QStringLiteral("tcp port"));
    QTRY_VERIFY(!w->filterBar()->isValid());
    w->filterBar()->apply();
    QCOMPARE(w->packetModel()->rowCount(), 19);
    // A connection on top of the expression.
    QSignalSpy rows(w.get(), &MainWindow::displayedRowsChanged);
    w->filterBar()->setExpression(QStringLiteral("tcp port 80"));
    QTRY_VERIFY(w->filterBar()->isValid());
    w->connectionView()->selectRow(connectionViewRow(*w, 1));
    QVERIFY(rows.count() > 0 || rows.wait(kLoadTimeoutMs));
    QCOMPARE(displayedFrames(*w), range(14, 21));
    w->filterBar()->clear();
    QCOMPARE(w->packetModel()->rowCount(), kSamplePackets);

    w->closeCapture();
    QCOMPARE(w->packetModel()->rowCount(), 0);
    QCOMPARE(w->connectionModel()->rowCount(), 0);
    QCOMPARE(w->details()->treeModel()->rowCount(), 0);

    // Reopened with a display filter given at open (what the list shows then is checked by
    // filterGivenAtOpenAppliesFromFirstPacket), then filtered again and cleared.
    QVERIFY(openAndWait(*w, samplePath(), QStringLiteral("icmp")));
    QTest::qWait(100);
    QVERIFY(applyAndWait(*w, QStringLiteral("icmp")));
    QCOMPARE(displayedFrames(*w), QList<int>{25});
    w->filterBar()->clear();
    QCOMPARE(w->packetModel()->rowCount(), kSamplePackets);
    w->closeCapture();
}

// 2. The sample: 55 rows with Wireshark's columns, 8 connections with their open/close kinds, status.
void TestMainWindow::sampleFillsListAndConnections()
{
    auto w = makeWindow();
    QVERIFY(w);
    QSignalSpy finished(w.get(), &MainWindow::loadFinished);
    w->openCapture(samplePath());
    QVERIFY(w->isLoading());
    QVERIFY(finished.wait(kLoadTimeoutMs));
    QCOMPARE(finished.count(), 1);
    QVERIFY(!w->isLoading());
    QCOMPARE(w->packetModel()->rowCount(), kSamplePackets);
    QCOMPARE(w->packetModel()->loadedCount(), std::size_t(kSamplePackets));
    QVERIFY(!w->packetModel()->isFiltered());
    QCOMPARE(displayedFrames(*w), range(1, kSamplePackets));
    QCOMPARE(w->bannerText(), QString());

    QCOMPARE(w->packetModel()->headerData(PacketListModel::NumberColumn, Qt::Horizontal, Qt::DisplayRole).toString(),
             QStringLiteral("No."));
    QCOMPARE(w->packetModel()->headerData(PacketListModel::InfoColumn, Qt::Horizontal, Qt::DisplayRole).toString(),
             QStringLiteral("Info"));

    struct Row {
        int row;
        const char *number, *time, *source, *destination, *protocol, *length, *info;
    };
    const Row expected[] = {
        {0, "1", "0.000000", "192.168.1.23", "192.168.1.1", "DNS", "71", "Standard query 0x1a2b A example.org"},
        {1, "2", "0.012000", "192.168.1.1", "192.168.1.23", "DNS", "87",
         "Standard query response 0x1a2b A example.org A 93.184.216.34"},
        {2, "3", "0.015000", "192.168.1.23", "93.184.216.34", "TCP", "74",
         "41334 \u2192 80 [SYN] Seq=0 Win=64240 Len=0 MSS=1460 SACK_PERM TSval=1000001 TSecr=0 WS=128"},
        {10, "11", "0.111000", "93.184.216.34", "192.168.1.23", "TCP", "60",
         "80 \u2192 41334 [ACK] Seq=53 Ack=39 Win=64256 Len=0"},
        {22, "23", "0.885300", "192.168.1.50", "192.168.1.23", "TCP", "60",
         "5432 \u2192 50412 [RST, ACK] Seq=1 Ack=1 Win=0 Len=0"},
        {24, "25", "1.386800", "192.168.1.50", "192.168.1.23", "ICMP", "102",
         "Destination unreachable (Port unreachable)"},
        {26, "27", "2.986800", "192.168.1.23", "192.168.1.50", "TCP", "74",
         "[TCP Retransmission] 50420 \u2192 6379 [SYN] Seq=0 Win=64240 Len=0 MSS=1460 SACK_PERM TSval=1000002 "
         "TSecr=0 WS=128"},
        {44, "45", "6.335800", "2001:db8:1::23", "2001:db8:2::80", "TCP", "94",
         "41350 \u2192 443 [SYN] Seq=0 Win=64240 Len=0 MSS=1460 SACK_PERM TSval=1000001 TSecr=0 WS=128"},
    };
    for (const Row& e : expected) {
        QStringList actual;
        for (int column = 0; column < PacketListModel::ColumnCount; ++column)
            actual << cell(*w, e.row, column);
        const QStringList wanted{QString::fromUtf8(e.number), QString::fromUtf8(e.time), QString::fromUtf8(e.source),
                                 QString::fromUtf8(e.destination), QString::fromUtf8(e.protocol),
                                 QString::fromUtf8(e.length), QString::fromUtf8(e.info)};
        QCOMPARE(actual, wanted);
    }

    // Connections: the panel's model in stream order, and the sorted view on it.
    const ConnectionModel* c = w->connectionModel();
    QCOMPARE(c->rowCount(), 8);
    QCOMPARE(w->connectionView()->model()->rowCount(), 8);
    struct Conn {
        const char *client, *server, *open, *close, *closedBy, *packets;
    };
    const Conn conns[] = {
        {"192.168.1.23:41334", "93.184.216.34:80", "three-way handshake", "four-way teardown", "client", "11"},
        {"192.168.1.23:41336", "93.184.216.34:80", "three-way handshake", "three-way teardown", "server", "8"},
        {"192.168.1.23:50412", "192.168.1.50:5432", "refused (RST)", "never established", "", "2"},
        {"192.168.1.23:50414", "192.168.1.50:3306", "rejected (ICMP)", "never established", "", "1"},
        {"192.168.1.23:50420", "192.168.1.50:6379", "unanswered SYN", "never established", "", "3"},
        {"192.168.1.23:41340", "93.184.216.34:443", "three-way handshake", "simultaneous close", "both", "11"},
        {"192.168.1.23:41342", "93.184.216.34:8080", "three-way handshake", "reset", "server", "5"},
        {"[2001:db8:1::23]:41350", "[2001:db8:2::80]:443", "three-way handshake", "four-way teardown", "server", "11"},
    };
    for (int r = 0; r < 8; ++r) {
        auto text = [&](int column) { return c->index(r, column).data(Qt::DisplayRole).toString(); };
        QCOMPARE(text(ConnectionModel::StreamColumn), QString::number(r));
        QCOMPARE(text(ConnectionModel::ClientColumn), QString::fromUtf8(conns[r].client));
        QCOMPARE(text(ConnectionModel::ServerColumn), QString::fromUtf8(conns[r].server));
        QCOMPARE(text(ConnectionModel::OpenColumn), QString::fromUtf8(conns[r].open));
        QCOMPARE(text(ConnectionModel::CloseColumn), QString::fromUtf8(conns[r].close));
        QCOMPARE(text(ConnectionModel::ClosedByColumn), QString::fromUtf8(conns[r].closedBy));
        QCOMPARE(text(ConnectionModel::PacketsColumn), QString::fromUtf8(conns[r].packets));
        QCOMPARE(w->connectionView()->model()->index(r, ConnectionModel::StreamColumn).data().toString(),
                 QString::number(r));
    }

    const QString status = w->statusText();
    QVERIFY2(status.contains(QStringLiteral("sample.pcapng")), qPrintable(status));
    QVERIFY2(status.contains(QStringLiteral("Packets: 55")), qPrintable(status));
    QVERIFY2(status.contains(QStringLiteral("TCP connections: 8")), qPrintable(status));
    QVERIFY2(!status.contains(QStringLiteral("Loading")), qPrintable(status));
    QVERIFY2(w->windowTitle().startsWith(QStringLiteral("sample.pcapng")), qPrintable(w->windowTitle()));
}

// 3. Selecting a row: the tree's layers and the packet's bytes in the hex pane.
void TestMainWindow::selectingPacketFillsTreeAndHex()
{
    auto w = makeWindow();
    QVERIFY(w);
    QVERIFY(openAndWait(*w, samplePath()));
    const auto store = w->packetModel()->store();
    QVERIFY(store);

    auto bytesOf = [&](std::size_t i) {
        const auto b = store->bytes(i);
        return QByteArray(reinterpret_cast<const char*>(b.data()), static_cast<qsizetype>(b.size()));
    };

    // Frame 11, IPv4/TCP.
    w->packetView()->setCurrentIndex(w->packetModel()->index(10, 0));
    QCOMPARE(topLevelNames(*w, ProtocolTreeModel::FieldNameRole),
             (QStringList{"frame", "eth", "ip", "tcp"}));
    QCOMPARE(topLevelNames(*w, Qt::DisplayRole),
             (QStringList{"Frame 11: 60 bytes on wire (480 bits), 60 bytes captured (480 bits)",
                          "Ethernet II, Src: 02:00:00:00:00:fe, Dst: 02:00:00:00:00:23",
                          "Internet Protocol Version 4, Src: 93.184.216.34, Dst: 192.168.1.23",
                          "Transmission Control Protocol, Src Port: 80, Dst Port: 41334, Seq: 53, Ack: 39, Len: 0"}));
    QCOMPARE(w->details()->hexView()->bytes().size(), 60);
    QCOMPARE(w->details()->hexView()->bytes(), bytesOf(10));
    // The frame's first bytes: destination MAC, source MAC, IPv4 ethertype.
    QCOMPARE(w->details()->hexView()->bytes().left(14).toHex(), QByteArray("0200000000230200000000fe0800"));
    // The transport layer is unfolded, the others folded.
    const ProtocolTreeModel* tm = w->details()->treeModel();
    QVERIFY(!w->details()->treeView()->isExpanded(tm->index(1, 0)));
    QVERIFY(w->details()->treeView()->isExpanded(tm->index(3, 0)));

    // Frame 1, DNS over UDP.
    w->packetView()->setCurrentIndex(w->packetModel()->index(0, 0));
    QCOMPARE(topLevelNames(*w, ProtocolTreeModel::FieldNameRole), (QStringList{"frame", "eth", "ip", "udp", "dns"}));
    QCOMPARE(w->details()->hexView()->bytes(), bytesOf(0));

    // Frame 45, IPv6/TCP.
    w->packetView()->setCurrentIndex(w->packetModel()->index(44, 0));
    QCOMPARE(topLevelNames(*w, ProtocolTreeModel::FieldNameRole), (QStringList{"frame", "eth", "ipv6", "tcp"}));
    QVERIFY(topLevelNames(*w, Qt::DisplayRole).at(2).startsWith(QStringLiteral("Internet Protocol Version 6")));
    QCOMPARE(w->details()->hexView()->bytes().size(), 94);
    QCOMPARE(w->details()->hexView()->bytes(), bytesOf(44));

    // Frame 25, ICMP error quoting the SYN: the quoted layers hang below ICMP, not at the top.
    w->packetView()->setCurrentIndex(w->packetModel()->index(24, 0));
    QCOMPARE(topLevelNames(*w, ProtocolTreeModel::FieldNameRole), (QStringList{"frame", "eth", "ip", "icmp"}));
    QCOMPARE(w->details()->hexView()->bytes(), bytesOf(24));
}

// 4a. Selecting a tree node highlights exactly its bytes (frame 3: Ethernet/IPv4/TCP SYN with options).
void TestMainWindow::treeNodeHighlightsBytes_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<int>("offset");
    QTest::addColumn<int>("length");
    QTest::newRow("eth.dst") << "eth.dst" << 0 << 6;
    QTest::newRow("eth.src") << "eth.src" << 6 << 6;
    QTest::newRow("eth.type") << "eth.type" << 12 << 2;
    QTest::newRow("ip") << "ip" << 14 << 20;
    QTest::newRow("ip.ttl") << "ip.ttl" << 22 << 1;
    QTest::newRow("ip.src") << "ip.src" << 26 << 4;
    QTest::newRow("ip.dst") << "ip.dst" << 30 << 4;
    QTest::newRow("tcp") << "tcp" << 34 << 40;
    QTest::newRow("tcp.srcport") << "tcp.srcport" << 34 << 2;
    QTest::newRow("tcp.dstport") << "tcp.dstport" << 36 << 2;
    QTest::newRow("tcp.flags") << "tcp.flags" << 46 << 2;
    QTest::newRow("tcp.window_size_value") << "tcp.window_size_value" << 48 << 2;
    QTest::newRow("tcp.options") << "tcp.options" << 54 << 20;
    QTest::newRow("tcp.options.mss_val") << "tcp.options.mss_val" << 56 << 2;
    QTest::newRow("tcp.stream (computed)") << "tcp.stream" << -1 << 0;
}

void TestMainWindow::treeNodeHighlightsBytes()
{
    QFETCH(QString, field);
    QFETCH(int, offset);
    QFETCH(int, length);
    auto w = makeWindow();
    QVERIFY(w);
    QVERIFY(openAndWait(*w, samplePath()));
    w->packetView()->setCurrentIndex(w->packetModel()->index(2, 0)); // frame 3, the first SYN
    QCOMPARE(w->details()->hexView()->bytes().size(), 74);
    const int node = nodeNamed(*w, field.toLatin1().constData());
    QVERIFY2(node >= 0, qPrintable(field));
    const QModelIndex index = w->details()->treeModel()->indexOfNode(node);
    QVERIFY(index.isValid());
    // Start from some other highlight so the change is visible.
    w->details()->hexView()->setHighlight(70, 2);
    w->details()->treeView()->setCurrentIndex(index);
    QCOMPARE(currentFieldName(*w), field);
    QCOMPARE(w->details()->hexView()->highlightOffset(), offset);
    QCOMPARE(w->details()->hexView()->highlightLength(), length);
    // The model's roles tell the same range.
    if (length > 0) {
        QCOMPARE(index.data(ProtocolTreeModel::ByteOffsetRole).toInt(), offset);
        QCOMPARE(index.data(ProtocolTreeModel::ByteLengthRole).toInt(), length);
    }
}

// 4b. Clicking a byte in the hex pane selects the deepest field covering it.
void TestMainWindow::hexClickSelectsDeepestField_data()
{
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("byte");
    QTest::addColumn<QString>("field");
    QTest::addColumn<int>("offset");
    QTest::addColumn<int>("length");
    // Frame 3: Ethernet/IPv4/TCP SYN, options mss(54..57) sackOK(58..59) TS(60..69) nop(70) wscale(71..73).
    QTest::newRow("byte 0") << 2 << 0 << "eth.dst" << 0 << 6;
    QTest::newRow("byte 13") << 2 << 13 << "eth.type" << 12 << 2;
    QTest::newRow("byte 14") << 2 << 14 << "ip.version" << 14 << 1;
    QTest::newRow("byte 27") << 2 << 27 << "ip.src" << 26 << 4;
    QTest::newRow("byte 33") << 2 << 33 << "ip.dst" << 30 << 4;
    QTest::newRow("byte 35") << 2 << 35 << "tcp.srcport" << 34 << 2;
    QTest::newRow("byte 36") << 2 << 36 << "tcp.dstport" << 36 << 2;
    // tcp.seq (relative) and tcp.seq_raw cover the same bytes: the first in the tree wins, as in Wireshark.
    QTest::newRow("byte 39") << 2 << 39 << "tcp.seq" << 38 << 4;
    QTest::newRow("byte 54") << 2 << 54 << "tcp.option_kind" << 54 << 1;
    QTest::newRow("byte 57") << 2 << 57 << "tcp.options.mss_val" << 56 << 2;
    QTest::newRow("byte 62") << 2 << 62 << "tcp.options.timestamp.tsval" << 62 << 4;
    QTest::newRow("byte 73") << 2 << 73 << "tcp.options.wscale.shift" << 73 << 1;
    // Frame 6: the HTTP request in the payload.
    QTest::newRow("payload") << 5 << 60 << "tcp.payload" << 54 << 37;
}

void TestMainWindow::hexClickSelectsDeepestField()
{
    QFETCH(int, row);
    QFETCH(int, byte);
    QFETCH(QString, field);
    QFETCH(int, offset);
    QFETCH(int, length);
    auto w = makeWindow();
    QVERIFY(w);
    QVERIFY(openAndWait(*w, samplePath()));
    w->packetView()->setCurrentIndex(w->packetModel()->index(row, 0));
    HexView* hex = w->details()->hexView();
    QVERIFY(byte < hex->bytes().size());
    const QRect rect = hex->byteRect(byte);
    QVERIFY(!rect.isNull());
    QVERIFY2(hex->viewport()->rect().contains(rect), "the byte is not on screen: the hex pane is too small");
    QCOMPARE(hex->byteAt(centre(rect)), byte);
    QTest::mouseClick(hex->viewport(), Qt::LeftButton, {}, centre(rect));
    QCOMPARE(currentFieldName(*w), field);
    QCOMPARE(hex->highlightOffset(), offset);
    QCOMPARE(hex->highlightLength(), length);
    QCOMPARE(hex->cursorOffset(), byte);
    // The node is visible: its parents were expanded.
    const QModelIndex current = w->details()->treeView()->currentIndex();
    for (QModelIndex p = current.parent(); p.isValid(); p = p.parent())
        QVERIFY(w->details()->treeView()->isExpanded(p));
}

// 4c. The selected field stays selected (by name) when another packet is selected.
void TestMainWindow::selectedFieldFollowsToNextPacket()
{
    auto w = makeWindow();
    QVERIFY(w);
    QVERIFY(openAndWait(*w, samplePath()));
    w->packetView()->setCurrentIndex(w->packetModel()->index(2, 0));
    w->details()->treeView()->setCurrentIndex(w->details()->treeModel()->indexOfNode(nodeNamed(*w, "ip.src")));
    QCOMPARE(w->details()->hexView()->highlightOffset(), 26);
    // Frame 11 (IPv4): ip.src again.
    w->packetView()->setCurrentIndex(w->packetModel()->index(10, 0));
    QCOMPARE(currentFieldName(*w), QStringLiteral("ip.src"));
    QCOMPARE(w->details()->hexView()->highlightOffset(), 26);
    QCOMPARE(w->details()->hexView()->highlightLength(), 4);
}

// 5. A BPF display filter shows exactly the frames synscope-cli read -Y prints.
void TestMainWindow::bpfFilterMatchesCli_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<QList<int>>("frames"); // what the sample is known to hold
    QTest::newRow("tcp port 80") << "tcp port 80" << range(3, 21);
    QTest::newRow("ip6") << "ip6" << range(45, 55);
    QTest::newRow("syn") << "tcp[tcpflags] & tcp-syn != 0"
                         << QList<int>{3, 4, 14, 15, 22, 24, 26, 27, 28, 29, 30, 40, 41};
    QTest::newRow("icmp") << "icmp" << QList<int>{25};
    QTest::newRow("host 192.168.1.50") << "host 192.168.1.50" << range(22, 28);
    QTest::newRow("udp port 53") << "udp port 53" << QList<int>{1, 2};
    QTest::newRow("nothing") << "tcp port 9" << QList<int>{};
}

void TestMainWindow::bpfFilterMatchesCli()
{
    QFETCH(QString, filter);
    QFETCH(QList<int>, frames);
    const CliFilterResult cli = cliFilter(filter);
    QVERIFY2(cli.ok, qPrintable(cli.error));
    QCOMPARE(cli.lines, cli.frames.size());
    QCOMPARE(cli.frames, frames);

    auto w = makeWindow();
    QVERIFY(w);
    QVERIFY(openAndWait(*w, samplePath()));
    QVERIFY(applyAndWait(*w, filter));
    QVERIFY(w->filterBar()->isValid());
    QVERIFY(w->packetModel()->isFiltered());
    QCOMPARE(displayedFrames(*w), cli.frames);
    QCOMPARE(displayedPackets(*w), cli.frames);
    const QString status = w->statusText();
    QVERIFY2(status.contains(QStringLiteral("Packets: %1 displayed of 55").arg(cli.frames.size())), qPrintable(status));
    QVERIFY2(!status.contains(QStringLiteral("Filtering")), qPrintable(status));
    // The selection moved to a displayed packet (or the details are empty when nothing is displayed).
    if (cli.frames.isEmpty()) {
        QCOMPARE(w->details()->treeModel()->rowCount(), 0);
        QCOMPARE(w->details()->hexView()->bytes().size(), 0);
    } else {
        const QModelIndex current = w->packetView()->currentIndex();
        QVERIFY(current.isValid());
        QCOMPARE(w->details()->hexView()->bytes().size(),
                 cell(*w, current.row(), PacketListModel::LengthColumn).toInt());
    }
    // The expression went into the history.
    QCOMPARE(w->filterBar()->history().value(0), filter);
}

// 5b. Clearing restores every row synchronously, keeping the selected packet.
void TestMainWindow::clearingFilterRestoresAllAtOnce()
{
    auto w = makeWindow();
    QVERIFY(w);
    QVERIFY(openAndWait(*w, samplePath()));
    QVERIFY(applyAndWait(*w, QStringLiteral("host 192.168.1.50")));
    QCOMPARE(displayedFrames(*w), range(22, 28));
    w->packetView()->setCurrentIndex(w->packetModel()->index(3, 0)); // frame 25
    QCOMPARE(cell(*w, 3, PacketListModel::NumberColumn), QStringLiteral("25"));

    QSignalSpy rows(w.get(), &MainWindow::displayedRowsChanged);
    w->filterBar()->clear();
    // At once: no event loop between the click and the full list.
    QCOMPARE(w->packetModel()->rowCount(), kSamplePackets);
    QVERIFY(!w->packetModel()->isFiltered());
    QCOMPARE(displayedFrames(*w), range(1, kSamplePackets));
    QCOMPARE(rows.count(), 1);
    QCOMPARE(w->packetView()->currentIndex().row(), 24);
    QCOMPARE(w->filterBar()->expression(), QString());
    QVERIFY(w->filterBar()->isValid());
    // Nothing late from the engine changes it afterwards.
    QTest::qWait(300);
    QCOMPARE(w->packetModel()->rowCount(), kSamplePackets);
    QVERIFY(!w->packetModel()->isFiltered());
    QVERIFY2(w->statusText().contains(QStringLiteral("Packets: 55 |")), qPrintable(w->statusText()));
}

// 5c. openCapture(path, filter): the expression applies from the first packet, the list never shows the rest.
void TestMainWindow::filterGivenAtOpenAppliesFromFirstPacket_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<QList<int>>("frames");
    QTest::newRow("icmp") << "icmp" << QList<int>{25};
    QTest::newRow("ip6") << "ip6" << range(45, 55);
}

void TestMainWindow::filterGivenAtOpenAppliesFromFirstPacket()
{
    QFETCH(QString, filter);
    QFETCH(QList<int>, frames);
    auto w = makeWindow();
    QVERIFY(w);
    int mostRows = 0;
    connect(w->packetModel(), &QAbstractItemModel::rowsInserted, this,
            [&] { mostRows = std::max(mostRows, w->packetModel()->rowCount()); });
    connect(w->packetModel(), &QAbstractItemModel::modelReset, this,
            [&] { mostRows = std::max(mostRows, w->packetModel()->rowCount()); });
    QVERIFY(openAndWait(*w, samplePath(), filter));
    QTest::qWait(200); // anything the engine sends after the end of the load
    QCOMPARE(w->filterBar()->expression(), filter);
    QVERIFY(w->packetModel()->isFiltered());
    QCOMPARE(displayedFrames(*w), frames);
    QVERIFY2(mostRows <= frames.size(),
             qPrintable(QStringLiteral("the list showed %1 rows on the way").arg(mostRows)));
    QVERIFY2(w->statusText().contains(QStringLiteral("Packets: %1 displayed of 55").arg(frames.size())),
             qPrintable(w->statusText()));
}

// 5d. The bar's expression stays when another file is opened, and applies to it.
void TestMainWindow::filterInBarAppliesToNextFile()
{
    auto w = makeWindow();
    QVERIFY(w);
    QVERIFY(openAndWait(*w, samplePath()));
    QVERIFY(applyAndWait(*w, QStringLiteral("icmp")));
    QCOMPARE(displayedFrames(*w), QList<int>{25});
    QVERIFY(openAndWait(*w, samplePath()));
    QTest::qWait(200);
    QCOMPARE(w->filterBar()->expression(), QStringLiteral("icmp"));
    QVERIFY(w->filterBar()->isValid());
    QCOMPARE(displayedFrames(*w), QList<int>{25});
}

// 6. A bad expression turns the bar red with libpcap's message; Apply leaves the list as it was.
void TestMainWindow::badFilterTurnsRedAndKeepsList_data()
{
    QTest::addColumn<QString>("bad");
    QTest::addColumn<QString>("before"); // the filter applied first ("" for none)
    QTest::newRow("tcp port, unfiltered") << "tcp port" << "";
    QTest::newRow("host, unfiltered") << "host" << "";
    QTest::newRow("tcp port, filtered") << "tcp port" << "tcp port 80";
    QTest::newRow("host, filtered") << "host" << "icmp";
}

void TestMainWindow::badFilterTurnsRedAndKeepsList()
{
    QFETCH(QString, bad);
    QFETCH(QString, before);
    auto w = makeWindow();
    QVERIFY(w);
    QVERIFY(openAndWait(*w, samplePath()));
    if (!before.isEmpty())
        QVERIFY(applyAndWait(*w, before));
    const QList<int> framesBefore = displayedFrames(*w);
    const bool filteredBefore = w->packetModel()->isFiltered();
    QCOMPARE(filteredBefore, !before.isEmpty());
    QVERIFY(w->filterBar()->isValid());

    QSignalSpy rows(w.get(), &MainWindow::displayedRowsChanged);
    QSignalSpy applied(w->filterBar(), &FilterBar::applied);
    w->filterBar()->setExpression(bad);
    QTRY_VERIFY(!w->filterBar()->isValid());
    QVERIFY2(w->filterBar()->problem().contains(QStringLiteral("syntax error")), qPrintable(w->filterBar()->problem()));
    QVERIFY2(editorStyle(*w).contains(QStringLiteral("#f8c8c8")), qPrintable(editorStyle(*w)));

    w->filterBar()->apply();
    QCOMPARE(applied.count(), 0);
    QVERIFY(!w->filterBar()->isValid());
    QVERIFY2(w->filterBar()->problem().contains(QStringLiteral("syntax error")), qPrintable(w->filterBar()->problem()));
    QTest::qWait(300);
    QCOMPARE(rows.count(), 0);
    QCOMPARE(w->packetModel()->isFiltered(), filteredBefore);
    QCOMPARE(w->packetModel()->rowCount(), framesBefore.size());
    QCOMPARE(displayedFrames(*w), framesBefore);
    QVERIFY(!w->filterBar()->history().contains(bad));

    // Fixing the expression turns it green again.
    w->filterBar()->setExpression(QStringLiteral("tcp port 443"));
    QTRY_VERIFY(w->filterBar()->isValid());
    QCOMPARE(w->filterBar()->problem(), QString());
    QVERIFY2(editorStyle(*w).contains(QStringLiteral("#c8f0c8")), qPrintable(editorStyle(*w)));
}

// 7. Selecting a connection restricts the list to its stream; the chip removes the restriction.
void TestMainWindow::connectionSelectionFiltersToStream()
{
    auto w = makeWindow();
    QVERIFY(w);
    QVERIFY(openAndWait(*w, samplePath()));
    QCOMPARE(w->connectionModel()->rowCount(), 8);

    struct Case {
        int stream;
        QList<int> frames;
    };
    const Case cases[] = {
        {1, range(14, 21)},        // three-way teardown
        {4, range(26, 28)},        // unanswered SYN, sent three times
        {7, range(45, 55)},        // over IPv6
        {0, range(3, 13)},         // four-way teardown
    };
    for (const Case& c : cases) {
        const int row = connectionViewRow(*w, c.stream);
        QVERIFY(row >= 0);
        QSignalSpy rows(w.get(), &MainWindow::displayedRowsChanged);
        w->connectionView()->selectRow(row);
        QVERIFY2(rows.count() > 0 || rows.wait(kLoadTimeoutMs), qPrintable(QString::number(c.stream)));
        QCOMPARE(w->filterBar()->stream(), qint64(c.stream));
        QVERIFY(w->packetModel()->isFiltered());
        QCOMPARE(displayedFrames(*w), c.frames);
        // The details show a packet of that connection.
        QVERIFY(w->packetView()->currentIndex().isValid());
        QVERIFY(c.frames.contains(
            cell(*w, w->packetView()->currentIndex().row(), PacketListModel::NumberColumn).toInt()));
    }

    // The connection chip in the filter bar names it; clicking it shows every packet again at once.
    QToolButton* chip = nullptr;
    for (QToolButton* b : w->filterBar()->findChildren<QToolButton*>())
        if (b->isVisible() && b->text().startsWith(QStringLiteral("Connection 0:")))
            chip = b;
    QVERIFY2(chip, "no visible connection chip in the filter bar");
    QVERIFY2(chip->text().contains(QStringLiteral("192.168.1.23:41334")), qPrintable(chip->text()));
    QTest::mouseClick(chip, Qt::LeftButton);
    QCOMPARE(w->filterBar()->stream(), qint64(-1));
    QCOMPARE(w->packetModel()->rowCount(), kSamplePackets);
    QVERIFY(!w->packetModel()->isFiltered());
    QVERIFY(!chip->isVisible());

    // A connection combined with an expression: both apply.
    QVERIFY(applyAndWait(*w, QStringLiteral("tcp[tcpflags] & tcp-fin != 0")));
    QSignalSpy rows(w.get(), &MainWindow::displayedRowsChanged);
    w->connectionView()->clearSelection();
    w->connectionView()->selectRow(connectionViewRow(*w, 1));
    QVERIFY(rows.count() > 0 || rows.wait(kLoadTimeoutMs));
    QCOMPARE(displayedFrames(*w), (QList<int>{19, 20}));
}

// 8a. Cancelling a 300,000-packet load stops it at the next batch and keeps what was loaded. (How fast is
// the GUI benchmark's business; the bound here only catches a cancel that waits for the whole load.)
void TestMainWindow::cancelLargeLoadIsQuick()
{
    const QString bench = benchCapture();
    QVERIFY2(!bench.isEmpty(), "cannot write the benchmark capture");
    auto w = makeWindow();
    QVERIFY(w);
    QSignalSpy finished(w.get(), &MainWindow::loadFinished);
    QSignalSpy inserted(w->packetModel(), &QAbstractItemModel::rowsInserted);
    w->openCapture(bench);
    QVERIFY(inserted.wait(kLoadTimeoutMs));
    // Between two of the engine's batches (it publishes every ~50 ms), as a user's click would be.
    QTest::qWait(20);
    QVERIFY2(w->isLoading(), "the load finished before the test could cancel it");
    QCOMPARE(finished.count(), 0);
    const int rowsAtCancel = w->packetModel()->rowCount();
    QVERIFY(rowsAtCancel > 0);

    QElapsedTimer timer;
    timer.start();
    w->cancelLoad();
    QVERIFY(finished.wait(5000));
    const qint64 ms = timer.elapsed();
    QVERIFY2(ms < 1000, qPrintable(QStringLiteral("loadFinished came %1 ms after cancelLoad()").arg(ms)));
    QCOMPARE(finished.count(), 1);
    QVERIFY(!w->isLoading());

    const int rows = w->packetModel()->rowCount();
    QVERIFY2(rows >= rowsAtCancel, qPrintable(QStringLiteral("%1 < %2").arg(rows).arg(rowsAtCancel)));
    QVERIFY(rows < 300000);
    QCOMPARE(cell(*w, rows - 1, PacketListModel::NumberColumn), QString::number(rows));
    const QString banner = w->bannerText();
    QVERIFY2(banner.contains(QStringLiteral("cancelled")), qPrintable(banner));
    // The banner's count is the list's count.
    const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("(\\d+) packet")).match(banner);
    QVERIFY2(m.hasMatch(), qPrintable(banner));
    QVERIFY2(m.captured(1).toInt() == rows,
             qPrintable(QStringLiteral("banner \"%1\" but the list shows %2 rows").arg(banner).arg(rows)));
    const QString status = w->statusText();
    QVERIFY2(status.contains(QStringLiteral("Packets: %1").arg(rows)), qPrintable(status));
    QVERIFY2(!status.contains(QStringLiteral("Loading")), qPrintable(status));

    // Nothing arrives afterwards.
    QTest::qWait(500);
    QCOMPARE(w->packetModel()->rowCount(), rows);
    QCOMPARE(finished.count(), 1);
    QVERIFY(!w->isLoading());
}

// 8b. Opening another file while a big one loads: the list ends with exactly the second file.
void TestMainWindow::secondOpenWhileLoadingSwitchesCleanly()
{
    const QString bench = benchCapture();
    QVERIFY2(!bench.isEmpty(), "cannot write the benchmark capture");
    auto w = makeWindow();
    QVERIFY(w);
    using Mode = QAbstractItemModelTester::FailureReportingMode;
    QAbstractItemModelTester connections(w->connectionModel(), Mode::QtTest);
    QSignalSpy finished(w.get(), &MainWindow::loadFinished);
    QSignalSpy inserted(w->packetModel(), &QAbstractItemModel::rowsInserted);
    w->openCapture(bench);
    QVERIFY(inserted.wait(kLoadTimeoutMs));
    QVERIFY2(w->isLoading(), "the load finished before the test could switch files");
    QVERIFY(w->packetModel()->rowCount() > 0);

    w->openCapture(samplePath());
    QVERIFY(finished.wait(kLoadTimeoutMs));
    QCOMPARE(finished.count(), 1);
    QVERIFY(!w->isLoading());
    QCOMPARE(w->packetModel()->rowCount(), kSamplePackets);
    QCOMPARE(cell(*w, 0, PacketListModel::InfoColumn), QStringLiteral("Standard query 0x1a2b A example.org"));
    QCOMPARE(cell(*w, 54, PacketListModel::SourceColumn), QStringLiteral("2001:db8:2::80"));
    QCOMPARE(w->connectionModel()->rowCount(), 8);
    QCOMPARE(w->connectionModel()->index(0, ConnectionModel::ClientColumn).data().toString(),
             QStringLiteral("192.168.1.23:41334"));
    QCOMPARE(w->bannerText(), QString());
    QVERIFY2(w->statusText().contains(QStringLiteral("sample.pcapng")), qPrintable(w->statusText()));
    QVERIFY2(!w->statusText().contains(QStringLiteral("bench300k")), qPrintable(w->statusText()));
    QVERIFY2(w->statusText().contains(QStringLiteral("TCP connections: 8")), qPrintable(w->statusText()));

    // Nothing of the first file arrives late.
    QTest::qWait(500);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(w->packetModel()->rowCount(), kSamplePackets);
    QCOMPARE(w->connectionModel()->rowCount(), 8);
    QCOMPARE(w->bannerText(), QString());
    QCOMPARE(w->packetModel()->store()->size(), std::size_t(kSamplePackets));
}

// 9a. A text file: the reader's message in a message box, an empty list, no crash.
void TestMainWindow::unreadableFileReportsReaderMessage()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("notes.pcap"));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("hello, this is not a capture file\nonly some text\n");
    }
    // The reader's own words, as the CLI prints them.
    const test::CliResult cli = test::runCli({QStringLiteral("read"), path});
    QCOMPARE(cli.exitCode, 1);
    QString readerMessage = QString::fromUtf8(cli.err).trimmed();
    readerMessage.remove(QRegularExpression(QStringLiteral("^synscope-cli: ")));
    QVERIFY2(readerMessage.contains(QStringLiteral("not a pcap or pcapng file")), qPrintable(readerMessage));

    auto w = makeWindow();
    QVERIFY(w);
    bool seen = false;
    QString boxText, boxInfo;
    QTimer closer;
    closer.setInterval(20);
    connect(&closer, &QTimer::timeout, this, [&] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box)
            return;
        seen = true;
        boxText = box->text();
        boxInfo = box->informativeText();
        box->reject();
    });
    closer.start();
    QSignalSpy finished(w.get(), &MainWindow::loadFinished);
    w->openCapture(path);
    QVERIFY(finished.wait(kLoadTimeoutMs));
    QTRY_VERIFY(seen);
    closer.stop();
    QVERIFY2(boxText.contains(QStringLiteral("notes.pcap")), qPrintable(boxText));
    QVERIFY2(boxInfo.contains(readerMessage), qPrintable(boxInfo + QStringLiteral("\n--- expected ---\n") + readerMessage));

    QVERIFY(!w->isLoading());
    QCOMPARE(w->packetModel()->rowCount(), 0);
    QCOMPARE(w->connectionModel()->rowCount(), 0);
    QCOMPARE(w->details()->treeModel()->rowCount(), 0);
    QVERIFY(!w->packetModel()->store());
    QVERIFY2(w->statusText().startsWith(QStringLiteral("No capture open")), qPrintable(w->statusText()));
    QCOMPARE(w->windowTitle(), QStringLiteral("SynScope"));
    QCOMPARE(finished.count(), 1);

    // The window still works afterwards.
    QVERIFY(openAndWait(*w, samplePath()));
    QCOMPARE(w->packetModel()->rowCount(), kSamplePackets);
}

// 9b. The sample cut short by 30 bytes: its 54 complete packets and a banner saying it was cut short.
void TestMainWindow::truncatedFileLoadsCompletePackets()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile sample(samplePath());
    QVERIFY(sample.open(QIODevice::ReadOnly));
    QByteArray bytes = sample.readAll();
    QVERIFY(bytes.size() > 30);
    bytes.chop(30);
    const QString path = dir.filePath(QStringLiteral("cut.pcapng"));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(bytes), bytes.size());
    }
    const test::CliResult cli = test::runCli({QStringLiteral("read"), path});
    QCOMPARE(cli.exitCode, 0);
    // The reader's description of the truncation (the CLI adds its own "; every complete packet ..." after it).
    QString warning = QString::fromUtf8(cli.err).trimmed();
    warning.remove(QRegularExpression(QStringLiteral("^synscope-cli: warning: ")));
    warning.remove(QRegularExpression(QStringLiteral("; every complete packet before it was read$")));
    QVERIFY2(warning.contains(QStringLiteral("at byte 7592")), qPrintable(warning));

    auto w = makeWindow();
    QVERIFY(w);
    bool boxShown = false;
    QTimer watch;
    watch.setInterval(20);
    connect(&watch, &QTimer::timeout, this, [&] {
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
            boxShown = true;
            box->reject();
        }
    });
    watch.start();
    QVERIFY(openAndWait(*w, path));
    QTest::qWait(100);
    watch.stop();
    QVERIFY2(!boxShown, "a file cut short is not an error: no message box");
    QCOMPARE(w->packetModel()->rowCount(), 54);
    QCOMPARE(displayedFrames(*w), range(1, 54));
    const QString banner = w->bannerText();
    QVERIFY2(banner.contains(QStringLiteral("cut short")), qPrintable(banner));
    QVERIFY2(banner.contains(warning), qPrintable(banner + QStringLiteral("\n--- expected ---\n") + warning));
    QVERIFY2(w->statusText().contains(QStringLiteral("Packets: 54")), qPrintable(w->statusText()));
    QCOMPARE(w->connectionModel()->rowCount(), 8);
}

// 9c. A file that cannot be read leaves the capture that was open on screen and working.
void TestMainWindow::unreadableFileKeepsPreviousCapture()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString bad = dir.filePath(QStringLiteral("notes.pcap"));
    {
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a capture\n");
    }
    auto w = makeWindow();
    QVERIFY(w);
    QVERIFY(openAndWait(*w, samplePath()));
    w->selectFrame(11);
    QString boxInfo;
    QTimer closer;
    closer.setInterval(20);
    connect(&closer, &QTimer::timeout, this, [&] {
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
            boxInfo = box->informativeText();
            box->reject();
        }
    });
    closer.start();
    QSignalSpy finished(w.get(), &MainWindow::loadFinished);
    w->openCapture(bad);
    QVERIFY(finished.wait(kLoadTimeoutMs));
    QTRY_VERIFY(!boxInfo.isEmpty());
    closer.stop();
    QVERIFY2(boxInfo.contains(QStringLiteral("sample.pcapng is still open")), qPrintable(boxInfo));
    QCOMPARE(w->currentPath(), samplePath());
    QCOMPARE(w->windowTitle(), QStringLiteral("sample.pcapng — SynScope"));
    QCOMPARE(w->packetModel()->rowCount(), kSamplePackets);
    QCOMPARE(w->connectionModel()->rowCount(), 8);
    QCOMPARE(w->packetView()->currentIndex().row(), 10);
    QVERIFY(w->details()->treeModel()->rowCount() > 0);
    // Filtering still works on it, with the CLI's answer.
    const CliFilterResult cli = cliFilter(QStringLiteral("tcp port 80"));
    QSignalSpy rows(w.get(), &MainWindow::displayedRowsChanged);
    w->applyFilter(QStringLiteral("tcp port 80"), -1);
    QVERIFY(rows.count() > 0 || rows.wait(kLoadTimeoutMs));
    QCOMPARE(displayedFrames(*w), cli.frames);
}

// 9d. tcpdump still writing: the file grows after it was loaded; the window notices and loads the new
// packets into the same list.
void TestMainWindow::grownFileLoadsNewPackets()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile sample(samplePath());
    QVERIFY(sample.open(QIODevice::ReadOnly));
    const QByteArray bytes = sample.readAll();
    const QString path = dir.filePath(QStringLiteral("growing.pcapng"));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(bytes.left(bytes.size() - 30)), bytes.size() - 30);
    }
    auto w = makeWindow();
    QVERIFY(w);
    QVERIFY(openAndWait(*w, path));
    QCOMPARE(w->packetModel()->rowCount(), 54);
    QVERIFY2(w->bannerText().contains(QStringLiteral("cut short")), qPrintable(w->bannerText()));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::Append));
        QCOMPARE(f.write(bytes.right(30)), 30);
    }
    QTRY_VERIFY_WITH_TIMEOUT(w->bannerText().contains(QStringLiteral("has grown by 30 bytes")), 5000);
    QSignalSpy finished(w.get(), &MainWindow::loadFinished);
    w->banner()->trigger(Banner::Action::LoadNewPackets); // the banner's "Load the new packets"
    QVERIFY(finished.wait(kLoadTimeoutMs));
    QCOMPARE(w->packetModel()->rowCount(), kSamplePackets);
    QCOMPARE(displayedFrames(*w), range(1, kSamplePackets));
    QCOMPARE(w->connectionModel()->rowCount(), 8);
    QCOMPARE(w->bannerText(), QString());
    QVERIFY2(w->statusText().contains(QStringLiteral("Packets: %1").arg(kSamplePackets)), qPrintable(w->statusText()));
}

// 10. A picture of the window: the sample, packet 11 selected.
void TestMainWindow::screenshot()
{
    QString out = qEnvironmentVariable("SYNSCOPE_MAINWINDOW_SCREENSHOT");
    if (out.isEmpty())
        out = QStringLiteral("/work/notes/gui-main.png");
    QVERIFY(QDir().mkpath(QFileInfo(out).absolutePath()));
    auto w = makeWindow();
    QVERIFY(w);
    QSignalSpy finished(w.get(), &MainWindow::loadFinished);
    w->openCapture(samplePath(), {}, 11);
    QVERIFY(finished.wait(kLoadTimeoutMs));
    QCOMPARE(w->packetView()->currentIndex().row(), 10);
    QCOMPARE(cell(*w, w->packetView()->currentIndex().row(), PacketListModel::NumberColumn), QStringLiteral("11"));
    QCOMPARE(w->details()->hexView()->bytes().size(), 60);
    QTest::qWait(100);
    const QPixmap picture = w->grab();
    QVERIFY(!picture.isNull());
    QCOMPARE(picture.size() / picture.devicePixelRatio(), QSize(1280, 900));
    QVERIFY2(picture.save(out, "PNG"), qPrintable(out));
    qInfo("screenshot: %s", qPrintable(out));
}

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
