// SPDX-License-Identifier: GPL-3.0-or-later
// Probe building blocks: the error explainer's checklists, report redaction and JSON, address
// classification, target parsing, the STS endpoint rules.
#include "probe/AddressScope.h"
#include "probe/ClockSkewCheck.h"
#include "probe/ConnectionVerdicts.h"
#include "probe/ErrorExplainer.h"
#include "probe/ProbeReport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace signet;
using namespace signet::probe;

namespace {

QStringList causeIds(const Explanation &explanation)
{
    QStringList ids;
    for (const LikelyCause &cause : explanation.causes)
        ids << cause.id;
    return ids;
}

} // namespace

class TestProbeParts final : public QObject
{
    Q_OBJECT

private slots:
    void explainsServerErrors_data()
    {
        QTest::addColumn<Engine>("engine");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("firstCause");
        using E = Engine;
        QTest::newRow("1045 yes") << E::MySql
                                  << "Access denied for user 'iam_user'@'10.1.2.3' (using password: YES)"
                                  << 1045 << "mysql-access-denied"
                                  << "token-expired";
        QTest::newRow("1045 no") << E::MySql
                                 << "Access denied for user 'iam_user'@'10.1.2.3' (using password: NO)" << 0
                                 << "mysql-access-denied"
                                 << "no-token";
        QTest::newRow("2059") << E::MySql << "Authentication plugin 'mysql_clear_password' cannot be loaded"
                              << 2059 << "mysql-cleartext-plugin"
                              << "cleartext-plugin";
        QTest::newRow("1524") << E::MySql
                              << "ERROR 1524 (HY000): Plugin 'AWSAuthenticationPlugin' is not loaded" << 0
                              << "mysql-plugin-not-loaded"
                              << "iam-disabled";
        QTest::newRow("1040") << E::MySql << "Too many connections" << 1040 << "mysql-too-many-connections"
                              << "iam-rate-limit";
        QTest::newRow("pam") << E::Postgres << "FATAL:  PAM authentication failed for user \"iam_user\"" << 0
                             << "pg-pam-failed"
                             << "token-expired";
        QTest::newRow("hba ssl off")
            << E::Postgres
            << "FATAL:  no pg_hba.conf entry for host \"10.0.0.5\", user \"iam_user\", database "
               "\"postgres\", SSL off"
            << 0 << "pg-no-ssl"
            << "no-tls";
        QTest::newRow("password") << E::Postgres
                                  << "FATAL: password authentication failed for user \"iam_user\"" << 0
                                  << "pg-password-failed"
                                  << "user-not-iam";
        QTest::newRow("unknown") << E::Postgres << "something odd" << 0 << "unknown"
                                 << "token-expired";
    }

    void explainsServerErrors()
    {
        QFETCH(Engine, engine);
        QFETCH(QString, message);
        QFETCH(int, code);
        QFETCH(QString, id);
        QFETCH(QString, firstCause);
        const Explanation explanation = ErrorExplainer::explain(engine, message, code);
        QCOMPARE(explanation.id, id);
        QVERIFY(!explanation.summary.isEmpty());
        QCOMPARE(causeIds(explanation).value(0), firstCause);
        QCOMPARE(explanation.toLines().size(), explanation.causes.size());
    }

    void accessDeniedChecklistIsComplete()
    {
        const Explanation mysql =
            ErrorExplainer::explain(Engine::MySql, QStringLiteral("Access denied"), 1045);
        QCOMPARE(causeIds(mysql),
                 (QStringList{QStringLiteral("token-expired"), QStringLiteral("region-mismatch"),
                              QStringLiteral("user-not-iam"), QStringLiteral("policy-resource"),
                              QStringLiteral("user-case"), QStringLiteral("wrong-identity"),
                              QStringLiteral("iam-disabled")}));
        const QString text = mysql.toLines().join(u'\n');
        QVERIFY(text.contains(QStringLiteral("IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS'")));
        QVERIFY(text.contains(QStringLiteral("db-XXXX")));
        QVERIFY(text.contains(QStringLiteral("cluster-XXXX")));
        QVERIFY(text.contains(QStringLiteral("prx-XXXX")));
        const Explanation pg =
            ErrorExplainer::explain(Engine::Postgres, QStringLiteral("PAM authentication failed"));
        QVERIFY(pg.toLines().join(u'\n').contains(QStringLiteral("GRANT rds_iam")));
    }

