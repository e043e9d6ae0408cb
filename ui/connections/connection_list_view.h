#pragma once
// The TCP connections panel's list: one row per connection, sortable by any column (by value, not by
// text), sized for its columns. Choosing a row announces the connection; its context menu names one.
#include "ui/connections/connection_model.h"

#include <QTableView>

class QSortFilterProxyModel;

namespace synscope {

class ConnectionListView : public QTableView {
    Q_OBJECT

public:
    ConnectionListView(ConnectionModel* model, QWidget* parent = nullptr);

    ConnectionModel* connectionModel() const { return model_; }
    const ConnectionRow* selectedConnection() const; // null when none
    // The view's row showing TCP stream `stream`, or -1.
    int rowOfStream(std::uint32_t stream) const;
    void selectStream(std::uint32_t stream);

signals:
    void connectionSelected(const synscope::ConnectionRow& connection);
    void contextMenuRequested(std::uint32_t stream, const QPoint& globalPos);

private:
    const ConnectionRow* connectionAt(const QModelIndex& viewIndex) const;
    void setColumnWidths();

    ConnectionModel* model_;
    QSortFilterProxyModel* proxy_;
};

} // namespace synscope
