#pragma once
// The desktop program's command line: a capture file to open (with a display filter and a packet to
// select), a live capture to start (-i, -f, -k, -a), and the two unattended modes: --screenshot (load,
// picture, exit) and --bench (time the load and a display filter).
#include "live/live_capture.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QString>
#include <QStringList>
#include <optional>

class QCoreApplication;

namespace synscope {

struct GuiOptions {
    QString file;                  // absolute; "" for none
    std::optional<QString> displayFilter; // -Y
    quint64 selectFrame = 0;       // --select N (from 1); 0: none
    QString screenshot;            // --screenshot OUT.png; "" for none
    QString view;                  // --view packets|connections|diagram
    bool bench = false;            // --bench
    bool startCapture = false;     // -k
    // -i, -f, -a: the capture options they replace for this session, applied to the remembered ones.
    bool editsCaptureOptions = false;
    std::optional<std::vector<std::string>> interfaces;
    std::optional<std::string> captureFilter;
    double stopAfterSeconds = 0;
    std::uint64_t stopAfterPackets = 0;

    void applyTo(LiveOptions& options) const;
};

// The organization, application and display names and the version (once the application object exists,
// before anything reads settings).
void setApplicationNames();

class GuiCommandLine {
public:
    GuiCommandLine();
    // Handles --help and --version (printing, then exiting) and unknown options (an error, exit 1).
    void process(const QCoreApplication& app);
    // The options once checked; std::nullopt after printing why they cannot be used (exit status 2).
    std::optional<GuiOptions> options() const;

private:
    QCommandLineParser parser_;
    QCommandLineOption filter_;
    QCommandLineOption select_;
    QCommandLineOption screenshot_;
    QCommandLineOption view_;
    QCommandLineOption bench_;
    QCommandLineOption iface_;
    QCommandLineOption captureFilter_;
    QCommandLineOption startNow_;
    QCommandLineOption autostop_;
};

} // namespace synscope
