// SPDX-License-Identifier: GPL-3.0-or-later
// TunnelManager: the one owner of running tunnels; shares one per route, closes idle ones, restarts
// one that dies while in use.
#pragma once

#include "common/Result.h"
#include "endpoint/Endpoint.h"
#include "tunnel/SshTunnel.h"
#include "tunnel/SsmTunnel.h"
#include "tunnel/Tunnel.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

namespace signet::tunnel {

struct TunnelManagerOptions final
{
    // A tunnel nobody uses is closed after this long.
    int idleCloseMs = 120'000;
    // Restarts in a row (without an open in between) before a dead tunnel is given up.
    int maxRestarts = 3;
    int restartDelayMs = 300;
    // Makes the tunnel for a spec (the local port may be fixed: a restart keeps the address its
    // users hold); unset: an SsmTunnel with `ssm` for an SSM spec, else an SshTunnel with `ssh`.
    std::function<Tunnel *(const TunnelSpec &spec, QObject *parent)> factory;
    SshTunnelOptions ssh;
    SsmTunnelOptions ssm;
};

// One tunnel as a view lists it.
struct TunnelInfo final
{
    QString key;
    QString title; // "SSH tunnel to bastion.example.com", "SSM session to i-0123… (eu-west-1)"
    QString remote; // the database it reaches, as the bastion or agent sees it: "db.….rds.amazonaws.com:5432"
    int localPort = 0; // 0 until it first opened
    bool open = false;
    bool restarting = false;
    int users = 0;
    int restarts = 0;
    qint64 idleClosesInMs = -1; // unused: how long until it closes; -1 while in use
    qint64 upForMs = -1;        // since it last opened; -1 when not open
};

class TunnelManager final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TunnelManager)

public:
    using Done = std::function<void(Result<HostPort>)>;

    explicit TunnelManager(TunnelManagerOptions options = {}, QObject *parent = nullptr);
    ~TunnelManager() override;

    // Counts one more user of the spec's tunnel and calls `done` once (on this thread) with its local
    // address when it is open, or why it could not open. Each successful acquire needs one release().
    void acquire(const TunnelSpec &spec, Done done);
    void release(const TunnelSpec &spec);
    // Releases only while the spec's tunnel is still the one that was acquired (its generation): a
    // hold on a tunnel that was given up and replaced must not take a hold of the new one's users.
    void release(const TunnelSpec &spec, quint64 generation);
    // The running tunnel's generation for the spec (each new tunnel gets a new one); 0 when none.
    quint64 generation(const TunnelSpec &spec) const;
    // Closes every tunnel now (quit).
    void closeAll();
    // closeAll(), then waits (a local event loop, for the CLI and quit) up to `timeoutMs` for the
    // SSM sessions to be terminated on the service side.
    void closeAllAndWait(int timeoutMs = 5000);

    int tunnelCount() const { return int(m_entries.size()); }
    // Every tunnel, sorted by title, with its state now (changed() says when to ask again).
    QList<TunnelInfo> tunnels() const;
    int userCount(const TunnelSpec &spec) const;
    // The running tunnel for a spec (tests kill its process); nullptr when none.
    Tunnel *tunnel(const TunnelSpec &spec) const;

Q_SIGNALS:
    void tunnelOpened(const QString &key, int localPort, qint64 elapsedMs);
    void tunnelFailed(const QString &key, const signet::Error &error);
    void tunnelDied(const QString &key, const signet::Error &error);
    void tunnelRestarted(const QString &key, int localPort);
    void tunnelClosed(const QString &key);
    // A tunnel appeared, went, opened, died, or its users changed.
    void changed();

private:
    struct Entry
    {
        TunnelSpec spec;
        quint64 generation = 0;
        Tunnel *tunnel = nullptr;
        int users = 0;
        bool open = false;
        bool restarting = false;
        int restarts = 0;
        // Since the tunnel last opened: restarts count again from zero only after it stayed up.
        QElapsedTimer openedAt;
        QList<Done> waiting;
        std::unique_ptr<QTimer> idle;
    };

    void startTunnel(Entry &entry);
    void onOpened(const QString &key, qint64 elapsedMs);
    void onFailed(const QString &key, const Error &error);
    void onDied(const QString &key, const Error &error);
    void remove(const QString &key);

    TunnelManagerOptions m_options;
    QHash<QString, std::shared_ptr<Entry>> m_entries;
    quint64 m_nextGeneration = 1;
};

} // namespace signet::tunnel
