// Field-by-field agreement with tshark on the shared corpus of real captures (../shared/corpus), scored
// by the shared comparison tool (../shared/tools/compare-with-tshark --extra --verbose). Every file must
// agree on every value: main fields, stream/relative numbers/window ("extra") and the analysis flags, as the
// README claims (100.00 %, no failed file). A difference fails naming the file, the frame and the field.
// Skipped, saying why, when this checkout has no ../shared or python3 is missing.
#include "test_support.h"

#include <QRegularExpression>
#include <QStandardPaths>
#include <QtTest>

using namespace synscope;

namespace {

// The tool's totals as measured on this corpus when the test was written (every value agreeing). A total
// can only shrink if tshark's oracle files or the tool changed, or values went missing on our side (which is
// a difference anyway): fewer compared values means less was checked.
constexpr qint64 kMinMainValues = 394390;
constexpr qint64 kMinExtraValues = 228633;
constexpr qint64 kMinAnalysisValues = 7105;

} // namespace

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
        // --verbose lists every differing value ("    FILE #FRAME FIELD: tshark=X ours=Y"), of every group
        // (main, extra, analysis); --max-show lifts its limit of 5 a file.
        p.start(python, {shared + "/tools/compare-with-tshark", "--cli", QString::fromLocal8Bit(qgetenv("SYNSCOPE_CLI")),
                         "--corpus", shared + "/corpus", "--extra", "--verbose", "--max-show", "100000000"});
        QVERIFY(p.waitForFinished(600000));
        QCOMPARE(p.exitCode(), 0);
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        const QStringList lines = out.split('\n');

        // 1. No value differs, in any group.
        static const QRegularExpression differs("^    (\\S+) #(\\d+) (\\S+): tshark=(.*) ours=(.*)$");
        QStringList differences;
        for (const QString& line : lines)
            if (const auto m = differs.match(line); m.hasMatch())
                differences << QString("%1 frame %2 field %3: tshark %4, SynScope %5")
                                   .arg(m.captured(1), m.captured(2), m.captured(3), m.captured(4), m.captured(5));
        QVERIFY2(differences.isEmpty(), qPrintable(QString("%1 values differ from tshark:\n").arg(differences.size()) +
                                                   differences.mid(0, 50).join('\n')));

        // 2. Every corpus file has its line, with the verdict its entry in test::corpusFiles() calls for:
        // "ok" with all of tshark's packets, "ok (rejected)" for a file tshark refuses, "ok (empty)".
        //   "      ok NAME: 100.00% of N values, packets A/B, exit 0"   "ok (rejected) NAME: exit 1"
        static const QRegularExpression fileLine("^\\s*(ok|diff|FAIL|ok \\(rejected\\)|ok \\(empty\\)|FAIL \\(.*\\)) "
                                                 "(\\S+): (.*)$");
        static const QRegularExpression packets("packets (\\d+)/(\\d+)");
        QMap<QString, QString> verdicts, details;
        for (const QString& line : lines)
            if (const auto m = fileLine.match(line); m.hasMatch()) {
                QVERIFY2(!verdicts.contains(m.captured(2)), qPrintable("two lines for " + m.captured(2)));
                verdicts[m.captured(2)] = m.captured(1);
                details[m.captured(2)] = m.captured(3);
            }
        const QStringList files = test::corpusCaptureNames();
        for (const QString& name : files) {
            const test::CorpusFile* entry = test::corpusFile(name);
            QVERIFY2(entry, qPrintable(name + ": no entry in test::corpusFiles()"));
            QVERIFY2(verdicts.contains(name), qPrintable(name + ": not scored by the tool\n" + out.right(3000)));
            const QString want = entry->read == test::CorpusRead::Refused ? "ok (rejected)"
                                 : entry->packets == 0                    ? "ok (empty)"
                                                                          : "ok";
            QVERIFY2(verdicts[name] == want,
                     qPrintable(QString("%1: %2 %3 (expected %4)").arg(name, verdicts[name], details[name], want)));
            if (want == "ok") {
                const auto m = packets.match(details[name]);
                QVERIFY2(m.hasMatch() && m.captured(1).toInt() == entry->packets && m.captured(2).toInt() == entry->packets,
                         qPrintable(QString("%1: %2 (capinfos counts %3 packets)").arg(name, details[name]).arg(entry->packets)));
            }
        }
        QCOMPARE(verdicts.size(), files.size());
        QCOMPARE(files.size(), qsizetype(test::corpusFiles().size()));

        // 3. The totals: 100.00 % of at least as many values as were compared when this was written.
        auto total = [&](const QString& label, qint64 minimum) {
            const QRegularExpressionMatch m =
                QRegularExpression("^" + label + ": ([0-9.]+)% \\((\\d+)/(\\d+) field values\\)",
                                   QRegularExpression::MultilineOption)
                    .match(out);
            QVERIFY2(m.hasMatch(), qPrintable(label + ": no total line\n" + out.right(3000)));
            const qint64 agreeing = m.captured(2).toLongLong(), compared = m.captured(3).toLongLong();
            qInfo("%s: %lld of %lld values agree", qPrintable(label), agreeing, compared);
            QVERIFY2(agreeing == compared, qPrintable(QString("%1: %2 of %3 values").arg(label).arg(agreeing).arg(compared)));
            QVERIFY2(compared >= minimum,
                     qPrintable(QString("%1: only %2 values compared, %3 before").arg(label).arg(compared).arg(minimum)));
        };
        total("agreement", kMinMainValues);
        if (QTest::currentTestFailed())
            return;
        total("extra agreement", kMinExtraValues);
        if (QTest::currentTestFailed())
            return;
        total("analysis agreement", kMinAnalysisValues);
        if (QTest::currentTestFailed())
            return;
        const QRegularExpressionMatch failed = QRegularExpression("files failed: (\\d+)/(\\d+)").match(out);
        QVERIFY(failed.hasMatch());
        QCOMPARE(failed.captured(1).toInt(), 0);
        QCOMPARE(failed.captured(2).toInt(), files.size());
    }
};

QTEST_GUILESS_MAIN(TestCorpus)
#include "test_corpus.moc"
