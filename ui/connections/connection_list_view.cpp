#include "ui/connections/connection_list_view.h"

#include <QHeaderView>
#include <QSortFilterProxyModel>

namespace synscope {

ConnectionListView::ConnectionListView(ConnectionModel* model, QWidget* parent)
    : QTableView(parent), model_(model), proxy_(new QSortFilterProxyModel(this))
{
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(ConnectionModel::SortRole);
    setObjectName(QStringLiteral("connectionList"));
    setModel(proxy_);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setSortingEnabled(true);
    sortByColumn(ConnectionModel::StreamColumn, Qt::AscendingOrder);
    verticalHeader()->hide();
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    horizontalHeader()->setStretchLastSection(true);
    setShowGrid(false);
    setAccessibleName(tr("TCP connections"));
    setColumnWidths();
    connect(selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        if (const ConnectionRow* c = selectedConnection())
            emit connectionSelected(*c);
    });
    setContextMenuPolicy(Qt::CustomContextMenu);
    connect(this, &QTableView::customContextMenuRequested, this, [this](const QPoint& pos) {
        if (const ConnectionRow* c = connectionAt(indexAt(pos)))
            emit contextMenuRequested(c->stream, viewport()->mapToGlobal(pos));
    });
}

void ConnectionListView::setColumnWidths()
{
    const QFontMetrics fm = fontMetrics();
    const auto widthOf = [&fm](const QString& sample, int padding) { return fm.horizontalAdvance(sample) + padding; };
    setColumnWidth(ConnectionModel::StreamColumn, widthOf(QStringLiteral("Stream"), 36));
    setColumnWidth(ConnectionModel::ClientColumn, widthOf(QStringLiteral("192.168.100.100:65535"), 12));
    setColumnWidth(ConnectionModel::ServerColumn, widthOf(QStringLiteral("192.168.100.100:65535"), 12));
    setColumnWidth(ConnectionModel::OpenColumn, widthOf(QStringLiteral("handshake not captured"), 12));
    setColumnWidth(ConnectionModel::CloseColumn, widthOf(QStringLiteral("three-way teardown"), 12));
    setColumnWidth(ConnectionModel::BytesColumn, widthOf(QStringLiteral("1000.0 kB → / 1000.0 kB ←"), 12));
}

const ConnectionRow* ConnectionListView::connectionAt(const QModelIndex& viewIndex) const
{
    if (!viewIndex.isValid())
        return nullptr;
    return model_->row(proxy_->mapToSource(viewIndex).row());
}

const ConnectionRow* ConnectionListView::selectedConnection() const
{
    const QModelIndexList rows = selectionModel()->selectedRows();
    return rows.isEmpty() ? nullptr : connectionAt(rows.first());
}

int ConnectionListView::rowOfStream(std::uint32_t stream) const
{
    return proxy_->mapFromSource(model_->index(model_->rowOfStream(stream), 0)).row();
}

void ConnectionListView::selectStream(std::uint32_t stream) { selectRow(rowOfStream(stream)); }

} // namespace synscope
