// ByteReader and FixedBytes, the bounds-checked reading every decoder goes through: reads in order and
// big-endian, a read that does not fit yields 0 and leaves the reader short (and nothing after it can be
// read), sub-readers and peeks stay inside their range, offsets stay those of the underlying bytes, and a
// random sequence of operations never reads outside the range it was given.
#include "decode/byte_reader.h"

#include <QtTest>
#include <memory>
#include <random>
#include <vector>

using namespace synscope;

namespace {

const std::vector<std::uint8_t> kBytes{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c};

} // namespace

class TestByteReader : public QObject {
    Q_OBJECT

private slots:
    void readsInOrderBigEndian()
    {
        ByteReader r{std::span<const std::uint8_t>(kBytes)};
        QCOMPARE(r.offset(), 0u);
        QCOMPARE(r.remaining(), 12u);
        QCOMPARE(r.u8(), std::uint8_t{0x01});
        QCOMPARE(r.be16(), std::uint16_t{0x0203});
        QCOMPARE(r.be32(), 0x04050607u);
        QCOMPARE(r.offset(), 7u);
        QVERIFY(r.skip(1));
        QCOMPARE(r.peekU8(), std::uint8_t{0x09});
        QCOMPARE(r.be32(), 0x090a0b0cu);
        QVERIFY(r.atEnd());
        QVERIFY(!r.isShort());
        ByteReader again{std::span<const std::uint8_t>(kBytes)};
        QCOMPARE(again.be64(), 0x0102030405060708ull);
    }

    void aReadThatDoesNotFitLeavesTheReaderShort()
    {
        ByteReader r(kBytes.data(), 8, 11); // three bytes: 09 0a 0b
        QCOMPARE(r.be16(), std::uint16_t{0x090a});
        QCOMPARE(r.be16(), std::uint16_t{0}); // one byte left: no read, no partial value
        QVERIFY(r.isShort());
        QVERIFY(r.atEnd());
        QCOMPARE(r.u8(), std::uint8_t{0}); // nothing after a short read is read either
        QVERIFY(!r.skip(1));
        QCOMPARE(r.take(1), nullptr);
        QVERIFY(r.skip(0));
    }

    void fixedBytesReadAtCheckedOffsets()
    {
        ByteReader r{std::span<const std::uint8_t>(kBytes)};
        const FixedBytes<4> peeked = r.peek<4>();
        QVERIFY(peeked);
        QCOMPARE(r.offset(), 0u); // a peek does not consume
        const FixedBytes<6> h = r.fixed<6>();
        QVERIFY(h);
        QCOMPARE(r.offset(), 6u);
        QCOMPARE(h.u8<0>(), std::uint8_t{0x01});
        QCOMPARE(h.be16<1>(), std::uint16_t{0x0203});
        QCOMPARE(h.be32<2>(), 0x03040506u);
        QCOMPARE(h.le32<2>(), 0x06050403u);
        QCOMPARE((h.bytes<4, 2>()), kBytes.data() + 4);
        std::uint8_t copy[2] = {};
        h.copyTo<4, 2>(copy);
        QCOMPARE(copy[0], std::uint8_t{0x05});
        QCOMPARE(copy[1], std::uint8_t{0x06});
        QVERIFY(!r.peek<7>());   // six bytes left
        QVERIFY(!r.isShort());   // a failed peek changes nothing
        QVERIFY(!r.fixed<7>());
        QVERIFY(r.isShort());
    }

    void anEmptyFixedHeaderReadsAsZero()
    {
        const FixedBytes<8> none;
        QVERIFY(!none);
        QCOMPARE(none.u8<7>(), std::uint8_t{0});
        QCOMPARE(none.be16<6>(), std::uint16_t{0});
        QCOMPARE(none.be32<4>(), 0u);
        QCOMPARE(none.be64<0>(), 0ull);
        QCOMPARE((none.bytes<0, 8>()), nullptr);
        std::uint8_t untouched[8] = {7, 7, 7, 7, 7, 7, 7, 7};
        none.copyTo<0, 8>(untouched);
        QCOMPARE(untouched[0], std::uint8_t{7});
    }

