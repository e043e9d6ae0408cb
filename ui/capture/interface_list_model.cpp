#include "ui/capture/interface_list_model.h"

#include <QDateTime>
#include <QStringList>
#include <algorithm>

namespace synscope {

namespace {

// Interfaces people capture on come first: up and running real ones, then "any", then loopback,
// then the rest (down, or pseudo-devices such as nflog and dbus).
int rank(const CaptureDevice& d)
{
    if (d.name == "any")
        return 1;
    if (d.loopback)
        return 2;
    if (d.up && d.running)
        return 0;
    return 3;
}

} // namespace

InterfaceListModel::InterfaceListModel(QObject* parent) : QAbstractListModel(parent)
{
    refresh();
    connect(&timer_, &QTimer::timeout, this, &InterfaceListModel::sample);
    timer_.start(1000);
    sample();
}

void InterfaceListModel::refresh()
{
    std::string error;
    std::vector<CaptureDevice> devices = listCaptureDevices(error);
    std::stable_sort(devices.begin(), devices.end(),
                     [](const CaptureDevice& a, const CaptureDevice& b) { return rank(a) < rank(b); });
    beginResetModel();
    devices_ = std::move(devices);
    error_ = QString::fromStdString(error);
    endResetModel();
}

void InterfaceListModel::sample()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const double seconds = lastSampleMs_ ? static_cast<double>(now - lastSampleMs_) / 1000.0 : 0.0;
    lastSampleMs_ = now;
    std::uint64_t anyPackets = 0;
    bool anySeen = false;
    for (const InterfaceCounters& c : readInterfaceCounters()) {
        anyPackets += c.packets;
        anySeen = true;
        auto last = lastPackets_.find(c.name);
        if (last != lastPackets_.end() && seconds > 0) {
            QVector<double>& h = history_[c.name];
            h.append(static_cast<double>(c.packets - std::min(c.packets, last->second)) / seconds);
            if (h.size() > kHistoryLength)
                h.remove(0, h.size() - kHistoryLength);
        }
        lastPackets_[c.name] = c.packets;
    }
    // "any" sees the traffic of every interface.
    if (anySeen) {
        auto last = lastPackets_.find("any");
        if (last != lastPackets_.end() && seconds > 0) {
            QVector<double>& h = history_["any"];
            h.append(static_cast<double>(anyPackets - std::min(anyPackets, last->second)) / seconds);
            if (h.size() > kHistoryLength)
                h.remove(0, h.size() - kHistoryLength);
        }
        lastPackets_["any"] = anyPackets;
    }
    if (!devices_.empty())
        emit dataChanged(index(0), index(rowCount() - 1), {HistoryRole, Qt::ToolTipRole});
}

int InterfaceListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(devices_.size());
}

int InterfaceListModel::rowOfName(const QString& name) const
{
    const std::string n = name.toStdString();
    for (std::size_t i = 0; i < devices_.size(); ++i)
        if (devices_[i].name == n)
            return static_cast<int>(i);
    return -1;
}

QVariant InterfaceListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const CaptureDevice& d = devices_[static_cast<std::size_t>(index.row())];
    QStringList addresses;
    for (const std::string& a : d.addresses)
        addresses << QString::fromStdString(a);
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: return QString::fromStdString(d.name);
    case AddressesRole: return addresses.join(QStringLiteral(", "));
    case UsableRole: return d.up;
    case HistoryRole: {
        const auto h = history_.find(d.name);
        return QVariant::fromValue(h == history_.end() ? QVector<double>() : h->second);
    }
    case Qt::ToolTipRole: {
        QStringList lines;
        lines << QString::fromStdString(d.name);
        if (!d.description.empty())
            lines << QString::fromStdString(d.description);
        if (!addresses.isEmpty())
            lines << addresses.join(QStringLiteral("\n"));
        QStringList state;
        if (d.up)
            state << tr("up");
        else
            state << tr("down");
        if (d.running)
            state << tr("running");
        if (d.loopback)
            state << tr("loopback");
        if (d.wireless)
            state << tr("wireless");
        lines << state.join(QStringLiteral(", "));
        const auto h = history_.find(d.name);
        if (h != history_.end() && !h->second.isEmpty())
            lines << tr("%1 packets/s now").arg(h->second.last(), 0, 'f', 0);
        return lines.join(QLatin1Char('\n'));
    }
    default: return {};
    }
}

} // namespace synscope
