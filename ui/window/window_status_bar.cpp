#include "ui/window/window_status_bar.h"

#include "ui/capture/capture_document.h"
#include "ui/packets/packet_list_model.h"

#include "live/capture_spool.h"

#include <QFileInfo>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

namespace synscope {

WindowStatusBar::WindowStatusBar(QWidget* parent) : QStatusBar(parent)
{
    fileLabel_ = new QLabel(this);
    packetsLabel_ = new QLabel(this);
    connectionsLabel_ = new QLabel(this);
    timeLabel_ = new QLabel(this);
    progress_ = new QProgressBar(this);
    progress_->setMaximumWidth(200);
    progress_->setRange(0, 1000);
    progress_->hide();
    cancelButton_ = new QToolButton(this);
    cancelButton_->setText(tr("Cancel"));
    cancelButton_->setToolTip(tr("Stop loading; what is loaded stays"));
    cancelButton_->hide();
    connect(cancelButton_, &QToolButton::clicked, this, &WindowStatusBar::cancelRequested);
    captureLabel_ = new QLabel(this);
    captureLabel_->setObjectName(QStringLiteral("captureStatus"));
    captureLabel_->hide();
    addWidget(fileLabel_, 1);
    addPermanentWidget(captureLabel_);
    addPermanentWidget(packetsLabel_);
    addPermanentWidget(connectionsLabel_);
    addPermanentWidget(progress_);
    addPermanentWidget(cancelButton_);
    addPermanentWidget(timeLabel_);
}

void WindowStatusBar::showCapture(const CaptureDocument& document, const PacketListModel& packets, int connections,
                                  bool capturing)
{
    const QString path = document.path();
    if (path.isEmpty()) {
        fileLabel_->setText(tr("No capture open. Open a pcap or pcapng file (Ctrl+O) or drop one here."));
        packetsLabel_->clear();
        connectionsLabel_->clear();
        timeLabel_->clear();
        return;
    }
    const QString name = document.isLive() && isSpoolFile(path.toStdString()) ? tr("Live capture (not saved)")
                                                                             : QFileInfo(path).fileName();
    fileLabel_->setText(capturing ? tr("Capturing…") : document.isLoading() ? tr("Loading %1…").arg(name) : name);
    fileLabel_->setToolTip(path);
    const qulonglong loaded = packets.loadedCount();
    QString text = packets.isFiltered()
                       ? tr("Packets: %1 displayed of %2").arg(static_cast<qulonglong>(packets.rowCount())).arg(loaded)
                       : tr("Packets: %1").arg(loaded);
    if (!packets.marks().isEmpty())
        text += tr(" · marked: %1").arg(packets.marks().size());
    packetsLabel_->setText(text);
    connectionsLabel_->setText(tr("TCP connections: %1").arg(connections));
    const qint64 ms = document.lastLoadMs();
    timeLabel_->setText(ms < 0     ? QString()
                        : ms < 1000 ? tr("Loaded in %1 ms").arg(ms)
                                    : tr("Loaded in %1 s").arg(static_cast<double>(ms) / 1000.0, 0, 'f', 2));
}

void WindowStatusBar::showActivity(const QString& text) { fileLabel_->setText(text); }

void WindowStatusBar::startLoadProgress(bool measurable)
{
    progress_->setValue(0);
    progress_->setVisible(measurable);
    cancelButton_->setVisible(measurable);
}

void WindowStatusBar::hideLoadProgress()
{
    progress_->hide();
    cancelButton_->hide();
}

void WindowStatusBar::setLoadProgress(quint64 bytesDone, quint64 bytesTotal)
{
    if (bytesTotal)
        progress_->setValue(static_cast<int>(1000.0 * static_cast<double>(bytesDone) / static_cast<double>(bytesTotal)));
}

QString WindowStatusBar::text() const
{
    return QStringList{fileLabel_->text(), packetsLabel_->text(), connectionsLabel_->text(), timeLabel_->text()}.join(
        QStringLiteral(" | "));
}

} // namespace synscope
