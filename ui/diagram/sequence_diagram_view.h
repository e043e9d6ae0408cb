#pragma once
// The sequence diagram on screen: scrolls both ways, paints only what is visible, names what is under the
// mouse, and selects a packet everywhere when its arrow is clicked.
#include "ui/render/sequence_diagram_renderer.h"

#include <QAbstractScrollArea>
#include <memory>

namespace synscope {

class SequenceDiagramView : public QAbstractScrollArea {
    Q_OBJECT

public:
    explicit SequenceDiagramView(QWidget* parent = nullptr);

    void setDiagram(std::shared_ptr<const SequenceDiagram> diagram);
    const SequenceDiagram* diagram() const { return diagram_.get(); }
    const SequenceDiagramRenderer* renderer() const { return renderer_.get(); }
    void setViewOptions(const DiagramViewOptions& options);
    const DiagramViewOptions& viewOptions() const { return options_; }

    // Highlights the arrow of `frame` (from 1) and scrolls to it; false when the diagram has none.
    bool selectFrame(quint64 frame);
    quint64 selectedFrame() const;
    // The viewport point at the middle of an arrow's line (for tests and tooltips), or (-1,-1).
    QPoint arrowPoint(std::size_t arrow) const;

signals:
    void frameActivated(quint64 frame);  // the user clicked (or keyed to) an arrow
    void lifelinesChanged();             // hosts were hidden or shown again

protected:
    void paintEvent(QPaintEvent* e) override;
    void resizeEvent(QResizeEvent* e) override;
    void mousePressEvent(QMouseEvent* e) override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void leaveEvent(QEvent* e) override;
    void keyPressEvent(QKeyEvent* e) override;
    void contextMenuEvent(QContextMenuEvent* e) override;
    bool viewportEvent(QEvent* e) override;

private:
    void rebuild();
    void updateScrollBars();
    QPoint toDiagram(const QPoint& viewportPos) const;
    // The arrow at a viewport position, -1 for none (or under the sticky header).
    long arrowUnder(const QPoint& viewportPos) const;
    void scrollToArrow(std::size_t arrow);
    void activate(long arrow);

    std::shared_ptr<const SequenceDiagram> diagram_;
    std::unique_ptr<SequenceDiagramRenderer> renderer_;
    DiagramViewOptions options_;
    long selected_ = -1;
    long hovered_ = -1;
};

} // namespace synscope
