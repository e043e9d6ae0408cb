#pragma once
// The packet list as the window shows it: one row per displayed packet, sized for its columns; the
// selection it keeps across filters, loads and sorts; a packet to select as soon as it is listed; marks;
// and sorting by a column and Find, both run off the GUI thread (a newer request cancels an older one).
#include "ui/packets/background_job.h"
#include "ui/packets/packet_list_model.h"

#include <QTableView>
#include <cstdint>
#include <vector>

namespace synscope {

class PacketListView : public QTableView {
    Q_OBJECT

public:
    PacketListView(PacketListModel* model, QWidget* parent = nullptr);

    PacketListModel* packetModel() const { return model_; }
    std::size_t selectedPacket() const; // SIZE_MAX when none
    std::vector<std::uint32_t> selectedPackets() const; // ascending
    std::vector<std::uint32_t> displayedPackets() const; // in display order
    // Makes `row` current and scrolls it to the middle.
    void showRow(int row);
    // Selects packet `frame` (from 1); frameNotListed() when it is filtered out or not loaded yet.
    void selectFrame(quint64 frame);

    // While a capture loads: `frame` (from 1; 0 for none) is selected as soon as it is listed, or when the
    // load ends. Without one, the first packet is selected once there, so the details are never empty.
    void selectWhenListed(quint64 frame) { pendingFrame_ = frame; }
    void setSelectsFirstPacket(bool on) { selectsFirstPacket_ = on; }
    // `packets` are loaded now.
    void showLoadedPackets(quint64 packets);
    // The display filter's rows (reset: instead of those shown; null rows with reset: every packet). The
    // selected packet stays selected when it is still listed.
    void showFilterRows(const PacketRows& rows, bool reset);
    // Every loaded packet again (a filter cleared), the selection kept.
    void showAllPackets();
    // The load ended: the packet asked for is selected now if it can be.
    void loadEnded();

    void toggleMarks(); // of the selected packets
    void nextMark();
    void previousMark();
    // The selected packet's cells, tab-separated, to the clipboard.
    void copySummary() const;

    // Orders the displayed packets by `column`; sorted() once the list shows them so.
    void sortBy(int column, Qt::SortOrder order);
    void cancelSort() { sort_.cancel(); }
    void clearSortIndicator();
    // Selects the next displayed packet after the current one whose source, destination, protocol or info
    // contains `text` (ignoring case, wrapping around); searched() tells whether there was one.
    void findNext(const QString& text);

signals:
    void currentPacketChanged(std::size_t packet); // SIZE_MAX: none
    // A click on a column's header: ascending, or descending when it was ascending already.
    void sortRequested(int column, Qt::SortOrder order);
    void sorted();
    void searched(bool found);
    void frameNotListed(quint64 frame);

private:
    void setColumnWidths();
    void headerClicked(int column);

    PacketListModel* model_;
    quint64 pendingFrame_ = 0;
    bool selectsFirstPacket_ = true;
    BackgroundJob sort_;
    BackgroundJob search_;
};

} // namespace synscope
