// SPDX-License-Identifier: GPL-3.0-or-later
// ConnectionProfile: field rules, JSON form, engine and credential-source names.
#include "profiles/ConnectionProfile.h"

#include "aws/RdsEndpoint.h"
#include "token/TokenRequest.h"

#include <QFileInfo>
#include <QJsonArray>

#include <algorithm>

namespace signet::profiles {

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

ConnectionProfile ConnectionProfile::create(const QString &name, Engine engine)
{
    ConnectionProfile profile;
    profile.id = QUuid::createUuid();
    profile.name = name;
    profile.engine = engine;
    profile.port = defaultPort(engine);
    return profile;
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

    // The endpoint's rules, the via's after the other fields as in the form.
    const QList<FieldError> endpoint = endpointProblems();
    for (const FieldError &error : endpoint) {
        if (error.field != u"via")
            errors.append(error);
    }
    const bool regionProblem = std::any_of(endpoint.begin(), endpoint.end(),
                                           [](const FieldError &e) { return e.field == u"region"; });
    if (!regionProblem && region.isEmpty() && regionFromEndpointName(host).isEmpty() &&
        !host.trimmed().isEmpty())
        add("region", QStringLiteral("This endpoint is not an RDS host name, so enter the region it is in."));

    if (dbUser.trimmed().isEmpty())
        add("user", QStringLiteral("Enter the database user that has IAM authentication enabled."));
    else if (dbUser.contains(u' '))
        add("user", QStringLiteral("The database user cannot contain spaces."));
    if (database.contains(u' '))
        add("database", QStringLiteral("The database name cannot contain spaces."));

    if (credentialSource == CredentialSource::AwsProfile && awsProfile.contains(u' '))
        add("awsProfile", QStringLiteral("AWS profile names cannot contain spaces."));

    for (const FieldError &error : endpoint) {
        if (error.field == u"via")
            errors.append(error);
    }
    if (const QString problem = ssh.problem(); !problem.isEmpty())
        add("ssh", QStringLiteral("The SSH bastion: %1.").arg(problem));
    else if (ssh.isSet() && hasVia())
        add("ssh", QStringLiteral("Choose one route: an SSH bastion, or a via address, not both."));
    if (const QString problem = ssm.problem(); !problem.isEmpty())
        add("ssm", QStringLiteral("The SSM route: %1.").arg(problem));
    else if (ssm.isSet() && (ssh.isSet() || hasVia()))
        add("ssm", QStringLiteral("Choose one route: SSM port forwarding, an SSH bastion or a via address, "
                                  "not two."));

    if (tokenLifetime != 0 && !usesDsqlTokens(engine))
        add("tokenLifetime", QStringLiteral("Only Aurora DSQL tokens take a lifetime; RDS tokens always live "
                                            "15 minutes."));
    else if (tokenLifetime < 0 || tokenLifetime > token::TokenRequest::maxLifetime(engine))
        add("tokenLifetime", QStringLiteral("A DSQL token lives from 1 second to a week (604800 seconds)."));

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

tunnel::SsmRoute ConnectionProfile::ssmRoute() const
{
    tunnel::SsmRoute route = ssm;
    if (route.isSet() && route.region.isEmpty())
        route.region = effectiveRegion();
    return route;
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
    optional("awsResourceId", awsResourceId);
    if (!tags.isEmpty())
        object.insert(QStringLiteral("tags"), QJsonArray::fromStringList(tags));
    if (production)
        object.insert(QStringLiteral("production"), true);
    if (hasVia())
        object.insert(QStringLiteral("via"),
                      QJsonObject{{QStringLiteral("host"), viaHost}, {QStringLiteral("port"), viaPort}});
    if (ssh.isSet())
        object.insert(QStringLiteral("ssh"), ssh.toJson());
    if (ssm.isSet())
        object.insert(QStringLiteral("ssm"), ssm.toJson());
    if (tokenLifetime != 0)
        object.insert(QStringLiteral("tokenLifetime"), tokenLifetime);
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
    const auto engine = engineFromName(object.value(QStringLiteral("engine")).toString());
    if (!engine)
        return makeError(QStringLiteral("profile.bad-engine"),
                         QStringLiteral("profile \"%1\" has an unknown engine \"%2\"")
                             .arg(profile.name, object.value(QStringLiteral("engine")).toString()),
                         QStringLiteral("Use %1.").arg(engineNamesText()));
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
    // Absent in files written before SSH routes: direct or via, as before.
    profile.ssh = tunnel::SshRoute::fromJson(object.value(QStringLiteral("ssh")).toObject());
    profile.ssm = tunnel::SsmRoute::fromJson(object.value(QStringLiteral("ssm")).toObject());
    profile.caFile = object.value(QStringLiteral("caFile")).toString();
    profile.tlsMode = object.value(QStringLiteral("tls")).toString() == u"verify-ca" ? TlsMode::VerifyCa
                                                                                     : TlsMode::VerifyFull;
    profile.notes = object.value(QStringLiteral("notes")).toString();
    profile.production = object.value(QStringLiteral("production")).toBool();
    profile.awsResourceId = object.value(QStringLiteral("awsResourceId")).toString();
    profile.tokenLifetime = object.value(QStringLiteral("tokenLifetime")).toInt();
    return profile;
}

} // namespace signet::profiles
