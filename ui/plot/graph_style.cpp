#include "ui/plot/graph_style.h"

#include <array>

namespace synscope {

namespace {

// Colour-blind-safe palette (Okabe–Ito), dark enough on white.
constexpr std::array<std::uint32_t, 7> kIoColors = {0x0072b2, 0xd55e00, 0x009e73, 0xcc79a7,
                                                     0xe69f00, 0x56b4e9, 0x000000};

QColor rgb(std::uint32_t c) { return QColor::fromRgb((c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff); }

SeriesLook marker(std::uint32_t color, QCPScatterStyle::ScatterShape shape, bool filled, double size = 9)
{
    SeriesLook l;
    l.color = rgb(color);
    l.marker = shape;
    l.fill = filled ? QBrush(l.color) : QBrush(Qt::NoBrush);
    l.markerSize = size;
    return l;
}

SeriesLook line(std::uint32_t color, double width = 1.5, bool dots = false)
{
    SeriesLook l;
    l.color = rgb(color);
    l.width = width;
    l.dots = dots;
    return l;
}

} // namespace

std::uint32_t ioLineColor(int n) { return kIoColors[static_cast<std::size_t>(n) % kIoColors.size()]; }

SeriesLook lookOf(const graphs::Series& s, int ioIndex)
{
    SeriesLook l;
    const std::string& id = s.id;
    if (id == "segments")
        l = line(0x1f4e9c, 1.6);
    else if (id == "sack")
        l = line(0x9a4fd0, 2.5);
    else if (id == "ack")
        l = line(0x2e8b3c, 1.5);
    else if (id == "window")
        l = line(0xc9a000, 1.5);
    else if (id == "syn")
        l = marker(0x2e8b3c, QCPScatterStyle::ssTriangle, true);
    else if (id == "fin")
        l = marker(0x1f4e9c, QCPScatterStyle::ssTriangleInverted, true);
    else if (id == "rst")
        l = marker(0xd00000, QCPScatterStyle::ssCross, false, 11);
    else if (id == "retransmission")
        l = marker(0xe02020, QCPScatterStyle::ssCircle, false, 10);
    else if (id == "duplicate_ack")
        l = marker(0xe08000, QCPScatterStyle::ssDiamond, true, 8);
    else if (id == "zero_window")
        l = marker(0xc000c0, QCPScatterStyle::ssSquare, true, 8);
    else if (id == "throughput")
        l = line(0x0072b2, 1.8);
    else if (id == "goodput")
        l = line(0x009e73, 1.8);
    else if (id == "rtt")
        l = line(0x0072b2, 1.2, true);
    else if (id == "receive_window")
        l = line(0x009e73, 1.8);
    else if (id == "bytes_in_flight")
        l = line(0xd55e00, 1.5);
    else if (id == "connection_open")
        l = marker(0x2e8b3c, QCPScatterStyle::ssTriangle, true, 8);
    else if (id == "connection_close")
        l = marker(0xd00000, QCPScatterStyle::ssTriangleInverted, true, 8);
    else
        l = line(ioLineColor(ioIndex), 1.6);
    if (s.color != 0) {
        l.color = rgb(s.color);
        if (l.fill.style() != Qt::NoBrush)
            l.fill = QBrush(l.color);
    }
    return l;
}

} // namespace synscope
