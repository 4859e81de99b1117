// SPDX-License-Identifier: GPL-3.0-or-later
// Locating the source tree from a test.
#include "TestPaths.h"

#include <QDir>
#include <QProcessEnvironment>

namespace signet::test {

QString sourceDir()
{
    const QString fromEnv =
        QProcessEnvironment::systemEnvironment().value(QStringLiteral("SIGNET_SOURCE_DIR"));
    return fromEnv.isEmpty() ? QDir::currentPath() : fromEnv;
}

QString sourcePath(const QString &relative)
{
    return QDir(sourceDir()).filePath(relative);
}

} // namespace signet::test
