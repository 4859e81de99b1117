// SPDX-License-Identifier: GPL-3.0-or-later
// core/tunnel without a real ssh: stderr explanations, port choice, arguments, routes, the manager;
// SSM routes, their specs and the plugin's contract.
#include "profiles/ConnectionProfile.h"
#include "profiles/ProfileTargets.h"
#include "tunnel/LocalPort.h"
#include "tunnel/SshDiagnostics.h"
#include "tunnel/SshTunnel.h"
#include "tunnel/SsmTunnel.h"
#include "tunnel/TunnelManager.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace signet;
using namespace signet::tunnel;
using namespace Qt::StringLiterals;

namespace {

// A tunnel that opens, fails or dies when the test says so.
class FakeTunnel final : public Tunnel
{
public:
    FakeTunnel(const TunnelSpec &spec, QObject *parent)
        : Tunnel(spec, parent)
    {
        m_port = spec.localPort > 0 ? spec.localPort : 40000 + ++s_made;
    }
    int localPort() const override { return m_port; }
    void start() override { ++s_started; }
    void stop() override { ++s_stopped; }
    static inline int s_made = 0;
    static inline int s_started = 0;
    static inline int s_stopped = 0;

private:
    int m_port = 0;
};

// Makes stand-in tunnels and keeps them in `made`, in order.
auto fakeFactory(QList<FakeTunnel *> &made)
{
    return [&made](const TunnelSpec &s, QObject *parent) -> Tunnel * {
        auto *tunnel = new FakeTunnel(s, parent);
        made << tunnel;
        return tunnel;
    };
}

SshRoute bastion()
{
    SshRoute route;
    route.user = QStringLiteral("ec2-user");
    route.host = QStringLiteral("bastion.example.com");
    route.port = 2222;
    return route;
}

TunnelSpec spec()
{
    return TunnelSpec{bastion(), QStringLiteral("db.abc.eu-west-1.rds.amazonaws.com"), 5432, 0};
}

Error explain(const QByteArray &stderrText)
{
    SshDiagnostics diagnostics;
    // Arrives in pieces, split mid-line.
    diagnostics.feed(stderrText.left(7));
    diagnostics.feed(stderrText.mid(7));
    return diagnostics.explain(bastion(), QStringLiteral("db.abc.eu-west-1.rds.amazonaws.com:5432"));
}

} // namespace

