// ProbeStep: JSON form and status names.
#include "probe/ProbeStep.h"

#include <QJsonArray>

namespace signet::probe {

QString ProbeStep::statusName(StepStatus status)
{
    switch (status) {
    case StepStatus::Passed:
        return QStringLiteral("passed");
    case StepStatus::Warning:
        return QStringLiteral("warning");
    case StepStatus::Failed:
        return QStringLiteral("failed");
    case StepStatus::Skipped:
        break;
    }
    return QStringLiteral("skipped");
}

QJsonObject ProbeStep::toJson() const
{
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("title"), title},
        {QStringLiteral("status"), statusName(status)},
        {QStringLiteral("duration_ms"), durationMs},
        {QStringLiteral("verdict"), verdict},
        {QStringLiteral("hint"), hint},
        {QStringLiteral("details"), QJsonArray::fromStringList(details)},
    };
}

} // namespace signet::probe
