// SPDX-License-Identifier: GPL-3.0-or-later
// CaBundleStore: validated, atomic writes of bundle files and of index.json.
#include "tls/CaBundleStore.h"

#include "endpoint/Endpoint.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>

#include <openssl/x509.h>

namespace signet::tls {

namespace {

const QString kGlobal = QStringLiteral("global");

Error writeError(const QString &path, const QString &why)
{
    return makeError(QStringLiteral("ca.write-failed"), QStringLiteral("cannot write %1: %2").arg(path, why),
                     QStringLiteral("Check the permissions of the directory and the free disk space."));
}

Status writeAtomically(const QString &path, const QByteArray &data)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return writeError(path, file.errorString());
    file.write(data);
    if (!file.commit())
        return writeError(path, file.errorString());
    return Unit{};
}

bool isValidId(const QString &id)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$"));
    return pattern.match(id).hasMatch();
}

} // namespace

CaBundleStore::CaBundleStore()
    : m_directory(defaultDirectory())
{}

CaBundleStore::CaBundleStore(QString directory)
    : m_directory(std::move(directory))
{}

QString CaBundleStore::defaultDirectory(const QProcessEnvironment &env)
{
    const QString override = env.value(QStringLiteral("SIGNET_CA_DIR"));
    if (!override.isEmpty())
        return override;
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
           QStringLiteral("/signet/ca");
}

QString CaBundleStore::indexPath() const
{
    return m_directory + QStringLiteral("/index.json");
}

QList<CaBundleEntry> CaBundleStore::readIndex() const
{
    QFile file(indexPath());
    QList<CaBundleEntry> list;
    if (!file.open(QIODevice::ReadOnly))
        return list;
    const QJsonArray array =
        QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("bundles")).toArray();
    for (const QJsonValue &value : array) {
        CaBundleEntry entry = CaBundleEntry::fromJson(value.toObject());
        // An index row whose file vanished is not a bundle.
        if (isValidId(entry.id) && QFileInfo::exists(m_directory + u'/' + entry.fileName))
            list << entry;
    }
    return list;
}

Status CaBundleStore::writeIndex(const QList<CaBundleEntry> &entries) const
{
    QJsonArray array;
    for (const CaBundleEntry &entry : entries)
        array.append(entry.toJson());
    const QJsonObject root{{QStringLiteral("version"), 1}, {QStringLiteral("bundles"), array}};
    return writeAtomically(indexPath(), QJsonDocument(root).toJson(QJsonDocument::Indented));
}

Status CaBundleStore::ensureGlobal() const
{
    if (entry(kGlobal))
        return Unit{};
    const auto builtin = CaBundle::builtinGlobal();
    if (!builtin)
        return builtin.error();
    const auto stored = store(kGlobal, CaBundleEntry::kOfflineSource, builtin->pem(), {}, {},
                              QDateTime::currentDateTimeUtc());
    if (!stored)
        return stored.error();
    return Unit{};
}

QList<CaBundleEntry> CaBundleStore::entries() const
{
    // Listing never fails because the directory is read-only: then the list is just what exists.
    (void)ensureGlobal();
    return readIndex();
}

std::optional<CaBundleEntry> CaBundleStore::entry(const QString &id) const
{
    for (const CaBundleEntry &candidate : readIndex()) {
        if (candidate.id == id)
            return candidate;
    }
    return std::nullopt;
}

Result<QString> CaBundleStore::pathOf(const QString &id) const
{
    if (id == kGlobal) {
        const Status installed = ensureGlobal();
        if (!installed)
            return installed.error();
    }
    const auto found = entry(id);
    if (!found)
        return makeError(QStringLiteral("ca.unknown-bundle"),
                         QStringLiteral("no CA bundle named \"%1\"").arg(id),
                         QStringLiteral("Use a stored bundle, or download \"%1\".").arg(id),
                         Fix{Fix::Kind::UpdateCaBundle, id});
    return QString(m_directory + u'/' + found->fileName);
}

bool CaBundleStore::isPath(const QString &idOrPath)
{
    const QString text = idOrPath.trimmed();
    return text.contains(u'/') || text.endsWith(QStringLiteral(".pem")) || text.startsWith(u':');
}

QString CaBundleStore::defaultBundleFor(Engine engine, const QString &host)
{
    const bool publicCa = usesDsqlTokens(engine) || endpointKind(host) == EndpointKind::RdsProxy;
    return publicCa ? systemBundleName() : QString();
}

