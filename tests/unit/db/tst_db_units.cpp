// SPDX-License-Identifier: GPL-3.0-or-later
// core/db pieces that need no server: targets, libpq option quoting, statement splitting, error
// positions, the compact chunk and the CSV/JSON/TSV writers.
#include "db/DbConnector.h"
#include "db/DbFamily.h"
#include "db/DbTarget.h"
#include "db/ResultChunk.h"
#include "db/ResultFormat.h"
#include "db/ServerErrorPosition.h"
#include "db/StatementKind.h"
#include "db/StatementSplitter.h"

#include <QTemporaryDir>
#include <QTest>

using namespace signet;
using namespace signet::db;

class TestDbUnits final : public QObject
{
    Q_OBJECT

private slots:
    void targetValidation();
    void viaParsing();
    void postgresOptionsQuoteCaPath();
    void splitting();
    void postgresErrorOffset();
    void mysqlErrorOffset();
    void familyPerEngine();
    void chunkStoresNullsAndBytes();
    void formats();
    void whichStatementsChangeData();
};

void TestDbUnits::targetValidation()
{
    QTemporaryDir dir;
    const QString ca = dir.filePath(QStringLiteral("ca bundle.pem"));
    QFile file(ca);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("x");
    file.close();
    DbTarget t;
    t.engine = Engine::MariaDb;
    t.host = QStringLiteral("db.example");
    t.port = 3306;
    t.user = QStringLiteral("iam_user");
    t.caFile = ca;
    QVERIFY(t.validate().ok());
    DbTarget noCa = t;
    noCa.caFile.clear();
    QCOMPARE(noCa.validate().error().code, QStringLiteral("db.target.ca"));
    DbTarget badPort = t;
    badPort.port = 70000;
    QCOMPARE(badPort.validate().error().code, QStringLiteral("db.target.port"));
    DbTarget semicolon = t;
    semicolon.caFile = QStringLiteral("/tmp/a;sslmode=disable");
    QCOMPARE(semicolon.validate().error().code, QStringLiteral("db.target.ca"));
    QCOMPARE(*parseEngine(QStringLiteral("PostgreSQL")), Engine::Postgres);
    QVERIFY(!parseEngine(QStringLiteral("oracle")).ok());
}

void TestDbUnits::viaParsing()
{
    DbTarget t;
    t.host = QStringLiteral("db.example");
    t.port = 5432;
    QVERIFY(t.setVia(QStringLiteral("127.0.0.1:15432")).ok());
    QCOMPARE(t.connectHost(), QStringLiteral("127.0.0.1"));
    QCOMPARE(t.connectPort(), 15432);
    QVERIFY(t.setVia(QStringLiteral("[::1]:15432")).ok());
    QCOMPARE(t.viaHost, QStringLiteral("::1"));
    QVERIFY(!t.setVia(QStringLiteral("127.0.0.1")).ok());
    QVERIFY(!t.setVia(QStringLiteral("host:0")).ok());
}

void TestDbUnits::postgresOptionsQuoteCaPath()
{
    DbTarget t;
    t.caFile = QStringLiteral("/home/me/My CA\\s/rds.pem");
    const QString options = postgresConnectOptions(t, QStringLiteral("10.0.0.5"));
    QVERIFY(options.contains(QStringLiteral("sslmode=verify-full")));
    QVERIFY(options.contains(QStringLiteral("sslrootcert='/home/me/My CA\\\\s/rds.pem'")));
    QVERIFY(options.contains(QStringLiteral("hostaddr=10.0.0.5")));
    QVERIFY(!postgresConnectOptions(t, {}).contains(QStringLiteral("hostaddr")));
}

