// Byte-for-byte parity of AuthToken::generate with botocore's RDS generate_db_auth_token over
// 600+ seeded random inputs and a list of edge cases (tests/support/botocore_tokens.py).
#include "token/AuthToken.h"

#include "TestPaths.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace signet;
using namespace signet::token;

namespace {

const QString Python = QStringLiteral("/usr/bin/python3");

struct Case
{
    QString host;
    int port = 0;
    QString region;
    QString user;
    QString accessKeyId;
    QString secret;
    QString sessionToken; // empty: none
    QDateTime time;
    int expiresIn = 900;
};

QString describe(const Case &c)
{
    return QStringLiteral("host=%1 port=%2 region=%3 user=%4 key=%5 token=%6 time=%7 expiresIn=%8")
        .arg(c.host)
        .arg(c.port)
        .arg(c.region, c.user, c.accessKeyId,
             c.sessionToken.isEmpty() ? QStringLiteral("(none)") : c.sessionToken,
             c.time.toString(Qt::ISODate))
        .arg(c.expiresIn);
}

QString pick(QRandomGenerator &rng, const QStringList &list)
{
    return list.at(int(rng.bounded(quint32(list.size()))));
}

QString randomFrom(QRandomGenerator &rng, const QStringList &alphabet, int minLength, int maxLength)
{
    const int length = minLength + int(rng.bounded(quint32(maxLength - minLength + 1)));
    QString out;
    for (int i = 0; i < length; ++i)
        out += pick(rng, alphabet);
    return out;
}

QStringList characters(const QString &chars)
{
    QStringList out;
    for (QChar c : chars)
        out.append(QString(c));
    return out;
}

const QStringList AwsRegions = {
    QStringLiteral("us-east-1"),      QStringLiteral("us-east-2"),      QStringLiteral("us-west-1"),
    QStringLiteral("us-west-2"),      QStringLiteral("eu-west-1"),      QStringLiteral("eu-west-3"),
    QStringLiteral("eu-central-1"),   QStringLiteral("eu-central-2"),   QStringLiteral("eu-north-1"),
    QStringLiteral("eu-south-2"),     QStringLiteral("ap-southeast-1"), QStringLiteral("ap-southeast-4"),
    QStringLiteral("ap-northeast-1"), QStringLiteral("ap-south-1"),     QStringLiteral("sa-east-1"),
    QStringLiteral("ca-central-1"),   QStringLiteral("me-south-1"),     QStringLiteral("af-south-1"),
    QStringLiteral("il-central-1"),
};
const QStringList ChinaRegions = {QStringLiteral("cn-north-1"), QStringLiteral("cn-northwest-1")};
const QStringList GovRegions = {QStringLiteral("us-gov-west-1"), QStringLiteral("us-gov-east-1")};

Case randomCase(QRandomGenerator &rng)
{
    static const QStringList lower = characters(QStringLiteral("abcdefghijklmnopqrstuvwxyz0123456789"));
    static const QStringList hostChars =
        characters(QStringLiteral("abcdefghijklmnopqrstuvwxyzABCDEFXYZ0123456789-"));
    static const QStringList keyChars = characters(QStringLiteral("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"));
    static const QStringList base64 =
        characters(QStringLiteral("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+="));
    static const QStringList userAlphabet = [] {
        QStringList a = characters(
            QStringLiteral("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789_-. +@/=&%~'()*!#?:;,\"<>[]{}|\\^`$"));
        a << QStringLiteral("é") << QStringLiteral("ß") << QStringLiteral("日本") << QStringLiteral("ü")
          << QStringLiteral("😀") << QStringLiteral("\t") << QStringLiteral("Ω") << QStringLiteral("𝄞");
        return a;
    }();

    Case c;
    const quint32 partition = rng.bounded(10u);
    const QString id = randomFrom(rng, lower, 8, 14);
    const QString name = randomFrom(rng, hostChars, 1, 20);
    if (partition < 2) {
        c.region = pick(rng, ChinaRegions);
        c.host = name + u'.' + id + u'.' + c.region + QStringLiteral(".rds.amazonaws.com.cn");
    } else if (partition < 3) {
        c.region = pick(rng, GovRegions);
        c.host = name + u'.' + id + u'.' + c.region + QStringLiteral(".rds.amazonaws.com");
    } else if (partition < 4) {
        c.region = pick(rng, AwsRegions);
        c.host = QStringLiteral("%1.%2.%3.%4")
                     .arg(rng.bounded(256u))
                     .arg(rng.bounded(256u))
                     .arg(rng.bounded(256u))
                     .arg(rng.bounded(256u));
    } else {
        c.region = pick(rng, AwsRegions);
        c.host =
            name + QStringLiteral(".cluster-") + id + u'.' + c.region + QStringLiteral(".rds.amazonaws.com");
    }
    static const int specials[] = {80, 443, 3306, 5432, 1, 65535};
    c.port = rng.bounded(8u) == 0 ? specials[rng.bounded(6u)] : 1 + int(rng.bounded(65535u));
    c.user = randomFrom(rng, userAlphabet, 1, 40);
    c.accessKeyId = (rng.bounded(2u) ? QStringLiteral("AKIA") : QStringLiteral("ASIA")) +
                    randomFrom(rng, keyChars, 16, 16);
    c.secret = randomFrom(rng, base64, 40, 40);
    if (rng.bounded(4u) != 0)
        c.sessionToken = randomFrom(rng, base64, 100, 900);
    // 2000-01-01 .. 2099-12-31
    c.time = QDateTime::fromSecsSinceEpoch(946684800 + qint64(rng.bounded(3155760000u)), QTimeZone::utc());
    c.expiresIn = rng.bounded(3u) == 0 ? 900 : 1 + int(rng.bounded(900u));
    return c;
}

QList<Case> edgeCases()
{
    const QDateTime t = QDateTime(QDate(2015, 8, 30), QTime(12, 36, 0), QTimeZone::utc());
    const QString key = QStringLiteral("AKIDEXAMPLE");
    const QString secret = QStringLiteral("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    const QString sts =
        QStringLiteral("AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuF"
                       "qwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2"
                       "wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d"
                       "+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx"
                       "3iSIlTJabIQwj2ICCR/oLxBA==");
    const QString rds = QStringLiteral("mydb.c9akciq32.us-east-1.rds.amazonaws.com");
    const QString us = QStringLiteral("us-east-1");
    QList<Case> list;
    const auto add = [&](QString host, int port, QString region, QString user, QString token = {},
                         QDateTime time = {}, int expires = 900) {
        list.append(Case{std::move(host), port, std::move(region), std::move(user), key, secret,
                         std::move(token), time.isValid() ? time : t, expires});
    };
    add(rds, 443, us, QStringLiteral("iam_user"));
    add(QStringLiteral("MyDB.C9AKCIQ32.US-EAST-1.RDS.AMAZONAWS.COM"), 443, us, QStringLiteral("u"));
    add(QStringLiteral("MyDB.C9AKCIQ32.US-EAST-1.RDS.AMAZONAWS.COM"), 3306, us, QStringLiteral("u"));
    add(rds, 80, us, QStringLiteral("u"));
    add(rds, 1, us, QStringLiteral("u"));
    add(rds, 65535, us, QStringLiteral("u"));
    add(rds, 8443, us, QStringLiteral("u"));
    add(rds, 4430, us, QStringLiteral("u"));
    add(rds, 44, us, QStringLiteral("u"));
    add(rds, 5432, us, QStringLiteral(" "));
    add(rds, 5432, us, QStringLiteral("  leading and trailing  "));
    add(rds, 5432, us, QStringLiteral("%"));
    add(rds, 5432, us, QStringLiteral("%20"));
    add(rds, 5432, us, QStringLiteral("a+b"));
    add(rds, 5432, us, QStringLiteral("+ @ / = & % ~ ' ( ) * !"));
    add(rds, 5432, us, QStringLiteral("-._~"));
    add(rds, 5432, us, QStringLiteral("é日本😀"));
    add(rds, 5432, us, QStringLiteral("tab\there"));
    add(rds, 5432, us, QString(200, u'x'));
    add(rds, 5432, us, QStringLiteral("user"), sts);
    add(rds, 5432, us, QStringLiteral("user"), QStringLiteral("/+="));
    add(rds, 5432, us, QStringLiteral("user"), QStringLiteral("=="));
    add(QStringLiteral("db.x.cn-north-1.rds.amazonaws.com.cn"), 3306, QStringLiteral("cn-north-1"),
        QStringLiteral("u"));
    add(QStringLiteral("db.x.cn-northwest-1.rds.amazonaws.com.cn"), 443, QStringLiteral("cn-northwest-1"),
        QStringLiteral("u"), sts);
    add(QStringLiteral("db.x.us-gov-west-1.rds.amazonaws.com"), 5432, QStringLiteral("us-gov-west-1"),
        QStringLiteral("u"));
    add(QStringLiteral("db.x.us-gov-east-1.rds.amazonaws.com"), 5432, QStringLiteral("us-gov-east-1"),
        QStringLiteral("u"));
    add(QStringLiteral("10.0.0.5"), 5432, us, QStringLiteral("u"));
    add(QStringLiteral("localhost"), 15432, us, QStringLiteral("u"));
    add(QStringLiteral("a"), 5432, us, QStringLiteral("u"));
    add(QStringLiteral("under_score.example"), 5432, us, QStringLiteral("u"));
    add(rds, 5432, us, QStringLiteral("u"), {}, t, 1);
    add(rds, 5432, us, QStringLiteral("u"), {}, t, 899);
    add(rds, 5432, us, QStringLiteral("u"), {},
        QDateTime(QDate(1999, 12, 31), QTime(23, 59, 59), QTimeZone::utc()));
    add(rds, 5432, us, QStringLiteral("u"), {},
        QDateTime(QDate(2000, 1, 1), QTime(0, 0, 0), QTimeZone::utc()));
    add(rds, 5432, us, QStringLiteral("u"), {},
        QDateTime(QDate(2024, 2, 29), QTime(12, 0, 0), QTimeZone::utc()));
    return list;
}

QJsonObject toJson(const Case &c)
{
    QJsonObject o;
    o[QStringLiteral("host")] = c.host;
    o[QStringLiteral("port")] = c.port;
    o[QStringLiteral("region")] = c.region;
    o[QStringLiteral("user")] = c.user;
    o[QStringLiteral("accessKeyId")] = c.accessKeyId;
    o[QStringLiteral("secretAccessKey")] = c.secret;
    o[QStringLiteral("sessionToken")] =
        c.sessionToken.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(c.sessionToken);
    o[QStringLiteral("signingTime")] = c.time.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
    o[QStringLiteral("expiresIn")] = c.expiresIn;
    return o;
}

// The query parameters of a token as a sorted list, for order-insensitive comparison.
QStringList sortedParameters(const QString &token)
{
    QStringList parts = token.mid(token.indexOf(QStringLiteral("/?")) + 2).split(u'&');
    parts.sort();
    return parts;
}

} // namespace

class TestBotocoreParity final : public QObject
{
    Q_OBJECT

private slots:
    void matchesBotocore();
};

void TestBotocoreParity::matchesBotocore()
{
    if (!QFile::exists(Python))
        QFAIL("/usr/bin/python3 is missing: install python3 and python3-botocore (apt-get install "
              "python3-botocore); this test needs botocore as the reference and will not skip");
    const QString script = test::sourcePath(QStringLiteral("tests/support/botocore_tokens.py"));
    QVERIFY2(QFile::exists(script), qPrintable(QStringLiteral("missing ") + script));

    QRandomGenerator rng(0x5167e7u);
    QList<Case> cases = edgeCases();
    const qsizetype edgeCount = cases.size();
    for (int i = 0; i < 600; ++i)
        cases.append(randomCase(rng));

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString in = dir.filePath(QStringLiteral("in.json"));
    const QString out = dir.filePath(QStringLiteral("out.json"));
    {
        QJsonArray array;
        for (const Case &c : std::as_const(cases))
            array.append(toJson(c));
        QFile file(in);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(array).toJson(QJsonDocument::Compact));
    }