QString CaBundleStore::systemTrustFile(const QProcessEnvironment &env)
{
    // The variable libssl itself reads, so the file is the one libpq and Qt trust by default too.
    const QString fromEnv = env.value(QString::fromLatin1(X509_get_default_cert_file_env()));
    return fromEnv.isEmpty() ? QFile::decodeName(X509_get_default_cert_file()) : fromEnv;
}

Result<QString> CaBundleStore::resolveFor(const QString &idOrPath, Engine engine, const QString &host) const
{
    return resolve(idOrPath.trimmed().isEmpty() ? defaultBundleFor(engine, host) : idOrPath);
}

Result<QString> CaBundleStore::resolve(const QString &idOrPath) const
{
    const QString text = idOrPath.trimmed();
    if (text.isEmpty())
        return pathOf(kGlobal);
    if (text == systemBundleName()) {
        const QString file = systemTrustFile();
        if (!QFileInfo::exists(file))
            return makeError(QStringLiteral("ca.no-system-store"),
                             QStringLiteral("the system trust store %1 does not exist").arg(file),
                             QStringLiteral("Install the ca-certificates package, set SSL_CERT_FILE to a "
                                            "PEM bundle, or choose a CA bundle file."));
        return file;
    }
    if (isPath(text)) {
        if (!QFileInfo::exists(text))
            return makeError(QStringLiteral("ca.missing-file"),
                             QStringLiteral("CA file %1 does not exist").arg(text),
                             QStringLiteral("Pass an existing PEM file or the name of a stored bundle."));
        return QString(text);
    }
    return pathOf(text);
}

Result<CaBundle> CaBundleStore::load(const QString &idOrPath) const
{
    const auto path = resolve(idOrPath);
    if (!path)
        return path.error();
    return CaBundle::fromFile(*path);
}

Result<CaBundleEntry> CaBundleStore::store(const QString &id, const QString &source, const QByteArray &pem,
                                           const QString &etag, const QString &lastModified,
                                           const QDateTime &now) const
{
    if (!isValidId(id))
        return makeError(QStringLiteral("ca.bad-id"),
                         QStringLiteral("\"%1\" is not a usable bundle name").arg(id),
                         QStringLiteral("Use letters, digits, dots, dashes and underscores."));
    const auto bundle = CaBundle::fromPem(pem, source);
    if (!bundle)
        return bundle.error();
    if (!QDir().mkpath(m_directory))
        return writeError(m_directory, QStringLiteral("cannot create the directory"));

    CaBundleEntry entry;
    entry.id = id;
    entry.fileName = id + QStringLiteral(".pem");
    entry.source = source;
    entry.storedAt = now.toUTC();
    entry.checkedAt = now.toUTC();
    entry.sha256 = bundle->sha256();
    entry.etag = etag;
    entry.lastModified = lastModified;
    entry.certificateCount = bundle->size();

    // Keep the version being replaced, so a bad upstream bundle can be rolled back by hand.
    const QString path = m_directory + u'/' + entry.fileName;
    const auto previous = this->entry(id);
    if (previous && previous->sha256 != entry.sha256) {
        const QString kept = m_directory + u'/' + id + QStringLiteral(".previous.pem");
        QFile::remove(kept);
        QFile::copy(path, kept);
    }
    const Status written = writeAtomically(path, pem);
    if (!written)
        return written.error();
    QList<CaBundleEntry> list = readIndex();
    list.removeIf([&](const CaBundleEntry &row) { return row.id == id; });
    list << entry;
    const Status indexed = writeIndex(list);
    if (!indexed)
        return indexed.error();
    return entry;
}

Status CaBundleStore::markChecked(const QString &id, const QDateTime &now) const
{
    QList<CaBundleEntry> list = readIndex();
    for (CaBundleEntry &row : list) {
        if (row.id == id)
            row.checkedAt = now.toUTC();
    }
    return writeIndex(list);
}

Result<CaBundleEntry> CaBundleStore::importFile(const QString &path, const QString &id) const
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(QStringLiteral("ca.unreadable"),
                         QStringLiteral("cannot read %1: %2").arg(path, file.errorString()),
                         QStringLiteral("Check the path and its permissions."));
    QString name = id;
    if (name.isEmpty()) {
        name = QStringLiteral("file-") + QFileInfo(path).completeBaseName();
        name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]")), QStringLiteral("_"));
    }
    return store(name, QStringLiteral("file:") + QFileInfo(path).absoluteFilePath(), file.readAll());
}

} // namespace signet::tls
