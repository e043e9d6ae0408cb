// HexView, the bytes pane, offscreen: hit testing of both columns, clicks and keys emitting byteClicked,
// the highlight scrolled into view and painted in the palette's Highlight colour, the column layout,
// and painting empty and 256 KiB frames.
// Set SYNSCOPE_HEXVIEW_SCREENSHOT=/path/file.png to save a picture of a highlighted frame.
#include "ui/packets/hex_view.h"

#include <QApplication>
#include <QFontMetrics>
#include <QHelpEvent>
#include <QImage>
#include <QPixmap>
#include <QScrollBar>
#include <QSignalSpy>
#include <QToolTip>
#include <QtTest>

using synscope::HexView;

namespace {

// A plausible Ethernet/IPv4/TCP frame followed by an HTTP request, so both columns have printable and
// non-printable bytes.
QByteArray sampleFrame(int size)
{
    static const QByteArray head = QByteArray::fromHex(
        "00163e5a1b2c3c22fb9d4e01080045000234b1e640004006000"
        "0c0a800685db8d822d3a40050f1e2d3c40a0b0c0d801801f6"
        "2c4f00000101080a0012d6870a3b4c5d");
    static const QByteArray http = QByteArrayLiteral("GET /index.html HTTP/1.1\r\nHost: example.com\r\n"
                                                     "User-Agent: synscope-test\r\nAccept: */*\r\n\r\n");
    QByteArray frame = head + http;
    while (frame.size() < size)
        frame.append(static_cast<char>(frame.size() * 7 + 3));
    frame.truncate(size);
    return frame;
}

QPoint centre(const QRect& r) { return QPoint(r.x() + r.width() / 2, r.y() + r.height() / 2); }

// Pixel of a widget->grab() image at a viewport point.
QColor pixelAt(HexView& view, const QImage& image, const QPoint& viewportPos)
{
    const QPoint widgetPos = view.viewport()->mapTo(&view, viewportPos);
    const qreal dpr = image.devicePixelRatio();
    return image.pixelColor(QPoint(qRound(widgetPos.x() * dpr), qRound(widgetPos.y() * dpr)));
}

// Fraction of a viewport rect's pixels that have exactly the given colour.
double coverage(HexView& view, const QImage& image, const QRect& viewportRect, const QColor& colour)
{
    int hits = 0, total = 0;
    for (int y = viewportRect.top(); y <= viewportRect.bottom(); ++y)
        for (int x = viewportRect.left(); x <= viewportRect.right(); ++x) {
            ++total;
            if (pixelAt(view, image, QPoint(x, y)).rgb() == colour.rgb())
                ++hits;
        }
    return total ? double(hits) / total : 0.0;
}

} // namespace

class TestHexView : public QObject
{
    Q_OBJECT

private:
    // A shown view of a given size holding `size` bytes of the sample frame.
    std::unique_ptr<HexView> makeView(int size, QSize widgetSize = QSize())
    {
        auto view = std::make_unique<HexView>();
        view->setBytes(sampleFrame(size));
        view->resize(widgetSize.isValid() ? widgetSize : view->sizeHint());
        view->show();
        if (!QTest::qWaitForWindowExposed(view.get()))
            return nullptr;
        return view;
    }

private slots:
    void defaults();
    void layoutColumns();
    void byteAtRoundTrip_data();
    void byteAtRoundTrip();
    void byteAtOutside();
    void mouseClickEmitsByteClicked();
    void setBytesClearsHighlight();
    void highlightClipping();
    void setHighlightScrollsIntoView();
    void answerToClickDoesNotJump();
    void arrowKeysMoveAndEmit();
    void pageKeysScroll();
    void highlightIsPainted();
    void cursorShownWhileFocused();
    void paintEmptyAndHuge();
    void sizeHintShowsWholeLine();
    void toolTipNamesOffsetAndValue();
    void screenshot();
};

void TestHexView::defaults()
{
    HexView view;
    QCOMPARE(view.focusPolicy(), Qt::StrongFocus);
    QVERIFY(!view.accessibleName().isEmpty());
    QCOMPARE(view.highlightOffset(), -1);
    QCOMPARE(view.highlightLength(), 0);
    QCOMPARE(view.byteAt(QPoint(10, 10)), -1);
    QVERIFY(view.byteRect(0).isNull());
    QVERIFY(view.font().fixedPitch() || QFontInfo(view.font()).fixedPitch());
}

