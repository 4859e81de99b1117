// SPDX-License-Identifier: GPL-3.0-or-later
// SsmRoute: how to reach a database through AWS Systems Manager port forwarding (the instance whose
// SSM agent forwards, and its region).
#pragma once

#include <QJsonObject>
#include <QString>

namespace signet::tunnel {

// Holds no secret: the session is started with the profile's own AWS credentials.
struct SsmRoute final
{
    // The managed instance ("i-" and 8 or 17 hex digits; "mi-" and 17 for a hybrid-activated one).
    QString target;
    // Empty: the profile's region.
    QString region;

    bool isSet() const { return !target.isEmpty(); }
    // "i-0123456789abcdef0 (eu-west-1)" for listings; the region only when set.
    QString displayText() const;
    // Problems worded for the user, field "ssm".
    QString problem() const;
    static bool isTargetId(const QString &text);

    QJsonObject toJson() const;
    static SsmRoute fromJson(const QJsonObject &object);

    bool operator==(const SsmRoute &) const = default;
};

} // namespace signet::tunnel
