// SPDX-License-Identifier: GPL-3.0-or-later
// ConnectionStrings: URL and conninfo forms of a target.
#include "launch/ConnectionStrings.h"

#include "launch/TrustStore.h"

#include <QHostAddress>
#include <QUrl>

namespace signet::launch {

namespace {

// Keeps ordinary path characters readable; encodes what would end or split a query value, and "+"
// (pgjdbc and MySQL Connector/J decode with URLDecoder, which reads "+" as a space).
QString queryValue(const QString &value)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(value, "/:\\._-~"));
}

QString hostPort(const LaunchTarget &target)
{
    QString host = target.connectHost();
    if (host.contains(u':') && !host.startsWith(u'['))
        host = u'[' + host + u']';
    return QStringLiteral("%1:%2").arg(host).arg(target.connectPort());
}

} // namespace

Result<QString> requireCaFile(const LaunchTarget &target)
{
    if (target.caFile.isEmpty())
        return makeError(
            QStringLiteral("launch.no-ca"),
            QStringLiteral("no CA bundle is set, so the server certificate cannot be verified"),
            QStringLiteral("Set the CA bundle (e.g. the RDS global-bundle.pem) for this connection."));
    return target.caFile;
}

std::optional<QString> mariadbUrlValue(const QString &value, MariaDbUrlPart part)
{
    const bool splits = value.contains(u'&') ||
                        (part == MariaDbUrlPart::Database && (value.contains(u'/') || value.contains(u'?')));
    if (splits)
        return std::nullopt;
    return value;
}

QString jdbcDriverClass(Engine engine)
{
    switch (dialect(engine)) {
    case Dialect::MySql:
        return QStringLiteral("com.mysql.cj.jdbc.Driver");
    case Dialect::MariaDb:
        return QStringLiteral("org.mariadb.jdbc.Driver");
    case Dialect::Postgres:
        return QStringLiteral("org.postgresql.Driver");
    }
    return {};
}

Result<QString> jdbcUrl(const LaunchTarget &target, const BuildOptions &options)
{
    const auto ca = requireCaFile(target);
    if (!ca)
        return ca.error();
    const QString database = QString::fromLatin1(QUrl::toPercentEncoding(target.database));
    switch (dialect(target.engine)) {
    case Dialect::MySql: {
        const auto store = TrustStore::ensureFor(*ca, options.trustStoreDirectory);
        if (!store)
            return store.error();
        return QStringLiteral("jdbc:mysql://%1/%2?sslMode=%3&trustCertificateKeyStoreUrl=%4"
                              "&trustCertificateKeyStoreType=PKCS12&trustCertificateKeyStorePassword=%5")
            .arg(hostPort(target), database,
                 target.chainOnly() ? QStringLiteral("VERIFY_CA") : QStringLiteral("VERIFY_IDENTITY"),
                 queryValue(QUrl::fromLocalFile(*store).toString()), TrustStore::password());
    }
    case Dialect::MariaDb: {
        const auto rawDatabase = mariadbUrlValue(target.database, MariaDbUrlPart::Database);
        const auto rawCa = mariadbUrlValue(*ca);
        if (!rawDatabase || !rawCa)
            return makeError(
                QStringLiteral("launch.mariadb-url"),
                QStringLiteral("MariaDB Connector/J cannot take %1 in its URL: it splits the URL at \"&\" "
                               "and decodes nothing")
                    .arg(rawCa ? QStringLiteral("the database \"%1\"").arg(target.database)
                               : QStringLiteral("the CA path %1").arg(*ca)),
                QStringLiteral("Use a CA bundle path without \"&\" and a database name without \"/\", "
                               "\"?\" or \"&\"."));
        return QStringLiteral("jdbc:mariadb://%1/%2?useSsl=true&sslMode=%3&serverSslCert=%4%5")
            .arg(hostPort(target), *rawDatabase,
                 target.chainOnly() ? QStringLiteral("verify-ca") : QStringLiteral("verify-full"), *rawCa,
                 target.chainOnly() ? QStringLiteral("&disableSslHostnameVerification=true") : QString());
    }
    case Dialect::Postgres:
        return QStringLiteral("jdbc:postgresql://%1/%2?sslmode=%3&sslrootcert=%4")
            .arg(hostPort(target), database,
                 target.chainOnly() ? QStringLiteral("verify-ca") : QStringLiteral("verify-full"),
                 queryValue(*ca));
    }
    return QString();
}

QString quoteConninfoValue(const QString &value)
{
    bool bare = !value.isEmpty();
    for (const QChar c : value)
        bare = bare && !c.isSpace() && c != u'\'' && c != u'\\';
    if (bare)
        return value;
    QString out = QStringLiteral("'");
    for (const QChar c : value) {
        if (c == u'\'' || c == u'\\')
            out += u'\\';
        out += c;
    }
    return QString(out + u'\'');
}

