// ConnectionProfile: everything Signet needs to reach one database, as a plain value with validation.
#pragma once

#include "common/Error.h"
#include "common/Result.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUuid>

namespace signet::profiles {

enum class Engine
{
    MySql,
    MariaDb,
    AuroraMySql,
    PostgreSql,
    AuroraPostgreSql,
};

// Where the signing credentials come from. Static keys live in the keychain, never in the JSON.
enum class CredentialSource
{
    AwsProfile,  // a named profile of the AWS config files (empty name: AWS_PROFILE or "default")
    Environment, // AWS_ACCESS_KEY_ID and friends
    StaticKeys,  // an access key pair kept in the keychain under this profile's id
};

enum class TlsMode
{
    VerifyFull, // chain and host name
    VerifyCa,   // chain only: allowed, but the UI warns
};

// One problem with one field, worded for the user.
struct FieldError final
{
    QString field; // "name", "host", "port", "region", "user", "via", "caFile", ...
    QString message;

    bool operator==(const FieldError &) const = default;
};

struct ConnectionProfile final
{
    QUuid id;
    QString name;
    QString folder;
    QStringList tags;
    Engine engine = Engine::PostgreSql;
    QString host;
    int port = 5432;
    // Empty means "from the endpoint"; required when the host is not an RDS endpoint.
    QString region;
    QString dbUser;
    QString database;
    CredentialSource credentialSource = CredentialSource::AwsProfile;
    QString awsProfile;
    // Optional tunnel or port-forward: the connection goes here, the token is signed for host:port
    // and TLS is verified against host.
    QString viaHost;
    int viaPort = 0;
    // Empty: the RDS global bundle.
    QString caFile;
    TlsMode tlsMode = TlsMode::VerifyFull;
    QString notes;
    // A production database: its consoles say so and ask before statements that change data.
    bool production = false;

    // A new profile with a fresh id and the engine's default port.
    static ConnectionProfile create(const QString &name, Engine engine);

    bool hasVia() const { return !viaHost.isEmpty(); }
    // The region to sign with: the explicit one, else the endpoint's (empty when neither).
    QString effectiveRegion() const;
    // Every problem, in form order; empty when the profile can be saved.
    QList<FieldError> validate() const;
    // The first problem as an Error (code "profile.invalid"), for the CLI.
    Status check() const;

    QJsonObject toJson() const;
    // Reads the current format; unknown engines or sources are errors, unknown keys are ignored.
    static Result<ConnectionProfile> fromJson(const QJsonObject &object);

    bool operator==(const ConnectionProfile &) const = default;
};

// Engine names: "mysql", "mariadb", "aurora-mysql", "postgres", "aurora-postgres" on the wire and
// in the CLI; "Aurora PostgreSQL" etc. for people.
QString engineKey(Engine engine);
QString engineDisplayName(Engine engine);
std::optional<Engine> engineFromKey(const QString &key);
QList<Engine> allEngines();
int defaultPort(Engine engine);
bool isPostgres(Engine engine);

QString credentialSourceKey(CredentialSource source);
std::optional<CredentialSource> credentialSourceFromKey(const QString &key);

// Parses "host:port" ("[::1]:5432" for IPv6); the error names what is wrong.
Result<std::pair<QString, int>> parseHostPort(const QString &text);

} // namespace signet::profiles