    void reportRedactsSecrets()
    {
        ProbeReport report;
        report.target.host = QStringLiteral("db.example");
        report.target.port = 5432;
        ProbeStep step{
            QStringLiteral("login"),
            QStringLiteral("Login"),
            StepStatus::Failed,
            12,
            QStringLiteral(
                "failed with "
                "db.example:5432/?Action=connect&DBUser=u&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240101"
                "&X-Amz-Signature=abcdef0123456789&X-Amz-Security-Token=FwoGZXIvYXdzEJr"),
            QStringLiteral("secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            {QStringLiteral("key AKIAIOSFODNN7EXAMPLE used")}};
        report.steps << step;
        const QString text = report.toText();
        for (const QString &secret :
             {QStringLiteral("abcdef0123456789"), QStringLiteral("FwoGZXIvYXdzEJr"),
              QStringLiteral("wJalrXUtnFEMI"), QStringLiteral("AKIAIOSFODNN7EXAMPLE")})
            QVERIFY2(!text.contains(secret), qPrintable(secret));
        QVERIFY(text.contains(QStringLiteral("X-Amz-Signature=(redacted)")));
        QVERIFY(text.contains(QStringLiteral("AKIA…MPLE")));
        const QJsonObject json = report.toJson();
        QVERIFY(
            !QString::fromUtf8(QJsonDocument(json).toJson()).contains(QStringLiteral("abcdef0123456789")));
        QCOMPARE(json.value(QStringLiteral("passed")).toBool(), false);
        QCOMPARE(json.value(QStringLiteral("steps"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("status"))
                     .toString(),
                 QStringLiteral("failed"));
    }

    void skippedIsNotPassed()
    {
        ProbeReport report;
        QVERIFY(!report.allPassed());
        report.steps << ProbeStep{
            QStringLiteral("dns"), QStringLiteral("DNS"), StepStatus::Passed, 0, {}, {}, {}};
        QCOMPARE(report.summary(), QStringLiteral("Every step passed."));
        report.steps << ProbeStep{QStringLiteral("certificate"),
                                  QStringLiteral("Server certificate"),
                                  StepStatus::Warning,
                                  0,
                                  {},
                                  {},
                                  {}};
        QVERIFY(report.allPassed());
        QCOMPARE(report.summary(),
                 QStringLiteral("Every step passed, 1 with a warning: Server certificate."));
        report.steps << ProbeStep{QStringLiteral("login"), {}, StepStatus::Skipped, 0, {}, {}, {}};
        QVERIFY(!report.allPassed());
        QCOMPARE(report.firstFailure(), nullptr);
        QVERIFY(report.summary().contains(QStringLiteral("not every step ran")));
    }

    void classifiesAddresses()
    {
        QCOMPARE(classifyAddress(QHostAddress(QStringLiteral("10.1.2.3"))), AddressKind::Private);
        QCOMPARE(classifyAddress(QHostAddress(QStringLiteral("172.31.255.1"))), AddressKind::Private);
        QCOMPARE(classifyAddress(QHostAddress(QStringLiteral("172.32.0.1"))), AddressKind::Public);
        QCOMPARE(classifyAddress(QHostAddress(QStringLiteral("192.168.0.9"))), AddressKind::Private);
        QCOMPARE(classifyAddress(QHostAddress(QStringLiteral("100.64.1.1"))), AddressKind::Private);
        QCOMPARE(classifyAddress(QHostAddress(QStringLiteral("fd12::1"))), AddressKind::Private);
        QCOMPARE(classifyAddress(QHostAddress(QStringLiteral("127.0.0.1"))), AddressKind::Loopback);
        QCOMPARE(classifyAddress(QHostAddress(QStringLiteral("52.95.110.1"))), AddressKind::Public);
    }

    void targets()
    {
        QCOMPARE(*parseEngine(QStringLiteral("PostgreSQL")), Engine::Postgres);
        QCOMPARE(wireFamily(*parseEngine(QStringLiteral("mariadb"))), WireFamily::MySql);
        QVERIFY(!parseEngine(QStringLiteral("oracle")).ok());
        ProbeTarget target;
        QVERIFY(!target.validate().ok());
        target.host = QStringLiteral("db.example");
        target.port = 5432;
        QVERIFY(target.validate().ok());
        QCOMPARE(target.connectHost(), QStringLiteral("db.example"));
        target.viaHost = QStringLiteral("127.0.0.1");
        QCOMPARE(target.connectHost(), QStringLiteral("127.0.0.1"));
        QCOMPARE(target.connectPort(), quint16(5432));
        target.viaPort = 15432;
        QCOMPARE(target.connectPort(), quint16(15432));
    }

    void connectionVerdicts()
    {
        using Kind = ConnectOutcome::Kind;
        const ProbeStep dropped = ConnectionVerdicts::tcp(
            {Kind::TimedOut, QHostAddress(QStringLiteral("52.95.110.1")), {}}, 5432, false, 4000);
        QCOMPARE(dropped.status, StepStatus::Failed);
        QCOMPARE(dropped.verdict, QStringLiteral("no answer from 52.95.110.1 port 5432 within 4 s"));
        QVERIFY(dropped.hint.contains(QStringLiteral("security group allows inbound port 5432")));
        QVERIFY(dropped.hint.contains(QStringLiteral("network ACL")));
        const ProbeStep privateDropped = ConnectionVerdicts::tcp(
            {Kind::TimedOut, QHostAddress(QStringLiteral("10.0.3.7")), {}}, 3306, false, 4000);
        QVERIFY(privateDropped.hint.contains(QStringLiteral("VPN")));
        const ProbeStep tunnelDown = ConnectionVerdicts::tcp(
            {Kind::Refused, QHostAddress(QStringLiteral("127.0.0.1")), {}}, 15432, true, 4000);
        QVERIFY(tunnelDown.hint.contains(QStringLiteral("tunnel")));
        QCOMPARE(ConnectionVerdicts::tcp({Kind::Unreachable, QHostAddress(QStringLiteral("10.1.1.1")), {}}, 1,
                                         false, 1)
                     .status,
                 StepStatus::Failed);
        QCOMPARE(ConnectionVerdicts::tcp({Kind::Connected, QHostAddress(QStringLiteral("10.1.1.1")), {}}, 1,
                                         false, 1)
                     .status,
                 StepStatus::Passed);

        TlsOutcome http;
        http.kind = TlsOutcome::Kind::NotTheEngine;
        http.detail = QStringLiteral("the first bytes are not a MySQL greeting packet");
        const ProbeStep wrongService = ConnectionVerdicts::tls(http, Engine::MySql, 5000);
        QCOMPARE(wrongService.status, StepStatus::Failed);
        QVERIFY(wrongService.verdict.startsWith(QStringLiteral("this port does not speak MySQL")));
        TlsOutcome cut;
        cut.kind = TlsOutcome::Kind::HandshakeFailed;
        cut.detail = QStringLiteral("unsupported protocol");
        QVERIFY(ConnectionVerdicts::tls(cut, Engine::Postgres, 5000)
                    .hint.contains(QStringLiteral("TLS version")));
    }

    void stsEndpoints()
    {
        QProcessEnvironment env;
        QCOMPARE(ClockSkewCheck::stsEndpoint(env, QStringLiteral("eu-west-1")).toString(),
                 QStringLiteral("https://sts.eu-west-1.amazonaws.com"));
        QCOMPARE(ClockSkewCheck::stsEndpoint(env, QStringLiteral("cn-north-1")).toString(),
                 QStringLiteral("https://sts.cn-north-1.amazonaws.com.cn"));
        env.insert(QStringLiteral("AWS_ENDPOINT_URL"), QStringLiteral("http://localhost:4566"));
        QCOMPARE(ClockSkewCheck::stsEndpoint(env, QStringLiteral("eu-west-1")).toString(),
                 QStringLiteral("http://localhost:4566"));
        env.insert(QStringLiteral("AWS_ENDPOINT_URL_STS"), QStringLiteral("http://localhost:9999"));
        QCOMPARE(ClockSkewCheck::stsEndpoint(env, QStringLiteral("eu-west-1")).toString(),
                 QStringLiteral("http://localhost:9999"));
    }
};

QTEST_GUILESS_MAIN(TestProbeParts)
#include "test_probe_parts.moc"
