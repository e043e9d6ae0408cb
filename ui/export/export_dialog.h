#pragma once
// File → Export Packets…: which packets (all, selected, marked, a range, whole connections), optionally
// only those the display filter shows, the count that will be written (updated as you choose), and the
// file and format. The export itself runs behind a progress dialog (export_runner).
#include "store/packet_store.h"

#include <QDialog>
#include <memory>
#include <vector>

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QRadioButton;

namespace synscope {

// What the window knows when the dialog opens; packet indexes are 0-based.
struct ExportChoices {
    std::vector<std::uint32_t> displayed; // ascending; all packets when no display filter is set
    bool filtered = false;                // a display filter (or a connection restriction) is active
    std::vector<std::uint32_t> selected;  // ascending
    std::vector<std::uint32_t> marked;    // ascending
    std::vector<std::uint32_t> streams;   // TCP streams to offer for "Connections" (e.g. the chosen one)
    QString suggestedName;                // file name without folder
};

class ExportDialog : public QDialog {
    Q_OBJECT

public:
    enum class Scope { All, Selected, Marked, Range, Connections };

    ExportDialog(std::shared_ptr<const PacketStore> store, ExportChoices choices, QWidget* parent = nullptr);

    void setScope(Scope scope);
    // The packets the current choices select, ascending (what "Export" writes).
    std::vector<std::uint32_t> packets() const;
    QString outputPath() const;
    QLabel* countLabel() const { return count_; }

protected:
    void done(int result) override;

private:
    // Which packets (all, selected, marked, a range, connections; only those displayed); the file and format.
    QGroupBox* buildScopeChoices();
    QGroupBox* buildFileChoice();
    void update();
    void chooseFile();
    void formatChanged();
    bool parseStreams(std::vector<std::uint32_t>& out) const;

    std::shared_ptr<const PacketStore> store_;
    ExportChoices choices_;
    QRadioButton* all_;
    QRadioButton* selected_;
    QRadioButton* marked_;
    QRadioButton* range_;
    QRadioButton* connections_;
    QLineEdit* rangeText_;
    QLineEdit* streamText_;
    QCheckBox* displayedOnly_;
    QLabel* count_;
    QLabel* problem_;
    QLineEdit* path_;
    QComboBox* format_;
    QPushButton* exportButton_ = nullptr;
    QString confirmedPath_; // chosen through Browse, whose dialog already asked before replacing it
};

} // namespace synscope
