// SPDX-License-Identifier: GPL-3.0-or-later
// SigV4: every case of AWS's published Signature Version 4 test suite (tests/data/sigv4), the
// documented signing-key derivations, encoding rules and the signing-key cache.
#include "aws/ByteWriter.h"
#include "aws/SigV4Crypto.h"
#include "aws/SigV4Request.h"
#include "aws/SigV4Signer.h"
#include "aws/SigningKeyCache.h"
#include "aws/UriEncoding.h"

#include "TestPaths.h"

#include <QDir>
#include <QFile>
#include <QTest>

#include <QThread>
#include <QTimeZone>
#include <openssl/crypto.h>

#include <atomic>

using namespace signet;
using namespace signet::aws;

namespace {

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

Credentials suiteCredentials()
{
    Credentials credentials;
    credentials.accessKeyId = QStringLiteral("AKIDEXAMPLE");
    credentials.secretAccessKey = SecretString(QByteArrayView("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
    credentials.source = QStringLiteral("test-suite");
    return credentials;
}

QDateTime utc(const char *stamp)
{
    QDateTime time =
        QDateTime::fromString(QString::fromLatin1(stamp), QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
    time.setTimeZone(QTimeZone::utc());
    return time;
}

// Parses the suite's .req format: request line, headers (continuation lines start with
// whitespace), blank line, body. The request target may contain spaces (get-space).
bool parseRequest(const QByteArray &raw, SigV4Request &request)
{
    const qsizetype bodyStart = raw.indexOf("\n\n");
    const QByteArray head = bodyStart < 0 ? raw : raw.left(bodyStart);
    request.body = bodyStart < 0 ? QByteArray() : raw.mid(bodyStart + 2);
    const QList<QByteArray> lines = head.split('\n');
    if (lines.isEmpty())
        return false;
    const QByteArray &requestLine = lines.first();
    const qsizetype firstSpace = requestLine.indexOf(' ');
    const qsizetype protocol = requestLine.lastIndexOf(" HTTP/");
    if (firstSpace <= 0 || protocol <= firstSpace)
        return false;
    request.method = requestLine.left(firstSpace);
    const QByteArray target = requestLine.mid(firstSpace + 1, protocol - firstSpace - 1);
    const qsizetype question = target.indexOf('?');
    request.path = question < 0 ? target : target.left(question);
    request.query.clear();
    if (question >= 0) {
        for (const QByteArray &pair : target.mid(question + 1).split('&')) {
            if (pair.isEmpty())
                continue;
            const qsizetype eq = pair.indexOf('=');
            request.query.append({uri::decoded(eq < 0 ? pair : pair.left(eq)),
                                  uri::decoded(eq < 0 ? QByteArray() : pair.mid(eq + 1))});
        }
    }
    request.headers.clear();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines[i];
        if (!line.isEmpty() && (line[0] == ' ' || line[0] == '\t') && !request.headers.isEmpty()) {
            request.headers.last().second.append('\n').append(line);
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return false;
        request.headers.append({line.left(colon), line.mid(colon + 1)});
    }
    return true;
}

} // namespace

class TestSigV4 final : public QObject
{
    Q_OBJECT

private slots:
    void testSuite_data();
    void testSuite();
    void suiteHasEnoughCases();

    void signingKeyDerivation_data();
    void signingKeyDerivation();
    void sha256AndHmacKnownAnswers();

    void uriEncoding();
    void byteWriterGrowsWhenTheEstimateIsShort();
    void pathNormalization_data();
    void pathNormalization();
    void trimAll();

    void signHeadersAddsDateAndToken();
    void presignAddsParametersInBotocoreOrder();
    void rejectsIncompleteCredentials();

    void keyCacheHitsAndClears();
    void keyCacheSeparatesSecretsAndScopes();
    void keyCacheIsThreadSafe();
};

void TestSigV4::testSuite_data()
{
    QTest::addColumn<QString>("dir");
    const QDir root(test::sourcePath(QStringLiteral("tests/data/sigv4")));
    const QStringList cases = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString &name : cases)
        QTest::newRow(name.toUtf8().constData()) << root.filePath(name);
    if (cases.isEmpty()) // fail loudly, not with an empty data table
        QTest::newRow("no-vectors") << QString();
}

void TestSigV4::testSuite()
{
    QFETCH(QString, dir);
    QVERIFY2(!dir.isEmpty(), "no test vectors found under tests/data/sigv4 (is SIGNET_SOURCE_DIR set?)");
    const QString name = QDir(dir).dirName();
    const auto file = [&](const char *ext) {
        return readFile(dir + u'/' + name + u'.' + QLatin1String(ext));
    };

    QDateTime time = utc("20150830T123600Z");
    QByteArray service = "service";
    for (const QByteArray &line : file("context").split('\n')) {
        if (line.startsWith("time="))
            time = utc(line.mid(5).constData());
        else if (line.startsWith("service="))
            service = line.mid(8);
    }

    SigV4Request request;
    QVERIFY2(parseRequest(file("req"), request), qPrintable(name + QStringLiteral(".req does not parse")));
    const SigV4Signer signer("us-east-1", service);
    const Result<SigV4Signature> signature = signer.signHeaders(request, suiteCredentials(), time);
    QVERIFY(signature.ok());

    QCOMPARE(signature->canonicalRequest, file("creq"));
    QCOMPARE(signature->stringToSign, file("sts"));
    QCOMPARE(signature->authorization, file("authz"));
}

void TestSigV4::suiteHasEnoughCases()
{
    const QDir root(test::sourcePath(QStringLiteral("tests/data/sigv4")));
    QVERIFY2(root.entryList(QDir::Dirs | QDir::NoDotAndDotDot).size() >= 20,
             qPrintable(QStringLiteral("test vectors missing under ") + root.path()));
}

void TestSigV4::signingKeyDerivation_data()
{
    QTest::addColumn<QByteArray>("date");
    QTest::addColumn<QByteArray>("region");
    QTest::addColumn<QByteArray>("service");
    QTest::addColumn<QByteArray>("expected");
    // The derivation examples of the AWS General Reference ("Examples of how to derive a
    // signing key for Signature Version 4").
    QTest::newRow("iam-2015") << QByteArray("20150830") << QByteArray("us-east-1") << QByteArray("iam")
                              << QByteArray(
                                     "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
    QTest::newRow("iam-2012") << QByteArray("20120215") << QByteArray("us-east-1") << QByteArray("iam")
                              << QByteArray(
                                     "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
}

void TestSigV4::signingKeyDerivation()
{
    QFETCH(QByteArray, date);
    QFETCH(QByteArray, region);
    QFETCH(QByteArray, service);
    QFETCH(QByteArray, expected);
    const QByteArray secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    QCOMPARE(crypto::toHex(SigningKeyCache::derive(secret, date, region, service)), expected);
    SigningKeyCache cache;
    QCOMPARE(crypto::toHex(cache.signingKey(SecretString(secret), date, region, service)), expected);
}

void TestSigV4::sha256AndHmacKnownAnswers()
{
    QCOMPARE(crypto::sha256Hex(""),
             QByteArray("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    QCOMPARE(crypto::sha256Hex("abc"),
             QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    // RFC 4231 test case 2.
    QCOMPARE(crypto::toHex(crypto::hmacSha256(QByteArrayView("Jefe"), "what do ya want for nothing?")),
             QByteArray("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
    // An empty key is legal HMAC.
    QCOMPARE(crypto::toHex(crypto::hmacSha256(QByteArrayView(), "")),
             QByteArray("b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"));
}

void TestSigV4::uriEncoding()
{
    QCOMPARE(uri::encoded("-._~AZaz09"), QByteArray("-._~AZaz09"));
    QCOMPARE(uri::encoded("a b+c/d=e&f%g"), QByteArray("a%20b%2Bc%2Fd%3De%26f%25g"));
    QCOMPARE(uri::encoded("a/b c", true), QByteArray("a/b%20c"));
    QCOMPARE(uri::encoded("\xc3\xa9\xe6\x97\xa5"), QByteArray("%C3%A9%E6%97%A5"));
    QCOMPARE(uri::encoded(QByteArrayView("\0\x7f\xff", 3)), QByteArray("%00%7F%FF"));
    QCOMPARE(uri::decoded("a%20b%2fc+d%zz%4"), QByteArray("a b/c+d%zz%4"));
    // Nothing to escape: the same buffer comes back, no copy.
    const QByteArray plain("X-Amz-Date");
    QCOMPARE(uri::encodedOrSame(plain).constData(), plain.constData());
    QCOMPARE(uri::encodedOrSame(QByteArray("a b")), QByteArray("a%20b"));
}

void TestSigV4::byteWriterGrowsWhenTheEstimateIsShort()
{
    QByteArray out("x");
    {
        ByteWriter writer(out, 2);
        writer.put("hello").put(' ').putEncoded("a b/c", true).put(':').putHex(crypto::sha256(""));
    }
    QCOMPARE(out,
             QByteArray("xhello a%20b/c:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    QByteArray empty;
    {
        ByteWriter writer(empty, 100);
    }
    QVERIFY(empty.isEmpty());
}

void TestSigV4::pathNormalization_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("empty") << QByteArray("") << QByteArray("/");
    QTest::newRow("root") << QByteArray("/") << QByteArray("/");
    QTest::newRow("dotdot-above-root") << QByteArray("/../..") << QByteArray("/");
    QTest::newRow("mixed") << QByteArray("/a/./b/../c//d/") << QByteArray("/a/c/d/");
    QTest::newRow("no-trailing") << QByteArray("/a/b/..") << QByteArray("/a");
    QTest::newRow("encoded-stays") << QByteArray("/%2e%2E/x") << QByteArray("/%252e%252E/x");
}

void TestSigV4::pathNormalization()
{
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, expected);
    SigV4Request request;
    request.path = path;
    QCOMPARE(request.canonicalUri(), expected);
}

void TestSigV4::trimAll()
{
    QCOMPARE(SigV4Request::trimAll("  a \t b\n  c  "), QByteArray("a b c"));
    QCOMPARE(SigV4Request::trimAll("   "), QByteArray(""));
}

void TestSigV4::signHeadersAddsDateAndToken()
{
    Credentials credentials = suiteCredentials();
    credentials.sessionToken = SecretString(QByteArrayView("token/+="));
    SigV4Request request;
    request.setHeader("Host", "example.amazonaws.com");
    const Result<SigV4Signature> signature =
        SigV4Signer("us-east-1", "service").signHeaders(request, credentials, utc("20150830T123600Z"));
    QVERIFY(signature.ok());
    QVERIFY(request.hasHeader("x-amz-date"));
    QVERIFY(request.hasHeader("X-AMZ-SECURITY-TOKEN"));
    QVERIFY(signature->authorization.contains("SignedHeaders=host;x-amz-date;x-amz-security-token,"));
    QVERIFY(signature->canonicalRequest.contains("\nx-amz-security-token:token/+=\n"));
}

void TestSigV4::presignAddsParametersInBotocoreOrder()
{
    Credentials credentials = suiteCredentials();
    credentials.sessionToken = SecretString(QByteArrayView("tok/+="));
    SigV4Request request;
    request.query.emplaceBack("Action", "connect");
    request.setHeader("host", "example.amazonaws.com");
    const Result<SigV4Signature> signature =
        SigV4Signer("us-east-1", "service").presign(request, credentials, utc("20150830T123600Z"), 60);
    QVERIFY(signature.ok());
    QVERIFY(signature->presignedQuery.startsWith(
        "Action=connect&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%"
        "2F"
        "service%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&"
        "X-Amz-Security-Token=tok%2F%2B%3D&X-Amz-Signature="));
    QCOMPARE(signature->presignedQuery.size(),
             signature->presignedQuery.indexOf("X-Amz-Signature=") + 16 + 64);
    QVERIFY(signature->authorization.isEmpty());
    // The canonical query is sorted; the signature itself is not part of it.
    QVERIFY(signature->canonicalRequest.startsWith("GET\n/\nAction=connect&X-Amz-Algorithm="));
    QVERIFY(!signature->canonicalRequest.contains("X-Amz-Signature"));
    QVERIFY(signature->canonicalRequest.endsWith(
        "\nhost:example.amazonaws.com\n\nhost\n"
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
}

void TestSigV4::rejectsIncompleteCredentials()
{
    SigV4Request request;
    Credentials noSecret;
    noSecret.accessKeyId = QStringLiteral("AKIDEXAMPLE");
    const Result<SigV4Signature> signature =
        SigV4Signer("us-east-1", "service").signHeaders(request, noSecret, utc("20150830T123600Z"));
    QVERIFY(!signature.ok());
    QCOMPARE(signature.error().code, QStringLiteral("sigv4.no-credentials"));
    QVERIFY(
        !SigV4Signer("", "service").presign(request, suiteCredentials(), utc("20150830T123600Z"), 60).ok());
    QVERIFY(!SigV4Signer("us-east-1", "service").presign(request, suiteCredentials(), QDateTime(), 60).ok());
}

void TestSigV4::keyCacheHitsAndClears()
{
    SigningKeyCache cache;
    const SecretString secret(QByteArrayView("secret-one"));
    const crypto::Digest first = cache.signingKey(secret, "20200101", "eu-west-1", "rds-db");
    const crypto::Digest second = cache.signingKey(secret, "20200101", "eu-west-1", "rds-db");
    QVERIFY(first == second);
    QCOMPARE(cache.size(), 1);
    QCOMPARE(cache.misses(), 1u);
    QCOMPARE(cache.hits(), 1u);
    cache.clear();
    QCOMPARE(cache.size(), 0);
    QVERIFY(cache.signingKey(secret, "20200101", "eu-west-1", "rds-db") == first);
    QCOMPARE(cache.misses(), 2u);
}

void TestSigV4::keyCacheSeparatesSecretsAndScopes()
{
    SigningKeyCache cache;
    const SecretString a(QByteArrayView("secret-a"));
    const SecretString b(QByteArrayView("secret-b"));
    const crypto::Digest base = cache.signingKey(a, "20200101", "eu-west-1", "rds-db");
    QVERIFY(cache.signingKey(b, "20200101", "eu-west-1", "rds-db") != base);
    QVERIFY(cache.signingKey(a, "20200102", "eu-west-1", "rds-db") != base);
    QVERIFY(cache.signingKey(a, "20200101", "eu-west-2", "rds-db") != base);
    QVERIFY(cache.signingKey(a, "20200101", "eu-west-1", "sts") != base);
    QCOMPARE(cache.size(), 5);
    // Bounded: it starts over rather than growing without limit.
    for (int i = 0; i < SigningKeyCache::MaxEntries * 2; ++i)
        (void)cache.signingKey(a, "20200101", QByteArray::number(i), "rds-db");
    QVERIFY(cache.size() <= SigningKeyCache::MaxEntries);
}

void TestSigV4::keyCacheIsThreadSafe()
{
    SigningKeyCache cache;
    const SecretString secret(QByteArrayView("shared"));
    const crypto::Digest expected =
        SigningKeyCache::derive(secret.reveal(), "20200101", "us-east-1", "rds-db");
    std::atomic<int> wrong{0};
    QList<QThread *> threads;
    for (int t = 0; t < 4; ++t) {
        threads.append(QThread::create([&cache, &secret, &expected, &wrong, t] {
            for (int i = 0; i < 300; ++i) {
                if (cache.signingKey(secret, "20200101", "us-east-1", "rds-db") != expected)
                    ++wrong;
                (void)cache.signingKey(secret, "20200101", QByteArray::number(t * 1000 + i % 40), "rds-db");
                if (i % 97 == 0)
                    cache.clear();
            }
            // OpenSSL frees a thread's error queue in a pthread destructor that runs after
            // QThread::wait() returns; free it here, so the leak check at exit never races it.
            OPENSSL_thread_stop();
        }));
        threads.last()->start();
    }
    for (QThread *thread : threads) {
        QVERIFY(thread->wait(30000));
        delete thread;
    }
    QCOMPARE(wrong.load(), 0);
}

QTEST_GUILESS_MAIN(TestSigV4)
#include "tst_sigv4.moc"
