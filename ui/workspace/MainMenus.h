// SPDX-License-Identifier: GPL-3.0-or-later
// MainMenus: the main window's menu bar — File, Edit, View, Token, Help — with their shortcuts, and
// which of the profile and console actions are enabled; Help's dialogs (shortcuts, about) with it.
#pragma once

#include <QObject>

class QAction;

namespace signet::ui {

class MainWindow;

class MainMenus final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainMenus)

public:
    // Fills `window`'s menu bar; the actions call the window's public slots.
    explicit MainMenus(MainWindow &window);

    // What can be done now: a profile page shows (a saved profile, or a new one being written), a
    // saved profile is selected, a console tab is current.
    void updateEnabled(bool profilePage, bool selected, bool newProfile, bool consoleCurrent);

    QAction *closeConsoleAction() const { return m_closeConsole; }

private:
    void createFileMenu();
    void createEditMenu();
    void showShortcuts();

    MainWindow &m_window;
    QAction *m_save = nullptr;
    QAction *m_duplicate = nullptr;
    QAction *m_rename = nullptr;
    QAction *m_delete = nullptr;
    QAction *m_closeConsole = nullptr;
};

} // namespace signet::ui
