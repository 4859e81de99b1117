// SPDX-License-Identifier: GPL-3.0-or-later
// ProxyPanel: a tree over ProxyListModel with the listener's actions above it.
#include "proxy/ProxyPanel.h"

#include "proxy/LocalProxies.h"
#include "proxy/ProxyListModel.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace signet::ui {

ProxyPanel::ProxyPanel(LocalProxies &proxies, ProfileLookup profileById, QWidget *parent)
    : QWidget(parent)
    , m_proxies(proxies)
    , m_profileById(std::move(profileById))
    , m_model(new ProxyListModel(proxies, this))
{
    setObjectName(QStringLiteral("proxyPanel"));
    m_start = new QPushButton(tr("Start"), this);
    m_start->setObjectName(QStringLiteral("proxyStartButton"));
    m_start->setToolTip(tr("Serve the selected profile again on its port"));
    m_stop = new QPushButton(tr("Stop"), this);
    m_stop->setObjectName(QStringLiteral("proxyStopButton"));
    m_stop->setToolTip(tr("Stop the selected listener; its client connections close"));
    m_copy = new QToolButton(this);
    m_copy->setObjectName(QStringLiteral("proxyCopyButton"));
    m_copy->setText(tr("Copy connection string"));
    m_copy->setToolTip(tr("A command or URL for psql, mariadb, mysql, JDBC or libpq, with no password"));
    m_copy->setPopupMode(QToolButton::InstantPopup);
    m_copy->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_copyMenu = new QMenu(m_copy);
    m_copy->setMenu(m_copyMenu);
    connect(m_copyMenu, &QMenu::aboutToShow, this, &ProxyPanel::fillCopyMenu);

    m_detail = new QLabel(this);
    m_detail->setObjectName(QStringLiteral("proxyDetail"));
    m_detail->setWordWrap(true);
    m_detail->setTextFormat(Qt::PlainText);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_view = new QTreeView(this);
    m_view->setObjectName(QStringLiteral("proxyView"));
    m_view->setModel(m_model);
    m_view->setUniformRowHeights(true);
    m_view->setAllColumnsShowFocus(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->header()->setStretchLastSection(true);
    m_view->header()->setSectionResizeMode(QHeaderView::ResizeToContents);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_copy);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(buttons);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_detail);

    // New connections show at once under their listener.
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &listenerRow) {
        if (listenerRow.isValid())
            m_view->expand(listenerRow);
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        m_view->expandAll();
        updateButtons();
    });
    connect(m_model, &QAbstractItemModel::dataChanged, this, &ProxyPanel::updateButtons);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, &ProxyPanel::updateButtons);
    connect(m_start, &QPushButton::clicked, this, [this] {
        const QUuid id = currentProfile();
        if (id.isNull())
            return;
        m_proxies.restart(id, m_profileById(id), [this, id](Result<proxy::ProxyListener *> listener) {
            const auto entry = m_proxies.entry(id);
            const QString name = entry ? entry->name : QString();
            Q_EMIT messageRaised(
                listener ? tr("Serving \"%1\" on 127.0.0.1:%2.").arg(name).arg((*listener)->port())
                         : tr("Cannot serve \"%1\": %2").arg(name, listener.error().toString()));
        });
    });
    connect(m_stop, &QPushButton::clicked, this, [this] {
        const QUuid id = currentProfile();
        if (!id.isNull() && m_proxies.stopAsking(this, id))
            Q_EMIT messageRaised(tr("Stopped serving \"%1\".").arg(m_proxies.entry(id)->name));
    });
    m_view->expandAll();
    updateButtons();
}

QUuid ProxyPanel::currentProfile() const
{
    const QUuid selected = m_model->profileAt(m_view->currentIndex());
    if (!selected.isNull())
        return selected;
    return m_model->rowCount() == 1 ? m_model->profileAt(m_model->index(0, 0)) : QUuid();
}

void ProxyPanel::selectProfile(const QUuid &id)
{
    const QModelIndex index = m_model->indexOf(id);
    if (index.isValid())
        m_view->setCurrentIndex(index);
}

void ProxyPanel::updateButtons()
{
    const QUuid id = currentProfile();
    const auto entry = id.isNull() ? std::nullopt : m_proxies.entry(id);
    const bool running = entry && (entry->state == LocalProxies::State::Listening ||
                                   entry->state == LocalProxies::State::Starting);
    m_start->setEnabled(entry && !running);
    m_stop->setEnabled(running);
    m_copy->setEnabled(entry && entry->state == LocalProxies::State::Listening);
    updateDetail();
}

void ProxyPanel::updateDetail()
{
    const QModelIndex current = m_view->currentIndex();
    const QString problem = current.isValid()
                                ? current.siblingAtColumn(ProxyListModel::ProblemColumn).data().toString()
                                : QString();
    if (problem.isEmpty()) {
        m_detail->setForegroundRole(QPalette::PlaceholderText);
        m_detail->setText(tr("Clients connect to these local ports with no password; Signet logs in with a "
                             "fresh IAM token over verified TLS."));
        return;
    }
    m_detail->setForegroundRole(QPalette::WindowText);
    const QString who = current.siblingAtColumn(ProxyListModel::NameColumn).data().toString();
    m_detail->setText(tr("%1: %2").arg(who, problem));
}

void ProxyPanel::fillCopyMenu()
{
    m_copyMenu->clear();
    const QUuid id = currentProfile();
    const QStringList lines = m_proxies.service().connectionStrings(LocalProxies::key(id));
    for (const QString &line : lines) {
        // A URL's '&' would be taken for a mnemonic.
        QAction *action = m_copyMenu->addAction(QString(line).replace(u'&', QStringLiteral("&&")));
        connect(action, &QAction::triggered, this, [this, line] {
            QGuiApplication::clipboard()->setText(line);
            Q_EMIT messageRaised(tr("Copied: %1").arg(line));
        });
    }
    if (lines.isEmpty())
        m_copyMenu->addAction(tr("Start the listener first"))->setEnabled(false);
}

} // namespace signet::ui
