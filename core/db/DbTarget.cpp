// SPDX-License-Identifier: GPL-3.0-or-later
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
    if (const Status endpoint = validateEndpoint(QStringLiteral("db.target.")); !endpoint)
        return endpoint;
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

} // namespace signet::db
