// SPDX-License-Identifier: GPL-3.0-or-later
// ProxyService: starting and stopping listeners, and the per-connection view of them.
#include "proxy/ProxyService.h"

#include "proxy/ProxyConnectionStrings.h"
#include "proxy/ProxyHeap.h"
#include "proxy/ProxyLog.h"
#include "proxy/ProxySession.h"

#include <QSslCertificate>

#include <algorithm>

namespace signet::proxy {

namespace {

ProxyConnectionInfo describe(const ProxySession &session)
{
    ProxyConnectionInfo info;
    info.id = session.id();
    info.client = session.clientName();
    info.user = session.user();
    info.since = session.since();
    info.bytesFromClient = session.bytesFromClient();
    info.bytesToClient = session.bytesToClient();
    switch (session.state()) {
    case ProxySession::State::Login:
        info.state = ProxyConnectionInfo::State::LoggingIn;
        break;
    case ProxySession::State::Relaying:
        info.state = ProxyConnectionInfo::State::Relaying;
        break;
    case ProxySession::State::Closing:
        info.state = ProxyConnectionInfo::State::Closing;
        break;
    }
    return info;
}

} // namespace

ProxyService::ProxyService(ProxyLog &log, QObject *parent)
    : QObject(parent)
    , m_log(log)
{
    // Once connections stop ending for a moment, what they freed goes back to the system (glibc
    // would keep it for the next ones).
    m_releaseFreed.setSingleShot(true);
    m_releaseFreed.setInterval(1000);
    connect(&m_releaseFreed, &QTimer::timeout, this, [] { ProxyHeap::releaseFreed(); });
}

ProxyService::~ProxyService()
{
    stopAll();
}

quint16 ProxyService::suggestPort(const QHostAddress &address, Engine engine)
{
    return ProxyListener::choosePort(address, engine, 0);
}

Result<ProxyListener *> ProxyService::start(ProxyServeSpec spec)
{
    if (ProxyListener *running = listener(spec.key))
        return makeError(QStringLiteral("proxy.already-serving"),
                         QStringLiteral("%1 is already served on %2:%3")
                             .arg(spec.name, running->address().toString())
                             .arg(running->port()),
                         QStringLiteral("Stop it first to serve it on another port."));
    const QList<QSslCertificate> cas = QSslCertificate::fromPath(spec.target.caFile, QSsl::Pem);
    if (cas.isEmpty())
        return makeError(QStringLiteral("proxy.no-ca"),
                         QStringLiteral("no CA certificate could be read from %1").arg(spec.target.caFile),
                         QStringLiteral("Update the CA bundles or set the profile's CA."));
    auto served = std::make_unique<Served>();
    served->key = spec.key;
    served->name = spec.name;
    served->target = spec.target;
    served->hold = std::move(spec.hold);
    served->tokens =
        std::make_unique<ProxyTokenCache>([base = spec.target, signer = spec.signer](const QString &user) {
            db::DbTarget forUser = base;
            forUser.user = user;
            return signer.sign(forUser);
        });
    ProxyContext context;
    context.profile = spec.name;
    context.frontEnd = spec.frontEnd;
    context.target = spec.target;
    context.caCertificates = cas;
    context.tokens = served->tokens.get();
    context.log = &m_log;
    served->listener = std::make_unique<ProxyListener>(context, spec.options);
    if (const Status listening = served->listener->listen(); !listening)
        return listening.error();
    watch(*served);
    ProxyListener *listener = served->listener.get();
    m_served.push_back(std::move(served));
    Q_EMIT listenerStarted(spec.key);
    return listener;
}

void ProxyService::watch(Served &served)
{
    const QString key = served.key;
    connect(served.listener.get(), &ProxyListener::sessionStarted, this, [this, key](ProxySession *session) {
        connect(session, &ProxySession::failed, this, [this, key, session](const Error &error) {
            Served *owner = find(key);
            if (!owner)
                return;
            ProxyConnectionInfo info = describe(*session);
            info.state = ProxyConnectionInfo::State::Failed;
            info.problem = error.toString(owner->listener->context().frontEnd);
            owner->problems.prepend(info);
            while (owner->problems.size() > KeptProblems)
                owner->problems.removeLast();
            Q_EMIT connectionsChanged(key);
        });
        Q_EMIT connectionsChanged(key);
    });
    connect(served.listener.get(), &ProxyListener::sessionFinished, this, [this, key] {
        m_releaseFreed.start();
        Q_EMIT connectionsChanged(key);
    });
}

void ProxyService::stop(const QString &key)
{
    const auto it = std::find_if(m_served.begin(), m_served.end(),
                                 [&key](const auto &served) { return served->key == key; });
    if (it == m_served.end())
        return;
    std::unique_ptr<Served> served = std::move(*it);
    m_served.erase(it);
    served->listener->stopAccepting();
    served.reset();
    Q_EMIT listenerStopped(key);
}

void ProxyService::stopAll()
{
    while (!m_served.empty())
        stop(m_served.back()->key);
}

void ProxyService::stopAccepting()
{
    for (const auto &served : m_served)
        served->listener->stopAccepting();
}

ProxyService::Served *ProxyService::find(const QString &key)
{
    for (const auto &served : m_served) {
        if (served->key == key)
            return served.get();
    }
    return nullptr;
}

const ProxyService::Served *ProxyService::find(const QString &key) const
{
    return const_cast<ProxyService *>(this)->find(key);
}

ProxyListener *ProxyService::listener(const QString &key) const
{
    const Served *served = find(key);
    return served ? served->listener.get() : nullptr;
}

QList<ProxyListener *> ProxyService::listeners() const
{
    QList<ProxyListener *> all;
    for (const auto &served : m_served)
        all << served->listener.get();
    return all;
}

QStringList ProxyService::keys() const
{
    QStringList all;
    for (const auto &served : m_served)
        all << served->key;
    return all;
}

QString ProxyService::name(const QString &key) const
{
    const Served *served = find(key);
    return served ? served->name : QString();
}

const db::DbTarget *ProxyService::target(const QString &key) const
{
    const Served *served = find(key);
    return served ? &served->target : nullptr;
}

int ProxyService::openConnections() const
{
    int open = 0;
    for (const auto &served : m_served)
        open += served->listener->sessionCount();
    return open;
}

QList<ProxyConnectionInfo> ProxyService::connections(const QString &key) const
{
    const Served *served = find(key);
    if (!served)
        return {};
    QList<ProxySession *> live = served->listener->sessions();
    std::sort(live.begin(), live.end(), [](ProxySession *a, ProxySession *b) { return a->id() < b->id(); });
    QList<ProxyConnectionInfo> all;
    for (ProxySession *session : live) {
        // A failed session lingers while it closes: it shows once, as failed.
        if (std::any_of(served->problems.cbegin(), served->problems.cend(),
                        [session](const ProxyConnectionInfo &p) { return p.id == session->id(); }))
            continue;
        all << describe(*session);
    }
    all << served->problems;
    return all;
}

QString ProxyService::lastProblem(const QString &key) const
{
    const Served *served = find(key);
    return served && !served->problems.isEmpty() ? served->problems.first().problem : QString();
}

QStringList ProxyService::connectionStrings(const QString &key) const
{
    const Served *served = find(key);
    if (!served)
        return {};
    ProxyAddress where;
    where.engine = served->target.engine;
    where.address = served->listener->address();
    where.port = served->listener->port();
    where.unixSocketPath = served->listener->unixSocketPath();
    where.user = served->target.user;
    where.database = served->target.database;
    where.tlsCertificatePath = served->listener->localTlsCertificatePath();
    return proxyConnectionStrings(where);
}

} // namespace signet::proxy