void TestDbUnits::splitting()
{
    const QString script =
        QStringLiteral("SELECT 1;\n  SELECT ';' AS x -- ; comment\n;/* ; */ SELECT 'a\\';b';;"
                       "SELECT `a;b` FROM t");
    const auto parts = splitStatements(script, WireFamily::MySql);
    QCOMPARE(parts.size(), 4);
    QCOMPARE(parts.at(0).text, QStringLiteral("SELECT 1"));
    QCOMPARE(parts.at(0).offset, 0);
    QCOMPARE(parts.at(1).text, QStringLiteral("SELECT ';' AS x -- ; comment"));
    QCOMPARE(parts.at(1).offset, 12);
    QCOMPARE(parts.at(2).text, QStringLiteral("/* ; */ SELECT 'a\\';b'"));
    QCOMPARE(parts.at(3).text, QStringLiteral("SELECT `a;b` FROM t"));
    for (const WireFamily family : {WireFamily::MySql, WireFamily::Postgres})
        QVERIFY(splitStatements(QStringLiteral("  ;\n ; "), family).isEmpty());

    // MySQL: # comments, -- only before a blank (1--1 is arithmetic), /*! */ runs.
    const auto mysql = splitStatements(QStringLiteral("SELECT 1--1;\nSELECT 2 # x; y\n;SELECT 3 -- z;\n"),
                                       WireFamily::MySql);
    QCOMPARE(mysql.size(), 3);
    QCOMPARE(mysql.at(0).text, QStringLiteral("SELECT 1--1"));
    QCOMPARE(mysql.at(1).text, QStringLiteral("SELECT 2 # x; y"));

    // PostgreSQL: '…' as written (a Windows path ends in a backslash), E'…' with escapes, # is an
    // operator, /* */ nests, dollar-quoted bodies, "…" names.
    const auto pg = splitStatements(QStringLiteral("SELECT 'C:\\temp\\'; SELECT E'it\\'s; x'; SELECT 5 # 3;"
                                                   "/* a /* b; */ c; */ SELECT $f$ ; $f$; SELECT \"a;b\""),
                                    WireFamily::Postgres);
    QCOMPARE(pg.size(), 5);
    QCOMPARE(pg.at(0).text, QStringLiteral("SELECT 'C:\\temp\\'"));
    QCOMPARE(pg.at(1).text, QStringLiteral("SELECT E'it\\'s; x'"));
    QCOMPARE(pg.at(2).text, QStringLiteral("SELECT 5 # 3"));
    QCOMPARE(pg.at(3).text, QStringLiteral("/* a /* b; */ c; */ SELECT $f$ ; $f$"));
    QCOMPARE(pg.at(4).text, QStringLiteral("SELECT \"a;b\""));
    // The same bytes by MySQL's rules: the backslash escapes the quote, so the first text runs on.
    QCOMPARE(splitStatements(QStringLiteral("SELECT 'C:\\temp\\'; SELECT 2"), WireFamily::MySql).size(), 1);

    // Comments alone are no statement (a server answers "empty query"); mysqldump's executable
    // comments are.
    const auto commented = splitStatements(
        QStringLiteral(
            "-- header; still the comment\n# another\n/* block; */;\n/*!40101 SET NAMES utf8mb4 */;\n"
            "-- trailing\nSELECT 2 -- why\n; -- done"),
        WireFamily::MySql);
    QCOMPARE(commented.size(), 2);
    QCOMPARE(commented.at(0).text, QStringLiteral("/*!40101 SET NAMES utf8mb4 */"));
    QCOMPARE(commented.at(1).text, QStringLiteral("-- trailing\nSELECT 2 -- why"));
    for (const WireFamily family : {WireFamily::MySql, WireFamily::Postgres}) {
        QVERIFY(splitStatements(QStringLiteral("-- only a comment"), family).isEmpty());
        QVERIFY(splitStatements(QStringLiteral("/* unterminated"), family).isEmpty());
    }
    QCOMPARE(splitStatements(QStringLiteral("/* a /* b */ c */"), WireFamily::Postgres).size(), 0);
}

