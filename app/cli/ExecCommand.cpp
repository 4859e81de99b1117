// SPDX-License-Identifier: GPL-3.0-or-later
// `signet exec --engine E --host H --port P --user U [...] -e SQL [--format table|csv|json]`, or
// `signet exec PROFILE -e SQL [--format ...]` for a saved profile.
// Rows go to stdout as they stream (csv, json) or once complete (table); errors go to stderr, exit 1.
// SIGINT/SIGTERM cancels the statement on the server; exit 128 + the signal's number.
#include "cli/ExecCommand.h"

#include "cli/Cli.h"
#include "cli/CommandLine.h"
#include "cli/EndpointOptions.h"
#include "cli/InterruptWait.h"
#include "cli/ProfileSession.h"
#include "db/DbSession.h"
#include "db/ResultFormat.h"
#include "tls/CaBundleStore.h"

#include <QEventLoop>

#include <cstdio>

namespace signet::cli {

namespace {

const QString kCommand = QStringLiteral("exec");

void writeOut(const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
}

// Collects rows for the aligned table format, which needs every width before the first line.
class TablePrinter final
{
public:
    void setColumns(const QStringList &columns)
    {
        m_columns = columns;
        m_widths.clear();
        for (const QString &column : columns)
            m_widths << int(column.size());
    }
    void add(const db::ResultChunk &chunk)
    {
        for (int r = 0; r < chunk.rowCount(); ++r) {
            QStringList row;
            for (int c = 0; c < chunk.columnCount(); ++c) {
                QString text = chunk.isNull(r, c) ? QStringLiteral("NULL") : chunk.text(r, c);
                text.replace(u'\n', u' ');
                m_widths[c] = qMax(m_widths[c], int(text.size()));
                row << text;
            }
            m_rows << row;
        }
    }
    QByteArray render() const
    {
        QString out = line() + cells(m_columns) + line();
        for (const QStringList &row : m_rows)
            out += cells(row);
        out += line();
        return out.toUtf8();
    }

private:
    QString line() const
    {
        QString text = QStringLiteral("+");
        for (int width : m_widths)
            text += QString(width + 2, u'-') + u'+';
        return text + u'\n';
    }
    QString cells(const QStringList &values) const
    {
        QString text = QStringLiteral("|");
        for (qsizetype c = 0; c < values.size(); ++c)
            text += u' ' + values.at(c).leftJustified(m_widths.at(c)) + QStringLiteral(" |");
        return text + u'\n';
    }

