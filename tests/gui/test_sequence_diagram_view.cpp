// The sequence diagram on screen and in files, offscreen: the renderer paints every scenario with each
// arrow in its colour on its row; the view emits the clicked arrow's frame, scrolls a selected frame into
// sight below its sticky header, expands a collapsed data phase on click, drops a hidden host's arrows,
// spaces rows by time on request; PNG/SVG/PDF export; the SVG writer's file, drawn by QSvgRenderer, has
// every arrow where the renderer paints it, escapes its text and grows by the same elements per arrow; a
// 100,000-segment connection painted and exported to SVG (a smoke check, not timed: 'synscope-cli bench
// --diagram' measures it); the one picture behind both draws each thing once, and only the rows in its clip.
// Set SYNSCOPE_DIAGRAM_SCREENSHOT=/path/file.png to save pictures of the view (four-way close; the
// collapsed and the scrolled views next to it as -collapsed.png and -scrolled.png).
#include "ui/diagram/sequence_diagram_view.h"
#include "ui/render/diagram_export.h"
#include "ui/render/diagram_picture.h"
#include "ui/render/diagram_svg_writer.h"

#include "tcp_scenarios.h"
#include "../unit/test_support.h" // tests/gui has no include path to tests/unit

#include <QApplication>
#include <QFile>
#include <QFontMetrics>
#include <QHelpEvent>
#include <QImage>
#include <QPainter>
#include <QPixmap>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QToolTip>
#include <QXmlStreamReader>
#include <QtTest>
#include <functional>
#include <map>

using namespace synscope;
using namespace synscope::testkit;

namespace {

using Build = std::function<void(CaptureScript&)>;

struct Scenario {
    const char* name;
    Build build;
    std::uint32_t stream = 0;
};

std::vector<Scenario> scenarios()
{
    std::vector<Scenario> s{
        {"four-way close, client first", [](CaptureScript& c) { fourWayClose(c, Side::Client); }},
        {"four-way close, server first", [](CaptureScript& c) { fourWayClose(c, Side::Server); }},
        {"three-way close, client first", [](CaptureScript& c) { threeWayClose(c, Side::Client); }},
        {"three-way close, server first", [](CaptureScript& c) { threeWayClose(c, Side::Server); }},
        {"simultaneous close", [](CaptureScript& c) { simultaneousClose(c); }},
        {"reset", [](CaptureScript& c) { resetClose(c, Side::Server); }},
        {"FIN answered by RST", [](CaptureScript& c) { finAnsweredByReset(c, Side::Client); }},
        {"half-closed", [](CaptureScript& c) { halfClosed(c, Side::Client); }},
        {"still open", [](CaptureScript& c) { stillOpen(c); }},
        {"refused", [](CaptureScript& c) { refused(c); }},
        {"rejected", [](CaptureScript& c) { rejected(c); }},
        {"rejected IPv6", [](CaptureScript& c) { rejected(c, {true, true}); }},
        {"incomplete handshake", [](CaptureScript& c) { incompleteHandshake(c); }},
        {"simultaneous open", [](CaptureScript& c) { simultaneousOpen(c); }},
        {"mid-connection", [](CaptureScript& c) { midConnection(c); }},
        {"port reuse, first", [](CaptureScript& c) { portReuse(c); }, 0},
        {"port reuse, second", [](CaptureScript& c) { portReuse(c); }, 1},
    };
    for (int n = 1; n <= 5; ++n)
        s.push_back({"unanswered", [n](CaptureScript& c) { unanswered(c, n); }});
    return s;
}

std::shared_ptr<SequenceDiagram> diagramOf(const Build& build, std::vector<std::uint32_t> streams = {0},
                                           const DiagramOptions& options = {})
{
    CaptureScript script;
    build(script);
    const auto capture = test::load(script);
    return std::make_shared<SequenceDiagram>(buildConnectionDiagram(*capture->store, streams, options));
}

// A connection with `dataSegments` request/ACK segments between handshake and four-way close.
void longConnection(CaptureScript& s, int dataSegments, std::int64_t gapNs = 1000000)
{
    const ScenarioHosts h = scenarioHosts(false);
    TcpConversation c(s, h.client, h.clientPort, h.server, h.serverPort);
    c.setGap(gapNs);
    c.syn().synAck().ack(Side::Client);
    for (int i = 0; i < dataSegments; ++i) {
        if (i % 2 == 0)
            c.data(Side::Client, 100);
        else
            c.ack(Side::Server);
    }
    c.fin(Side::Client).ack(Side::Server).fin(Side::Server).ack(Side::Client);
}

int colourDistance(const QColor& a, const QColor& b)
{
    return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) + std::abs(a.blue() - b.blue());
}

