// SPDX-License-Identifier: GPL-3.0-or-later
// UnsavedWorkGuard: asks before work is lost — unsaved profile edits when another profile is picked
// or a new one started, and on quit everything that quitting ends (profile edits, console text and
// running queries, clients connected through the local proxy).
#pragma once

#include <QObject>

class QWidget;

namespace signet::profiles {
class ProfileStore;
}

namespace signet::ui {

class LocalProxies;
class ProfileEditor;
class Workspace;

class UnsavedWorkGuard final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UnsavedWorkGuard)

public:
    // Questions are asked over `window` (through Ask, which tests answer).
    UnsavedWorkGuard(QWidget &window, const profiles::ProfileStore &store, ProfileEditor &editor,
                     Workspace &workspace, LocalProxies &proxies);

    // Unsaved profile edits: Save, Discard or Cancel. True when it is fine to move on.
    bool confirmLeavingEditor();
    // While confirmLeavingEditor() saves: the save must not select the saved profile (the user is
    // moving to the one they clicked).
    bool isSavingBeforeLeaving() const { return m_savingBeforeLeaving; }
    // What quitting now would lose, asked about; true when the user lets it go (or nothing is lost).
    bool confirmQuit();

Q_SIGNALS:
    void messageRaised(const QString &message);

private:
    QString editorDescription() const;

    QWidget &m_window;
    const profiles::ProfileStore &m_store;
    ProfileEditor &m_editor;
    Workspace &m_workspace;
    LocalProxies &m_proxies;
    bool m_savingBeforeLeaving = false;
};

} // namespace signet::ui
