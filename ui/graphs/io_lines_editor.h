#pragma once
// The I/O graph's lines: a small table, one row per line, with its name, tcpdump/BPF filter, colour and
// drawing style, and buttons to add and remove lines. Filters are checked by the graph computation itself
// (libpcap compiles them there); the panel shows its error.
#include "graphs/io_graph.h"

#include <QWidget>
#include <vector>

class QTableWidget;

namespace synscope {

class IoLinesEditor : public QWidget {
    Q_OBJECT

public:
    explicit IoLinesEditor(QWidget* parent = nullptr);

    std::vector<graphs::IoLineSpec> lines() const;
    void setLines(const std::vector<graphs::IoLineSpec>& lines);
    void addLine(const graphs::IoLineSpec& line);
    QTableWidget* table() const { return table_; }

signals:
    void changed();

private:
    enum Column { NameColumn, FilterColumn, ColorColumn, StyleColumn, ColumnCount };
    void insertRow(const graphs::IoLineSpec& line);
    void chooseColor(int row);
    void setRowColor(int row, std::uint32_t color);

    QTableWidget* table_ = nullptr;
    bool filling_ = false;
};

} // namespace synscope
