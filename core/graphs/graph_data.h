#pragma once
// What a graph shows, independent of how it is drawn: named series of points, vertical bars and markers,
// each point carrying the frame it came from (so a click selects that packet). The TCP stream graphs and the
// I/O graph build these (tcp_graphs.h, io_graph.h); the plot library draws them, the CLI and the panel export
// them as CSV. Plain C++: series ids are stable English words, user-visible labels are the UI's business.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace synscope::graphs {

enum class GraphType : std::uint8_t { Stevens, Throughput, Rtt, Window, Io };
// "stevens", "throughput", "rtt", "window", "io" (the CLI's --type words).
const char* graphTypeName(GraphType t);
bool parseGraphType(std::string_view word, GraphType& out);

// Which half of a connection a stream graph shows: the data sent by the client (and the server's ACKs of
// it), or the data sent by the server.
enum class Direction : std::uint8_t { ClientToServer, ServerToClient };

struct GraphPoint {
    double x = 0;             // seconds since the capture's first packet
    double y = 0;
    std::uint64_t frame = 0;  // from 1; 0 when the point has no packet (an empty I/O interval)
    double aux = 0;           // series-specific (RTT: the acknowledged segment's frame)
};

// A vertical bar from `low` to `high` at time `x`: a segment's sequence range, a SACK block.
struct GraphBar {
    double x = 0;
    double low = 0, high = 0;
    std::uint64_t frame = 0;
};

enum class SeriesStyle : std::uint8_t {
    Line,     // points joined by straight lines
    Steps,    // each value holds until the next point (ACK line, window)
    Impulses, // a vertical line from 0 to each value
    Dots,     // points only
    Bars,     // vertical bars (`bars`, not `points`)
    Markers,  // symbols at points (SYN, retransmission ...)
};

struct Series {
    std::string id;    // stable: "segments", "ack", "window", "sack", "syn", "throughput", "io0" ...
    std::string name;  // for I/O lines, the user's name for the line; otherwise empty (the UI names it by id)
    SeriesStyle style = SeriesStyle::Line;
    std::uint32_t color = 0; // 0xRRGGBB, or 0 for the plot library's choice by id
    bool rightAxis = false;  // drawn against the second value axis
    std::vector<GraphPoint> points;
    std::vector<GraphBar> bars;

    bool empty() const { return points.empty() && bars.empty(); }
    std::size_t size() const { return points.size() + bars.size(); }
};

// What the value axis measures (the plot library labels and scales it).
enum class ValueUnit : std::uint8_t {
    SequenceNumber, // relative sequence number (bytes)
    BitsPerSecond,
    Milliseconds,
    Bytes,
    Packets,        // I/O graph, per interval
    BytesPerInterval,
    BitsPerInterval,
};

struct GraphData {
    GraphType type = GraphType::Stevens;
    Direction direction = Direction::ClientToServer;
    std::uint32_t stream = 0;        // stream graphs
    std::string sender, receiver;    // stream graphs: "192.0.2.10:41334" ...
    ValueUnit unit = ValueUnit::SequenceNumber;
    double intervalSeconds = 0;      // I/O graph
    std::vector<Series> series;
    std::string note;                // why a graph is empty or partial, in English (CLI); empty when all is well

    const Series* find(std::string_view id) const;
    Series* find(std::string_view id);
    std::size_t pointCount() const;
    bool empty() const { return pointCount() == 0; }
    // Smallest and largest x and y over every series (bars count both ends); false when empty.
    bool bounds(double& xMin, double& xMax, double& yMin, double& yMax) const;
};

// CSV of the plotted data (every point, not the decimated view). Stream graphs: one row per point,
// "series,frame,time,value,end" (end: a bar's upper end, the RTT's acknowledged frame; empty otherwise).
// I/O graph: one row per interval, "interval_start" then one column per line. Times in seconds with six
// decimals; values as the shortest text that reads back to the same number.
std::string toCsv(const GraphData& g);

// Formats a double the shortest way that reads back exactly ("0.5", "1460", "1e-07").
std::string formatNumber(double v);

} // namespace synscope::graphs
