// SPDX-License-Identifier: GPL-3.0-or-later
// SecretFile: private temporary files for tokens handed to clients.
#include "launch/SecretFile.h"

#include <QDir>
#include <QFile>
#include <QTemporaryFile>

namespace signet::launch {

Result<std::shared_ptr<SecretFile>> SecretFile::create(const QString &directory, const QString &nameTemplate,
                                                       const QByteArray &content)
{
    const QString dir = directory.isEmpty() ? QDir::tempPath() : directory;
    // QTemporaryFile opens with O_CREAT|O_EXCL and mode 0600 on Unix.
    QTemporaryFile file(QDir(dir).filePath(nameTemplate));
    file.setAutoRemove(false);
    if (!file.open())
        return makeError(
            QStringLiteral("launch.temp-file"),
            QStringLiteral("could not create a private file in %1: %2").arg(dir, file.errorString()),
            QStringLiteral("Check that the temporary directory exists and is writable."));
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const QString path = file.fileName();
    if (file.write(content) != content.size() || !file.flush()) {
        file.close();
        QFile::remove(path);
        return makeError(QStringLiteral("launch.temp-file"),
                         QStringLiteral("could not write the private file %1").arg(path),
                         QStringLiteral("Check free space in the temporary directory."));
    }
    file.close();
    return std::shared_ptr<SecretFile>(new SecretFile(path, content.size()));
}

SecretFile::~SecretFile()
{
    QFile file(m_path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Unbuffered)) {
        // Truncating already drops the blocks; zeros cover a filesystem that keeps them.
        file.write(QByteArray(m_size, '\0'));
        file.close();
    }
    QFile::remove(m_path);
}

} // namespace signet::launch
