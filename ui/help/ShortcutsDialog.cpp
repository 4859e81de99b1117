// SPDX-License-Identifier: GPL-3.0-or-later
// The shortcuts overview: menus first (in menu order), then the other places.
#include "help/ShortcutsDialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace signet::ui {

namespace {

QString plain(QString text)
{
    text.remove(u'&');
    if (text.endsWith(u'…'))
        text.chop(1);
    return text;
}

void addMenu(QTreeWidget *table, const QMenu *menu)
{
    QTreeWidgetItem *group = nullptr;
    for (const QAction *action : menu->actions()) {
        if (action->isSeparator() || action->shortcut().isEmpty())
            continue;
        if (!group) {
            group = new QTreeWidgetItem(table, {plain(menu->title())});
            group->setFirstColumnSpanned(true);
        }
        new QTreeWidgetItem(group,
                            {plain(action->text()), action->shortcut().toString(QKeySequence::NativeText)});
    }
}

} // namespace

ShortcutsDialog::ShortcutsDialog(const QMenuBar &menus, const QList<Group> &others, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Keyboard Shortcuts"));
    auto *layout = new QVBoxLayout(this);
    m_table = new QTreeWidget(this);
    m_table->setObjectName(QStringLiteral("shortcutsTable"));
    m_table->setHeaderLabels({tr("Command"), tr("Keys")});
    m_table->setRootIsDecorated(false);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    for (const QAction *top : menus.actions()) {
        if (const QMenu *menu = top->menu())
            addMenu(m_table, menu);
    }
    for (const auto &[where, rows] : others) {
        auto *group = new QTreeWidgetItem(m_table, {where});
        group->setFirstColumnSpanned(true);
        for (const auto &[what, keys] : rows)
            new QTreeWidgetItem(group, {what, keys});
    }
    for (int i = 0; i < m_table->topLevelItemCount(); ++i) {
        QFont bold = m_table->topLevelItem(i)->font(0);
        bold.setBold(true);
        m_table->topLevelItem(i)->setFont(0, bold);
    }
    m_table->expandAll();
    m_table->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    layout->addWidget(m_table);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(600, 560);
}

} // namespace signet::ui
