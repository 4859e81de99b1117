// SPDX-License-Identifier: GPL-3.0-or-later
// LocalProxies: a profile's signer and route gathered without blocking, then core's listener.
#include "proxy/LocalProxies.h"

#include "common/Ask.h"
#include "common/SettingsKeys.h"
#include "profiles/ProfileRoutes.h"
#include "profiles/ProfileService.h"
#include "profiles/ProfileStore.h"
#include "tunnel/TunnelManager.h"

#include <QDir>
#include <QPointer>
#include <QSettings>
#include <QStandardPaths>

namespace signet::ui {

using profiles::ConnectionProfile;

LocalProxies::LocalProxies(profiles::ProfileService &profiles, tunnel::TunnelManager &tunnels,
                           QObject *parent)
    : QObject(parent)
    , m_profiles(profiles)
    , m_tunnels(tunnels)
    , m_service(m_log)
{
    connect(&m_service, &proxy::ProxyService::connectionsChanged, this,
            [this](const QString &key) { Q_EMIT connectionsChanged(QUuid(key)); });
    const QSettings settings;
    m_options.unixSocket = settings.value(config::key(config::kProxyUnixSocket), false).toBool();
    m_options.localTls = settings.value(config::key(config::kProxyLocalTls), false).toBool();
}

void LocalProxies::setServeOptions(const ServeOptions &options)
{
    if (options == m_options)
        return;
    m_options = options;
    QSettings settings;
    settings.setValue(config::key(config::kProxyUnixSocket), options.unixSocket);
    settings.setValue(config::key(config::kProxyLocalTls), options.localTls);
    Q_EMIT serveOptionsChanged();
}

QString LocalProxies::addressText(const proxy::ProxyListener &listener)
{
    const QString tcp = QStringLiteral("%1:%2").arg(listener.address().toString()).arg(listener.port());
    return listener.unixSocketPath().isEmpty() ? tcp : tr("%1 and %2").arg(tcp, listener.unixSocketPath());
}

QString LocalProxies::unixSocketDirectory()
{
    // $XDG_RUNTIME_DIR is the user's own (0700, on tmpfs, emptied at logout); Qt falls back to a
    // private directory under /tmp when it is not set.
    return QDir(QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation))
        .filePath(QStringLiteral("signet-proxy"));
}

LocalProxies::~LocalProxies()
{
    m_attempts.clear();
    m_service.stopAll();
}

QString LocalProxies::stateText(State state)
{
    switch (state) {
    case State::Starting:
        return tr("starting…");
    case State::Listening:
        return tr("listening");
    case State::Stopped:
        return tr("stopped");
    case State::Failed:
        return tr("not started");
    }
    return {};
}

LocalProxies::Entry *LocalProxies::find(const QUuid &id)
{
    for (Entry &entry : m_entries) {
        if (entry.id == id)
            return &entry;
    }
    return nullptr;
}

std::optional<LocalProxies::Entry> LocalProxies::entry(const QUuid &id) const
{
    for (const Entry &entry : m_entries) {
        if (entry.id == id)
            return entry;
    }
    return std::nullopt;
}

LocalProxies::Entry &LocalProxies::entryFor(const ConnectionProfile &profile)
{
    if (Entry *known = find(profile.id)) {
        known->name = profile.name;
        known->engine = profile.engine;
        return *known;
    }
    m_entries.append(Entry{profile.id, profile.name, profile.engine, 0, State::Stopped, {}});
    return m_entries.last();
}

bool LocalProxies::isListening(const QUuid &id) const
{
    return m_service.listener(key(id)) != nullptr;
}

proxy::ProxyListener *LocalProxies::listener(const QUuid &id) const
{
    return m_service.listener(key(id));
}

quint16 LocalProxies::portFor(const ConnectionProfile &profile) const
{
    if (const auto known = entry(profile.id); known && known->port != 0)
        return known->port;
    const quint16 free = proxy::ProxyService::suggestPort(QHostAddress::LocalHost, profile.engine);
    return free ? free : quint16(isPostgresFamily(profile.engine) ? 5432 : 3306);
}

