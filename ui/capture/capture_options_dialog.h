#pragma once
// Capture → Options…: every choice of a live capture (interfaces, several at once; link type; capture
// filter; snapshot length; promiscuous mode; kernel buffer; immediate mode; stop conditions; the output
// file). "Start" starts with them; "Close" keeps them for the next start.
#include "live/live_capture.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListView;
class QRadioButton;
class QSpinBox;

namespace synscope {

class InterfaceListModel;

class CaptureOptionsDialog : public QDialog {
    Q_OBJECT

public:
    CaptureOptionsDialog(InterfaceListModel* interfaces, const LiveOptions& options, QWidget* parent = nullptr);

    // The options as edited (valid after exec(), whichever button closed the dialog).
    LiveOptions options() const;
    // exec() returns Accepted for "Start", Rejected for "Close".

protected:
    void done(int result) override;

private:
    // The dialog's parts, top to bottom: how this program can capture (null: nothing to say), the
    // interfaces and link type, the capture settings, the stop conditions, the output file.
    QLabel* buildRouteNote();
    QGroupBox* buildInterfaces(InterfaceListModel* interfaces);
    QGroupBox* buildSettings(const LiveOptions& o);
    QGroupBox* buildStopConditions(const LiveOptions& o);
    QGroupBox* buildOutput(const LiveOptions& o);
    void interfacesChanged();
    void checkFilter();
    void chooseFile();
    QStringList chosenInterfaces() const;

    InterfaceListModel* interfaces_;
    QListView* list_;
    QComboBox* linkType_;
    QLabel* linkTypeNote_;
    QLineEdit* filter_;
    QLabel* filterNote_;
    QSpinBox* snapLength_;
    QCheckBox* promiscuous_;
    QSpinBox* bufferMiB_;
    QCheckBox* immediate_;
    QCheckBox* stopPackets_;
    QSpinBox* stopPacketsValue_;
    QCheckBox* stopSeconds_;
    QDoubleSpinBox* stopSecondsValue_;
    QCheckBox* stopMegabytes_;
    QSpinBox* stopMegabytesValue_;
    QRadioButton* toTemporary_;
    QRadioButton* toFile_;
    QLineEdit* outputPath_;
    QPushButton* startButton_ = nullptr;
    std::int32_t initialLinkType_ = -1;
    QString confirmedPath_; // chosen through Browse, whose dialog already asked before replacing it
};

} // namespace synscope
