// SPDX-License-Identifier: GPL-3.0-or-later
// QueryHistory persistence.
#include "console/QueryHistory.h"

#include "common/SettingsKeys.h"

#include <QCryptographicHash>
#include <QSettings>

namespace signet::ui {

QueryHistory::QueryHistory(QString key)
    : m_key(std::move(key))
{}

QString QueryHistory::settingsKey() const
{
    // QSettings keys may not hold '/' or '\\'; a digest keeps them apart and readable enough.
    return config::consoleHistoryKey(QString::fromLatin1(
        QCryptographicHash::hash(m_key.toUtf8(), QCryptographicHash::Sha1).toHex().left(16)));
}

QStringList QueryHistory::entries() const
{
    return QSettings().value(settingsKey()).toStringList();
}

void QueryHistory::add(const QString &statement)
{
    const QString trimmed = statement.trimmed();
    if (trimmed.isEmpty())
        return;
    QStringList list = entries();
    list.removeAll(trimmed);
    list.prepend(trimmed);
    while (list.size() > MaxEntries)
        list.removeLast();
    QSettings().setValue(settingsKey(), list);
}

} // namespace signet::ui
