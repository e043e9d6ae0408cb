#include "ui/capture/capture_session.h"

#include "live/capture_permissions.h"

#include <QFileInfo>
#include <QSettings>
#include <QStringList>
#include <cerrno>
#include <cstdio>

namespace synscope {

CaptureSession::CaptureSession(QObject* parent) : QObject(parent)
{
    loadOptions();
    poll_.setInterval(200);
    connect(&poll_, &QTimer::timeout, this, &CaptureSession::poll);
}

CaptureSession::~CaptureSession()
{
    if (capture_) {
        capture_->requestStop();
        capture_->wait();
    }
    // An unsaved capture stays on disk (the spool lock goes with this process), so the next start
    // offers it for recovery unless the user discarded it.
}

void CaptureSession::setOptions(const LiveOptions& options)
{
    options_ = options;
    saveOptions();
}

bool CaptureSession::start(QString& error)
{
    if (isRunning()) {
        error = tr("A capture is already running.");
        return false;
    }
    if (options_.interfaces.empty()) {
        error = tr("Choose an interface to capture on.");
        return false;
    }
    // The previous unsaved capture must have been saved or discarded by now (the window asks first).
    spool_.release();
    LiveOptions o = options_;
    std::string message;
    if (o.outputPath.empty()) {
        if (!spool_.create(message)) {
            // Missing capture rights come first: a user who fixed the cache folder would meet them next.
            error = QString::fromStdString(message);
            if (!captureRoute().canCapture())
                error = tr("No permission to capture: %1").arg(QString::fromStdString(captureRightsAdvice())) +
                        QStringLiteral("\n\n") + error;
            return false;
        }
        o.outputPath = spool_.path();
    }
    auto capture = std::make_shared<LiveCapture>();
    if (!capture->start(o, message)) {
        if (spool_.held())
            spool_.remove();
        error = QString::fromStdString(message);
        return false;
    }
    capture_ = capture;
    path_ = QString::fromStdString(o.outputPath);
    // A chosen file is used once: the next capture (or a restart) must not overwrite it.
    options_.outputPath.clear();
    announcedStop_ = false;
    poll_.start();
    emit started(path_, capture_);
    return true;
}

void CaptureSession::stop()
{
    if (capture_)
        capture_->requestStop();
    poll();
}

void CaptureSession::poll()
{
    if (!capture_)
        return;
    emit statisticsChanged(capture_->statistics());
    if (!capture_->running() && !announcedStop_) {
        announcedStop_ = true;
        capture_->wait();
        poll_.stop();
        emit statisticsChanged(capture_->statistics());
        emit stopped(QString::fromStdString(capture_->failure()));
    }
}

bool CaptureSession::adopt(const QString& path, QString& error)
{
    if (isRunning()) {
        error = tr("Stop the running capture first.");
        return false;
    }
    std::string message;
    if (!spool_.adopt(path.toStdString(), message)) {
        error = QString::fromStdString(message);
        return false;
    }
    capture_.reset();
    path_ = path;
    return true;
}

bool CaptureSession::moveTo(const QString& target)
{
    if (!hasUnsavedCapture())
        return false;
    if (std::rename(spool_.path().c_str(), target.toStdString().c_str()) != 0)
        return false; // another file system (EXDEV) or no right: the caller copies instead
    spool_.release();
    path_ = target;
    return true;
}

void CaptureSession::savedAs(const QString& target)
{
    if (spool_.held())
        spool_.remove();
    path_ = target;
}

void CaptureSession::discard()
{
    if (isRunning())
        return;
    if (spool_.held())
        spool_.remove();
    path_.clear();
}

QString CaptureSession::summary() const
{
    return capture_ ? QString::fromStdString(capture_->summaryText()).trimmed() : QString();
}

void CaptureSession::loadOptions()
{
    QSettings s;
    s.beginGroup(QStringLiteral("capture"));
    options_.interfaces.clear();
    for (const QString& name : s.value(QStringLiteral("interfaces")).toStringList())
        options_.interfaces.push_back(name.toStdString());
    options_.filter = s.value(QStringLiteral("filter")).toString().toStdString();
    options_.snapLength = s.value(QStringLiteral("snapLength"), 262144).toInt();
    options_.promiscuous = s.value(QStringLiteral("promiscuous"), true).toBool();
    options_.bufferSizeKiB = s.value(QStringLiteral("bufferKiB"), 0).toUInt();
    options_.immediate = s.value(QStringLiteral("immediate"), false).toBool();
    options_.linkType = s.value(QStringLiteral("linkType"), -1).toInt();
    options_.stopAfterPackets = s.value(QStringLiteral("stopPackets"), 0).toULongLong();
    options_.stopAfterSeconds = s.value(QStringLiteral("stopSeconds"), 0.0).toDouble();
    options_.stopAfterBytes = s.value(QStringLiteral("stopBytes"), 0).toULongLong();
    // The output file is chosen per capture, never reused silently: a second capture would overwrite it.
    options_.outputPath.clear();
    s.endGroup();
}

void CaptureSession::saveOptions() const
{
    QSettings s;
    s.beginGroup(QStringLiteral("capture"));
    QStringList names;
    for (const std::string& n : options_.interfaces)
        names << QString::fromStdString(n);
    s.setValue(QStringLiteral("interfaces"), names);
    s.setValue(QStringLiteral("filter"), QString::fromStdString(options_.filter));
    s.setValue(QStringLiteral("snapLength"), options_.snapLength);
    s.setValue(QStringLiteral("promiscuous"), options_.promiscuous);
    s.setValue(QStringLiteral("bufferKiB"), options_.bufferSizeKiB);
    s.setValue(QStringLiteral("immediate"), options_.immediate);
    s.setValue(QStringLiteral("linkType"), static_cast<qlonglong>(options_.linkType));
    s.setValue(QStringLiteral("stopPackets"), static_cast<qulonglong>(options_.stopAfterPackets));
    s.setValue(QStringLiteral("stopSeconds"), options_.stopAfterSeconds);
    s.setValue(QStringLiteral("stopBytes"), static_cast<qulonglong>(options_.stopAfterBytes));
    s.endGroup();
}

} // namespace synscope