void TestHexView::layoutColumns()
{
    auto view = makeView(100);
    QVERIFY(view);
    const int cw = QFontMetrics(view->font()).horizontalAdvance(QLatin1Char('0'));
    // Pairs one character apart, an extra space after the 8th, two spaces before the ASCII column.
    QCOMPARE(view->byteRect(1).x() - view->byteRect(0).x(), 3 * cw);
    QCOMPARE(view->byteRect(8).x() - view->byteRect(7).x(), 4 * cw);
    QCOMPARE(view->byteRect(0).width(), 2 * cw);
    QCOMPARE(view->asciiRect(0).x() - (view->byteRect(15).x() + 2 * cw), 2 * cw);
    QCOMPARE(view->asciiRect(1).x() - view->asciiRect(0).x(), cw);
    // One line per 16 bytes.
    QCOMPARE(view->byteRect(16).x(), view->byteRect(0).x());
    QCOMPARE(view->byteRect(16).y() - view->byteRect(0).y(), view->byteRect(0).height());
    QCOMPARE(view->byteRect(31).y(), view->byteRect(16).y());
    QVERIFY(view->byteRect(100).isNull());
    QVERIFY(view->asciiRect(-1).isNull());

    // Four offset digits below 64 KiB, more from 64 KiB up: the hex column moves right by one character.
    const int x4 = view->byteRect(0).x();
    view->setBytes(sampleFrame(65535));
    QCOMPARE(view->byteRect(0).x(), x4);
    view->setBytes(sampleFrame(65536));
    QCOMPARE(view->byteRect(0).x(), x4 + cw);
    view->setBytes(sampleFrame(262144));
    QCOMPARE(view->byteRect(0).x(), x4 + cw);
}

void TestHexView::byteAtRoundTrip_data()
{
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("offset");
    QTest::newRow("first byte") << 100 << 0;
    QTest::newRow("8th byte, before the gap") << 100 << 7;
    QTest::newRow("9th byte, after the gap") << 100 << 8;
    QTest::newRow("last of the first line") << 100 << 15;
    QTest::newRow("first of the second line") << 100 << 16;
    QTest::newRow("after the gap, third line") << 100 << 40;
    QTest::newRow("last of a full line") << 100 << 95;
    QTest::newRow("last byte of a partial line") << 100 << 99;
    QTest::newRow("only byte") << 1 << 0;
    QTest::newRow("exactly one line, last") << 16 << 15;
}

void TestHexView::byteAtRoundTrip()
{
    QFETCH(int, size);
    QFETCH(int, offset);
    auto view = makeView(size);
    QVERIFY(view);
    const QRect hex = view->byteRect(offset);
    const QRect ascii = view->asciiRect(offset);
    QVERIFY(!hex.isNull());
    QVERIFY(view->viewport()->rect().contains(hex));
    QVERIFY(view->viewport()->rect().contains(ascii));
    QCOMPARE(view->byteAt(centre(hex)), offset);
    QCOMPARE(view->byteAt(centre(ascii)), offset);
    // Every pixel of both cells belongs to the byte.
    QCOMPARE(view->byteAt(hex.topLeft()), offset);
    QCOMPARE(view->byteAt(hex.bottomRight()), offset);
    QCOMPARE(view->byteAt(ascii.topLeft()), offset);
    QCOMPARE(view->byteAt(ascii.bottomRight()), offset);
}

void TestHexView::byteAtOutside()
{
    auto view = makeView(100, QSize(900, 400));
    QVERIFY(view);
    const QRect first = view->byteRect(0);
    const QRect lastHex = view->byteRect(99);
    const QRect lastAscii = view->asciiRect(99);
    const int cw = first.width() / 2;
    // The offset column.
    QCOMPARE(view->byteAt(QPoint(first.x() - 4 * cw, first.center().y())), -1);
    // Right of the ASCII column.
    QCOMPARE(view->byteAt(QPoint(view->asciiRect(15).right() + 2 * cw, first.center().y())), -1);
    // Between the hex and the ASCII columns, away from the last pair.
    QCOMPARE(view->byteAt(QPoint(view->asciiRect(0).x() - 1, first.center().y())), -1);
    // Past the last byte of the partial final line, in both columns.
    QCOMPARE(view->byteAt(centre(lastHex.translated(3 * cw, 0))), -1);
    QCOMPARE(view->byteAt(centre(lastAscii.translated(cw, 0))), -1);
    // Below the last line.
    QCOMPARE(view->byteAt(QPoint(first.center().x(), lastHex.bottom() + lastHex.height())), -1);
    QCOMPARE(view->byteAt(QPoint(-1, first.center().y())), -1);
    QCOMPARE(view->byteAt(QPoint(first.center().x(), -1)), -1);

    view->setBytes({});
    QCOMPARE(view->byteAt(centre(first)), -1);
}

