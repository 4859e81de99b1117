// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileSession: a saved profile opened for one CLI command, through ProfileService.
#include "cli/ProfileSession.h"

#include "cli/Cli.h"
#include "cli/CommandLine.h"
#include "profiles/ProfileRoutes.h"

#include <QEventLoop>

namespace signet::cli {

namespace {

// Waiting for credentials can take a browser sign-in or a credential_process; the keychain alone
// answers within the service's default.
int credentialTimeoutMs(const profiles::ConnectionProfile &profile)
{
    return profile.credentialSource == profiles::CredentialSource::StaticKeys
               ? profiles::ProfileService::DefaultTimeoutMs
               : 180'000;
}

} // namespace

ProfileSession::ProfileSession()
{
    // The process is about to exit: keys that could only be kept in memory are an error.
    service.setRequirePersistentSecrets(true);
}

ProfileSession::~ProfileSession()
{
    tunnels.closeAllAndWait();
}

Result<profiles::ConnectionProfile> ProfileSession::find(const QString &nameOrId)
{
    if (auto loaded = store.load(); !loaded)
        return loaded.error();
    return store.find(nameOrId);
}

std::optional<profiles::ConnectionProfile>
ProfileSession::findOrReport(const QString &command, const QString &nameOrId, int *exitCode)
{
    auto profile = find(nameOrId);
    if (!profile) {
        printFailure(command, profile.error());
        *exitCode = profileLookupExitCode(profile.error());
        return std::nullopt;
    }
    return std::move(profile).value();
}

std::optional<DbProfile> ProfileSession::openForDatabase(const QString &command, const QString &nameOrId,
                                                         int *exitCode)
{
    auto profile = findOrReport(command, nameOrId, exitCode);
    if (!profile)
        return std::nullopt;
    auto target = service.dbTarget(*profile);
    if (!target) {
        printFailure(command, target.error());
        *exitCode = ExitFailed;
        return std::nullopt;
    }
    // An SSH or SSM route: the tunnel's local address becomes the via; the token and TLS keep the endpoint.
    if (const Status routed = routeThrough(*profile, target.value()); !routed) {
        printFailure(command, routed.error());
        *exitCode = ExitFailed;
        return std::nullopt;
    }
    auto signer = tokenSigner(*profile);
    if (!signer) {
        printFailure(command, signer.error());
        *exitCode = ExitFailed;
        return std::nullopt;
    }
    return DbProfile{std::move(profile).value(), std::move(target).value(), std::move(signer).value()};
}

Result<aws::Credentials> ProfileSession::credentials(const profiles::ConnectionProfile &profile)
{
    auto resolved =
        profiles::ProfileService::wait(service.credentials(profile), credentialTimeoutMs(profile));
    if (!resolved)
        return resolved.error();
    return std::move(resolved).value().credentials;
}

Result<db::DbTokenSigner> ProfileSession::tokenSigner(const profiles::ConnectionProfile &profile)
{
    return profiles::ProfileService::wait(service.tokenSigner(profile));
}

Status ProfileSession::routeThrough(const profiles::ConnectionProfile &profile, Endpoint &endpoint,
                                    int localPort, qint64 *elapsedMs)
{
    const auto spec = profiles::ProfileRoutes(tunnels, &service).tunnelSpec(profile, localPort);
    if (!spec)
        return Unit{};
    std::optional<Result<HostPort>> outcome;
    qint64 elapsed = 0;
    QEventLoop loop;
    const auto timing = QObject::connect(&tunnels, &tunnel::TunnelManager::tunnelOpened, &loop,
                                         [&elapsed](const QString &, int, qint64 ms) { elapsed = ms; });
    tunnels.acquire(*spec, [&](Result<HostPort> address) {
        outcome = std::move(address);
        loop.quit();
    });
    if (!outcome)
        loop.exec();
    QObject::disconnect(timing);
    if (elapsedMs)
        *elapsedMs = elapsed;
    if (!*outcome)
        return outcome->error();
    endpoint.viaHost = (*outcome)->host;
    endpoint.viaPort = (*outcome)->port;
    return Unit{};
}

int profileLookupExitCode(const Error &error)
{
    return error.code == u"profiles.not-found" || error.code == u"profiles.ambiguous" ? ExitUsage
                                                                                      : ExitFailed;
}

Error profileConflict(const QString &command, const QString &profile, const QString &option)
{
    return makeError(QStringLiteral("usage.conflict"),
                     QStringLiteral("unexpected argument \"%2\" next to --%1").arg(option, profile),
                     QStringLiteral("Name a saved profile alone (signet %1 PROFILE), or describe the "
                                    "endpoint with options.")
                         .arg(command));
}

} // namespace signet::cli