// Whether the image has, near the middle of arrow `i`'s line, a pixel of the arrow's colour.
bool arrowPainted(const QImage& image, const SequenceDiagramRenderer& r, std::size_t i, int lineHeight)
{
    const int row = r.rowOfArrow(i);
    if (row < 0)
        return false;
    const auto& rw = r.rows()[static_cast<std::size_t>(row)];
    const DiagramArrow& a = r.diagram().arrows[i];
    const int x1 = r.lifelineX(a.from), x2 = r.lifelineX(a.to);
    const int yLine = rw.y + lineHeight + 6; // the line slopes from yLine to yLine + 8
    const QColor want = SequenceDiagramRenderer::arrowColor(a);
    const int mid = (x1 + x2) / 2;
    for (int y = yLine + 1; y <= yLine + 7; ++y)
        for (int x = mid - 12; x <= mid + 12; ++x)
            if (image.rect().contains(x, y) && colourDistance(image.pixelColor(x, y), want) < 90)
                return true;
    return false;
}

// An SVG file read with QXmlStreamReader: whether it is well-formed, its elements, and its <text> contents.
struct SvgContent {
    QString error;
    int elements = 0;
    int texts = 0;
    QStringList textContents;
    QString title;
};

SvgContent readSvg(const QString& path)
{
    SvgContent c;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        c.error = "cannot open";
        return c;
    }
    QXmlStreamReader xml(&f);
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        ++c.elements;
        if (xml.name() == QLatin1String("text")) {
            ++c.texts;
            c.textContents << xml.readElementText();
        } else if (xml.name() == QLatin1String("title")) {
            c.title = xml.readElementText();
        }
    }
    if (xml.hasError())
        c.error = QString("line %1: %2").arg(xml.lineNumber()).arg(xml.errorString());
    return c;
}

int rowsOfKind(const SequenceDiagramRenderer& r, SequenceDiagramRenderer::RowKind kind)
{
    int n = 0;
    for (const auto& row : r.rows())
        n += row.kind == kind;
    return n;
}

// Counts what a picture draws, by role, and the rows; stops after `rowLimit` rows.
class CountingCanvas : public DiagramCanvas {
public:
    std::map<DiagramRole, int> drawn;
    int rows = 0;
    int rowLimit = INT_MAX;

    void fill(DiagramStyle s, const QRect&) override { ++drawn[s.role]; }
    void box(DiagramStyle s, const QRect&, int) override { ++drawn[s.role]; }
    void line(DiagramStyle s, const QLine&) override { ++drawn[s.role]; }
    void bracket(DiagramStyle s, int, int, int, int) override { ++drawn[s.role]; }
    void arrow(DiagramStyle line, DiagramStyle head, QPoint, QPoint) override
    {
        ++drawn[line.role];
        ++drawn[head.role];
    }
    void curve(DiagramStyle s, QPoint, QPoint, QPoint, QPoint) override { ++drawn[s.role]; }
    void triangles(DiagramStyle s, std::span<const Triangle>) override { ++drawn[s.role]; }
    void text(DiagramStyle s, const QRect&, std::string_view) override { ++drawn[s.role]; }
    void text(DiagramStyle s, const QRect&, const QString&) override { ++drawn[s.role]; }
    bool rowDone() override { return ++rows < rowLimit; }
};

} // namespace

class TestSequenceDiagramView : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<SequenceDiagramView> makeView(std::shared_ptr<const SequenceDiagram> d, QSize size = {1100, 800})
    {
        auto view = std::make_unique<SequenceDiagramView>();
        view->resize(size);
        view->setDiagram(std::move(d));
        view->show();
        if (!QTest::qWaitForWindowExposed(view.get()))
            return nullptr;
        return view;
    }

