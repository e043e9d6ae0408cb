#pragma once
// A strip under the packet list that says what each row colour means.
#include <QWidget>

namespace synscope {

class LegendBar : public QWidget {
    Q_OBJECT
public:
    explicit LegendBar(QWidget* parent = nullptr);
};

} // namespace synscope
