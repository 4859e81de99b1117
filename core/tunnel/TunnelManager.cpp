// SPDX-License-Identifier: GPL-3.0-or-later
// TunnelManager: reference counts per route, the idle timer, and restarts on the same local port.
#include "tunnel/TunnelManager.h"

#include <algorithm>

namespace signet::tunnel {

TunnelManager::TunnelManager(TunnelManagerOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    if (!m_options.factory) {
        const SshTunnelOptions ssh = m_options.ssh;
        const SsmTunnelOptions ssm = m_options.ssm;
        m_options.factory = [ssh, ssm](const TunnelSpec &spec, QObject *owner) -> Tunnel * {
            if (spec.isSsm())
                return new SsmTunnel(spec, ssm, owner);
            return new SshTunnel(spec, ssh, owner);
        };
    }
}

TunnelManager::~TunnelManager()
{
    closeAll();
}

void TunnelManager::acquire(const TunnelSpec &spec, Done done)
{
    const QString key = spec.key();
    auto found = m_entries.find(key);
    if (found == m_entries.end()) {
        auto entry = std::make_shared<Entry>();
        entry->spec = spec;
        entry->generation = m_nextGeneration++;
        entry->idle = std::make_unique<QTimer>();
        entry->idle->setSingleShot(true);
        connect(entry->idle.get(), &QTimer::timeout, this, [this, key]() {
            const auto it = m_entries.find(key);
            if (it == m_entries.end() || (*it)->users > 0)
                return;
            remove(key);
            Q_EMIT tunnelClosed(key);
        });
        found = m_entries.insert(key, entry);
        Entry &created = *entry;
        created.users = 1;
        created.waiting << std::move(done);
        startTunnel(created);
        Q_EMIT changed();
        return;
    }
    Entry &entry = **found;
    entry.idle->stop();
    ++entry.users;
    Q_EMIT changed();
    if (entry.open && !entry.restarting) {
        done(HostPort{QStringLiteral("127.0.0.1"), entry.tunnel->localPort()});
        return;
    }
    entry.waiting << std::move(done);
}

void TunnelManager::release(const TunnelSpec &spec)
{
    const auto found = m_entries.find(spec.key());
    if (found == m_entries.end())
        return;
    Entry &entry = **found;
    if (entry.users > 0 && --entry.users == 0)
        entry.idle->start(m_options.idleCloseMs);
    Q_EMIT changed();
}

void TunnelManager::release(const TunnelSpec &spec, quint64 generation)
{
    const auto found = m_entries.find(spec.key());
    if (found != m_entries.end() && (*found)->generation == generation)
        release(spec);
}

quint64 TunnelManager::generation(const TunnelSpec &spec) const
{
    const auto found = m_entries.find(spec.key());
    return found == m_entries.end() ? 0 : (*found)->generation;
}

void TunnelManager::closeAll()
{
    const QStringList keys = m_entries.keys();
    for (const QString &key : keys) {
        remove(key);
        Q_EMIT tunnelClosed(key);
    }
}

void TunnelManager::closeAllAndWait(int timeoutMs)
{
    closeAll();
    SsmTunnel::waitForTerminations(timeoutMs);
}

QList<TunnelInfo> TunnelManager::tunnels() const
{
    QList<TunnelInfo> list;
    for (const std::shared_ptr<Entry> &entry : m_entries) {
        TunnelInfo info;
        info.key = entry->spec.key();
        info.title = entry->spec.title();
        info.remote = entry->spec.remoteText();
        info.localPort = entry->tunnel && (entry->open || entry->restarting) ? entry->tunnel->localPort() : 0;
        info.open = entry->open;
        info.restarting = entry->restarting;
        info.users = entry->users;
        info.restarts = entry->restarts;
        info.idleClosesInMs =
            entry->users == 0 && entry->idle->isActive() ? entry->idle->remainingTime() : -1;
        info.upForMs = entry->open && entry->openedAt.isValid() ? entry->openedAt.elapsed() : -1;
        list.append(info);
    }
    std::sort(list.begin(), list.end(), [](const TunnelInfo &a, const TunnelInfo &b) {
        return a.title < b.title || (a.title == b.title && a.key < b.key);
    });
    return list;
}

int TunnelManager::userCount(const TunnelSpec &spec) const
{
    const auto found = m_entries.find(spec.key());
    return found == m_entries.end() ? 0 : (*found)->users;
}

Tunnel *TunnelManager::tunnel(const TunnelSpec &spec) const
{
    const auto found = m_entries.find(spec.key());
    return found == m_entries.end() ? nullptr : (*found)->tunnel;
}

void TunnelManager::startTunnel(Entry &entry)
{
    const QString key = entry.spec.key();
    TunnelSpec spec = entry.spec;
    // A restart keeps the local port its users already connect to.
    if (entry.tunnel) {
        spec.localPort = entry.tunnel->localPort();
        entry.tunnel->disconnect(this);
        entry.tunnel->stop();
        entry.tunnel->deleteLater();
    }
    entry.tunnel = m_options.factory(spec, this);
    connect(entry.tunnel, &Tunnel::opened, this, [this, key](qint64 ms) { onOpened(key, ms); });
    connect(entry.tunnel, &Tunnel::failed, this, [this, key](const Error &error) { onFailed(key, error); });
    connect(entry.tunnel, &Tunnel::died, this, [this, key](const Error &error) { onDied(key, error); });
    entry.tunnel->start();
}

void TunnelManager::onOpened(const QString &key, qint64 elapsedMs)
{
    const auto found = m_entries.find(key);
    if (found == m_entries.end())
        return;
    const std::shared_ptr<Entry> entry = *found;
    const bool restarted = entry->restarting;
    entry->open = true;
    entry->restarting = false;
    entry->openedAt.start();
    const int port = entry->tunnel->localPort();
    const QList<Done> waiting = std::exchange(entry->waiting, {});
    Q_EMIT tunnelOpened(key, port, elapsedMs);
    if (restarted)
        Q_EMIT tunnelRestarted(key, port);
    Q_EMIT changed();
    for (const Done &done : waiting)
        done(HostPort{QStringLiteral("127.0.0.1"), port});
}

void TunnelManager::onFailed(const QString &key, const Error &error)
{
    const auto found = m_entries.find(key);
    if (found == m_entries.end())
        return;
    const std::shared_ptr<Entry> entry = *found;
    if (entry->restarting && entry->users > 0 && ++entry->restarts < m_options.maxRestarts) {
        QTimer::singleShot(m_options.restartDelayMs * entry->restarts, this, [this, key]() {
            const auto it = m_entries.find(key);
            if (it != m_entries.end())
                startTunnel(**it);
        });
        Q_EMIT changed();
        return;
    }
    const QList<Done> waiting = std::exchange(entry->waiting, {});
    remove(key);
    Q_EMIT tunnelFailed(key, error);
    for (const Done &done : waiting)
        done(error);
}

void TunnelManager::onDied(const QString &key, const Error &error)
{
    const auto found = m_entries.find(key);
    if (found == m_entries.end())
        return;
    Entry &entry = **found;
    Q_EMIT tunnelDied(key, error);
    if (entry.users == 0) {
        remove(key);
        Q_EMIT tunnelClosed(key);
        return;
    }
    // A tunnel that keeps dying soon after it opens (a bastion that drops the session) is given up
    // after maxRestarts, not restarted forever; one that stayed up a while starts counting afresh.
    constexpr qint64 kStableMs = 30'000;
    if (entry.openedAt.isValid() && entry.openedAt.elapsed() >= kStableMs)
        entry.restarts = 0;
    if (entry.restarts >= m_options.maxRestarts) {
        const QList<Done> waiting = std::exchange(entry.waiting, {});
        remove(key);
        Q_EMIT tunnelFailed(key, error);
        for (const Done &done : waiting)
            done(error);
        return;
    }
    ++entry.restarts;
    entry.open = false;
    entry.restarting = true;
    startTunnel(entry);
    Q_EMIT changed();
}

void TunnelManager::remove(const QString &key)
{
    const std::shared_ptr<Entry> entry = m_entries.take(key);
    if (!entry)
        return;
    entry->idle->stop();
    if (entry->tunnel) {
        entry->tunnel->disconnect(this);
        entry->tunnel->stop();
        entry->tunnel->deleteLater();
        entry->tunnel = nullptr;
    }
    Q_EMIT changed();
}

} // namespace signet::tunnel
