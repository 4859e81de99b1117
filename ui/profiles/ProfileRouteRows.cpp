// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileRouteRows: the route choice and its rows, form ↔ the profile's via / ssh / ssm.
#include "profiles/ProfileRouteRows.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLineEdit>

namespace signet::ui {

using profiles::ConnectionProfile;

namespace {

QLineEdit *lineEdit(QWidget *parent, const char *objectName, const QString &placeholder)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(QString::fromLatin1(objectName));
    edit->setPlaceholderText(placeholder);
    return edit;
}

} // namespace

ProfileRouteRows::ProfileRouteRows(QFormLayout *form, QWidget *parent)
    : QObject(parent)
    , m_form(form)
{
    m_route = new QComboBox(parent);
    m_route->setObjectName(QStringLiteral("routeCombo"));
    m_route->addItem(tr("Direct"), int(Kind::Direct));
    m_route->addItem(tr("SSH bastion"), int(Kind::Ssh));
    m_route->addItem(tr("SSM instance (AWS Systems Manager port forwarding)"), int(Kind::Ssm));
    m_route->addItem(tr("Manual address (a tunnel you run yourself)"), int(Kind::Via));
    m_route->setToolTip(tr("How Signet reaches the database. Whatever the route, the token is signed for the "
                           "endpoint and TLS is verified against the endpoint's name."));
    m_via = lineEdit(parent, "viaEdit", tr("e.g. 127.0.0.1:15432"));
    m_via->setToolTip(tr("Connect through this address (an SSH tunnel or port-forward you run). The token is "
                         "still signed for the endpoint, and TLS is verified against the endpoint's name."));
    m_ssh = lineEdit(parent, "sshEdit", tr("user@bastion.example.com[:22]"));
    m_ssh->setToolTip(tr("Reach the database through this SSH bastion: Signet opens the tunnel itself with "
                         "OpenSSH (your ~/.ssh/config, agent and known_hosts apply)."));
    m_sshIdentity = lineEdit(parent, "sshIdentityEdit", tr("default: your SSH agent or ~/.ssh/config"));
    m_sshJump = lineEdit(parent, "sshJumpEdit", tr("optional: jump1.example.com, user@jump2:2222"));
    m_ssmTarget = lineEdit(parent, "ssmTargetEdit",
                           tr("the instance whose SSM agent forwards, e.g. i-0123456789abcdef0"));
    m_ssmTarget->setToolTip(
        tr("Reach the database through AWS Systems Manager port forwarding from this EC2 instance (i-…) or "
           "managed node (mi-…): Signet starts the session with the profile's AWS credentials and runs "
           "Amazon's session-manager-plugin itself."));
    m_ssmRegion = lineEdit(parent, "ssmRegionEdit", QString());
}

QList<std::pair<QLineEdit *, QString>> ProfileRouteRows::textFields() const
{
    // The region's problems are the SSM route's: they show under the instance.
    return {{m_via, QStringLiteral("via")},
            {m_ssh, QStringLiteral("ssh")},
            {m_sshIdentity, QStringLiteral("sshIdentity")},
            {m_sshJump, QStringLiteral("sshJump")},
            {m_ssmTarget, QStringLiteral("ssm")},
            {m_ssmRegion, QStringLiteral("ssm")}};
}

void ProfileRouteRows::addRows(const AddRow &addRow)
{
    addRow(tr("Route:"), m_route, QStringLiteral("route"));
    m_viaRow = addRow(tr("Connect &via:"), m_via, QStringLiteral("via"));
    m_sshRow = addRow(tr("SSH &bastion:"), m_ssh, QStringLiteral("ssh"));
    m_sshIdentityRow = addRow(tr("SSH identit&y:"), m_sshIdentity, QStringLiteral("sshIdentity"));
    m_sshJumpRow = addRow(tr("&Jump hosts:"), m_sshJump, QStringLiteral("sshJump"));
    m_ssmTargetRow = addRow(tr("SSM instance:"), m_ssmTarget, QStringLiteral("ssm"));
    m_ssmRegionRow = addRow(tr("SSM region:"), m_ssmRegion, QStringLiteral("ssmRegion"));
}

