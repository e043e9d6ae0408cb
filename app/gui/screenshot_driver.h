#pragma once
// `synscope --screenshot OUT.png [--view packets|connections|diagram]`: drives the main window, for the
// documentation and tests. Once the capture is fully loaded (and filtered, and its packet selected) it shows
// the view asked for, saves a PNG of the window to OUT and quits with status 0 — 1 when the capture cannot
// be opened or the live capture cannot start (the message on stderr), or the PNG cannot be written.
#include <QObject>
#include <QString>

namespace synscope {

class MainWindow;

class ScreenshotDriver : public QObject {
    Q_OBJECT

public:
    // Makes `window` unattended (no message box waits for a click, no packet is selected by itself).
    ScreenshotDriver(MainWindow& window, QString outPng, QString view);

private:
    void arrange();
    // The selected packet's connection, drawn large; the picture once the diagram is shown.
    void showDiagram();
    // The connections panel, with the selected packet's connection chosen (the list not filtered to it).
    void showConnections();
    void saveSoon();

    MainWindow& window_;
    QString path_;
    QString view_;
};

} // namespace synscope
