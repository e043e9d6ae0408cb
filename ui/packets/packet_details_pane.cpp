#include "ui/packets/packet_details_pane.h"

#include "ui/packets/hex_view.h"
#include "ui/packets/protocol_tree_model.h"

#include "store/frame_decoder.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>

namespace synscope {

PacketDetailsPane::PacketDetailsPane(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    splitter_ = new QSplitter(Qt::Vertical, this);
    tree_ = new QTreeView(splitter_);
    model_ = new ProtocolTreeModel(this);
    tree_->setModel(model_);
    tree_->setHeaderHidden(true);
    tree_->setUniformRowHeights(true);
    tree_->setAccessibleName(tr("Packet details"));
    hex_ = new HexView(splitter_);
    hex_->setAccessibleName(tr("Packet bytes"));
    splitter_->addWidget(tree_);
    splitter_->addWidget(hex_);
    splitter_->setStretchFactor(0, 3);
    splitter_->setStretchFactor(1, 2);
    layout->addWidget(splitter_);
    connect(tree_->selectionModel(), &QItemSelectionModel::currentChanged, this, &PacketDetailsPane::treeSelectionChanged);
    connect(hex_, &HexView::byteClicked, this, &PacketDetailsPane::byteClicked);
}

void PacketDetailsPane::showPacket(std::shared_ptr<const PacketStore> store, std::size_t i)
{
    FrameDecoder frame(*store, DecodeOptions{}); // with checksum verification: the tree shows their status
    frame.decode(i);
    FieldTree tree;
    buildFieldTree(frame.packet(), frame.bytes(), frame.context(), tree);
    const auto bytes = frame.bytes();
    // Keep the user's place: the same field (by name) stays selected from packet to packet.
    QString selectedField;
    if (const QModelIndex cur = tree_->currentIndex(); cur.isValid())
        selectedField = cur.data(ProtocolTreeModel::FieldNameRole).toString();
    model_->setTree(std::move(tree));
    hex_->setBytes(QByteArray(reinterpret_cast<const char*>(bytes.data()), static_cast<qsizetype>(bytes.size())));
    // Layers open, their fields folded, as Wireshark users expect; the transport layer unfolded.
    for (int r = 0; r < model_->rowCount(); ++r) {
        const QModelIndex layer = model_->index(r, 0);
        const QString name = layer.data(ProtocolTreeModel::FieldNameRole).toString();
        tree_->setExpanded(layer, name == QLatin1String("tcp") || name == QLatin1String("udp") ||
                                      name == QLatin1String("icmp") || name == QLatin1String("icmpv6"));
    }
    if (!selectedField.isEmpty())
        if (const FieldNode* n = model_->tree().first(selectedField.toStdString()))
            selectNode(static_cast<int>(n - model_->tree().nodes().data()));
}

void PacketDetailsPane::clear()
{
    model_->clear();
    hex_->setBytes({});
}

void PacketDetailsPane::selectNode(int node)
{
    const QModelIndex index = model_->indexOfNode(node);
    if (!index.isValid())
        return;
    for (QModelIndex p = index.parent(); p.isValid(); p = p.parent())
        tree_->expand(p);
    tree_->setCurrentIndex(index);
    tree_->scrollTo(index);
}

void PacketDetailsPane::treeSelectionChanged()
{
    const int node = model_->nodeOf(tree_->currentIndex());
    if (node < 0) {
        hex_->setHighlight(0, 0);
        return;
    }
    const FieldNode& n = model_->tree()[node];
    hex_->setHighlight(static_cast<int>(n.offset), static_cast<int>(n.length));
}

void PacketDetailsPane::byteClicked(int offset)
{
    const int node = model_->tree().deepestAt(static_cast<std::uint32_t>(offset));
    if (node >= 0)
        selectNode(node);
}

} // namespace synscope
