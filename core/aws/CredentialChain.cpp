// The credential provider chain (environment and shared files).
#include "aws/CredentialChain.h"

#include "aws/SharedConfigFile.h"

#include <QDir>
#include <QRegularExpression>

namespace signet::aws {

namespace {

const QString kEnvAccessKey = QStringLiteral("AWS_ACCESS_KEY_ID");
const QString kEnvSecretKey = QStringLiteral("AWS_SECRET_ACCESS_KEY");

std::optional<QDateTime> parseExpiry(const QString &text)
{
    if (text.isEmpty())
        return std::nullopt;
    QDateTime when = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!when.isValid())
        when = QDateTime::fromString(text, Qt::ISODate);
    if (!when.isValid())
        return std::nullopt;
    return when.toUTC();
}

Credentials makeCredentials(const QString &accessKey, const QString &secret, const QString &sessionToken,
                            std::optional<QDateTime> expiry, const QString &source)
{
    Credentials credentials;
    credentials.accessKeyId = accessKey;
    credentials.secretAccessKey = SecretString::fromUtf8(secret);
    credentials.sessionToken = SecretString::fromUtf8(sessionToken);
    credentials.expiration = expiry;
    credentials.source = source;
    return credentials;
}

Error partialKeys(const QString &where, const QString &missing)
{
    return makeError(QStringLiteral("credentials.partial"),
                     QStringLiteral("%1 has an access key but no %2").arg(where, missing),
                     QStringLiteral("Add the missing value, or remove the incomplete keys."));
}

// Static keys from one profile section, or nullopt when it has none.
Result<std::optional<Credentials>> keysFromSection(const SharedConfigFile::Section *section,
                                                   const QString &where, const QString &source)
{
    if (!section)
        return std::optional<Credentials>{};
    const QString accessKey = section->values.value(QStringLiteral("aws_access_key_id"));
    const QString secret = section->values.value(QStringLiteral("aws_secret_access_key"));
    if (accessKey.isEmpty() && secret.isEmpty())
        return std::optional<Credentials>{};
    if (accessKey.isEmpty())
        return partialKeys(where, QStringLiteral("aws_access_key_id"));
    if (secret.isEmpty())
        return partialKeys(where, QStringLiteral("aws_secret_access_key"));
    QString token = section->values.value(QStringLiteral("aws_session_token"));
    if (token.isEmpty())
        token = section->values.value(QStringLiteral("aws_security_token"));
    return std::optional<Credentials>{makeCredentials(accessKey, secret, token, std::nullopt, source)};
}

// The provider a config profile asks for beyond static keys, in botocore's order, if any.
QString unsupportedProvider(const SharedConfigFile::Section *config)
{
    if (!config)
        return {};
    const auto &v = config->values;
    if (v.contains(QStringLiteral("role_arn")))
        return QStringLiteral("assume-role (role_arn)");
    if (v.contains(QStringLiteral("web_identity_token_file")))
        return QStringLiteral("web identity (web_identity_token_file)");
    if (v.contains(QStringLiteral("sso_session")) || v.contains(QStringLiteral("sso_start_url")))
        return QStringLiteral("IAM Identity Center (SSO)");
    return {};
}

} // namespace

CredentialChain::CredentialChain(QProcessEnvironment env) : m_env(std::move(env)) {}

QString CredentialChain::expandPath(const QString &path) const
{
    QString expanded = path;
    if (expanded == u"~" || expanded.startsWith(QStringLiteral("~/"))) {
        const QString home = m_env.value(QStringLiteral("HOME"), QDir::homePath());
        expanded = home + expanded.mid(1);
    }
    static const QRegularExpression var(QStringLiteral(R"(\$(\w+)|\$\{(\w+)\})"));
    QString out;
    qsizetype last = 0;
    for (auto it = var.globalMatch(expanded); it.hasNext();) {
        const auto m = it.next();
        const QString name = m.captured(1).isEmpty() ? m.captured(2) : m.captured(1);
        out += QStringView(expanded).mid(last, m.capturedStart() - last);
        // os.path.expandvars leaves unknown variables as they are.
        out += m_env.contains(name) ? m_env.value(name) : m.captured(0);
        last = m.capturedEnd();
    }
    out += QStringView(expanded).mid(last);
    return out;
}

QString CredentialChain::configFilePath() const
{
    return expandPath(m_env.value(QStringLiteral("AWS_CONFIG_FILE"), QStringLiteral("~/.aws/config")));
}

QString CredentialChain::credentialsFilePath() const
{
    return expandPath(
        m_env.value(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), QStringLiteral("~/.aws/credentials")));
}

QString CredentialChain::profileName(const QString &explicitProfile) const
{
    if (!explicitProfile.isEmpty())
        return explicitProfile;
    // botocore looks at AWS_DEFAULT_PROFILE before AWS_PROFILE.
    for (const QString &name : {QStringLiteral("AWS_DEFAULT_PROFILE"), QStringLiteral("AWS_PROFILE")}) {
        const QString value = m_env.value(name);
        if (!value.isEmpty())
            return value;
    }
    return QStringLiteral("default");
}

