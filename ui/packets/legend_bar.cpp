#include "ui/packets/legend_bar.h"

#include "ui/packets/packet_category.h"

#include <QHBoxLayout>
#include <QLabel>

namespace synscope {

LegendBar::LegendBar(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 1, 4, 1);
    layout->setSpacing(6);
    auto* title = new QLabel(tr("Colours:"), this);
    layout->addWidget(title);
    for (const CategoryStyle& s : categoryStyles()) {
        if (!s.background.isValid())
            continue;
        auto* swatch = new QLabel(s.name, this);
        swatch->setStyleSheet(QStringLiteral("QLabel { background: %1; color: %2; padding: 1px 6px; border-radius: 3px; }")
                                  .arg(s.background.name(), s.foreground.name()));
        swatch->setToolTip(s.description);
        layout->addWidget(swatch);
    }
    auto* marked = new QLabel(tr("Marked"), this);
    marked->setStyleSheet(QStringLiteral("QLabel { background: black; color: white; padding: 1px 6px; border-radius: 3px; }"));
    marked->setToolTip(tr("Packets you marked (Ctrl+M), for export"));
    layout->addWidget(marked);
    layout->addStretch(1);
}

} // namespace synscope
