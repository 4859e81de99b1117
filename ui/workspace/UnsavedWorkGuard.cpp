// SPDX-License-Identifier: GPL-3.0-or-later
// UnsavedWorkGuard: the questions before unsaved work is lost.
#include "workspace/UnsavedWorkGuard.h"

#include "common/Ask.h"
#include "profiles/ProfileEditor.h"
#include "profiles/ProfileStore.h"
#include "proxy/LocalProxies.h"
#include "workspace/Workspace.h"

namespace signet::ui {

UnsavedWorkGuard::UnsavedWorkGuard(QWidget &window, const profiles::ProfileStore &store,
                                   ProfileEditor &editor, Workspace &workspace, LocalProxies &proxies)
    : QObject(&window)
    , m_window(window)
    , m_store(store)
    , m_editor(editor)
    , m_workspace(workspace)
    , m_proxies(proxies)
{}

QString UnsavedWorkGuard::editorDescription() const
{
    const QString name = m_editor.profileFromForm().name;
    if (m_editor.isNew())
        return name.isEmpty() ? tr("A new profile is not saved")
                              : tr("The new profile \"%1\" is not saved").arg(name);
    return tr("\"%1\" has unsaved changes").arg(name.isEmpty() ? m_editor.profileId().toString() : name);
}

bool UnsavedWorkGuard::confirmLeavingEditor()
{
    // Nothing typed, or the profile being edited is gone (deleted here or elsewhere).
    if (!m_editor.hasUnsavedEdits() || (!m_editor.isNew() && !m_store.byId(m_editor.profileId())))
        return true;
    Ask::Question question;
    question.title = tr("Unsaved profile");
    question.text = editorDescription() + u'.';
    question.details = tr("Save it, discard what was typed, or go back to it.");
    question.answers = {Ask::Answer::Save, Ask::Answer::Discard, Ask::Answer::Cancel};
    question.defaultAnswer = Ask::Answer::Save;
    switch (Ask::question(&m_window, question)) {
    case Ask::Answer::Save: {
        m_savingBeforeLeaving = true;
        const bool saved = m_editor.save();
        m_savingBeforeLeaving = false;
        return saved; // not saved: its errors are shown, stay with it
    }
    case Ask::Answer::Discard:
        Q_EMIT messageRaised(
            m_editor.isNew() ? tr("The new profile was discarded.")
                             : tr("Changes to \"%1\" were discarded.").arg(m_editor.profileFromForm().name));
        if (m_editor.isNew())
            m_editor.editProfile(profiles::ConnectionProfile{}); // no longer "new": nothing to ask again
        return true;
    case Ask::Answer::Proceed:
    case Ask::Answer::Cancel:
        break;
    }
    return false;
}

bool UnsavedWorkGuard::confirmQuit()
{
    QStringList lost = m_workspace.unsavedWork();
    if (m_editor.hasUnsavedEdits())
        lost.prepend(editorDescription());
    // Clients connected through "Serve locally" lose their sessions when Signet quits.
    for (const QString &key : m_proxies.service().keys()) {
        const int open = m_proxies.service().listener(key)->sessionCount();
        if (open > 0)
            lost << (open == 1 ? tr("1 client connection through the local proxy of \"%1\"")
                               : tr("%1 client connections through the local proxy of \"%2\"").arg(open))
                        .arg(m_proxies.service().name(key));
    }
    if (lost.isEmpty())
        return true;
    Ask::Question question;
    question.title = tr("Quit Signet?");
    question.text = tr("Quitting now loses work:");
    question.details = lost.join(u'\n');
    question.answers = {Ask::Answer::Discard, Ask::Answer::Cancel};
    question.label = [](Ask::Answer answer) {
        return answer == Ask::Answer::Discard ? tr("Quit and lose it") : QString();
    };
    return Ask::question(&m_window, question) == Ask::Answer::Discard;
}

} // namespace signet::ui