void TestDbUnits::postgresErrorOffset()
{
    const QString sql = QStringLiteral("SELECT 1,\n  nosuch FROM t");
    const QString message =
        QStringLiteral("ERROR:  column \"nosuch\" does not exist\nLINE 2:   nosuch FROM t\n"
                       "          ^\n(42703)");
    QCOMPARE(serverErrorOffset(Engine::Postgres, sql, message), int(sql.indexOf(QLatin1String("nosuch"))));
    QCOMPARE(serverErrorOffset(Engine::Postgres, sql, QStringLiteral("ERROR: no position")), -1);
}

void TestDbUnits::mysqlErrorOffset()
{
    const QString sql = QStringLiteral("SELECT 1\nFROM dual WHERE selec x");
    const QString message =
        QStringLiteral("You have an error in your SQL syntax; check the manual that corresponds "
                       "to your MariaDB server version for the right syntax to use near 'x' at line 2");
    QCOMPARE(serverErrorOffset(Engine::MariaDb, sql, message), int(sql.lastIndexOf(u'x')));
}

void TestDbUnits::familyPerEngine()
{
    // One strategy per wire family: MySQL and MariaDB share one, PostgreSQL has its own.
    DbTarget mysql;
    mysql.engine = Engine::MySql;
    DbTarget mariadb;
    mariadb.engine = Engine::MariaDb;
    DbTarget postgres;
    postgres.engine = Engine::Postgres;
    QCOMPARE(&DbFamily::of(mysql), &DbFamily::of(mariadb));
    QVERIFY(&DbFamily::of(mysql) != &DbFamily::of(postgres));

    // Identifiers are quoted each family's way, quotes inside doubled, case and reserved words kept.
    QCOMPARE(DbFamily::of(mariadb).quoteIdentifier(QStringLiteral("orders")), QStringLiteral("`orders`"));
    QCOMPARE(DbFamily::of(mariadb).quoteIdentifier(QStringLiteral("we`ird")), QStringLiteral("`we``ird`"));
    QCOMPARE(DbFamily::of(postgres).quoteIdentifier(QStringLiteral("Order")), QStringLiteral("\"Order\""));
    QCOMPARE(DbFamily::of(postgres).quoteIdentifier(QStringLiteral("a\"b")), QStringLiteral("\"a\"\"b\""));

    // The schema query reads each family's catalogue, without the system schemas.
    QVERIFY(DbFamily::of(mariadb).schemaQuery().contains(QLatin1String("performance_schema")));
    QVERIFY(DbFamily::of(postgres).schemaQuery().contains(QLatin1String("pg_catalog")));

    // Error positions are the family's: a MySQL "near" text means nothing to PostgreSQL's parser.
    const QString sql = QStringLiteral("SELECT 1\nFROM dual WHERE selec x");
    const QString near = QStringLiteral("syntax to use near 'x' at line 2");
    QCOMPARE(DbFamily::of(mysql).errorOffset(sql, near), int(sql.lastIndexOf(u'x')));
    QCOMPARE(DbFamily::of(postgres).errorOffset(sql, near), -1);
}

void TestDbUnits::chunkStoresNullsAndBytes()
{
    ResultChunk chunk(2);
    chunk.appendCell("abc");
    chunk.appendNull();
    chunk.appendCell("");
    chunk.appendCell("héllo");
    QCOMPARE(chunk.rowCount(), 2);
    QCOMPARE(chunk.text(0, 0), QStringLiteral("abc"));
    QVERIFY(chunk.isNull(0, 1));
    QVERIFY(!chunk.isNull(1, 0));
    QCOMPARE(chunk.text(1, 0), QString());
    QCOMPARE(chunk.text(1, 1), QStringLiteral("héllo"));
}

