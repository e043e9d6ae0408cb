#include "ui/packets/protocol_tree_model.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace synscope {

ProtocolTreeModel::ProtocolTreeModel(QObject* parent) : QAbstractItemModel(parent) { children_.resize(1); }

void ProtocolTreeModel::setTree(FieldTree tree)
{
    beginResetModel();
    tree_ = std::move(tree);
    children_.assign(tree_.size() + 1, {});
    rowInParent_.assign(tree_.size(), 0);
    for (std::size_t i = 0; i < tree_.size(); ++i) {
        auto& siblings = children_[static_cast<std::size_t>(tree_[static_cast<int>(i)].parent + 1)];
        rowInParent_[i] = static_cast<int>(siblings.size());
        siblings.push_back(static_cast<int>(i));
    }
    endResetModel();
}

QModelIndex ProtocolTreeModel::indexOfNode(int node) const
{
    if (node < 0 || static_cast<std::size_t>(node) >= tree_.size())
        return {};
    return createIndex(rowInParent_[static_cast<std::size_t>(node)], 0, static_cast<quintptr>(node));
}

QModelIndex ProtocolTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    const int p = parent.isValid() ? static_cast<int>(parent.internalId()) : -1;
    const auto& siblings = children_[static_cast<std::size_t>(p + 1)];
    if (column != 0 || row < 0 || row >= static_cast<int>(siblings.size()))
        return {};
    return createIndex(row, 0, static_cast<quintptr>(siblings[static_cast<std::size_t>(row)]));
}

QModelIndex ProtocolTreeModel::parent(const QModelIndex& child) const
{
    if (!child.isValid())
        return {};
    return indexOfNode(tree_[static_cast<int>(child.internalId())].parent);
}

int ProtocolTreeModel::rowCount(const QModelIndex& parent) const
{
    const int p = parent.isValid() ? static_cast<int>(parent.internalId()) : -1;
    return static_cast<int>(children_[static_cast<std::size_t>(p + 1)].size());
}

int ProtocolTreeModel::columnCount(const QModelIndex&) const { return 1; }

QVariant ProtocolTreeModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    const FieldNode& n = tree_[static_cast<int>(index.internalId())];
    switch (role) {
    case Qt::DisplayRole: return QString::fromStdString(n.text);
    case Qt::ToolTipRole:
        if (*n.name)
            return tr("Field: %1").arg(QString::fromLatin1(n.name)) +
                   (n.length ? tr("\nBytes %1-%2 (%3 bytes)").arg(n.offset).arg(n.offset + n.length - 1).arg(n.length)
                             : tr("\nComputed by SynScope, not in the packet's bytes"));
        return {};
    case Qt::ForegroundRole:
        switch (n.severity) {
        case FieldSeverity::Error: return QBrush(QColor(0xb0, 0x00, 0x00));
        case FieldSeverity::Warning: return QBrush(QColor(0xa0, 0x50, 0x00));
        case FieldSeverity::Note: return QBrush(QColor(0x20, 0x50, 0xa0));
        case FieldSeverity::None: break;
        }
        return {};
    case Qt::BackgroundRole:
        if (n.severity == FieldSeverity::Error)
            return QBrush(QColor(0xff, 0xe0, 0xe0));
        if (n.severity == FieldSeverity::Warning)
            return QBrush(QColor(0xff, 0xf3, 0xd0));
        return {};
    case Qt::FontRole:
        if (n.parent < 0) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case FieldNameRole: return QString::fromLatin1(n.name);
    case ByteOffsetRole: return n.offset;
    case ByteLengthRole: return n.length;
    case SeverityRole: return static_cast<int>(n.severity);
    default: return {};
    }
}

} // namespace synscope
