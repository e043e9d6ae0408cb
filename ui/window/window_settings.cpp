#include "ui/window/window_settings.h"

#include <QFileInfo>
#include <QGuiApplication>
#include <QHeaderView>
#include <QMainWindow>
#include <QScreen>
#include <QSplitter>

namespace synscope {

namespace {
constexpr int kMaxRecentFiles = 10;
constexpr double kFirstStartShare = 0.8; // of the screen's available width and height
} // namespace

void WindowSettings::restoreLayout(const Layout& layout)
{
    const QByteArray geometry = settings_.value(QStringLiteral("window/geometry")).toByteArray();
    if (geometry.isEmpty() || !layout.window->restoreGeometry(geometry))
        placeForFirstStart(*layout.window);
    layout.window->restoreState(settings_.value(QStringLiteral("window/state")).toByteArray());
    layout.mainSplitter->restoreState(settings_.value(QStringLiteral("window/splitter")).toByteArray());
    layout.detailsSplitter->restoreState(settings_.value(QStringLiteral("window/detailsSplitter")).toByteArray());
    const QByteArray header = settings_.value(QStringLiteral("packetList/header")).toByteArray();
    if (!header.isEmpty())
        layout.packetHeader->restoreState(header);
    // The columns' widths and order are remembered, not a sort: a capture opens in capture order.
    layout.packetHeader->setSortIndicatorShown(false);
    const QByteArray connectionHeader = settings_.value(QStringLiteral("connections/header")).toByteArray();
    if (!connectionHeader.isEmpty())
        layout.connectionHeader->restoreState(connectionHeader);
}

void WindowSettings::saveLayout(const Layout& layout)
{
    settings_.setValue(QStringLiteral("window/geometry"), layout.window->saveGeometry());
    settings_.setValue(QStringLiteral("window/state"), layout.window->saveState());
    settings_.setValue(QStringLiteral("window/splitter"), layout.mainSplitter->saveState());
    settings_.setValue(QStringLiteral("window/detailsSplitter"), layout.detailsSplitter->saveState());
    settings_.setValue(QStringLiteral("packetList/header"), layout.packetHeader->saveState());
    settings_.setValue(QStringLiteral("connections/header"), layout.connectionHeader->saveState());
}

QStringList WindowSettings::filterHistory() const
{
    return settings_.value(QStringLiteral("filter/history")).toStringList();
}

void WindowSettings::setFilterHistory(const QStringList& history)
{
    settings_.setValue(QStringLiteral("filter/history"), history);
}

int WindowSettings::timeFormat() const { return settings_.value(QStringLiteral("packetList/timeFormat"), 0).toInt(); }

int WindowSettings::infoStyle() const { return settings_.value(QStringLiteral("packetList/infoStyle"), 0).toInt(); }

void WindowSettings::setListStyle(int timeFormat, int infoStyle)
{
    settings_.setValue(QStringLiteral("packetList/timeFormat"), timeFormat);
    settings_.setValue(QStringLiteral("packetList/infoStyle"), infoStyle);
}

QStringList WindowSettings::recentFiles() const
{
    return settings_.value(QStringLiteral("recentFiles")).toStringList();
}

void WindowSettings::addRecentFile(const QString& path)
{
    QStringList recent = recentFiles();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > kMaxRecentFiles)
        recent.removeLast();
    settings_.setValue(QStringLiteral("recentFiles"), recent);
}

bool WindowSettings::rootNoteDismissed() const
{
    return settings_.value(QStringLiteral("notes/rootCaptureDismissed")).toBool();
}

void WindowSettings::dismissRootNote() { settings_.setValue(QStringLiteral("notes/rootCaptureDismissed"), true); }

void WindowSettings::placeForFirstStart(QWidget& window)
{
    const QScreen* screen = window.screen() ? window.screen() : QGuiApplication::primaryScreen();
    if (!screen)
        return;
    const QRect available = screen->availableGeometry();
    // Never below what the window's contents need (a small screen: the menus and toolbar still fit).
    QRect frame(QPoint(), (available.size() * kFirstStartShare).expandedTo(window.minimumSizeHint()));
    frame.moveCenter(available.center());
    window.resize(frame.size());
    window.move(frame.topLeft());
}

} // namespace synscope
