#include "ui/packets/hex_view.h"

#include <QFocusEvent>
#include <QFontDatabase>
#include <QFontMetrics>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QScrollBar>
#include <QStyle>
#include <QToolTip>

#include <algorithm>
#include <array>

namespace synscope {

namespace {

constexpr int kSpacesAfterOffset = 2;
constexpr int kSpacesBeforeAscii = 2;
constexpr int kHexWidth = 3 * HexView::BytesPerLine; // 16 pairs, 15 spaces, the extra space after the 8th
constexpr int kHintLines = 12;

// "00".."ff", built once so painting allocates nothing per byte.
const QString& hexPair(unsigned char b)
{
    static const std::array<QString, 256> table = [] {
        std::array<QString, 256> t;
        for (int i = 0; i < 256; ++i)
            t[static_cast<std::size_t>(i)] = QStringLiteral("%1").arg(i, 2, 16, QLatin1Char('0'));
        return t;
    }();
    return table[b];
}

bool isPrintable(unsigned char b) { return b >= 0x20 && b < 0x7f; }

const QString& asciiChar(unsigned char b)
{
    static const std::array<QString, 256> table = [] {
        std::array<QString, 256> t;
        for (int i = 0; i < 256; ++i) {
            const auto c = static_cast<unsigned char>(i);
            t[static_cast<std::size_t>(i)] = QString(QLatin1Char(isPrintable(c) ? static_cast<char>(c) : '.'));
        }
        return t;
    }();
    return table[b];
}

QColor blend(const QColor& a, const QColor& b, qreal t)
{
    auto mix = [t](float x, float y) { return float(x + (y - x) * t); };
    return QColor::fromRgbF(mix(a.redF(), b.redF()), mix(a.greenF(), b.greenF()), mix(a.blueF(), b.blueF()));
}

} // namespace

HexView::HexView(QWidget* parent)
    : QAbstractScrollArea(parent)
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setBackgroundRole(QPalette::Base);
    viewport()->setCursor(Qt::IBeamCursor);
    setAccessibleName(tr("Packet bytes"));
    setAccessibleDescription(
        tr("Hexadecimal and ASCII dump of the selected frame. The selected field's bytes are highlighted; "
           "click a byte or use the arrow keys to select the field it belongs to."));
    verticalScrollBar()->setSingleStep(1);
    updateMetrics();
}

// ---------------------------------------------------------------------------------------------------------
// Data

void HexView::setBytes(const QByteArray& bytes)
{
    m_bytes = bytes;
    m_hlOffset = -1;
    m_hlLength = 0;
    m_cursor = -1;
    m_revealPending = false;

    int digits = 4;
    const qint64 last = m_bytes.isEmpty() ? 0 : m_bytes.size() - 1;
    while (digits < 16 && (last >> (4 * digits)) != 0)
        ++digits;
    if (m_bytes.size() >= 0x10000)
        digits = std::max(digits, 5);
    if (digits != m_offsetDigits) {
        m_offsetDigits = digits;
        updateGeometry();
    }

    updateScrollBars();
    verticalScrollBar()->setValue(0);
    viewport()->update();
}

void HexView::setHighlight(int offset, int length)
{
    const int size = static_cast<int>(m_bytes.size());
    if (length <= 0 || offset < 0 || offset >= size) {
        offset = -1;
        length = 0;
    } else {
        length = std::min(length, size - offset);
    }
    if (offset == m_hlOffset && length == m_hlLength) {
        if (!m_userSelecting)
            revealHighlight(); // the same range again: still bring it into view
        return;
    }
    m_hlOffset = offset;
    m_hlLength = length;
    if (length > 0 && (m_cursor < offset || m_cursor >= offset + length) && !m_userSelecting)
        m_cursor = offset;
    revealHighlight();
    viewport()->update();
}

void HexView::revealHighlight()
{
    if (m_hlLength <= 0)
        return;
    if (!isVisible())
        m_revealPending = true; // the viewport has no real size yet: reveal again once shown
    if (m_userSelecting && m_cursor >= m_hlOffset && m_cursor < m_hlOffset + m_hlLength) {
        // The owner answers a click or key in this view: keep the byte the user picked in place.
        ensureLineVisible(m_cursor / BytesPerLine);
        return;
    }
    const int startLine = m_hlOffset / BytesPerLine;
    const int endLine = (m_hlOffset + m_hlLength - 1) / BytesPerLine;
    QScrollBar* bar = verticalScrollBar();
    const int first = bar->value();
    const int visible = visibleLineCount();
    if (startLine < first)
        bar->setValue(startLine);
    else if (endLine >= first + visible)
        bar->setValue(std::min(startLine, endLine - visible + 1));
}

