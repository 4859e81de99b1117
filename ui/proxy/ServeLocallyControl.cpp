// SPDX-License-Identifier: GPL-3.0-or-later
// ServeLocallyControl: the actions-row control over LocalProxies for one profile.
#include "proxy/ServeLocallyControl.h"

#include "proxy/LocalProxies.h"
#include "proxy/ProxyListener.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>

namespace signet::ui {

ServeLocallyControl::ServeLocallyControl(LocalProxies &proxies, QWidget *parent)
    : QWidget(parent)
    , m_proxies(proxies)
{
    m_button = new QPushButton(QIcon::fromTheme(QStringLiteral("network-server")), tr("Serve locally"), this);
    m_button->setObjectName(QStringLiteral("serveLocallyButton"));
    m_onPort = new QLabel(tr("on port"), this);
    m_port = new QSpinBox(this);
    m_port->setObjectName(QStringLiteral("servePortBox"));
    m_port->setRange(1, 65535);
    m_port->setAccelerated(true);
    m_port->setToolTip(tr("The local port clients connect to (127.0.0.1)"));
    m_onPort->setBuddy(m_port);

    m_optionsMenu = new QMenu(this);
    m_optionsMenu->setObjectName(QStringLiteral("serveOptionsMenu"));
    m_unixSocket = m_optionsMenu->addAction(tr("Also listen on a &Unix socket"));
    m_unixSocket->setObjectName(QStringLiteral("serveUnixSocket"));
    m_unixSocket->setCheckable(true);
    m_unixSocket->setToolTip(tr("A socket file in %1 that only you can open; psql -h DIR, mariadb --socket")
                                 .arg(LocalProxies::unixSocketDirectory()));
    m_localTls = m_optionsMenu->addAction(tr("Offer &TLS to local clients"));
    m_localTls->setObjectName(QStringLiteral("serveLocalTls"));
    m_localTls->setCheckable(true);
    m_localTls->setToolTip(tr("Clients that ask for TLS get it, with a certificate Signet makes once for "
                              "localhost (the connection strings name it as their CA)"));
    m_optionsMenu->setToolTipsVisible(true);
    m_optionsButton = new QToolButton(this);
    m_optionsButton->setObjectName(QStringLiteral("serveOptionsButton"));
    m_optionsButton->setText(tr("Options"));
    m_optionsButton->setToolTip(tr("How to serve: a Unix socket too, TLS for local clients"));
    m_optionsButton->setAccessibleName(tr("Serve options"));
    m_optionsButton->setMenu(m_optionsMenu);
    m_optionsButton->setPopupMode(QToolButton::InstantPopup);
    m_optionsButton->setAutoRaise(true);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_button);
    layout->addWidget(m_onPort);
    layout->addWidget(m_port);
    layout->addWidget(m_optionsButton);
    connect(m_button, &QPushButton::clicked, this, &ServeLocallyControl::toggle);
    auto chosen = [this] { m_proxies.setServeOptions({m_unixSocket->isChecked(), m_localTls->isChecked()}); };
    connect(m_unixSocket, &QAction::toggled, this, chosen);
    connect(m_localTls, &QAction::toggled, this, chosen);
    connect(&m_proxies, &LocalProxies::serveOptionsChanged, this, &ServeLocallyControl::updateState);
    connect(&m_proxies, &LocalProxies::entryChanged, this, [this](const QUuid &id) {
        if (m_profile && m_profile->id == id)
            updateState();
    });
    setProfile(std::nullopt);
}

void ServeLocallyControl::setProfile(const std::optional<profiles::ConnectionProfile> &profile)
{
    const bool other = !profile || !m_profile || profile->id != m_profile->id;
    m_profile = profile;
    // A port typed for this profile stays while it is shown; another profile gets its own offer.
    if (profile && other)
        m_port->setValue(m_proxies.portFor(*profile));
    updateState();
}

void ServeLocallyControl::updateState()
{
    const auto entry = m_profile ? m_proxies.entry(m_profile->id) : std::nullopt;
    const LocalProxies::State state = entry ? entry->state : LocalProxies::State::Stopped;
    const bool running = state == LocalProxies::State::Listening;
    const bool starting = state == LocalProxies::State::Starting;
    m_button->setEnabled(m_profile.has_value());
    m_button->setText(running ? tr("Stop serving") : starting ? tr("Cancel serving") : tr("Serve locally"));
    m_button->setToolTip(
        running ? tr("Stop the local proxy of this profile (its client connections close)")
                : tr("Serve this profile on a local port: any client connects with no password, Signet logs "
                     "in with a fresh IAM token over verified TLS"));
    m_onPort->setText(running ? tr("on 127.0.0.1:") : tr("on port"));
    if (running || starting)
        m_port->setValue(entry->port);
    m_port->setEnabled(m_profile.has_value() && !running && !starting);
    // While it runs, the menu shows how this listener listens; stopped, what the next start will do.
    const proxy::ProxyListener *listener = running && m_profile ? m_proxies.listener(m_profile->id) : nullptr;
    const LocalProxies::ServeOptions options = m_proxies.serveOptions();
    const QSignalBlocker unixBlocker(m_unixSocket);
    const QSignalBlocker tlsBlocker(m_localTls);
    m_unixSocket->setChecked(listener ? !listener->unixSocketPath().isEmpty() : options.unixSocket);
    m_localTls->setChecked(listener ? !listener->localTlsCertificatePath().isEmpty() : options.localTls);
    m_unixSocket->setEnabled(!running && !starting);
    m_localTls->setEnabled(!running && !starting);
    m_optionsButton->setEnabled(m_profile.has_value());
}

void ServeLocallyControl::toggle()
{
    if (!m_profile)
        return;
    const QUuid id = m_profile->id;
    const auto entry = m_proxies.entry(id);
    if (entry &&
        (entry->state == LocalProxies::State::Listening || entry->state == LocalProxies::State::Starting)) {
        if (m_proxies.stopAsking(this, id))
            Q_EMIT messageRaised(tr("Stopped serving \"%1\".").arg(entry->name));
        return;
    }
    m_port->interpretText(); // a port typed but not yet committed counts
    const QString name = m_profile->name;
    QPointer<ServeLocallyControl> self(this);
    m_proxies.start(*m_profile, quint16(m_port->value()),
                    [self, name](Result<proxy::ProxyListener *> listener) {
                        if (!self)
                            return;
                        if (!listener) {
                            Q_EMIT self->messageRaised(
                                tr("Cannot serve \"%1\": %2").arg(name, listener.error().toString()));
                            return;
                        }
                        const proxy::ProxyListener *served = *listener;
                        const QString where = LocalProxies::addressText(*served);
                        Q_EMIT self->messageRaised(
                            (served->localTlsCertificatePath().isEmpty()
                                 ? tr("Serving \"%1\" on %2: clients connect with no password.")
                                 : tr("Serving \"%1\" on %2, TLS offered: clients connect with no password."))
                                .arg(name, where));
                        Q_EMIT self->serving();
                    });
}

} // namespace signet::ui
