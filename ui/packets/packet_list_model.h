#pragma once
// The packet list: every packet, or the rows of the display filter, decoded on demand when a row is
// painted (a small cache keeps the rows on screen), never all at once.
#include "engine/capture_engine.h"
#include "ui/packets/packet_category.h"

#include <QAbstractTableModel>
#include <QCache>
#include <QSet>
#include <memory>
#include <vector>

namespace synscope {

class PacketListModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { NumberColumn, TimeColumn, SourceColumn, DestinationColumn, ProtocolColumn, LengthColumn,
                  InfoColumn, ColumnCount };
    enum class TimeFormat { SinceStart, TimeOfDay, SincePrevious, Epoch };
    enum class InfoStyle { Wireshark, Tcpdump };
    enum Role { PacketIndexRole = Qt::UserRole + 1, CategoryRole, MarkedRole };

    explicit PacketListModel(QObject* parent = nullptr);

    void setStore(std::shared_ptr<const PacketStore> store);
    void clear();
    std::shared_ptr<const PacketStore> store() const { return store_; }
    // More packets loaded (unfiltered view shows them all).
    void setLoadedCount(std::size_t count);
    std::size_t loadedCount() const { return loaded_; }
    // The display filter's rows: `reset` replaces, otherwise they follow.
    void setFilterRows(const std::vector<std::uint32_t>* rows, bool reset);
    // Leaves the filtered view: every loaded packet again.
    void showAll();
    bool isFiltered() const { return filtered_; }
    // The displayed order by `column` (computed off the GUI thread by sortPermutation()).
    void setRowOrder(std::vector<std::uint32_t> rows);

    std::size_t packetAt(int row) const;
    int rowOf(std::size_t packetIndex) const; // -1 when not displayed

    void setTimeFormat(TimeFormat f);
    TimeFormat timeFormat() const { return timeFormat_; }
    void setInfoStyle(InfoStyle s);
    InfoStyle infoStyle() const { return infoStyle_; }

    void toggleMark(std::size_t packetIndex);
    bool isMarked(std::size_t packetIndex) const { return marks_.contains(static_cast<quint32>(packetIndex)); }
    const QSet<quint32>& marks() const { return marks_; }
    void clearMarks();

    // The text of one cell as the list shows it (also used by find and sorting).
    QString cellText(std::size_t packetIndex, int column) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    struct Row {
        QString cells[ColumnCount];
        PacketCategory category = PacketCategory::Plain;
    };
    const Row& rowFor(std::size_t packetIndex) const;
    QString timeText(std::size_t packetIndex, int displayRow) const;
    void invalidateCache();

    std::shared_ptr<const PacketStore> store_;
    std::size_t loaded_ = 0;
    bool filtered_ = false;
    bool ordered_ = false;
    std::vector<std::uint32_t> rows_; // displayed packet indexes when filtered or ordered
    TimeFormat timeFormat_ = TimeFormat::SinceStart;
    InfoStyle infoStyle_ = InfoStyle::Wireshark;
    QSet<quint32> marks_;
    mutable QCache<quint32, Row> cache_;
};

} // namespace synscope
