// SPDX-License-Identifier: GPL-3.0-or-later
// SshdFixture: ssh-keygen for the keys, /usr/sbin/sshd -D -e on a free loopback port.
#include "SshdFixture.h"

#include "tunnel/LocalPort.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTcpSocket>
#include <QThread>

#include <pwd.h>
#include <unistd.h>

namespace signet::test_support {

namespace {

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

QByteArray run(const QString &program, const QStringList &args)
{
    QProcess process;
    process.start(program, args);
    process.waitForFinished(30000);
    return process.readAllStandardOutput();
}

} // namespace

SshdFixture::~SshdFixture()
{
    stop();
}

QString SshdFixture::destination() const
{
    return QStringLiteral("%1@127.0.0.1:%2").arg(m_user).arg(m_port);
}

QString SshdFixture::start()
{
    if (!QFile::exists(QStringLiteral("/usr/sbin/sshd")))
        return QStringLiteral("/usr/sbin/sshd is missing: install openssh-server (scripts/lib.sh "
                              "SIGNET_TEST_PACKAGES)");
    if (!m_dir.isValid())
        return QStringLiteral("no temporary directory");
    m_user = QString::fromLocal8Bit(getpwuid(getuid())->pw_name);
    for (const char *key : {"host_key", "user_key", "other_key"})
        run(QStringLiteral("ssh-keygen"),
            {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"), QStringLiteral("-N"),
             QString(), QStringLiteral("-C"), QStringLiteral("signet-test"), QStringLiteral("-f"),
             path(QString::fromLatin1(key))});
    if (!QFile::copy(path(QStringLiteral("user_key.pub")), path(QStringLiteral("authorized_keys"))))
        return QStringLiteral("ssh-keygen made no user key");
    m_fingerprint = QString::fromUtf8(run(QStringLiteral("ssh-keygen"),
                                          {QStringLiteral("-lf"), path(QStringLiteral("host_key.pub"))}))
                        .section(u' ', 1, 1);
    if (!m_fingerprint.startsWith(u"SHA256:"))
        return QStringLiteral("ssh-keygen -lf printed no fingerprint");
    const auto port = tunnel::chooseFreeLocalPort();
    if (!port)
        return port.error().message;
    m_port = *port;
    const QByteArray config = QStringLiteral("Port %1\nListenAddress 127.0.0.1\nHostKey %2\nPidFile %3\n"
                                             "AuthorizedKeysFile %4\nUsePAM no\nStrictModes no\n"
                                             "PasswordAuthentication no\nKbdInteractiveAuthentication no\n"
                                             "PubkeyAuthentication yes\nPermitRootLogin prohibit-password\n"
                                             "AllowTcpForwarding yes\nLogLevel VERBOSE\n")
                                  .arg(m_port)
                                  .arg(path(QStringLiteral("host_key")), path(QStringLiteral("sshd.pid")),
                                       path(QStringLiteral("authorized_keys")))
                                  .toUtf8();
    if (!writeFile(path(QStringLiteral("sshd_config")), config))
        return QStringLiteral("cannot write sshd_config");
    // sshd started as root needs its privilege separation directory (normally made by the service).
    if (geteuid() == 0)
        QDir().mkpath(QStringLiteral("/run/sshd"));
    m_sshd.setProcessChannelMode(QProcess::MergedChannels);
    QObject::connect(&m_sshd, &QProcess::readyRead, [this] { m_log += m_sshd.readAll(); });
    m_sshd.start(QStringLiteral("/usr/sbin/sshd"),
                 {QStringLiteral("-D"), QStringLiteral("-e"), QStringLiteral("-f"),
                  path(QStringLiteral("sshd_config"))});
    if (!m_sshd.waitForStarted())
        return QStringLiteral("sshd did not start: %1").arg(m_sshd.errorString());
    QElapsedTimer waited;
    waited.start();
    for (;;) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, quint16(m_port));
        if (socket.waitForConnected(200))
            break;
        if (m_sshd.state() != QProcess::Running || waited.elapsed() > 10000)
            return QStringLiteral("sshd is not listening: %1").arg(serverLog());
        QThread::msleep(50);
    }
    // The client's own configs: the test's known_hosts (or an empty one) and nothing of ~/.ssh.
    const QString hostKey =
        QString::fromUtf8(run(QStringLiteral("cat"), {path(QStringLiteral("host_key.pub"))}))
            .section(u' ', 0, 1);
    if (!writeFile(path(QStringLiteral("known_hosts")),
                   QStringLiteral("[127.0.0.1]:%1 %2\n").arg(m_port).arg(hostKey).toUtf8()) ||
        !writeFile(unknownHostsFile(), {}))
        return QStringLiteral("cannot write known_hosts");
    for (const auto &[file, known] :
         {std::pair{knownConfig(), knownHostsFile()}, std::pair{unknownConfig(), unknownHostsFile()}}) {
        if (!writeClientConfig(file, {known}, {}))
            return QStringLiteral("cannot write %1").arg(file);
    }
    return {};
}

bool SshdFixture::authorize(const QString &publicKeyFile)
{
    QFile key(publicKeyFile);
    QFile authorized(path(QStringLiteral("authorized_keys")));
    return key.open(QIODevice::ReadOnly) && authorized.open(QIODevice::Append) &&
           authorized.write(key.readAll()) > 0;
}

bool SshdFixture::writeClientConfig(const QString &file, const QStringList &knownHostsFiles,
                                    const QString &identity)
{
    QString text = QStringLiteral("Host *\n  UserKnownHostsFile %1\n  GlobalKnownHostsFile /dev/null\n"
                                  "  IdentitiesOnly yes\n")
                       .arg(knownHostsFiles.join(u' '));
    if (!identity.isEmpty())
        text += QStringLiteral("  IdentityFile %1\n").arg(identity);
    return writeFile(file, text.toUtf8());
}

void SshdFixture::stop()
{
    if (m_sshd.state() == QProcess::NotRunning)
        return;
    m_sshd.terminate();
    m_sshd.waitForFinished(5000);
}

QString SshdFixture::serverLog()
{
    m_log += m_sshd.readAll();
    return QString::fromUtf8(m_log);
}

} // namespace signet::test_support
