#include "engine/capture_engine.h"

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
    filter_.stream = stream;
    filter_.active = stream >= 0 || !bpf.trimmed().isEmpty();
    // Compiled now for the link types seen so far (Ethernet when none yet, for the syntax), later for
    // any other link type as its first packet is tested.
    std::vector<std::uint32_t> linkTypes;
    if (store_) {
        const InterfaceList& interfaces = store_->reader().interfaces();
        for (std::size_t i = 0; i < interfaces.size(); ++i)
            linkTypes.push_back(interfaces[i].linkType);
    }
    if (linkTypes.empty())
        linkTypes.push_back(1);
    std::string error;
    if (!filter_.bpf.compile(bpf.toStdString(), linkTypes, error)) {
        filter_.active = false;
        emit filterFailed(id, QString::fromStdString(error));
        return false;
    }
    return true;
}

bool CaptureEngine::passes(std::size_t i)
{
    if (filter_.stream >= 0) {
        const TcpPacketRecord& r = store_->tcpRecord(i);
        if (!r.hasStream() || r.stream != static_cast<std::uint64_t>(filter_.stream))
            return false;
    }
    if (filter_.bpf.empty())
        return true;
    const std::uint32_t lt = store_->linkType(i);
    std::string error;
    if (!filter_.bpf.addLinkType(lt, error)) {
        // The expression is valid but means nothing for this link type (e.g. "ether host" on raw IP).
        return false;
    }
    return filter_.bpf.matches(lt, store_->bytes(i), store_->record(i).originalLength);
}

bool CaptureEngine::filterRange(std::size_t from, std::size_t to, std::vector<std::uint32_t>& out, bool reportProgress)
{
    QElapsedTimer sinceReport;
    sinceReport.start();
    for (std::size_t i = from; i < to; ++i) {
        if ((i & 0xfff) == 0) {
            if (i >= from + 0x1000)
                store_->releaseBytes(i - 0x1000, i);
            if (cancel_.load() || filterChanged_.load())
                return false;
            if (reportProgress && sinceReport.elapsed() >= kPublishIntervalMs) {
                emit filterProgress(filter_.id, i, to);
                sinceReport.restart();
            }
        }
        if (passes(i))
            out.push_back(static_cast<std::uint32_t>(i));
    }
    return true;
}

void CaptureEngine::applyPendingFilter()
{
    if (loading_ || !store_)
        return; // the load loop picks it up
    while (takePendingFilter()) {
        if (!filter_.active) {
            emit filterRows(generation_, filter_.id, nullptr, true);
            continue;
        }
        auto rows = std::make_shared<std::vector<std::uint32_t>>();
        cancel_.store(shuttingDown_.load());
        if (filterRange(0, store_->size(), *rows, true))
            emit filterRows(generation_, filter_.id, rows, true);
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
    filter_.active = false;
    {
        QMutexLocker lock(&pendingMutex_);
        if (filter_.id != 0 || !pendingBpf_.isEmpty() || pendingStream_ >= 0)
            pendingChanged_ = true;
    }
    // An active filter shows nothing until its first rows: the list starts in filtered mode.
    if (takePendingFilter() && filter_.active)
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

void CaptureEngine::load(const std::shared_ptr<LiveCapture>& capture)
{
    loading_ = true;
    QElapsedTimer elapsed, sincePublish;
    elapsed.start();
    sincePublish.start();
    std::vector<std::uint32_t> newRows;
    std::size_t published = store_->size();
    const std::size_t startedAt = published;
    bool cancelled = false;
    bool finalPass = false; // a live capture has stopped: one more look at the file, then done
    CaptureReader::Status status = CaptureReader::Status::More;
    while (true) {
        if (cancel_.load()) {
            cancelled = true;
            // What was loaded stays: the list, the filter's rows and the connections catch up first.
            if (filter_.active && !newRows.empty())
                emit filterRows(generation_, filter_.id, std::make_shared<std::vector<std::uint32_t>>(newRows), false);
            emit progress(generation_, store_->size(), store_->reader().bytesIndexed(),
                          capture ? 0 : store_->reader().fileSize());
            publishConnections(false);
            break;
        }
        if (filterChanged_.load() && takePendingFilter()) {
            // A new display filter: test what is loaded so far, then go on with the rest.
            auto rows = std::make_shared<std::vector<std::uint32_t>>();
            if (!filter_.active)
                emit filterRows(generation_, filter_.id, nullptr, true);
            else if (filterRange(0, published, *rows, true))
                emit filterRows(generation_, filter_.id, rows, true);
            newRows.clear();
            continue;
        }
        const std::size_t before = store_->size();
        status = store_->loadMore(kPacketsPerStep);
        const std::size_t after = store_->size();
        const std::size_t connections = store_->tracker().connections().size();
        if (dirty_.size() < connections)
            dirty_.resize(connections, 0);
        for (std::size_t i = before; i < after; ++i) {
            const TcpPacketRecord& r = store_->tcpRecord(i);
            if (r.hasStream() && !dirty_[r.stream]) {
                dirty_[r.stream] = 1;
                dirtyList_.push_back(r.stream);
            }
        }
        if (filter_.active)
            filterRange(before, after, newRows, false);
        bool done = status != CaptureReader::Status::More;
        if (done && capture && status != CaptureReader::Status::Error && !finalPass) {
            // The end of what the capture has written so far: wait a little for more.
            if (!capture->running())
                finalPass = true;
            else
                QThread::msleep(15);
            std::string ignored;
            store_->refresh(ignored);
            done = false;
        }
        if ((done || sincePublish.elapsed() >= kPublishIntervalMs || published == startedAt) &&
            (after != published || done)) {
            if (filter_.active && !newRows.empty()) {
                emit filterRows(generation_, filter_.id, std::make_shared<std::vector<std::uint32_t>>(newRows), false);
                newRows.clear();
            }
            published = after;
            emit progress(generation_, after, store_->reader().bytesIndexed(),
                          capture ? 0 : store_->reader().fileSize());
            publishConnections(false);
            sincePublish.restart();
        }
        if (done)
            break;
    }
    loading_ = false;

    LoadResult result;
    result.packets = store_->size();
    result.newPackets = store_->size() - startedAt;
    result.elapsedMs = elapsed.elapsed();
    const CaptureReader& reader = store_->reader();
    for (const CaptureProblem& w : reader.warnings())
        result.notes << QString::fromStdString(reader.describe(w));
    if (cancelled) {
        result.outcome = LoadResult::Outcome::Cancelled;
    } else if (status == CaptureReader::Status::Truncated) {
        result.outcome = LoadResult::Outcome::Truncated;
        result.message = QString::fromStdString(reader.describe(reader.truncation()));
    } else if (status == CaptureReader::Status::Error) {
        result.outcome = LoadResult::Outcome::Damaged;
        result.message = QString::fromStdString(reader.describe(reader.error()));
    }
    if (!cancelled) {
        // Rows not yet sent (a load shorter than one publish interval) go out before the end.
        if (filter_.active && !newRows.empty())
            emit filterRows(generation_, filter_.id, std::make_shared<std::vector<std::uint32_t>>(newRows), false);
        publishConnections(false);
    }
    emit loadFinished(generation_, result);
    if (!cancelled)
        applyPendingFilter();
}

void CaptureEngine::close()
{
    store_.reset();
    dirty_.clear();
    dirtyList_.clear();
}

} // namespace synscope