    void offsetsStayThoseOfTheBase()
    {
        const ByteReader r(kBytes.data(), 4, 10);
        QCOMPARE(r.offset(), 4u);
        QCOMPARE(r.end(), 10u);
        QCOMPARE(r.peek<1>().u8<0>(), std::uint8_t{0x05});
        ByteReader far = r.at(8);
        QCOMPARE(far.offset(), 8u);
        QCOMPARE(far.be16(), std::uint16_t{0x090a});
        QVERIFY(far.atEnd());
        ByteReader past = r.at(11);
        QVERIFY(past.isShort());
        QCOMPARE(past.u8(), std::uint8_t{0});
        QCOMPARE(r.peekAt<2>(8).be16<0>(), std::uint16_t{0x090a});
        QVERIFY(!r.peekAt<2>(9));  // would end past the reader's end
        QVERIFY(!r.peekAt<2>(2));  // starts before the reader's position
        QVERIFY(!r.peekAt<1>(40)); // past the end altogether
        const ByteReader window = r.window(6, 20);
        QCOMPARE(window.offset(), 6u);
        QCOMPARE(window.end(), 10u); // a window never reaches past the reader's end
        const ByteReader clamped(kBytes.data(), 12, 10); // a start past the end: empty
        QVERIFY(clamped.atEnd());
        QCOMPARE(clamped.remaining(), 0u);
    }

    void subReadersAndLimits()
    {
        ByteReader r{std::span<const std::uint8_t>(kBytes)};
        r.skip(2);
        ByteReader sub = r.sub(4);
        QVERIFY(!r.isShort());
        QCOMPARE(r.offset(), 6u);
        QCOMPARE(sub.offset(), 2u);
        QCOMPARE(sub.end(), 6u);
        QCOMPARE(sub.be32(), 0x03040506u);
        QCOMPARE(sub.u8(), std::uint8_t{0}); // the sub-reader ends where it was told to
        QVERIFY(sub.isShort());
        ByteReader tooLong = r.sub(7); // six bytes left
        QVERIFY(r.isShort());
        QVERIFY(tooLong.isShort());
        QVERIFY(tooLong.atEnd());
        ByteReader whole{std::span<const std::uint8_t>(kBytes)};
        ByteReader limited = whole.upTo(3);
        QCOMPARE(limited.end(), 3u);
        QCOMPARE(whole.upTo(100).end(), 12u); // a limit never extends the range
        whole.skip(5);
        QCOMPARE(whole.upTo(3).remaining(), 0u); // nor ends it before the position
        const std::uint8_t* taken = limited.take(3);
        QCOMPARE(taken, kBytes.data());
        QVERIFY(limited.atEnd());
    }

    // Random operations on a reader over a range of a buffer allocated to exactly that size: every value
    // read matches the bytes, and nothing outside the range is touched (ASan builds would catch it).
    void randomOperationsStayInsideTheRange()
    {
        std::mt19937 rng(7);
        for (int round = 0; round < 20000; ++round) {
            const std::uint32_t size = rng() % 24;
            const std::unique_ptr<std::uint8_t[]> bytes(new std::uint8_t[size ? size : 1]);
            for (std::uint32_t i = 0; i < size; ++i)
                bytes[i] = static_cast<std::uint8_t>(rng());
            const std::uint32_t begin = size ? rng() % (size + 1) : 0;
            ByteReader r(bytes.get(), begin, size);
            std::uint32_t expected = begin;
            bool isShort = false;
            for (int op = 0; op < 8; ++op) {
                const std::uint32_t n = rng() % 10;
                const bool fits = expected + n <= size; // a short reader sits at its end
                switch (rng() % 5) {
                case 0: {
                    const std::uint8_t v = r.u8();
                    const bool ok = expected + 1 <= size;
                    QCOMPARE(v, ok ? bytes[expected] : std::uint8_t{0});
                    expected = ok ? expected + 1 : size;
                    isShort = isShort || !ok;
                    break;
                }
                case 1: {
                    const std::uint32_t v = r.be32();
                    const bool ok = expected + 4 <= size;
                    QCOMPARE(v, ok ? loadBe32(bytes.get() + expected) : 0u);
                    expected = ok ? expected + 4 : size;
                    isShort = isShort || !ok;
                    break;
                }
                case 2:
                    QCOMPARE(r.skip(n), fits);
                    expected = fits ? expected + n : size;
                    isShort = isShort || !fits;
                    break;
                case 3: {
                    ByteReader sub = r.sub(n);
                    QCOMPARE(sub.remaining(), fits ? n : 0u);
                    while (!sub.atEnd())
                        sub.u8();
                    expected = fits ? expected + n : size;
                    isShort = isShort || !fits;
                    break;
                }
                default: {
                    const FixedBytes<4> f = r.peek<4>();
                    QCOMPARE(static_cast<bool>(f), expected + 4 <= size);
                    if (f)
                        QCOMPARE(f.be32<0>(), loadBe32(bytes.get() + expected));
                    break;
                }
                }
                QCOMPARE(r.offset(), expected);
                QCOMPARE(r.isShort(), isShort);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestByteReader)
#include "test_byte_reader.moc"