    QProcess python;
    python.start(Python, {script, in, out});
    QVERIFY2(python.waitForStarted(10000), qPrintable(QStringLiteral("cannot start ") + Python));
    QVERIFY2(python.waitForFinished(500000), "botocore_tokens.py did not finish in time");
    const QString stderrText = QString::fromUtf8(python.readAllStandardError());
    if (python.exitStatus() != QProcess::NormalExit || python.exitCode() != 0)
        QFAIL(qPrintable(
            QStringLiteral("botocore_tokens.py failed (exit %1); is python3-botocore installed? %2")
                .arg(python.exitCode())
                .arg(stderrText)));

    QFile resultFile(out);
    QVERIFY(resultFile.open(QIODevice::ReadOnly));
    const QJsonObject document = QJsonDocument::fromJson(resultFile.readAll()).object();
    const QJsonArray results = document.value(QStringLiteral("results")).toArray();
    QCOMPARE(results.size(), cases.size());
    qInfo().noquote() << "botocore" << document.value(QStringLiteral("botocore")).toString() << "with"
                      << cases.size() << "inputs (" << edgeCount << "edge cases), CRT signer"
                      << (document.value(QStringLiteral("crt")).toBool() ? "present" : "absent");

    int mismatches = 0;
    int crtSemanticMismatches = 0;
    for (qsizetype i = 0; i < cases.size(); ++i) {
        const Case &c = cases[i];
        const QJsonObject expected = results[i].toObject();
        aws::Credentials credentials;
        credentials.accessKeyId = c.accessKeyId;
        credentials.secretAccessKey = SecretString::fromUtf8(c.secret);
        credentials.sessionToken = SecretString::fromUtf8(c.sessionToken);
        const Result<AuthToken> ours =
            AuthToken::generate(c.host, c.port, c.region, c.user, credentials, c.time, c.expiresIn);
        if (expected.contains(QStringLiteral("error")) || !ours.ok()) {
            ++mismatches;
            qWarning().noquote() << "case" << i << describe(c)
                                 << "\n  botocore:" << expected.value(QStringLiteral("error")).toString()
                                 << "\n  signet:"
                                 << (ours.ok() ? QStringLiteral("ok") : ours.error().toString());
            continue;
        }
        const QString theirs = expected.value(QStringLiteral("token")).toString();
        const QString mine = ours->text();
        if (mine != theirs) {
            if (++mismatches <= 20)
                qWarning().noquote() << "case" << i << describe(c) << "\n  botocore:" << theirs
                                     << "\n  signet:  " << mine;
        }
        // botocore's optional CRT signer orders two parameters differently but must sign the same.
        const QString crt = expected.value(QStringLiteral("crtToken")).toString();
        if (!crt.isEmpty() && sortedParameters(crt) != sortedParameters(mine)) {
            if (++crtSemanticMismatches <= 5)
                qWarning().noquote() << "case" << i << describe(c) << "\n  botocore CRT:" << crt
                                     << "\n  signet:      " << mine;
        }
        // Every generated token parses back to its inputs.
        const Result<AuthToken> parsed = AuthToken::parse(mine);
        if (!parsed.ok() || parsed->dbUser() != c.user || parsed->port() != c.port ||
            parsed->host() != c.host || parsed->region() != c.region || parsed->expiresIn() != c.expiresIn ||
            parsed->hasSessionToken() != !c.sessionToken.isEmpty()) {
            ++mismatches;
            qWarning().noquote() << "case" << i << "does not parse back:" << describe(c);
        }
    }
    QCOMPARE(mismatches, 0);
    QCOMPARE(crtSemanticMismatches, 0);
}

QTEST_GUILESS_MAIN(TestBotocoreParity)
#include "tst_botocore_parity.moc"
