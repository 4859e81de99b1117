// SPDX-License-Identifier: GPL-3.0-or-later
// MainMenus: standard shortcuts first (QKeySequence::StandardKey), every action reachable by keyboard.
#include "workspace/MainMenus.h"

#include "MainWindow.h"
#include "ca/CaBundlesDialog.h"
#include "help/AboutDialog.h"
#include "help/ShortcutsDialog.h"
#include "profiles/ProfileEditor.h"
#include "profiles/ProfileTreePanel.h"
#include "token/ProfileTokenPanel.h"
#include "workspace/Workspace.h"

#include <QAction>
#include <QMenu>
#include <QMenuBar>
#include <QUndoStack>

namespace signet::ui {

MainMenus::MainMenus(MainWindow &window)
    : QObject(&window)
    , m_window(window)
{
    createFileMenu();
    createEditMenu();

    QMenu *view = m_window.menuBar()->addMenu(tr("&View"));
    view->addAction(m_window.proxyPanelAction());
    view->addAction(m_window.tunnelPanelAction());

    QMenu *token = m_window.menuBar()->addMenu(tr("&Token"));
    // Enabled by the token panel: only with a profile selected (and Copy only with a live token).
    token->addAction(m_window.tokenPanel()->signAction());
    token->addAction(m_window.tokenPanel()->copyAction());

    QMenu *help = m_window.menuBar()->addMenu(tr("&Help"));
    QAction *keys = help->addAction(tr("&Keyboard Shortcuts…"), this, &MainMenus::showShortcuts);
    keys->setObjectName(QStringLiteral("shortcutsAction"));
    keys->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Slash));
    help->addAction(tr("&About Signet"), this, [this] {
        AboutDialog dialog(&m_window);
        dialog.exec();
    });
}

void MainMenus::createFileMenu()
{
    MainWindow *window = &m_window;
    ProfileTreePanel *tree = m_window.treePanel();
    QMenu *file = m_window.menuBar()->addMenu(tr("&File"));
    QAction *add = file->addAction(QIcon::fromTheme(QStringLiteral("document-new")), tr("&New Profile"),
                                   window, &MainWindow::newProfile);
    add->setShortcut(QKeySequence::New);
    m_save = file->addAction(tr("&Save Profile"), m_window.editor(), &ProfileEditor::save);
    m_save->setShortcut(QKeySequence::Save);
    m_duplicate = file->addAction(tr("D&uplicate Profile"), window, &MainWindow::duplicateProfile);
    m_duplicate->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    m_rename = file->addAction(tr("&Rename Profile"), tree, &ProfileTreePanel::renameCurrent);
    m_rename->setShortcut(QKeySequence(Qt::Key_F2));
    m_rename->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    tree->addAction(m_rename);
    m_delete = file->addAction(QIcon::fromTheme(QStringLiteral("edit-delete")), tr("&Delete Profile"), window,
                               &MainWindow::deleteProfile);
    m_delete->setShortcut(QKeySequence::Delete);
    m_delete->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    tree->addAction(m_delete);
    file->addSeparator();
    file->addAction(tr("&Import Profiles…"), window, &MainWindow::importProfiles);
    file->addAction(QIcon::fromTheme(QStringLiteral("cloud-download")), tr("Import from &AWS…"), window,
                    &MainWindow::importFromAws);
    file->addAction(tr("&Export Profiles…"), window, &MainWindow::exportProfiles);
    file->addSeparator();
    QAction *quick = file->addAction(tr("&Quick Sign…"), window, &MainWindow::showQuickSign);
    quick->setToolTip(tr("Sign for an endpoint typed in by hand, without saving a profile"));
    file->addSeparator();
    QAction *adHoc = file->addAction(tr("&Console…"), window, &MainWindow::askAdHocConsole);
    adHoc->setObjectName(QStringLiteral("adHocConsoleAction"));
    adHoc->setToolTip(tr("A console for a database typed in by hand, without saving a profile"));
    file->addAction(tr("CA &Bundles…"), window, [window] {
        auto *dialog = new CaBundlesDialog(tls::CaBundleStore(), window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    });
    m_closeConsole = file->addAction(tr("Close Conso&le"), window, [window] {
        window->workspace()->closeConsole(window->workspace()->currentIndex());
    });
    // Ctrl+W everywhere (the platform's Close may be Ctrl+F4 only).
    QList<QKeySequence> closeKeys{QKeySequence(Qt::CTRL | Qt::Key_W)};
    for (const QKeySequence &keys : QKeySequence::keyBindings(QKeySequence::Close)) {
        if (!closeKeys.contains(keys))
            closeKeys << keys;
    }
    m_closeConsole->setShortcuts(closeKeys);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), window, &QWidget::close);
    // Ctrl+Q even where the platform names no Quit key (its Windows scheme, the offscreen platform).
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
}

void MainMenus::createEditMenu()
{
    QMenu *edit = m_window.menuBar()->addMenu(tr("&Edit"));
    QAction *undo = m_window.undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction *redo = m_window.undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    QAction *find =
        edit->addAction(tr("&Filter Profiles"), m_window.treePanel(), &ProfileTreePanel::focusFilter);
    find->setShortcut(QKeySequence::Find);
    edit->addSeparator();
    QAction *preferences = edit->addAction(QIcon::fromTheme(QStringLiteral("preferences-system")),
                                           tr("&Preferences…"), &m_window, &MainWindow::showPreferences);
    preferences->setObjectName(QStringLiteral("preferencesAction"));
    preferences->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
}

void MainMenus::updateEnabled(bool profilePage, bool selected, bool newProfile, bool consoleCurrent)
{
    m_save->setEnabled(profilePage && (selected || newProfile));
    for (QAction *action : {m_duplicate, m_rename, m_delete})
        action->setEnabled(selected);
    m_closeConsole->setEnabled(consoleCurrent);
}

void MainMenus::showShortcuts()
{
    auto native = [](const QKeySequence &keys) { return keys.toString(QKeySequence::NativeText); };
    const QList<ShortcutsDialog::Group> others{
        {tr("Profile tree"),
         {{tr("Connect to the selected profile"),
           tr("Enter or %1").arg(native(QKeySequence(Qt::CTRL | Qt::Key_Return)))},
          {tr("Clear the filter"), native(QKeySequence(Qt::Key_Escape))}}},
        {tr("Console"),
         {{tr("Run the current statement or selection"), native(QKeySequence(Qt::CTRL | Qt::Key_Return))},
          {tr("Run every statement"), native(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return))},
          {tr("Cancel the running statement"), native(QKeySequence(Qt::Key_Escape))},
          {tr("Copy the selected cells as TSV"), native(QKeySequence::Copy)},
          {tr("Refresh the schema"), native(QKeySequence::Refresh)}}},
    };
    ShortcutsDialog dialog(*m_window.menuBar(), others, &m_window);
    dialog.exec();
}

} // namespace signet::ui
