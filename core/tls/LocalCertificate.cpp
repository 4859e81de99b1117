// SPDX-License-Identifier: GPL-3.0-or-later
// LocalCertificate: generating (OpenSSL 3), checking and reusing the loopback certificate and key.
#include "tls/LocalCertificate.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QSaveFile>
#include <QStandardPaths>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace signet::tls {

namespace {

struct OpenSslFree
{
    void operator()(BIO *bio) const { BIO_free(bio); }
    void operator()(X509 *cert) const { X509_free(cert); }
    void operator()(EVP_PKEY *key) const { EVP_PKEY_free(key); }
    void operator()(BIGNUM *number) const { BN_free(number); }
    void operator()(X509_EXTENSION *extension) const { X509_EXTENSION_free(extension); }
};
template<typename T> using Owned = std::unique_ptr<T, OpenSslFree>;

constexpr auto kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr auto kGroupOrOther = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
                               QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;

QString openSslError()
{
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0)
        return QStringLiteral("unknown OpenSSL error");
    char text[256] = {};
    ERR_error_string_n(code, text, sizeof text);
    return QString::fromLatin1(text);
}

Error generateError(const QString &detail)
{
    return makeError(QStringLiteral("tls.local-certificate"),
                     QStringLiteral("could not create the local TLS certificate: %1").arg(detail));
}

Error certificateWriteError(const QString &path, const QString &detail)
{
    return makeError(QStringLiteral("tls.local-certificate"),
                     QStringLiteral("could not write %1: %2").arg(path, detail),
                     QStringLiteral("Check that Signet's data directory is writable and the disk not full."));
}

QByteArray bioBytes(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return size > 0 ? QByteArray(data, size) : QByteArray();
}

bool addExtension(X509 *cert, int nid, const char *value)
{
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, cert, cert, nullptr, nullptr, 0);
    Owned<X509_EXTENSION> extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value));
    return extension && X509_add_ext(cert, extension.get(), -1) == 1;
}

Status writePrivateFile(const QString &path, const QByteArray &content, QFileDevice::Permissions mode)
{
    // QSaveFile creates its temporary file with the umask's permissions (0644 is common) when the file
    // is new; setPermissions() narrows it right after open(). Nobody else can read it in between only
    // because ensure() makes the directory 0700 and owned by us first: keep that order.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return certificateWriteError(path, file.errorString());
    file.setPermissions(mode);
    file.write(content);
    if (!file.commit())
        return certificateWriteError(path, file.errorString());
    return Unit{};
}

QString day(const QDateTime &when)
{
    return when.toUTC().toString(QStringLiteral("yyyy-MM-dd"));
}

} // namespace

LocalCertificate::LocalCertificate(QString directory, const Clock &clock)
    : m_directory(std::move(directory))
    , m_clock(clock)
{}

QString LocalCertificate::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
           QStringLiteral("/signet/local-tls");
}

QString LocalCertificate::certificatePath() const
{
    return QDir(m_directory).filePath(QStringLiteral("localhost.crt"));
}

QString LocalCertificate::keyPath() const
{
    return QDir(m_directory).filePath(QStringLiteral("localhost.key"));
}

