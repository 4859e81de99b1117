// SPDX-License-Identifier: GPL-3.0-or-later
// `signet exec --engine E --host H --port P --user U [...] -e SQL | -f FILE [--format table|csv|json]`, or
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
#include "db/StatementSplitter.h"
#include "tls/CaBundleStore.h"

#include <QEventLoop>
#include <QFile>

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
        m_rows.clear();
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

// The SQL of -e, or the file of -f ("-": standard input), as UTF-8 (a byte-order mark dropped).
Result<QString> readScript(const QCommandLineParser &parser, const QCommandLineOption &sql,
                           const QCommandLineOption &file)
{
    const bool inline_ = parser.isSet(sql);
    if (inline_ == parser.isSet(file))
        return makeError(QStringLiteral("usage.missing"),
                         inline_ ? QStringLiteral("-e SQL and -f FILE both given")
                                 : QStringLiteral("no SQL to run: -e SQL or -f FILE is missing"),
                         QStringLiteral("Pass the statements with -e \"SQL\" or in a file with -f FILE."));
    QString text;
    if (inline_) {
        text = parser.value(sql);
    } else {
        const QString path = parser.value(file);
        QFile input;
        const bool opened = path == u"-" ? input.open(stdin, QIODevice::ReadOnly)
                                         : (input.setFileName(path), input.open(QIODevice::ReadOnly));
        if (!opened)
            return makeError(QStringLiteral("exec.file-unreadable"),
                             QStringLiteral("cannot read %1: %2").arg(path, input.errorString()),
                             QStringLiteral("Check the path and its permissions."));
        text = QString::fromUtf8(input.readAll());
        if (text.startsWith(QChar(0xFEFF)))
            text.remove(0, 1);
    }
    if (text.trimmed().isEmpty())
        return makeError(QStringLiteral("usage.missing"),
                         inline_ ? QStringLiteral("-e SQL is empty")
                                 : QStringLiteral("%1 is empty").arg(parser.value(file)),
                         QStringLiteral("Pass at least one statement."));
    return text;
}

