// SPDX-License-Identifier: GPL-3.0-or-later
// ProxyListModel: rows that change in place, so selection and expansion survive the refresh.
#include "proxy/ProxyListModel.h"

#include <QLocale>

namespace signet::ui {

using proxy::ProxyConnectionInfo;

namespace {

// Top-level rows have internal id 0; a connection row carries its listener's row + 1.
constexpr quintptr kTopLevel = 0;

QList<quint64> idsOf(const QList<ProxyConnectionInfo> &connections)
{
    QList<quint64> ids;
    for (const ProxyConnectionInfo &info : connections)
        ids << (info.state == ProxyConnectionInfo::State::Failed ? ~info.id : info.id);
    return ids;
}

} // namespace

ProxyListModel::ProxyListModel(LocalProxies &proxies, QObject *parent)
    : QAbstractItemModel(parent)
    , m_proxies(proxies)
{
    connect(&m_proxies, &LocalProxies::entryChanged, this, &ProxyListModel::refresh);
    connect(&m_proxies, &LocalProxies::connectionsChanged, this, &ProxyListModel::refresh);
    // Bytes and states move without a signal: a view that is read live is re-read every second.
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &ProxyListModel::refresh);
    m_timer.start();
    refresh();
}

QString ProxyListModel::bytesText(quint64 bytes)
{
    return QLocale().formattedDataSize(qint64(bytes), 1, QLocale::DataSizeTraditionalFormat);
}

void ProxyListModel::refresh()
{
    const QList<LocalProxies::Entry> entries = m_proxies.entries();
    bool sameEntries = entries.size() == m_rows.size();
    for (qsizetype i = 0; sameEntries && i < entries.size(); ++i)
        sameEntries = entries[i].id == m_rows[i].entry.id;
    if (!sameEntries) {
        beginResetModel();
        m_rows.clear();
        for (const LocalProxies::Entry &entry : entries)
            m_rows.append(Row{entry, m_proxies.service().connections(LocalProxies::key(entry.id))});
        endResetModel();
        return;
    }
    for (qsizetype i = 0; i < entries.size(); ++i) {
        Row &row = m_rows[i];
        row.entry = entries[i];
        const QModelIndex parent = index(int(i), 0);
        QList<ProxyConnectionInfo> now = m_proxies.service().connections(LocalProxies::key(row.entry.id));
        if (idsOf(now) == idsOf(row.connections)) {
            row.connections = now;
            if (!now.isEmpty())
                Q_EMIT dataChanged(index(0, 0, parent), index(int(now.size()) - 1, ColumnCount - 1, parent));
        } else {
            if (!row.connections.isEmpty()) {
                beginRemoveRows(parent, 0, int(row.connections.size()) - 1);
                row.connections.clear();
                endRemoveRows();
            }
            if (!now.isEmpty()) {
                beginInsertRows(parent, 0, int(now.size()) - 1);
                row.connections = now;
                endInsertRows();
            }
        }
        Q_EMIT dataChanged(index(int(i), 0), index(int(i), ColumnCount - 1));
    }
}

QModelIndex ProxyListModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    if (!parent.isValid())
        return row < m_rows.size() ? createIndex(row, column, kTopLevel) : QModelIndex();
    if (parent.internalId() != kTopLevel || parent.row() >= m_rows.size())
        return {};
    if (row >= m_rows[parent.row()].connections.size())
        return {};
    return createIndex(row, column, quintptr(parent.row()) + 1);
}

QModelIndex ProxyListModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == kTopLevel)
        return {};
    return createIndex(int(child.internalId() - 1), 0, kTopLevel);
}

int ProxyListModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_rows.size());
    if (parent.internalId() != kTopLevel || parent.column() != 0 || parent.row() >= m_rows.size())
        return 0;
    return int(m_rows[parent.row()].connections.size());
}

int ProxyListModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QUuid ProxyListModel::profileAt(const QModelIndex &index) const
{
    if (!index.isValid())
        return {};
    const int row = index.internalId() == kTopLevel ? index.row() : int(index.internalId() - 1);
    return row < m_rows.size() ? m_rows[row].entry.id : QUuid();
}

QModelIndex ProxyListModel::indexOf(const QUuid &profile) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].entry.id == profile)
            return index(int(i), 0);
    }
    return {};
}

QVariant ProxyListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    if (index.internalId() == kTopLevel)
        return entryData(m_rows[index.row()], index.column(), role);
    const Row &row = m_rows[int(index.internalId() - 1)];
    return connectionData(row.connections[index.row()], index.column(), role);
}

QVariant ProxyListModel::entryData(const Row &row, int column, int role) const
{
    const LocalProxies::Entry &entry = row.entry;
    const bool listening = entry.state == LocalProxies::State::Listening;
    const proxy::ProxyListener *listener = listening ? m_proxies.listener(entry.id) : nullptr;
    const QString problem = !entry.problem.isEmpty()
                                ? entry.problem
                                : m_proxies.service().lastProblem(LocalProxies::key(entry.id));
    if (role == Qt::ToolTipRole && column == ProblemColumn)
        return problem.isEmpty() ? QVariant() : problem;
    const QString socket = listener ? listener->unixSocketPath() : QString();
    if (role == Qt::ToolTipRole && column == AddressColumn && listener) {
        QStringList where{tr("TCP 127.0.0.1:%1").arg(entry.port)};
        if (!socket.isEmpty())
            where << tr("Unix socket %1").arg(socket);
        if (!listener->localTlsCertificatePath().isEmpty())
            where << tr("TLS offered; clients verify it with %1").arg(listener->localTlsCertificatePath());
        return where.join(u'\n');
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case NameColumn:
        return entry.name;
    case AddressColumn:
        return listener ? LocalProxies::addressText(*listener)
                        : QStringLiteral("127.0.0.1:%1").arg(entry.port);
    case StateColumn:
        if (listener) {
            const int open = listener->sessionCount();
            return open == 1 ? tr("listening, 1 connection") : tr("listening, %1 connections").arg(open);
        }
        return LocalProxies::stateText(entry.state);
    case FromClientColumn:
        return listener ? bytesText(listener->metrics().bytesFromClients) : QVariant();
    case ToClientColumn:
        return listener ? bytesText(listener->metrics().bytesToClients) : QVariant();
    case ProblemColumn:
        return problem;
    default:
        return {};
    }
}

QVariant ProxyListModel::connectionData(const ProxyConnectionInfo &info, int column, int role) const
{
    if (role == Qt::ToolTipRole && column == ProblemColumn)
        return info.problem.isEmpty() ? QVariant() : info.problem;
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case NameColumn:
        return info.client;
    case AddressColumn:
        return info.user.isEmpty() ? QVariant() : tr("as %1").arg(info.user);
    case StateColumn:
        switch (info.state) {
        case ProxyConnectionInfo::State::LoggingIn:
            return tr("logging in");
        case ProxyConnectionInfo::State::Relaying:
            return tr("relaying");
        case ProxyConnectionInfo::State::Closing:
            return tr("closing");
        case ProxyConnectionInfo::State::Failed:
            return tr("failed");
        }
        return {};
    case SinceColumn:
        return QLocale().toString(info.since.toLocalTime().time(), QLocale::ShortFormat);
    case FromClientColumn:
        return bytesText(info.bytesFromClient);
    case ToClientColumn:
        return bytesText(info.bytesToClient);
    case ProblemColumn:
        return info.problem;
    default:
        return {};
    }
}

QVariant ProxyListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Profile / client");
    case AddressColumn:
        return tr("Address / user");
    case StateColumn:
        return tr("State");
    case SinceColumn:
        return tr("Since");
    case FromClientColumn:
        return tr("From client");
    case ToClientColumn:
        return tr("To client");
    case ProblemColumn:
        return tr("Problem");
    default:
        return {};
    }
}

} // namespace signet::ui
