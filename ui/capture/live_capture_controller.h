#pragma once
// Live capture as the window runs it: start (after checking the filter, settling the capture shown and
// keeping the capture off the file open in the window), stop, restart (stop, then start once stopped),
// the options dialog, the statistics in the status bar, and what becomes of the captured file: Save As
// (moved when it can be, else written out), Discard, and the recovery of captures a crashed session left.
// The window shows the captures it announces (started, recovered) and empties itself when the shown one
// is deleted (discarded).
#include "ui/capture/capture_session.h"

#include <QObject>
#include <QString>
#include <memory>

class QLabel;
class QWidget;

namespace synscope {

class CaptureDocument;
class CaptureToolBar;

class LiveCaptureController : public QObject {
    Q_OBJECT

public:
    // `statusLabel` shows the capture's state and statistics; `window` is the parent of the dialogs.
    LiveCaptureController(CaptureDocument& document, CaptureToolBar& toolBar, QLabel& statusLabel, QWidget& window);

    CaptureSession* session() const { return session_; }
    // Unattended (synscope --screenshot): a capture that cannot start puts up no message box;
    // startFailed() is all that tells it.
    void setUnattended(bool on) { unattended_ = on; }

    void start();
    void stop() { session_->stop(); }
    // Stops the running capture and starts a new one once it has stopped; starts one if none runs.
    void restart();
    // Capture → Options…; "Start" there starts a capture.
    void editOptions();
    // Before the shown capture goes away (open, close, new capture, quit, named by `action`): a running
    // capture is stopped and an unsaved one saved or discarded, as the user chooses. False: cancelled.
    bool settle(const QString& action);
    // Saves the shown capture under a new name (pcapng or pcap): an unsaved live capture is moved there
    // when it can be, anything else is written out packet by packet.
    bool saveAs();
    // Deletes the unsaved live capture after asking.
    void discard();
    // At start: offers the unsaved captures a crashed session left (see RecoveredCapturesDialog).
    void offerRecovery();

    // The window title for what is shown: "Capturing on lo", "Live capture (not saved)", "Recovered
    // capture (not saved)" or the file's name.
    QString windowTitle() const;
    // Whether File → Discard Capture applies now.
    bool canDiscard() const;

signals:
    // A capture writes `path` now: the window empties itself and follows it.
    void started(const QString& path, std::shared_ptr<synscope::LiveCapture> capture);
    void startFailed(const QString& message);
    // The capture ended: on request, by a stop condition, or by a failure (`failure` says which and why).
    void stopped(const QString& failure);
    // Running or not, or the unsaved capture came or went.
    void stateChanged();
    // The shown capture was saved as `path`; `isShownCapture`: the window shows that file now (a live or
    // recovered capture), otherwise a copy was written.
    void saved(const QString& path, bool isShownCapture);
    // The shown capture's file was deleted: the window must not go on showing it.
    void discarded();
    // A crashed session's capture was taken over: the window opens it.
    void recovered(const QString& path);
    // A passing remark for the status bar.
    void notice(const QString& text, int timeoutMs);

private:
    // What happens when the running capture stops.
    enum class AfterStop { Nothing, StartAgain };

    void onStarted(const QString& path, std::shared_ptr<LiveCapture> capture);
    void onStatistics(const LiveStatistics& statistics);
    void onStopped(const QString& failure);
    void reportStartFailure(const LiveOptions& options, const QString& error);
    // The capture the window shows is this session's unsaved one.
    bool showsUnsavedCapture() const;
    QString chooseSaveTarget(bool unsaved) const;
    bool writeCapture(const QString& target, bool unsaved);

    CaptureDocument& document_;
    CaptureToolBar& toolBar_;
    QLabel& statusLabel_;
    QWidget& window_;
    CaptureSession* session_;
    AfterStop afterStop_ = AfterStop::Nothing;
    bool unattended_ = false;
};

} // namespace synscope
