#include "engine/capture_engine.h"

#include "store/page_release.h"

#include <QMetaObject>
#include <QMutexLocker>
#include <QThread>

namespace synscope {

namespace {

// Small enough that cancelling or refiltering is noticed within a few milliseconds.
constexpr std::size_t kPacketsPerStep = 8192;
constexpr qint64 kPublishIntervalMs = 50;

int registerTypes()
{
    qRegisterMetaType<std::shared_ptr<const PacketStore>>();
    qRegisterMetaType<QVector<ConnectionRow>>();
    qRegisterMetaType<LoadResult>();
    qRegisterMetaType<PacketRows>();
    qRegisterMetaType<std::shared_ptr<LiveCapture>>();
    return 0;
}

} // namespace

CaptureEngine::CaptureEngine(QObject* parent) : QObject(parent)
{
    static const int registered = registerTypes();
    (void)registered;
}

void CaptureEngine::setDisplayFilter(const QString& bpf, qint64 stream, quint64 filterId)
{
    {
        QMutexLocker lock(&pendingMutex_);
        pendingBpf_ = bpf;
        pendingStream_ = stream;
        pendingId_ = filterId;
        pendingChanged_ = true;
    }
    filterChanged_.store(true);
    QMetaObject::invokeMethod(this, &CaptureEngine::applyPendingFilter, Qt::QueuedConnection);
}

bool CaptureEngine::takePendingFilter()
{
    QString bpf;
    qint64 stream;
    quint64 id;
    {
        QMutexLocker lock(&pendingMutex_);
        if (!pendingChanged_)
            return false;
        pendingChanged_ = false;
        filterChanged_.store(false);
        bpf = pendingBpf_;
        stream = pendingStream_;
        id = pendingId_;
    }
    filter_.id = id;
    // Compiled now for the link types seen so far (Ethernet when none yet, for the syntax), later for
    // any other link type as its first packet is tested.
    std::string error;
    if (!filter_.display.set(bpf.toStdString(), FilterLanguage::Bpf, stream, store_.get(), error)) {
        emit filterFailed(id, QString::fromStdString(error));
        return false;
    }
    return true;
}

bool CaptureEngine::filterRange(std::size_t from, std::size_t to, std::vector<std::uint32_t>& out, bool reportProgress)
{
    QElapsedTimer sinceReport;
    sinceReport.start();
    // The filter reads every packet's bytes: their pages go back as the pass goes.
    PageRelease release(*store_);
    for (std::size_t i = from; i < to; ++i) {
        if ((i & 0xfff) == 0) {
            if (cancel_.load() || filterChanged_.load())
                return false;
            if (reportProgress && sinceReport.elapsed() >= kPublishIntervalMs) {
                emit filterProgress(filter_.id, i, to);
                sinceReport.restart();
            }
        }
        // A packet whose link type the expression means nothing for (e.g. "ether host" on raw IP) is
        // not shown; the list has no place for an error about one packet.
        if (filter_.display.matches(*store_, i))
            out.push_back(static_cast<std::uint32_t>(i));
        release.read(i);
    }
    release.release();
    return true;
}

void CaptureEngine::showFilteredRows(std::size_t upTo)
{
    if (!filter_.display.active()) {
        emit filterRows(generation_, filter_.id, nullptr, true);
        return;
    }
    auto rows = std::make_shared<std::vector<std::uint32_t>>();
    if (filterRange(0, upTo, *rows, true))
        emit filterRows(generation_, filter_.id, rows, true);
}

void CaptureEngine::applyPendingFilter()
{
    if (loading_ || !store_)
        return; // the load loop picks it up
    while (takePendingFilter()) {
        if (filter_.display.active())
            cancel_.store(shuttingDown_.load());
        showFilteredRows(store_->size());
    }
}

void CaptureEngine::publishConnections(bool all)
{
    const ConnectionList& connections = store_->tracker().connections();
    QVector<ConnectionRow> rows;
    if (all) {
        rows.reserve(static_cast<qsizetype>(connections.size()));
        for (std::size_t i = 0; i < connections.size(); ++i)
            rows.push_back(ConnectionRow::of(store_->tracker(), connections[i]));
    } else {
        rows.reserve(static_cast<qsizetype>(dirtyList_.size()));
        for (std::uint32_t s : dirtyList_)
            rows.push_back(ConnectionRow::of(store_->tracker(), connections[s]));
    }
    for (std::uint32_t s : dirtyList_)
        dirty_[s] = 0;
    dirtyList_.clear();
    if (!rows.isEmpty())
        emit connectionsChanged(generation_, rows);
}

void CaptureEngine::open(const QString& path, quint64 generation) { run(path, generation, nullptr); }

void CaptureEngine::follow(const QString& path, quint64 generation, std::shared_ptr<LiveCapture> capture)
{
    run(path, generation, capture);
}

void CaptureEngine::run(const QString& path, quint64 generation, const std::shared_ptr<LiveCapture>& capture)
{
    if (shuttingDown_.load())
        return;
    cancel_.store(shuttingDown_.load());
    // The new capture replaces the current one only once it opens: a file that cannot be read leaves
    // the previous capture (and its filters) working.
    auto store = std::make_shared<PacketStore>();
    std::string error;
    if (!store->open(path.toStdString(), error, capture != nullptr)) {
        emit openFailed(generation, QString::fromStdString(error));
        return;
    }
    generation_ = generation;
    store_ = std::move(store);
    dirty_.clear();
    dirtyList_.clear();
    emit opened(generation, store_);
    // A filter set before (or while) opening applies to the new capture from its first packet.
    filter_.display.clear();
    {
        QMutexLocker lock(&pendingMutex_);
        if (filter_.id != 0 || !pendingBpf_.isEmpty() || pendingStream_ >= 0)
            pendingChanged_ = true;
    }
    // An active filter shows nothing until its first rows: the list starts in filtered mode.
    if (takePendingFilter() && filter_.display.active())
        emit filterRows(generation_, filter_.id, std::make_shared<std::vector<std::uint32_t>>(), true);
    load(capture);
}

void CaptureEngine::loadNewPackets(quint64 generation)
{
    if (generation != generation_ || !store_ || loading_)
        return;
    cancel_.store(shuttingDown_.load());
    std::string error;
    if (!store_->refresh(error)) {
        LoadResult result;
        result.outcome = LoadResult::Outcome::Damaged;
        result.message = QString::fromStdString(error);
        result.packets = store_->size();
        emit loadFinished(generation_, result);
        return;
    }
    load(nullptr);
}

// The state of one load(): what was published, the filter's rows not yet sent, how it ended.
struct CaptureEngine::LoadPass {
    LoadPass(const std::shared_ptr<LiveCapture>& liveCapture, std::size_t loaded)
        : capture(liveCapture), published(loaded), startedAt(loaded)
    {
        elapsed.start();
        sincePublish.start();
    }
    const std::shared_ptr<LiveCapture>& capture; // null: a file that is not growing
    QElapsedTimer elapsed, sincePublish;
    std::vector<std::uint32_t> newRows; // loaded packets passing the filter, not yet sent
    std::size_t published;
    const std::size_t startedAt;
    bool cancelled = false;
    bool finalPass = false; // a live capture has stopped: one more look at the file, then done
    CaptureReader::Status status = CaptureReader::Status::More;
};

void CaptureEngine::load(const std::shared_ptr<LiveCapture>& capture)
{
    loading_ = true;
    LoadPass pass(capture, store_->size());
    while (true) {
        if (cancel_.load()) {
            pass.cancelled = true;
            publishCancelled(pass);
            break;
        }
        if (filterChanged_.load() && takePendingFilter()) {
            // A new display filter: test what is loaded so far, then go on with the rest.
            showFilteredRows(pass.published);
            pass.newRows.clear();
            continue;
        }
        const bool done = loadStep(pass);
        if (publishDue(pass, done))
            publishBatch(pass);
        if (done)
            break;
    }
    loading_ = false;

    const LoadResult result = loadResult(pass);
    if (!pass.cancelled) {
        // Rows not yet sent (a load shorter than one publish interval) go out before the end.
        publishNewRows(pass);
        publishConnections(false);
    }
    emit loadFinished(generation_, result);
    if (!pass.cancelled)
        applyPendingFilter();
}

bool CaptureEngine::loadStep(LoadPass& pass)
{
    const std::size_t before = store_->size();
    pass.status = store_->loadMore(kPacketsPerStep);
    const std::size_t after = store_->size();
    markDirtyConnections(before, after);
    if (filter_.display.active())
        filterRange(before, after, pass.newRows, false);
    bool done = pass.status != CaptureReader::Status::More;
    if (done && pass.capture && pass.status != CaptureReader::Status::Error && !pass.finalPass) {
        // The end of what the capture has written so far: wait a little for more.
        if (!pass.capture->running())
            pass.finalPass = true;
        else
            QThread::msleep(15);
        std::string ignored;
        store_->refresh(ignored);
        done = false;
    }
    return done;
}

void CaptureEngine::markDirtyConnections(std::size_t from, std::size_t to)
{
    const std::size_t connections = store_->tracker().connections().size();
    if (dirty_.size() < connections)
        dirty_.resize(connections, 0);
    for (std::size_t i = from; i < to; ++i) {
        const TcpPacketRecord& r = store_->tcpRecord(i);
        if (r.hasStream() && !dirty_[r.stream]) {
            dirty_[r.stream] = 1;
            dirtyList_.push_back(r.stream);
        }
    }
}

bool CaptureEngine::publishDue(const LoadPass& pass, bool done) const
{
    // At the end, at the first batch, and then at most every kPublishIntervalMs; never with nothing new.
    const std::size_t loaded = store_->size();
    return (done || pass.sincePublish.elapsed() >= kPublishIntervalMs || pass.published == pass.startedAt) &&
           (loaded != pass.published || done);
}

void CaptureEngine::publishBatch(LoadPass& pass)
{
    publishNewRows(pass);
    pass.published = store_->size();
    emitProgress(pass);
    publishConnections(false);
    pass.sincePublish.restart();
}

void CaptureEngine::publishCancelled(LoadPass& pass)
{
    // What was loaded stays: the list, the filter's rows and the connections catch up first.
    publishNewRows(pass);
    emitProgress(pass);
    publishConnections(false);
}

void CaptureEngine::publishNewRows(LoadPass& pass)
{
    if (filter_.display.active() && !pass.newRows.empty()) {
        emit filterRows(generation_, filter_.id, std::make_shared<std::vector<std::uint32_t>>(pass.newRows), false);
        pass.newRows.clear();
    }
}

void CaptureEngine::emitProgress(const LoadPass& pass)
{
    emit progress(generation_, store_->size(), store_->reader().bytesIndexed(),
                  pass.capture ? 0 : store_->reader().fileSize());
}

LoadResult CaptureEngine::loadResult(const LoadPass& pass) const
{
    LoadResult result;
    result.packets = store_->size();
    result.newPackets = store_->size() - pass.startedAt;
    result.elapsedMs = pass.elapsed.elapsed();
    const CaptureReader& reader = store_->reader();
    for (const CaptureProblem& w : reader.warnings())
        result.notes << QString::fromStdString(reader.describe(w));
    if (pass.cancelled) {
        result.outcome = LoadResult::Outcome::Cancelled;
    } else if (pass.status == CaptureReader::Status::Truncated) {
        result.outcome = LoadResult::Outcome::Truncated;
        result.message = QString::fromStdString(reader.describe(reader.truncation()));
    } else if (pass.status == CaptureReader::Status::Error) {
        result.outcome = LoadResult::Outcome::Damaged;
        result.message = QString::fromStdString(reader.describe(reader.error()));
    }
    return result;
}

void CaptureEngine::close()
{
    store_.reset();
    dirty_.clear();
    dirtyList_.clear();
}

} // namespace synscope
