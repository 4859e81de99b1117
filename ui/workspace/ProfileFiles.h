// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileFiles: File › Import Profiles… and Export Profiles… — the profile list to and from a JSON
// file the user picks (no secrets in it).
#pragma once

#include <QObject>
#include <QUuid>

#include <functional>

class QWidget;

namespace signet::profiles {
class ProfileStore;
}

namespace signet::ui {

class ProfileFiles final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileFiles)

public:
    // Asks for a file to open (save == false) or to write; empty when cancelled. QFileDialog unless a
    // test injects its answer.
    using FileChooser = std::function<QString(QWidget *parent, bool save, const QString &title)>;

    ProfileFiles(QWidget &window, profiles::ProfileStore &store);
    void setFileChooser(FileChooser chooser) { m_chooseFile = std::move(chooser); }

    void importFile();
    void exportFile();

    // "1 profile", "3 profiles" (English plurals without a translation loaded).
    static QString profileCount(qsizetype count);

Q_SIGNALS:
    // A file could not be read or written (for the banner); empty: the last problem is over.
    void problemChanged(const QString &text);
    void messageRaised(const QString &message);
    // Profiles were imported; the first one is to be selected.
    void imported(const QUuid &firstProfileId);

private:
    QWidget &m_window;
    profiles::ProfileStore &m_store;
    FileChooser m_chooseFile;
};

} // namespace signet::ui