void TestDbUnits::formats()
{
    ResultChunk chunk(3);
    chunk.appendCell("a,b");
    chunk.appendNull();
    chunk.appendCell("say \"hi\"\n\ttab");
    const QStringList columns{QStringLiteral("x"), QStringLiteral("y"), QStringLiteral("z")};
    QByteArray csv = csvHeader(columns);
    appendCsvRow(csv, chunk, 0);
    QCOMPARE(csv, QByteArray("x,y,z\n\"a,b\",,\"say \"\"hi\"\"\n\ttab\"\n"));
    QByteArray json;
    appendJsonRow(json, columns, chunk, 0);
    QCOMPARE(json, QByteArray("{\"x\": \"a,b\", \"y\": null, \"z\": \"say \\\"hi\\\"\\n\\ttab\"}"));
    QByteArray tsv;
    appendTsvRow(tsv, chunk, 0, 0, 2);
    QCOMPARE(tsv, QByteArray("a,b\t\tsay \"hi\"  tab\n"));
}

QTEST_GUILESS_MAIN(TestDbUnits)
// What a production console asks about: everything that writes, nothing that only reads.
void TestDbUnits::whichStatementsChangeData()
{
    using namespace Qt::StringLiterals;
    const QStringList reads{
        u"SELECT 1"_s,
        u"  select * from orders where note = 'delete me; update' -- insert"_s,
        u"/* UPDATE */ SELECT id FROM orders FOR UPDATE"_s,
        u"SELECT * FROM t FOR NO KEY UPDATE"_s,
        u"WITH recent AS (SELECT * FROM orders) SELECT count(*) FROM recent"_s,
        u"(SELECT 1) UNION (SELECT 2)"_s,
        u"SELECT replace(name, 'a', 'b') FROM customers"_s,
        u"SHOW TABLES"_s,
        u"EXPLAIN SELECT * FROM orders"_s,
        u"EXPLAIN DELETE FROM orders"_s, // plans only
        u"DESCRIBE orders"_s,
        u"SET search_path TO app"_s,
        u"USE signet"_s,
        u"BEGIN"_s,
        u"COMMIT"_s,
        u"ROLLBACK"_s,
        u"TABLE orders"_s,
        u"VALUES (1), (2)"_s,
        u"-- only a comment"_s,
    };
    for (const QString &sql : reads)
        for (const WireFamily family : {WireFamily::MySql, WireFamily::Postgres})
            QVERIFY2(!signet::db::changesData(sql, family), qPrintable(sql));
    const QStringList writes{
        u"INSERT INTO orders VALUES (1)"_s,
        u"update orders set note = 'x'"_s,
        u"DELETE FROM orders"_s,
        u"REPLACE INTO orders VALUES (1)"_s,
        u"MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE"_s,
        u"TRUNCATE orders"_s,
        u"DROP TABLE orders"_s,
        u"ALTER TABLE orders ADD COLUMN x int"_s,
        u"CREATE TABLE x (id int)"_s,
        u"GRANT SELECT ON orders TO bob"_s,
        u"CALL cleanup()"_s,
        u"WITH gone AS (DELETE FROM orders RETURNING *) SELECT count(*) FROM gone"_s,
        u"SELECT * INTO backup FROM orders"_s,
        u"EXPLAIN ANALYZE DELETE FROM orders"_s, // runs it
        u"SET PASSWORD = PASSWORD('x')"_s,
        u"LOCK TABLES orders WRITE"_s,
        u"VACUUM orders"_s,
    };
    for (const QString &sql : writes)
        for (const WireFamily family : {WireFamily::MySql, WireFamily::Postgres})
            QVERIFY2(signet::db::changesData(sql, family), qPrintable(sql));
    // A dollar-quoted body is text to PostgreSQL; MySQL has none, so there it counts (conservatively).
    QVERIFY(!signet::db::changesData(u"SELECT $$DROP TABLE x$$"_s, WireFamily::Postgres));
    QVERIFY(signet::db::changesData(u"SELECT $$DROP TABLE x$$"_s, WireFamily::MySql));
    // A production guard must read PostgreSQL's strings as PostgreSQL does: here the text ends
    // before "; DELETE", which therefore runs.
    QVERIFY(signet::db::changesData(u"SELECT 'C:\\'; DELETE FROM orders"_s, WireFamily::Postgres));
}

#include "tst_db_units.moc"
