// GraphPlot's words: series names, the value axis label and the title (translated).
#include "ui/plot/graph_plot.h"

#include <cmath>

namespace synscope {

QString GraphPlot::seriesName(const graphs::Series& s)
{
    if (!s.name.empty())
        return QString::fromStdString(s.name);
    const std::string& id = s.id;
    if (id == "segments")
        return tr("Segments");
    if (id == "sack")
        return tr("SACK blocks");
    if (id == "ack")
        return tr("ACK");
    if (id == "window")
        return tr("Receive window edge");
    if (id == "syn")
        return tr("SYN");
    if (id == "fin")
        return tr("FIN");
    if (id == "rst")
        return tr("RST");
    if (id == "retransmission")
        return tr("Retransmission");
    if (id == "duplicate_ack")
        return tr("Duplicate ACK");
    if (id == "zero_window")
        return tr("Zero window");
    if (id == "throughput")
        return tr("Throughput");
    if (id == "goodput")
        return tr("Goodput");
    if (id == "rtt")
        return tr("RTT");
    if (id == "receive_window")
        return tr("Receive window");
    if (id == "bytes_in_flight")
        return tr("Bytes in flight");
    if (id == "connection_open")
        return tr("Connection opened");
    if (id == "connection_close")
        return tr("Connection closed");
    return QString::fromStdString(id);
}

namespace {

QString intervalText(double seconds)
{
    if (seconds >= 60 && std::fmod(seconds, 60) == 0)
        return GraphPlot::tr("%1 min").arg(seconds / 60);
    if (seconds >= 1)
        return GraphPlot::tr("%1 s").arg(seconds);
    return GraphPlot::tr("%1 ms").arg(seconds * 1000);
}

} // namespace

QString GraphPlot::valueLabel(const graphs::GraphData& g)
{
    switch (g.unit) {
    case graphs::ValueUnit::SequenceNumber:
        return tr("Relative sequence number (bytes)");
    case graphs::ValueUnit::BitsPerSecond:
        return tr("Bits per second");
    case graphs::ValueUnit::Milliseconds:
        return tr("Round-trip time (ms)");
    case graphs::ValueUnit::Bytes:
        return tr("Bytes");
    case graphs::ValueUnit::Packets:
        return tr("Packets per %1").arg(intervalText(g.intervalSeconds));
    case graphs::ValueUnit::BytesPerInterval:
        return tr("Bytes per %1").arg(intervalText(g.intervalSeconds));
    case graphs::ValueUnit::BitsPerInterval:
        return tr("Bits per %1").arg(intervalText(g.intervalSeconds));
    }
    return QString();
}

void GraphPlot::updateTitle()
{
    QString t = customTitle_;
    if (t.isEmpty() && graph_) {
        const graphs::GraphData& g = *graph_;
        const QString who = tr("stream %1: %2 → %3")
                                .arg(g.stream)
                                .arg(QString::fromStdString(g.sender), QString::fromStdString(g.receiver));
        switch (g.type) {
        case graphs::GraphType::Stevens:
            t = tr("Sequence numbers (Stevens) — %1").arg(who);
            break;
        case graphs::GraphType::Throughput:
            t = tr("Throughput and goodput — %1").arg(who);
            break;
        case graphs::GraphType::Rtt:
            t = tr("Round-trip time — %1").arg(who);
            break;
        case graphs::GraphType::Window:
            t = tr("Window and bytes in flight — %1").arg(who);
            break;
        case graphs::GraphType::Io:
            t = tr("I/O graph — %1 intervals").arg(intervalText(g.intervalSeconds));
            break;
        }
    }
    titleElement_->setText(t);
}

} // namespace synscope
