#pragma once
// One live capture as the desktop program runs it: the options (kept between sessions), the libpcap
// capture writing to a file, its statistics polled for the status bar, and what becomes of the file
// afterwards. Without a chosen file the packets go to a spool file in the cache folder; that capture
// stays "unsaved" until it is saved (moved or converted) or discarded.
#include "live/capture_spool.h"
#include "live/live_capture.h"
#include "engine/capture_engine.h" // the metatype of std::shared_ptr<LiveCapture>

#include <QObject>
#include <QString>
#include <QTimer>
#include <memory>

namespace synscope {

class CaptureSession : public QObject {
    Q_OBJECT

public:
    explicit CaptureSession(QObject* parent = nullptr);
    ~CaptureSession() override;

    // The options the next capture uses (interfaces, filters, limits, output file), from the settings.
    const LiveOptions& options() const { return options_; }
    void setOptions(const LiveOptions& options);

    // Starts a capture with options(); false with a message saying what to fix (rights, filter, file).
    bool start(QString& error);
    // Ends the running capture soon (well under 200 ms); stopped() follows.
    void stop();
    // Emits stopped() now if the capture has ended and that was not told yet (else on the next poll).
    void checkStopped() { poll(); }
    bool isRunning() const { return capture_ && capture_->running(); }
    std::shared_ptr<LiveCapture> capture() const { return capture_; }
    LiveStatistics statistics() const { return capture_ ? capture_->statistics() : LiveStatistics{}; }
    // The file the current (or last) capture wrote.
    QString path() const { return path_; }

    // Whether the last capture sits in a spool file nobody has saved yet.
    bool hasUnsavedCapture() const { return spool_.held() && !isRunning(); }
    // Takes over a spool file a crashed session left behind: it becomes this session's unsaved capture.
    bool adopt(const QString& path, QString& error);
    // Moves the unsaved capture to `target` when a rename can (same file system, pcapng wanted);
    // false leaves everything as it was (the caller then converts or copies it with exportPackets).
    bool moveTo(const QString& target);
    // The unsaved capture now lives at `target` (saved by a copy): the spool file goes.
    void savedAs(const QString& target);
    // Deletes the unsaved capture's file.
    void discard();

    // tcpdump's closing statistics of the last capture, one line each.
    QString summary() const;

signals:
    void started(const QString& path, std::shared_ptr<synscope::LiveCapture> capture);
    void statisticsChanged(const synscope::LiveStatistics& statistics);
    // The capture ended: on request, by a stop condition, or by a failure (`failure` says which file and why).
    void stopped(const QString& failure);

private:
    void poll();
    void loadOptions();
    void saveOptions() const;

    LiveOptions options_;
    std::shared_ptr<LiveCapture> capture_;
    SpoolFileClaim spool_;
    QString path_;
    QTimer poll_;
    bool announcedStop_ = true;
};

} // namespace synscope

Q_DECLARE_METATYPE(synscope::LiveStatistics)