void LocalProxies::start(const ConnectionProfile &profile, quint16 port, Done done)
{
    if (isListening(profile.id) || m_attempts.contains(profile.id))
        return; // already served, or on its way
    Entry &entry = entryFor(profile);
    entry.port = port;
    entry.state = State::Starting;
    entry.problem.clear();
    const quint64 attempt = m_nextAttempt++;
    m_attempts.insert(profile.id, attempt);
    Q_EMIT entryChanged(profile.id);

    QPointer<LocalProxies> self(this);
    const ServeOptions options = m_options; // as chosen when Serve was pressed
    m_profiles.tokenSigner(profile).then(this, [self, profile, port, attempt, options,
                                                done](Result<db::DbTokenSigner> signer) {
        if (!self || self->m_attempts.value(profile.id) != attempt)
            return;
        if (!signer)
            return self->finish(profile.id, attempt, signer.error(), done);
        // Behind a bastion the listener's sessions connect to the tunnel's local end; the token and
        // TLS keep the endpoint's name. The listener holds the tunnel while it runs.
        profiles::ProfileRoutes(self->m_tunnels, &self->m_profiles)
            .acquire(profile, [self, profile, port, attempt, options, done,
                               signer = std::move(signer).value()](Result<profiles::RoutedProfile> routed) {
                if (!self || self->m_attempts.value(profile.id) != attempt)
                    return;
                if (!routed)
                    return self->finish(profile.id, attempt, routed.error(), done);
                auto target = self->m_profiles.dbTarget(routed->profile);
                if (!target)
                    return self->finish(profile.id, attempt, target.error(), done);
                proxy::ProxyServeSpec spec;
                spec.key = key(profile.id);
                spec.name = profile.name;
                spec.target = std::move(target).value();
                spec.signer = signer;
                spec.options.address = QHostAddress::LocalHost;
                spec.options.port = port;
                if (options.unixSocket)
                    spec.options.unixSocketDir = unixSocketDirectory();
                spec.options.localTls = options.localTls;
                spec.hold = routed->lease;
                spec.frontEnd = FrontEnd::Gui;
                self->finish(profile.id, attempt, self->m_service.start(std::move(spec)), done);
            });
    });
}

void LocalProxies::finish(const QUuid &id, quint64 attempt, Result<proxy::ProxyListener *> result,
                          const Done &done)
{
    if (m_attempts.value(id) != attempt)
        return;
    m_attempts.remove(id);
    if (Entry *entry = find(id)) {
        if (result) {
            entry->state = State::Listening;
            entry->port = (*result)->port();
        } else {
            entry->state = State::Failed;
            entry->problem = result.error().toString();
        }
        Q_EMIT entryChanged(id);
    }
    if (done)
        done(std::move(result));
}

void LocalProxies::restart(const QUuid &id, const std::optional<ConnectionProfile> &profile, Done done)
{
    const auto known = entry(id);
    if (!known)
        return;
    if (!profile) {
        Entry *stale = find(id);
        stale->state = State::Failed;
        stale->problem = tr("the profile \"%1\" no longer exists").arg(known->name);
        Q_EMIT entryChanged(id);
        if (done)
            done(makeError(QStringLiteral("profiles.not-found"), stale->problem));
        return;
    }
    start(*profile, known->port, std::move(done));
}

void LocalProxies::stop(const QUuid &id)
{
    m_attempts.remove(id);
    m_service.stop(key(id));
    if (Entry *entry = find(id)) {
        if (entry->state != State::Failed)
            entry->state = State::Stopped;
        Q_EMIT entryChanged(id);
    }
}

void LocalProxies::followStore(const profiles::ProfileStore &store)
{
    connect(&store, &profiles::ProfileStore::aboutToRemove, this, [this](const QUuid &id) {
        if (!find(id))
            return;
        stop(id);
        m_entries.removeIf([&id](const Entry &entry) { return entry.id == id; });
        Q_EMIT entryChanged(id);
    });
}

void LocalProxies::stopAll()
{
    for (const Entry &entry : std::as_const(m_entries))
        stop(entry.id);
}

bool LocalProxies::stopAsking(QWidget *parent, const QUuid &id)
{
    const proxy::ProxyListener *running = listener(id);
    const int open = running ? running->sessionCount() : 0;
    if (open > 0) {
        Ask::Question question;
        question.title = tr("Stop serving?");
        question.text = tr("Stop serving \"%1\" on port %2?").arg(entry(id)->name).arg(running->port());
        question.details = open == 1 ? tr("1 client connection through it will be closed.")
                                     : tr("%1 client connections through it will be closed.").arg(open);
        question.answers = {Ask::Answer::Proceed, Ask::Answer::Cancel};
        question.defaultAnswer = Ask::Answer::Cancel;
        question.label = [](Ask::Answer answer) {
            return answer == Ask::Answer::Proceed ? tr("Stop and close them") : QString();
        };
        if (Ask::question(parent, question) != Ask::Answer::Proceed)
            return false;
    }
    stop(id);
    return true;
}

} // namespace signet::ui
