#pragma once
// The sequence diagram with its controls: what to draw (the selected connections or every displayed
// packet), how to number, lifelines per host or per address:port, collapsed data, time-proportional rows,
// and export (PNG, SVG, PDF, Mermaid). Diagrams are built off the GUI thread.
#include "diagram/sequence_diagram.h"

#include <QWidget>
#include <memory>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QToolButton;

namespace synscope {

class PacketStore;
class SequenceDiagramView;

class SequenceDiagramPanel : public QWidget {
    Q_OBJECT

public:
    enum class Source { Connections, DisplayedPackets };

    explicit SequenceDiagramPanel(QWidget* parent = nullptr);

    void setStore(std::shared_ptr<const PacketStore> store);
    // What the panel would draw in each mode; it draws the one chosen in its "Draw" box.
    void setConnections(const std::vector<std::uint32_t>& streams);
    void setDisplayedPackets(const std::vector<std::uint32_t>& packets);
    void setSource(Source s);
    Source source() const;
    void setNumbers(DiagramNumbers n);
    bool selectFrame(quint64 frame);
    SequenceDiagramView* view() const { return view_; }
    // Rebuilds now (e.g. after more packets arrived); off the GUI thread.
    void refresh();
    bool isBuilding() const { return building_; }

signals:
    void frameActivated(quint64 frame);
    void diagramReady(); // a new diagram is shown

public slots:
    void exportDialog();

private slots:
    void optionsChanged();

private:
    DiagramOptions options() const;
    void show(std::shared_ptr<const SequenceDiagram> d, quint64 generation);

    SequenceDiagramView* view_;
    QComboBox* sourceBox_;
    QComboBox* numbersBox_;
    QComboBox* lifelinesBox_;
    QCheckBox* collapseBox_;
    QCheckBox* proportionalBox_;
    QToolButton* exportButton_;
    QLabel* status_;
    std::shared_ptr<const PacketStore> store_;
    std::vector<std::uint32_t> streams_;
    std::vector<std::uint32_t> packets_;
    quint64 generation_ = 0;
    bool building_ = false;
    quint64 pendingSelect_ = 0;
};

} // namespace synscope
