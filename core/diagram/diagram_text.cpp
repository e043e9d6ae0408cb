// The sequence diagram as text: Mermaid for documents, a ladder for terminals.
#include "diagram/sequence_diagram.h"

#include "analysis/connection_report.h"

#include <algorithm>
#include <cstdio>

namespace synscope {

namespace {

std::string seconds(std::int64_t ns)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6f", static_cast<double>(ns) / 1e9);
    return buf;
}

// Mermaid wants plain labels: no colons, semicolons or '#' (which start entities).
std::string mermaidText(std::string s)
{
    for (char& c : s)
        if (c == ';' || c == ':' || c == '#')
            c = ' ';
    return s;
}

std::string pad(const std::string& s, std::size_t width)
{
    // Widths count characters, not UTF-8 bytes.
    std::size_t chars = 0;
    for (unsigned char c : s)
        chars += (c & 0xc0) != 0x80;
    return chars >= width ? s : s + std::string(width - chars, ' ');
}

std::string describeStates(const SequenceDiagram& d, std::size_t arrow)
{
    std::string s;
    for (const DiagramState& st : d.states) {
        if (st.arrow != arrow)
            continue;
        if (!s.empty())
            s += ", ";
        s += (st.side == Side::Client ? "client " : "server ") + std::string(tcpStateName(st.state));
    }
    return s;
}

} // namespace

std::string diagramToMermaid(const SequenceDiagram& d)
{
    std::string out = "sequenceDiagram\n";
    for (std::size_t i = 0; i < d.lifelines.size(); ++i) {
        const DiagramLifeline& l = d.lifelines[i];
        out += "    participant L" + std::to_string(i) + " as " +
               mermaidText((l.role.empty() ? "" : l.role + " ") + l.title) + "\n";
    }
    auto line = [](std::size_t i) { return "L" + std::to_string(i); };
    for (const DiagramState& st : d.states)
        if (st.arrow == DiagramState::kInitial)
            out += "    Note over " + line(st.lifeline) + ": " + tcpStateName(st.state) + "\n";
    std::size_t nextPhase = 0;
    for (std::size_t a = 0; a < d.arrows.size(); ++a) {
        while (nextPhase < d.phases.size() && d.phases[nextPhase].firstArrow == a) {
            const DiagramPhase& p = d.phases[nextPhase++];
            const DiagramArrow& first = d.arrows[p.firstArrow];
            const std::size_t lo = std::min(first.from, first.to), hi = std::max(first.from, first.to);
            out += "    Note over " + line(lo) + (hi != lo ? "," + line(hi) : "") + ": " + mermaidText(p.name) + "\n";
        }
        const DiagramArrow& r = d.arrows[a];
        std::string label = r.flags;
        if (!r.numbers.empty())
            label += " " + r.numbers;
        if (!r.marker.empty())
            label += " (" + r.marker + ")";
        out += "    " + line(r.from) + (r.kind == ArrowKind::IcmpError ? "--x" : "->>") + line(r.to) + ": " +
               mermaidText(label) + "\n";
        for (const DiagramState& st : d.states)
            if (st.arrow == a)
                out += "    Note over " + line(st.lifeline) + ": " + tcpStateName(st.state) + "\n";
    }
    return out;
}

std::string diagramToText(const SequenceDiagram& d)
{
    std::string out;
    if (!d.title.empty())
        out += d.title + "\n";
    out += "TCP states as seen at the capture point.\n";
    if (!d.note.empty())
        out += d.note + "\n";
    out += "\n";
    // Columns: one per lifeline, wide enough for its title.
    // Columns: as wide as the longest arrow label, so every arrow ends on its lifeline.
    std::size_t column = 30;
    for (const DiagramArrow& r : d.arrows)
        column = std::max(column, r.flags.size() + r.numbers.size() + r.marker.size() + 14);
    std::string header = pad("", 22);
    for (const DiagramLifeline& l : d.lifelines)
        header += pad((l.role.empty() ? "" : l.role + " ") + l.title, column);
    out += header + "\n";
    std::string initial = pad("", 22);
    for (std::size_t i = 0; i < d.lifelines.size(); ++i) {
        std::string st;
        for (const DiagramState& s : d.states)
            if (s.arrow == DiagramState::kInitial && s.lifeline == i)
                st += (st.empty() ? "" : "/") + std::string(tcpStateName(s.state));
        initial += pad(st, column);
    }
    out += initial + "\n";
    std::size_t nextPhase = 0;
    std::int64_t previous = 0;
    for (std::size_t a = 0; a < d.arrows.size(); ++a) {
        while (nextPhase < d.phases.size() && d.phases[nextPhase].firstArrow == a) {
            const DiagramPhase& p = d.phases[nextPhase++];
            out += "== " + p.name;
            if (d.multipleStreams)
                out += " (stream " + std::to_string(p.stream) + ")";
            out += "\n";
        }
        const DiagramArrow& r = d.arrows[a];
        const std::int64_t t = r.time.minusNs(d.arrows.front().time);
        if (a > 0 && t - previous >= 1000000000)
            out += "   ... " + formatDuration(static_cast<double>(t - previous) / 1e6) + " later\n";
        previous = t;
        char num[16];
        std::snprintf(num, sizeof num, "%6llu", static_cast<unsigned long long>(r.frame));
        std::string row = std::string(num) + "  " + pad(seconds(t), 12) + "  ";
        // An arrow between the two columns: |---label--->| or |<--label---|.
        const std::size_t lo = std::min(r.from, r.to), hi = std::max(r.from, r.to);
        std::string label = r.flags + (r.numbers.empty() ? "" : " " + r.numbers);
        if (!r.marker.empty())
            label += " (" + r.marker + ")";
        row += std::string(lo * column, ' ');
        const std::size_t span = std::max<std::size_t>((hi - lo) * column, label.size() + 8) - 1;
        std::string shaft(span, '-');
        shaft.replace(3, label.size(), label);
        if (r.from == r.to)
            row += "|" + shaft + "(to itself)";
        else if (r.from < r.to)
            row += "|" + shaft.substr(0, span - 1) + ">|";
        else
            row += "|<" + shaft.substr(1) + "|";
        const std::string states = describeStates(d, a);
        if (!states.empty())
            row += "   " + states;
        out += row + "\n";
    }
    return out;
}

} // namespace synscope
