// The graph widgets offscreen: GraphPlot (a click on a drawn point emits its frame, the tracer names the point
// under the cursor, zoom and pan keys, PNG/PDF/CSV export, min/max decimation of a million points), GraphPanel
// (graphs computed on its worker thread, stale requests dropped, I/O lines with their own filters), and the
// main window (Statistics menu; clicking a point in the graph selects that packet in the list).
#include "graph_test_support.h"
#include "test_support.h"

#include "graphs/decimation.h"
#include "ui/graphs/graph_panel.h"
#include "ui/plot/graph_plot.h"
#include "ui/graphs/io_lines_editor.h"
#include "ui/window/main_window.h"
#include "ui/packets/packet_list_model.h"

#include <QAction>
#include <QMenuBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace synscope;
using namespace synscope::graphs;

namespace {

constexpr int kWaitMs = 20000;

std::shared_ptr<const PacketStore> borrow(const test::LoadedCapture& c)
{
    // The capture outlives every widget of a test; the widgets only read it.
    return std::shared_ptr<const PacketStore>(c.store.get(), [](const PacketStore*) {});
}

std::unique_ptr<test::LoadedCapture> scenario()
{
    testkit::CaptureScript script;
    test::graphScenario(script);
    return test::load(script);
}

std::shared_ptr<const GraphData> compute(const PacketStore& store, GraphType type,
                                         Direction direction = Direction::ClientToServer)
{
    GraphRequest r;
    r.type = type;
    r.options.direction = direction;
    auto g = std::make_shared<GraphData>();
    std::string error;
    if (!computeGraph(store, r, *g, error))
        qFatal("computeGraph: %s", error.c_str());
    return g;
}

void clickAt(QWidget* w, QPointF p) { QTest::mouseClick(w, Qt::LeftButton, Qt::NoModifier, p.toPoint()); }

} // namespace

class TestGraphPanel : public QObject {
    Q_OBJECT

private slots:
    void clickOnBarEmitsItsFrame();
    void clickOnAckAndMarker();
    void tracerFollowsTheCursor();
    void zoomAndPanKeys();
    void exportPngPdfCsv();
    void millionPointsAreDecimated();
    void logScale();
    void panelComputesOffThread();
    void panelDropsStaleRequests();
    void panelIoLines();
    void panelClickEmitsFrame();
    void mainWindowClickSelectsPacket();
};

void TestGraphPanel::clickOnBarEmitsItsFrame()
{
    const auto c = scenario();
    GraphPlot plot;
    plot.resize(900, 600);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.setGraph(compute(*c->store, GraphType::Stevens));
    plot.replot();
    QSignalSpy activated(&plot, &GraphPlot::frameActivated);
    // Segments: frames 4, 5, 6, 10, 12, 13, 17 (test_graphs.cpp lists them); click the middle of each.
    const QList<quint64> frames{4, 5, 6, 10, 12, 13, 17};
    for (int i = 0; i < frames.size(); ++i) {
        const QPointF p = plot.pixelOf("segments", static_cast<std::size_t>(i));
        QVERIFY(p.x() >= 0);
        clickAt(&plot, p);
        QCOMPARE(activated.size(), i + 1);
        QCOMPARE(activated.last().at(0).toULongLong(), frames[i]);
    }
    // Far from everything: nothing.
    clickAt(&plot, QPointF(plot.width() - 20, 60));
    QCOMPARE(activated.size(), frames.size());
}

