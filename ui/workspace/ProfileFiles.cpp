// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileFiles: the store's JSON export written to and read from a file.
#include "workspace/ProfileFiles.h"

#include "profiles/ProfileStore.h"

#include <QFile>
#include <QFileDialog>

namespace signet::ui {

ProfileFiles::ProfileFiles(QWidget &window, profiles::ProfileStore &store)
    : QObject(&window)
    , m_window(window)
    , m_store(store)
    , m_chooseFile([](QWidget *owner, bool save, const QString &title) {
        const QString filter = tr("Signet profiles (*.json);;All files (*)");
        return save ? QFileDialog::getSaveFileName(owner, title, QStringLiteral("signet-profiles.json"),
                                                   filter)
                    : QFileDialog::getOpenFileName(owner, title, QString(), filter);
    })
{}

QString ProfileFiles::profileCount(qsizetype count)
{
    return count == 1 ? tr("1 profile") : tr("%1 profiles").arg(count);
}

void ProfileFiles::importFile()
{
    const QString path = m_chooseFile(&m_window, false, tr("Import Profiles"));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Q_EMIT problemChanged(tr("Cannot read %1: %2").arg(path, file.errorString()));
    const auto added = m_store.importJson(file.readAll());
    if (!added)
        return Q_EMIT problemChanged(tr("Nothing imported from %1: %2").arg(path, added.error().toString()));
    Q_EMIT problemChanged({});
    if (!added->isEmpty())
        Q_EMIT imported(added->first().id);
    Q_EMIT messageRaised(tr("Imported %1. Static keys are not part of an export: enter them again.")
                             .arg(profileCount(added->size())));
}

void ProfileFiles::exportFile()
{
    const QString path = m_chooseFile(&m_window, true, tr("Export Profiles"));
    if (path.isEmpty())
        return;
    QFile file(path);
    const QByteArray bytes = m_store.exportJson();
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        return Q_EMIT problemChanged(tr("Cannot write %1: %2").arg(path, file.errorString()));
    Q_EMIT messageRaised(
        tr("Exported %1 to %2 (no secrets included).").arg(profileCount(m_store.profiles().size()), path));
}

} // namespace signet::ui
