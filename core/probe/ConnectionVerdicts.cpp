// SPDX-License-Identifier: GPL-3.0-or-later
// ConnectionVerdicts: refused vs dropped vs unreachable; no TLS vs not the engine vs silent server.
#include "probe/ConnectionVerdicts.h"

#include "probe/AddressScope.h"
#include "probe/ErrorExplainer.h"

namespace signet::probe {

namespace {

ProbeStep failed(const QString &id, QString verdict, QString hint, QStringList details, Fix fix = {})
{
    return ProbeStep{id, {}, StepStatus::Failed, 0, std::move(verdict), std::move(hint), std::move(details),
                     fix};
}

const Fix kConnectVia{Fix::Kind::ConnectVia, {}};

} // namespace

QString ConnectionVerdicts::seconds(int milliseconds)
{
    return QString::number(milliseconds / 1000.0, 'g', 3) + QStringLiteral(" s");
}

ProbeStep ConnectionVerdicts::tcp(const ConnectOutcome &outcome, quint16 port, bool throughTunnel,
                                  int timeoutMs)
{
    const QString id = QStringLiteral("tcp");
    const QString where = QStringLiteral("%1 port %2").arg(outcome.address.toString()).arg(port);
    const QStringList details{outcome.detail};
    switch (outcome.kind) {
    case ConnectOutcome::Kind::Connected:
        return ProbeStep{id, {}, StepStatus::Passed, 0, QStringLiteral("connected to %1").arg(where), {}, {}};
    case ConnectOutcome::Kind::Refused:
        return failed(id, QStringLiteral("%1 refused the connection").arg(where),
                      throughTunnel
                          ? QStringLiteral("Nothing listens on the tunnel's local port: start the tunnel or "
                                           "port-forward, or correct its local address.")
                          : QStringLiteral("The host answered but nothing listens on that port: check the "
                                           "port and that the instance is available."),
                      details, throughTunnel ? kConnectVia : Fix{});
    case ConnectOutcome::Kind::TimedOut:
        return failed(
            id, QStringLiteral("no answer from %1 within %2").arg(where, seconds(timeoutMs)),
            classifyAddress(outcome.address) == AddressKind::Private
                ? QStringLiteral("The address is private: connect the VPN or use a tunnel.")
                : QStringLiteral("Packets are dropped on the way: check that the instance's security group "
                                 "allows inbound port %1 from your address, the subnet's network ACL, and "
                                 "that the instance is publicly accessible.")
                      .arg(port),
            details, classifyAddress(outcome.address) == AddressKind::Private ? kConnectVia : Fix{});
    case ConnectOutcome::Kind::Unreachable:
        return failed(id, QStringLiteral("%1 is unreachable").arg(where),
                      QStringLiteral("No route to the address: connect the VPN or use a tunnel."), details,
                      kConnectVia);
    case ConnectOutcome::Kind::Other:
        break;
    }
    return failed(id, QStringLiteral("cannot connect to %1").arg(where), QStringLiteral("See the details."),
                  details);
}

ProbeStep ConnectionVerdicts::tls(const TlsOutcome &outcome, Engine engine, int timeoutMs)
{
    const QString id = QStringLiteral("tls");
    const QString name = isMySqlFamily(engine) ? QStringLiteral("MySQL") : QStringLiteral("PostgreSQL");
    QStringList details;
    if (!outcome.serverVersion.isEmpty())
        details << QStringLiteral("server version: %1").arg(outcome.serverVersion);
    switch (outcome.kind) {
    case TlsOutcome::Kind::Encrypted:
        return ProbeStep{id,
                         {},
                         StepStatus::Passed,
                         0,
                         QStringLiteral("%1 negotiated %2 (%3)").arg(name, outcome.protocol, outcome.cipher),
                         {},
                         details};
    case TlsOutcome::Kind::CertificateRejected:
        return ProbeStep{
            id,
            {},
            StepStatus::Passed,
            0,
            QStringLiteral("%1 accepted the SSL request and started TLS; its certificate is checked in "
                           "the next step")
                .arg(name),
            {},
            details};
    case TlsOutcome::Kind::NoTlsOffered:
        return failed(
            id, QStringLiteral("the server does not offer TLS: %1").arg(outcome.detail),
            QStringLiteral("RDS always offers TLS, so this is probably another server (a local database, "
                           "a tunnel to the wrong port). IAM tokens must never be sent without TLS."),
            details);
    case TlsOutcome::Kind::ServerError: {
        const Explanation explanation =
            ErrorExplainer::explain(engine, outcome.detail, outcome.serverErrorCode);
        return failed(id, QStringLiteral("the server refused the connection: %1").arg(outcome.detail),
                      explanation.causes.isEmpty() ? QString() : explanation.causes.first().check,
                      details + explanation.toLines());
    }
    case TlsOutcome::Kind::NotTheEngine:
        return failed(
            id, QStringLiteral("this port does not speak %1: %2").arg(name, outcome.detail),
            QStringLiteral("Check the engine and the port (MySQL 3306, PostgreSQL 5432 by default)."),
            details);
    case TlsOutcome::Kind::TimedOut:
        return failed(
            id, QStringLiteral("%1 within %2").arg(outcome.detail, seconds(timeoutMs)),
            QStringLiteral(
                "Something accepts connections there but does not speak %1 (a stuck tunnel, a "
                "load balancer, another service): check the tunnel if any, the port and the engine.")
                .arg(name),
            details);
    case TlsOutcome::Kind::Closed:
    case TlsOutcome::Kind::HandshakeFailed:
        break;
    }
    return failed(
        id, QStringLiteral("TLS failed: %1").arg(outcome.detail),
        QStringLiteral("The server and Signet found no common TLS version (1.2 or later) or the connection "
                       "was cut; check for a proxy in between."),
        details);
}

} // namespace signet::probe
