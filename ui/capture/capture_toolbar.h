#pragma once
// The capture toolbar: the interface to capture on (with a sparkline of its traffic), the capture filter
// (checked as you type), and start, stop, restart and options. It edits the session's options; the
// window runs the actions.
#include "live/live_capture.h"

#include <QToolBar>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;

namespace synscope {

class InterfaceListModel;

class CaptureToolBar : public QToolBar {
    Q_OBJECT

public:
    explicit CaptureToolBar(QWidget* parent = nullptr);

    QAction* startAction() const { return start_; }
    QAction* stopAction() const { return stop_; }
    QAction* restartAction() const { return restart_; }
    QAction* optionsAction() const { return options_; }
    QAction* refreshAction() const { return refresh_; }
    InterfaceListModel* interfaces() const { return model_; }

    // Shows `options` (interfaces and filter); edits go back through optionsEdited().
    void showOptions(const LiveOptions& options);
    // Writes the toolbar's interface and filter into `options`.
    void applyTo(LiveOptions& options) const;
    // Whether the capture filter compiles; `problem` gets libpcap's message otherwise.
    bool filterIsValid(QString* problem = nullptr) const;
    // Running: the interface and filter are locked, stop is enabled.
    void setRunning(bool running);

signals:
    void optionsEdited();

private:
    void checkFilter();
    bool hasInterface() const;

    InterfaceListModel* model_;
    QComboBox* interfaceBox_;
    QLabel* moreInterfaces_;
    QLineEdit* filter_;
    QAction* start_;
    QAction* stop_;
    QAction* restart_;
    QAction* options_;
    QAction* refresh_;
    std::vector<std::string> extraInterfaces_; // chosen in the options dialog beyond the first
    QString missingInterface_;                 // the first interface, chosen but not in the list
    bool filterValid_ = true;
    QString filterProblem_;
};

} // namespace synscope
