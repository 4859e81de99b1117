// SPDX-License-Identifier: GPL-3.0-or-later
// Credentials and SecretString: masking, redaction in QDebug, wiping semantics.
#include "aws/Credentials.h"
#include "common/SecretString.h"

#include <QTest>

using namespace signet;
using namespace signet::aws;

namespace {

template<typename T> QString debugText(const T &value)
{
    QString out;
    QDebug(&out) << value;
    return out.trimmed(); // QDebug appends a space after each item
}

} // namespace

class TestCredentials final : public QObject
{
    Q_OBJECT

private slots:
    void secretStringBasics();
    void secretStringCopiesAreIndependent();
    void secretStringDebugIsRedacted();
    void maskedAccessKeyId();
    void credentialsDebugNeverShowsSecrets();
    void temporary();
};

void TestCredentials::secretStringBasics()
{
    SecretString empty;
    QVERIFY(empty.isEmpty());
    const SecretString s(QByteArrayView("hunter2"));
    QCOMPARE(s.reveal(), QByteArray("hunter2"));
    QCOMPARE(s.size(), 7);
    QCOMPARE(SecretString::fromUtf8(QStringLiteral("é")).reveal(), QByteArray("\xc3\xa9"));
    QCOMPARE(SecretString::fromUtf8(QStringLiteral("日本")).revealText(), QStringLiteral("日本"));
    QVERIFY(s == SecretString(QByteArrayView("hunter2")));
    QVERIFY(s != SecretString(QByteArrayView("hunter3")));
    QVERIFY(s != empty);
}

void TestCredentials::secretStringCopiesAreIndependent()
{
    SecretString a(QByteArrayView("alpha"));
    SecretString b = a;
    QVERIFY(a.reveal().constData() != b.reveal().constData()); // deep copies: each wipes its own
    a.clear();
    QVERIFY(a.isEmpty());
    QCOMPARE(b.reveal(), QByteArray("alpha"));
    SecretString c = std::move(b);
    QCOMPARE(c.reveal(), QByteArray("alpha"));
    QVERIFY(b.isEmpty()); // NOLINT(bugprone-use-after-move): moved-from is defined as empty
    c = SecretString(QByteArrayView("beta"));
    QCOMPARE(c.reveal(), QByteArray("beta"));
    // adopt() takes a sole buffer over without copying, and copies a shared one.
    QByteArray sole("gamma");
    const char *soleData = sole.constData();
    SecretString adopted = SecretString::adopt(std::move(sole));
    QCOMPARE(adopted.reveal().constData(), soleData);
    QByteArray shared("delta");
    const QByteArray otherHolder = shared;
    SecretString copied = SecretString::adopt(std::move(shared));
    QCOMPARE(copied.reveal(), QByteArray("delta"));
    QVERIFY(copied.reveal().constData() != otherHolder.constData());
    QCOMPARE(otherHolder, QByteArray("delta"));
    // A copy someone kept of reveal() is never overwritten under them.
    QByteArray kept = c.reveal();
    c.clear();
    QCOMPARE(kept, QByteArray("beta"));
}

void TestCredentials::secretStringDebugIsRedacted()
{
    QCOMPARE(debugText(SecretString(QByteArrayView("hunter2"))), QStringLiteral("(redacted)"));
    QCOMPARE(debugText(SecretString()), QStringLiteral("(empty)"));
}

void TestCredentials::maskedAccessKeyId()
{
    Credentials c;
    QCOMPARE(c.maskedAccessKeyId(), QStringLiteral("(none)"));
    c.accessKeyId = QStringLiteral("AKIAIOSFODNN7EXAMPLE");
    QCOMPARE(c.maskedAccessKeyId(), QStringLiteral("AKIA…MPLE"));
    c.accessKeyId = QStringLiteral("AKID");
    QCOMPARE(c.maskedAccessKeyId(), QStringLiteral("AK…"));
}

void TestCredentials::credentialsDebugNeverShowsSecrets()
{
    Credentials c;
    c.accessKeyId = QStringLiteral("ASIAIOSFODNN7EXAMPLE");
    c.secretAccessKey = SecretString(QByteArrayView("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
    c.sessionToken = SecretString(QByteArrayView("FwoGZXIvYXdzEXAMPLETOKEN"));
    c.expiration = QDateTime(QDate(2030, 1, 2), QTime(3, 4, 5), Qt::UTC);
    c.source = QStringLiteral("shared-credentials-file:default");
    const QString text = debugText(c);
    QVERIFY2(text.contains(QStringLiteral("ASIA…MPLE")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("shared-credentials-file:default")));
    QVERIFY(text.contains(QStringLiteral("2030-01-02T03:04:05Z")));
    QVERIFY(!text.contains(QStringLiteral("ASIAIOSFODNN7EXAMPLE")));
    QVERIFY(!text.contains(QStringLiteral("wJalr")));
    QVERIFY(!text.contains(QStringLiteral("EXAMPLEKEY")));
    QVERIFY(!text.contains(QStringLiteral("FwoG")));
}

void TestCredentials::temporary()
{
    Credentials c;
    c.accessKeyId = QStringLiteral("AKID");
    QVERIFY(!c.isComplete());
    c.secretAccessKey = SecretString(QByteArrayView("s"));
    QVERIFY(c.isComplete());
    QVERIFY(!c.isTemporary());
    c.sessionToken = SecretString(QByteArrayView("t"));
    QVERIFY(c.isTemporary());
}

QTEST_GUILESS_MAIN(TestCredentials)
#include "tst_credentials.moc"