QString CredentialChain::defaultRegion(const QString &explicitProfile) const
{
    for (const QString &name : {QStringLiteral("AWS_REGION"), QStringLiteral("AWS_DEFAULT_REGION")}) {
        const QString value = m_env.value(name);
        if (!value.isEmpty())
            return value;
    }
    const auto config = SharedConfigFile::load(configFilePath());
    if (!config)
        return {};
    const auto *profile = config->configProfile(profileName(explicitProfile));
    return profile ? profile->values.value(QStringLiteral("region")) : QString();
}

Result<Credentials> CredentialChain::resolve(const QString &explicitProfile) const
{
    if (explicitProfile.isEmpty()) {
        const QString accessKey = m_env.value(kEnvAccessKey);
        const QString secret = m_env.value(kEnvSecretKey);
        if (!accessKey.isEmpty() || !secret.isEmpty()) {
            if (accessKey.isEmpty())
                return makeError(QStringLiteral("credentials.partial"),
                                 QStringLiteral("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not"),
                                 QStringLiteral("Export AWS_ACCESS_KEY_ID as well, or unset both."));
            if (secret.isEmpty())
                return partialKeys(QStringLiteral("the environment"), QStringLiteral("AWS_SECRET_ACCESS_KEY"));
            QString token = m_env.value(QStringLiteral("AWS_SESSION_TOKEN"));
            if (token.isEmpty())
                token = m_env.value(QStringLiteral("AWS_SECURITY_TOKEN"));
            const QString expiryText = m_env.value(QStringLiteral("AWS_CREDENTIAL_EXPIRATION"));
            const auto expiry = parseExpiry(expiryText);
            if (!expiryText.isEmpty() && !expiry)
                return makeError(QStringLiteral("credentials.bad-expiration"),
                                 QStringLiteral("AWS_CREDENTIAL_EXPIRATION \"%1\" is not an ISO 8601 time")
                                     .arg(expiryText),
                                 QStringLiteral("Use a form such as 2026-11-21T15:00:00Z, or unset it."));
            return makeCredentials(accessKey, secret, token, expiry, QStringLiteral("environment"));
        }
    }

    const QString profile = profileName(explicitProfile);
    const auto credentialsFile = SharedConfigFile::load(credentialsFilePath());
    if (!credentialsFile)
        return credentialsFile.error();
    const auto configFile = SharedConfigFile::load(configFilePath());
    if (!configFile)
        return configFile.error();

    const auto *credSection = credentialsFile->section(profile);
    const auto *configSection = configFile->configProfile(profile);
    if (!credSection && !configSection && profile != u"default")
        return makeError(QStringLiteral("credentials.no-profile"),
                         QStringLiteral("AWS profile \"%1\" is not defined in %2 or %3")
                             .arg(profile, credentialsFile->path(), configFile->path()),
                         QStringLiteral("Check the name with `aws configure list-profiles`, or create it "
                                        "with `aws configure --profile %1`.")
                             .arg(profile));

    // botocore tries assume-role, web identity and SSO before the shared credentials file.
    const QString needs = unsupportedProvider(configSection);
    if (!needs.isEmpty())
        return makeError(QStringLiteral("credentials.provider-unsupported"),
                         QStringLiteral("AWS profile \"%1\" uses %2, which this version of Signet cannot "
                                        "resolve yet")
                             .arg(profile, needs),
                         QStringLiteral("Export temporary keys (e.g. `eval \"$(aws configure "
                                        "export-credentials --profile %1 --format env)\"`) and run again.")
                             .arg(profile));

    auto fromCredentials = keysFromSection(credSection,
                                           QStringLiteral("profile [%1] in %2").arg(profile, credentialsFile->path()),
                                           QStringLiteral("shared-credentials-file:%1").arg(profile));
    if (!fromCredentials)
        return fromCredentials.error();
    if (fromCredentials->has_value())
        return std::move(**fromCredentials);

    if (configSection && configSection->values.contains(QStringLiteral("credential_process")))
        return makeError(QStringLiteral("credentials.provider-unsupported"),
                         QStringLiteral("AWS profile \"%1\" uses credential_process, which this version of "
                                        "Signet cannot run yet")
                             .arg(profile),
                         QStringLiteral("Export the keys it prints as AWS_ACCESS_KEY_ID etc. and run again."));

    auto fromConfig = keysFromSection(configSection,
                                      QStringLiteral("profile %1 in %2").arg(profile, configFile->path()),
                                      QStringLiteral("config-file:%1").arg(profile));
    if (!fromConfig)
        return fromConfig.error();
    if (fromConfig->has_value())
        return std::move(**fromConfig);

    return makeError(QStringLiteral("credentials.none"),
                     QStringLiteral("no AWS credentials found for profile \"%1\"").arg(profile),
                     QStringLiteral("Export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or add "
                                    "aws_access_key_id and aws_secret_access_key to [%1] in %2.")
                         .arg(profile, credentialsFile->path()));
}

} // namespace signet::aws
