// SPDX-License-Identifier: GPL-3.0-or-later
// ProbeStep: JSON form and status names.
#include "probe/ProbeStep.h"

#include "common/Error.h"

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

QString ProbeStep::hintFor(FrontEnd frontEnd) const
{
    return Error{{}, {}, hint, fix}.hintFor(frontEnd);
}

QJsonObject ProbeStep::toJson() const
{
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("title"), title},
        {QStringLiteral("status"), statusName(status)},
        {QStringLiteral("duration_ms"), durationMs},
        {QStringLiteral("verdict"), verdict},
        {QStringLiteral("hint"), hintFor(FrontEnd::Cli)},
        {QStringLiteral("details"), QJsonArray::fromStringList(details)},
    };
}

} // namespace signet::probe
