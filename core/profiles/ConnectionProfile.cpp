// ConnectionProfile: field rules, JSON form, engine and credential-source names.
#include "profiles/ConnectionProfile.h"

#include "aws/RdsEndpoint.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>

namespace signet::profiles {

namespace {

struct EngineInfo
{
    Engine engine;
    const char *key;
    const char *displayName;
    int port;
};

constexpr EngineInfo kEngines[] = {
    {Engine::MySql, "mysql", "MySQL", 3306},
    {Engine::MariaDb, "mariadb", "MariaDB", 3306},
    {Engine::AuroraMySql, "aurora-mysql", "Aurora MySQL", 3306},
    {Engine::PostgreSql, "postgres", "PostgreSQL", 5432},
    {Engine::AuroraPostgreSql, "aurora-postgres", "Aurora PostgreSQL", 5432},
};

const EngineInfo &info(Engine engine)
{
    for (const EngineInfo &entry : kEngines) {
        if (entry.engine == engine)
            return entry;
    }
    return kEngines[0];
}

// RFC 1123 host names and IPv4/IPv6 literals; no scheme, path or port.
bool isPlausibleHost(const QString &host)
{
    static const QRegularExpression name(
        QStringLiteral("^[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9-]{1,63})*\\.?$"));
    static const QRegularExpression ipv6(QStringLiteral("^[0-9A-Fa-f:.]+$"));
    return name.match(host).hasMatch() || (host.contains(u':') && ipv6.match(host).hasMatch());
}

QString hostProblem(const QString &host, const QString &what)
{
    if (host.contains(QStringLiteral("://")))
        return QStringLiteral("Enter the %1 without a scheme such as \"https://\".").arg(what);
    if (host.contains(u'/'))
        return QStringLiteral("Enter only the %1, without a path.").arg(what);
    if (host.count(u':') == 1)
        return QStringLiteral("Enter the port in its own field, not after the %1.").arg(what);
    if (host.contains(u' '))
        return QStringLiteral("The %1 cannot contain spaces.").arg(what);
    if (!isPlausibleHost(host))
        return QStringLiteral("\"%1\" is not a valid host name or IP address.").arg(host);
    return {};
}

QString portProblem(int port, const QString &what)
{
    if (port < 1 || port > 65535)
        return QStringLiteral("The %1 must be a number from 1 to 65535.").arg(what);
    return {};
}

} // namespace

QString engineKey(Engine engine)
{
    return QString::fromLatin1(info(engine).key);
}

QString engineDisplayName(Engine engine)
{
    return QString::fromLatin1(info(engine).displayName);
}

std::optional<Engine> engineFromKey(const QString &key)
{
    const QString wanted = key.trimmed().toLower();
    for (const EngineInfo &entry : kEngines) {
        if (wanted == QLatin1String(entry.key))
            return entry.engine;
    }
    if (wanted == u"postgresql")
        return Engine::PostgreSql;
    if (wanted == u"aurora-postgresql")
        return Engine::AuroraPostgreSql;
    return std::nullopt;
}

QList<Engine> allEngines()
{
    QList<Engine> engines;
    for (const EngineInfo &entry : kEngines)
        engines.append(entry.engine);
    return engines;
}

int defaultPort(Engine engine)
{
    return info(engine).port;
}

bool isPostgres(Engine engine)
{
    return engine == Engine::PostgreSql || engine == Engine::AuroraPostgreSql;
}

QString credentialSourceKey(CredentialSource source)
{
    switch (source) {
    case CredentialSource::AwsProfile:
        return QStringLiteral("aws-profile");
    case CredentialSource::Environment:
        return QStringLiteral("environment");
    case CredentialSource::StaticKeys:
        return QStringLiteral("static-keys");
    }
    return {};
}

std::optional<CredentialSource> credentialSourceFromKey(const QString &key)
{
    for (CredentialSource source :
         {CredentialSource::AwsProfile, CredentialSource::Environment, CredentialSource::StaticKeys}) {
        if (credentialSourceKey(source) == key)
            return source;
    }
    return std::nullopt;
}

Result<std::pair<QString, int>> parseHostPort(const QString &text)
{
    const QString trimmed = text.trimmed();
    QString host;
    QString port;
    if (trimmed.startsWith(u'[')) {
        const qsizetype close = trimmed.indexOf(u']');
        if (close < 0 || trimmed.mid(close + 1, 1) != u":")
            return makeError(QStringLiteral("profile.bad-via"),
                             QStringLiteral("\"%1\" is not of the form [IPv6]:PORT").arg(text),
                             QStringLiteral("Write it as [::1]:5432."));
        host = trimmed.mid(1, close - 1);
        port = trimmed.mid(close + 2);
    } else {
        const qsizetype colon = trimmed.lastIndexOf(u':');
        if (colon <= 0)
            return makeError(QStringLiteral("profile.bad-via"),
                             QStringLiteral("\"%1\" is not of the form HOST:PORT").arg(text),
                             QStringLiteral("Write it as 127.0.0.1:15432."));
        host = trimmed.left(colon);
        port = trimmed.mid(colon + 1);
    }
    bool ok = false;
    const int number = port.toInt(&ok);
    if (!ok || number < 1 || number > 65535)
        return makeError(QStringLiteral("profile.bad-via"),
                         QStringLiteral("the port in \"%1\" is not a number from 1 to 65535").arg(text),
                         QStringLiteral("Write it as HOST:PORT, e.g. 127.0.0.1:15432."));
    return std::pair<QString, int>{host, number};
}

ConnectionProfile ConnectionProfile::create(const QString &name, Engine engine)
{
    ConnectionProfile profile;
    profile.id = QUuid::createUuid();
    profile.name = name;
    profile.engine = engine;
    profile.port = defaultPort(engine);
    return profile;
}

QString ConnectionProfile::effectiveRegion() const
{
    return region.isEmpty() ? aws::RdsEndpoint::regionFromHost(host) : region;
}

QList<FieldError> ConnectionProfile::validate() const
{
    QList<FieldError> errors;
    auto add = [&errors](const char *field, const QString &message) {
        errors.append({QString::fromLatin1(field), message});
    };

    if (name.trimmed().isEmpty())
        add("name", QStringLiteral("Give the profile a name."));
    else if (name.size() > 120)
        add("name", QStringLiteral("Keep the name under 120 characters."));
    if (folder.contains(u'/') || folder.contains(u'\\'))
        add("folder", QStringLiteral("Folder names cannot contain slashes."));
    for (const QString &tag : tags) {
        if (tag.trimmed().isEmpty() || tag.contains(u','))
            add("tags", QStringLiteral("Separate tags with commas; a tag cannot be empty."));
    }

    if (host.trimmed().isEmpty())
        add("host",
            QStringLiteral("Enter the database endpoint, e.g. mydb.abc123.eu-west-1.rds.amazonaws.com."));
    else if (const QString problem = hostProblem(host, QStringLiteral("endpoint")); !problem.isEmpty())
        add("host", problem);
    if (const QString problem = portProblem(port, QStringLiteral("port")); !problem.isEmpty())
        add("port", problem);

    const QString hostRegion = aws::RdsEndpoint::regionFromHost(host);
    if (!region.isEmpty() && !aws::RdsEndpoint::isRegionName(region))
        add("region", QStringLiteral("\"%1\" is not an AWS region name such as eu-west-1.").arg(region));
    else if (!region.isEmpty() && !hostRegion.isEmpty() && region != hostRegion)
        add("region", QStringLiteral("The endpoint is in %1, not %2. Leave the region empty to use the "
                                     "endpoint's.")
                          .arg(hostRegion, region));
    else if (region.isEmpty() && hostRegion.isEmpty() && !host.trimmed().isEmpty())
        add("region", QStringLiteral("This endpoint is not an RDS host name, so enter the region it is in."));

    if (dbUser.trimmed().isEmpty())
        add("user", QStringLiteral("Enter the database user that has IAM authentication enabled."));
    else if (dbUser.contains(u' '))
        add("user", QStringLiteral("The database user cannot contain spaces."));
    if (database.contains(u' '))
        add("database", QStringLiteral("The database name cannot contain spaces."));

    if (credentialSource == CredentialSource::AwsProfile && awsProfile.contains(u' '))
        add("awsProfile", QStringLiteral("AWS profile names cannot contain spaces."));

    if (hasVia()) {
        if (const QString problem = hostProblem(viaHost, QStringLiteral("tunnel host")); !problem.isEmpty())
            add("via", problem);
        else if (const QString portError = portProblem(viaPort, QStringLiteral("tunnel port"));
                 !portError.isEmpty())
            add("via", portError);
    } else if (viaPort != 0) {
        add("via", QStringLiteral("Enter the tunnel host as well as its port, or clear both."));
    }

    if (!caFile.isEmpty()) {
        const QFileInfo file(caFile);
        if (!file.isAbsolute())
            add("caFile", QStringLiteral("Give the CA bundle as a full path."));
        else if (!file.isFile() || !file.isReadable())
            add("caFile", QStringLiteral("The CA bundle %1 does not exist or cannot be read.").arg(caFile));
    }
    return errors;
}

Status ConnectionProfile::check() const
{
    const QList<FieldError> errors = validate();
    if (errors.isEmpty())
        return Unit{};
    return makeError(QStringLiteral("profile.invalid"), errors.first().message,
                     QStringLiteral("Fix the %1 and try again.").arg(errors.first().field));
}

QJsonObject ConnectionProfile::toJson() const
{
    QJsonObject object{
        {QStringLiteral("id"), id.toString(QUuid::WithoutBraces)},
        {QStringLiteral("name"), name},
        {QStringLiteral("engine"), engineKey(engine)},
        {QStringLiteral("host"), host},
        {QStringLiteral("port"), port},
        {QStringLiteral("user"), dbUser},
        {QStringLiteral("credentials"), credentialSourceKey(credentialSource)},
        {QStringLiteral("tls"),
         tlsMode == TlsMode::VerifyFull ? QStringLiteral("verify-full") : QStringLiteral("verify-ca")},
    };
    auto optional = [&object](const char *key, const QString &value) {
        if (!value.isEmpty())
            object.insert(QLatin1String(key), value);
    };
    optional("folder", folder);
    optional("region", region);
    optional("database", database);
    optional("awsProfile", awsProfile);
    optional("caFile", caFile);
    optional("notes", notes);
    if (!tags.isEmpty())
        object.insert(QStringLiteral("tags"), QJsonArray::fromStringList(tags));
    if (production)
        object.insert(QStringLiteral("production"), true);
    if (hasVia())
        object.insert(QStringLiteral("via"),
                      QJsonObject{{QStringLiteral("host"), viaHost}, {QStringLiteral("port"), viaPort}});
    return object;
}

Result<ConnectionProfile> ConnectionProfile::fromJson(const QJsonObject &object)
{
    ConnectionProfile profile;
    profile.id = QUuid::fromString(object.value(QStringLiteral("id")).toString());
    profile.name = object.value(QStringLiteral("name")).toString();
    if (profile.id.isNull())
        return makeError(QStringLiteral("profile.bad-id"),
                         QStringLiteral("profile \"%1\" has no valid id").arg(profile.name),
                         QStringLiteral("Give it an \"id\" holding a UUID, or remove it from the file."));
    const auto engine = engineFromKey(object.value(QStringLiteral("engine")).toString());
    if (!engine)
        return makeError(QStringLiteral("profile.bad-engine"),
                         QStringLiteral("profile \"%1\" has an unknown engine \"%2\"")
                             .arg(profile.name, object.value(QStringLiteral("engine")).toString()),
                         QStringLiteral("Use mysql, mariadb, aurora-mysql, postgres or aurora-postgres."));
    profile.engine = *engine;
    const auto source = credentialSourceFromKey(
        object.value(QStringLiteral("credentials")).toString(QStringLiteral("aws-profile")));
    if (!source)
        return makeError(QStringLiteral("profile.bad-credentials"),
                         QStringLiteral("profile \"%1\" has an unknown credential source").arg(profile.name),
                         QStringLiteral("Use aws-profile, environment or static-keys."));
    profile.credentialSource = *source;
    profile.folder = object.value(QStringLiteral("folder")).toString();
    for (const QJsonValue &tag : object.value(QStringLiteral("tags")).toArray())
        profile.tags.append(tag.toString());
    profile.host = object.value(QStringLiteral("host")).toString();
    profile.port = object.value(QStringLiteral("port")).toInt(defaultPort(profile.engine));
    profile.region = object.value(QStringLiteral("region")).toString();
    profile.dbUser = object.value(QStringLiteral("user")).toString();
    profile.database = object.value(QStringLiteral("database")).toString();
    profile.awsProfile = object.value(QStringLiteral("awsProfile")).toString();
    const QJsonObject via = object.value(QStringLiteral("via")).toObject();
    profile.viaHost = via.value(QStringLiteral("host")).toString();
    profile.viaPort = via.value(QStringLiteral("port")).toInt();
    profile.caFile = object.value(QStringLiteral("caFile")).toString();
    profile.tlsMode = object.value(QStringLiteral("tls")).toString() == u"verify-ca" ? TlsMode::VerifyCa
                                                                                     : TlsMode::VerifyFull;
    profile.notes = object.value(QStringLiteral("notes")).toString();
    profile.production = object.value(QStringLiteral("production")).toBool();
    return profile;
}

} // namespace signet::profiles
