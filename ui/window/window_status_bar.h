#pragma once
// The window's status bar: the open file and what is being done with it (opening, loading, filtering,
// sorting, searching, capturing), the live capture's statistics, the packet and connection counts, the
// load's progress with Cancel, and how long the last load took.
#include <QStatusBar>

class QLabel;
class QProgressBar;
class QToolButton;

namespace synscope {

class CaptureDocument;
class PacketListModel;

class WindowStatusBar : public QStatusBar {
    Q_OBJECT

public:
    explicit WindowStatusBar(QWidget* parent = nullptr);

    // The open capture: its name and whether it is being captured or loaded, the packets loaded, displayed
    // and marked, the TCP connections, the last load's time. `capturing`: its live capture is running.
    void showCapture(const CaptureDocument& document, const PacketListModel& packets, int connections, bool capturing);
    // A step under way ("Filtering…"); the next showCapture() replaces it.
    void showActivity(const QString& text);
    // The load's progress bar (from 0) and its Cancel button; a live capture's load has no end to measure
    // progress against, and stops with the capture: `measurable` false shows neither.
    void startLoadProgress(bool measurable);
    void setLoadProgress(quint64 bytesDone, quint64 bytesTotal);
    void hideLoadProgress();
    // Where the live capture's state and statistics go (object name "captureStatus").
    QLabel* captureLabel() const { return captureLabel_; }
    // The file, packets, connections and load time, " | " between them.
    QString text() const;

signals:
    void cancelRequested();

private:
    QLabel* fileLabel_;
    QLabel* captureLabel_;
    QLabel* packetsLabel_;
    QLabel* connectionsLabel_;
    QLabel* timeLabel_;
    QProgressBar* progress_;
    QToolButton* cancelButton_;
};

} // namespace synscope
