// HexView: the bytes pane. A Wireshark-style hex and ASCII dump of one frame, with the selected field's
// bytes highlighted. It never decodes anything: it shows the bytes and the range it is given, and reports
// which byte the user clicked (or moved to with the keyboard) so the owner can select the matching field.
//
// Layout of one line (16 bytes), in character cells of the system fixed-width font:
//   "0010  45 00 00 3c 1c 46 40 00  40 06 b1 e6 c0 a8 00 68  E..<.F@.@......h"
// offset (4 hex digits, more when the frame is 64 KiB or larger), two spaces, 16 hex pairs with an extra
// space after the 8th, two spaces, 16 ASCII characters ('.' for anything outside 0x20..0x7e).
// Only the visible lines are painted; the vertical scroll bar counts lines.
#pragma once

#include <QAbstractScrollArea>
#include <QByteArray>

namespace synscope {

class HexView : public QAbstractScrollArea
{
    Q_OBJECT
public:
    static constexpr int BytesPerLine = 16;

    explicit HexView(QWidget* parent = nullptr);

    // The selected frame's bytes. Clears the highlight and the keyboard cursor, scrolls to the top.
    void setBytes(const QByteArray& bytes);
    const QByteArray& bytes() const { return m_bytes; }

    // The selected field's bytes, clipped to the frame; length <= 0 (or an offset outside the frame) means
    // none. Scrolls the range into view, except while the owner answers a byteClicked() from this view, when
    // the byte the user picked stays where it is.
    void setHighlight(int offset, int length);
    int highlightOffset() const { return m_hlOffset; } // -1 when nothing is highlighted
    int highlightLength() const { return m_hlLength; } // 0 when nothing is highlighted

    // The keyboard cursor (the one-byte selection): the byte last clicked or moved to, or the first byte of
    // the last highlight set while the cursor was outside it; -1 before any. Underlined while focused.
    int cursorOffset() const { return m_cursor; }

    // The byte under a viewport point, in the hex or the ASCII column, or -1.
    int byteAt(const QPoint& viewportPos) const;
    // The byte's cell (its two hex digits) in the hex column, viewport coordinates; null if out of range.
    QRect byteRect(int offset) const;
    // The byte's cell in the ASCII column, viewport coordinates; null if out of range.
    QRect asciiRect(int offset) const;

    QSize sizeHint() const override;

signals:
    // The user clicked a byte (hex or ASCII column) or moved the keyboard cursor onto it. The view does not
    // change the highlight itself: the owner answers with setHighlight() for the field holding the byte.
    void byteClicked(int offset);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void focusInEvent(QFocusEvent* event) override;
    void focusOutEvent(QFocusEvent* event) override;
    void changeEvent(QEvent* event) override;
    bool viewportEvent(QEvent* event) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    int lineCount() const;
    int visibleLineCount() const; // lines that fit entirely, at least 1
    int lineChars() const;        // characters in one full line
    int hexColumn(int index) const;   // first character of byte index (0..15) in the hex column
    int asciiColumn(int index) const; // character of byte index (0..15) in the ASCII column
    int columnX(int column) const;    // viewport x of a character column
    int lineY(int line) const;        // viewport y of the top of a line
    void updateMetrics();
    void updateScrollBars();
    void ensureLineVisible(int line);
    void revealHighlight();
    void selectByte(int offset); // user action: move the cursor, show it, emit byteClicked()

    QByteArray m_bytes;
    int m_hlOffset = -1;
    int m_hlLength = 0;
    int m_cursor = -1;
    int m_offsetDigits = 4;
    int m_charWidth = 8;
    int m_lineHeight = 16;
    int m_ascent = 12;
    int m_margin = 4;
    bool m_userSelecting = false;
    bool m_revealPending = false;
};

} // namespace synscope
