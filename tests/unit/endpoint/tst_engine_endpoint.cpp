// SPDX-License-Identifier: GPL-3.0-or-later
// The engine table (names, aliases, traits) and the Endpoint value (HOST:PORT parser, endpoint rules).
#include "endpoint/Endpoint.h"
#include "endpoint/Engine.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace signet;

class TestEngineEndpoint final : public QObject
{
    Q_OBJECT

private slots:
    void engineKeys()
    {
        for (Engine engine : allEngines())
            QCOMPARE(engineFromName(engineKey(engine)), engine);
        QCOMPARE(engineFromName(u"PostgreSQL"_s), Engine::Postgres);
        QVERIFY(!engineFromName(u"oracle"_s));
        QCOMPARE(engineDisplayName(Engine::AuroraPostgres), u"Aurora PostgreSQL"_s);
    }

    void aliases_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<Engine>("engine");
        QTest::newRow("mysql") << u"mysql"_s << Engine::MySql;
        QTest::newRow("mariadb") << u"mariadb"_s << Engine::MariaDb;
        QTest::newRow("aurora-mysql") << u"aurora-mysql"_s << Engine::AuroraMySql;
        QTest::newRow("postgres") << u"postgres"_s << Engine::Postgres;
        QTest::newRow("postgresql") << u"postgresql"_s << Engine::Postgres;
        QTest::newRow("pg") << u"pg"_s << Engine::Postgres;
        QTest::newRow("PG, spaces") << u" PG "_s << Engine::Postgres;
        QTest::newRow("aurora-postgres") << u"aurora-postgres"_s << Engine::AuroraPostgres;
        QTest::newRow("aurora-postgresql") << u"Aurora-PostgreSQL"_s << Engine::AuroraPostgres;
    }

    void aliases()
    {
        QFETCH(QString, name);
        QFETCH(Engine, engine);
        QCOMPARE(engineFromName(name), engine);
        QCOMPARE(*parseEngine(name), engine);
    }

    void unknownEngineListsTheNames()
    {
        for (const QString &bad : {u"oracle"_s, u""_s, u"postgres-ish"_s, u"aurora"_s}) {
            const auto parsed = parseEngine(bad);
            QVERIFY(!parsed.ok());
            QCOMPARE(parsed.error().code, u"engine.unknown"_s);
            for (Engine engine : allEngines())
                QVERIFY2(parsed.error().hint.contains(engineKey(engine)), qPrintable(parsed.error().hint));
        }
        QCOMPARE(engineNamesText(), u"mysql, mariadb, aurora-mysql, postgres (postgresql, pg), "
                                    u"aurora-postgres (aurora-postgresql) or "
                                    u"aurora-dsql (dsql)"_s);
    }

    void traits()
    {
        QCOMPARE(allEngines().size(), 6);
        for (Engine engine : {Engine::MySql, Engine::MariaDb, Engine::AuroraMySql}) {
            QCOMPARE(defaultPort(engine), 3306);
            QCOMPARE(wireFamily(engine), WireFamily::MySql);
            QVERIFY(isMySqlFamily(engine));
            QVERIFY(!isPostgresFamily(engine));
            QCOMPARE(tlsNegotiation(engine), TlsNegotiation::MySqlSslRequest);
            QVERIFY(engineClientNames(engine).contains(u"mysql"_s));
            QVERIFY(!engineClientNames(engine).contains(u"psql"_s));
        }
        for (Engine engine : {Engine::Postgres, Engine::AuroraPostgres}) {
            QCOMPARE(defaultPort(engine), 5432);
            QCOMPARE(wireFamily(engine), WireFamily::Postgres);
            QVERIFY(isPostgresFamily(engine));
            QCOMPARE(tlsNegotiation(engine), TlsNegotiation::PostgresSslRequest);
            QCOMPARE(dialect(engine), Dialect::Postgres);
            QVERIFY(engineClientNames(engine).contains(u"psql"_s));
            QVERIFY(!engineClientNames(engine).contains(u"workbench"_s));
        }
        // Aurora DSQL: PostgreSQL on the wire, its own token service, a built-in admin login.
        QCOMPARE(engineFromName(u"aurora-dsql"_s), Engine::AuroraDsql);
        QCOMPARE(engineFromName(u" DSQL "_s), Engine::AuroraDsql);
        QCOMPARE(defaultPort(Engine::AuroraDsql), 5432);
        QVERIFY(isPostgresFamily(Engine::AuroraDsql));
        QCOMPARE(tlsNegotiation(Engine::AuroraDsql), TlsNegotiation::PostgresSslRequest);
        QCOMPARE(engineClientNames(Engine::AuroraDsql),
                 (QStringList{u"psql"_s, u"dbeaver"_s, u"sqlworkbenchj"_s}));
        QCOMPARE(defaultDatabase(Engine::AuroraDsql), u"postgres"_s);
        QCOMPARE(defaultUser(Engine::AuroraDsql), u"admin"_s);
        QVERIFY(usesDsqlTokens(Engine::AuroraDsql));
        for (Engine engine : allEngines()) {
            if (engine == Engine::AuroraDsql)
                continue;
            QCOMPARE(tokenService(engine), TokenService::RdsDb);
            QVERIFY(defaultDatabase(engine).isEmpty());
            QVERIFY(defaultUser(engine).isEmpty());
        }
        QCOMPARE(engineFromEndpointName(u"abc.dsql.us-east-1.on.aws"_s), Engine::AuroraDsql);
        QCOMPARE(engineFromEndpointName(u"db.abc.us-east-1.rds.amazonaws.com"_s), std::nullopt);
        Endpoint dsqlEndpoint;
        dsqlEndpoint.host = u"abc.dsql.us-east-1.on.aws"_s;
        QCOMPARE(dsqlEndpoint.effectiveRegion(), u"us-east-1"_s);
        QCOMPARE(dialect(Engine::AuroraMySql), Dialect::MySql);
        QCOMPARE(dialect(Engine::MariaDb), Dialect::MariaDb);
        for (Engine engine : allEngines()) {
            QVERIFY(engineClientNames(engine).contains(u"dbeaver"_s));
            QCOMPARE(engineTraits(engine).engine, engine);
        }
    }

    void createUserSql()
    {
        QCOMPARE(createIamUserSql(Engine::MySql, u"app"_s),
                 u"CREATE USER 'app' IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS';"_s);
        QCOMPARE(createIamUserSql(Engine::MariaDb, u"o'neil"_s),
                 u"CREATE USER 'o''neil' IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS';"_s);
        QCOMPARE(createIamUserSql(Engine::AuroraPostgres, u"app"_s),
                 u"CREATE USER \"app\"; GRANT rds_iam TO \"app\";"_s);
        QVERIFY(createIamUserSql(Engine::AuroraDsql, u"app"_s)
                    .startsWith(u"CREATE ROLE \"app\" WITH LOGIN; AWS IAM GRANT"_s));
        QCOMPARE(createIamUserSql(Engine::Postgres, u"a\"b"_s),
                 u"CREATE USER \"a\"\"b\"; GRANT rds_iam TO \"a\"\"b\";"_s);
    }

    void hostPort()
    {
        auto parsed = parseHostPort(u"127.0.0.1:15432"_s);
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->host, u"127.0.0.1"_s);
        QCOMPARE(parsed->port, 15432);
        parsed = parseHostPort(u"[::1]:5432"_s);
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->host, u"::1"_s);
        QVERIFY(!parseHostPort(u"localhost"_s).ok());
        QVERIFY(!parseHostPort(u"localhost:99999"_s).ok());
        QVERIFY(parseHostPort(u"localhost:x"_s).error().message.contains(u"1 to 65535"_s));
        QCOMPARE(*parseHostPort(u"  bastion.internal:2222 "_s), (HostPort{u"bastion.internal"_s, 2222}));
        for (const QString &bad : {u":5432"_s, u"host:0"_s, u"host:65536"_s, u"host:-1"_s, u"::1:5432"_s,
                                   u"[::1]"_s, u"[::1]5432"_s, u""_s}) {
            const auto result = parseHostPort(bad);
            QVERIFY2(!result.ok(), qPrintable(bad));
            QCOMPARE(result.error().code, u"endpoint.bad-host-port"_s);
        }
        QCOMPARE(hostPortText(u"::1"_s, 5432), u"[::1]:5432"_s);
        QCOMPARE(hostPortText(u"127.0.0.1"_s, 15432), u"127.0.0.1:15432"_s);
    }

    void validEndpoints()
    {
        Endpoint endpoint{u"orders.cluster-c9xyz.eu-west-1.rds.amazonaws.com"_s, 5432, {}, {}, 0};
        QVERIFY(endpoint.endpointProblems().isEmpty());
        QVERIFY(endpoint.validateEndpoint(u"x."_s).ok());
        QCOMPARE(endpoint.effectiveRegion(), u"eu-west-1"_s);
        endpoint.region = u"eu-west-1"_s;
        QVERIFY(endpoint.endpointProblems().isEmpty());
        endpoint = Endpoint{u"10.0.0.5"_s, 3306, u"us-east-1"_s, {}, 0};
        QVERIFY(endpoint.endpointProblems().isEmpty());
        QCOMPARE(endpoint.effectiveRegion(), u"us-east-1"_s);
        endpoint.host = u"::1"_s;
        QVERIFY(endpoint.endpointProblems().isEmpty());
    }

    void invalidPorts_data()
    {
        QTest::addColumn<int>("port");
        QTest::newRow("zero") << 0;
        QTest::newRow("negative") << -5;
        QTest::newRow("too big") << 65536;
    }

    void invalidPorts()
    {
        QFETCH(int, port);
        const Endpoint endpoint{u"db.example.com"_s, port, u"eu-west-1"_s, {}, 0};
        const auto problems = endpoint.endpointProblems();
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems.first().field, u"port"_s);
        QVERIFY(problems.first().message.contains(u"1 to 65535"_s));
        QCOMPARE(endpoint.validateEndpoint(u"db.target."_s).error().code, u"db.target.port"_s);
    }

    void regionContradictingTheEndpoint()
    {
        const Endpoint endpoint{u"db.abc123.eu-west-1.rds.amazonaws.com"_s, 3306, u"us-east-1"_s, {}, 0};
        const auto problems = endpoint.endpointProblems();
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems.first().field, u"region"_s);
        QVERIFY2(problems.first().message.contains(u"eu-west-1"_s), qPrintable(problems.first().message));
        const Status status = endpoint.validateEndpoint(u"usage.bad-"_s);
        QCOMPARE(status.error().code, u"usage.bad-region"_s);
        QVERIFY(status.error().message.contains(u"region us-east-1 does not match the endpoint"_s));
        // The hint names the fix in words, not a command-line option.
        QVERIFY(!status.error().hint.contains(u"--"_s));

        const Endpoint notARegion{u"10.1.2.3"_s, 3306, u"Ireland"_s, {}, 0};
        QVERIFY(notARegion.validateEndpoint(u"x."_s).error().message.contains(u"not an AWS region name"_s));
    }

    void badHosts()
    {
        for (const QString &host : {u"https://db.example.com"_s, u"db.example.com/x"_s,
                                    u"db.example.com:5432"_s, u"my db"_s, u"-bad-"_s, u""_s}) {
            const Endpoint endpoint{host, 5432, u"eu-west-1"_s, {}, 0};
            const auto problems = endpoint.endpointProblems();
            QVERIFY2(!problems.isEmpty(), qPrintable(host));
            QCOMPARE(problems.first().field, u"host"_s);
        }
    }

    void via()
    {
        Endpoint endpoint{u"db.abc123.eu-west-1.rds.amazonaws.com"_s, 5432, {}, {}, 0};
        QVERIFY(!endpoint.hasVia());
        QCOMPARE(endpoint.connectHost(), endpoint.host);
        QCOMPARE(endpoint.connectPort(), 5432);
        QVERIFY(endpoint.setVia(u"127.0.0.1:15432"_s).ok());
        QVERIFY(endpoint.hasVia());
        QCOMPARE(endpoint.connectHost(), u"127.0.0.1"_s);
        QCOMPARE(endpoint.connectPort(), 15432);
        QCOMPARE(endpoint.viaText(), u"127.0.0.1:15432"_s);
        QVERIFY(endpoint.endpointProblems().isEmpty());
        // A bad via leaves the old one.
        QVERIFY(!endpoint.setVia(u"127.0.0.1"_s).ok());
        QCOMPARE(endpoint.viaPort, 15432);
        QVERIFY(endpoint.setVia(u"[::1]:2345"_s).ok());
        QCOMPARE(endpoint.viaText(), u"[::1]:2345"_s);
        QVERIFY(endpoint.setVia(u""_s).ok());
        QVERIFY(!endpoint.hasVia());

        endpoint.viaPort = 15432; // a port without a host
        QCOMPARE(endpoint.endpointProblems().value(0).field, u"via"_s);
        endpoint.viaHost = u"tunnel"_s;
        endpoint.viaPort = 0;
        QVERIFY(endpoint.endpointProblems().value(0).message.contains(u"tunnel port"_s));
        QCOMPARE(endpoint.validateEndpoint(u"launch.bad-"_s).error().code, u"launch.bad-via"_s);
    }
};

QTEST_GUILESS_MAIN(TestEngineEndpoint)
#include "tst_engine_endpoint.moc"
