#include "ui/diagram/sequence_diagram_view.h"

#include <QContextMenuEvent>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>
#include <algorithm>

namespace synscope {

SequenceDiagramView::SequenceDiagramView(QWidget* parent) : QAbstractScrollArea(parent)
{
    viewport()->setMouseTracking(true);
    viewport()->setBackgroundRole(QPalette::Base);
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(tr("Sequence diagram"));
    verticalScrollBar()->setSingleStep(24);
    horizontalScrollBar()->setSingleStep(24);
}

void SequenceDiagramView::setDiagram(std::shared_ptr<const SequenceDiagram> diagram)
{
    const quint64 keep = selectedFrame();
    diagram_ = std::move(diagram);
    options_.hiddenLifelines.clear();
    selected_ = hovered_ = -1;
    rebuild();
    if (keep)
        selectFrame(keep);
}

void SequenceDiagramView::setViewOptions(const DiagramViewOptions& options)
{
    const quint64 keep = selectedFrame();
    options_ = options;
    rebuild();
    if (keep)
        selectFrame(keep);
}

void SequenceDiagramView::rebuild()
{
    renderer_.reset();
    if (diagram_)
        renderer_ = std::make_unique<SequenceDiagramRenderer>(*diagram_, options_, font());
    updateScrollBars();
    viewport()->update();
}

void SequenceDiagramView::updateScrollBars()
{
    const QSize size = renderer_ ? renderer_->size() : QSize();
    horizontalScrollBar()->setRange(0, std::max(0, size.width() - viewport()->width()));
    horizontalScrollBar()->setPageStep(viewport()->width());
    verticalScrollBar()->setRange(0, std::max(0, size.height() - viewport()->height()));
    verticalScrollBar()->setPageStep(viewport()->height());
}

QPoint SequenceDiagramView::toDiagram(const QPoint& p) const
{
    return p + QPoint(horizontalScrollBar()->value(), verticalScrollBar()->value());
}

long SequenceDiagramView::arrowUnder(const QPoint& viewportPos) const
{
    // The sticky lifeline header covers the rows scrolled beneath it: nothing there can be picked.
    if (!renderer_ || viewportPos.y() < renderer_->headerHeight())
        return -1;
    return renderer_->arrowAt(toDiagram(viewportPos));
}

void SequenceDiagramView::paintEvent(QPaintEvent*)
{
    QPainter p(viewport());
    if (!renderer_) {
        p.fillRect(viewport()->rect(), palette().base());
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(viewport()->rect().adjusted(20, 20, -20, -20), Qt::AlignCenter | Qt::TextWordWrap,
                   tr("Select a TCP connection in the connections panel (or a packet, then Follow TCP Connection) "
                      "to see its handshake, data and teardown, with each side's states."));
        return;
    }
    const int dx = horizontalScrollBar()->value(), dy = verticalScrollBar()->value();
    p.translate(-dx, -dy);
    const QRect clip(dx, dy, viewport()->width(), viewport()->height());
    p.fillRect(clip, Qt::white);
    // The lifeline header stays at the top while the rows scroll under it.
    renderer_->paint(p, clip, selected_, hovered_, dy);
}

void SequenceDiagramView::resizeEvent(QResizeEvent* e)
{
    QAbstractScrollArea::resizeEvent(e);
    updateScrollBars();
}

void SequenceDiagramView::activate(long arrow)
{
    if (!renderer_ || arrow < 0)
        return;
    selected_ = arrow;
    viewport()->update();
    emit frameActivated(diagram_->arrows[static_cast<std::size_t>(arrow)].frame);
}

void SequenceDiagramView::mousePressEvent(QMouseEvent* e)
{
    if (!renderer_ || e->button() != Qt::LeftButton)
        return;
    const QPoint pos = toDiagram(e->position().toPoint());
    if (e->position().y() < renderer_->headerHeight())
        return;
    if (const long phase = renderer_->collapsedPhaseAt(pos); phase >= 0) {
        DiagramViewOptions o = options_;
        o.collapseData = false;
        setViewOptions(o);
        return;
    }
    activate(arrowUnder(e->position().toPoint()));
}

void SequenceDiagramView::mouseMoveEvent(QMouseEvent* e)
{
    if (!renderer_)
        return;
    const long arrow = arrowUnder(e->position().toPoint());
    if (arrow != hovered_) {
        hovered_ = arrow;
        viewport()->update();
    }
    viewport()->setCursor(arrow >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
}

void SequenceDiagramView::leaveEvent(QEvent* e)
{
    hovered_ = -1;
    viewport()->update();
    QAbstractScrollArea::leaveEvent(e);
}

bool SequenceDiagramView::viewportEvent(QEvent* e)
{
    if (e->type() == QEvent::ToolTip && renderer_) {
        auto* help = static_cast<QHelpEvent*>(e);
        const long arrow = arrowUnder(help->pos());
        if (arrow >= 0) {
            const DiagramArrow& a = diagram_->arrows[static_cast<std::size_t>(arrow)];
            QString text = tr("Frame %1: %2").arg(a.frame).arg(QString::fromStdString(a.summary));
            if (!a.marker.empty())
                text += QStringLiteral("\n") + QString::fromStdString(a.marker);
            QToolTip::showText(help->globalPos(), text, viewport());
        } else {
            QToolTip::hideText();
        }
        return true;
    }
    return QAbstractScrollArea::viewportEvent(e);
}

void SequenceDiagramView::keyPressEvent(QKeyEvent* e)
{
    if (!renderer_ || diagram_->arrows.empty()) {
        QAbstractScrollArea::keyPressEvent(e);
        return;
    }
    if (e->key() == Qt::Key_Down || e->key() == Qt::Key_Up) {
        // To the next (previous) arrow that is drawn.
        const int step = e->key() == Qt::Key_Down ? 1 : -1;
        long a = selected_ < 0 ? (step > 0 ? -1 : static_cast<long>(diagram_->arrows.size())) : selected_;
        for (a += step; a >= 0 && a < static_cast<long>(diagram_->arrows.size()); a += step) {
            if (renderer_->rowOfArrow(static_cast<std::size_t>(a)) >= 0) {
                activate(a);
                scrollToArrow(static_cast<std::size_t>(a));
                break;
            }
        }
        return;
    }
    QAbstractScrollArea::keyPressEvent(e);
}

void SequenceDiagramView::contextMenuEvent(QContextMenuEvent* e)
{
    if (!renderer_)
        return;
    QMenu menu(this);
    const QPoint pos = toDiagram(e->pos());
    // The header is painted at the top of the viewport whatever the scroll position.
    const long line = renderer_->lifelineAtHeader(QPoint(pos.x(), e->pos().y()));
    if (line >= 0) {
        const QString title = QString::fromStdString(diagram_->lifelines[static_cast<std::size_t>(line)].title);
        menu.addAction(tr("Hide %1").arg(title), this, [this, line] {
            DiagramViewOptions o = options_;
            o.hiddenLifelines.insert(static_cast<std::size_t>(line));
            setViewOptions(o);
            emit lifelinesChanged();
        });
    }
    if (!options_.hiddenLifelines.empty())
        menu.addAction(tr("Show All Hosts"), this, [this] {
            DiagramViewOptions o = options_;
            o.hiddenLifelines.clear();
            setViewOptions(o);
            emit lifelinesChanged();
        });
    if (!menu.isEmpty())
        menu.exec(e->globalPos());
}

void SequenceDiagramView::scrollToArrow(std::size_t arrow)
{
    const int r = renderer_->rowOfArrow(arrow);
    if (r < 0)
        return;
    const auto& row = renderer_->rows()[static_cast<std::size_t>(r)];
    const int top = verticalScrollBar()->value() + renderer_->headerHeight();
    const int bottom = verticalScrollBar()->value() + viewport()->height();
    if (row.y < top || row.y + row.height > bottom)
        verticalScrollBar()->setValue(row.y - (viewport()->height() + renderer_->headerHeight()) / 2);
}

bool SequenceDiagramView::selectFrame(quint64 frame)
{
    if (!diagram_)
        return false;
    const auto& arrows = diagram_->arrows;
    auto it = std::lower_bound(arrows.begin(), arrows.end(), frame,
                               [](const DiagramArrow& a, quint64 f) { return a.frame < f; });
    if (it == arrows.end() || it->frame != frame) {
        selected_ = -1;
        viewport()->update();
        return false;
    }
    selected_ = static_cast<long>(it - arrows.begin());
    if (renderer_)
        scrollToArrow(static_cast<std::size_t>(selected_));
    viewport()->update();
    return true;
}

quint64 SequenceDiagramView::selectedFrame() const
{
    return diagram_ && selected_ >= 0 ? diagram_->arrows[static_cast<std::size_t>(selected_)].frame : 0;
}

QPoint SequenceDiagramView::arrowPoint(std::size_t arrow) const
{
    if (!renderer_)
        return {-1, -1};
    const int r = renderer_->rowOfArrow(arrow);
    if (r < 0)
        return {-1, -1};
    const auto& row = renderer_->rows()[static_cast<std::size_t>(r)];
    const DiagramArrow& a = diagram_->arrows[arrow];
    const int x = (renderer_->lifelineX(a.from) + renderer_->lifelineX(a.to)) / 2;
    const int y = row.y + row.height / 2;
    return QPoint(x, y) - QPoint(horizontalScrollBar()->value(), verticalScrollBar()->value());
}

} // namespace synscope
