// SPDX-License-Identifier: GPL-3.0-or-later
// CaBundleEntry: one row of the CA store's index (what a stored bundle is and where it came from).
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace signet::tls {

struct CaBundleEntry final
{
    QString id;       // "global", "eu-west-1", "url-…", "file-…"
    QString fileName; // inside the store directory
    QString source;   // the URL, "builtin:offline", or "file:<path>"
    QDateTime storedAt;
    QDateTime checkedAt; // last time an update check ran (a 304 moves only this)
    QString sha256;
    QString etag;
    QString lastModified;
    int certificateCount = 0;

    bool isOfflineCopy() const { return source == kOfflineSource; }
    QJsonObject toJson() const;
    static CaBundleEntry fromJson(const QJsonObject &object);

    static inline const QString kOfflineSource = QStringLiteral("builtin:offline");
};

} // namespace signet::tls
