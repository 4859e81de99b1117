// SPDX-License-Identifier: GPL-3.0-or-later
// LocalProxies: the profiles the window serves on local ports ("Serve locally"), over core's
// ProxyService — which profiles were served this session, on which port, and how starting fared.
#pragma once

#include "common/Result.h"
#include "endpoint/Engine.h"
#include "profiles/ConnectionProfile.h"
#include "proxy/ProxyLog.h"
#include "proxy/ProxyService.h"

#include <QHash>
#include <QObject>
#include <QUuid>

#include <functional>
#include <optional>

namespace signet::profiles {
class ProfileService;
class ProfileStore;
} // namespace signet::profiles
namespace signet::tunnel {
class TunnelManager;
}

namespace signet::ui {

class LocalProxies final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LocalProxies)

public:
    enum class State
    {
        Starting, // credentials, signer and route being prepared
        Listening,
        Stopped,
        Failed, // could not start: `problem` says why
    };

    // One profile served (or tried) this session; kept after it stops so it can be started again.
    struct Entry
    {
        QUuid id;
        QString name;
        Engine engine = Engine::Postgres;
        quint16 port = 0; // the port it listens on, or the one asked for
        State state = State::Stopped;
        QString problem; // why starting failed, in plain words
    };

    // How the window's listeners listen besides 127.0.0.1:port; remembered for the next start.
    struct ServeOptions
    {
        bool unixSocket = false; // also a socket file in unixSocketDirectory() (0600 in a 0700 directory)
        bool localTls = false;   // TLS for clients that ask, with the certificate Signet keeps for localhost
        bool operator==(const ServeOptions &) const = default;
    };

    using Done = std::function<void(Result<proxy::ProxyListener *>)>;

    LocalProxies(profiles::ProfileService &profiles, tunnel::TunnelManager &tunnels,
                 QObject *parent = nullptr);
    ~LocalProxies() override;

    // Serves the profile on 127.0.0.1:port: its signer and route (an SSH tunnel opened first), then
    // the listener. `done` runs once on the GUI thread (not when stopped before it was ready).
    void start(const profiles::ConnectionProfile &profile, quint16 port, Done done = {});
    // Starts a stopped or failed entry again on its port, with the profile as saved now.
    void restart(const QUuid &id, const std::optional<profiles::ConnectionProfile> &profile, Done done = {});
    // A profile removed from the store stops being served (its entry goes too).
    void followStore(const profiles::ProfileStore &store);
    // Closes its listener and every connection through it.
    void stop(const QUuid &id);
    void stopAll();
    // stop() after asking, when connections would be cut; false when the user kept it running.
    bool stopAsking(QWidget *parent, const QUuid &id);

    proxy::ProxyService &service() { return m_service; }
    const proxy::ProxyService &service() const { return m_service; }
    QList<Entry> entries() const { return m_entries; }
    std::optional<Entry> entry(const QUuid &id) const;
    bool isListening(const QUuid &id) const;
    proxy::ProxyListener *listener(const QUuid &id) const;
    // The port to offer for a profile not being served: its last one, else the engine's default if
    // free, else the next free one.
    quint16 portFor(const profiles::ConnectionProfile &profile) const;
    int openConnections() const { return m_service.openConnections(); }
    static QString key(const QUuid &id) { return id.toString(QUuid::WithoutBraces); }
    static QString stateText(State state);
    ServeOptions serveOptions() const { return m_options; }
    // Applies to listeners started from now on (running ones keep theirs); saved in the settings.
    void setServeOptions(const ServeOptions &options);
    // Where the window's Unix sockets go: $XDG_RUNTIME_DIR/signet-proxy (the socket's name carries
    // the engine and port: .s.PGSQL.5432, mysql.3306.sock).
    static QString unixSocketDirectory();
    // Where a running listener listens, for the status line and the panel: "127.0.0.1:5432", or
    // "127.0.0.1:5432 and /run/user/1000/signet-proxy/.s.PGSQL.5432".
    static QString addressText(const proxy::ProxyListener &listener);

Q_SIGNALS:
    // An entry appeared or its state, port or problem changed.
    void entryChanged(const QUuid &id);
    void serveOptionsChanged();
    void connectionsChanged(const QUuid &id);

private:
    Entry &entryFor(const profiles::ConnectionProfile &profile);
    Entry *find(const QUuid &id);
    void finish(const QUuid &id, quint64 attempt, Result<proxy::ProxyListener *> result, const Done &done);

    profiles::ProfileService &m_profiles;
    tunnel::TunnelManager &m_tunnels;
    proxy::NullProxyLog m_log;
    proxy::ProxyService m_service;
    QList<Entry> m_entries;
    ServeOptions m_options;
    // A start answers only if no stop or newer start came in between.
    QHash<QUuid, quint64> m_attempts;
    quint64 m_nextAttempt = 1;
};

} // namespace signet::ui
