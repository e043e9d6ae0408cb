#include "ui/capture/capture_document.h"

#include "capture/mapped_file_status.h"

#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>

namespace synscope {

CaptureDocument::CaptureDocument(QObject* parent) : QObject(parent)
{
    engine_ = new CaptureEngine;
    engine_->moveToThread(&engineThread_);
    connect(&engineThread_, &QThread::finished, engine_, &QObject::deleteLater);
    engineThread_.setObjectName(QStringLiteral("capture-engine"));
    engineThread_.start();
    // Each result names the load (generation) or the filter it belongs to; older ones are dropped here.
    connect(engine_, &CaptureEngine::opened, this, &CaptureDocument::onOpened);
    connect(engine_, &CaptureEngine::openFailed, this, &CaptureDocument::onOpenFailed);
    connect(engine_, &CaptureEngine::loadFinished, this, &CaptureDocument::onLoadFinished);
    connect(engine_, &CaptureEngine::progress, this,
            [this](quint64 generation, quint64 packets, quint64 bytesDone, quint64 bytesTotal) {
                if (generation != generation_)
                    return;
                loadedPackets_ = packets;
                emit progress(packets, bytesDone, bytesTotal);
            });
    connect(engine_, &CaptureEngine::connectionsChanged, this,
            [this](quint64 generation, const QVector<ConnectionRow>& rows) {
                if (generation == generation_)
                    emit connectionsChanged(rows);
            });
    connect(engine_, &CaptureEngine::filterRows, this,
            [this](quint64 generation, quint64 filterId, PacketRows rows, bool reset) {
                if (generation == generation_ && filterId == filterId_)
                    emit filterRows(std::move(rows), reset);
            });
    connect(engine_, &CaptureEngine::filterProgress, this, [this](quint64 filterId, quint64 tested, quint64 total) {
        if (filterId == filterId_)
            emit filterProgress(tested, total);
    });
    connect(engine_, &CaptureEngine::filterFailed, this, [this](quint64 filterId, const QString& message) {
        if (filterId == filterId_)
            emit filterFailed(message);
    });
    watcher_ = new QFileSystemWatcher(this);
    connect(watcher_, &QFileSystemWatcher::fileChanged, this, &CaptureDocument::checkFileOnDisk);
}

CaptureDocument::~CaptureDocument()
{
    // Not cancel(): a follow() of the running capture still queued would clear it and then follow the
    // capture, which only the session (destroyed after this wait) would stop.
    engine_->shutdown();
    engineThread_.quit();
    engineThread_.wait();
}

void CaptureDocument::openFile(const QString& path, const QString& displayFilter)
{
    beginOpening(path, Origin::File, displayFilter, nullptr);
}

void CaptureDocument::openRecovered(const QString& path, const QString& displayFilter)
{
    beginOpening(path, Origin::RecoveredCapture, displayFilter, nullptr);
}

void CaptureDocument::follow(const QString& path, std::shared_ptr<LiveCapture> capture, const QString& displayFilter)
{
    Q_ASSERT(state_ == State::Empty);
    beginOpening(path, Origin::LiveCapture, displayFilter, std::move(capture));
    // The window belongs to the new capture from the moment it starts (it was emptied for it).
    path_ = path;
    origin_ = Origin::LiveCapture;
}

void CaptureDocument::beginOpening(const QString& path, Origin origin, const QString& displayFilter,
                                   std::shared_ptr<LiveCapture> capture)
{
    engine_->cancel();
    // Opening again while opening: going back still means going back to what is shown.
    const quint64 previous = opening_ ? opening_->previousGeneration : generation_;
    opening_ = PendingOpen{path, origin, capture != nullptr, previous};
    state_ = State::Opening;
    ++generation_;
    ++filterId_;
    engine_->setDisplayFilter(displayFilter, -1, filterId_);
    const quint64 generation = generation_;
    if (capture)
        QMetaObject::invokeMethod(engine_, [e = engine_, path, generation, capture] { e->follow(path, generation, capture); },
                                  Qt::QueuedConnection);
    else
        QMetaObject::invokeMethod(engine_, [e = engine_, path, generation] { e->open(path, generation); },
                                  Qt::QueuedConnection);
}

void CaptureDocument::close()
{
    opening_.reset();
    state_ = State::Empty;
    origin_ = Origin::File;
    watch(QString());
    engine_->cancel();
    ++generation_;
    QMetaObject::invokeMethod(engine_, &CaptureEngine::close, Qt::QueuedConnection);
    store_.reset();
    loadedPackets_ = 0;
    path_.clear();
}

bool CaptureDocument::loadNewPackets()
{
    if (state_ != State::Loaded || !store_ || isLive())
        return false;
    state_ = State::Loading;
    const quint64 generation = generation_;
    QMetaObject::invokeMethod(engine_, [e = engine_, generation] { e->loadNewPackets(generation); }, Qt::QueuedConnection);
    return true;
}

void CaptureDocument::cancelLoad() { engine_->cancel(); }

void CaptureDocument::savedAs(const QString& path) { path_ = path; }

void CaptureDocument::setDisplayFilter(const QString& expression, qint64 stream)
{
    ++filterId_;
    engine_->setDisplayFilter(expression, stream, filterId_);
}

void CaptureDocument::onOpened(quint64 generation, std::shared_ptr<const PacketStore> store)
{
    if (generation != generation_ || !opening_)
        return;
    const PendingOpen done = *std::exchange(opening_, std::nullopt);
    state_ = done.follows ? State::Following : State::Loading;
    path_ = done.path;
    origin_ = done.origin;
    // A live capture's file only grows, and the engine follows it.
    watch(done.follows ? QString() : path_);
    lastLoadMs_ = -1;
    loadedPackets_ = 0;
    store_ = std::move(store);
    emit opened(store_);
}

void CaptureDocument::onOpenFailed(quint64 generation, const QString& message)
{
    if (generation != generation_ || !opening_)
        return;
    // Back to the capture that was shown (if any): it stays usable.
    const PendingOpen failed = *std::exchange(opening_, std::nullopt);
    generation_ = failed.previousGeneration;
    state_ = path_.isEmpty() ? State::Empty : State::Loaded;
    emit openFailed(failed.path, message);
}

void CaptureDocument::onLoadFinished(quint64 generation, const LoadResult& result)
{
    if (generation != generation_)
        return;
    state_ = State::Loaded;
    // A live capture's "load" lasts as long as the capture: no load time to show; picking up new
    // packets is no load either.
    if (result.newPackets == result.packets)
        lastLoadMs_ = isLive() ? -1 : result.elapsedMs;
    emit loadFinished(result);
}

void CaptureDocument::watch(const QString& path)
{
    if (!watcher_->files().isEmpty())
        watcher_->removePaths(watcher_->files());
    if (!path.isEmpty())
        watcher_->addPath(path);
}

void CaptureDocument::checkFileOnDisk()
{
    if (!store_ || isLive() || path_.isEmpty() || isLoading())
        return;
    // tcpdump -C / -G and editors replace the file: the watch goes with the old one.
    if (!watcher_->files().contains(path_) && QFileInfo::exists(path_))
        watcher_->addPath(path_);
    const MappedFileStatus status = mappedFileStatus(store_->reader().file(), QFile::encodeName(path_).toStdString());
    switch (status.change) {
    case MappedFileStatus::Change::Replaced: emit fileReplaced(); break;
    case MappedFileStatus::Change::Grown: emit fileGrew(status.grownBy); break;
    case MappedFileStatus::Change::Unchanged: break;
    }
}

} // namespace synscope
