#pragma once
// `synscope --bench FILE`: drives the main window as a user would and prints how long each step took
// (first rows visible, fully loaded and analysed, a display filter over every packet) and the peak memory.
// It drives the window only through what it offers everyone: openCapture, the filter bar, the signals.
#include <QObject>
#include <QElapsedTimer>
#include <QString>

namespace synscope {

class MainWindow;

class GuiBenchmark : public QObject {
    Q_OBJECT
public:
    GuiBenchmark(MainWindow& window, QString path, QString filter);
    void start();

private:
    void loaded();
    void filtered();

    MainWindow& window_;
    QString path_;
    QString filter_;
    QElapsedTimer clock_;
    qint64 firstRowsMs_ = -1;
    qint64 loadedMs_ = -1;
    qint64 filterStartMs_ = -1;
};

} // namespace synscope
