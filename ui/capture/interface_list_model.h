#pragma once
// The interfaces a capture can run on (libpcap's list), each with its recent traffic in packets per
// second, sampled from /proc/net/dev once a second (no capture rights needed) for the sparklines.
#include "live/interfaces.h"

#include <QAbstractListModel>
#include <QTimer>
#include <QVector>
#include <map>
#include <string>
#include <vector>

namespace synscope {

class InterfaceListModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role {
        NameRole = Qt::UserRole + 1, // QString: "eth0"
        HistoryRole,                 // QVector<double>: packets/s, oldest first
        AddressesRole,               // QString: "192.0.2.10/24, fe80::1/64"
        UsableRole,                  // bool: up (a down interface cannot capture)
    };
    static constexpr int kHistoryLength = 40;

    explicit InterfaceListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;

    // Lists the interfaces again (libpcap); keeps the traffic history of those still there.
    void refresh();
    // The message when libpcap could not list them ("" otherwise).
    QString error() const { return error_; }
    int rowOfName(const QString& name) const;
    const CaptureDevice& device(int row) const { return devices_[static_cast<std::size_t>(row)]; }

private:
    void sample();

    std::vector<CaptureDevice> devices_;
    QString error_;
    std::map<std::string, QVector<double>> history_;
    std::map<std::string, std::uint64_t> lastPackets_;
    qint64 lastSampleMs_ = 0;
    QTimer timer_;
};

} // namespace synscope
