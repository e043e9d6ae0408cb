#include "graphs/io_graph.h"
#include "common/timestamp.h"

#include "store/packet_store.h"
#include "store/page_release.h"
#include "filter/display_filter.h"

#include <algorithm>
#include <cmath>

namespace synscope::graphs {

const char* ioUnitName(IoUnit u)
{
    switch (u) {
    case IoUnit::Packets:
        return "packets";
    case IoUnit::Bytes:
        return "bytes";
    case IoUnit::Bits:
        return "bits";
    }
    return "?";
}

bool parseIoUnit(std::string_view word, IoUnit& out)
{
    for (IoUnit u : {IoUnit::Packets, IoUnit::Bytes, IoUnit::Bits})
        if (word == ioUnitName(u)) {
            out = u;
            return true;
        }
    return false;
}

bool ioIntervalFromSeconds(double seconds, std::int64_t& ns)
{
    if (!std::isfinite(seconds))
        return false;
    const double v = std::round(seconds * 1e9);
    if (v < static_cast<double>(kMinIoIntervalNs) || v > static_cast<double>(kMaxIoIntervalNs))
        return false;
    ns = static_cast<std::int64_t>(v);
    return true;
}

namespace {

struct LineState {
    DisplayFilter filter;
    bool filtered = false;
    std::vector<double> values;
    std::vector<std::uint64_t> frames;
};

// Compiles each line's filter; false with `error` naming the line when one does not compile.
bool compileLineFilters(const PacketStore& store, const std::vector<IoLineSpec>& specs,
                        std::vector<LineState>& lines, std::string& error)
{
    for (std::size_t l = 0; l < specs.size(); ++l) {
        if (specs[l].filter.empty())
            continue;
        std::string message;
        if (!lines[l].filter.set(specs[l].filter, &store, message)) {
            const std::string name = specs[l].name.empty() ? "line " + std::to_string(l + 1) : specs[l].name;
            error = name + ": invalid filter \"" + specs[l].filter + "\": " + message;
            return false;
        }
        lines[l].filtered = true;
    }
    return true;
}

// Makes room for interval b in every line; false when there would be too many intervals.
bool growIntervals(std::size_t b, std::size_t& buckets, std::vector<LineState>& lines, std::string& error)
{
    if (b >= kMaxIoIntervals) {
        error = "the capture lasts too long for this interval (more than " + std::to_string(kMaxIoIntervals) +
                " intervals); choose a longer one";
        return false;
    }
    buckets = b + 1;
    for (LineState& line : lines) {
        if (line.values.size() < buckets) {
            const std::size_t grown = std::max(buckets, line.values.size() * 2);
            line.values.resize(std::min(grown, kMaxIoIntervals), 0.0);
            line.frames.resize(line.values.size(), 0);
        }
    }
    return true;
}

// Adds every packet to the intervals of the lines it matches; `intervals` receives their number.
// False with `error` when there would be too many intervals, with `error` empty when cancelled.
bool countPackets(const PacketStore& store, const IoGraphOptions& options, std::int64_t firstNs,
                  std::vector<LineState>& lines, std::size_t& intervals, std::string& error,
                  const std::atomic<bool>* cancel)
{
    std::size_t buckets = 0; // a local: the loop's stores into the lines cannot change it
    const std::size_t n = store.size();
    const CaptureReader& reader = store.reader();
    const std::int64_t interval = options.intervalNs;
    const double perPacket = options.unit == IoUnit::Packets ? 1.0 : 0.0;
    const double bitsFactor = options.unit == IoUnit::Bits ? 8.0 : 1.0;
    const bool anyFilter = std::any_of(lines.begin(), lines.end(), [](const LineState& l) { return l.filtered; });
    constexpr std::size_t kChunk = 65536;
    PageRelease pages(store, kChunk); // the filters read the bytes; give the pages back chunk by chunk
    for (std::size_t chunk = 0; chunk < n; chunk += kChunk) {
        if (cancel && cancel->load(std::memory_order_relaxed)) {
            error.clear();
            return false;
        }
        const std::size_t chunkEnd = std::min(n, chunk + kChunk);
        for (std::size_t i = chunk; i < chunkEnd; ++i) {
            const PacketRecord& r = store.record(i);
            std::int64_t rel = reader.timestampNs(r) - firstNs;
            if (rel < 0)
                rel = 0; // time running backwards: counted in the first interval
            const std::size_t b = static_cast<std::size_t>(rel / interval);
            if (b >= buckets && !growIntervals(b, buckets, lines, error))
                return false;
            const double amount = perPacket ? 1.0 : static_cast<double>(r.originalLength) * bitsFactor;
            for (LineState& line : lines) {
                if (line.filtered && !line.filter.matches(store, i))
                    continue;
                line.values[b] += amount;
                if (!line.frames[b])
                    line.frames[b] = i + 1;
            }
        }
        if (anyFilter)
            pages.readSpan(chunk, chunkEnd);
    }
    pages.release(); // the last chunk, when shorter
    intervals = buckets;
    return true;
}

void addLineSeries(const std::vector<IoLineSpec>& specs, const std::vector<LineState>& lines, std::size_t buckets,
                   GraphData& out)
{
    for (std::size_t l = 0; l < lines.size(); ++l) {
        Series s;
        s.id = "io" + std::to_string(l);
        s.name = !specs[l].name.empty() ? specs[l].name : !specs[l].filter.empty() ? specs[l].filter : "all packets";
        s.style = specs[l].style;
        s.color = specs[l].color;
        s.points.reserve(buckets);
        for (std::size_t b = 0; b < buckets; ++b)
            s.points.push_back({static_cast<double>(b) * out.intervalSeconds, lines[l].values[b], lines[l].frames[b], 0});
        out.series.push_back(std::move(s));
    }
}

// Every connection's opening, and the closing of those that closed, as markers on the right axis.
void addConnectionMarkers(const PacketStore& store, std::int64_t firstNs, GraphData& out)
{
    const std::size_t n = store.size();
    Series open, close;
    open.id = "connection_open";
    close.id = "connection_close";
    open.style = close.style = SeriesStyle::Markers;
    open.rightAxis = close.rightAxis = true;
    const ConnectionList& connections = store.tracker().connections();
    const std::size_t count = connections.size();
    for (std::size_t k = 0; k < count; ++k) {
        const Connection& c = connections[k];
        if (!c.firstFrame || c.firstFrame > n)
            continue;
        const double stream = static_cast<double>(c.stream);
        open.points.push_back({static_cast<double>(std::max<std::int64_t>(0, nanosecondsBetween(firstNs, c.firstTime))) / 1e9, 0,
                               c.firstFrame, stream});
        const CloseKind kind = c.lifecycle.closeKind();
        if (kind != CloseKind::Open && kind != CloseKind::None && c.lastFrame <= n)
            close.points.push_back({static_cast<double>(std::max<std::int64_t>(0, nanosecondsBetween(firstNs, c.lastTime))) / 1e9, 1,
                                    c.lastFrame, stream});
    }
    // Connections are numbered in the order they opened; closes come in any order.
    auto byX = [](const GraphPoint& a, const GraphPoint& b) { return a.x < b.x || (a.x == b.x && a.frame < b.frame); };
    std::sort(open.points.begin(), open.points.end(), byX);
    std::sort(close.points.begin(), close.points.end(), byX);
    if (!open.points.empty())
        out.series.push_back(std::move(open));
    if (!close.points.empty())
        out.series.push_back(std::move(close));
}

} // namespace

bool buildIoGraph(const PacketStore& store, const IoGraphOptions& options, GraphData& out, std::string& error,
                  const std::atomic<bool>* cancel)
{
    out = GraphData{};
    out.type = GraphType::Io;
    out.unit = options.unit == IoUnit::Packets ? ValueUnit::Packets
               : options.unit == IoUnit::Bytes ? ValueUnit::BytesPerInterval
                                               : ValueUnit::BitsPerInterval;
    if (options.intervalNs < kMinIoIntervalNs || options.intervalNs > kMaxIoIntervalNs) {
        error = "the interval must be between 1 ms and 10 min";
        return false;
    }
    out.intervalSeconds = static_cast<double>(options.intervalNs) / 1e9;

    std::vector<IoLineSpec> specs = options.lines;
    if (specs.empty())
        specs.push_back(IoLineSpec{});
    std::vector<LineState> lines(specs.size());
    if (!compileLineFilters(store, specs, lines, error))
        return false;
    const std::int64_t firstNs = store.size() ? store.reader().timestampNs(store.record(0)) : 0;
    std::size_t buckets = 0;
    if (!countPackets(store, options, firstNs, lines, buckets, error, cancel))
        return false;
    addLineSeries(specs, lines, buckets, out);
    if (options.connectionMarkers)
        addConnectionMarkers(store, firstNs, out);
    if (store.size() == 0)
        out.note = "the capture has no packets";
    return true;
}

} // namespace synscope::graphs
