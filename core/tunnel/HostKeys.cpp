// SPDX-License-Identifier: GPL-3.0-or-later
// HostKeys: ssh -G for the resolved host, port and known_hosts file; ssh-keyscan; ssh-keygen -lf.
#include "tunnel/HostKeys.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QPromise>
#include <QRegularExpression>
#include <QThreadPool>

namespace signet::tunnel {

namespace {

struct Ran
{
    bool ok = false;
    QByteArray out;
    QString problem;
};

Ran run(const QString &program, const QStringList &args, const QByteArray &input, int timeoutMs)
{
    QProcess process;
    process.start(program, args);
    if (!process.waitForStarted(timeoutMs))
        return {
            false, {}, QStringLiteral("%1 could not be started (%2)").arg(program, process.errorString())};
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(1000);
        return {
            false, {}, QStringLiteral("%1 did not answer within %2 s").arg(program).arg(timeoutMs / 1000)};
    }
    const QByteArray out = process.readAllStandardOutput();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return {false, out,
                QStringLiteral("%1 failed: %2")
                    .arg(program, QString::fromLocal8Bit(process.readAllStandardError()).trimmed())};
    return {true, out, {}};
}

QString expandHome(QString path)
{
    if (path.startsWith(u"~/"))
        path = QDir::homePath() + path.mid(1);
    return path;
}

Error trustError(const QString &message, const QString &hint)
{
    return makeError(QStringLiteral("tunnel.trust-failed"), message, hint);
}

} // namespace

QString fingerprintIn(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("SHA256:[A-Za-z0-9+/]+=*"));
    return pattern.match(text).captured(0);
}

Status trustHostKey(const SshRoute &route, const QString &fingerprint, HostKeyOptions options)
{
    if (options.configFile.isEmpty())
        options.configFile = qEnvironmentVariable("SIGNET_SSH_CONFIG");
    const QString manual =
        route.port > 0
            ? QStringLiteral("ssh-keyscan -p %1 %2 >> ~/.ssh/known_hosts").arg(route.port).arg(route.host)
            : QStringLiteral("ssh-keyscan %1 >> ~/.ssh/known_hosts").arg(route.host);
    if (!route.jumpHosts.isEmpty())
        return trustError(QStringLiteral("the key of %1 cannot be fetched from here: it is reached through "
                                         "jump hosts")
                              .arg(route.host),
                          QStringLiteral("Connect once with ssh -J %1 %2 in a terminal and accept its key.")
                              .arg(route.jumpHosts.join(u','), route.host));
    if (fingerprint.isEmpty())
        return trustError(QStringLiteral("no fingerprint was shown for %1").arg(route.host),
                          QStringLiteral("Add the key by hand: %1.").arg(manual));

    // What OpenSSH resolves for the route: the real host name and port (a Host alias), and the file
    // it reads known hosts from.
    QStringList args{QStringLiteral("-G")};
    if (!options.configFile.isEmpty())
        args << QStringLiteral("-F") << options.configFile;
    if (route.port > 0)
        args << QStringLiteral("-p") << QString::number(route.port);
    args << QStringLiteral("--") << route.host;
    const Ran resolved = run(options.ssh, args, {}, options.timeoutMs);
    if (!resolved.ok)
        return trustError(resolved.problem, QStringLiteral("Add the key by hand: %1.").arg(manual));
    QString host = route.host;
    int port = 22;
    QString knownHosts = QDir::homePath() + QStringLiteral("/.ssh/known_hosts");
    bool hashed = false;
    for (const QByteArray &raw : resolved.out.split('\n')) {
        const QString line = QString::fromUtf8(raw).trimmed();
        const QString key = line.section(u' ', 0, 0);
        const QString value = line.section(u' ', 1);
        if (key == u"hostname")
            host = value;
        else if (key == u"port")
            port = value.toInt();
        else if (key == u"userknownhostsfile")
            knownHosts = expandHome(value.section(u' ', 0, 0));
        else if (key == u"hashknownhosts")
            hashed = value == u"yes";
    }

    // Hashed names where the user's OpenSSH hashes them (Debian's default).
    QStringList scanArgs{QStringLiteral("-p"), QString::number(port)};
    if (hashed)
        scanArgs << QStringLiteral("-H");
    scanArgs << QStringLiteral("--") << host;
    const Ran scanned = run(options.keyscan, scanArgs, {}, options.timeoutMs);
    if (!scanned.ok || scanned.out.trimmed().isEmpty())
        return trustError(
            QStringLiteral("the host key of %1 could not be fetched%2")
                .arg(host, scanned.problem.isEmpty() ? QString() : u": " + scanned.problem),
            QStringLiteral("Check that the bastion is reachable, or add the key by hand: %1.").arg(manual));
    // Keep only the key whose fingerprint the user was shown.
    QByteArray chosen;
    for (const QByteArray &line : scanned.out.split('\n')) {
        if (line.trimmed().isEmpty() || line.startsWith('#'))
            continue;
        const Ran print =
            run(options.keygen, {QStringLiteral("-lf"), QStringLiteral("-")}, line + '\n', options.timeoutMs);
        if (print.ok && QString::fromUtf8(print.out).section(u' ', 1, 1) == fingerprint) {
            chosen = line.trimmed() + '\n';
            break;
        }
    }
    if (chosen.isEmpty())
        return trustError(QStringLiteral("%1 now answers with a host key other than %2: nothing was trusted")
                              .arg(host, fingerprint),
                          QStringLiteral("Someone may be between you and the bastion. Ask its administrator "
                                         "for the right fingerprint."));

    QDir().mkpath(QFileInfo(knownHosts).absolutePath());
    QFile file(knownHosts);
    const bool existed = file.exists();
    // Never glue the key onto a last line that has no newline.
    if (existed && file.size() > 0 && file.open(QIODevice::ReadOnly)) {
        file.seek(file.size() - 1);
        if (file.read(1) != "\n")
            chosen.prepend('\n');
        file.close();
    }
    if (!file.open(QIODevice::Append | QIODevice::WriteOnly) || file.write(chosen) != chosen.size())
        return trustError(QStringLiteral("cannot write %1: %2").arg(knownHosts, file.errorString()),
                          QStringLiteral("Add the key by hand: %1.").arg(manual));
    if (!existed)
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return Unit{};
}

QFuture<Status> trustHostKeyInBackground(const SshRoute &route, const QString &fingerprint,
                                         HostKeyOptions options)
{
    auto promise = std::make_shared<QPromise<Status>>();
    QFuture<Status> future = promise->future();
    promise->start();
    QThreadPool::globalInstance()->start([promise, route, fingerprint, options]() {
        promise->addResult(trustHostKey(route, fingerprint, options));
        promise->finish();
    });
    return future;
}

} // namespace signet::tunnel