void TestHexView::mouseClickEmitsByteClicked()
{
    auto view = makeView(300);
    QVERIFY(view);
    QSignalSpy spy(view.get(), &HexView::byteClicked);

    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, centre(view->byteRect(20)));
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toInt(), 20);
    QCOMPARE(view->cursorOffset(), 20);
    QVERIFY(view->hasFocus());
    // The highlight is the owner's business (the field holding the byte), not the view's.
    QCOMPARE(view->highlightOffset(), -1);
    view->setHighlight(14, 20);

    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, centre(view->asciiRect(37)));
    QCOMPARE(spy.count(), 2);
    QCOMPARE(spy.at(1).at(0).toInt(), 37);
    QCOMPARE(view->cursorOffset(), 37);
    QCOMPARE(view->highlightOffset(), 14);
    QCOMPARE(view->highlightLength(), 20);

    // After the 8th-byte gap, and a click in the gap itself goes to a neighbour.
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, centre(view->byteRect(56)));
    QCOMPARE(spy.count(), 3);
    QCOMPARE(spy.at(2).at(0).toInt(), 56);

    // Nothing under the point: no signal. Right button: no signal.
    const QRect first = view->byteRect(0);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, QPoint(first.x() - 3 * first.width(), first.y() + 2));
    QTest::mouseClick(view->viewport(), Qt::RightButton, {}, centre(view->byteRect(5)));
    QCOMPARE(spy.count(), 3);
}

void TestHexView::setBytesClearsHighlight()
{
    auto view = makeView(200);
    QVERIFY(view);
    view->setHighlight(14, 20);
    QCOMPARE(view->highlightOffset(), 14);
    QCOMPARE(view->highlightLength(), 20);
    view->setBytes(sampleFrame(120));
    QCOMPARE(view->highlightOffset(), -1);
    QCOMPARE(view->highlightLength(), 0);
    QCOMPARE(view->cursorOffset(), -1);
    QCOMPARE(view->verticalScrollBar()->value(), 0);
}

void TestHexView::highlightClipping()
{
    auto view = makeView(100);
    QVERIFY(view);
    view->setHighlight(90, 50); // runs past the end: clipped
    QCOMPARE(view->highlightOffset(), 90);
    QCOMPARE(view->highlightLength(), 10);
    view->setHighlight(10, 0); // length 0: none
    QCOMPARE(view->highlightLength(), 0);
    QCOMPARE(view->highlightOffset(), -1);
    view->setHighlight(100, 4); // outside the frame: none
    QCOMPARE(view->highlightLength(), 0);
    view->setHighlight(-3, 4);
    QCOMPARE(view->highlightLength(), 0);
}

void TestHexView::setHighlightScrollsIntoView()
{
    auto view = makeView(4000, QSize(700, 300));
    QVERIFY(view);
    QScrollBar* bar = view->verticalScrollBar();
    QCOMPARE(bar->value(), 0);
    QCOMPARE(bar->singleStep(), 1);
    QVERIFY(bar->maximum() > 0);
    QVERIFY(bar->maximum() < 250); // the bar counts lines (250 of them), not pixels

    // Far below.
    view->setHighlight(3000, 40);
    QVERIFY(bar->value() != 0);
    const QRect vp = view->viewport()->rect();
    QVERIFY2(vp.contains(view->byteRect(3000)), qPrintable(QStringLiteral("byteRect %1,%2 viewport %3x%4")
                                                               .arg(view->byteRect(3000).x())
                                                               .arg(view->byteRect(3000).y())
                                                               .arg(vp.width())
                                                               .arg(vp.height())));
    QVERIFY(vp.contains(view->byteRect(3039)));
    QVERIFY(vp.contains(view->asciiRect(3000)));

    // Back above.
    const int low = bar->value();
    view->setHighlight(40, 2);
    QVERIFY(bar->value() < low);
    QVERIFY(vp.contains(view->byteRect(40)));

    // Already visible: no scrolling.
    const int now = bar->value();
    view->setHighlight(41, 1);
    QCOMPARE(bar->value(), now);

    // The last byte.
    view->setHighlight(3999, 1);
    QCOMPARE(bar->value(), bar->maximum());
    QVERIFY(vp.contains(view->byteRect(3999)));
}

