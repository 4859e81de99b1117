// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileTreePanel: filter-as-you-type over the tree, keyboard handling, selection kept across reloads.
#include "profiles/ProfileTreePanel.h"

#include "profiles/ProfileFilterProxy.h"
#include "profiles/ProfileStore.h"
#include "profiles/ProfileTreeModel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace signet::ui {

ProfileTreePanel::ProfileTreePanel(profiles::ProfileStore &store, QWidget *parent)
    : QWidget(parent)
    , m_model(new ProfileTreeModel(store, this))
    , m_proxy(new ProfileFilterProxy(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->sort(ProfileTreeModel::NameColumn, Qt::AscendingOrder);

    m_newButton = new QPushButton(QIcon::fromTheme(QStringLiteral("list-add")), tr("New"), this);
    m_newButton->setToolTip(
        tr("New profile (%1)").arg(QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText)));
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("profileFilter"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setPlaceholderText(
        tr("Filter… (%1)").arg(QKeySequence(QKeySequence::Find).toString(QKeySequence::NativeText)));
    m_filter->installEventFilter(this);

    m_view = new QTreeView(this);
    m_view->setObjectName(QStringLiteral("profileTree"));
    m_view->setModel(m_proxy);
    m_view->setHeaderHidden(true);
    m_view->setUniformRowHeights(true);
    m_view->setAllColumnsShowFocus(true);
    m_view->setEditTriggers(QAbstractItemView::EditKeyPressed);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(ProfileTreeModel::NameColumn, QHeaderView::Stretch);
    m_view->header()->setSectionResizeMode(ProfileTreeModel::TokenColumn, QHeaderView::ResizeToContents);
    m_view->expandAll();

    auto *top = new QHBoxLayout;
    top->addWidget(m_newButton);
    top->addWidget(m_filter, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);

    connect(m_newButton, &QPushButton::clicked, this, &ProfileTreePanel::newProfileRequested);
    connect(m_filter, &QLineEdit::textChanged, this, &ProfileTreePanel::onFilterEdited);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { onCurrentChanged(current); });
    connect(m_view, &QTreeView::activated, this, [this](const QModelIndex &index) {
        const QUuid id = m_model->idAt(m_proxy->mapToSource(index.siblingAtColumn(0)));
        if (!id.isNull())
            Q_EMIT profileActivated(id);
    });
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &ProfileTreePanel::restoreSelection);
    connect(m_model, &ProfileTreeModel::renameFailed, this, &ProfileTreePanel::messageRaised);
}

ProfileTreePanel::~ProfileTreePanel() = default;

void ProfileTreePanel::onCurrentChanged(const QModelIndex &current)
{
    const QUuid id = m_model->idAt(m_proxy->mapToSource(current.siblingAtColumn(0)));
    if (id == m_currentId)
        return;
    m_currentId = id;
    Q_EMIT currentProfileChanged(id);
}

void ProfileTreePanel::restoreSelection()
{
    m_view->expandAll();
    const QUuid wanted = m_currentId;
    const QModelIndex index = m_proxy->mapFromSource(m_model->indexOf(wanted));
    if (index.isValid()) {
        m_view->setCurrentIndex(index);
        return;
    }
    // The profile is gone (deleted here or by another Signet).
    if (!wanted.isNull()) {
        m_currentId = QUuid();
        Q_EMIT currentProfileChanged(QUuid());
    }
}

void ProfileTreePanel::selectProfile(const QUuid &id)
{
    const QModelIndex index = m_proxy->mapFromSource(m_model->indexOf(id));
    if (!index.isValid()) {
        if (!m_filter->text().isEmpty()) {
            m_filter->clear(); // a hidden profile the user asked for: show everything again
            return selectProfile(id);
        }
        return;
    }
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
}

void ProfileTreePanel::selectFirstProfile()
{
    if (const QModelIndex first = firstProfile(); first.isValid())
        m_view->setCurrentIndex(first);
}

void ProfileTreePanel::clearCurrent()
{
    m_view->selectionModel()->clearCurrentIndex();
    m_view->clearSelection();
}

void ProfileTreePanel::focusFilter()
{
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
}

void ProfileTreePanel::renameCurrent()
{
    const QModelIndex index = m_view->currentIndex().siblingAtColumn(0);
    if (index.isValid() && (index.flags() & Qt::ItemIsEditable))
        m_view->edit(index);
}

QModelIndex ProfileTreePanel::firstProfile(const QModelIndex &parent) const
{
    for (int row = 0; row < m_proxy->rowCount(parent); ++row) {
        const QModelIndex index = m_proxy->index(row, 0, parent);
        if (!index.data(ProfileTreeModel::IsFolderRole).toBool())
            return index;
        if (const QModelIndex child = firstProfile(index); child.isValid())
            return child;
    }
    return {};
}

int ProfileTreePanel::visibleProfileCount() const
{
    int count = 0;
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const QModelIndex index = m_proxy->index(row, 0);
        count += index.data(ProfileTreeModel::IsFolderRole).toBool() ? m_proxy->rowCount(index) : 1;
    }
    return count;
}

void ProfileTreePanel::onFilterEdited(const QString &text)
{
    m_proxy->setFilterText(text);
    m_view->expandAll();
    // Keep the selection on a visible profile, so Enter in the filter box signs the first match.
    if (!m_proxy->mapFromSource(m_model->indexOf(m_currentId)).isValid()) {
        const QModelIndex first = firstProfile();
        if (first.isValid())
            m_view->setCurrentIndex(first);
    } else {
        m_view->scrollTo(m_view->currentIndex());
    }
}

bool ProfileTreePanel::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    const auto *key = static_cast<QKeyEvent *>(event);
    if (watched == m_filter) {
        switch (key->key()) {
        case Qt::Key_Down:
            m_view->setFocus(Qt::OtherFocusReason);
            return true;
        case Qt::Key_Return:
        case Qt::Key_Enter:
            if (!m_currentId.isNull())
                Q_EMIT profileActivated(m_currentId);
            return true;
        case Qt::Key_Escape:
            m_filter->clear();
            return true;
        default:
            break;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace signet::ui
