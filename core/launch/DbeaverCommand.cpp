// SPDX-License-Identifier: GPL-3.0-or-later
// DbeaverCommand: `dbeaver -con "driver=…|host=…|…"`.
#include "launch/CommandBuilder.h"
#include "launch/ConnectionStrings.h"
#include "launch/TrustStore.h"
#include "token/AuthToken.h"
#include "token/DsqlToken.h"
#include "token/DurationText.h"

#include <QUrl>

namespace signet::launch {

namespace {

// RDS tokens live 15 minutes; a DSQL token as long as it was signed for (up to a week).
int tokenLifetime(const QString &token)
{
    if (const auto rds = token::AuthToken::parse(token))
        return rds->expiresIn();
    if (const auto dsql = token::DsqlToken::parse(token))
        return dsql->expiresIn();
    return token::AuthToken::MaxExpiresIn;
}

} // namespace

QString dbeaverDriverId(Engine engine)
{
    // Driver ids from DBeaver's plugin.xml files. DBeaver's registry looks a -con driver up by id,
    // then by name ignoring case, so "mariaDB" also matches the driver named "MariaDB".
    switch (dialect(engine)) {
    case Dialect::MySql:
        return QStringLiteral("mysql8");
    case Dialect::MariaDb:
        return QStringLiteral("mariaDB");
    case Dialect::Postgres:
        return QStringLiteral("postgres-jdbc");
    }
    return {};
}

Result<QString> dbeaverConnectionSpec(const LaunchTarget &target, const QString &token,
                                      const BuildOptions &options)
{
    const auto ca = requireCaFile(target);
    if (!ca)
        return ca.error();
    QList<std::pair<QString, QString>> parts{
        {QStringLiteral("driver"), dbeaverDriverId(target.engine)},
        {QStringLiteral("host"), target.connectHost()},
        {QStringLiteral("port"), QString::number(target.connectPort())},
    };
    if (!target.database.isEmpty())
        parts.append({QStringLiteral("database"), target.database});
    parts.append({QStringLiteral("user"), target.user});
    parts.append({QStringLiteral("password"), token});
    parts.append({QStringLiteral("name"), target.displayName()});
    parts.append({QStringLiteral("connect"), QStringLiteral("true")});
    // A one-off connection: DBeaver must not store the short-lived token in its own profiles.
    parts.append({QStringLiteral("save"), QStringLiteral("false")});
    switch (dialect(target.engine)) {
    case Dialect::Postgres:
        parts.append({QStringLiteral("prop.sslmode"),
                      target.chainOnly() ? QStringLiteral("verify-ca") : QStringLiteral("verify-full")});
        parts.append({QStringLiteral("prop.sslrootcert"), *ca});
        break;
    case Dialect::MySql: {
        const auto store = TrustStore::ensureFor(*ca, options.trustStoreDirectory);
        if (!store)
            return store.error();
        parts.append({QStringLiteral("prop.sslMode"),
                      target.chainOnly() ? QStringLiteral("VERIFY_CA") : QStringLiteral("VERIFY_IDENTITY")});
        parts.append(
            {QStringLiteral("prop.trustCertificateKeyStoreUrl"), QUrl::fromLocalFile(*store).toString()});
        parts.append({QStringLiteral("prop.trustCertificateKeyStoreType"), QStringLiteral("PKCS12")});
        parts.append({QStringLiteral("prop.trustCertificateKeyStorePassword"), TrustStore::password()});
        break;
    }
    case Dialect::MariaDb:
        parts.append({QStringLiteral("prop.sslMode"),
                      target.chainOnly() ? QStringLiteral("verify-ca") : QStringLiteral("verify-full")});
        parts.append({QStringLiteral("prop.serverSslCert"), *ca});
        break;
    }
    // DBeaver splits on | and each part at its first =, with no escaping at all: a value with |
    // would silently become another parameter, so refuse it.
    QStringList spec;
    for (const auto &[key, value] : parts) {
        if (value.contains(u'|'))
            return makeError(QStringLiteral("launch.dbeaver-pipe"),
                             QStringLiteral("DBeaver cannot take \"%1\": its value contains \"|\"")
                                 .arg(key == u"password" ? QStringLiteral("password") : key),
                             QStringLiteral("Rename it (DBeaver's -con has no way to escape \"|\")."));
        spec << key + u'=' + value;
    }
    return spec.join(u'|');
}

Result<ClientCommand> buildDbeaverCommand(const LaunchTarget &target, const QString &token,
                                          const BuildOptions &options)
{
    const auto spec = dbeaverConnectionSpec(target, token, options);
    if (!spec)
        return spec.error();
    ClientCommand command;
    command.program = options.program.isEmpty() ? QStringLiteral("dbeaver") : options.program;
    command.arguments << QStringLiteral("-con") << *spec;
    command.secrets << token;
    command.notice =
        QStringLiteral("DBeaver takes the token only on its command line, where other local users "
                       "can see it while it starts; it expires in at most %1.")
            .arg(token::durationText(tokenLifetime(token)));
    return command;
}

} // namespace signet::launch
