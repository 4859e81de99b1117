// SPDX-License-Identifier: GPL-3.0-or-later
// CredentialProcess: credential_process as botocore's ProcessProvider runs it.
#include "aws/CredentialProcess.h"

#include "aws/CommandSplitter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace signet::aws {

namespace {

Error processError(const QString &profile, const QString &detail, const QString &hint = {})
{
    return makeError(QStringLiteral("credentials.process"),
                     QStringLiteral("credential_process of profile \"%1\" failed: %2").arg(profile, detail),
                     hint.isEmpty() ? QStringLiteral("Run the command by hand to see what it prints.")
                                    : hint);
}

} // namespace

CredentialProcess::CredentialProcess(ProcessRunner &runner, QProcessEnvironment env, int timeoutMs)
    : m_runner(runner)
    , m_env(std::move(env))
    , m_timeoutMs(timeoutMs)
{}

QString CredentialProcess::redactSecrets(const QString &text)
{
    QString out = text.trimmed();
    // name = value / "name": "value" pairs whose name says secret.
    static const QRegularExpression named(
        QStringLiteral(
            R"(((?:secret|token|password|passwd|credential|session)[\w-]*["']?\s*[:=]\s*["']?)[^\s"',}]+)"),
        QRegularExpression::CaseInsensitiveOption);
    out.replace(named, QStringLiteral("\\1(redacted)"));
    static const QRegularExpression keyId(
        QStringLiteral(R"(\b((?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{2})[A-Z0-9]{8,}([A-Z0-9]{2})\b)"));
    out.replace(keyId, QStringLiteral("\\1…\\2"));
    // Long runs of base64-ish text are secrets more often than not.
    static const QRegularExpression blob(QStringLiteral(R"([A-Za-z0-9/+=_-]{24,})"));
    out.replace(blob, QStringLiteral("(redacted)"));
    if (out.size() > 400)
        out = out.left(400) + QStringLiteral("…");
    return out;
}

Result<Credentials> CredentialProcess::parseOutput(const QByteArray &json, const QString &profile)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return processError(
            profile, QStringLiteral("its output is not a JSON object"),
            QStringLiteral("The command must print {\"Version\": 1, \"AccessKeyId\": …} on stdout."));
    const QJsonObject object = document.object();
    const QJsonValue version = object.value(QStringLiteral("Version"));
    if (version.toInt(-1) != 1 || !version.isDouble())
        return processError(profile, QStringLiteral("unsupported Version %1 (only 1 is supported)")
                                         .arg(version.isUndefined() ? QStringLiteral("(missing)")
                                              : version.isString()  ? u'"' + version.toString() + u'"'
                                                                    : QString::number(version.toDouble())));
    Credentials out;
    out.accessKeyId = object.value(QStringLiteral("AccessKeyId")).toString();
    out.secretAccessKey = SecretString::fromUtf8(object.value(QStringLiteral("SecretAccessKey")).toString());
    out.sessionToken = SecretString::fromUtf8(object.value(QStringLiteral("SessionToken")).toString());
    if (out.accessKeyId.isEmpty())
        return processError(profile, QStringLiteral("its output has no AccessKeyId"));
    if (out.secretAccessKey.isEmpty())
        return processError(profile, QStringLiteral("its output has no SecretAccessKey"));
    const QJsonValue expiration = object.value(QStringLiteral("Expiration"));
    if (!expiration.isUndefined() && !expiration.isNull()) {
        const QDateTime when = QDateTime::fromString(expiration.toString(), Qt::ISODateWithMs);
        if (!when.isValid())
            return processError(profile, QStringLiteral("its Expiration is not an ISO 8601 time"));
        out.expiration = when.toUTC();
    }
    out.source = QStringLiteral("custom-process:") + profile;
    return out;
}

void CredentialProcess::run(const QString &commandLine, const QString &profile,
                            ResultCallback<Credentials> done) const
{
    const auto words = CommandSplitter::split(commandLine);
    if (!words) {
        done(words.error());
        return;
    }
    if (words->isEmpty()) {
        done(processError(profile, QStringLiteral("the command is empty")));
        return;
    }
    const QString program = words->first();
    m_runner.run(
        program, words->mid(1), m_env, m_timeoutMs,
        [profile, program, done = std::move(done)](Result<ProcessOutcome> outcome) {
            if (!outcome) {
                done(processError(profile, outcome.error().message, outcome.error().hint));
                return;
            }
            if (outcome->exitCode != 0) {
                const QString stderrText = redactSecrets(QString::fromUtf8(outcome->standardError));
                done(processError(
                    profile, QStringLiteral("%1 exited with code %2%3")
                                 .arg(program)
                                 .arg(outcome->exitCode)
                                 .arg(stderrText.isEmpty() ? QString() : QStringLiteral(": ") + stderrText)));
                return;
            }
            done(parseOutput(outcome->standardOutput, profile));
        });
}

} // namespace signet::aws
