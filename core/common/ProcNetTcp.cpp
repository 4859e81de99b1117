// SPDX-License-Identifier: GPL-3.0-or-later
// ProcNetTcp: parsing /proc/net/tcp{,6} and finding a socket's process through /proc/PID/fd.
#include "common/ProcNetTcp.h"

#include <QDir>
#include <QFile>
#include <QtEndian>

#include <cstring>

#ifdef Q_OS_LINUX
#include <unistd.h>
#endif

namespace signet {

namespace {

QByteArray hexWord(quint32 host)
{
    return QByteArray::number(host, 16).rightJustified(8, '0').toUpper();
}

// /proc files report size 0; readAll reads to the end.
QByteArray readProcFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

} // namespace

QByteArray ProcNetTcp::endpoint(const QHostAddress &address, quint16 port, bool v6)
{
    QByteArray host;
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (!v6) {
        if (!isV4)
            return {};
        const quint32 word = qToBigEndian(v4); // network order in memory …
        quint32 printed = 0;
        std::memcpy(&printed, &word, 4); // … printed as a host-order word
        host = hexWord(printed);
    } else {
        const QHostAddress mapped =
            isV4 ? QHostAddress(QStringLiteral("::ffff:") + QHostAddress(v4).toString()) : address;
        Q_IPV6ADDR bytes = mapped.toIPv6Address();
        for (int word = 0; word < 4; ++word) {
            quint32 printed = 0;
            std::memcpy(&printed, &bytes[word * 4], 4);
            host += hexWord(printed);
        }
    }
    return host + ':' + QByteArray::number(port, 16).rightJustified(4, '0').toUpper();
}

QList<ProcNetTcpRow> ProcNetTcp::parse(QByteArrayView table)
{
    QList<ProcNetTcpRow> rows;
    const QList<QByteArray> lines = QByteArray(table.data(), table.size()).split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QList<QByteArray> fields = lines.at(i).simplified().split(' ');
        // sl local rem st tx:rx tr:when retrnsmt uid timeout inode …
        if (fields.size() < 10)
            continue;
        ProcNetTcpRow row;
        row.local = fields.at(1).toUpper();
        row.remote = fields.at(2).toUpper();
        bool stateOk = false, uidOk = false, inodeOk = false;
        row.state = fields.at(3).toInt(&stateOk, 16);
        row.uid = fields.at(7).toUInt(&uidOk);
        row.inode = fields.at(9).toULongLong(&inodeOk);
        if (stateOk && uidOk && inodeOk)
            rows << row;
    }
    return rows;
}

QList<std::pair<QByteArray, bool>> ProcNetTcp::readTables()
{
    QList<std::pair<QByteArray, bool>> tables;
#ifdef Q_OS_LINUX
    tables.append({readProcFile(QStringLiteral("/proc/net/tcp")), false});
    tables.append({readProcFile(QStringLiteral("/proc/net/tcp6")), true});
#endif
    return tables;
}

quint64 ProcNetTcp::listeningInode(const QHostAddress &address, quint16 port)
{
    for (const auto &[table, v6] : readTables()) {
        const QByteArray local = endpoint(address, port, v6);
        if (local.isEmpty())
            continue;
        for (const ProcNetTcpRow &row : parse(table)) {
            if (row.state == Listening && row.local == local && row.inode != 0)
                return row.inode;
        }
    }
    return 0;
}

bool ProcNetTcp::heldByProcessTree(qint64 pid, quint64 inode)
{
#ifdef Q_OS_LINUX
    if (pid <= 0 || inode == 0)
        return false;
    const QString socket = QStringLiteral("socket:[%1]").arg(inode);
    QList<qint64> pending{pid};
    // A forwarding process may hand its listener to a child (a plugin's worker); children are listed
    // per thread in /proc/PID/task/TID/children.
    for (int seen = 0; !pending.isEmpty() && seen < 256; ++seen) {
        const qint64 current = pending.takeFirst();
        const QString base = QStringLiteral("/proc/%1/").arg(current);
        const QStringList fds =
            QDir(base + QStringLiteral("fd")).entryList(QDir::System | QDir::NoDotAndDotDot);
        for (const QString &fd : fds) {
            const QByteArray link = QFile::encodeName(base + QStringLiteral("fd/") + fd);
            char target[64] = {};
            const ssize_t length = ::readlink(link.constData(), target, sizeof(target) - 1);
            if (length > 0 && QLatin1StringView(target, length) == socket)
                return true;
        }
        const QStringList tasks =
            QDir(base + QStringLiteral("task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        for (const QString &task : tasks) {
            const QList<QByteArray> children =
                readProcFile(base + QStringLiteral("task/") + task + QStringLiteral("/children"))
                    .simplified()
                    .split(' ');
            for (const QByteArray &child : children) {
                if (const qint64 id = child.toLongLong(); id > 0)
                    pending << id;
            }
        }
    }
#else
    Q_UNUSED(pid)
    Q_UNUSED(inode)
#endif
    return false;
}

} // namespace signet
