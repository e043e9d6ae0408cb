#pragma once
// Shown at start when a previous session ended (crashed, was killed, lost power) with a live capture
// nobody saved: the spool files it left, with their size and time, to open, delete, or leave for later.
#include "live/capture_spool.h"

#include <QDialog>
#include <vector>

class QListWidget;

namespace synscope {

class RecoveredCapturesDialog : public QDialog {
    Q_OBJECT

public:
    explicit RecoveredCapturesDialog(std::vector<SpoolFile> files, QWidget* parent = nullptr);

    // After exec() == Accepted: the file to open (it becomes the unsaved capture of this session).
    QString chosenPath() const { return chosen_; }

private:
    void openSelected();
    void deleteSelected();
    void rebuild();

    std::vector<SpoolFile> files_;
    QListWidget* list_;
    QString chosen_;
};

} // namespace synscope
