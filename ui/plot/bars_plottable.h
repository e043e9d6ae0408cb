#pragma once
// A QCustomPlot plottable for many vertical bars (TCP segments from seq to seq+len, SACK blocks): it draws
// only the bars in view, thinned to what each pixel column shows (graphs/decimation.h), so a
// 100,000-segment connection repaints in a few milliseconds. The bars stay in the GraphData the plot holds.
#include "graphs/graph_data.h"

#include <qcustomplot.h>
#include <span>

namespace synscope {

class BarsPlottable : public QCPAbstractPlottable {
    Q_OBJECT

public:
    BarsPlottable(QCPAxis* keyAxis, QCPAxis* valueAxis);

    // Bars sorted by x; the storage must outlive the plottable (the plot keeps the GraphData alive).
    void setBars(std::span<const graphs::GraphBar> bars);
    std::span<const graphs::GraphBar> bars() const { return bars_; }
    // Bars shorter than this many pixels are drawn this long, so a one-byte segment stays visible.
    void setMinimumPixels(double px) { minimumPixels_ = px; }
    // End caps (small horizontal ticks) at both ends, as tcptrace draws segments.
    void setCaps(bool on) { caps_ = on; }
    // Log scale: values <= 0 cannot be drawn; bars reaching down there start at the axis' lower end.

    double selectTest(const QPointF& pos, bool onlySelectable, QVariant* details = nullptr) const override;
    QCPRange getKeyRange(bool& foundRange, QCP::SignDomain inSignDomain = QCP::sdBoth) const override;
    QCPRange getValueRange(bool& foundRange, QCP::SignDomain inSignDomain = QCP::sdBoth,
                           const QCPRange& inKeyRange = QCPRange()) const override;

    // Distance in pixels from `pos` to bar i (as drawn).
    double pixelDistance(const QPointF& pos, std::size_t i) const;

protected:
    void draw(QCPPainter* painter) override;
    void drawLegendIcon(QCPPainter* painter, const QRectF& rect) const override;

private:
    std::span<const graphs::GraphBar> bars_;
    double minimumPixels_ = 2.0;
    bool caps_ = true;
};

} // namespace synscope
