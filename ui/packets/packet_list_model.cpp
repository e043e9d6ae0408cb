#include "ui/packets/packet_list_model.h"

#include "decode/text/tcpdump_text.h"
#include "store/frame_decoder.h"

#include <QDateTime>
#include <QFont>
#include <QTimeZone>
#include <algorithm>

namespace synscope {

PacketListModel::PacketListModel(QObject* parent) : QAbstractTableModel(parent) { cache_.setMaxCost(4000); }

void PacketListModel::setStore(std::shared_ptr<const PacketStore> store)
{
    beginResetModel();
    store_ = std::move(store);
    loaded_ = 0;
    filtered_ = ordered_ = false;
    rows_.clear();
    marks_.clear();
    cache_.clear();
    endResetModel();
}

void PacketListModel::clear() { setStore(nullptr); }

void PacketListModel::setLoadedCount(std::size_t count)
{
    if (count <= loaded_)
        return;
    const std::size_t before = loaded_;
    if (filtered_ || ordered_) {
        loaded_ = count;
        return;
    }
    beginInsertRows({}, static_cast<int>(before), static_cast<int>(count - 1));
    loaded_ = count;
    endInsertRows();
}

void PacketListModel::setFilterRows(const std::vector<std::uint32_t>* rows, bool reset)
{
    if (reset) {
        beginResetModel();
        filtered_ = true;
        ordered_ = false;
        rows_ = rows ? *rows : std::vector<std::uint32_t>{};
        endResetModel();
        return;
    }
    if (!filtered_ || !rows || rows->empty())
        return;
    const int first = static_cast<int>(rows_.size());
    beginInsertRows({}, first, first + static_cast<int>(rows->size()) - 1);
    rows_.insert(rows_.end(), rows->begin(), rows->end());
    endInsertRows();
}

void PacketListModel::showAll()
{
    beginResetModel();
    filtered_ = ordered_ = false;
    rows_.clear();
    rows_.shrink_to_fit();
    endResetModel();
}

void PacketListModel::setRowOrder(std::vector<std::uint32_t> rows)
{
    beginResetModel();
    ordered_ = true;
    rows_ = std::move(rows);
    endResetModel();
}

std::size_t PacketListModel::packetAt(int row) const
{
    return (filtered_ || ordered_) ? rows_[static_cast<std::size_t>(row)] : static_cast<std::size_t>(row);
}

int PacketListModel::rowOf(std::size_t packetIndex) const
{
    if (!filtered_ && !ordered_)
        return packetIndex < loaded_ ? static_cast<int>(packetIndex) : -1;
    if (!ordered_) {
        auto it = std::lower_bound(rows_.begin(), rows_.end(), static_cast<std::uint32_t>(packetIndex));
        return it != rows_.end() && *it == packetIndex ? static_cast<int>(it - rows_.begin()) : -1;
    }
    auto it = std::find(rows_.begin(), rows_.end(), static_cast<std::uint32_t>(packetIndex));
    return it != rows_.end() ? static_cast<int>(it - rows_.begin()) : -1;
}

void PacketListModel::invalidateCache()
{
    cache_.clear();
    if (rowCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void PacketListModel::setTimeFormat(TimeFormat f)
{
    timeFormat_ = f;
    invalidateCache();
}

void PacketListModel::setInfoStyle(InfoStyle s)
{
    infoStyle_ = s;
    invalidateCache();
}

void PacketListModel::toggleMark(std::size_t packetIndex)
{
    const auto key = static_cast<quint32>(packetIndex);
    if (!marks_.remove(key))
        marks_.insert(key);
    const int row = rowOf(packetIndex);
    if (row >= 0)
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void PacketListModel::clearMarks()
{
    marks_.clear();
    invalidateCache();
}

int PacketListModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid() || !store_)
        return 0;
    return static_cast<int>((filtered_ || ordered_) ? rows_.size() : loaded_);
}

int PacketListModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

const PacketListModel::Row& PacketListModel::rowFor(std::size_t i) const
{
    if (Row* cached = cache_.object(static_cast<quint32>(i)))
        return *cached;
    auto row = std::make_unique<Row>();
    FrameDecoder frame(*store_);
    const PacketSummary& summary = frame.summarize(i);
    row->cells[NumberColumn] = QString::number(i + 1);
    row->cells[SourceColumn] = QString::fromStdString(summary.source);
    row->cells[DestinationColumn] = QString::fromStdString(summary.destination);
    row->cells[ProtocolColumn] = QString::fromStdString(summary.protocol);
    row->cells[LengthColumn] = QString::number(store_->record(i).originalLength);
    if (infoStyle_ == InfoStyle::Tcpdump) {
        std::string text;
        TcpdumpFormatter formatter(TcpdumpNumbers::AnalysisRelative);
        formatter.appendText(frame.packet(), frame.bytes(), frame.context(), text);
        row->cells[InfoColumn] = QString::fromStdString(text);
    } else {
        row->cells[InfoColumn] = QString::fromStdString(summary.info);
    }
    row->category = categorize(frame.packet(), store_->tcpRecord(i));
    Row* raw = row.release();
    cache_.insert(static_cast<quint32>(i), raw);
    return *raw;
}

QString PacketListModel::timeText(std::size_t i, int displayRow) const
{
    const Timestamp t = store_->reader().timestamp(store_->record(i));
    auto seconds = [](std::int64_t ns) {
        return QString::asprintf("%s%lld.%06lld", ns < 0 ? "-" : "", static_cast<long long>(std::llabs(ns) / 1000000000),
                                 static_cast<long long>((std::llabs(ns) % 1000000000) / 1000));
    };
    switch (timeFormat_) {
    case TimeFormat::SinceStart: return seconds(t.minusNs(store_->firstTimestamp()));
    case TimeFormat::SincePrevious: {
        if (displayRow <= 0)
            return seconds(0);
        const Timestamp prev = store_->reader().timestamp(store_->record(packetAt(displayRow - 1)));
        return seconds(t.minusNs(prev));
    }
    case TimeFormat::Epoch: return QString::asprintf("%lld.%06u", static_cast<long long>(t.seconds), t.nanoseconds / 1000);
    case TimeFormat::TimeOfDay: {
        const QDateTime dt = QDateTime::fromSecsSinceEpoch(t.seconds);
        return dt.toString(QStringLiteral("HH:mm:ss")) + QString::asprintf(".%06u", t.nanoseconds / 1000);
    }
    }
    return {};
}

QString PacketListModel::cellText(std::size_t packetIndex, int column) const
{
    if (!store_ || packetIndex >= loaded_)
        return {};
    if (column == TimeColumn)
        return timeText(packetIndex, rowOf(packetIndex));
    return rowFor(packetIndex).cells[column];
}

QVariant PacketListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || !store_ || index.row() >= rowCount())
        return {};
    const std::size_t i = packetAt(index.row());
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == TimeColumn)
            return timeText(i, index.row());
        return rowFor(i).cells[index.column()];
    case Qt::ToolTipRole:
        if (index.column() == InfoColumn)
            return rowFor(i).cells[InfoColumn];
        return {};
    case Qt::BackgroundRole:
        if (isMarked(i))
            return QColor(Qt::black);
        if (const QColor c = styleOf(rowFor(i).category).background; c.isValid())
            return c;
        return {};
    case Qt::ForegroundRole:
        if (isMarked(i))
            return QColor(Qt::white);
        if (const QColor c = styleOf(rowFor(i).category).foreground; c.isValid())
            return c;
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == NumberColumn || index.column() == LengthColumn || index.column() == TimeColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    case PacketIndexRole: return static_cast<qulonglong>(i);
    case CategoryRole: return static_cast<int>(rowFor(i).category);
    case MarkedRole: return isMarked(i);
    default: return {};
    }
}

QVariant PacketListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NumberColumn: return tr("No.");
    case TimeColumn: return tr("Time");
    case SourceColumn: return tr("Source");
    case DestinationColumn: return tr("Destination");
    case ProtocolColumn: return tr("Protocol");
    case LengthColumn: return tr("Length");
    case InfoColumn: return tr("Info");
    default: return {};
    }
}

} // namespace synscope