void TestGraphPanel::clickOnAckAndMarker()
{
    const auto c = scenario();
    GraphPlot plot;
    plot.resize(900, 600);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.setGraph(compute(*c->store, GraphType::Rtt));
    plot.replot();
    QSignalSpy activated(&plot, &GraphPlot::frameActivated);
    // RTT samples at the ACKs 2, 7, 11, 18, 20.
    const QList<quint64> frames{2, 7, 11, 18, 20};
    for (int i = 0; i < frames.size(); ++i) {
        clickAt(&plot, plot.pixelOf("rtt", static_cast<std::size_t>(i)));
        QCOMPARE(activated.last().at(0).toULongLong(), frames[i]);
    }
    // A drag is a pan, not a click.
    const int before = static_cast<int>(activated.size());
    const QPointF p = plot.pixelOf("rtt", 1);
    QTest::mousePress(&plot, Qt::LeftButton, Qt::NoModifier, p.toPoint());
    QTest::mouseMove(&plot, p.toPoint() + QPoint(60, 0));
    QTest::mouseRelease(&plot, Qt::LeftButton, Qt::NoModifier, p.toPoint() + QPoint(60, 0));
    QCOMPARE(activated.size(), before);

    // Stevens: the zero-window marker (frame 15) wins over the ACK line's point under it.
    plot.setGraph(compute(*c->store, GraphType::Stevens));
    plot.replot();
    clickAt(&plot, plot.pixelOf("zero_window", 0));
    QCOMPARE(activated.last().at(0).toULongLong(), quint64{15});
    const GraphPlot::Pick pick = plot.pickAt(plot.pixelOf("zero_window", 0));
    QCOMPARE(QString::fromStdString(plot.graph()->series[static_cast<std::size_t>(pick.series)].id),
             QStringLiteral("zero_window"));
}

void TestGraphPanel::tracerFollowsTheCursor()
{
    const auto c = scenario();
    GraphPlot plot;
    plot.resize(900, 600);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.setGraph(compute(*c->store, GraphType::Rtt));
    plot.replot();
    QSignalSpy hovered(&plot, &GraphPlot::pointHovered);
    QTest::mouseMove(&plot, plot.pixelOf("rtt", 1).toPoint());
    QTRY_VERIFY(!hovered.isEmpty());
    QCOMPARE(plot.tracerText(), QStringLiteral("RTT: 3 ms (acknowledges frame 4)\nframe 7, 0.006000 s"));
    QCOMPARE(hovered.last().at(0).toString(), plot.tracerText());
    // The packet selected elsewhere: the tracer moves to it.
    QVERIFY(plot.showFrame(11));
    QCOMPARE(plot.tracerText(), QStringLiteral("RTT: 5 ms (acknowledges frame 6)\nframe 11, 0.010000 s"));
    QVERIFY(!plot.showFrame(3)); // frame 3 has no RTT sample
    QCOMPARE(plot.tracerText(), QString());
}

