// SPDX-License-Identifier: GPL-3.0-or-later
// ProfilePage: layout and switching of the selected profile's page.
#include "workspace/ProfilePage.h"

#include "actions/ProfileActionsBar.h"
#include "diagnostics/DiagnosticsPanel.h"
#include "profiles/ConnectionProfile.h"
#include "profiles/ProfileEditor.h"
#include "profiles/ProfileHeader.h"
#include "token/ProfileTokenPanel.h"

#include <QDateTime>
#include <QLocale>
#include <QTabWidget>
#include <QVBoxLayout>

namespace signet::ui {

ProfilePage::ProfilePage(ProfileTokenPanel &token, ProfileActionsBar &actions, ProfileEditor &editor,
                         DiagnosticsPanel &diagnostics, QWidget *parent)
    : QWidget(parent)
    , m_token(token)
    , m_actions(actions)
    , m_editor(editor)
    , m_diagnostics(diagnostics)
    , m_header(new ProfileHeader(this))
    , m_tabs(new QTabWidget(this))
{
    setObjectName(QStringLiteral("profilePage"));
    m_tabs->setObjectName(QStringLiteral("profileTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(&m_editor, tr("Overview"));
    m_tabs->addTab(&m_diagnostics, tr("Diagnostics"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addWidget(m_header);
    layout->addWidget(&m_token);
    layout->addWidget(&m_actions);
    layout->addWidget(m_tabs, 1);
}

void ProfilePage::showProfile(const profiles::ConnectionProfile &profile)
{
    m_header->setVisible(true);
    m_token.setVisible(true);
    m_actions.setVisible(true);
    m_header->setProfile(profile);
    m_token.setProfile(profile);
    m_actions.setProfile(profile);
    m_diagnostics.showProfile(profile.id, profile.name);
    if (m_editor.isNew() || m_editor.profileId() != profile.id || !m_editor.isDirty())
        m_editor.editProfile(profile);
    updateDiagnosticsTitle();
}

void ProfilePage::showNew()
{
    // Nothing to sign yet, and no tree row is being edited.
    m_token.setProfile(std::nullopt);
    m_token.setVisible(false);
    m_actions.setProfile(std::nullopt);
    m_actions.setVisible(false);
    m_header->setVisible(false);
    m_diagnostics.showProfile({}, {});
    updateDiagnosticsTitle();
    m_tabs->setCurrentWidget(&m_editor);
    m_editor.focusName();
}

void ProfilePage::showNone()
{
    m_token.setProfile(std::nullopt);
    m_actions.setProfile(std::nullopt);
    m_diagnostics.showProfile({}, {});
    updateDiagnosticsTitle();
}

void ProfilePage::showDiagnostics()
{
    m_tabs->setCurrentWidget(&m_diagnostics);
}

void ProfilePage::updateDiagnosticsTitle()
{
    const int index = m_tabs->indexOf(&m_diagnostics);
    if (const QDateTime at = m_diagnostics.checkedAt(); at.isValid())
        m_tabs->setTabText(index,
                           tr("Diagnostics (%1)").arg(QLocale().toString(at.time(), QLocale::ShortFormat)));
    else
        m_tabs->setTabText(index, tr("Diagnostics"));
}

} // namespace signet::ui
