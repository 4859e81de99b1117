// SPDX-License-Identifier: GPL-3.0-or-later
// TunnelFeedback: tunnel events in the status line, the SSM plugin banner, bastion key trust.
#include "workspace/TunnelFeedback.h"

#include "common/Ask.h"
#include "profiles/ProfileStore.h"
#include "profiles/ProfileTargets.h"
#include "tunnel/HostKeys.h"
#include "tunnel/SshDiagnostics.h"
#include "tunnel/SsmTunnel.h"
#include "tunnel/TunnelManager.h"

#include <QWidget>

namespace signet::ui {

TunnelFeedback::TunnelFeedback(tunnel::TunnelManager &tunnels, const profiles::ProfileStore &store,
                               QWidget *window)
    : QObject(window)
    , m_tunnels(tunnels)
    , m_store(store)
    , m_window(window)
{
    connect(&m_tunnels, &tunnel::TunnelManager::tunnelDied, this,
            [this](const QString &key, const Error &error) {
                // What follows says whether it was opened again (restarted) or given up (failed).
                Q_EMIT message(tr("%1 lost: %2").arg(tunnelTitle(key), error.message));
            });
    connect(&m_tunnels, &tunnel::TunnelManager::tunnelRestarted, this, [this](const QString &key, int port) {
        Q_EMIT message(tr("%1 open again on 127.0.0.1:%2: consoles reconnect with a fresh token.")
                           .arg(tunnelTitle(key))
                           .arg(port));
    });
    connect(&m_tunnels, &tunnel::TunnelManager::tunnelFailed, this,
            [this](const QString &key, const Error &error) {
                Q_EMIT message(tr("%1 given up: %2").arg(tunnelTitle(key), error.toString()));
            });
}

QString TunnelFeedback::tunnelTitle(const QString &key) const
{
    // The manager names its tunnels by key; the profiles that route through one say what it is.
    for (const profiles::ConnectionProfile &profile : m_store.profiles()) {
        if (const auto spec = profiles::ProfileTargets::tunnelSpec(profile); spec && spec->key() == key)
            return spec->title();
    }
    return key.startsWith(u"ssm|") ? tr("SSM session") : tr("SSH tunnel");
}

void TunnelFeedback::routeFailed(const profiles::ConnectionProfile &profile, const Error &error,
                                 const std::function<void()> &retry)
{
    // Without Amazon's plugin (or with one too old to keep the token off its command line) no SSM
    // route can open until it is installed: how to, where it stays
    // visible (and can be copied), not a status line that fades.
    if (error.code == QLatin1String(tunnel::SsmError::PluginMissing) ||
        error.code == QLatin1String(tunnel::SsmError::PluginTooOld)) {
        Q_EMIT problem(tr("\"%1\" cannot connect through SSM: %2\n%3")
                           .arg(profile.name, error.message, error.hintFor(FrontEnd::Gui)));
        Q_EMIT message(error.message);
        return;
    }
    // Only an unknown key of a bastion reached directly can be fetched and trusted from here (behind
    // jump hosts the fingerprint may be a jump host's): anything else is said as it is.
    if (error.code != QLatin1String(tunnel::SshError::HostKeyUnknown) || !profile.ssh.jumpHosts.isEmpty()) {
        Q_EMIT message(error.toString());
        return;
    }
    // An unknown bastion: never trusted silently. The user compares the fingerprint and decides.
    const QString fingerprint = tunnel::fingerprintIn(error.message);
    Ask::Question question;
    question.title = tr("Unknown SSH host key");
    question.text = tr("The SSH bastion %1 is not in your known hosts.").arg(profile.ssh.displayText());
    question.details =
        (fingerprint.isEmpty() ? tr("Its fingerprint could not be read.")
                               : tr("Its host key fingerprint is\n%1\n").arg(fingerprint)) +
        tr("\nCompare it with the one the bastion's administrator gives you. Trust this key, add it to "
           "your known hosts and connect?");
    question.answers = {Ask::Answer::Proceed, Ask::Answer::Cancel};
    question.defaultAnswer = Ask::Answer::Cancel;
    question.label = [](Ask::Answer answer) {
        return answer == Ask::Answer::Proceed ? tr("Trust and Connect") : QString();
    };
    if (fingerprint.isEmpty() || Ask::question(m_window, question) != Ask::Answer::Proceed) {
        Q_EMIT message(error.toString());
        return;
    }
    // ssh -G, ssh-keyscan and ssh-keygen take a moment: off the GUI thread.
    Q_EMIT message(tr("Fetching the host key of %1…").arg(profile.ssh.host));
    tunnel::trustHostKeyInBackground(profile.ssh, fingerprint)
        .then(this, [this, host = profile.ssh.host, retry](const Status &trusted) {
            if (!trusted) {
                Q_EMIT message(trusted.error().toString());
                return;
            }
            Q_EMIT message(tr("Added the host key of %1 to your known hosts.").arg(host));
            retry();
        });
}

} // namespace signet::ui