void TestGraphPanel::zoomAndPanKeys()
{
    const auto c = scenario();
    GraphPlot plot;
    plot.resize(900, 600);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.setGraph(compute(*c->store, GraphType::Stevens));
    const QCPRange full = plot.xAxis->range();
    // The client's data and the server's ACKs: frames 1..20 at 0..19 ms, 2 % margins.
    QCOMPARE(full.lower, -0.00038);
    QCOMPARE(full.upper, 0.01938);
    plot.setFocus();
    QTest::keyClick(&plot, Qt::Key_Plus);
    QCOMPARE(plot.xAxis->range().size(), full.size() * 0.8);
    QCOMPARE(plot.xAxis->range().center(), full.center());
    const QCPRange zoomed = plot.xAxis->range();
    QTest::keyClick(&plot, Qt::Key_Right);
    QCOMPARE(plot.xAxis->range().lower, zoomed.lower + zoomed.size() * 0.1);
    const double y = plot.yAxis->range().lower;
    QTest::keyClick(&plot, Qt::Key_Up);
    QVERIFY(plot.yAxis->range().lower > y);
    QTest::keyClick(&plot, Qt::Key_Minus);
    QTest::keyClick(&plot, Qt::Key_0);
    QCOMPARE(plot.xAxis->range().lower, full.lower);
    QCOMPARE(plot.xAxis->range().upper, full.upper);
    // The mouse wheel zooms too.
    QWheelEvent wheel(QPointF(450, 300), plot.mapToGlobal(QPointF(450, 300)), QPoint(), QPoint(0, 120), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(&plot, &wheel);
    QVERIFY(plot.xAxis->range().size() < full.size());
}

void TestGraphPanel::exportPngPdfCsv()
{
    const auto c = scenario();
    GraphPlot plot;
    const auto g = compute(*c->store, GraphType::Rtt);
    plot.setGraph(g);
    QTemporaryDir dir;
    QString error;
    QVERIFY2(plot.saveAs(dir.filePath("g.png"), &error, 800, 500), qPrintable(error));
    QImage image(dir.filePath("g.png"));
    QCOMPARE(image.size(), QSize(800, 500));
    QVERIFY2(plot.saveAs(dir.filePath("g.pdf"), &error, 800, 500), qPrintable(error));
    QFile pdf(dir.filePath("g.pdf"));
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    QCOMPARE(pdf.read(5), QByteArray("%PDF-"));
    QVERIFY2(plot.saveAs(dir.filePath("g.csv"), &error), qPrintable(error));
    QFile csv(dir.filePath("g.csv"));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QCOMPARE(csv.readAll(), QByteArray("series,frame,time,value,end\n"
                                       "rtt,2,0.001000,1,1\n"
                                       "rtt,7,0.006000,3,4\n"
                                       "rtt,11,0.010000,5,6\n"
                                       "rtt,18,0.017000,1,17\n"
                                       "rtt,20,0.019000,1,19\n"));
    QVERIFY(!plot.saveAs(dir.filePath("g.svgz"), &error));
    QVERIFY(error.contains(QStringLiteral(".png")));
}

void TestGraphPanel::millionPointsAreDecimated()
{
    auto g = std::make_shared<GraphData>();
    g->type = GraphType::Io;
    g->unit = ValueUnit::Packets;
    g->intervalSeconds = 0.001;
    Series s;
    s.id = "io0";
    s.name = "all packets";
    for (std::uint64_t i = 0; i < 1'000'000; ++i)
        s.points.push_back({static_cast<double>(i) * 0.001, static_cast<double>((i * 7919) % 1000), i + 1, 0});
    s.points[500'000].y = 5000; // one spike: it must survive decimation
    g->series.push_back(std::move(s));
    GraphPlot plot;
    plot.resize(1000, 600);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.setGraph(g);
    const int columns = plot.axisRect()->width();
    QVERIFY(plot.drawnPoints() <= static_cast<std::size_t>(columns) * 4 + 2);
    QVERIFY(plot.drawnPoints() >= static_cast<std::size_t>(columns));
    QCOMPARE(plot.yAxis->range().upper, 5000 * 1.05);
    // The spike is drawn and clickable.
    const QPointF spike = plot.pixelOf("io0", 500'000);
    const GraphPlot::Pick pick = plot.pickAt(spike);
    QVERIFY(pick.valid);
    QCOMPARE(pick.frame, std::uint64_t{500'001});
    QCOMPARE(pick.index, std::size_t{500'000});
    // Zoomed into half a second of it, the view holds all 501 points there and one neighbour each side.
    plot.xAxis->setRange(100.0, 100.5);
    QCOMPARE(plot.drawnPoints(), std::size_t{503});
}

void TestGraphPanel::logScale()
{
    const auto c = scenario();
    GraphPlot plot;
    plot.resize(900, 600);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.setGraph(compute(*c->store, GraphType::Throughput));
    plot.setLogScale(true);
    QCOMPARE(plot.yAxis->scaleType(), QCPAxis::stLogarithmic);
    QVERIFY(plot.yAxis->range().lower > 0);
    QVERIFY(plot.pickAt(plot.pixelOf("throughput", 0)).valid);
    plot.setLogScale(false);
    QCOMPARE(plot.yAxis->scaleType(), QCPAxis::stLinear);
    QCOMPARE(plot.yAxis->range().lower, 0.0);
}

void TestGraphPanel::panelComputesOffThread()
{
    const auto c = scenario();
    GraphPanel panel;
    panel.resize(1000, 700);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy ready(&panel, &GraphPanel::graphReady);
    panel.setStore(borrow(*c));
    QVERIFY(panel.isComputing());
    QVERIFY(ready.wait(kWaitMs));
    QVERIFY(!panel.isComputing());
    QVERIFY(panel.plot()->graph());
    QCOMPARE(panel.plot()->graph()->type, GraphType::Stevens);
    QCOMPARE(panel.plot()->graph()->find("segments")->bars.size(), std::size_t{7});
    // Direction and type from the controls.
    panel.setDirection(Direction::ServerToClient);
    QVERIFY(ready.wait(kWaitMs));
    QCOMPARE(panel.plot()->graph()->find("segments")->bars.size(), std::size_t{1});
    QCOMPARE(panel.plot()->graph()->find("segments")->bars[0].frame, std::uint64_t{18});
    panel.setGraphType(GraphType::Window);
    QVERIFY(ready.wait(kWaitMs));
    QCOMPARE(panel.plot()->graph()->type, GraphType::Window);
    QCOMPARE(panel.plot()->graph()->direction, Direction::ServerToClient);
    // A stream the capture does not have: the error is shown, nothing is plotted.
    panel.setStream(4);
    QVERIFY(ready.wait(kWaitMs));
    QVERIFY(!panel.plot()->graph());
    QCOMPARE(panel.statusText(),
             QStringLiteral("The graph cannot be drawn: the capture has no TCP stream 4 (it has 1)"));
}

void TestGraphPanel::panelDropsStaleRequests()
{
    const auto c = scenario();
    GraphPanel panel;
    panel.resize(1000, 700);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy ready(&panel, &GraphPanel::graphReady);
    panel.setStore(borrow(*c));
    // Three requests before the first answer: only the last one is shown.
    panel.setGraphType(GraphType::Rtt);
    panel.setGraphType(GraphType::Throughput);
    QVERIFY(ready.wait(kWaitMs));
    QTest::qWait(200); // any stale answer would arrive by now
    QCOMPARE(ready.size(), 1);
    QCOMPARE(panel.plot()->graph()->type, GraphType::Throughput);
}

void TestGraphPanel::panelIoLines()
{
    const auto c = scenario();
    GraphPanel panel;
    panel.resize(1000, 700);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy ready(&panel, &GraphPanel::graphReady);
    panel.setStore(borrow(*c));
    QVERIFY(ready.wait(kWaitMs));
    panel.setIoInterval(10'000'000);
    panel.setGraphType(GraphType::Io);
    panel.ioLines()->setLines({{"all", "", 0, SeriesStyle::Line}, {"client", "src host 192.0.2.10", 0xff0000, SeriesStyle::Impulses}});
    QTRY_VERIFY_WITH_TIMEOUT(!panel.isComputing() && panel.plot()->graph() &&
                                 panel.plot()->graph()->type == GraphType::Io && panel.plot()->graph()->find("io1"),
                             kWaitMs);
    const GraphData& g = *panel.plot()->graph();
    QCOMPARE(g.intervalSeconds, 0.01);
    // Frames 1..21 at 0..20 ms, ten per 10 ms; the client sent 1, 3, 4, 5, 6, 10 | 12, 13, 17, 19 | 21.
    auto ys = [](const Series* s) {
        QList<double> out;
        for (const GraphPoint& p : s->points)
            out << p.y;
        return out;
    };
    QCOMPARE(ys(g.find("io0")), QList<double>({10, 10, 1}));
    QCOMPARE(ys(g.find("io1")), QList<double>({6, 4, 1}));
    QCOMPARE(g.find("io1")->color, 0xff0000u);
    QCOMPARE(g.find("io1")->style, SeriesStyle::Impulses);
    QVERIFY(g.find("connection_open"));
    QCOMPARE(g.find("connection_open")->points.at(0).frame, std::uint64_t{1});
    // A filter libpcap rejects: its error, naming the line.
    panel.ioLines()->setLines({{"bad", "tcp port", 0, SeriesStyle::Line}});
    QTRY_VERIFY_WITH_TIMEOUT(!panel.isComputing() && !panel.plot()->graph(), kWaitMs);
    QVERIFY2(panel.statusText().contains(QStringLiteral("invalid filter")), qPrintable(panel.statusText()));
}

void TestGraphPanel::panelClickEmitsFrame()
{
    const auto c = scenario();
    GraphPanel panel;
    panel.resize(1000, 700);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy ready(&panel, &GraphPanel::graphReady);
    panel.setStore(borrow(*c));
    QVERIFY(ready.wait(kWaitMs));
    panel.plot()->replot();
    QSignalSpy activated(&panel, &GraphPanel::frameActivated);
    clickAt(panel.plot(), panel.plot()->pixelOf("retransmission", 1));
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated.last().at(0).toULongLong(), quint64{13});
    // The packet selected elsewhere moves the tracer.
    panel.selectFrame(6);
    QVERIFY(panel.plot()->tracerText().contains(QStringLiteral("frame 6,")));
}

void TestGraphPanel::mainWindowClickSelectsPacket()
{
    testkit::CaptureScript script;
    test::graphScenario(script);
    QTemporaryDir dir;
    const std::string path = script.writeTemp(dir.path().toStdString(), "g.pcapng", CaptureFileFormat::PcapNg);
    MainWindow w;
    w.resize(1400, 1000);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QSignalSpy finished(&w, &MainWindow::loadFinished);
    w.openCapture(QString::fromStdString(path));
    QVERIFY(finished.wait(kWaitMs));

    // The Statistics menu has both graphs.
    QStringList entries;
    for (QAction* menu : w.menuBar()->actions())
        if (menu->text() == QStringLiteral("&Statistics"))
            for (QAction* a : menu->menu()->actions())
                entries << a->text();
    QVERIFY2(entries.contains(QStringLiteral("&TCP Stream Graph")), qPrintable(entries.join(',')));
    QVERIFY(entries.contains(QStringLiteral("&I/O Graph")));

    GraphPanel* panel = w.graphPanel();
    QSignalSpy ready(panel, &GraphPanel::graphReady);
    w.showStreamGraph(0);
    QTRY_VERIFY_WITH_TIMEOUT(panel->plot()->graph() && !panel->isComputing(), kWaitMs);
    QCOMPARE(panel->plot()->graph()->type, GraphType::Stevens);
    QCOMPARE(panel->plot()->graph()->stream, 0u);
    panel->plot()->replot();
    // Click the fast retransmission (frame 10): the list selects frame 10.
    clickAt(panel->plot(), panel->plot()->pixelOf("segments", 3));
    const QModelIndex current = w.packetView()->currentIndex();
    QVERIFY(current.isValid());
    QCOMPARE(w.packetModel()->packetAt(current.row()), std::size_t{9});
    // Selecting a packet in the list puts the graph's tracer on it.
    w.selectFrame(5);
    QVERIFY2(panel->plot()->tracerText().contains(QStringLiteral("frame 5,")), qPrintable(panel->plot()->tracerText()));
    // I/O graph from the menu.
    w.showIoGraph();
    QTRY_VERIFY_WITH_TIMEOUT(panel->plot()->graph() && panel->plot()->graph()->type == GraphType::Io &&
                                 !panel->isComputing(),
                             kWaitMs);
    QCOMPARE(panel->plot()->graph()->find("io0")->points.at(0).y, 21.0); // 21 packets within the first 100 ms
}

QTEST_MAIN(TestGraphPanel)
#include "test_graph_panel.moc"