void TestHexView::answerToClickDoesNotJump()
{
    // The owner answers a click with the whole field (here: 3000 bytes starting far above); the clicked
    // byte must stay under the mouse rather than the view jumping to the field's first line.
    auto view = makeView(4000, QSize(700, 300));
    QVERIFY(view);
    view->verticalScrollBar()->setValue(150);
    const int clicked = 150 * 16 + 3 * 16 + 5;
    const QRect before = view->byteRect(clicked);
    QVERIFY(view->viewport()->rect().contains(before));
    connect(view.get(), &HexView::byteClicked, view.get(), [&](int) { view->setHighlight(100, 3000); });
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, centre(before));
    QCOMPARE(view->highlightOffset(), 100);
    QCOMPARE(view->highlightLength(), 3000);
    QCOMPARE(view->byteRect(clicked), before);
    QCOMPARE(view->cursorOffset(), clicked);
}

void TestHexView::arrowKeysMoveAndEmit()
{
    auto view = makeView(40, QSize(700, 300)); // lines of 16, 16, 8
    QVERIFY(view);
    view->setFocus();
    QSignalSpy spy(view.get(), &HexView::byteClicked);
    auto last = [&] { return spy.isEmpty() ? -2 : spy.last().at(0).toInt(); };

    // No cursor yet: the first key selects byte 0 without moving past it.
    QTest::keyClick(view.get(), Qt::Key_Down);
    QCOMPARE(last(), 0);
    QCOMPARE(view->cursorOffset(), 0);
    QCOMPARE(view->highlightLength(), 0);

    // A highlight set by the owner puts the cursor on its first byte.
    view->setHighlight(5, 3);
    QCOMPARE(view->cursorOffset(), 5);
    spy.clear();
    QTest::keyClick(view.get(), Qt::Key_Right);
    QCOMPARE(last(), 6);
    QCOMPARE(view->cursorOffset(), 6);
    QCOMPARE(view->highlightOffset(), 5); // left to the owner
    QCOMPARE(view->highlightLength(), 3);
    QTest::keyClick(view.get(), Qt::Key_Down);
    QCOMPARE(last(), 22);
    QTest::keyClick(view.get(), Qt::Key_Left);
    QCOMPARE(last(), 21);
    QTest::keyClick(view.get(), Qt::Key_Up);
    QCOMPARE(last(), 5);
    QCOMPARE(spy.count(), 4);

    // At the top edge nothing moves and nothing is emitted.
    QTest::keyClick(view.get(), Qt::Key_Up);
    QCOMPARE(spy.count(), 4);

    // Down onto the shorter last line (32..39) stops at its last byte.
    QTest::keyClick(view.get(), Qt::Key_Down);
    QCOMPARE(last(), 21);
    QTest::keyClick(view.get(), Qt::Key_Down);
    QCOMPARE(last(), 37);
    QTest::keyClick(view.get(), Qt::Key_Up);
    QTest::keyClick(view.get(), Qt::Key_Right);
    QTest::keyClick(view.get(), Qt::Key_Right);
    QTest::keyClick(view.get(), Qt::Key_Right);
    QTest::keyClick(view.get(), Qt::Key_Right); // 25
    QCOMPARE(last(), 25);
    QTest::keyClick(view.get(), Qt::Key_Down);
    QCOMPARE(last(), 39);
    const int count = spy.count();
    QTest::keyClick(view.get(), Qt::Key_Right); // past the end
    QTest::keyClick(view.get(), Qt::Key_Down);
    QCOMPARE(spy.count(), count);

    // Home / End: first and last byte of the frame.
    QTest::keyClick(view.get(), Qt::Key_Home);
    QCOMPARE(last(), 0);
    QTest::keyClick(view.get(), Qt::Key_Left); // before the start
    QCOMPARE(spy.count(), count + 1);
    QTest::keyClick(view.get(), Qt::Key_End);
    QCOMPARE(last(), 39);
    QCOMPARE(view->cursorOffset(), 39);

    // Clearing the highlight keeps the cursor.
    view->setHighlight(0, 0);
    QTest::keyClick(view.get(), Qt::Key_Left);
    QCOMPARE(last(), 38);
}

