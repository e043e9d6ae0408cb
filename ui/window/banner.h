#pragma once
// The band above the packet list that tells what happened to the capture: a note (yellow), a problem
// (red), or a question with actions to click (blue: Save it…, Discard it…, Load the new packets …). It
// knows its sentences; its actions come back typed, as actionTriggered().
#include <QLabel>

namespace synscope {

struct LoadResult;

class Banner : public QLabel {
    Q_OBJECT

public:
    enum class Action { Save, Discard, LoadNewPackets, Reopen, DismissRootNote };
    Q_ENUM(Action)

    explicit Banner(QWidget* parent = nullptr);

    // How a load ended, when there is something to say (cut short, damaged, cancelled, parts unreadable).
    void showLoadOutcome(const LoadResult& result);
    void showFilterProblem(const QString& message);
    // The open file `fileName` changed on disk since it was loaded.
    void showFileReplaced(const QString& fileName);
    void showFileGrew(const QString& fileName, quint64 bytes);
    // A live capture stopped because of `failure`; or it stopped and sits unsaved in a temporary file.
    void showCaptureFailure(const QString& failure);
    void showUnsavedCapture();
    void showRecoveredCapture();
    // For a user running as root: the capabilities that would do instead, for `executable`.
    void showRootNote(const QString& executable);

    // What the user reads ("" when hidden): rich text without its markup.
    QString plainText() const;

public slots:
    // As a click on the link of `action` would.
    void trigger(synscope::Banner::Action action);

signals:
    void actionTriggered(synscope::Banner::Action action);

private:
    void showNote(const QString& text, bool error);
    // Rich text whose links, made by link(), trigger actions.
    void showActions(const QString& html);
    static QString link(Action action, const QString& text);
    void linkActivated(const QString& href);
};

} // namespace synscope
