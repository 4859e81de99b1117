// SPDX-License-Identifier: GPL-3.0-or-later
// ProbeReport: every step of one check, as text (for humans and "Copy report") or JSON.
#pragma once

#include "probe/ProbeStep.h"
#include "probe/ProbeTarget.h"

#include <QDateTime>
#include <QList>

namespace signet::probe {

struct ProbeReport final
{
    ProbeTarget target;
    QDateTime startedAt;
    QList<ProbeStep> steps;

    // True only when every step passed (or passed with a warning); a skipped step is not a pass.
    bool allPassed() const;
    const ProbeStep *firstFailure() const;
    // The one-line outcome: "Every step passed." / "Every step passed, 2 with a warning: …" /
    // "<step> failed: <verdict>" / skipped steps. Redacted.
    QString summary() const;
    QString toText() const;
    QJsonObject toJson() const;

    // Removes anything that looks like a secret (token signatures, session tokens, secret keys).
    static QString redact(QString text);
};

} // namespace signet::probe
