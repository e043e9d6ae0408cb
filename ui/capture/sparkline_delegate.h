#pragma once
// Draws an interface row: its name, its addresses in grey, and a sparkline of its recent traffic on the
// right (InterfaceListModel::HistoryRole), so the busy interface is easy to pick.
#include <QStyledItemDelegate>

namespace synscope {

class SparklineDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    // Paints `history` (packets/s, oldest first) into `rect`; shared with the interface combo box.
    static void paintSparkline(QPainter* painter, const QRect& rect, const QVector<double>& history, const QColor& color);
};

} // namespace synscope
