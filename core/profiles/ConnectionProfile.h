// SPDX-License-Identifier: GPL-3.0-or-later
// ConnectionProfile: everything Signet needs to reach one database, as a plain value with validation.
#pragma once

#include "common/Error.h"
#include "common/Result.h"
#include "endpoint/Endpoint.h"
#include "endpoint/Engine.h"
#include "tunnel/SshRoute.h"
#include "tunnel/SsmRoute.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUuid>

namespace signet::profiles {

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

// The endpoint part (host, port, region, via) is the shared Endpoint: its region may be empty only
// for an RDS endpoint name; via is an optional tunnel or port-forward: the connection goes there,
// the token is signed for host:port and TLS is verified against host.
struct ConnectionProfile final : Endpoint
{
    ConnectionProfile() { port = defaultPort(engine); }

    QUuid id;
    QString name;
    QString folder;
    QStringList tags;
    Engine engine = Engine::Postgres;
    QString dbUser;
    QString database;
    CredentialSource credentialSource = CredentialSource::AwsProfile;
    QString awsProfile;
    // Empty: the RDS global bundle.
    QString caFile;
    TlsMode tlsMode = TlsMode::VerifyFull;
    QString notes;
    // A production database: its consoles say so and ask before statements that change data.
    bool production = false;
    // The RDS resource (db-…, cluster-…, prx-…) an import from AWS made this profile for; with the
    // host it finds the profile again when the import runs again. Empty for hand-made profiles.
    QString awsResourceId;
    // The route to the database: through an SSH bastion or AWS Systems Manager port forwarding (a
    // tunnel Signet runs, whose local end becomes the via), else the manual via, else direct. At most
    // one is set. Saved without secrets (SSM uses the profile's own AWS credentials).
    tunnel::SshRoute ssh;
    tunnel::SsmRoute ssm;
    // Aurora DSQL only: the lifetime of the tokens signed for this profile, in seconds (1 to a
    // week); 0 means DSQL's default, 15 minutes. RDS tokens always live 15 minutes.
    int tokenLifetime = 0;

    // The SSM route with its region filled in (the profile's own when none is given); unset when the
    // profile has no SSM route.
    tunnel::SsmRoute ssmRoute() const;

    // A new profile with a fresh id and the engine's default port.
    static ConnectionProfile create(const QString &name, Engine engine);

    // Every problem, in form order; empty when the profile can be saved.
    QList<FieldError> validate() const;
    // The first problem as an Error (code "profile.invalid"), for the CLI.
    Status check() const;

    QJsonObject toJson() const;
    // Reads the current format; unknown engines or sources are errors, unknown keys are ignored.
    static Result<ConnectionProfile> fromJson(const QJsonObject &object);

    bool operator==(const ConnectionProfile &) const = default;
};

QString credentialSourceKey(CredentialSource source);
std::optional<CredentialSource> credentialSourceFromKey(const QString &key);

} // namespace signet::profiles
