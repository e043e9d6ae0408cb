// The desktop program's start: on a first start (nothing remembered) the window takes about 80 % of the
// screen, centred, and comes back as it was left; without a display, `synscope` says so in one line and
// exits 1 instead of Qt's abort.
#include "ui/window/main_window.h"

#include <QGuiApplication>
#include <QProcess>
#include <QScreen>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace synscope;

namespace {

// The offscreen platform plugin warns on every top-level window shown; everything else goes through.
QtMessageHandler previousHandler = nullptr;
void quietHandler(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (type == QtWarningMsg && message == QLatin1String("This plugin does not support propagateSizeHints()"))
        return;
    if (previousHandler)
        previousHandler(type, context, message);
}

// The environment of a login without a display (ssh, su -): no X11, no Wayland, no platform chosen.
QProcessEnvironment withoutDisplay(const QString& home)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home);
    env.insert(QStringLiteral("XDG_CACHE_HOME"), home);
    return env;
}

} // namespace

class TestWindowStartup : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_settings;

private slots:
    void initTestCase();
    void firstStartTakesMostOfTheScreen();
    void laterStartsRestoreTheWindow();
    void noDisplaySaysSoInOneLine();
    void noDisplayStillAnswersVersion();
};

void TestWindowStartup::initTestCase()
{
    previousHandler = qInstallMessageHandler(quietHandler);
    // Never read or write the user's settings: an empty folder of our own stands for a first start.
    QVERIFY(m_settings.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("SynScopeGuiTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_window_startup"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
    QVERIFY(QSettings().allKeys().isEmpty());
}

// 1. Nothing remembered: about 80 % of the screen's available area, centred (not Qt's ~600×580 in a corner).
void TestWindowStartup::firstStartTakesMostOfTheScreen()
{
    QVERIFY(QSettings().value(QStringLiteral("window/geometry")).isNull());
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    const QRect available = w.screen()->availableGeometry();
    const QString sizes = QStringLiteral("window %1×%2 at (%3,%4), frame %5×%6; available %7×%8 at (%9,%10); minimum %11×%12")
                              .arg(w.width())
                              .arg(w.height())
                              .arg(w.frameGeometry().x())
                              .arg(w.frameGeometry().y())
                              .arg(w.frameGeometry().width())
                              .arg(w.frameGeometry().height())
                              .arg(available.width())
                              .arg(available.height())
                              .arg(available.x())
                              .arg(available.y())
                              .arg(w.minimumSizeHint().width())
                              .arg(w.minimumSizeHint().height());
    // On a small screen (the offscreen platform's), no smaller than the menus and toolbar need.
    const QSize wanted = QSize(qRound(available.width() * 0.8), qRound(available.height() * 0.8)).expandedTo(w.minimumSizeHint());
    QVERIFY2(qAbs(w.width() - wanted.width()) <= available.width() * 0.02, qPrintable(sizes));
    QVERIFY2(qAbs(w.height() - wanted.height()) <= available.height() * 0.02, qPrintable(sizes));
    QVERIFY2(w.width() >= available.width() * 0.78 && w.height() >= available.height() * 0.78, qPrintable(sizes));
    QVERIFY2(qAbs(w.frameGeometry().center().x() - available.center().x()) <= 2 &&
                 qAbs(w.frameGeometry().center().y() - available.center().y()) <= 2,
             qPrintable(sizes));
}

// 2. Once closed, the next window opens as the last one was left.
void TestWindowStartup::laterStartsRestoreTheWindow()
{
    QSize left;
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.resize(700, 520);
        QTRY_COMPARE(w.size(), QSize(700, 520));
        left = w.size();
        QVERIFY(w.close());
    }
    QVERIFY(!QSettings().value(QStringLiteral("window/geometry")).isNull());
    MainWindow again;
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    QCOMPARE(again.size(), left);
}

// 3. `synscope FILE` with no display: one line on stderr naming the way out, status 1 (not Qt's abort, 134).
void TestWindowStartup::noDisplaySaysSoInOneLine()
{
    const QString binary = QStringLiteral(SYNSCOPE_GUI_BINARY);
    QVERIFY2(QFileInfo(binary).isExecutable(), qPrintable(binary));
    QTemporaryDir home;
    QProcess p;
    p.setProcessEnvironment(withoutDisplay(home.path()));
    p.start(binary, {QDir(qEnvironmentVariable("SYNSCOPE_SOURCE_DIR")).filePath(QStringLiteral("resources/sample.pcapng"))});
    QVERIFY(p.waitForStarted());
    QVERIFY(p.waitForFinished(20000));
    const QString err = QString::fromLocal8Bit(p.readAllStandardError());
    const QString report = QStringLiteral("exit status %1 (%2), stderr: \"%3\"")
                               .arg(p.exitCode())
                               .arg(p.exitStatus() == QProcess::NormalExit ? "normal" : "crashed", err);
    QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 1, qPrintable(report));
    QVERIFY2(err.trimmed().count(QLatin1Char('\n')) == 0, qPrintable(report));
    QVERIFY2(err.contains(QStringLiteral("no display")), qPrintable(report));
    QVERIFY2(err.contains(QStringLiteral("synscope-cli")), qPrintable(report));
    QVERIFY2(err.contains(QStringLiteral("QT_QPA_PLATFORM=offscreen")), qPrintable(report));
    QCOMPARE(p.readAllStandardOutput(), QByteArray());
}

// 4. --version (and --help) answer without a display.
void TestWindowStartup::noDisplayStillAnswersVersion()
{
    QTemporaryDir home;
    QProcess p;
    p.setProcessEnvironment(withoutDisplay(home.path()));
    p.start(QStringLiteral(SYNSCOPE_GUI_BINARY), {QStringLiteral("--version")});
    QVERIFY(p.waitForStarted());
    QVERIFY(p.waitForFinished(20000));
    QCOMPARE(p.exitCode(), 0);
    QVERIFY2(p.readAllStandardOutput().startsWith("synscope "), "--version prints the name and version");
}

QTEST_MAIN(TestWindowStartup)
#include "test_window_startup.moc"
