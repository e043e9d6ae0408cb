#pragma once
// One kind of work run off the GUI thread (a sort of the packet list, a search in it) whose newest request
// is the only one that counts: starting again, cancel(), or the owner's destruction cancels the running one,
// and a cancelled job's result is never delivered.
#include <QCoreApplication>
#include <QMetaObject>
#include <QPointer>
#include <QThreadPool>
#include <atomic>
#include <memory>
#include <utility>

namespace synscope {

class BackgroundJob {
public:
    BackgroundJob() = default;
    BackgroundJob(const BackgroundJob&) = delete;
    BackgroundJob& operator=(const BackgroundJob&) = delete;
    ~BackgroundJob() { cancel(); }

    void cancel()
    {
        if (cancel_)
            cancel_->store(true);
    }

    // Runs `work(const std::atomic<bool>& cancelled)` on the global thread pool, then `done(result)` on the
    // GUI thread unless the job was cancelled meanwhile or `receiver` is gone.
    template <typename Work, typename Done>
    void start(QObject* receiver, Work work, Done done)
    {
        cancel();
        cancel_ = std::make_shared<std::atomic<bool>>(false);
        QThreadPool::globalInstance()->start(
            [receiver = QPointer<QObject>(receiver), cancel = cancel_, work = std::move(work),
             done = std::move(done)]() mutable {
                auto result = std::make_shared<decltype(work(*cancel))>(work(*cancel));
                if (cancel->load())
                    return;
                QMetaObject::invokeMethod(qApp, [receiver, cancel, result, done = std::move(done)]() mutable {
                    if (receiver && !cancel->load())
                        done(std::move(*result));
                });
            });
    }

private:
    std::shared_ptr<std::atomic<bool>> cancel_;
};

} // namespace synscope
