// The bundled sample is what the capture builder makes, byte for byte, and tells the stories the README
// promises.
#include "sample_capture.h"
#include "test_support.h"

#include <QFile>
#include <QtTest>

using namespace synscope;

class TestSampleCapture : public QObject {
    Q_OBJECT

private slots:
    void builderRegeneratesTheBundledFile()
    {
        QTemporaryDir dir;
        const std::string path = testkit::buildSampleCapture().writeTemp(dir.path().toStdString(), "sample.pcapng");
        QFile made(QString::fromStdString(path));
        QFile bundled(QString::fromLocal8Bit(qgetenv("SYNSCOPE_SOURCE_DIR")) + "/resources/sample.pcapng");
        QVERIFY(made.open(QIODevice::ReadOnly));
        QVERIFY2(bundled.open(QIODevice::ReadOnly), qPrintable(bundled.fileName()));
        const QByteArray a = made.readAll(), b = bundled.readAll();
        QCOMPARE(a.size(), b.size());
        QVERIFY2(a == b, "resources/sample.pcapng differs from the builder's output; regenerate it with "
                         "build/tests/synscope-make-sample resources/sample.pcapng");
    }

    void showsEveryKindOfConnectionLife()
    {
        const auto capture = test::load(testkit::buildSampleCapture());
        QCOMPARE(capture->store->size(), std::size_t{55});
        QStringList opens, closes;
        for (const ConnectionReport& r : buildConnectionReports(capture->store->tracker())) {
            opens << openKindName(r.open);
            closes << closeKindName(r.close);
        }
        QCOMPARE(opens, (QStringList{"three-way", "three-way", "refused", "rejected", "unanswered", "three-way",
                                     "three-way", "three-way"}));
        QCOMPARE(closes, (QStringList{"four-way", "three-way", "none", "none", "none", "simultaneous", "reset",
                                      "four-way"}));
    }
};

QTEST_GUILESS_MAIN(TestSampleCapture)
#include "test_sample_capture.moc"