void HexView::ensureLineVisible(int line)
{
    QScrollBar* bar = verticalScrollBar();
    const int first = bar->value();
    const int visible = visibleLineCount();
    if (line < first)
        bar->setValue(line);
    else if (line >= first + visible)
        bar->setValue(line - visible + 1);
}

void HexView::selectByte(int offset)
{
    if (offset < 0 || offset >= m_bytes.size())
        return;
    // The highlight is the owner's to set (to the field holding this byte): changing it here would leave a
    // one-byte highlight behind whenever the owner's selection does not change (another byte of the same
    // field). The keyboard cursor bar shows the byte itself.
    m_cursor = offset;
    ensureLineVisible(offset / BytesPerLine);
    viewport()->update();
    m_userSelecting = true;
    emit byteClicked(offset);
    m_userSelecting = false;
}

// ---------------------------------------------------------------------------------------------------------
// Geometry

void HexView::updateMetrics()
{
    const QFontMetrics fm(font());
    m_charWidth = std::max(1, fm.horizontalAdvance(QLatin1Char('0')));
    m_ascent = fm.ascent();
    m_lineHeight = fm.height() + 2; // a little air between lines
    m_margin = std::max(4, m_charWidth);
    updateScrollBars();
    updateGeometry();
    viewport()->update();
}

int HexView::lineCount() const
{
    return static_cast<int>((m_bytes.size() + BytesPerLine - 1) / BytesPerLine);
}

int HexView::visibleLineCount() const
{
    return std::max(1, (viewport()->height() - m_margin) / m_lineHeight);
}

int HexView::hexColumn(int index) const
{
    return m_offsetDigits + kSpacesAfterOffset + 3 * index + (index >= BytesPerLine / 2 ? 1 : 0);
}

int HexView::asciiColumn(int index) const
{
    // The hex column is kHexWidth characters (no space after the last pair), then two spaces.
    return m_offsetDigits + kSpacesAfterOffset + kHexWidth + kSpacesBeforeAscii + index;
}

int HexView::lineChars() const { return asciiColumn(BytesPerLine); }

int HexView::columnX(int column) const
{
    return m_margin + column * m_charWidth - horizontalScrollBar()->value();
}

int HexView::lineY(int line) const
{
    return m_margin / 2 + (line - verticalScrollBar()->value()) * m_lineHeight;
}

void HexView::updateScrollBars()
{
    const int visible = visibleLineCount();
    QScrollBar* v = verticalScrollBar();
    v->setRange(0, std::max(0, lineCount() - visible));
    v->setPageStep(visible);
    v->setSingleStep(1);

    const int contentWidth = 2 * m_margin + lineChars() * m_charWidth;
    QScrollBar* h = horizontalScrollBar();
    h->setRange(0, std::max(0, contentWidth - viewport()->width()));
    h->setPageStep(viewport()->width());
    h->setSingleStep(m_charWidth);
}

QRect HexView::byteRect(int offset) const
{
    if (offset < 0 || offset >= m_bytes.size())
        return {};
    const int line = offset / BytesPerLine;
    return {columnX(hexColumn(offset % BytesPerLine)), lineY(line), 2 * m_charWidth, m_lineHeight};
}

QRect HexView::asciiRect(int offset) const
{
    if (offset < 0 || offset >= m_bytes.size())
        return {};
    const int line = offset / BytesPerLine;
    return {columnX(asciiColumn(offset % BytesPerLine)), lineY(line), m_charWidth, m_lineHeight};
}

int HexView::byteAt(const QPoint& pos) const
{
    if (m_bytes.isEmpty() || pos.y() < lineY(verticalScrollBar()->value()) || pos.x() < 0 || pos.y() < 0)
        return -1;
    const int line = verticalScrollBar()->value() + (pos.y() - lineY(verticalScrollBar()->value())) / m_lineHeight;
    if (line >= lineCount())
        return -1;

    int index = -1;
    const int cw = m_charWidth;
    // Hex column: each pair owns half of the space on either side (a whole space at the middle gap).
    const int x = pos.x();
    const int hexLeft = columnX(hexColumn(0)) - cw / 2;
    const int hexRight = columnX(hexColumn(BytesPerLine - 1)) + 2 * cw + cw / 2;
    if (x >= hexLeft && x < hexRight) {
        for (int i = 0; i < BytesPerLine; ++i) {
            const int left = columnX(hexColumn(i)) - (i == BytesPerLine / 2 ? cw : cw / 2);
            const int right = columnX(hexColumn(i)) + 2 * cw + (i == BytesPerLine / 2 - 1 ? cw : cw / 2);
            if (x >= left && x < right) {
                index = i;
                break;
            }
        }
    } else {
        const int asciiLeft = columnX(asciiColumn(0));
        if (x >= asciiLeft && x < columnX(asciiColumn(BytesPerLine)))
            index = (x - asciiLeft) / cw;
    }
    if (index < 0)
        return -1;
    const qint64 offset = qint64(line) * BytesPerLine + index;
    return offset < m_bytes.size() ? static_cast<int>(offset) : -1;
}

