// SPDX-License-Identifier: GPL-3.0-or-later
// SharedConfigFile: the AWS shared config/credentials INI format, read as botocore reads it.
#pragma once

#include "common/Result.h"

#include <QList>
#include <QMap>
#include <QString>

namespace signet::aws {

// One parsed INI file. The syntax follows Python's RawConfigParser as botocore configures it:
// `[section]` headers, `key = value` or `key: value`, keys lower-cased, full-line `#`/`;` comments,
// indented continuation lines, an indented `key =` block parsed as a one-level sub-section, a
// `[DEFAULT]` section inherited by every other section, and duplicate sections or keys rejected.
class SharedConfigFile final
{
public:
    struct Section
    {
        QString name;
        int line = 0;
        QMap<QString, QString> values;
        QMap<QString, QMap<QString, QString>> subsections;
    };

    // Parses text; `path` only names the file in error messages.
    static Result<SharedConfigFile> parse(const QByteArray &utf8, const QString &path);
    // Reads and parses a file; a file that does not exist is an empty document, as in botocore.
    static Result<SharedConfigFile> load(const QString &path);

    const QString &path() const { return m_path; }
    bool exists() const { return m_exists; }
    const QList<Section> &sections() const { return m_sections; }
    const Section *section(const QString &name) const;

    // The profile as the *config* file names it: `[profile NAME]`, and `[default]` or
    // `[profile default]` for the default one (the later in the file wins, as in botocore).
    const Section *configProfile(const QString &profile) const;
    // The `[sso-session NAME]` section of a config file.
    const Section *ssoSession(const QString &name) const;
    // Profile names the config file defines.
    QStringList configProfileNames() const;

private:
    QString m_path;
    bool m_exists = false;
    QList<Section> m_sections;
};

} // namespace signet::aws
