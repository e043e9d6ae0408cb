#pragma once
// The selected packet's field tree (built by the decoder on selection) as a tree model: Wireshark field
// names as tooltips, problems coloured, each node's byte range for the hex pane.
#include "decode/tree/field_tree.h"

#include <QAbstractItemModel>

namespace synscope {

class ProtocolTreeModel : public QAbstractItemModel {
    Q_OBJECT

public:
    enum Role { FieldNameRole = Qt::UserRole + 1, ByteOffsetRole, ByteLengthRole, SeverityRole };

    explicit ProtocolTreeModel(QObject* parent = nullptr);
    void setTree(FieldTree tree);
    void clear() { setTree({}); }
    const FieldTree& tree() const { return tree_; }
    // The model index of field tree node `node`, or invalid.
    QModelIndex indexOfNode(int node) const;
    int nodeOf(const QModelIndex& index) const { return index.isValid() ? static_cast<int>(index.internalId()) : -1; }

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;

private:
    FieldTree tree_;
    std::vector<std::vector<int>> children_; // children_[node + 1]; [0] holds the top-level layers
    std::vector<int> rowInParent_;
};

} // namespace synscope
