#include "ui/capture/sparkline_delegate.h"

#include "ui/capture/interface_list_model.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>

namespace synscope {

namespace {
constexpr int kSparklineWidth = 80;
}

void SparklineDelegate::paintSparkline(QPainter* painter, const QRect& rect, const QVector<double>& history,
                                       const QColor& color)
{
    if (rect.width() < 4 || rect.height() < 4)
        return;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    QColor base = color;
    base.setAlpha(60);
    painter->setPen(QPen(base, 1));
    painter->drawLine(rect.bottomLeft(), rect.bottomRight());
    if (!history.isEmpty()) {
        const double peak = std::max(1.0, *std::max_element(history.begin(), history.end()));
        const int positions = InterfaceListModel::kHistoryLength;
        const double step = static_cast<double>(rect.width()) / (positions - 1);
        QPainterPath line;
        const int first = positions - static_cast<int>(history.size());
        for (int k = 0; k < history.size(); ++k) {
            const double x = rect.left() + (first + k) * step;
            const double y = rect.bottom() - (rect.height() - 1) * history[k] / peak;
            if (k == 0)
                line.moveTo(x, y);
            else
                line.lineTo(x, y);
        }
        painter->setPen(QPen(color, 1.5));
        painter->drawPath(line);
    }
    painter->restore();
}

void SparklineDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString addresses = index.data(InterfaceListModel::AddressesRole).toString();
    opt.text.clear();
    QStyle* style = opt.widget ? opt.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

    const bool selected = opt.state & QStyle::State_Selected;
    const QColor text = opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    QColor dim = text;
    dim.setAlpha(150);
    const bool usable = index.data(InterfaceListModel::UsableRole).toBool();
    const QRect area = opt.rect.adjusted(6, 2, -6, -2);
    const QRect spark(area.right() - kSparklineWidth, area.top() + 3, kSparklineWidth, area.height() - 6);
    painter->save();
    painter->setPen(usable ? text : dim);
    const QString name = index.data(InterfaceListModel::NameRole).toString();
    QRect textRect(area.left(), area.top(), spark.left() - area.left() - 8, area.height());
    painter->drawText(textRect, Qt::AlignVCenter | Qt::AlignLeft, name);
    const int nameWidth = opt.fontMetrics.horizontalAdvance(name) + 10;
    if (!addresses.isEmpty() && nameWidth < textRect.width()) {
        painter->setPen(dim);
        const QRect addrRect = textRect.adjusted(nameWidth, 0, 0, 0);
        painter->drawText(addrRect, Qt::AlignVCenter | Qt::AlignLeft,
                          opt.fontMetrics.elidedText(addresses, Qt::ElideRight, addrRect.width()));
    }
    painter->restore();
    paintSparkline(painter, spark, index.data(InterfaceListModel::HistoryRole).value<QVector<double>>(),
                   selected ? text : QColor(0x2a, 0x7a, 0xd8));
}

QSize SparklineDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize s = QStyledItemDelegate::sizeHint(option, index);
    s.setHeight(std::max(s.height(), option.fontMetrics.height() + 8));
    s.setWidth(std::max(s.width(), 360));
    return s;
}

} // namespace synscope
