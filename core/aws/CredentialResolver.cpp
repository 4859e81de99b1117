// SPDX-License-Identifier: GPL-3.0-or-later
// CredentialResolver: each provider of the chain and the rules that pick between them.
#include "aws/CredentialResolver.h"

#include "aws/EnvironmentCredentials.h"

#include "aws/ContainerCredentialsClient.h"
#include "aws/CredentialProcess.h"
#include "aws/ImdsClient.h"
#include "aws/QProcessRunner.h"
#include "aws/SsoOidcClient.h"
#include "aws/SsoPortalClient.h"
#include "aws/SsoTokenCache.h"
#include "aws/StsClient.h"

#include <QDir>
#include <QFile>

namespace signet::aws {

namespace {

const QString kAccessKey = QStringLiteral("aws_access_key_id");
const QString kSecretKey = QStringLiteral("aws_secret_access_key");
const QString kRoleArn = QStringLiteral("role_arn");
const QString kWebIdentityFile = QStringLiteral("web_identity_token_file");
// botocore refreshes an sso-session token this long before it expires.
constexpr qint64 kSsoRefreshWindowSeconds = 15 * 60;

Error configError(const QString &message, const QString &hint = {})
{
    return makeError(QStringLiteral("credentials.config"), message,
                     hint.isEmpty() ? QStringLiteral("Fix the profile in the AWS config file.") : hint);
}

bool hasStaticKeys(const AwsConfigFiles::Values &profile)
{
    return profile.contains(kAccessKey) || profile.contains(kSecretKey);
}

bool hasAssumeRole(const AwsConfigFiles::Values &profile)
{
    return profile.contains(kRoleArn) && !profile.contains(kWebIdentityFile);
}

} // namespace

CredentialResolver::CredentialResolver(QProcessEnvironment env, CredentialChainOptions options)
    : m_env(std::move(env))
    , m_options(std::move(options))
{
    if (!m_options.processRunner)
        m_options.processRunner = std::make_shared<QProcessRunner>();
    if (!m_options.clock)
        m_options.clock = &Clock::system();
}

void CredentialResolver::runSteps(std::shared_ptr<QList<Step>> steps, qsizetype index,
                                  ResultCallback<Maybe> done)
{
    if (index >= steps->size()) {
        done(Maybe{});
        return;
    }
    const Step step = steps->at(index);
    step([steps, index, done](Result<Maybe> result) {
        if (!result || result->has_value()) {
            done(std::move(result));
            return;
        }
        runSteps(steps, index + 1, done);
    });
}

Result<CredentialResolver::Maybe> CredentialResolver::fromEnvironment() const
{
    return credentialsFromEnvironment(m_env);
}

Result<CredentialResolver::Maybe> CredentialResolver::fromStaticKeys(const AwsConfigFiles::Values &values,
                                                                     const QString &provider,
                                                                     const QString &profile,
                                                                     const QString &file) const
{
    const QString accessKey = values.value(kAccessKey);
    if (!values.contains(kAccessKey))
        return Maybe{};
    const QString secret = values.value(kSecretKey);
    if (!values.contains(kSecretKey))
        return makeError(
            QStringLiteral("credentials.partial"),
            QStringLiteral("profile \"%1\" in %2 has aws_access_key_id but no aws_secret_access_key")
                .arg(profile, file),
            QStringLiteral("Add the missing value, or remove the incomplete keys."));
    QString token = values.value(QStringLiteral("aws_session_token"));
    if (token.isEmpty())
        token = values.value(QStringLiteral("aws_security_token"));
    ResolvedCredentials out;
    out.credentials = Credentials::fromKeys(accessKey, secret, token);
    out.credentials.source = provider + u':' + profile;
    out.provider = provider;
    out.profile = profile;
    out.file = file;
    return Maybe{std::move(out)};
}

void CredentialResolver::resolve(const QString &explicitProfile, ResultCallback<ResolvedCredentials> done)
{
    auto files = AwsConfigFiles::load(m_env);
    if (!files) {
        done(files.error());
        return;
    }
    m_files = std::move(*files);
    const QString profile = AwsConfigFiles::profileName(m_env, explicitProfile);
    if (profile != u"default" && !m_files.hasProfile(profile)) {
        done(makeError(QStringLiteral("credentials.no-profile"),
                       QStringLiteral("AWS profile \"%1\" is not defined in %2 or %3")
                           .arg(profile, m_files.credentials().path(), m_files.config().path()),
                       QStringLiteral("Check the name with `aws configure list-profiles`, or create it with "
                                      "`aws configure --profile %1`.")
                           .arg(profile)));
        return;
    }
    m_region = m_files.region(m_env, profile);
    m_visited = {profile};
    const bool useEnv = explicitProfile.isEmpty();

    auto self = shared_from_this();
    auto steps = std::make_shared<QList<Step>>();
    if (useEnv)
        steps->append([self](ResultCallback<Maybe> next) { next(self->fromEnvironment()); });
    steps->append([self, profile](ResultCallback<Maybe> next) {
        if (!hasAssumeRole(self->m_files.profile(profile))) {
            next(Maybe{});
            return;
        }
        self->assumeRole(profile, [next](Result<ResolvedCredentials> result) {
            if (!result)
                next(result.error());
            else
                next(Maybe{std::move(result).value()});
        });
    });
    steps->append(profileSteps(profile, useEnv));
    steps->append([self](ResultCallback<Maybe> next) { self->container(false, next); });
    steps->append([self](ResultCallback<Maybe> next) { self->instanceMetadata(false, next); });

    runSteps(steps, 0, [self, profile, done](Result<Maybe> result) {
        if (!result) {
            done(result.error());
            return;
        }
        if (!result->has_value()) {
            done(makeError(QStringLiteral("credentials.none"),
                           QStringLiteral("no AWS credentials found for profile \"%1\"").arg(profile),
                           QStringLiteral("Export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, add keys or a "
                                          "role to [%1] in %2, or sign in to IAM Identity Center.")
                               .arg(profile, self->m_files.credentials().path())));
            return;
        }
        done(std::move(**result));
    });
}

// The providers that read one profile, in botocore's ProfileProviderBuilder order.
QList<CredentialResolver::Step> CredentialResolver::profileSteps(const QString &profile, bool useEnv)
{
    auto self = shared_from_this();
    return {
        [self, profile, useEnv](ResultCallback<Maybe> next) { self->webIdentity(profile, useEnv, next); },
        [self, profile](ResultCallback<Maybe> next) { self->sso(profile, next); },
        [self, profile](ResultCallback<Maybe> next) {
            next(self->fromStaticKeys(self->m_files.credentialsFileProfile(profile),
                                      QStringLiteral("shared-credentials-file"), profile,
                                      self->m_files.credentials().path()));
        },
        [self, profile](ResultCallback<Maybe> next) { self->credentialProcess(profile, next); },
        [self, profile](ResultCallback<Maybe> next) {
            next(self->fromStaticKeys(self->m_files.configFileProfile(profile), QStringLiteral("config-file"),
                                      profile, self->m_files.config().path()));
        },
    };
}

void CredentialResolver::assumeRole(const QString &profile, ResultCallback<ResolvedCredentials> done)
{
    const AwsConfigFiles::Values role = m_files.profile(profile);
    const QString sourceProfile = role.value(QStringLiteral("source_profile"));
    const QString credentialSource = role.value(QStringLiteral("credential_source"));
    const bool hasSourceProfile = role.contains(QStringLiteral("source_profile"));
    const bool hasCredentialSource = role.contains(QStringLiteral("credential_source"));
    if (hasSourceProfile && hasCredentialSource) {
        done(configError(
            QStringLiteral("profile \"%1\" has both source_profile and credential_source").arg(profile),
            QStringLiteral("Keep only one of them.")));
        return;
    }
    if (!hasSourceProfile && !hasCredentialSource) {
        done(configError(QStringLiteral("profile \"%1\" has role_arn but neither source_profile nor "
                                        "credential_source")
                             .arg(profile),
                         QStringLiteral("Add source_profile = NAME or credential_source = Environment | "
                                        "Ec2InstanceMetadata | EcsContainer.")));
        return;
    }
    if (hasCredentialSource && credentialSource != u"Environment" &&
        credentialSource != u"Ec2InstanceMetadata" && credentialSource != u"EcsContainer") {
        done(configError(QStringLiteral("the credential_source \"%1\" of profile \"%2\" is not valid")
                             .arg(credentialSource, profile),
                         QStringLiteral("Use Environment, Ec2InstanceMetadata or EcsContainer.")));
        return;
    }
    if (hasSourceProfile) {
        if (!m_files.hasProfile(sourceProfile)) {
            done(configError(
                QStringLiteral("the source_profile \"%1\" referenced in the profile \"%2\" does not exist")
                    .arg(sourceProfile, profile)));
            return;
        }
        if (m_visited.contains(sourceProfile) &&
            (sourceProfile != profile || !hasStaticKeys(m_files.profile(sourceProfile)))) {
            done(makeError(
                QStringLiteral("credentials.source-profile-loop"),
                QStringLiteral("the source_profile chain loops: %1 → %2")
                    .arg(m_visited.join(QStringLiteral(" → ")), sourceProfile),
                QStringLiteral("Point the last profile at one with its own keys or credential_source.")));
            return;
        }
    }

    AssumeRoleParameters parameters;
    parameters.roleArn = role.value(kRoleArn);
    parameters.externalId = role.value(QStringLiteral("external_id"));
    parameters.mfaSerial = role.value(QStringLiteral("mfa_serial"));
    parameters.roleSessionName = role.value(QStringLiteral("role_session_name"));
    if (parameters.roleSessionName.isEmpty())
        parameters.roleSessionName =
            QStringLiteral("signet-session-%1").arg(m_options.clock->now().toSecsSinceEpoch());
    if (role.contains(QStringLiteral("duration_seconds"))) {
        bool ok = false;
        parameters.durationSeconds = role.value(QStringLiteral("duration_seconds")).toInt(&ok);
        if (!ok || parameters.durationSeconds < 900 || parameters.durationSeconds > 43200) {
            done(configError(
                QStringLiteral("duration_seconds \"%1\" of profile \"%2\" is not a number of seconds "
                               "from 900 to 43200")
                    .arg(role.value(QStringLiteral("duration_seconds")), profile)));
            return;
        }
    }

    auto self = shared_from_this();
    sourceCredentials(
        profile, role, [self, profile, parameters, done](Result<ResolvedCredentials> source) mutable {
            if (!source) {
                done(source.error());
                return;
            }
            auto call = [self, profile, source = std::move(source).value(), done](AssumeRoleParameters p) {
                const StsClient sts(ServiceEndpoints(self->m_env), self->m_region, *self->m_options.clock,
                                    self->m_options.httpTimeoutMs, self->m_options.network);
                sts.assumeRole(p, source.credentials, [self, profile, done](Result<StsCredentials> result) {
                    if (!result) {
                        done(result.error());
                        return;
                    }
                    ResolvedCredentials out;
                    out.credentials = std::move(result->credentials);
                    out.credentials.source = QStringLiteral("assume-role:") + profile;
                    out.provider = QStringLiteral("assume-role");
                    out.profile = profile;
                    out.file = self->m_files.configFileProfile(profile).contains(kRoleArn)
                                   ? self->m_files.config().path()
                                   : self->m_files.credentials().path();
                    out.arn = result->arn;
                    out.accountId = result->accountId;
                    done(std::move(out));
                });
            };
            if (parameters.mfaSerial.isEmpty()) {
                call(parameters);
                return;
            }
            self->askMfaCode(profile, parameters.mfaSerial,
                             [call, parameters, done](Result<QString> code) mutable {
                                 if (!code) {
                                     done(code.error());
                                     return;
                                 }
                                 parameters.mfaCode = *code;
                                 call(parameters);
                             });
        });
}

void CredentialResolver::askMfaCode(const QString &profile, const QString &serial,
                                    ResultCallback<QString> done)
{
    if (!m_options.mfaCode.isEmpty()) {
        // A code given up front is good for one use only.
        done(std::exchange(m_options.mfaCode, QString()));
        return;
    }
    if (!m_options.mfaPrompt) {
        done(makeError(QStringLiteral("credentials.mfa-required"),
                       QStringLiteral("profile \"%1\" needs a code from MFA device %2").arg(profile, serial),
                       QStringLiteral("A code from the MFA device is needed to assume the role."),
                       Fix{Fix::Kind::EnterMfaCode, {}}));
        return;
    }
    m_options.mfaPrompt(profile, serial, [done](Result<QString> code) {
        if (code && code->trimmed().isEmpty()) {
            done(makeError(QStringLiteral("credentials.mfa-cancelled"),
                           QStringLiteral("no MFA code was entered")));
            return;
        }
        if (code)
            done(code->trimmed());
        else
            done(code.error());
    });
}

void CredentialResolver::sourceCredentials(const QString &profile, const AwsConfigFiles::Values &role,
                                           ResultCallback<ResolvedCredentials> done)
{
    const QString credentialSource = role.value(QStringLiteral("credential_source"));
    auto required = [profile, credentialSource, done](Result<Maybe> result) {
        if (!result) {
            done(result.error());
            return;
        }
        if (!result->has_value()) {
            done(makeError(
                QStringLiteral("credentials.none"),
                QStringLiteral("no credentials found in credential_source %1 referenced in profile %2")
                    .arg(credentialSource, profile)));
            return;
        }
        done(std::move(**result));
    };
    if (credentialSource == u"Environment") {
        required(fromEnvironment());
        return;
    }
    if (credentialSource == u"Ec2InstanceMetadata") {
        instanceMetadata(true, required);
        return;
    }
    if (credentialSource == u"EcsContainer") {
        container(true, required);
        return;
    }
    const QString sourceProfile = role.value(QStringLiteral("source_profile"));
    m_visited.append(sourceProfile);
    sourceProfileCredentials(sourceProfile, std::move(done));
}

void CredentialResolver::sourceProfileCredentials(const QString &sourceProfile,
                                                  ResultCallback<ResolvedCredentials> done)
{
    const AwsConfigFiles::Values values = m_files.profile(sourceProfile);
    if (!hasStaticKeys(values) && hasAssumeRole(values)) {
        assumeRole(sourceProfile, std::move(done));
        return;
    }
    auto steps = std::make_shared<QList<Step>>(profileSteps(sourceProfile, false));
    runSteps(steps, 0, [sourceProfile, done](Result<Maybe> result) {
        if (!result) {
            done(result.error());
            return;
        }
        if (!result->has_value()) {
            done(configError(
                QStringLiteral("the source profile \"%1\" must have credentials").arg(sourceProfile),
                QStringLiteral("Give it keys, credential_process, SSO or a role of its own.")));
            return;
        }
        done(std::move(**result));
    });
}

void CredentialResolver::webIdentity(const QString &profile, bool useEnv, ResultCallback<Maybe> done)
{
    const AwsConfigFiles::Values values = m_files.profile(profile);
    auto setting = [&](const QString &key, const QString &envName) {
        if (useEnv && m_env.contains(envName))
            return m_env.value(envName);
        return values.value(key);
    };
    const QString tokenFile = setting(kWebIdentityFile, QStringLiteral("AWS_WEB_IDENTITY_TOKEN_FILE"));
    if (tokenFile.isEmpty()) {
        done(Maybe{});
        return;
    }
    const QString roleArn = setting(kRoleArn, QStringLiteral("AWS_ROLE_ARN"));
    if (roleArn.isEmpty()) {
        done(configError(QStringLiteral("a web identity token file is configured but no role ARN"),
                         QStringLiteral("Set role_arn in the profile or AWS_ROLE_ARN.")));
        return;
    }
    QString sessionName =
        setting(QStringLiteral("role_session_name"), QStringLiteral("AWS_ROLE_SESSION_NAME"));
    if (sessionName.isEmpty())
        sessionName = QStringLiteral("signet-session-%1").arg(m_options.clock->now().toSecsSinceEpoch());
    QFile file(AwsConfigFiles::expandPath(tokenFile, m_env));
    if (!file.open(QIODevice::ReadOnly)) {
        done(makeError(QStringLiteral("credentials.web-identity-token"),
                       QStringLiteral("cannot read the web identity token file %1: %2")
                           .arg(tokenFile, file.errorString()),
                       QStringLiteral("Check web_identity_token_file / AWS_WEB_IDENTITY_TOKEN_FILE.")));
        return;
    }
    const SecretString token = SecretString::adopt(file.readAll().trimmed());
    const StsClient sts(ServiceEndpoints(m_env), m_region, *m_options.clock, m_options.httpTimeoutMs,
                        m_options.network);
    auto self = shared_from_this();
    const bool fromProfile = !(useEnv && m_env.contains(QStringLiteral("AWS_WEB_IDENTITY_TOKEN_FILE")));
    sts.assumeRoleWithWebIdentity(
        roleArn, sessionName, token, 0, [self, profile, fromProfile, done](Result<StsCredentials> result) {
            if (!result) {
                done(result.error());
                return;
            }
            ResolvedCredentials out;
            out.credentials = std::move(result->credentials);
            out.credentials.source = QStringLiteral("assume-role-with-web-identity");
            out.provider = QStringLiteral("assume-role-with-web-identity");
            out.profile = fromProfile ? profile : QString();
            out.file = fromProfile ? self->m_files.config().path() : QString();
            out.arn = result->arn;
            out.accountId = result->accountId;
            done(Maybe{std::move(out)});
        });
}

void CredentialResolver::sso(const QString &profile, ResultCallback<Maybe> done)
{
    AwsConfigFiles::Values config = m_files.profile(profile);
    if (!config.contains(QStringLiteral("sso_role_name")) &&
        !config.contains(QStringLiteral("sso_account_id"))) {
        done(Maybe{});
        return;
    }
    QStringList required{QStringLiteral("sso_role_name"), QStringLiteral("sso_account_id"),
                         QStringLiteral("sso_start_url"), QStringLiteral("sso_region")};
    const QString sessionName = config.value(QStringLiteral("sso_session"));
    const bool isSession = config.contains(QStringLiteral("sso_session"));
    if (isSession) {
        if (!m_files.hasSsoSession(sessionName)) {
            done(configError(
                QStringLiteral("the sso-session \"%1\" of profile \"%2\" does not exist")
                    .arg(sessionName, profile),
                QStringLiteral("Add an [sso-session %1] section to the config file.").arg(sessionName)));
            return;
        }
        const AwsConfigFiles::Values session = m_files.ssoSession(sessionName);
        for (auto it = session.cbegin(); it != session.cend(); ++it) {
            if (config.contains(it.key()) && config.value(it.key()) != it.value()) {
                done(configError(QStringLiteral("the value for %1 is inconsistent between profile (%2) and "
                                                "sso-session (%3)")
                                     .arg(it.key(), config.value(it.key()), it.value())));
                return;
            }
            config.insert(it.key(), it.value());
        }
    }
    QStringList missing;
    for (const QString &key : required) {
        if (!config.contains(key))
            missing.append(key);
    }
    if (!missing.isEmpty()) {
        done(configError(QStringLiteral("the profile \"%1\" is configured to use SSO but is missing required "
                                        "configuration: %2")
                             .arg(profile, missing.join(QStringLiteral(", ")))));
        return;
    }
    const QString startUrl = config.value(QStringLiteral("sso_start_url"));
    const QString ssoRegion = config.value(QStringLiteral("sso_region"));
    const QString accountId = config.value(QStringLiteral("sso_account_id"));
    const QString roleName = config.value(QStringLiteral("sso_role_name"));
    const QString cacheKey = isSession ? sessionName : startUrl;
    const SsoTokenCache cache(AwsConfigFiles::expandPath(QStringLiteral("~/.aws/sso/cache"), m_env));
    auto token = cache.load(cacheKey);
    if (!token) {
        Error error = token.error();
        error.hint = QStringLiteral("Sign in to IAM Identity Center.");
        error.fix = Fix{Fix::Kind::SignInSso, profile};
        done(error);
        return;
    }
    auto self = shared_from_this();
    auto fetch = [self, profile, ssoRegion, accountId, roleName, done](const SecretString &accessToken) {
        const SsoPortalClient portal(ServiceEndpoints(self->m_env), ssoRegion, self->m_options.httpTimeoutMs,
                                     self->m_options.network);
        portal.getRoleCredentials(accountId, roleName, accessToken,
                                  [self, profile, accountId, roleName, done](Result<Credentials> result) {
                                      if (!result) {
                                          done(result.error());
                                          return;
                                      }
                                      ResolvedCredentials out;
                                      out.credentials = std::move(result).value();
                                      out.credentials.source = QStringLiteral("sso:") + profile;
                                      out.provider = QStringLiteral("sso");
                                      out.profile = profile;
                                      out.file = self->m_files.config().path();
                                      out.accountId = accountId;
                                      done(Maybe{std::move(out)});
                                  });
    };
    const QDateTime now = m_options.clock->now();
    const bool expired = token->expiresAt <= now;
    const bool nearExpiry = token->expiresAt.addSecs(-kSsoRefreshWindowSeconds) <= now;
    const Error expiredError = makeError(
        QStringLiteral("sso.token-expired"),
        QStringLiteral("the IAM Identity Center sign-in for %1 expired at %2")
            .arg(isSession ? QStringLiteral("sso-session \"%1\"").arg(sessionName) : startUrl,
                 SsoTokenCache::formatTime(token->expiresAt)),
        QStringLiteral("Sign in to IAM Identity Center again."), Fix{Fix::Kind::SignInSso, profile});
    if (!nearExpiry || !isSession || !token->canRefresh(now)) {
        if (expired) {
            done(expiredError);
            return;
        }
        fetch(token->accessToken);
        return;
    }
    // An sso-session token near or past its expiry is refreshed with its refresh token, as the AWS CLI does.
    const SsoOidcClient oidc(ServiceEndpoints(m_env), ssoRegion, m_options.httpTimeoutMs, m_options.network);
    SsoToken current = std::move(token).value();
    oidc.refreshToken(
        current.clientId, current.clientSecret, current.refreshToken,
        [self, cacheKey, current, expired, expiredError, fetch, now,
         done](Result<OidcToken> refreshed) mutable {
            if (!refreshed) {
                if (expired) {
                    Error error = expiredError;
                    error.message +=
                        QStringLiteral(" and could not be refreshed (%1)").arg(refreshed.error().message);
                    done(error);
                    return;
                }
                fetch(current.accessToken);
                return;
            }
            current.accessToken = refreshed->accessToken;
            if (!refreshed->refreshToken.isEmpty())
                current.refreshToken = refreshed->refreshToken;
            current.expiresAt = now.addSecs(refreshed->expiresInSeconds);
            const SsoTokenCache writer(
                AwsConfigFiles::expandPath(QStringLiteral("~/.aws/sso/cache"), self->m_env));
            // A cache we cannot write only costs a refresh next time.
            (void)writer.store(cacheKey, current);
            fetch(current.accessToken);
        });
}

void CredentialResolver::credentialProcess(const QString &profile, ResultCallback<Maybe> done)
{
    const AwsConfigFiles::Values values = m_files.profile(profile);
    if (!values.contains(QStringLiteral("credential_process"))) {
        done(Maybe{});
        return;
    }
    const CredentialProcess process(*m_options.processRunner, m_env, m_options.processTimeoutMs);
    auto self = shared_from_this();
    process.run(values.value(QStringLiteral("credential_process")), profile,
                [self, profile, done](Result<Credentials> result) {
                    if (!result) {
                        done(result.error());
                        return;
                    }
                    ResolvedCredentials out;
                    out.credentials = std::move(result).value();
                    out.provider = QStringLiteral("custom-process");
                    out.profile = profile;
                    out.file = self->m_files.credentialsFileProfile(profile).contains(
                                   QStringLiteral("credential_process"))
                                   ? self->m_files.credentials().path()
                                   : self->m_files.config().path();
                    done(Maybe{std::move(out)});
                });
}

void CredentialResolver::container(bool required, ResultCallback<Maybe> done)
{
    const ContainerCredentialsClient client(m_env, m_options.network);
    if (!client.configured()) {
        if (required)
            done(makeError(
                QStringLiteral("container.not-configured"),
                QStringLiteral("credential_source EcsContainer needs AWS_CONTAINER_CREDENTIALS_RELATIVE_URI "
                               "or AWS_CONTAINER_CREDENTIALS_FULL_URI")));
        else
            done(Maybe{});
        return;
    }
    client.fetchCredentials([done](Result<Credentials> result) {
        if (!result) {
            done(result.error());
            return;
        }
        ResolvedCredentials out;
        out.credentials = std::move(result).value();
        out.provider = QStringLiteral("container-role");
        done(Maybe{std::move(out)});
    });
}

void CredentialResolver::instanceMetadata(bool required, ResultCallback<Maybe> done)
{
    const ImdsClient client(m_env, m_options.network);
    client.fetchCredentials([required, done](Result<Credentials> result) {
        if (!result) {
            // Not being on EC2 is the normal case for the last provider of the chain.
            if (!required && result.error().code == u"imds.unavailable")
                done(Maybe{});
            else
                done(result.error());
            return;
        }
        ResolvedCredentials out;
        out.credentials = std::move(result).value();
        out.provider = QStringLiteral("iam-role");
        done(Maybe{std::move(out)});
    });
}

} // namespace signet::aws