ProfileRouteRows::Kind ProfileRouteRows::kindOf(const ConnectionProfile &profile)
{
    if (profile.ssh.isSet())
        return Kind::Ssh;
    if (profile.ssm.isSet())
        return Kind::Ssm;
    if (profile.hasVia())
        return Kind::Via;
    return Kind::Direct;
}

ProfileRouteRows::Kind ProfileRouteRows::kind() const
{
    return Kind(m_route->currentData().toInt());
}

void ProfileRouteRows::load(const ConnectionProfile &profile)
{
    m_route->setCurrentIndex(m_route->findData(int(kindOf(profile))));
    m_via->setText(profile.viaText());
    m_ssh->setText(profile.ssh.destinationText());
    m_sshIdentity->setText(profile.ssh.identityFile);
    m_sshJump->setText(profile.ssh.jumpHosts.join(QStringLiteral(", ")));
    m_ssmTarget->setText(profile.ssm.target);
    m_ssmRegion->setText(profile.ssm.region);
}

void ProfileRouteRows::applyTo(ConnectionProfile &profile) const
{
    profile.viaHost.clear();
    profile.viaPort = 0;
    profile.ssh = {};
    profile.ssm = {};
    switch (kind()) {
    case Kind::Direct:
        break;
    case Kind::Via:
        if (!profile.setVia(m_via->text())) {
            profile.viaHost.clear();
            profile.viaPort = 0;
        }
        break;
    case Kind::Ssh:
        if (const auto ssh = sshFromForm())
            profile.ssh = *ssh;
        break;
    case Kind::Ssm:
        profile.ssm = tunnel::SsmRoute{m_ssmTarget->text().trimmed(), m_ssmRegion->text().trimmed()};
        break;
    }
}

Result<tunnel::SshRoute> ProfileRouteRows::sshFromForm() const
{
    const QString destination = m_ssh->text().trimmed();
    if (destination.isEmpty())
        return tunnel::SshRoute{};
    auto route = tunnel::SshRoute::parseDestination(destination);
    if (!route)
        return route;
    route->identityFile = m_sshIdentity->text().trimmed();
    for (const QString &jump : m_sshJump->text().split(u',', Qt::SkipEmptyParts)) {
        if (!jump.trimmed().isEmpty())
            route->jumpHosts << jump.trimmed();
    }
    return route;
}

QList<FieldError> ProfileRouteRows::errors() const
{
    QList<FieldError> errors;
    switch (kind()) {
    case Kind::Direct:
        break;
    case Kind::Via:
        if (m_via->text().trimmed().isEmpty())
            errors.append({QStringLiteral("via"),
                           tr("Enter the address to connect through (HOST:PORT), or choose another route.")});
        else if (const auto via = parseHostPort(m_via->text()); !via)
            errors.append(
                {QStringLiteral("via"), via.error().message + u". " + via.error().hintFor(FrontEnd::Gui)});
        break;
    case Kind::Ssh:
        if (m_ssh->text().trimmed().isEmpty())
            errors.append({QStringLiteral("ssh"),
                           tr("Enter the SSH bastion as user@host[:port], or choose another route.")});
        else if (const auto ssh = sshFromForm(); !ssh)
            errors.append({QStringLiteral("ssh"), ssh.error().message + u'.'});
        break;
    case Kind::Ssm:
        if (m_ssmTarget->text().trimmed().isEmpty())
            errors.append(
                {QStringLiteral("ssm"), tr("Enter the ID of the instance whose SSM agent forwards to "
                                           "the database (i-… or mi-…), or choose another route.")});
        break;
    }
    return errors;
}

void ProfileRouteRows::updateRows(const QString &region)
{
    const Kind chosen = kind();
    m_form->setRowVisible(m_viaRow, chosen == Kind::Via);
    m_form->setRowVisible(m_sshRow, chosen == Kind::Ssh);
    m_form->setRowVisible(m_sshIdentityRow, chosen == Kind::Ssh);
    m_form->setRowVisible(m_sshJumpRow, chosen == Kind::Ssh);
    m_form->setRowVisible(m_ssmTargetRow, chosen == Kind::Ssm);
    m_form->setRowVisible(m_ssmRegionRow, chosen == Kind::Ssm);
    m_ssmRegion->setPlaceholderText(region.isEmpty() ? tr("default: the profile's region")
                                                     : tr("%1 (the profile's region)").arg(region));
}

} // namespace signet::ui
