// DbTarget validation and naming.
#include "db/DbTarget.h"

#include <QFileInfo>

namespace signet::db {

QString DbTarget::displayName() const
{
    QString name = user + u'@' + host + u':' + QString::number(port);
    if (!database.isEmpty())
        name += u'/' + database;
    return name;
}

Status DbTarget::validate() const
{
    auto fail = [](const QString &code, const QString &message, const QString &hint) -> Status {
        return makeError(QStringLiteral("db.target.") + code, message, hint);
    };
    if (host.trimmed().isEmpty())
        return fail(
            QStringLiteral("host"), QStringLiteral("the endpoint host is empty"),
            QStringLiteral("Give the database endpoint name, e.g. mydb.abc.eu-west-1.rds.amazonaws.com."));
    if (port < 1 || port > 65535)
        return fail(QStringLiteral("port"), QStringLiteral("port %1 is outside 1-65535").arg(port),
                    QStringLiteral("Give the endpoint's port, e.g. 3306 or 5432."));
    if (hasVia() && (viaPort < 0 || viaPort > 65535))
        return fail(QStringLiteral("via"), QStringLiteral("via port %1 is outside 1-65535").arg(viaPort),
                    QStringLiteral("Give \"connect via\" as HOST:PORT."));
    if (user.trimmed().isEmpty())
        return fail(QStringLiteral("user"), QStringLiteral("the database user is empty"),
                    QStringLiteral("Give the IAM-enabled database user."));
    if (caFile.isEmpty())
        return fail(QStringLiteral("ca"), QStringLiteral("no CA file is set"),
                    QStringLiteral("IAM tokens are only sent over verified TLS: give the RDS CA bundle "
                                   "(e.g. global-bundle.pem)."));
    // QPSQL joins its options with ';' and libpq splits on whitespace inside quotes only.
    if (caFile.contains(u';') || caFile.contains(u'\''))
        return fail(QStringLiteral("ca"),
                    QStringLiteral("the CA file path contains ';' or a quote: %1").arg(caFile),
                    QStringLiteral("Move the CA bundle to a path without ';' or quotes."));
    const QFileInfo ca(caFile);
    if (!ca.isFile() || !ca.isReadable())
        return fail(QStringLiteral("ca"), QStringLiteral("the CA file %1 cannot be read").arg(caFile),
                    QStringLiteral("Check the path, or download the RDS CA bundle again."));
    return Unit{};
}

QString engineName(Engine engine)
{
    switch (engine) {
    case Engine::MySql:
        return QStringLiteral("mysql");
    case Engine::MariaDb:
        return QStringLiteral("mariadb");
    case Engine::Postgres:
        break;
    }
    return QStringLiteral("postgres");
}

Result<Engine> engineFromName(const QString &name)
{
    const QString lower = name.trimmed().toLower();
    if (lower == u"mysql" || lower == u"aurora-mysql")
        return Engine::MySql;
    if (lower == u"mariadb")
        return Engine::MariaDb;
    if (lower == u"postgres" || lower == u"postgresql" || lower == u"pg" || lower == u"aurora-postgresql")
        return Engine::Postgres;
    return makeError(QStringLiteral("db.target.engine"), QStringLiteral("unknown engine \"%1\"").arg(name),
                     QStringLiteral("Use mysql, mariadb or postgres."));
}

Status parseVia(const QString &text, DbTarget &target)
{
    const QString trimmed = text.trimmed();
    const qsizetype colon = trimmed.lastIndexOf(u':');
    bool ok = false;
    const int port = colon > 0 ? trimmed.mid(colon + 1).toInt(&ok) : 0;
    QString host = colon > 0 ? trimmed.left(colon) : QString();
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    if (!ok || port < 1 || port > 65535 || host.isEmpty())
        return makeError(QStringLiteral("db.target.via"), QStringLiteral("\"%1\" is not HOST:PORT").arg(text),
                         QStringLiteral("Give \"connect via\" as HOST:PORT, e.g. 127.0.0.1:15432."));
    target.viaHost = host;
    target.viaPort = port;
    return Unit{};
}

} // namespace signet::db
