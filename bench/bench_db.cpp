// SPDX-License-Identifier: GPL-3.0-or-later
// bench_db: streams N rows × 10 columns from the emulator into the console's grid model and reports
// time to first rows, total time and peak RSS. Run via bench/bench_db.sh (also times mariadb/psql).
#include "console/ResultModel.h"
#include "db/DbSession.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QTableView>
#include <QTimer>

#include <sys/resource.h>

#include <cstdio>

using namespace signet;

namespace {

QString sqlFor(Engine engine, int rows)
{
    if (isPostgresFamily(engine))
        return QStringLiteral(
                   "SELECT g AS c1, g*2 AS c2, g*3 AS c3, g%1000 AS c4, 'row-'||g AS c5, md5(g::text) AS c6, "
                   "round(g/7.0, 3) AS c7, 'constant' AS c8, CASE WHEN g%10=0 THEN NULL ELSE g END AS c9, "
                   "g+0.5 AS c10 FROM generate_series(1, %1) g")
            .arg(rows);
    return QStringLiteral(
               "SELECT seq AS c1, seq*2 AS c2, seq*3 AS c3, seq%1000 AS c4, CONCAT('row-', seq) AS c5, "
               "MD5(seq) AS c6, ROUND(seq/7.0, 3) AS c7, 'constant' AS c8, IF(seq%10=0, NULL, seq) AS c9, "
               "seq+0.5 AS c10 FROM seq_1_to_%1")
        .arg(rows);
}

long peakRssMb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024;
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2 || qEnvironmentVariableIsEmpty("SIGNET_EMU_HOST")) {
        std::fprintf(stderr, "usage: eval \"$(tests/emulator/emulator env)\"; bench_db mariadb|postgres "
                             "[ROWS] [--print-sql]\n");
        return 2;
    }
    const auto engine = parseEngine(args.at(1));
    if (!engine)
        return 2;
    const int rows = args.size() > 2 ? args.at(2).toInt() : 1000000;
    const bool pg = isPostgresFamily(*engine);
    if (args.contains(QStringLiteral("--print-sql"))) {
        std::printf("%s\n", qPrintable(sqlFor(*engine, rows)));
        return 0;
    }
    db::DbTarget target;
    target.engine = *engine;
    target.host = qEnvironmentVariable("SIGNET_EMU_HOST");
    target.port = qEnvironmentVariable(pg ? "SIGNET_EMU_PG_PORT" : "SIGNET_EMU_MYSQL_PORT").toInt();
    target.user = qEnvironmentVariable("SIGNET_EMU_MYSQL_USER");
    target.database = qEnvironmentVariable("SIGNET_EMU_DATABASE");
    target.region = qEnvironmentVariable("SIGNET_EMU_REGION");
    target.caFile = qEnvironmentVariable("SIGNET_EMU_CA");
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), qEnvironmentVariable("SIGNET_EMU_ACCESS_KEY_ID"));
    environment.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"),
                       qEnvironmentVariable("SIGNET_EMU_SECRET_ACCESS_KEY"));
    environment.insert(QStringLiteral("AWS_CONFIG_FILE"), QStringLiteral("/nonexistent"));
    environment.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), QStringLiteral("/nonexistent"));

    db::DbSession session(target, db::DbTokenSigner(aws::CredentialChain(environment)));
    ui::ResultModel model;
    QTableView view;
    view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view.setModel(&model);
    view.resize(1000, 600);
    view.show();

    QElapsedTimer timer;
    qint64 firstRowsMs = -1;
    qint64 serverFirstRowMs = -1;
    int chunks = 0;
    int exitCode = 0;
    QObject::connect(&session, &db::DbSession::connected, &app, [&](const db::ServerInfo &) {
        timer.start();
        session.run(sqlFor(*engine, rows));
    });
    QObject::connect(&session, &db::DbSession::connectFailed, &app, [&](const Error &error) {
        std::fprintf(stderr, "connect failed: %s\n", qPrintable(error.toString()));
        exitCode = 1;
        app.quit();
    });
    QObject::connect(
        &session, &db::DbSession::columnsReceived, &app,
        [&](quint64 generation, const QStringList &columns) { model.reset(generation, columns); });
    QObject::connect(&session, &db::DbSession::progressed, &app,
                     [&](quint64 generation, const db::ResultChunk &chunk) {
                         model.append(generation, chunk);
                         ++chunks;
                         if (firstRowsMs < 0) {
                             firstRowsMs = timer.elapsed();
                             // Let the view paint the first rows once, as a user would see them.
                             view.viewport()->repaint();
                         }
                     });
    QObject::connect(&session, &db::DbSession::failed, &app, [&](quint64, const db::QueryError &error) {
        std::fprintf(stderr, "query failed: %s\n", qPrintable(error.error.toString()));
        exitCode = 1;
        app.quit();
    });
    QObject::connect(&session, &db::DbSession::finished, &app, [&](quint64, const db::QuerySummary &summary) {
        serverFirstRowMs = summary.firstRowMs;
        std::printf(
            "engine=%s rows=%d model_rows=%d chunks=%d first_rows_shown_ms=%lld worker_first_chunk_ms=%lld "
            "total_ms=%lld peak_rss_mb=%ld\n",
            qPrintable(args.at(1)), rows, model.rowCount(), chunks, firstRowsMs, serverFirstRowMs,
            timer.elapsed(), peakRssMb());
        app.quit();
    });
    session.open();
    app.exec();
    return exitCode;
}
