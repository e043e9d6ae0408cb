// Field-by-field agreement with tshark on the shared corpus of real captures (../shared/corpus), scored
// by the shared comparison tool. Skipped, saying why, when this checkout has no ../shared.
#include "test_support.h"

#include <QRegularExpression>
#include <QStandardPaths>
#include <QtTest>

using namespace synscope;

class TestCorpus : public QObject {
    Q_OBJECT

private slots:
    void agreesWithTshark()
    {
        const QString shared = test::sharedDir();
        if (shared.isEmpty())
            QSKIP("../shared/corpus is not present in this checkout; the tshark comparison needs it");
        const QString python = QStandardPaths::findExecutable("python3");
        if (python.isEmpty())
            QSKIP("python3 is not installed; the shared comparison tool needs it");
        QProcess p;
        p.start(python, {shared + "/tools/compare-with-tshark", "--cli", QString::fromLocal8Bit(qgetenv("SYNSCOPE_CLI")),
                         "--corpus", shared + "/corpus", "--extra"});
        QVERIFY(p.waitForFinished(600000));
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        auto percent = [&](const QString& label) {
            const QRegularExpressionMatch m =
                QRegularExpression("^" + label + ": ([0-9.]+)%", QRegularExpression::MultilineOption).match(out);
            return m.hasMatch() ? m.captured(1).toDouble() : -1.0;
        };
        const double main = percent("agreement"), extra = percent("extra agreement"), analysis = percent("analysis agreement");
        qInfo("agreement %.2f%%, extra %.2f%%, analysis %.2f%%", main, extra, analysis);
        QVERIFY2(main >= 99.9, qPrintable(out.right(3000)));
        QVERIFY2(extra >= 99.5, qPrintable(out.right(3000)));
        QVERIFY2(analysis >= 95.0, qPrintable(out.right(3000)));
        const QRegularExpressionMatch failed = QRegularExpression("files failed: (\\d+)/").match(out);
        QVERIFY(failed.hasMatch());
        QCOMPARE(failed.captured(1).toInt(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCorpus)
#include "test_corpus.moc"
