// SPDX-License-Identifier: GPL-3.0-or-later
// ShortcutsDialog: Help › Keyboard Shortcuts: every menu command that has a shortcut, read from
// the menu bar itself (so the list cannot drift from the menus), plus the keys that work in
// places without a menu (the profile tree, the console, the filter).
#pragma once

#include <QDialog>
#include <QList>
#include <QPair>

class QMenuBar;
class QTreeWidget;

namespace signet::ui {

class ShortcutsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShortcutsDialog)

public:
    // (where, list of (what, keys)): rows for keys that no menu command carries.
    using Group = QPair<QString, QList<QPair<QString, QString>>>;

    ShortcutsDialog(const QMenuBar &menus, const QList<Group> &others, QWidget *parent = nullptr);

    QTreeWidget *table() const { return m_table; }

private:
    QTreeWidget *m_table = nullptr;
};

} // namespace signet::ui
