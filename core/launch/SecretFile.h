// SPDX-License-Identifier: GPL-3.0-or-later
// SecretFile: a private (0600) temporary file holding a secret for a client, removed when released.
#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QString>

#include <memory>

namespace signet::launch {

// Created with O_EXCL and mode 0600 from the start (never world-readable, not even briefly).
// The destructor overwrites the content with zeros and removes the file.
class SecretFile final
{
public:
    // `nameTemplate` ends in XXXXXX (QTemporaryFile's rule); `suffix` is kept, e.g. ".cnf".
    static Result<std::shared_ptr<SecretFile>> create(const QString &directory, const QString &nameTemplate,
                                                      const QByteArray &content);
    ~SecretFile();
    SecretFile(const SecretFile &) = delete;
    SecretFile &operator=(const SecretFile &) = delete;

    const QString &path() const { return m_path; }

private:
    SecretFile(QString path, qsizetype size)
        : m_path(std::move(path))
        , m_size(size)
    {}

    QString m_path;
    qsizetype m_size = 0;
};

} // namespace signet::launch