namespace {

// libpq checks the endpoint name even through a tunnel (hostaddr= carries the address), so only a
// verify-ca profile lowers it.
QString libpqSslMode(const LaunchTarget &target)
{
    return target.verifyHostName ? QStringLiteral("verify-full") : QStringLiteral("verify-ca");
}

// psql's "connect via": host= stays the endpoint (certificate check, and the name libpq reports)
// while hostaddr= is where TCP goes; libpq wants a numeric address there.
Result<QString> viaAddress(const LaunchTarget &target)
{
    QString via = target.viaHost;
    if (via.compare(u"localhost", Qt::CaseInsensitive) == 0)
        via = QStringLiteral("127.0.0.1");
    if (QHostAddress(via).isNull())
        return makeError(
            QStringLiteral("launch.via-not-address"),
            QStringLiteral("\"%1\" is not an IP address; psql needs one for connect-via").arg(target.viaHost),
            QStringLiteral("Give the tunnel's local address, e.g. 127.0.0.1:15432."));
    return via;
}

} // namespace

Result<QString> libpqConninfo(const LaunchTarget &target)
{
    const auto ca = requireCaFile(target);
    if (!ca)
        return ca.error();
    QList<std::pair<QString, QString>> pairs{{QStringLiteral("host"), target.host}};
    if (target.hasVia()) {
        const auto address = viaAddress(target);
        if (!address)
            return address.error();
        pairs.append({QStringLiteral("hostaddr"), *address});
    }
    pairs.append({QStringLiteral("port"), QString::number(target.connectPort())});
    if (!target.database.isEmpty())
        pairs.append({QStringLiteral("dbname"), target.database});
    pairs.append({QStringLiteral("user"), target.user});
    pairs.append({QStringLiteral("sslmode"), libpqSslMode(target)});
    pairs.append({QStringLiteral("sslrootcert"), *ca});
    QStringList parts;
    for (const auto &[key, value] : pairs)
        parts << key + u'=' + quoteConninfoValue(value);
    return parts.join(u' ');
}

Result<QString> libpqUri(const LaunchTarget &target)
{
    const auto ca = requireCaFile(target);
    if (!ca)
        return ca.error();
    const QString host = target.host.contains(u':') ? QString(u'[' + target.host + u']') : target.host;
    QString uri = QStringLiteral("postgresql://%1@%2:%3/%4?sslmode=%6&sslrootcert=%5")
                      .arg(QString::fromLatin1(QUrl::toPercentEncoding(target.user)), host)
                      .arg(target.connectPort())
                      .arg(QString::fromLatin1(QUrl::toPercentEncoding(target.database)), queryValue(*ca))
                      .arg(libpqSslMode(target));
    if (target.hasVia()) {
        const auto address = viaAddress(target);
        if (!address)
            return address.error();
        uri += QStringLiteral("&hostaddr=") + queryValue(*address);
    }
    return uri;
}

Result<QList<EnvironmentEntry>> environmentFor(const LaunchTarget &target, const QString &token)
{
    const auto ca = requireCaFile(target);
    if (!ca)
        return ca.error();
    QList<EnvironmentEntry> env;
    if (isPostgresFamily(target.engine)) {
        env << EnvironmentEntry{QStringLiteral("PGHOST"), target.host};
        if (target.hasVia()) {
            const auto address = viaAddress(target);
            if (!address)
                return address.error();
            env << EnvironmentEntry{QStringLiteral("PGHOSTADDR"), *address};
        }
        env << EnvironmentEntry{QStringLiteral("PGPORT"), QString::number(target.connectPort())}
            << EnvironmentEntry{QStringLiteral("PGUSER"), target.user};
        if (!target.database.isEmpty())
            env << EnvironmentEntry{QStringLiteral("PGDATABASE"), target.database};
        env << EnvironmentEntry{QStringLiteral("PGSSLMODE"), libpqSslMode(target)}
            << EnvironmentEntry{QStringLiteral("PGSSLROOTCERT"), *ca}
            << EnvironmentEntry{QStringLiteral("PGPASSWORD"), token, true};
    } else {
        env << EnvironmentEntry{QStringLiteral("MYSQL_HOST"), target.connectHost()}
            << EnvironmentEntry{QStringLiteral("MYSQL_TCP_PORT"), QString::number(target.connectPort())}
            << EnvironmentEntry{QStringLiteral("MYSQL_PWD"), token, true};
    }
    return env;
}

ClientCommand passwordCommand(const LaunchTarget &target, const BuildOptions &options)
{
    ClientCommand command;
    command.program = options.signetProgram;
    // A saved profile signs with its own credential source (keychain keys, environment, an AWS
    // profile): naming it is the only line that signs exactly as Signet does.
    if (target.savedProfile && !target.profileName.isEmpty()) {
        command.arguments = {QStringLiteral("token"), target.profileName};
        return command;
    }
    command.arguments = {
        QStringLiteral("token"),      QStringLiteral("--host"), target.host, QStringLiteral("--port"),
        QString::number(target.port), QStringLiteral("--user"), target.user};
    if (!target.region.isEmpty())
        command.arguments << QStringLiteral("--region") << target.region;
    // A DSQL token is another service's: say so rather than rely on the host's name implying it.
    if (usesDsqlTokens(target.engine))
        command.arguments << QStringLiteral("--engine") << engineKey(target.engine);
    if (!target.awsProfile.isEmpty())
        command.arguments << QStringLiteral("--aws-profile") << target.awsProfile;
    return command;
}

} // namespace signet::launch
