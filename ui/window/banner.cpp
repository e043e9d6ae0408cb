#include "ui/window/banner.h"

#include "engine/capture_engine.h"

#include <QLocale>
#include <QTextDocument>

namespace synscope {

namespace {

// The href of each action's link: the banner's own, never seen nor typed by anyone else.
struct ActionHref {
    Banner::Action action;
    const char* href;
};
constexpr ActionHref kHrefs[] = {
    {Banner::Action::Save, "save"},
    {Banner::Action::Discard, "discard"},
    {Banner::Action::LoadNewPackets, "load-new"},
    {Banner::Action::Reopen, "reopen"},
    {Banner::Action::DismissRootNote, "dismiss-root-note"},
};

} // namespace

Banner::Banner(QWidget* parent) : QLabel(parent)
{
    setObjectName(QStringLiteral("banner"));
    setWordWrap(true);
    setTextFormat(Qt::PlainText);
    connect(this, &QLabel::linkActivated, this, &Banner::linkActivated);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    setContentsMargins(8, 4, 8, 4);
    hide();
}

void Banner::showNote(const QString& text, bool error)
{
    setTextFormat(Qt::PlainText);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    setText(text);
    setStyleSheet(error ? QStringLiteral("QLabel { background: #f8d0d0; color: #5a0000; }")
                        : QStringLiteral("QLabel { background: #fff2b8; color: #4a3800; }"));
    show();
}

void Banner::showActions(const QString& html)
{
    setTextFormat(Qt::RichText);
    // Its links are what it is for: they must answer the mouse (and Tab), the text stays selectable.
    setTextInteractionFlags(Qt::TextBrowserInteraction);
    setText(html);
    setStyleSheet(QStringLiteral("QLabel { background: #dcebfb; color: #0b2a4a; }"));
    show();
}

void Banner::showLoadOutcome(const LoadResult& result)
{
    switch (result.outcome) {
    case LoadResult::Outcome::Truncated:
        showActions(tr("This capture was cut short (tcpdump may still have been writing it): every complete packet is "
                       "shown. %1 &nbsp; %2")
                        .arg(result.message.toHtmlEscaped(), link(Action::LoadNewPackets, tr("Look for new packets"))));
        break;
    case LoadResult::Outcome::Damaged:
        showNote(tr("The capture is damaged; the packets before the damage are shown. %1").arg(result.message), true);
        break;
    case LoadResult::Outcome::Cancelled:
        // Chosen by count: Qt's %n plural reads "packet(s)" without an English translation loaded.
        showNote(result.packets == 1 ? tr("Loading was cancelled: 1 packet loaded.")
                                     : tr("Loading was cancelled: %1 packets loaded.").arg(result.packets),
                 false);
        break;
    case LoadResult::Outcome::Complete:
        if (!result.notes.isEmpty())
            showNote(tr("Some parts of the file could not be read: %1").arg(result.notes.join(QStringLiteral("; "))), false);
        break;
    }
}

void Banner::showFilterProblem(const QString& message)
{
    showNote(tr("The filter cannot be applied: %1").arg(message), true);
}

void Banner::showFileReplaced(const QString& fileName)
{
    showActions(tr("%1 was replaced or shortened on disk; what is shown is the file as it was. %2")
                    .arg(fileName.toHtmlEscaped(), link(Action::Reopen, tr("Open it again"))));
}

void Banner::showFileGrew(const QString& fileName, quint64 bytes)
{
    showActions(tr("%1 has grown by %2 since it was loaded (tcpdump may still be writing it). %3")
                    .arg(fileName.toHtmlEscaped(), QLocale().formattedDataSize(static_cast<qint64>(bytes)),
                         link(Action::LoadNewPackets, tr("Load the new packets"))));
}

void Banner::showCaptureFailure(const QString& failure)
{
    showNote(tr("The capture stopped because of a problem: %1. Every packet before it is kept.").arg(failure), true);
}

void Banner::showUnsavedCapture()
{
    showActions(tr("The capture is in a temporary file. %1 &nbsp; %2")
                    .arg(link(Action::Save, tr("Save it…")), link(Action::Discard, tr("Discard it…"))));
}

void Banner::showRecoveredCapture()
{
    showActions(tr("This capture was recovered from a session that ended unexpectedly. %1 &nbsp; %2")
                    .arg(link(Action::Save, tr("Save it…")), link(Action::Discard, tr("Discard it…"))));
}

void Banner::showRootNote(const QString& executable)
{
    showActions(tr("SynScope is running as root. Capturing works, but the safer way is to run it as yourself and give "
                   "only the capture rights to the program: <code>sudo setcap cap_net_raw,cap_net_admin=eip %1</code>. "
                   "&nbsp; %2")
                    .arg(executable.toHtmlEscaped(), link(Action::DismissRootNote, tr("Don't show this again"))));
}

QString Banner::link(Action action, const QString& text)
{
    for (const ActionHref& h : kHrefs)
        if (h.action == action)
            return QStringLiteral("<a href=\"%1\">%2</a>").arg(QLatin1String(h.href), text);
    return text;
}

QString Banner::plainText() const
{
    if (!isVisible())
        return {};
    if (textFormat() != Qt::RichText)
        return text();
    QTextDocument doc;
    doc.setHtml(text());
    return doc.toPlainText();
}

void Banner::trigger(Action action) { emit actionTriggered(action); }

void Banner::linkActivated(const QString& href)
{
    for (const ActionHref& h : kHrefs)
        if (href == QLatin1String(h.href))
            trigger(h.action);
}

} // namespace synscope
