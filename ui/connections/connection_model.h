#pragma once
// One row per TCP connection: who talked to whom, how it opened and closed, who closed it, how much.
#include "engine/connection_row.h"

#include <QAbstractTableModel>
#include <QVector>

namespace synscope {

class ConnectionModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { StreamColumn, ClientColumn, ServerColumn, OpenColumn, CloseColumn, ClosedByColumn, PacketsColumn,
                  BytesColumn, DurationColumn, ColumnCount };
    enum Role { StreamRole = Qt::UserRole + 1, SortRole };

    explicit ConnectionModel(QObject* parent = nullptr);
    void clear();
    // New connections and changes to known ones (rows arrive by stream number).
    void update(const QVector<ConnectionRow>& rows);
    const ConnectionRow* row(int r) const { return r >= 0 && r < rows_.size() ? &rows_[r] : nullptr; }
    int rowOfStream(std::uint32_t stream) const { return stream < static_cast<std::uint32_t>(rows_.size()) ? int(stream) : -1; }

    // "three-way handshake", "refused (RST)" ...: the words of the panel, translated.
    static QString openText(OpenKind k);
    static QString closeText(CloseKind k);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QVector<ConnectionRow> rows_;
};

} // namespace synscope
