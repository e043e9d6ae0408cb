#pragma once
// What the window remembers between sessions (QSettings): its geometry and dock layout, the splitters, the
// columns of both lists, the display-filter history, the time format and Info style, the recent files, and
// whether the note for users running as root was dismissed. On a first start, with nothing remembered,
// the window takes about 80 % of the screen's available area, centred.
#include <QSettings>
#include <QStringList>

class QHeaderView;
class QMainWindow;
class QSplitter;
class QWidget;

namespace synscope {

class WindowSettings {
public:
    // The parts of the window whose layout is remembered.
    struct Layout {
        QMainWindow* window = nullptr;
        QSplitter* mainSplitter = nullptr;    // packet list above the details
        QSplitter* detailsSplitter = nullptr; // tree beside the bytes
        QHeaderView* packetHeader = nullptr;
        QHeaderView* connectionHeader = nullptr;
    };

    void restoreLayout(const Layout& layout);
    void saveLayout(const Layout& layout);

    QStringList filterHistory() const;
    void setFilterHistory(const QStringList& history);
    // PacketListModel::TimeFormat and InfoStyle, as numbers.
    int timeFormat() const;
    int infoStyle() const;
    void setListStyle(int timeFormat, int infoStyle);

    // Most recent first, at most ten.
    QStringList recentFiles() const;
    void addRecentFile(const QString& path);

    bool rootNoteDismissed() const;
    void dismissRootNote();

    // About 80 % of the available area of the window's screen (at least its minimum size), centred on it.
    static void placeForFirstStart(QWidget& window);

private:
    QSettings settings_;
};

} // namespace synscope
