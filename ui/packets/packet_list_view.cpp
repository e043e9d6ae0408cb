#include "ui/packets/packet_list_view.h"

#include "ui/packets/packet_search.h"
#include "ui/packets/packet_sorter.h"

#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <algorithm>

namespace synscope {

PacketListView::PacketListView(PacketListModel* model, QWidget* parent) : QTableView(parent), model_(model)
{
    setObjectName(QStringLiteral("packetList"));
    setModel(model_);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setShowGrid(false);
    setWordWrap(false);
    setAlternatingRowColors(false);
    verticalHeader()->hide();
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    horizontalHeader()->setStretchLastSection(true);
    horizontalHeader()->setSortIndicatorShown(false);
    horizontalHeader()->setSectionsClickable(true);
    setContextMenuPolicy(Qt::CustomContextMenu);
    setAccessibleName(tr("Packet list"));
    setColumnWidths();
    connect(selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] { emit currentPacketChanged(selectedPacket()); });
    connect(horizontalHeader(), &QHeaderView::sectionClicked, this, &PacketListView::headerClicked);
}

void PacketListView::setColumnWidths()
{
    const QFontMetrics fm = fontMetrics();
    const auto widthOf = [&fm](const char* sample, int padding) {
        return fm.horizontalAdvance(QLatin1String(sample)) + padding;
    };
    setColumnWidth(PacketListModel::NumberColumn, widthOf("0000000", 8));
    setColumnWidth(PacketListModel::TimeColumn, widthOf("0000.000000", 12));
    setColumnWidth(PacketListModel::SourceColumn, widthOf("2001:db8:ffff::ffff", 12));
    setColumnWidth(PacketListModel::DestinationColumn, widthOf("2001:db8:ffff::ffff", 12));
    setColumnWidth(PacketListModel::ProtocolColumn, widthOf("ICMPv6", 16));
    setColumnWidth(PacketListModel::LengthColumn, widthOf("Length", 16));
}

void PacketListView::headerClicked(int column)
{
    const QHeaderView* h = horizontalHeader();
    const bool same = h->isSortIndicatorShown() && h->sortIndicatorSection() == column;
    emit sortRequested(column, same && h->sortIndicatorOrder() == Qt::AscendingOrder ? Qt::DescendingOrder
                                                                                     : Qt::AscendingOrder);
}

std::size_t PacketListView::selectedPacket() const
{
    const QModelIndex current = currentIndex();
    if (!current.isValid() || current.row() >= model_->rowCount())
        return SIZE_MAX;
    return model_->packetAt(current.row());
}

std::vector<std::uint32_t> PacketListView::selectedPackets() const
{
    std::vector<std::uint32_t> packets;
    for (const QModelIndex& r : selectionModel()->selectedRows())
        packets.push_back(static_cast<std::uint32_t>(model_->packetAt(r.row())));
    std::sort(packets.begin(), packets.end());
    return packets;
}

std::vector<std::uint32_t> PacketListView::displayedPackets() const
{
    std::vector<std::uint32_t> rows(static_cast<std::size_t>(model_->rowCount()));
    for (std::size_t r = 0; r < rows.size(); ++r)
        rows[r] = static_cast<std::uint32_t>(model_->packetAt(static_cast<int>(r)));
    return rows;
}

void PacketListView::showRow(int row)
{
    const QModelIndex index = model_->index(row, 0);
    setCurrentIndex(index);
    scrollTo(index, QAbstractItemView::PositionAtCenter);
}

void PacketListView::selectFrame(quint64 frame)
{
    if (frame == 0)
        return;
    const int row = model_->rowOf(frame - 1);
    if (row < 0) {
        emit frameNotListed(frame);
        return;
    }
    showRow(row);
}

void PacketListView::showLoadedPackets(quint64 packets)
{
    model_->setLoadedCount(packets);
    if (pendingFrame_ && pendingFrame_ <= packets && !model_->isFiltered()) {
        selectFrame(std::exchange(pendingFrame_, 0));
    } else if (!pendingFrame_ && selectsFirstPacket_ && currentIndex().row() < 0 && model_->rowCount() > 0) {
        setCurrentIndex(model_->index(0, 0));
    }
}

void PacketListView::showFilterRows(const PacketRows& rows, bool reset)
{
    const std::size_t keep = selectedPacket();
    if (reset && !rows)
        model_->showAll();
    else
        model_->setFilterRows(rows.get(), reset);
    if (reset && keep != SIZE_MAX) {
        const int row = model_->rowOf(keep);
        if (row >= 0)
            showRow(row);
        else if (model_->rowCount() > 0)
            setCurrentIndex(model_->index(0, 0));
        else
            emit currentPacketChanged(SIZE_MAX); // nothing listed: nothing to detail
    }
    if (pendingFrame_ && pendingFrame_ <= model_->loadedCount())
        selectFrame(std::exchange(pendingFrame_, 0));
}

void PacketListView::showAllPackets()
{
    const std::size_t keep = selectedPacket();
    model_->showAll();
    if (keep != SIZE_MAX)
        selectFrame(keep + 1);
}

void PacketListView::loadEnded()
{
    if (pendingFrame_)
        selectFrame(std::exchange(pendingFrame_, 0));
}

void PacketListView::toggleMarks()
{
    for (const QModelIndex& r : selectionModel()->selectedRows())
        model_->toggleMark(model_->packetAt(r.row()));
}

void PacketListView::nextMark()
{
    const int n = model_->rowCount();
    for (int k = 1; k <= n; ++k) {
        const int row = (currentIndex().row() + k) % n;
        if (model_->isMarked(model_->packetAt(row))) {
            setCurrentIndex(model_->index(row, 0));
            return;
        }
    }
}

void PacketListView::previousMark()
{
    const int n = model_->rowCount();
    for (int k = 1; k <= n; ++k) {
        const int row = ((currentIndex().row() - k) % n + n) % n;
        if (model_->isMarked(model_->packetAt(row))) {
            setCurrentIndex(model_->index(row, 0));
            return;
        }
    }
}

void PacketListView::copySummary() const
{
    const std::size_t i = selectedPacket();
    if (i == SIZE_MAX)
        return;
    QStringList cells;
    for (int c = 0; c < PacketListModel::ColumnCount; ++c)
        cells << model_->cellText(i, c);
    QApplication::clipboard()->setText(cells.join(QLatin1Char('\t')));
}

void PacketListView::sortBy(int column, Qt::SortOrder order)
{
    const std::size_t keep = selectedPacket();
    sort_.start(
        this,
        [store = model_->store(), rows = displayedPackets(), column, order](const std::atomic<bool>& cancel) mutable {
            return sortPackets(*store, std::move(rows), column, order == Qt::DescendingOrder, cancel);
        },
        [this, column, order, keep](std::vector<std::uint32_t> sortedRows) {
            model_->setRowOrder(std::move(sortedRows));
            horizontalHeader()->setSortIndicatorShown(true);
            horizontalHeader()->setSortIndicator(column, order);
            if (keep != SIZE_MAX)
                selectFrame(keep + 1);
            emit sorted();
        });
}

void PacketListView::clearSortIndicator() { horizontalHeader()->setSortIndicatorShown(false); }

void PacketListView::findNext(const QString& text)
{
    search_.start(
        this,
        [store = model_->store(), rows = displayedPackets(), startRow = currentIndex().row() + 1,
         needle = text.toLower().toStdString()](const std::atomic<bool>& cancel) {
            return findPacketRow(*store, rows, startRow, needle, cancel);
        },
        [this](int found) {
            if (found >= 0)
                showRow(found);
            emit searched(found >= 0);
        });
}

} // namespace synscope