class TestTunnelParts final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unknownHostKeyShowsFingerprint()
    {
        const Error error =
            explain("OpenSSH_9.2p1 Debian-2, OpenSSL 3.0.11\r\n"
                    "debug1: Connecting to bastion.example.com port 2222.\r\n"
                    "debug1: Server host key: ssh-ed25519 SHA256:abcDEF123\r\n"
                    "No ED25519 host key is known for [bastion.example.com]:2222 and you have "
                    "requested strict checking.\r\nHost key verification failed.\r\n");
        QCOMPARE(error.code, QString::fromLatin1(SshError::HostKeyUnknown));
        QVERIFY2(error.message.contains(QStringLiteral("ssh-ed25519 SHA256:abcDEF123")),
                 qPrintable(error.message));
        QVERIFY(error.message.contains(QStringLiteral("bastion.example.com")));
        QVERIFY(error.hint.contains(QStringLiteral("ssh-keyscan -p 2222 bastion.example.com")));
        QVERIFY(error.hint.contains(QStringLiteral("known_hosts")));
    }

    void changedHostKey()
    {
        const Error error =
            explain("debug1: Server host key: ssh-ed25519 SHA256:new\n"
                    "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"
                    "@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n"
                    "Host key for [bastion.example.com]:2222 has changed and you have requested "
                    "strict checking.\nHost key verification failed.\n");
        QCOMPARE(error.code, QString::fromLatin1(SshError::HostKeyChanged));
        QVERIFY(error.message.contains(QStringLiteral("SHA256:new")));
        QVERIFY(error.hint.contains(QStringLiteral("ssh-keygen -R bastion.example.com")));
    }

    void refusedKeyNamesSshNotTheDatabase()
    {
        const Error error = explain("debug1: Authentications that can continue: publickey\n"
                                    "ec2-user@bastion.example.com: Permission denied (publickey).\n");
        QCOMPARE(error.code, QString::fromLatin1(SshError::AuthRefused));
        QVERIFY(error.message.startsWith(
            QStringLiteral("the bastion bastion.example.com (port 2222) refused the SSH key")));
        QVERIFY(error.message.contains(QStringLiteral("Permission denied (publickey)")));
        QVERIFY(error.hint.contains(QStringLiteral("not the database")));
    }

    void unreachableBastion_data()
    {
        QTest::addColumn<QByteArray>("stderrText");
        QTest::newRow("refused") << QByteArray(
            "ssh: connect to host bastion.example.com port 2222: Connection refused\n");
        QTest::newRow("timeout") << QByteArray(
            "ssh: connect to host bastion.example.com port 2222: Connection timed out\n");
        QTest::newRow("dns") << QByteArray(
            "ssh: Could not resolve hostname bastion.example.com: Name or service not known\n");
    }

    void unreachableBastion()
    {
        QFETCH(QByteArray, stderrText);
        const Error error = explain(stderrText);
        QCOMPARE(error.code, QString::fromLatin1(SshError::Unreachable));
        QVERIFY(error.message.startsWith(QStringLiteral("cannot reach the SSH bastion bastion.example.com")));
        QVERIFY(!error.message.contains(QStringLiteral("ssh: ")));
    }

    void forwardingFailed()
    {
        const Error bind = explain("bind [127.0.0.1]:40001: Address already in use\n"
                                   "channel_setup_fwd_listener_tcpip: cannot listen to port: 40001\n"
                                   "Could not request local forwarding.\n");
        // Another program holds the local port: named as such, not as the bastion's forwarding.
        QCOMPARE(bind.code, QString::fromLatin1(SshError::LocalPortBusy));
        QVERIFY(bind.message.contains(QStringLiteral("127.0.0.1:40001")));
        SshDiagnostics diagnostics;
        diagnostics.feed("debug1: Authenticated to bastion.example.com\n"
                         "channel 2: open failed: connect failed: Connection refused\n");
        QVERIFY(diagnostics.forwardOpenFailed());
        const Error open = diagnostics.explain(bastion(), QStringLiteral("db:5432"));
        QCOMPARE(open.code, QString::fromLatin1(SshError::ForwardFailed));
        QVERIFY(open.message.contains(QStringLiteral("could not forward to db:5432")));
    }

    // ssh -v through a jump host whose key is unknown (OpenSSH 9.2's words): the jump host is named
    // with its own fingerprint and keyscan command, not the bastion.
    void unknownJumpHostKeyNamesTheJumpHost()
    {
        SshRoute route = bastion();
        route.jumpHosts = {QStringLiteral("ops@jump.example.com:2201")};
        SshDiagnostics diagnostics;
        diagnostics.feed(
            "debug1: Executing proxy command: exec ssh -l ops -p 2201 -v -W '[%h]:%p' jump.example.com\n"
            "debug1: Authenticating to jump.example.com:2201 as 'ops'\n"
            "debug1: Server host key: ssh-ed25519 SHA256:JUMPKEY\n"
            "debug1: read_passphrase: can't open /dev/tty: No such device or address\n"
            "Host key verification failed.\n"
            "kex_exchange_identification: Connection closed by remote host\n");
        const Error error = diagnostics.explain(route, QStringLiteral("db:5432"));
        QCOMPARE(error.code, QString::fromLatin1(SshError::HostKeyUnknown));
        QVERIFY2(
            error.message.contains(QStringLiteral("host key of jump host jump.example.com (port 2201) is not "
                                                  "known (ssh-ed25519 SHA256:JUMPKEY)")),
            qPrintable(error.message));
        QVERIFY2(error.hint.contains(QStringLiteral("ssh-keyscan -p 2201 jump.example.com")),
                 qPrintable(error.hint));

        // The jump host passed; the bastion's key is the unknown one.
        SshDiagnostics second;
        second.feed(
            "debug1: Authenticating to jump.example.com:2201 as 'ops'\n"
            "debug1: Server host key: ssh-ed25519 SHA256:JUMPKEY\n"
            "debug1: Host '[jump.example.com]:2201' is known and matches the ED25519 host key.\n"
            "Authenticated to jump.example.com ([10.0.0.1]:2201) using \"publickey\".\n"
            "debug1: Authenticating to bastion.example.com:2222 as 'ec2-user'\n"
            "debug1: Server host key: ssh-ed25519 SHA256:BASTIONKEY\n"
            "No ED25519 host key is known for [bastion.example.com]:2222 and you have requested strict "
            "checking.\nHost key verification failed.\n");
        const Error bastionKey = second.explain(route, QStringLiteral("db:5432"));
        QVERIFY2(
            bastionKey.message.contains(QStringLiteral("host key of bastion bastion.example.com (port 2222) "
                                                       "is not known (ssh-ed25519 SHA256:BASTIONKEY)")),
            qPrintable(bastionKey.message));

        // The jump host refuses the login: it is named, not the bastion.
        SshDiagnostics third;
        third.feed("debug1: Authenticating to jump.example.com:2201 as 'ops'\n"
                   "debug1: Server host key: ssh-ed25519 SHA256:JUMPKEY\n"
                   "debug1: Host '[jump.example.com]:2201' is known and matches the ED25519 host key.\n"
                   "ops@jump.example.com: Permission denied (publickey).\n");
        const Error refused = third.explain(route, QStringLiteral("db:5432"));
        QCOMPARE(refused.code, QString::fromLatin1(SshError::AuthRefused));
        QVERIFY2(
            refused.message.startsWith(QStringLiteral("the jump host jump.example.com (port 2201) refused")),
            qPrintable(refused.message));
    }

    void debugChatterIsNotKept()
    {
        SshDiagnostics diagnostics;
        for (int i = 0; i < 1000; ++i)
            diagnostics.feed("debug1: client_input_global_request: rtype keepalive@openssh.com\n");
        diagnostics.feed("something odd\n");
        QCOMPARE(diagnostics.messages(), QStringList{QStringLiteral("something odd")});
        const Error error = diagnostics.explain(bastion(), QStringLiteral("db:5432"), 255);
        QCOMPARE(error.code, QString::fromLatin1(SshError::Failed));
        QVERIFY(error.message.contains(QStringLiteral("something odd")));
    }

    void freePortIsFree()
    {
        const auto port = chooseFreeLocalPort();
        QVERIFY(port.ok());
        QVERIFY(*port > 0 && *port <= 65535);
        QVERIFY(isLocalPortFree(*port));
        QTcpServer holder;
        QVERIFY(holder.listen(QHostAddress::LocalHost, quint16(*port)));
        QVERIFY(!isLocalPortFree(*port));
        QVERIFY(!isLocalPortFree(0));
    }

    void argumentsNeverDisableHostKeyChecks()
    {
        TunnelSpec s = spec();
        s.route.identityFile = QStringLiteral("/keys/id_ed25519");
        s.route.jumpHosts = {QStringLiteral("jump1"), QStringLiteral("me@jump2:2200")};
        SshTunnelOptions options;
        options.configFile = QStringLiteral("/tmp/cfg");
        const QStringList args = SshTunnel::arguments(s, 40123, options);
        const QString joined = args.join(u' ');
        QVERIFY(!joined.contains(QStringLiteral("StrictHostKeyChecking"), Qt::CaseInsensitive));
        QVERIFY(!joined.contains(QStringLiteral("UserKnownHostsFile"), Qt::CaseInsensitive));
        for (const QString &expected :
             {QStringLiteral("-N"), QStringLiteral("ExitOnForwardFailure=yes"),
              QStringLiteral("BatchMode=yes"), QStringLiteral("-F /tmp/cfg"),
              QStringLiteral("-i /keys/id_ed25519"), QStringLiteral("-p 2222"), QStringLiteral("-l ec2-user"),
              QStringLiteral("-J jump1,me@jump2:2200"),
              QStringLiteral(
                  "-L 127.0.0.1:40123:db.abc.eu-west-1.rds.amazonaws.com:5432 -- bastion.example.com")})
            QVERIFY2(joined.contains(expected), qPrintable(expected + QStringLiteral(" in ") + joined));
        QCOMPARE(args.last(), QStringLiteral("bastion.example.com"));
        s.remoteHost = QStringLiteral("::1");
        QVERIFY(SshTunnel::arguments(s, 1, options).contains(QStringLiteral("127.0.0.1:1:[::1]:5432")));
    }

    void destinations_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::newRow("host") << u"bastion"_s << QString() << u"bastion"_s << 0;
        QTest::newRow("user@host") << u"ec2-user@b.example.com"_s << u"ec2-user"_s << u"b.example.com"_s << 0;
        QTest::newRow("user@host:port") << u"me@10.0.0.5:2222"_s << u"me"_s << u"10.0.0.5"_s << 2222;
        QTest::newRow("ipv6") << u"me@[::1]:22"_s << u"me"_s << u"::1"_s << 22;
    }

    void destinations()
    {
        QFETCH(QString, text);
        QFETCH(QString, user);
        QFETCH(QString, host);
        QFETCH(int, port);
        const auto route = SshRoute::parseDestination(text);
        QVERIFY2(route.ok(), route.ok() ? "" : qPrintable(route.error().message));
        QCOMPARE(route->user, user);
        QCOMPARE(route->host, host);
        QCOMPARE(route->port, port);
        QVERIFY(!SshRoute::parseDestination(u"me@-oProxyCommand=x"_s).ok());
        QVERIFY(!SshRoute::parseDestination(u"me@host:99999"_s).ok());
    }

    void profileKeepsRouteWithoutSecrets()
    {
        auto profile = profiles::ConnectionProfile::create(u"p"_s, Engine::Postgres);
        profile.host = u"db.abc.eu-west-1.rds.amazonaws.com"_s;
        profile.dbUser = u"app"_s;
        profile.ssh = bastion();
        profile.ssh.identityFile = u"/home/me/.ssh/id_ed25519"_s;
        profile.ssh.jumpHosts = {u"jump"_s};
        QVERIFY(profile.validate().isEmpty());
        const QJsonObject json = profile.toJson();
        const auto back = profiles::ConnectionProfile::fromJson(json);
        QVERIFY(back.ok());
        QCOMPARE(back->ssh, profile.ssh);
        // An older file (no "ssh") reads as a direct route.
        QJsonObject old = json;
        old.remove(u"ssh"_s);
        QVERIFY(!profiles::ConnectionProfile::fromJson(old)->ssh.isSet());
        profile.viaHost = u"127.0.0.1"_s;
        profile.viaPort = 15432;
        QCOMPARE(profile.validate().value(0).field, u"ssh"_s);
    }

    void ssmRouteIsValidatedAndSavedWithoutSecrets()
    {
        auto profile = profiles::ConnectionProfile::create(u"p"_s, Engine::MySql);
        profile.host = u"db.abc.eu-west-1.rds.amazonaws.com"_s;
        profile.dbUser = u"app"_s;
        profile.ssm.target = u"i-0123456789abcdef0"_s;
        QVERIFY(profile.validate().isEmpty());
        profile.ssm.region = u"eu-west-2"_s;
        const QJsonObject json = profile.toJson();
        QCOMPARE(json.value(u"ssm"_s).toObject(),
                 (QJsonObject{{u"target"_s, u"i-0123456789abcdef0"_s}, {u"region"_s, u"eu-west-2"_s}}));
        QCOMPARE(profiles::ConnectionProfile::fromJson(json)->ssm, profile.ssm);
        QJsonObject old = json;
        old.remove(u"ssm"_s);
        QVERIFY(!profiles::ConnectionProfile::fromJson(old)->ssm.isSet());
        for (const QString &bad :
             {u"i-123"_s, u"i-0123456789ABCDEF0"_s, u"db-host"_s, u"-oProxyCommand=x"_s}) {
            profile.ssm.target = bad;
            QCOMPARE(profile.validate().value(0).field, u"ssm"_s);
        }
        QVERIFY(SsmRoute::isTargetId(u"i-01234567"_s));
        QVERIFY(SsmRoute::isTargetId(u"mi-0123456789abcdef0"_s));
        // One route only.
        profile.ssm.target = u"i-0123456789abcdef0"_s;
        profile.ssh = bastion();
        QCOMPARE(profile.validate().value(0).field, u"ssm"_s);
        profile.ssh = {};
        profile.viaHost = u"127.0.0.1"_s;
        profile.viaPort = 3306;
        QCOMPARE(profile.validate().value(0).field, u"ssm"_s);
    }

    void ssmSpecFollowsTheProfile()
    {
        auto profile = profiles::ConnectionProfile::create(u"p"_s, Engine::Postgres);
        profile.host = u"db.abc.eu-west-1.rds.amazonaws.com"_s;
        profile.region = u"eu-west-1"_s;
        profile.awsProfile = u"prod"_s;
        profile.ssm.target = u"i-0123456789abcdef0"_s;
        const auto named = profiles::ProfileTargets::tunnelSpec(profile, 0);
        QVERIFY(named && named->isSsm());
        QCOMPARE(named->ssm.region, u"eu-west-1"_s);
        QCOMPARE(named->ssmProfile, u"prod"_s);
        QCOMPARE(named->remoteText(), u"db.abc.eu-west-1.rds.amazonaws.com:5432"_s);
        QCOMPARE(named->title(), u"SSM session to i-0123456789abcdef0 (eu-west-1)"_s);
        profile.ssm.region = u"us-east-1"_s;
        profile.credentialSource = profiles::CredentialSource::Environment;
        const auto environment = profiles::ProfileTargets::tunnelSpec(profile, 0);
        QCOMPARE(environment->ssm.region, u"us-east-1"_s);
        QVERIFY(environment->ssmProfile.isEmpty());
        // Another identity, another session.
        QVERIFY(environment->key() != named->key());
        QVERIFY(named->key().startsWith(u"ssm|"_s));
        profile.ssm = {};
        QVERIFY(!profiles::ProfileTargets::tunnelSpec(profile, 0));
    }

    void pluginIsStartedAsTheAwsCliStartsIt()
    {
        QVERIFY(SsmTunnel::pluginTakesResponseVariable(u"1.2.707.0\n"_s));
        QVERIFY(SsmTunnel::pluginTakesResponseVariable(u"1.2.498"_s));
        QVERIFY(!SsmTunnel::pluginTakesResponseVariable(u"1.2.497.0"_s));
        QVERIFY(!SsmTunnel::pluginTakesResponseVariable(u"1.2.497"_s));
        QVERIFY(!SsmTunnel::pluginTakesResponseVariable(u"unknown"_s));
        aws::SsmSession session{u"me-0a1b"_s,
                                u"wss://ssmmessages.eu-west-1.amazonaws.com/v1/data-channel/me-0a1b"_s,
                                SecretString::fromUtf8(u"AAEAAtoken"_s)};
        const QJsonObject handed = QJsonDocument::fromJson(SsmTunnel::sessionJson(session)).object();
        QCOMPARE(handed, (QJsonObject{{u"SessionId"_s, session.sessionId},
                                      {u"TokenValue"_s, u"AAEAAtoken"_s},
                                      {u"StreamUrl"_s, session.streamUrl}}));
        const QJsonObject request =
            aws::SsmClient::portForwardingRequest(u"i-0123456789abcdef0"_s, u"db.example"_s, 5432, 40123);
        const QStringList args =
            SsmTunnel::pluginArguments(QString::fromLatin1(SsmTunnel::ResponseVariable), u"eu-west-1"_s,
                                       u""_s, request, QUrl(u"https://ssm.eu-west-1.amazonaws.com"_s));
        QCOMPARE(args.size(), 6);
        QCOMPARE(args[0], u"AWS_SSM_START_SESSION_RESPONSE"_s);
        QCOMPARE(args[1], u"eu-west-1"_s);
        QCOMPARE(args[2], u"StartSession"_s);
        QCOMPARE(args[3], QString());
        QCOMPARE(QJsonDocument::fromJson(args[4].toUtf8()).object(), request);
        QCOMPARE(args[5], u"https://ssm.eu-west-1.amazonaws.com"_s);
    }

    void managerMakesAnSsmTunnelForAnSsmSpec()
    {
        TunnelManagerOptions options;
        QProcessEnvironment bare;
        bare.insert(u"PATH"_s, u"/nonexistent-bin"_s);
        options.ssm.environment = bare;
        TunnelManager manager(options);
        TunnelSpec s{{}, u"db.example"_s, 5432, 0};
        s.ssm = SsmRoute{u"i-0123456789abcdef0"_s, u"eu-west-1"_s};
        std::optional<Result<HostPort>> answer;
        manager.acquire(s, [&answer](Result<HostPort> a) { answer = std::move(a); });
        QVERIFY(qobject_cast<SsmTunnel *>(manager.tunnel(s)));
        QTRY_VERIFY(answer.has_value());
        QVERIFY(!answer->ok());
        QCOMPARE(answer->error().code, QString::fromLatin1(SsmError::PluginMissing));
        QVERIFY(answer->error().hint.contains(u"session-manager-plugin.deb"_s));
    }

    void managerSharesRestartsAndClosesIdle()
    {
        TunnelManagerOptions options;
        options.idleCloseMs = 50;
        options.restartDelayMs = 1;
        QList<FakeTunnel *> made;
        options.factory = fakeFactory(made);
        TunnelManager manager(options);
        QList<Result<HostPort>> answers;
        QSignalSpy changed(&manager, &TunnelManager::changed);
        manager.acquire(spec(), [&](Result<HostPort> a) { answers << a; });
        manager.acquire(spec(), [&](Result<HostPort> a) { answers << a; });
        QCOMPARE(made.size(), 1);
        QCOMPARE(manager.userCount(spec()), 2);
        QVERIFY(answers.isEmpty());
        QCOMPARE(changed.size(), 2);
        // What a view lists while it opens: no port yet, two users.
        QCOMPARE(manager.tunnels().size(), 1);
        TunnelInfo opening = manager.tunnels().first();
        QCOMPARE(opening.title, spec().title());
        QCOMPARE(opening.remote, u"db.abc.eu-west-1.rds.amazonaws.com:5432"_s);
        QVERIFY(!opening.open);
        QCOMPARE(opening.localPort, 0);
        QCOMPARE(opening.users, 2);
        QCOMPARE(opening.upForMs, -1);
        Q_EMIT made.first()->opened(12);
        QCOMPARE(answers.size(), 2);
        const int port = answers.first()->port;
        QCOMPARE(changed.size(), 3);
        const TunnelInfo up = manager.tunnels().first();
        QVERIFY(up.open);
        QCOMPARE(up.localPort, port);
        QVERIFY(up.upForMs >= 0);
        QCOMPARE(up.idleClosesInMs, -1);
        QCOMPARE(answers.at(1)->port, port);
        QCOMPARE(answers.first()->host, u"127.0.0.1"_s);

        // Dies while in use: restarted on the same port.
        QSignalSpy restarted(&manager, &TunnelManager::tunnelRestarted);
        Q_EMIT made.first()->died(makeError(u"x"_s, u"gone"_s));
        QCOMPARE(made.size(), 2);
        QCOMPARE(made.at(1)->localPort(), port);
        QVERIFY(manager.tunnels().first().restarting);
        QCOMPARE(manager.tunnels().first().localPort, port);
        Q_EMIT made.at(1)->opened(5);
        QCOMPARE(restarted.size(), 1);
        QCOMPARE(manager.tunnels().first().restarts, 1);

        // Closed only after the last user left and the idle time passed.
        QSignalSpy closed(&manager, &TunnelManager::tunnelClosed);
        manager.release(spec());
        QTest::qWait(80);
        QCOMPARE(closed.size(), 0);
        QCOMPARE(manager.tunnels().first().users, 1);
        manager.release(spec());
        // Unused: it says when it will close.
        const qint64 closesIn = manager.tunnels().first().idleClosesInMs;
        QVERIFY2(closesIn >= 0 && closesIn <= 100, qPrintable(QString::number(closesIn)));
        QTRY_COMPARE(closed.size(), 1);
        QCOMPARE(manager.tunnelCount(), 0);
        QVERIFY(manager.tunnels().isEmpty());
    }

    void managerReportsFailureToEveryWaiter()
    {
        TunnelManagerOptions options;
        QList<FakeTunnel *> made;
        options.factory = fakeFactory(made);
        TunnelManager manager(options);
        QList<Result<HostPort>> answers;
        manager.acquire(spec(), [&](Result<HostPort> a) { answers << a; });
        manager.acquire(spec(), [&](Result<HostPort> a) { answers << a; });
        Q_EMIT made.first()->failed(makeError(QString::fromLatin1(SshError::AuthRefused), u"refused"_s));
        QCOMPARE(answers.size(), 2);
        QCOMPARE(answers.at(1).error().code, QString::fromLatin1(SshError::AuthRefused));
        QCOMPARE(manager.tunnelCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestTunnelParts)
#include "tst_tunnel_parts.moc"