void TestHexView::pageKeysScroll()
{
    auto view = makeView(4000, QSize(700, 300));
    QVERIFY(view);
    view->setFocus();
    QSignalSpy spy(view.get(), &HexView::byteClicked);
    QScrollBar* bar = view->verticalScrollBar();
    QCOMPARE(bar->value(), 0);
    QVERIFY(bar->pageStep() > 1);
    QTest::keyClick(view.get(), Qt::Key_PageDown);
    QCOMPARE(bar->value(), bar->pageStep());
    QTest::keyClick(view.get(), Qt::Key_PageDown);
    QCOMPARE(bar->value(), 2 * bar->pageStep());
    QTest::keyClick(view.get(), Qt::Key_PageUp);
    QCOMPARE(bar->value(), bar->pageStep());
    QCOMPARE(spy.count(), 0); // scrolling only

    // Moving the cursor off screen brings it back into view.
    view->setHighlight(0, 1);
    QCOMPARE(bar->value(), 0);
    QTest::keyClick(view.get(), Qt::Key_End);
    QCOMPARE(bar->value(), bar->maximum());
    QVERIFY(view->viewport()->rect().contains(view->byteRect(3999)));
}

void TestHexView::highlightIsPainted()
{
    auto view = makeView(200, QSize(700, 300));
    QVERIFY(view);
    // The centre of a hex cell lies between its two digits. Sample bytes written with '1' and '7', whose
    // glyphs have no ink at their sides half-way up, so the sampled pixel shows the background in any
    // fixed-width font; the coverage checks below look at whole cells whatever the glyphs.
    QByteArray bytes = sampleFrame(200);
    for (int offset : {4, 19, 20, 23, 24, 31, 32, 100})
        bytes[offset] = char(offset % 2 ? 0x17 : 0x71);
    view->setBytes(bytes);
    view->setHighlight(20, 12); // 20..31: crosses the 8th-byte gap of line 1
    const QImage image = view->grab().toImage();
    const QColor hl = view->palette().color(QPalette::Highlight);
    QVERIFY(hl.rgb() != view->palette().color(QPalette::Base).rgb());

    for (int offset : {20, 23, 24, 31}) {
        QCOMPARE(pixelAt(*view, image, centre(view->byteRect(offset))).rgb(), hl.rgb());
        QVERIFY(coverage(*view, image, view->byteRect(offset), hl) > 0.5);
        QVERIFY(coverage(*view, image, view->asciiRect(offset), hl) > 0.3);
    }
    // Not highlighted: neighbours, another line, the other column's neighbours.
    for (int offset : {19, 32, 4, 100}) {
        QVERIFY(pixelAt(*view, image, centre(view->byteRect(offset))).rgb() != hl.rgb());
        QCOMPARE(coverage(*view, image, view->byteRect(offset), hl), 0.0);
        QCOMPARE(coverage(*view, image, view->asciiRect(offset), hl), 0.0);
    }
    // The highlighted text is drawn in HighlightedText.
    const QColor hlText = view->palette().color(QPalette::HighlightedText);
    QVERIFY(coverage(*view, image, view->byteRect(20), hlText) > 0.0);

    // A custom palette is honoured.
    QPalette pal = view->palette();
    const QColor custom(0x12, 0x9e, 0x4a);
    pal.setColor(QPalette::Highlight, custom);
    view->setPalette(pal);
    const QImage recoloured = view->grab().toImage();
    QCOMPARE(pixelAt(*view, recoloured, centre(view->byteRect(23))).rgb(), custom.rgb());
}

void TestHexView::cursorShownWhileFocused()
{
    auto view = makeView(200, QSize(700, 300));
    QVERIFY(view);
    view->activateWindow();
    view->setFocus();
    QTRY_VERIFY(view->hasFocus());
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, centre(view->byteRect(40)));
    QCOMPARE(view->cursorOffset(), 40);
    QCOMPARE(view->highlightLength(), 0);
    const QColor hl = view->palette().color(QPalette::Highlight);
    // A bar along the bottom of the cursor's cells, in the Highlight colour outside a highlight.
    auto underline = [](const QRect& r) { return QPoint(r.center().x(), r.bottom() - 1); };
    QImage image = view->grab().toImage();
    QCOMPARE(pixelAt(*view, image, underline(view->byteRect(40))).rgb(), hl.rgb());
    QCOMPARE(pixelAt(*view, image, underline(view->asciiRect(40))).rgb(), hl.rgb());
    QVERIFY(pixelAt(*view, image, underline(view->byteRect(41))).rgb() != hl.rgb());

    // Inside a highlight it is drawn in HighlightedText.
    view->setHighlight(32, 16);
    image = view->grab().toImage();
    QCOMPARE(pixelAt(*view, image, underline(view->byteRect(40))).rgb(),
             view->palette().color(QPalette::HighlightedText).rgb());

    // Not while the view is unfocused.
    view->setHighlight(0, 0);
    view->clearFocus();
    QTRY_VERIFY(!view->hasFocus());
    image = view->grab().toImage();
    QVERIFY(pixelAt(*view, image, underline(view->byteRect(40))).rgb() != hl.rgb());
}