int fail(const Error &error)
{
    printFailure(kCommand, error);
    return ExitFailed;
}

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
    // The console's splitter: ';' outside quotes and comments, by the engine's rules.
    const QList<db::StatementSpan> statements = db::splitStatements(sql, wireFamily(target.engine));
    if (statements.isEmpty()) {
        printFailure(kCommand,
                     makeError(QStringLiteral("usage.missing"),
                               QStringLiteral("the SQL holds no statement, only comments or ';'"),
                               QStringLiteral("Pass at least one statement with -e \"SQL\" or -f FILE.")));
        return ExitUsage;
    }
    db::DbSession session(target, signer);
    // No warm side connection (MySQL's KILL QUERY needs a second IAM login) for a cancel that
    // rarely comes. Ctrl-C makes one when it does.
    session.setCancelPreparedAhead(false);
    QEventLoop loop;
    int exitCode = ExitOk;
    int interruptedBy = 0;
    int index = 0;            // the statement running now
    int resultSets = 0;       // statements that returned columns so far
    bool reconnected = false; // the session's state went with the connection it replaced
    QStringList columns;
    TablePrinter table;
    qint64 jsonRows = 0;
    const int count = int(statements.size());

    // "statement 2 of 3 (line 4): " before a failure when the script has several; nothing for one.
    auto where = [&](int offsetInStatement) {
        if (count == 1)
            return QString();
        const int at = statements.at(index).offset + qMax(0, offsetInStatement);
        return QStringLiteral("statement %1 of %2 (line %3): ")
            .arg(index + 1)
            .arg(count)
            .arg(sql.left(at).count(u'\n') + 1);
    };
    auto notRun = [&]() {
        const int left = count - index - 1;
        return left == 0   ? QString()
               : left == 1 ? QStringLiteral(" The statement after it was not run.")
                           : QStringLiteral(" The %1 statements after it were not run.").arg(left);
    };
    auto runNext = [&]() {
        if (index + 1 >= count) {
            loop.quit();
            return;
        }
        if (interruptedBy) { // the statement ended before the cancel reached it: run no more
            printError(QStringLiteral("signet exec: interrupted after statement %1 of %2.")
                           .arg(index + 1)
                           .arg(count) +
                       notRun());
            exitCode = 128 + interruptedBy;
            loop.quit();
            return;
        }
        session.run(statements.at(++index).text);
    };

    QObject::connect(&session, &db::DbSession::columnsReceived, &loop,
                     [&](quint64, const QStringList &names) {
                         columns = names;
                         jsonRows = 0;
                         if (format == ExecFormat::Table)
                             table.setColumns(names);
                         else if (format == ExecFormat::Csv)
                             writeOut((resultSets ? QByteArray("\n") : QByteArray()) + db::csvHeader(names));
                         else
                             writeOut("[");
                         ++resultSets;
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
                     [&](const QString &reason, const db::ServerInfo &) {
                         printError(QStringLiteral("signet exec: ") + reason);
                         reconnected = true;
                     });
    QObject::connect(
        &session, &db::DbSession::finished, &loop, [&](quint64, const db::QuerySummary &summary) {
            if (!summary.isSelect)
                printError(summary.affectedRows == 1
                               ? QStringLiteral("1 row affected")
                               : QStringLiteral("%1 rows affected").arg(summary.affectedRows));
            else if (format == ExecFormat::Table)
                writeOut(table.render());
            else if (format == ExecFormat::Json)
                writeOut("\n]\n");
            if (reconnected && index + 1 < count) {
                // A transaction, SET or temporary table the script relies on is gone.
                std::fflush(stdout);
                printFailure(kCommand, makeError(QStringLiteral("db.connection-lost"),
                                                 where(-1) +
                                                     QStringLiteral("the connection was lost and made anew, "
                                                                    "which ends the session's transaction, "
                                                                    "settings and temporary tables.") +
                                                     notRun(),
                                                 QStringLiteral("Check what ran, then run the rest again.")));
                exitCode = ExitFailed;
                loop.quit();
                return;
            }
            runNext();
        });
    QObject::connect(&session, &db::DbSession::failed, &loop, [&](quint64, const db::QueryError &error) {
        std::fflush(stdout);
        Error shown = error.error;
        shown.message = where(error.offset) + shown.message;
        if (count > 1 && index + 1 < count)
            shown.message += (shown.message.endsWith(u'.') ? QString() : QStringLiteral(".")) + notRun();
        printFailure(kCommand, shown);
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
    session.run(statements.first().text);
    loop.exec();
    std::fflush(stdout);
    return exitCode;
}

int runExec(const QStringList &args)
{
    QCommandLineParser parser;
    const EndpointOptions endpoint;
    const QCommandLineOption sql(
        QStringList{QStringLiteral("e"), QStringLiteral("execute")},
        QStringLiteral("The SQL to run: one statement, or several separated by ';'."), QStringLiteral("SQL"));
    const QCommandLineOption file(
        QStringList{QStringLiteral("f"), QStringLiteral("file")},
        QStringLiteral("Run the statements in FILE (- reads standard input), in order, "
                       "stopping at the first that fails."),
        QStringLiteral("FILE"));
    const QCommandLineOption format(QStringLiteral("format"), QStringLiteral("table (default), csv or json."),
                                    QStringLiteral("FORMAT"), QStringLiteral("table"));
    endpoint.addTo(parser);
    parser.addOptions({sql, file, format});
    parser.addPositionalArgument(
        QStringLiteral("PROFILE"),
        QStringLiteral("A saved profile (name or id) instead of the endpoint options."),
        QStringLiteral("[PROFILE]"));
    const auto outcome = parseArguments(
        parser, args, kCommand,
        QStringLiteral("Run SQL with a fresh IAM token over verified TLS, on one connection.\n"
                       "Several statements print one table, CSV block (after a blank line) or\n"
                       "JSON array each. Ctrl-C cancels the statement on the server and exits 130."));
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
        const auto script = readScript(parser, sql, file);
        if (!script)
            return script.error().code.startsWith(u"usage.") ? usage(script.error()) : fail(script.error());
        return execProfile(positional.first(), *script, outputFormat);
    }
    using Field = EndpointOptions::Field;
    const auto arguments = endpoint.read(parser, {Field::Engine, Field::Host, Field::Port, Field::User});
    if (!arguments)
        return usage(arguments.error());
    const auto script = readScript(parser, sql, file);
    if (!script)
        return script.error().code.startsWith(u"usage.") ? usage(script.error()) : fail(script.error());
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
    return execOnTarget(target, *script, outputFormat);
}

} // namespace signet::cli