private slots:
    void rendererPaintsEveryScenario()
    {
        const QFont font = QApplication::font();
        const int lineHeight = QFontMetrics(font).height();
        for (const Scenario& s : scenarios()) {
            const auto d = diagramOf(s.build, {s.stream});
            QVERIFY2(!d->arrows.empty(), s.name);
            for (const bool collapse : {false, true})
                for (const bool proportional : {false, true}) {
                    DiagramViewOptions o;
                    o.collapseData = collapse;
                    o.timeProportional = proportional;
                    const SequenceDiagramRenderer r(*d, o, font);
                    QVERIFY2(r.size().width() > 0 && r.size().height() > r.headerHeight(), s.name);
                    QImage image(r.size(), QImage::Format_ARGB32);
                    image.fill(Qt::white);
                    {
                        QPainter p(&image);
                        r.paint(p, QRect(QPoint(0, 0), r.size()));
                    }
                    // Client left of server.
                    QVERIFY2(r.lifelineX(0) < r.lifelineX(1), s.name);
                    // The pixel check itself finds nothing on an unpainted picture.
                    QImage blank(r.size(), QImage::Format_ARGB32);
                    blank.fill(Qt::white);
                    QVERIFY(r.rowOfArrow(0) < 0 || !arrowPainted(blank, r, 0, lineHeight));
                    int drawn = 0;
                    for (std::size_t i = 0; i < d->arrows.size(); ++i) {
                        if (r.rowOfArrow(i) < 0) {
                            QVERIFY2(collapse, s.name); // only a collapsed data phase hides arrows
                            continue;
                        }
                        ++drawn;
                        QVERIFY2(arrowPainted(image, r, i, lineHeight),
                                 qPrintable(QString("%1: arrow %2 (%3) not painted in its colour")
                                                .arg(s.name)
                                                .arg(i)
                                                .arg(QString::fromStdString(d->arrows[i].flags))));
                    }
                    QCOMPARE(rowsOfKind(r, SequenceDiagramRenderer::RowKind::Arrow), drawn);
                    // Label widths (measured without shaping each label) are what Qt measures.
                    QFont boldFont = font;
                    boldFont.setBold(true);
                    for (std::size_t i = 0; i < d->arrows.size(); ++i)
                        QCOMPARE(r.labelWidth(i),
                                 QFontMetrics(boldFont).horizontalAdvance(QString::fromStdString(d->arrows[i].flags)) +
                                     QFontMetrics(font).horizontalAdvance(
                                         QString::fromStdString(" " + d->arrows[i].numbers)));
                    if (!collapse)
                        QCOMPARE(drawn, int(d->arrows.size()));
                }
        }
    }

    void rendererRows()
    {
        const QFont font = QApplication::font();
        // Four-way close: one row per arrow, in order, evenly spaced.
        const auto four = diagramOf([](CaptureScript& c) { fourWayClose(c, Side::Client); });
        const SequenceDiagramRenderer r(*four, {}, font);
        QCOMPARE(r.rows().size(), std::size_t{11});
        for (std::size_t i = 0; i < 11; ++i) {
            QCOMPARE(r.rowOfArrow(i), int(i));
            QCOMPARE(r.rows()[i].arrow, i);
            if (i)
                QCOMPARE(r.rows()[i].y, r.rows()[i - 1].y + r.rows()[i - 1].height);
            const auto& row = r.rows()[i];
            const QPoint middle((r.lifelineX(0) + r.lifelineX(1)) / 2, row.y + row.height / 2);
            QCOMPARE(r.arrowAt(middle), long(i));
            QCOMPARE(r.arrowAt(QPoint(2, middle.y())), -1L); // in the time gutter
            QCOMPARE(r.rowIndexAtY(row.y), int(i));
        }
        QCOMPARE(r.arrowAt(QPoint(r.lifelineX(0), 2)), -1L); // in the header
        QCOMPARE(r.lifelineAtHeader(QPoint(r.lifelineX(1), r.headerHeight() / 2)), 1L);
        QCOMPARE(r.lifelineAtHeader(QPoint(r.lifelineX(0), r.headerHeight() + 10)), -1L);

        // Unanswered SYNs 1 s apart: a pause row between the arrows.
        const auto syns = diagramOf([](CaptureScript& c) { unanswered(c, 3); });
        const SequenceDiagramRenderer u(*syns, {}, font);
        QCOMPARE(u.rows().size(), std::size_t{5});
        QCOMPARE(u.rows()[1].kind, SequenceDiagramRenderer::RowKind::Gap);
        QCOMPARE(u.rows()[1].text, QString("1.00 s later"));
        QCOMPARE(u.rowOfArrow(1), 2);
        // Time-proportional: no pause rows.
        DiagramViewOptions proportional;
        proportional.timeProportional = true;
        QCOMPARE(rowsOfKind(SequenceDiagramRenderer(*syns, proportional, font), SequenceDiagramRenderer::RowKind::Gap), 0);

        // Mid-connection: a note row above the first arrow.
        const auto mid = diagramOf([](CaptureScript& c) { midConnection(c); });
        const SequenceDiagramRenderer m(*mid, {}, font);
        QCOMPARE(m.rows()[0].kind, SequenceDiagramRenderer::RowKind::Note);
        QVERIFY(m.rows()[0].text.startsWith("Handshake not captured"));
        QCOMPARE(m.rowOfArrow(0), 1);
    }

    void timeProportionalRows()
    {
        // Segments 1 ms apart but one 50 ms pause: that pause takes 12 rows (the cap), the others one.
        const auto d = diagramOf([](CaptureScript& s) {
            const ScenarioHosts h = scenarioHosts(false);
            TcpConversation c(s, h.client, h.clientPort, h.server, h.serverPort);
            c.syn().synAck().ack(Side::Client).data(Side::Client, 10);
            s.advance(49000000);
            c.ack(Side::Server).data(Side::Server, 10).ack(Side::Client);
        });
        DiagramViewOptions o;
        o.timeProportional = true;
        const SequenceDiagramRenderer r(*d, o, QApplication::font());
        QCOMPARE(r.rows().size(), d->arrows.size());
        const int h = r.rows()[0].height;
        QCOMPARE(r.rows()[1].y - r.rows()[0].y, h);
        QCOMPARE(r.rows()[4].y - r.rows()[3].y, 12 * h);
        QCOMPARE(r.rows()[5].y - r.rows()[4].y, h);
    }

    void clickEmitsFrame()
    {
        const auto d = diagramOf([](CaptureScript& c) { fourWayClose(c, Side::Client); });
        auto view = makeView(d);
        QVERIFY(view);
        QSignalSpy spy(view.get(), &SequenceDiagramView::frameActivated);
        for (std::size_t i = 0; i < d->arrows.size(); ++i) {
            const QPoint at = view->arrowPoint(i);
            QVERIFY(view->viewport()->rect().contains(at));
            QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
            QCOMPARE(spy.count(), int(i + 1));
            QCOMPARE(spy.last().at(0).value<quint64>(), quint64(d->arrows[i].frame));
            QCOMPARE(view->selectedFrame(), quint64(d->arrows[i].frame));
        }
        // The ICMP error of a rejected connection is an arrow like any other.
        const auto rej = diagramOf([](CaptureScript& c) { rejected(c); });
        view->setDiagram(rej);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->arrowPoint(1));
        QCOMPARE(spy.last().at(0).value<quint64>(), quint64(2));
        // A click beside the arrows (in the time gutter) emits nothing.
        const int before = spy.count();
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, QPoint(3, view->arrowPoint(0).y()));
        QCOMPARE(spy.count(), before);
        // A right click does not select.
        QTest::mouseClick(view->viewport(), Qt::RightButton, {}, view->arrowPoint(0));
        QCOMPARE(spy.count(), before);
    }

    void toolTipNamesThePacket()
    {
        const auto d = diagramOf([](CaptureScript& c) { unanswered(c, 2); });
        auto view = makeView(d);
        QVERIFY(view);
        const QPoint pos = view->arrowPoint(1);
        QHelpEvent help(QEvent::ToolTip, pos, view->viewport()->mapToGlobal(pos));
        QApplication::sendEvent(view->viewport(), &help);
        QTRY_VERIFY(QToolTip::isVisible());
        const QString text = QToolTip::text();
        QVERIFY2(text.startsWith(QString("Frame 2: 192.0.2.10 \u2192 198.51.100.20  TCP  ")), qPrintable(text));
        QVERIFY2(text.endsWith("\nRetransmission"), qPrintable(text));
        QToolTip::hideText();
    }

    void keysMoveTheSelection()
    {
        const auto d = diagramOf([](CaptureScript& c) { fourWayClose(c, Side::Client); });
        auto view = makeView(d);
        QVERIFY(view);
        QSignalSpy spy(view.get(), &SequenceDiagramView::frameActivated);
        view->setFocus();
        QTest::keyClick(view.get(), Qt::Key_Down);
        QCOMPARE(view->selectedFrame(), quint64(1));
        QTest::keyClick(view.get(), Qt::Key_Down);
        QCOMPARE(view->selectedFrame(), quint64(2));
        QTest::keyClick(view.get(), Qt::Key_Up);
        QCOMPARE(view->selectedFrame(), quint64(1));
        QCOMPARE(spy.count(), 3);
    }

    void selectFrameScrollsIntoView()
    {
        const auto d = diagramOf([](CaptureScript& c) { longConnection(c, 300); });
        QCOMPARE(d->arrows.size(), std::size_t{307});
        auto view = makeView(d, {1000, 500});
        QVERIFY(view);
        const SequenceDiagramRenderer* r = view->renderer();
        QVERIFY(r->size().height() > 10 * view->viewport()->height());
        QCOMPARE(view->verticalScrollBar()->value(), 0);
        for (const std::size_t i : {std::size_t{250}, std::size_t{120}, std::size_t{306}, std::size_t{0}}) {
            const quint64 frame = d->arrows[i].frame;
            QVERIFY(view->selectFrame(frame));
            QCOMPARE(view->selectedFrame(), frame);
            // The whole row is visible below the sticky header.
            const auto& row = r->rows()[static_cast<std::size_t>(r->rowOfArrow(i))];
            const int top = row.y - view->verticalScrollBar()->value();
            QVERIFY2(top >= r->headerHeight() && top + row.height <= view->viewport()->height(),
                     qPrintable(QString("arrow %1: row at %2..%3 in a %4 px viewport with a %5 px header")
                                    .arg(i)
                                    .arg(top)
                                    .arg(top + row.height)
                                    .arg(view->viewport()->height())
                                    .arg(r->headerHeight())));
            // And clicking it there gives its frame.
            QSignalSpy spy(view.get(), &SequenceDiagramView::frameActivated);
            QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->arrowPoint(i));
            QCOMPARE(spy.count(), 1);
            QCOMPARE(spy.last().at(0).value<quint64>(), frame);
        }
        // Selecting a frame that is already visible does not scroll.
        view->selectFrame(d->arrows[0].frame);
        const int value = view->verticalScrollBar()->value();
        QVERIFY(view->selectFrame(d->arrows[1].frame));
        QCOMPARE(view->verticalScrollBar()->value(), value);
        // A frame the diagram does not have.
        QVERIFY(!view->selectFrame(100000));
        QCOMPARE(view->selectedFrame(), quint64(0));
    }

    void stickyHeaderIsPaintedAndNotClickable()
    {
        const auto d = diagramOf([](CaptureScript& c) { longConnection(c, 100); });
        auto view = makeView(d, {1000, 500});
        QVERIFY(view);
        view->verticalScrollBar()->setValue(view->verticalScrollBar()->maximum() / 2);
        QVERIFY(view->verticalScrollBar()->value() > 0);
        // The header stays at the top of the viewport.
        const QImage image = view->viewport()->grab().toImage();
        const qreal dpr = image.devicePixelRatio();
        QCOMPARE(image.pixelColor(QPoint(qRound(4 * dpr), qRound(4 * dpr))).rgb(), QColor(0xf7, 0xf8, 0xfa).rgb());
        // A click on the header (over a row scrolled under it) selects nothing.
        QSignalSpy spy(view.get(), &SequenceDiagramView::frameActivated);
        const SequenceDiagramRenderer* r = view->renderer();
        const int x = (r->lifelineX(0) + r->lifelineX(1)) / 2;
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, QPoint(x, r->headerHeight() / 2));
        QCOMPARE(spy.count(), 0);
        QCOMPARE(view->selectedFrame(), quint64(0));
    }

    void collapsedDataExpandsOnClick()
    {
        const auto d = diagramOf([](CaptureScript& c) { fourWayClose(c, Side::Client); });
        auto view = makeView(d);
        QVERIFY(view);
        QCOMPARE(view->renderer()->rows().size(), std::size_t{11});
        DiagramViewOptions o;
        o.collapseData = true;
        view->setViewOptions(o);
        const SequenceDiagramRenderer* r = view->renderer();
        // Handshake (3), one row for the data phase, teardown (4).
        QCOMPARE(r->rows().size(), std::size_t{8});
        QCOMPARE(r->rows()[3].kind, SequenceDiagramRenderer::RowKind::CollapsedData);
        QCOMPARE(r->rows()[3].text, QString("Data (4 segments, 80 B)"));
        for (std::size_t a = 3; a <= 6; ++a)
            QCOMPARE(r->rowOfArrow(a), -1);
        QCOMPARE(r->rowOfArrow(7), 4);
        QCOMPARE(view->arrowPoint(4), QPoint(-1, -1));
        // Selecting a collapsed frame finds it but cannot scroll to a row.
        QSignalSpy spy(view.get(), &SequenceDiagramView::frameActivated);
        const auto& row = r->rows()[3];
        const QPoint at((r->lifelineX(0) + r->lifelineX(1)) / 2, row.y + row.height / 2 - view->verticalScrollBar()->value());
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(spy.count(), 0); // expanding is not selecting
        QVERIFY(!view->viewOptions().collapseData);
        QCOMPARE(view->renderer()->rows().size(), std::size_t{11});
        QCOMPARE(view->renderer()->rowOfArrow(4), 4);
        // A long data phase collapses to a single row too.
        const auto big = diagramOf([](CaptureScript& c) { longConnection(c, 200); });
        view->setDiagram(big);
        view->setViewOptions(o);
        QCOMPARE(view->renderer()->rows().size(), std::size_t{3 + 1 + 4});
    }

    void hiddenLifelineDropsItsArrows()
    {
        // One client, two servers: stream 0 to 198.51.100.20, stream 1 to 198.51.100.30.
        const auto d = diagramOf(
            [](CaptureScript& s) {
                const ScenarioHosts h = scenarioHosts(false);
                TcpConversation a(s, h.client, 41334, h.server, 80);
                a.syn().synAck().ack(Side::Client);
                Host other{ip("198.51.100.30"), mac(0x30)};
                TcpConversation b(s, h.client, 41336, other, 443);
                b.syn().synAck().ack(Side::Client);
                a.fin(Side::Client).ack(Side::Server).fin(Side::Server).ack(Side::Client);
                b.rst(Side::Server);
            },
            {0, 1});
        QCOMPARE(d->lifelines.size(), std::size_t{3});
        QCOMPARE(QString::fromStdString(d->lifelines[2].title), QString("198.51.100.30"));
        QCOMPARE(d->arrows.size(), std::size_t{11});
        auto view = makeView(d);
        QVERIFY(view);
        QCOMPARE(view->renderer()->rows().size(), std::size_t{11});
        QSignalSpy changed(view.get(), &SequenceDiagramView::lifelinesChanged);
        DiagramViewOptions o;
        o.hiddenLifelines = {2};
        view->setViewOptions(o);
        const SequenceDiagramRenderer* r = view->renderer();
        QVERIFY(!r->lifelineVisible(2));
        QVERIFY(r->lifelineVisible(0) && r->lifelineVisible(1));
        int rows = 0;
        for (std::size_t i = 0; i < d->arrows.size(); ++i) {
            const bool visible = d->arrows[i].stream == 0;
            QCOMPARE(r->rowOfArrow(i) >= 0, visible);
            QCOMPARE(view->arrowPoint(i) == QPoint(-1, -1), !visible);
            rows += visible;
        }
        QCOMPARE(rows, 7);
        QCOMPARE(rowsOfKind(*r, SequenceDiagramRenderer::RowKind::Arrow), 7);
        // The phases of the hidden connection are not drawn either: the renderer still paints.
        QImage image(r->size(), QImage::Format_ARGB32);
        image.fill(Qt::white);
        {
            QPainter p(&image);
            r->paint(p, QRect(QPoint(0, 0), r->size()));
        }
        // Hiding the client hides everything.
        o.hiddenLifelines = {0};
        view->setViewOptions(o);
        QCOMPARE(rowsOfKind(*view->renderer(), SequenceDiagramRenderer::RowKind::Arrow), 0);
        // A new diagram shows every host again.
        view->setDiagram(d);
        QVERIFY(view->viewOptions().hiddenLifelines.empty());
        QCOMPARE(view->renderer()->rows().size(), std::size_t{11});
        QCOMPARE(changed.count(), 0); // only the context menu announces changes
    }

    void selectionSurvivesNewDiagram()
    {
        const auto d = diagramOf([](CaptureScript& c) { fourWayClose(c, Side::Client); });
        auto view = makeView(d);
        QVERIFY(view);
        QVERIFY(view->selectFrame(8));
        // The same capture drawn with symbolic numbers: frame 8 stays selected.
        DiagramOptions symbolic;
        symbolic.numbers = DiagramNumbers::Symbolic;
        view->setDiagram(diagramOf([](CaptureScript& c) { fourWayClose(c, Side::Client); }, {0}, symbolic));
        QCOMPARE(view->selectedFrame(), quint64(8));
    }

    void exportFormats()
    {
        const auto d = diagramOf([](CaptureScript& c) { fourWayClose(c, Side::Client); });
        QTemporaryDir dir;
        QString error;
        QVERIFY2(exportDiagram(*d, {}, "svg", dir.filePath("d.svg"), error), qPrintable(error));
        QFile svg(dir.filePath("d.svg"));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(svg.readAll());
        QStringList texts;
        const QRegularExpression textRe("<text[^>]*>([^<]*)</text>");
        for (auto it = textRe.globalMatch(text); it.hasNext();)
            texts << it.next().captured(1).trimmed();
        for (const char* s : {"Three-way handshake", "Data (4 segments, 80 B)", "Four-way teardown", "SYN_SENT",
                                 "TIME_WAIT", "CLOSE_WAIT", "[S.]", "#11"})
            QVERIFY2(texts.contains(QString(s)), s);

        QVERIFY2(exportDiagram(*d, {}, "png", dir.filePath("d.png"), error), qPrintable(error));
        QImage png(dir.filePath("d.png"));
        QVERIFY(png.width() > 600 && png.height() > 400);

        QVERIFY2(exportDiagram(*d, {}, "pdf", dir.filePath("d.pdf"), error), qPrintable(error));
        QFile pdf(dir.filePath("d.pdf"));
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY(pdf.read(5) == "%PDF-");

        // A diagram taller than a PDF page goes on several pages.
        const auto tall = diagramOf([](CaptureScript& c) { longConnection(c, 300); });
        QVERIFY2(exportDiagram(*tall, {}, "pdf", dir.filePath("tall.pdf"), error), qPrintable(error));
        QFile tallPdf(dir.filePath("tall.pdf"));
        QVERIFY(tallPdf.open(QIODevice::ReadOnly));
        const QByteArray tallBytes = tallPdf.readAll();
        QCOMPARE(QString::fromLatin1(tallBytes).count(QRegularExpression("/Type\\s*/Page(?!s)")), 2);
        QCOMPARE(QString::fromLatin1(pdf.readAll()).count(QRegularExpression("/Type\\s*/Page(?!s)")), 1);

        QVERIFY(!exportDiagram(*d, {}, "svg", dir.filePath("missing/d.svg"), error));
        QVERIFY2(error.contains("does not exist"), qPrintable(error));
        QVERIFY(!exportDiagram(*d, {}, "gif", dir.filePath("d.gif"), error));
        QVERIFY2(error.contains("unknown format"), qPrintable(error));
    }

    void pictureDrawsEachThingOnceAndOnlyTheClip()
    {
        // The one picture behind the view and the exports, counted by role: the whole four-way close has
        // per arrow one line, head, flags, numbers, frame number and time; per state a box and its name;
        // per phase a band, a bracket and a name; a box per host; the header once.
        const auto d = diagramOf([](CaptureScript& c) { fourWayClose(c, Side::Client); });
        const SequenceDiagramRenderer r(*d, {}, QApplication::font());
        CountingCanvas whole;
        QVERIFY(DiagramPicture(r.layout(), whole).draw(QRect(QPoint(0, 0), r.size())));
        const int arrows = int(d->arrows.size());
        QCOMPARE(whole.rows, int(r.rows().size()));
        for (const DiagramRole role : {DiagramRole::ArrowLine, DiagramRole::ArrowHead, DiagramRole::Flags,
                                       DiagramRole::Numbers, DiagramRole::FrameNumber, DiagramRole::Time})
            QCOMPARE(whole.drawn[role], arrows);
        QCOMPARE(whole.drawn[DiagramRole::Delta], arrows - 1);
        QCOMPARE(whole.drawn[DiagramRole::StateBox], int(d->states.size()));
        QCOMPARE(whole.drawn[DiagramRole::StateName], int(d->states.size()));
        for (const DiagramRole role : {DiagramRole::PhaseBand, DiagramRole::PhaseBracket, DiagramRole::PhaseName})
            QCOMPARE(whole.drawn[role], int(d->phases.size()));
        QCOMPARE(whole.drawn[DiagramRole::LifelineBox], 2);
        QCOMPARE(whole.drawn[DiagramRole::HeaderBand], 1);
        QCOMPARE(whole.drawn[DiagramRole::SelectedRow] + whole.drawn[DiagramRole::HoveredRow], 0);
        // Selected and hovered arrows get their bands.
        CountingCanvas highlighted;
        DiagramPicture(r.layout(), highlighted).draw(QRect(QPoint(0, 0), r.size()), 2, 3);
        QCOMPARE(highlighted.drawn[DiagramRole::SelectedRow], 1);
        QCOMPARE(highlighted.drawn[DiagramRole::HoveredRow], 1);

        // A screenful in the middle of a long connection: only the rows it shows.
        const auto big = diagramOf([](CaptureScript& c) { longConnection(c, 3000); });
        const SequenceDiagramRenderer b(*big, {}, QApplication::font());
        const QRect clip(0, b.size().height() / 2, 1200, 800);
        CountingCanvas screen;
        QVERIFY(DiagramPicture(b.layout(), screen).draw(clip, -1, -1, clip.top()));
        const int rowHeight = b.rows()[0].height;
        QVERIFY2(screen.rows >= clip.height() / rowHeight && screen.rows <= clip.height() / rowHeight + 2,
                 qPrintable(QString::number(screen.rows)));
        QCOMPARE(screen.drawn[DiagramRole::ArrowLine], screen.rows);
        QCOMPARE(screen.drawn[DiagramRole::HeaderBand], 1);

        // A canvas that cannot go on (a failed write) stops the drawing.
        CountingCanvas stopping;
        stopping.rowLimit = 3;
        QVERIFY(!DiagramPicture(r.layout(), stopping).draw(QRect(QPoint(0, 0), r.size())));
        QCOMPARE(stopping.rows, 3);
        QCOMPARE(stopping.drawn[DiagramRole::ArrowLine], 3);
        QCOMPARE(stopping.drawn[DiagramRole::HeaderBand], 0);
    }

    void svgWriterDrawsWhatTheRendererPaints()
    {
        // The SVG, drawn by Qt's own SVG renderer, has every arrow on its row in its colour, as the painter.
        const QFont font = QApplication::font();
        const int lineHeight = QFontMetrics(font).height();
        QTemporaryDir dir;
        for (const Scenario& s : scenarios()) {
            const auto d = diagramOf(s.build, {s.stream});
            for (const bool collapse : {false, true}) {
                DiagramViewOptions o;
                o.collapseData = collapse;
                const SequenceDiagramRenderer r(*d, o, font);
                const QString path = dir.filePath("s.svg");
                QString error;
                QVERIFY2(DiagramSvgWriter(r).write(path, QString::fromStdString(d->title), "d", error), qPrintable(error));
                const SvgContent svg = readSvg(path);
                QVERIFY2(svg.error.isEmpty(), qPrintable(QString("%1: %2").arg(s.name, svg.error)));
                QCOMPARE(svg.title, QString::fromStdString(d->title));
                // Every phase's name and every state a side enters, as text.
                // (The missing handshake is a note row above the first arrow, not a bracket.)
                for (const DiagramPhase& ph : d->phases)
                    QVERIFY2(svg.textContents.contains(
                                 ph.kind == PhaseKind::HandshakeNotCaptured
                                     ? QString("Handshake not captured: the capture started after the connection opened")
                                     : QString::fromStdString(ph.name)),
                             qPrintable(QString("%1: phase %2").arg(s.name, QString::fromStdString(ph.name))));
                for (const DiagramState& st : d->states)
                    if (st.arrow == DiagramState::kInitial || r.rowOfArrow(st.arrow) >= 0)
                        QVERIFY2(svg.textContents.contains(QString::fromLatin1(tcpStateName(st.state))),
                                 qPrintable(QString("%1: state %2").arg(s.name, tcpStateName(st.state))));
                QSvgRenderer svgRenderer(path);
                QVERIFY2(svgRenderer.isValid(), s.name);
                QCOMPARE(svgRenderer.viewBox(), QRect(QPoint(0, 0), r.size()));
                QImage image(r.size(), QImage::Format_ARGB32);
                image.fill(Qt::white);
                {
                    QPainter p(&image);
                    svgRenderer.render(&p);
                }
                for (std::size_t i = 0; i < d->arrows.size(); ++i)
                    if (r.rowOfArrow(i) >= 0)
                        QVERIFY2(arrowPainted(image, r, i, lineHeight),
                                 qPrintable(QString("%1: arrow %2 not drawn in its colour").arg(s.name).arg(i)));
                // And the header at the top, as painted.
                QCOMPARE(image.pixelColor(4, 4).rgb(), QColor(0xf7, 0xf8, 0xfa).rgb());
            }
        }
    }

    void svgIsEscapedAndScalesLinearly()
    {
        QTemporaryDir dir;
        QString error;
        // Text that must be escaped survives the round trip.
        auto d = *diagramOf([](CaptureScript& c) { fourWayClose(c, Side::Client); });
        d.title = "a <b> & \"c\" 'd'";
        d.arrows[2].numbers += " <&>";
        d.note = "x]]>y";
        QVERIFY2(exportDiagram(d, {}, "svg", dir.filePath("e.svg"), error), qPrintable(error));
        const SvgContent escaped = readSvg(dir.filePath("e.svg"));
        QVERIFY2(escaped.error.isEmpty(), qPrintable(escaped.error));
        QCOMPARE(escaped.title, QString::fromStdString(d.title));
        QVERIFY(escaped.textContents.contains(" " + QString::fromStdString(d.arrows[2].numbers)));
        QVERIFY(escaped.textContents.contains("x]]>y"));
        QVERIFY(QSvgRenderer(dir.filePath("e.svg")).isValid());

        // Data segments (no state changes) cost the same seven elements each however many there are: the
        // frame number, the time, the time since the previous one, the line, its head, the flags, the numbers.
        std::vector<std::pair<std::size_t, SvgContent>> sizes;
        for (const int segments : {1000, 2000, 4000}) {
            const auto big = diagramOf([segments](CaptureScript& c) { longConnection(c, segments); });
            const QString path = dir.filePath(QString("l%1.svg").arg(segments));
            QVERIFY2(exportDiagram(*big, {}, "svg", path, error), qPrintable(error));
            sizes.push_back({big->arrows.size(), readSvg(path)});
            QVERIFY2(sizes.back().second.error.isEmpty(), qPrintable(sizes.back().second.error));
            // Compact: well under 400 bytes an arrow (QSvgGenerator wrote ~3,700).
            QVERIFY(QFileInfo(path).size() < qint64(400 * big->arrows.size()));
        }
        for (std::size_t k = 1; k < sizes.size(); ++k) {
            const int arrows = int(sizes[k].first - sizes[k - 1].first);
            QCOMPARE(sizes[k].second.elements - sizes[k - 1].second.elements, 7 * arrows);
            QCOMPARE(sizes[k].second.texts - sizes[k - 1].second.texts, 5 * arrows);
        }
    }

    void largeConnectionSmoke()
    {
        // 100,000 segments 1 µs apart: build, paint one screenful in the middle, export SVG. Not timed.
        CaptureScript script;
        longConnection(script, 100000 - 7, 1000);
        QCOMPARE(script.packets().size(), std::size_t{100000});
        const auto capture = test::load(script);
        const SequenceDiagram d = buildConnectionDiagram(*capture->store, {0});
        QCOMPARE(d.arrows.size(), std::size_t{100000});
        QCOMPARE(d.phases.size(), std::size_t{3});
        QCOMPARE(QString::fromStdString(d.phases[1].name), QString("Data (99993 segments, 5.0 MB)"));
        const SequenceDiagramRenderer r(d, {}, QApplication::font());
        QCOMPARE(r.rows().size(), std::size_t{100000});
        const QRect clip(0, r.size().height() / 2, 1200, 800);
        QImage image(clip.size(), QImage::Format_ARGB32);
        image.fill(Qt::white);
        {
            QPainter p(&image);
            p.translate(-clip.topLeft());
            r.paint(p, clip, -1, -1, clip.top());
        }
        const int row = r.rowIndexAtY(clip.top() + 400);
        QVERIFY(row >= 0);
        QVERIFY(image.pixelColor(4, 4) != QColor(Qt::white)); // the sticky header
        QTemporaryDir dir;
        QString error;
        // SVG of every arrow (written directly, a second or so; the time is measured by 'bench --diagram').
        QVERIFY2(exportDiagram(d, {}, "svg", dir.filePath("big.svg"), error), qPrintable(error));
        const qint64 svgBytes = QFileInfo(dir.filePath("big.svg")).size();
        QVERIFY2(svgBytes > 100000 * 200 && svgBytes < 100000 * 400, qPrintable(QString::number(svgBytes)));
        // Too tall for a PNG: refused with a hint.
        QVERIFY(!exportDiagram(d, {}, "png", dir.filePath("big.png"), error));
        QVERIFY2(error.contains("SVG or PDF"), qPrintable(error));
        // Collapsed, it is small.
        DiagramViewOptions collapsed;
        collapsed.collapseData = true;
        QVERIFY2(exportDiagram(d, collapsed, "png", dir.filePath("small.png"), error), qPrintable(error));
    }

    void screenshot()
    {
        const QString path = qEnvironmentVariable("SYNSCOPE_DIAGRAM_SCREENSHOT");
        if (path.isEmpty())
            QSKIP("set SYNSCOPE_DIAGRAM_SCREENSHOT to save pictures");
        const auto d = diagramOf([](CaptureScript& c) { fourWayClose(c, Side::Client); });
        auto view = makeView(d, {1100, 900});
        QVERIFY(view);
        view->selectFrame(8);
        QVERIFY(view->grab().save(path));
        DiagramViewOptions o;
        o.collapseData = true;
        view->setViewOptions(o);
        QString base = path;
        base.chop(4);
        QVERIFY(view->grab().save(base + "-collapsed.png"));
        const auto big = diagramOf([](CaptureScript& c) { longConnection(c, 100); });
        view->setDiagram(big);
        view->setViewOptions({});
        view->resize(1100, 500);
        view->selectFrame(60);
        QVERIFY(view->grab().save(base + "-scrolled.png"));
        const auto mid = diagramOf([](CaptureScript& c) { midConnection(c); });
        view->setDiagram(mid);
        QVERIFY(view->grab().save(base + "-mid.png"));
        const auto rej = diagramOf([](CaptureScript& c) { unanswered(c, 3); });
        view->setDiagram(rej);
        QVERIFY(view->grab().save(base + "-unanswered.png"));
    }
};

QTEST_MAIN(TestSequenceDiagramView)
#include "test_sequence_diagram_view.moc"
