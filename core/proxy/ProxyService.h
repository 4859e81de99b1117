// SPDX-License-Identifier: GPL-3.0-or-later
// ProxyService: the local proxy listeners of one process — `signet proxy`'s and the desktop's "Serve
// locally" — each with its token cache and what it keeps open, and what their connections are doing.
#pragma once

#include "common/Result.h"
#include "db/DbTokenSigner.h"
#include "proxy/ProxyListener.h"
#include "proxy/ProxyTokenCache.h"

#include <QDateTime>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <memory>
#include <vector>

namespace signet::proxy {

class ProxyLog;

// What serving one profile takes: the target already routed (a tunnel's local end as its via), the
// signer its tokens come from and where to listen.
struct ProxyServeSpec final
{
    QString key;  // names the listener for its owner: a profile's id (GUI) or name (CLI)
    QString name; // the profile's name, in logs, metrics and views
    db::DbTarget target;
    db::DbTokenSigner signer;
    ListenerOptions options;
    std::shared_ptr<void> hold;        // kept while the listener runs (the lease of its SSH tunnel)
    FrontEnd frontEnd = FrontEnd::Cli; // whose words the errors' fixes use (ProxyContext::frontEnd)
};

// One client connection as a view shows it: live ones, then the last ones that failed.
struct ProxyConnectionInfo final
{
    enum class State
    {
        LoggingIn,
        Relaying,
        Closing,
        Failed, // ended with `problem`
    };

    quint64 id = 0;
    QString client; // "127.0.0.1:50412" or "unix socket, uid 1000"
    QString user;   // the database user the token is for (empty until the client named one)
    QDateTime since;
    State state = State::LoggingIn;
    quint64 bytesFromClient = 0;
    quint64 bytesToClient = 0;
    QString problem; // what failed and what to do, in plain words; never a secret
};

class ProxyService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProxyService)

public:
    // How many failed connections each listener remembers for its view.
    static constexpr int KeptProblems = 20;

    explicit ProxyService(ProxyLog &log, QObject *parent = nullptr);
    ~ProxyService() override;

    // Reads the target's CA, builds the token cache and the listener and binds it; a key already
    // served, an unreadable CA or a taken port is an error naming what to do.
    Result<ProxyListener *> start(ProxyServeSpec spec);
    // Closes the listener and every connection it serves.
    void stop(const QString &key);
    void stopAll();
    // Every listener stops accepting; open connections go on (a graceful shutdown).
    void stopAccepting();

    ProxyListener *listener(const QString &key) const;
    QList<ProxyListener *> listeners() const;
    QStringList keys() const;
    QString name(const QString &key) const;
    const db::DbTarget *target(const QString &key) const;
    // Open client connections over every listener.
    int openConnections() const;
    // The listener's live connections (oldest first), then its last failures (newest first).
    QList<ProxyConnectionInfo> connections(const QString &key) const;
    // The listener's latest failure in plain words, empty when none.
    QString lastProblem(const QString &key) const;

    // Ready-to-paste client commands and URLs for a running listener (no password).
    QStringList connectionStrings(const QString &key) const;
    // The engine's default port when free on `address`, else the next free one (0: none near it).
    static quint16 suggestPort(const QHostAddress &address, Engine engine);

Q_SIGNALS:
    void listenerStarted(const QString &key);
    void listenerStopped(const QString &key);
    // A connection opened, failed or ended (bytes change without a signal: views poll them).
    void connectionsChanged(const QString &key);

private:
    struct Served
    {
        QString key;
        QString name;
        db::DbTarget target;
        std::shared_ptr<void> hold; // released last: the listener and its sessions go first
        std::unique_ptr<ProxyTokenCache> tokens;
        std::unique_ptr<ProxyListener> listener;
        QList<ProxyConnectionInfo> problems; // newest first
    };

    Served *find(const QString &key);
    const Served *find(const QString &key) const;
    void watch(Served &served);

    ProxyLog &m_log;
    std::vector<std::unique_ptr<Served>> m_served;
    QTimer m_releaseFreed;
};

} // namespace signet::proxy
