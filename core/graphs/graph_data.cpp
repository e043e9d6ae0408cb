#include "graphs/graph_data.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace synscope::graphs {

const char* graphTypeName(GraphType t)
{
    switch (t) {
    case GraphType::Stevens:
        return "stevens";
    case GraphType::Throughput:
        return "throughput";
    case GraphType::Rtt:
        return "rtt";
    case GraphType::Window:
        return "window";
    case GraphType::Io:
        return "io";
    }
    return "?";
}

bool parseGraphType(std::string_view word, GraphType& out)
{
    for (GraphType t : {GraphType::Stevens, GraphType::Throughput, GraphType::Rtt, GraphType::Window, GraphType::Io})
        if (word == graphTypeName(t)) {
            out = t;
            return true;
        }
    if (word == "tcptrace" || word == "sequence") {
        out = GraphType::Stevens;
        return true;
    }
    return false;
}

const Series* GraphData::find(std::string_view id) const
{
    for (const Series& s : series)
        if (s.id == id)
            return &s;
    return nullptr;
}

Series* GraphData::find(std::string_view id)
{
    for (Series& s : series)
        if (s.id == id)
            return &s;
    return nullptr;
}

std::size_t GraphData::pointCount() const
{
    std::size_t n = 0;
    for (const Series& s : series)
        n += s.size();
    return n;
}

bool GraphData::bounds(double& xMin, double& xMax, double& yMin, double& yMax) const
{
    bool any = false;
    auto take = [&](double x, double y) {
        if (!std::isfinite(x) || !std::isfinite(y))
            return;
        if (!any) {
            xMin = xMax = x;
            yMin = yMax = y;
            any = true;
            return;
        }
        xMin = std::min(xMin, x);
        xMax = std::max(xMax, x);
        yMin = std::min(yMin, y);
        yMax = std::max(yMax, y);
    };
    for (const Series& s : series) {
        for (const GraphPoint& p : s.points)
            take(p.x, p.y);
        for (const GraphBar& b : s.bars) {
            take(b.x, b.low);
            take(b.x, b.high);
        }
    }
    return any;
}

std::string formatNumber(double v)
{
    if (std::isnan(v))
        return "nan";
    if (v == 0)
        return "0"; // also -0
    char buf[400];
    // Plain decimals where they stay readable, the shortest exact form either way.
    const double a = std::fabs(v);
    const auto r = a >= 1e-6 && a < 1e15 ? std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed)
                                         : std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

namespace {

void appendTime(std::string& out, double seconds)
{
    char buf[48];
    const int n = std::snprintf(buf, sizeof buf, "%.6f", seconds);
    out.append(buf, static_cast<std::size_t>(n));
}

void appendFrame(std::string& out, std::uint64_t frame)
{
    if (frame)
        out += std::to_string(frame);
}

// A line's name as a CSV field: quoted when it holds a comma, a quote or a line break.
std::string csvField(const std::string& text)
{
    if (text.find_first_of(",\"\r\n") == std::string::npos)
        return text;
    std::string out = "\"";
    for (char c : text) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
    return out;
}

// The I/O graph: one row per interval, one column per line.
std::string ioCsv(const GraphData& g)
{
    std::string out = "interval_start";
    std::size_t rows = 0;
    for (const Series& s : g.series) {
        if (s.rightAxis || s.style == SeriesStyle::Markers)
            continue; // the connection markers are not intervals
        out += ',';
        out += csvField(s.name.empty() ? s.id : s.name);
        rows = std::max(rows, s.points.size());
    }
    out += '\n';
    for (std::size_t i = 0; i < rows; ++i) {
        bool first = true;
        for (const Series& s : g.series) {
            if (s.rightAxis || s.style == SeriesStyle::Markers)
                continue;
            if (first) {
                appendTime(out, i < s.points.size() ? s.points[i].x : static_cast<double>(i) * g.intervalSeconds);
                first = false;
            }
            out += ',';
            if (i < s.points.size() && !std::isnan(s.points[i].y))
                out += formatNumber(s.points[i].y);
        }
        out += '\n';
    }
    return out;
}

// A stream graph's row up to its last field: "series,frame,time,value,".
void appendRowStart(std::string& out, const Series& s, std::uint64_t frame, double x, double value)
{
    out += s.id;
    out += ',';
    appendFrame(out, frame);
    out += ',';
    appendTime(out, x);
    out += ',';
    out += formatNumber(value);
    out += ',';
}

} // namespace

std::string toCsv(const GraphData& g)
{
    if (g.type == GraphType::Io)
        return ioCsv(g);
    std::string out = "series,frame,time,value,end\n";
    for (const Series& s : g.series) {
        for (const GraphBar& b : s.bars) {
            appendRowStart(out, s, b.frame, b.x, b.low);
            out += formatNumber(b.high);
            out += '\n';
        }
        for (const GraphPoint& p : s.points) {
            appendRowStart(out, s, p.frame, p.x, p.y);
            if (p.aux != 0)
                out += formatNumber(p.aux);
            out += '\n';
        }
    }
    return out;
}

} // namespace synscope::graphs
