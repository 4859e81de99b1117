// SPDX-License-Identifier: GPL-3.0-or-later
// CaBundleEntry: JSON form of an index row.
#include "tls/CaBundleEntry.h"

namespace signet::tls {

namespace {

QString iso(const QDateTime &when)
{
    return when.isValid() ? when.toUTC().toString(Qt::ISODate) : QString();
}

} // namespace

QJsonObject CaBundleEntry::toJson() const
{
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("file"), fileName},
        {QStringLiteral("source"), source},
        {QStringLiteral("stored_at"), iso(storedAt)},
        {QStringLiteral("checked_at"), iso(checkedAt)},
        {QStringLiteral("sha256"), sha256},
        {QStringLiteral("etag"), etag},
        {QStringLiteral("last_modified"), lastModified},
        {QStringLiteral("certificates"), certificateCount},
    };
}

CaBundleEntry CaBundleEntry::fromJson(const QJsonObject &object)
{
    CaBundleEntry entry;
    entry.id = object.value(QStringLiteral("id")).toString();
    entry.fileName = object.value(QStringLiteral("file")).toString();
    entry.source = object.value(QStringLiteral("source")).toString();
    entry.storedAt = QDateTime::fromString(object.value(QStringLiteral("stored_at")).toString(), Qt::ISODate);
    entry.checkedAt =
        QDateTime::fromString(object.value(QStringLiteral("checked_at")).toString(), Qt::ISODate);
    entry.sha256 = object.value(QStringLiteral("sha256")).toString();
    entry.etag = object.value(QStringLiteral("etag")).toString();
    entry.lastModified = object.value(QStringLiteral("last_modified")).toString();
    entry.certificateCount = object.value(QStringLiteral("certificates")).toInt();
    return entry;
}

} // namespace signet::tls
