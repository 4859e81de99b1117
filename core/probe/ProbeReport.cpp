// SPDX-License-Identifier: GPL-3.0-or-later
// ProbeReport: text and JSON renderings, always redacted.
#include "probe/ProbeReport.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace signet::probe {

bool ProbeReport::allPassed() const
{
    if (steps.isEmpty())
        return false;
    return std::all_of(steps.cbegin(), steps.cend(), [](const ProbeStep &step) { return step.passed(); });
}

QString ProbeReport::summary() const
{
    if (allPassed()) {
        QStringList warned;
        for (const ProbeStep &step : steps) {
            if (step.status == StepStatus::Warning)
                warned << step.title;
        }
        if (warned.isEmpty())
            return QStringLiteral("Every step passed.");
        return QStringLiteral("Every step passed, %1 with a warning: %2.")
            .arg(warned.size())
            .arg(warned.join(QStringLiteral(", ")));
    }
    if (const ProbeStep *failed = firstFailure())
        return QStringLiteral("%1 failed: %2").arg(failed->title, redact(failed->verdict));
    return QStringLiteral("No step failed, but not every step ran (see the skipped ones).");
}

const ProbeStep *ProbeReport::firstFailure() const
{
    for (const ProbeStep &step : steps) {
        if (step.status == StepStatus::Failed)
            return &step;
    }
    return nullptr;
}

QString ProbeReport::redact(QString text)
{
    // Query parameters of a presigned token, and anything shaped like an AWS secret or session token.
    static const QRegularExpression parameters(
        QStringLiteral("(X-Amz-(?:Signature|Security-Token|Credential)=)[^&\\s\"]+"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression secrets(
        QStringLiteral("((?:aws_)?(?:secret_access_key|session_token|password|secret)\\s*[=:]\\s*)\\S+"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression longKey(QStringLiteral("\\b[A-Za-z0-9/+]{40}\\b"));
    static const QRegularExpression accessKey(QStringLiteral("\\b(AKIA|ASIA)[A-Z0-9]{8,}([A-Z0-9]{4})\\b"));
    text.replace(parameters, QStringLiteral("\\1(redacted)"));
    text.replace(secrets, QStringLiteral("\\1(redacted)"));
    text.replace(longKey, QStringLiteral("(redacted)"));
    text.replace(accessKey, QStringLiteral("\\1…\\2"));
    return text;
}

QString ProbeReport::toText() const
{
    QString text =
        QStringLiteral("Signet check: %1 %2:%3").arg(engineKey(target.engine), target.host).arg(target.port);
    if (target.hasVia())
        text += QStringLiteral(" via %1").arg(target.viaText());
    if (startedAt.isValid())
        text += QStringLiteral(" at %1").arg(startedAt.toUTC().toString(Qt::ISODate));
    text += u'\n';
    for (const ProbeStep &step : steps) {
        text += QStringLiteral("[%1] %2 (%3 ms): %4\n")
                    .arg(ProbeStep::statusName(step.status).toUpper(), step.title)
                    .arg(step.durationMs)
                    .arg(step.verdict);
        if (const QString hint = step.hintFor(FrontEnd::Gui); !hint.isEmpty())
            text += QStringLiteral("    hint: %1\n").arg(hint);
        for (const QString &line : step.details)
            text += QStringLiteral("    - %1\n").arg(line);
    }
    text += allPassed() ? QStringLiteral("Result: every step passed\n")
                        : QStringLiteral("Result: not every step passed\n");
    return redact(text);
}

QJsonObject ProbeReport::toJson() const
{
    QJsonArray array;
    for (const ProbeStep &step : steps) {
        QJsonObject object = step.toJson();
        object.insert(QStringLiteral("verdict"), redact(step.verdict));
        object.insert(QStringLiteral("hint"), redact(step.hintFor(FrontEnd::Cli)));
        QStringList details;
        for (const QString &line : step.details)
            details << redact(line);
        object.insert(QStringLiteral("details"), QJsonArray::fromStringList(details));
        array.append(object);
    }
    QJsonObject targetObject{
        {QStringLiteral("engine"), engineKey(target.engine)},
        {QStringLiteral("host"), target.host},
        {QStringLiteral("port"), int(target.port)},
        {QStringLiteral("region"), target.region},
        {QStringLiteral("user"), target.user},
    };
    if (target.hasVia())
        targetObject.insert(QStringLiteral("via"), target.viaText());
    return QJsonObject{
        {QStringLiteral("target"), targetObject},
        {QStringLiteral("started_at"), startedAt.toUTC().toString(Qt::ISODate)},
        {QStringLiteral("passed"), allPassed()},
        {QStringLiteral("steps"), array},
    };
}

} // namespace signet::probe
