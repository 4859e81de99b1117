// SPDX-License-Identifier: GPL-3.0-or-later
// ProfilePage: the first workspace tab — the selected profile's header, token strip and actions above
// its Overview (the editor) and Diagnostics tabs; or the form alone while a new profile is written.
#pragma once

#include <QWidget>

class QTabWidget;

namespace signet::profiles {
struct ConnectionProfile;
}

namespace signet::ui {

class DiagnosticsPanel;
class ProfileActionsBar;
class ProfileEditor;
class ProfileHeader;
class ProfileTokenPanel;

class ProfilePage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfilePage)

public:
    // The parts are the window's (they reach its services); the page lays them out and switches them.
    ProfilePage(ProfileTokenPanel &token, ProfileActionsBar &actions, ProfileEditor &editor,
                DiagnosticsPanel &diagnostics, QWidget *parent = nullptr);

    ProfileHeader *header() const { return m_header; }
    // Overview | Diagnostics.
    QTabWidget *tabs() const { return m_tabs; }

    // A saved profile: its header, token and actions; the form follows unless it holds edits of it.
    void showProfile(const profiles::ConnectionProfile &profile);
    // A new profile is being written: the form alone, its Name focused.
    void showNew();
    // Nothing selected: no token, no actions, no check.
    void showNone();
    void showDiagnostics();
    // The Diagnostics tab's title carries the time of the shown check.
    void updateDiagnosticsTitle();

private:
    ProfileTokenPanel &m_token;
    ProfileActionsBar &m_actions;
    ProfileEditor &m_editor;
    DiagnosticsPanel &m_diagnostics;
    ProfileHeader *m_header = nullptr;
    QTabWidget *m_tabs = nullptr;
};

} // namespace signet::ui