QSize HexView::sizeHint() const
{
    const int frame = 2 * frameWidth();
    const int scrollBar = style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, this);
    const int width = 2 * m_margin + lineChars() * m_charWidth + frame + scrollBar;
    const int height = m_margin + kHintLines * m_lineHeight + frame;
    return {width, height};
}

// ---------------------------------------------------------------------------------------------------------
// Painting

void HexView::paintEvent(QPaintEvent* event)
{
    QPainter p(viewport());
    const QPalette& pal = palette();
    const QColor base = pal.color(QPalette::Base);
    const QColor text = pal.color(QPalette::Text);
    QColor alternate = pal.color(QPalette::AlternateBase);
    if (alternate == base)
        alternate = blend(base, text, 0.04);
    const QColor muted = blend(text, base, 0.45);
    const QColor hlBack = pal.color(QPalette::Highlight);
    const QColor hlText = pal.color(QPalette::HighlightedText);

    const QRect area = event->rect();
    p.fillRect(area, base);
    if (m_bytes.isEmpty())
        return;
    p.setFont(font());

    const int lines = lineCount();
    const int top = verticalScrollBar()->value();
    const int firstLine = std::max(top, top + (area.top() - lineY(top)) / m_lineHeight);
    const int lastLine = std::min(lines - 1, top + (area.bottom() - lineY(top)) / m_lineHeight);
    const int width = viewport()->width();
    const int cw = m_charWidth;
    const auto* data = reinterpret_cast<const unsigned char*>(m_bytes.constData());
    const int size = static_cast<int>(m_bytes.size());
    const int hlStart = m_hlOffset;
    const int hlEnd = m_hlOffset + m_hlLength;

    for (int line = firstLine; line <= lastLine; ++line) {
        const int y = lineY(line);
        const int baseline = y + 1 + m_ascent;
        const int lineStart = line * BytesPerLine;
        const int count = std::min(BytesPerLine, size - lineStart);
        if (line % 2 == 1)
            p.fillRect(QRect(0, y, width, m_lineHeight), alternate);

        // Highlight: one band per column across the highlighted bytes of this line (spaces between them too).
        const int a = std::max(hlStart, lineStart) - lineStart;
        const int b = std::min(hlEnd, lineStart + count) - lineStart; // exclusive
        if (m_hlLength > 0 && a < b) {
            const int hexL = columnX(hexColumn(a));
            const int hexR = columnX(hexColumn(b - 1)) + 2 * cw;
            p.fillRect(QRect(hexL, y, hexR - hexL, m_lineHeight), hlBack);
            const int ascL = columnX(asciiColumn(a));
            const int ascR = columnX(asciiColumn(b - 1)) + cw;
            p.fillRect(QRect(ascL, y, ascR - ascL, m_lineHeight), hlBack);
        }

        p.setPen(muted);
        p.drawText(QPoint(columnX(0), baseline),
                   QStringLiteral("%1").arg(lineStart, m_offsetDigits, 16, QLatin1Char('0')));

        for (int i = 0; i < count; ++i) {
            const unsigned char byte = data[lineStart + i];
            const bool highlighted = i >= a && i < b;
            p.setPen(highlighted ? hlText : text);
            p.drawText(QPoint(columnX(hexColumn(i)), baseline), hexPair(byte));
            p.setPen(highlighted ? hlText : (isPrintable(byte) ? text : muted));
            p.drawText(QPoint(columnX(asciiColumn(i)), baseline), asciiChar(byte));
        }
    }

    // Keyboard cursor: a bar under the current byte in both columns while the view has focus.
    if (hasFocus() && m_cursor >= 0 && m_cursor < size) {
        const int line = m_cursor / BytesPerLine;
        if (line >= firstLine && line <= lastLine) {
            const bool inHighlight = m_cursor >= hlStart && m_cursor < hlEnd;
            const QColor bar = inHighlight ? hlText : hlBack;
            const int thickness = std::max(2, m_lineHeight / 10);
            for (const QRect& cell : {byteRect(m_cursor), asciiRect(m_cursor)})
                p.fillRect(QRect(cell.left(), cell.bottom() - thickness, cell.width(), thickness), bar);
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Input

void HexView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton) {
        const int offset = byteAt(event->position().toPoint());
        if (offset >= 0)
            selectByte(offset);
    }
    event->accept();
}

void HexView::mouseReleaseEvent(QMouseEvent* event) { event->accept(); }

void HexView::keyPressEvent(QKeyEvent* event)
{
    const int size = static_cast<int>(m_bytes.size());
    const int key = event->key();
    QScrollBar* bar = verticalScrollBar();

    if (key == Qt::Key_PageUp || key == Qt::Key_PageDown) {
        bar->triggerAction(key == Qt::Key_PageUp ? QAbstractSlider::SliderPageStepSub
                                                 : QAbstractSlider::SliderPageStepAdd);
        event->accept();
        return;
    }

    const bool move = key == Qt::Key_Left || key == Qt::Key_Right || key == Qt::Key_Up || key == Qt::Key_Down ||
                      key == Qt::Key_Home || key == Qt::Key_End;
    if (!move || (event->modifiers() & (Qt::AltModifier | Qt::MetaModifier))) {
        QAbstractScrollArea::keyPressEvent(event);
        return;
    }
    event->accept();
    if (size == 0)
        return;

    if (m_cursor < 0 || m_cursor >= size) {
        // First key: select where the highlight is (or the first byte) without moving past it.
        selectByte(key == Qt::Key_End ? size - 1 : (m_hlLength > 0 ? m_hlOffset : 0));
        return;
    }

    int target = m_cursor;
    switch (key) {
    case Qt::Key_Left: target = m_cursor - 1; break;
    case Qt::Key_Right: target = m_cursor + 1; break;
    case Qt::Key_Up: target = m_cursor - BytesPerLine; break;
    case Qt::Key_Down:
        // Onto a shorter last line: stop at its last byte.
        if (m_cursor / BytesPerLine < lineCount() - 1)
            target = std::min(m_cursor + BytesPerLine, size - 1);
        break;
    case Qt::Key_Home: target = 0; break;
    case Qt::Key_End: target = size - 1; break;
    default: break;
    }
    if (target < 0 || target >= size || target == m_cursor) {
        ensureLineVisible(m_cursor / BytesPerLine);
        return;
    }
    selectByte(target);
}

bool HexView::viewportEvent(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int offset = byteAt(help->pos());
        if (offset < 0) {
            QToolTip::hideText();
            event->ignore();
            return true;
        }
        const auto value = static_cast<unsigned char>(m_bytes.at(offset));
        const QString tip = tr("Offset %1 (0x%2)\nValue 0x%3 = %4 = %5b")
                                .arg(offset)
                                .arg(offset, m_offsetDigits, 16, QLatin1Char('0'))
                                .arg(value, 2, 16, QLatin1Char('0'))
                                .arg(value)
                                .arg(value, 8, 2, QLatin1Char('0'));
        QToolTip::showText(help->globalPos(), tip, viewport(), byteRect(offset).united(asciiRect(offset)));
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

// ---------------------------------------------------------------------------------------------------------
// State changes

void HexView::resizeEvent(QResizeEvent* event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
    if (m_revealPending && isVisible()) {
        m_revealPending = false;
        revealHighlight();
    }
}

void HexView::showEvent(QShowEvent* event)
{
    QAbstractScrollArea::showEvent(event);
    updateScrollBars();
    if (m_revealPending) {
        m_revealPending = false;
        revealHighlight();
    }
}

void HexView::focusInEvent(QFocusEvent* event)
{
    QAbstractScrollArea::focusInEvent(event);
    viewport()->update();
}

void HexView::focusOutEvent(QFocusEvent* event)
{
    QAbstractScrollArea::focusOutEvent(event);
    viewport()->update();
}

void HexView::changeEvent(QEvent* event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        updateMetrics();
    else if (event->type() == QEvent::PaletteChange)
        viewport()->update();
}

void HexView::scrollContentsBy(int, int)
{
    // Scrolling is by whole lines and characters; repaint rather than blit.
    viewport()->update();
}

} // namespace synscope
