// SPDX-License-Identifier: GPL-3.0-or-later
// ServeLocallyControl: the actions-row control over LocalProxies for one profile.
#include "proxy/ServeLocallyControl.h"

#include "proxy/LocalProxies.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>

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
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_button);
    layout->addWidget(m_onPort);
    layout->addWidget(m_port);
    connect(m_button, &QPushButton::clicked, this, &ServeLocallyControl::toggle);
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
    m_proxies.start(
        *m_profile, quint16(m_port->value()), [self, name](Result<proxy::ProxyListener *> listener) {
            if (!self)
                return;
            if (!listener) {
                Q_EMIT self->messageRaised(
                    tr("Cannot serve \"%1\": %2").arg(name, listener.error().toString()));
                return;
            }
            Q_EMIT self->messageRaised(tr("Serving \"%1\" on 127.0.0.1:%2: clients connect with no password.")
                                           .arg(name)
                                           .arg((*listener)->port()));
            Q_EMIT self->serving();
        });
}

} // namespace signet::ui
