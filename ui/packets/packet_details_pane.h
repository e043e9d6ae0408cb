#pragma once
// The selected packet: its protocol tree above its bytes. Selecting a tree node highlights its bytes;
// clicking a byte selects the deepest field that covers it.
#include "store/packet_store.h"

#include <QWidget>
#include <memory>

class QTreeView;
class QSplitter;

namespace synscope {

class HexView;
class ProtocolTreeModel;

class PacketDetailsPane : public QWidget {
    Q_OBJECT

public:
    explicit PacketDetailsPane(QWidget* parent = nullptr);
    void showPacket(std::shared_ptr<const PacketStore> store, std::size_t packetIndex);
    void clear();

    QTreeView* treeView() const { return tree_; }
    HexView* hexView() const { return hex_; }
    ProtocolTreeModel* treeModel() const { return model_; }
    QSplitter* splitter() const { return splitter_; }
    // Selects field tree node `node` (expanding its parents) and highlights its bytes.
    void selectNode(int node);

private slots:
    void treeSelectionChanged();
    void byteClicked(int offset);

private:
    QTreeView* tree_;
    HexView* hex_;
    ProtocolTreeModel* model_;
    QSplitter* splitter_;
};

} // namespace synscope
