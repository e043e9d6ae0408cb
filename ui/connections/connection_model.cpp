#include "ui/connections/connection_model.h"

#include "analysis/connection_report.h"
#include "analysis/teardown_names.h"

#include <QColor>

namespace synscope {

ConnectionModel::ConnectionModel(QObject* parent) : QAbstractTableModel(parent) {}

void ConnectionModel::clear()
{
    beginResetModel();
    rows_.clear();
    endResetModel();
}

void ConnectionModel::update(const QVector<ConnectionRow>& rows)
{
    std::uint32_t highest = 0;
    for (const ConnectionRow& r : rows)
        highest = std::max(highest, r.stream + 1);
    if (highest > static_cast<std::uint32_t>(rows_.size())) {
        beginInsertRows({}, rows_.size(), static_cast<int>(highest) - 1);
        rows_.resize(static_cast<qsizetype>(highest));
        for (qsizetype i = 0; i < rows_.size(); ++i)
            rows_[i].stream = static_cast<std::uint32_t>(i);
        endInsertRows();
    }
    int lo = INT_MAX, hi = -1;
    for (const ConnectionRow& r : rows) {
        rows_[static_cast<qsizetype>(r.stream)] = r;
        lo = std::min(lo, static_cast<int>(r.stream));
        hi = std::max(hi, static_cast<int>(r.stream));
    }
    if (hi >= 0)
        emit dataChanged(index(lo, 0), index(hi, ColumnCount - 1));
}

QString ConnectionModel::openText(OpenKind k)
{
    switch (k) {
    case OpenKind::ThreeWay: return tr("three-way handshake");
    case OpenKind::SimultaneousOpen: return tr("simultaneous open");
    case OpenKind::Refused: return tr("refused (RST)");
    case OpenKind::Rejected: return tr("rejected (ICMP)");
    case OpenKind::Unanswered: return tr("unanswered SYN");
    case OpenKind::Incomplete: return tr("incomplete handshake");
    case OpenKind::NotCaptured: return tr("handshake not captured");
    }
    return {};
}

QString ConnectionModel::closeText(CloseKind k)
{
    // The texts are in analysis/teardown_names.cpp, marked there for this class's translation context.
    return tr(teardownNames(k).panel);
}

int ConnectionModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : rows_.size(); }
int ConnectionModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ConnectionModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rows_.size())
        return {};
    const ConnectionRow& r = rows_[index.row()];
    if (role == StreamRole)
        return r.stream;
    if (role == Qt::DisplayRole || role == SortRole) {
        switch (index.column()) {
        case StreamColumn: return role == SortRole ? QVariant(r.stream) : QVariant(QString::number(r.stream));
        case ClientColumn: return QString::fromStdString(r.client.toString());
        case ServerColumn: return QString::fromStdString(r.server.toString());
        case OpenColumn: return openText(r.open);
        case CloseColumn: return closeText(r.close);
        case ClosedByColumn:
            switch (r.closedBy) {
            case ClosedBy::Client: return tr("client");
            case ClosedBy::Server: return tr("server");
            case ClosedBy::Both: return tr("both");
            case ClosedBy::Nobody: return QString();
            }
            return {};
        case PacketsColumn: return role == SortRole ? QVariant(r.packets) : QVariant(QString::number(r.packets));
        case BytesColumn:
            if (role == SortRole)
                return QVariant::fromValue<qulonglong>(r.bytesClientToServer + r.bytesServerToClient);
            return tr("%1 → / %2 ←")
                .arg(QString::fromStdString(formatBytes(r.bytesClientToServer)),
                     QString::fromStdString(formatBytes(r.bytesServerToClient)));
        case DurationColumn:
            if (role == SortRole)
                return QVariant::fromValue<qlonglong>(r.durationNs);
            return QString::fromStdString(formatDuration(static_cast<double>(r.durationNs) / 1e6));
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        return tr("Stream %1: client %2 (%3), server %4 (%5); first packet %6, last %7")
            .arg(r.stream)
            .arg(QString::fromStdString(r.client.toString()), tcpStateName(r.clientState),
                 QString::fromStdString(r.server.toString()), tcpStateName(r.serverState))
            .arg(r.firstFrame)
            .arg(r.lastFrame);
    }
    if (role == Qt::ForegroundRole && (index.column() == OpenColumn || index.column() == CloseColumn)) {
        const bool bad = (index.column() == OpenColumn && (r.open == OpenKind::Refused || r.open == OpenKind::Rejected ||
                                                            r.open == OpenKind::Unanswered)) ||
                         (index.column() == CloseColumn && r.close == CloseKind::Reset);
        if (bad)
            return QColor(0xb0, 0x00, 0x00);
    }
    if (role == Qt::TextAlignmentRole && (index.column() == StreamColumn || index.column() == PacketsColumn))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant ConnectionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StreamColumn: return tr("Stream");
    case ClientColumn: return tr("Client");
    case ServerColumn: return tr("Server");
    case OpenColumn: return tr("Opened");
    case CloseColumn: return tr("Closed");
    case ClosedByColumn: return tr("Closed by");
    case PacketsColumn: return tr("Packets");
    case BytesColumn: return tr("Bytes");
    case DurationColumn: return tr("Duration");
    default: return {};
    }
}

} // namespace synscope
