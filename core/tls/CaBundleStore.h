// SPDX-License-Identifier: GPL-3.0-or-later
// CaBundleStore: the CA bundles kept in $XDG_DATA_HOME/signet/ca with their index.
#pragma once

#include "common/Result.h"
#include "endpoint/Engine.h"
#include "tls/CaBundle.h"
#include "tls/CaBundleEntry.h"

#include <QList>
#include <QProcessEnvironment>
#include <QString>

#include <optional>

namespace signet::tls {

// Plain file operations on the store directory; downloads are CaBundleDownload's job. The global
// bundle always exists: when it was never downloaded, the copy compiled into the program is written.
class CaBundleStore final
{
public:
    // The default directory (see defaultDirectory()).
    CaBundleStore();
    explicit CaBundleStore(QString directory);

    // SIGNET_CA_DIR if set, else <GenericDataLocation>/signet/ca.
    static QString
    defaultDirectory(const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());
    QString directory() const { return m_directory; }

    QList<CaBundleEntry> entries() const;
    std::optional<CaBundleEntry> entry(const QString &id) const;
    // The file of bundle `id`; for "global", the offline copy is installed first if needed.
    Result<QString> pathOf(const QString &id) const;
    // A bundle id from the store, "system", or a path to a PEM file: the file to hand to TLS. Empty
    // means the RDS global bundle.
    Result<QString> resolve(const QString &idOrPath) const;
    // As resolve(), but empty means the endpoint's default (defaultBundleFor()).
    Result<QString> resolveFor(const QString &idOrPath, Engine engine, const QString &host) const;

    // The name that stands for the system's trust store: Aurora DSQL's certificates come from a public
    // CA, and RDS Proxy's from AWS Certificate Manager (Amazon Root CA), not from the RDS bundles.
    static QString systemBundleName() { return QStringLiteral("system"); }
    // The default bundle for an engine at `host`: "system" for DSQL and for RDS Proxy endpoints
    // (….proxy-….rds.amazonaws.com), "" (the RDS global bundle) for the others.
    static QString defaultBundleFor(Engine engine, const QString &host);
    // Whether that default is the system trust store (for saying which CA an empty choice means).
    static bool defaultsToSystemStore(Engine engine, const QString &host)
    {
        return defaultBundleFor(engine, host) == systemBundleName();
    }
    // The system store as OpenSSL finds it: $SSL_CERT_FILE when set, else OpenSSL's default file.
    static QString systemTrustFile(const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());
    // Whether resolve() takes `idOrPath` as a file path (a '/', a .pem name, a Qt resource) rather
    // than a stored bundle's id.
    static bool isPath(const QString &idOrPath);
    Result<CaBundle> load(const QString &idOrPath) const;

    // Validates `pem` and writes it atomically as bundle `id`; the old file stays if validation fails.
    // A replaced version is kept as `<id>.previous.pem`.
    Result<CaBundleEntry> store(const QString &id, const QString &source, const QByteArray &pem,
                                const QString &etag = {}, const QString &lastModified = {},
                                const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
    // Records that an update check found nothing new (HTTP 304).
    Status markChecked(const QString &id, const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
    // Copies a PEM file into the store (validated) as "file-<base name>" unless `id` is given.
    Result<CaBundleEntry> importFile(const QString &path, const QString &id = {}) const;
    // Writes the compiled-in global bundle when no global bundle is stored yet.
    Status ensureGlobal() const;

private:
    QString indexPath() const;
    QList<CaBundleEntry> readIndex() const;
    Status writeIndex(const QList<CaBundleEntry> &entries) const;

    QString m_directory;
};

} // namespace signet::tls