void TestHexView::paintEmptyAndHuge()
{
    auto view = makeView(0, QSize(700, 300));
    QVERIFY(view);
    QVERIFY(!view->grab().isNull());
    view->setHighlight(0, 4);
    QCOMPARE(view->highlightLength(), 0);
    QTest::keyClick(view.get(), Qt::Key_Down);
    QTest::keyClick(view.get(), Qt::Key_End);

    const int size = 262144;
    view->setBytes(sampleFrame(size));
    QScrollBar* bar = view->verticalScrollBar();
    QCOMPARE(bar->maximum(), size / 16 - bar->pageStep());
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!view->grab().isNull());
    view->setHighlight(size - 100, 100);
    QCOMPARE(bar->value(), bar->maximum());
    const QImage image = view->grab().toImage();
    QCOMPARE(pixelAt(*view, image, centre(view->byteRect(size - 1))).rgb(),
             view->palette().color(QPalette::Highlight).rgb());
    QCOMPARE(view->byteAt(centre(view->byteRect(size - 1))), size - 1);
    QCOMPARE(view->byteAt(centre(view->asciiRect(size - 16))), size - 16);
    for (int i = 0; i < 20; ++i) {
        bar->setValue(i * 800);
        view->grab();
    }
    qInfo("22 paints of a 256 KiB frame: %lld ms", static_cast<long long>(timer.elapsed()));
    view->setBytes({});
    QVERIFY(!view->grab().isNull());
}

void TestHexView::sizeHintShowsWholeLine()
{
    auto view = makeView(4000);
    QVERIFY(view);
    QCOMPARE(view->size(), view->sizeHint());
    QCOMPARE(view->horizontalScrollBar()->maximum(), 0);
    QVERIFY(view->viewport()->rect().contains(view->asciiRect(15)));
    QVERIFY(view->verticalScrollBar()->pageStep() >= 8);

    // Narrower than a line: horizontal scrolling, and hit testing follows it.
    view->resize(300, 200);
    QScrollBar* h = view->horizontalScrollBar();
    QVERIFY(h->maximum() > 0);
    h->setValue(h->maximum());
    QVERIFY(view->viewport()->rect().contains(view->asciiRect(15)));
    QCOMPARE(view->byteAt(centre(view->asciiRect(15))), 15);
}

void TestHexView::toolTipNamesOffsetAndValue()
{
    auto view = makeView(100);
    QVERIFY(view);
    const QPoint pos = centre(view->asciiRect(66)); // the G of "GET", 0x47
    QHelpEvent help(QEvent::ToolTip, pos, view->viewport()->mapToGlobal(pos));
    QApplication::sendEvent(view->viewport(), &help);
    QTRY_VERIFY(QToolTip::isVisible());
    QVERIFY2(QToolTip::text().contains(QLatin1String("0x0042")), qPrintable(QToolTip::text()));
    QVERIFY2(QToolTip::text().contains(QLatin1String("0x47")), qPrintable(QToolTip::text()));
    QToolTip::hideText();
}

void TestHexView::screenshot()
{
    const QString path = qEnvironmentVariable("SYNSCOPE_HEXVIEW_SCREENSHOT");
    if (path.isEmpty())
        QSKIP("set SYNSCOPE_HEXVIEW_SCREENSHOT to save a picture");
    auto view = makeView(310);
    QVERIFY(view);
    view->setFocus();
    view->setHighlight(54, 66); // the HTTP request line and Host header
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, centre(view->byteRect(70)));
    view->setHighlight(54, 66);
    QVERIFY(view->grab().save(path));
}

QTEST_MAIN(TestHexView)
#include "test_hex_view.moc"
