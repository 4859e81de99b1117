// SPDX-License-Identifier: GPL-3.0-or-later
// ProxyListModel: the Local proxy panel's tree — one row per served profile, its live connections
// (and its last failed ones) beneath; refreshed live from LocalProxies and core's ProxyService.
#pragma once

#include "proxy/LocalProxies.h"
#include "proxy/ProxyService.h"

#include <QAbstractItemModel>
#include <QTimer>

namespace signet::ui {

class ProxyListModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProxyListModel)

public:
    enum Column
    {
        NameColumn,    // the profile, or the client's address and port
        AddressColumn, // where it listens, or the database user a connection logs in as
        StateColumn,
        SinceColumn,
        FromClientColumn,
        ToClientColumn,
        ProblemColumn,
        ColumnCount,
    };

    explicit ProxyListModel(LocalProxies &proxies, QObject *parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The served profile a row belongs to (its own row or one of its connections).
    QUuid profileAt(const QModelIndex &index) const;
    QModelIndex indexOf(const QUuid &profile) const;
    // Re-reads every listener and connection (the panel's timer does so every second).
    void refresh();
    static QString bytesText(quint64 bytes);

private:
    struct Row
    {
        LocalProxies::Entry entry;
        QList<proxy::ProxyConnectionInfo> connections;
    };
    QVariant entryData(const Row &row, int column, int role) const;
    QVariant connectionData(const proxy::ProxyConnectionInfo &info, int column, int role) const;

    LocalProxies &m_proxies;
    QList<Row> m_rows;
    QTimer m_timer;
};

} // namespace signet::ui