    QStringList m_columns;
    QList<int> m_widths;
    QList<QStringList> m_rows;
};

int execProfile(const QString &name, const QString &sql, ExecFormat format)
{
    ProfileSession session;
    int exitCode = ExitOk;
    const auto opened = session.openForDatabase(kCommand, name, &exitCode);
    if (!opened)
        return exitCode;
    return execOnTarget(opened->target, sql, format, opened->signer);
}

} // namespace

int execOnTarget(const db::DbTarget &target, const QString &sql, ExecFormat format,
                 const db::DbTokenSigner &signer)
{
    const Status valid = target.validate();
    if (!valid) {
        printFailure(kCommand, valid.error());
        return ExitUsage;
    }
    db::DbSession session(target, signer);
    // One statement: no warm side connection (MySQL's KILL QUERY needs a second IAM login) for a
    // cancel that rarely comes. Ctrl-C makes one when it does.
    session.setCancelPreparedAhead(false);
    QEventLoop loop;
    int exitCode = ExitOk;
    int interruptedBy = 0;
    QStringList columns;
    TablePrinter table;
    qint64 jsonRows = 0;

    QObject::connect(&session, &db::DbSession::columnsReceived, &loop,
                     [&](quint64, const QStringList &names) {
                         columns = names;
                         if (format == ExecFormat::Table)
                             table.setColumns(names);
                         else if (format == ExecFormat::Csv)
                             writeOut(db::csvHeader(names));
                         else
                             writeOut("[");
                     });
    QObject::connect(&session, &db::DbSession::progressed, &loop, [&](quint64, const db::ResultChunk &chunk) {
        if (format == ExecFormat::Table) {
            table.add(chunk);
            return;
        }
        QByteArray out;
        out.reserve(chunk.byteSize() * 2);
        for (int r = 0; r < chunk.rowCount(); ++r) {
            if (format == ExecFormat::Csv) {
                db::appendCsvRow(out, chunk, r);
            } else {
                out.append(jsonRows++ ? ",\n " : "\n ");
                db::appendJsonRow(out, columns, chunk, r);
            }
        }
        writeOut(out);
    });
    QObject::connect(&session, &db::DbSession::reconnected, &loop,
                     [](const QString &reason, const db::ServerInfo &) {
                         printError(QStringLiteral("signet exec: ") + reason);
                     });
    QObject::connect(&session, &db::DbSession::finished, &loop,
                     [&](quint64, const db::QuerySummary &summary) {
                         if (!summary.isSelect)
                             printError(summary.affectedRows == 1
                                            ? QStringLiteral("1 row affected")
                                            : QStringLiteral("%1 rows affected").arg(summary.affectedRows));
                         else if (format == ExecFormat::Table)
                             writeOut(table.render());
                         else if (format == ExecFormat::Json)
                             writeOut("\n]\n");
                         loop.quit();
                     });
    QObject::connect(&session, &db::DbSession::failed, &loop, [&](quint64, const db::QueryError &error) {
        std::fflush(stdout);
        printFailure(kCommand, error.error);
        exitCode =
            error.kind == db::QueryFailure::Cancelled && interruptedBy ? 128 + interruptedBy : ExitFailed;
        loop.quit();
    });
    // Ctrl-C (or SIGTERM) stops the statement on the server, as mariadb and psql do, instead of
    // leaving it running there; a second one leaves at once.
    onInterruptSignal(&loop, [&](Interrupt interrupt) {
        std::fflush(stdout);
        if (interruptedBy) {
            printError(
                QStringLiteral("signet exec: interrupted; the server may still be running the statement"));
            exitCode = 128 + interrupt.signal;
            loop.quit();
            return;
        }
        interruptedBy = interrupt.signal;
        printError(
            QStringLiteral("signet exec: cancelling the statement on the server (interrupt again to stop "
                           "waiting)"));
        session.cancel();
    });
    session.run(sql);
    loop.exec();
    std::fflush(stdout);
    return exitCode;
}

int runExec(const QStringList &args)
{
    QCommandLineParser parser;
    const EndpointOptions endpoint;
    const QCommandLineOption sql(QStringList{QStringLiteral("e"), QStringLiteral("execute")},
                                 QStringLiteral("The SQL statement to run."), QStringLiteral("SQL"));
    const QCommandLineOption format(QStringLiteral("format"), QStringLiteral("table (default), csv or json."),
                                    QStringLiteral("FORMAT"), QStringLiteral("table"));
    endpoint.addTo(parser);
    parser.addOptions({sql, format});
    parser.addPositionalArgument(
        QStringLiteral("PROFILE"),
        QStringLiteral("A saved profile (name or id) instead of the endpoint options."),
        QStringLiteral("[PROFILE]"));
    const auto outcome =
        parseArguments(parser, args, kCommand,
                       QStringLiteral("Run one SQL statement with a fresh IAM token over verified TLS.\n"
                                      "Ctrl-C cancels the statement on the server and exits 130."));
    if (!outcome.proceed)
        return outcome.exitCode;
    auto usage = [](const Error &error) {
        printFailure(kCommand, error);
        return int(ExitUsage);
    };
    const QString formatName = parser.value(format).toLower();
    ExecFormat outputFormat = ExecFormat::Table;
    if (formatName == u"csv")
        outputFormat = ExecFormat::Csv;
    else if (formatName == u"json")
        outputFormat = ExecFormat::Json;
    else if (formatName != u"table")
        return usage(makeError(QStringLiteral("usage.format"),
                               QStringLiteral("unknown format \"%1\"").arg(formatName),
                               QStringLiteral("Use table, csv or json.")));
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1)
        return usage(
            makeError(QStringLiteral("usage.unexpected"),
                      QStringLiteral("unexpected argument \"%1\"").arg(positional.at(1)),
                      QStringLiteral("Name one saved profile and pass the statement with -e \"SQL\".")));
    if (positional.size() == 1) {
        if (const QString option = endpoint.firstSet(parser); !option.isEmpty())
            return usage(profileConflict(kCommand, positional.first(), option));
        if (parser.value(sql).trimmed().isEmpty())
            return usage(makeError(QStringLiteral("usage.missing"),
                                   QStringLiteral("-e SQL is missing or empty"),
                                   QStringLiteral("Pass the statement with -e \"SQL\".")));
        return execProfile(positional.first(), parser.value(sql), outputFormat);
    }
    using Field = EndpointOptions::Field;
    const auto arguments = endpoint.read(parser, {Field::Engine, Field::Host, Field::Port, Field::User});
    if (!arguments)
        return usage(arguments.error());
    if (parser.value(sql).trimmed().isEmpty())
        return usage(makeError(QStringLiteral("usage.missing"),
                               QStringLiteral("--execute is missing or empty"),
                               QStringLiteral("Pass the statement with -e \"SQL\".")));
    db::DbTarget target;
    static_cast<Endpoint &>(target) = arguments->endpoint;
    target.engine = arguments->engine;
    target.user = arguments->user;
    target.database = arguments->database;
    target.awsProfile = arguments->awsProfile;
    // No --ca: the engine's default (the RDS global bundle; the system store for DSQL), as the help says.
    const auto caFile =
        tls::CaBundleStore().resolveFor(arguments->ca, arguments->engine, arguments->endpoint.host);
    if (!caFile) {
        printFailure(kCommand, caFile.error());
        return ExitFailed;
    }
    target.caFile = *caFile;
    return execOnTarget(target, parser.value(sql), outputFormat);
}

} // namespace signet::cli
