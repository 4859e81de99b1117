// SPDX-License-Identifier: GPL-3.0-or-later
// QueryHistory: the statements run for one connection, newest first, kept in QSettings.
#pragma once

#include <QStringList>

namespace signet::ui {

class QueryHistory final
{
public:
    static constexpr int MaxEntries = 200;

    // `key` names the profile/target (e.g. "iam_user@host:port/db").
    explicit QueryHistory(QString key);

    QStringList entries() const;
    // Moves an existing equal entry to the top instead of repeating it.
    void add(const QString &statement);

private:
    QString settingsKey() const;

    QString m_key;
};

} // namespace signet::ui