Result<LocalTlsIdentity> LocalCertificate::ensure() const
{
    QFileInfo dir(m_directory);
    if (!dir.exists() && !QDir().mkpath(m_directory))
        return makeError(QStringLiteral("tls.local-certificate"),
                         QStringLiteral("cannot create the directory %1").arg(m_directory),
                         QStringLiteral("Check that Signet's data directory is writable."));
    dir.refresh();
#ifdef Q_OS_UNIX
    if (!dir.isDir() || dir.ownerId() != ::geteuid())
        return makeError(
            QStringLiteral("tls.local-certificate"),
            QStringLiteral("%1 is not a directory of yours").arg(m_directory),
            QStringLiteral("Remove it, or move it aside: Signet keeps its local TLS key there."));
#endif
    // Private whatever it was: the key lives here.
    QFile::setPermissions(m_directory, kOwnerOnly | QFileDevice::ExeOwner);

    // Two proxies starting at once must not interleave one's key with the other's certificate.
    QLockFile lock(m_directory + QStringLiteral("/.lock"));
    lock.setStaleLockTime(30000);
    if (!lock.tryLock(10000))
        return makeError(QStringLiteral("tls.local-certificate"),
                         QStringLiteral("another Signet has held %1 for 10 seconds").arg(m_directory),
                         QStringLiteral("Try again; if it persists, remove %1/.lock.").arg(m_directory));

    const bool existed = QFileInfo::exists(certificatePath()) || QFileInfo::exists(keyPath());
    QString whyNot;
    if (existed) {
        auto loaded = load(&whyNot);
        if (loaded)
            return loaded;
    }
    auto made = generate();
    if (!made)
        return made;
    LocalTlsIdentity identity = std::move(made).value();
    if (existed)
        identity.note = QStringLiteral("replaced the local TLS certificate %1 (%2); clients that verify "
                                       "the proxy read the new one from the same path")
                            .arg(identity.certificatePath, whyNot);
    else
        identity.note = QStringLiteral("created a local TLS certificate for localhost, 127.0.0.1 and ::1: %1 "
                                       "(valid until %2)")
                            .arg(identity.certificatePath, day(identity.certificate.expiryDate()));
    return identity;
}

Result<LocalTlsIdentity> LocalCertificate::load(QString *whyNot) const
{
    auto notUsable = [whyNot](const QString &why) -> Result<LocalTlsIdentity> {
        *whyNot = why;
        return makeError(QStringLiteral("tls.local-certificate"), why);
    };
    QFile certFile(certificatePath());
    if (!certFile.open(QIODevice::ReadOnly))
        return notUsable(QStringLiteral("the certificate could not be read: %1").arg(certFile.errorString()));
    const QByteArray certPem = certFile.readAll();
    const QList<QSslCertificate> certs = QSslCertificate::fromData(certPem, QSsl::Pem);
    if (certs.size() != 1 || certs.first().isNull())
        return notUsable(QStringLiteral("the certificate file is not one PEM certificate"));
    const QSslCertificate cert = certs.first();

    QFileInfo keyInfo(keyPath());
    if (!keyInfo.exists())
        return notUsable(QStringLiteral("its key is missing"));
    if (keyInfo.permissions() & kGroupOrOther)
        return notUsable(QStringLiteral("its key could be read by other users"));
    QFile keyFile(keyPath());
    if (!keyFile.open(QIODevice::ReadOnly))
        return notUsable(QStringLiteral("the key could not be read: %1").arg(keyFile.errorString()));
    QByteArray keyPem = keyFile.readAll();
    Owned<BIO> keyBio(BIO_new_mem_buf(keyPem.constData(), int(keyPem.size())));
    Owned<EVP_PKEY> key(keyBio ? PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr) : nullptr);
    const auto *x509 = static_cast<X509 *>(cert.handle());
    const bool matches = key && x509 && X509_check_private_key(x509, key.get()) == 1;
    ERR_clear_error();
    const QSslKey qtKey(keyPem, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    keyPem.fill('\0');
    if (!key || qtKey.isNull())
        return notUsable(QStringLiteral("the key file is not an EC private key in PEM"));
    if (!matches)
        return notUsable(QStringLiteral("the key does not belong to the certificate"));

    const QDateTime now = m_clock.now();
    if (cert.expiryDate() <= now)
        return notUsable(QStringLiteral("it expired on %1").arg(day(cert.expiryDate())));
    if (cert.expiryDate() <= now.addDays(kRenewDays))
        return notUsable(QStringLiteral("it expires on %1").arg(day(cert.expiryDate())));
    if (cert.effectiveDate() > now.addDays(1))
        return notUsable(QStringLiteral("it is not valid before %1 (was the clock changed?)")
                             .arg(day(cert.effectiveDate())));
    return LocalTlsIdentity{cert, qtKey, certificatePath(), keyPath(), QString()};
}

