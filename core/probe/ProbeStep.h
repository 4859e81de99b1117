// SPDX-License-Identifier: GPL-3.0-or-later
// ProbeStep: the outcome of one check step, in plain words.
#pragma once

#include "common/Fix.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace signet::probe {

enum class StepStatus
{
    Passed,
    Warning,
    Failed,
    Skipped
};

struct ProbeStep final
{
    QString id;    // "dns", "tcp", "tls", "certificate", "credentials", "clock", "region", "login"
    QString title; // "DNS", "TCP connect", …
    StepStatus status = StepStatus::Skipped;
    qint64 durationMs = 0;
    QString verdict;     // one sentence: what was found
    QString hint;        // what to do about it (may be empty when passed)
    QStringList details; // extra lines: addresses, certificate names, causes to check
    Fix fix = {};        // a remedy each front-end words itself, after the hint

    // The hint and the fix in the words of `frontEnd`.
    QString hintFor(FrontEnd frontEnd) const;

    // Warnings pass: they point at something that will break later (expiry), not now.
    bool passed() const { return status == StepStatus::Passed || status == StepStatus::Warning; }
    // The hint in the CLI's words (the JSON is the CLI's output).
    QJsonObject toJson() const;

    static QString statusName(StepStatus status);
};

} // namespace signet::probe