Result<LocalTlsIdentity> LocalCertificate::generate() const
{
    ERR_clear_error();
    Owned<EVP_PKEY> key(EVP_EC_gen("P-256"));
    Owned<X509> cert(X509_new());
    if (!key || !cert)
        return generateError(openSslError());

    // A random 127-bit serial: a new certificate never repeats an old one's issuer and serial.
    unsigned char serialBytes[16];
    if (RAND_bytes(serialBytes, sizeof serialBytes) != 1)
        return generateError(openSslError());
    serialBytes[0] &= 0x7f;
    Owned<BIGNUM> serial(BN_bin2bn(serialBytes, sizeof serialBytes, nullptr));
    const qint64 now = m_clock.now().toSecsSinceEpoch();
    X509_NAME *name = X509_get_subject_name(cert.get());
    const bool ok =
        serial && X509_set_version(cert.get(), X509_VERSION_3) == 1 &&
        BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())) &&
        // An hour back: a client whose clock is a little behind still accepts it.
        ASN1_TIME_set(X509_getm_notBefore(cert.get()), time_t(now - 3600)) &&
        ASN1_TIME_set(X509_getm_notAfter(cert.get()), time_t(now + qint64(kValidityDays) * 86400)) &&
        X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char *>("Signet"), -1, -1, 0) == 1 &&
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char *>("Signet local proxy (localhost)"),
                                   -1, -1, 0) == 1 &&
        X509_set_issuer_name(cert.get(), name) == 1 && X509_set_pubkey(cert.get(), key.get()) == 1 &&
        // Its own root (clients name the file as their CA) and the server certificate: the
        // extensions make it valid as both under OpenSSL's strict checks, GnuTLS and Java.
        addExtension(cert.get(), NID_basic_constraints, "critical,CA:TRUE,pathlen:0") &&
        addExtension(cert.get(), NID_key_usage, "critical,digitalSignature,keyCertSign") &&
        addExtension(cert.get(), NID_ext_key_usage, "serverAuth") &&
        addExtension(cert.get(), NID_subject_key_identifier, "hash") &&
        addExtension(cert.get(), NID_authority_key_identifier, "keyid:always") &&
        addExtension(cert.get(), NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1") &&
        X509_sign(cert.get(), key.get(), EVP_sha256()) > 0;
    if (!ok)
        return generateError(openSslError());

    Owned<BIO> certOut(BIO_new(BIO_s_mem()));
    // Secure memory: the key's PEM is wiped when the BIO goes.
    Owned<BIO> keyOut(BIO_new(BIO_s_secmem()));
    if (!certOut || !keyOut || PEM_write_bio_X509(certOut.get(), cert.get()) != 1 ||
        PEM_write_bio_PrivateKey(keyOut.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return generateError(openSslError());
    const QByteArray certPem = bioBytes(certOut.get());
    QByteArray keyPem = bioBytes(keyOut.get());
    // The key first: a certificate left without its key is noticed (and replaced) on the next run.
    Status written = writePrivateFile(keyPath(), keyPem, kOwnerOnly);
    if (written)
        written = writePrivateFile(certificatePath(), certPem,
                                   kOwnerOnly | QFileDevice::ReadGroup | QFileDevice::ReadOther);
    const QSslKey qtKey(keyPem, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    keyPem.fill('\0');
    if (!written)
        return written.error();
    const QList<QSslCertificate> certs = QSslCertificate::fromData(certPem, QSsl::Pem);
    if (certs.size() != 1 || qtKey.isNull())
        return generateError(QStringLiteral("Qt could not read the certificate or key OpenSSL wrote"));
    return LocalTlsIdentity{certs.first(), qtKey, certificatePath(), keyPath(), QString()};
}

} // namespace signet::tls
