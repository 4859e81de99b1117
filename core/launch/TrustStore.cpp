// SPDX-License-Identifier: GPL-3.0-or-later
// TrustStore: PEM bundle → PKCS12 with OpenSSL, in process (no keytool needed).
#include "launch/TrustStore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSaveFile>

#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include <memory>

namespace signet::launch {

namespace {

// Oracle's "trusted key usage" bag attribute, which Java's PKCS12 KeyStore needs to treat a
// certificate bag as a trusted-certificate entry; its value is the usage (anyExtendedKeyUsage).
constexpr const char *kJavaTrustedKeyUsage = "2.16.840.1.113894.746875.1.1";
constexpr const char *kAnyExtendedKeyUsage = "2.5.29.37.0";

struct BioFree
{
    void operator()(BIO *bio) const { BIO_free(bio); }
};
struct X509Free
{
    void operator()(X509 *cert) const { X509_free(cert); }
};
struct ObjectFree
{
    void operator()(ASN1_OBJECT *object) const { ASN1_OBJECT_free(object); }
};
struct BagsFree
{
    void operator()(STACK_OF(PKCS12_SAFEBAG) * bags) const
    {
        sk_PKCS12_SAFEBAG_pop_free(bags, PKCS12_SAFEBAG_free);
    }
};
struct SafesFree
{
    void operator()(STACK_OF(PKCS7) * safes) const { sk_PKCS7_pop_free(safes, PKCS7_free); }
};
struct Pkcs12Free
{
    void operator()(PKCS12 *p12) const { PKCS12_free(p12); }
};

Error opensslError(const QString &what)
{
    const unsigned long code = ERR_get_error();
    char buffer[256] = {};
    ERR_error_string_n(code, buffer, sizeof buffer);
    ERR_clear_error();
    return makeError(QStringLiteral("launch.truststore"),
                     QStringLiteral("%1 (%2)").arg(what, QString::fromLatin1(buffer)),
                     QStringLiteral("Check that the CA file is a PEM certificate bundle."));
}

} // namespace

Result<QByteArray> TrustStore::fromPem(const QByteArray &pem)
{
    std::unique_ptr<BIO, BioFree> in(BIO_new_mem_buf(pem.constData(), int(pem.size())));
    std::unique_ptr<STACK_OF(PKCS12_SAFEBAG), BagsFree> bags(sk_PKCS12_SAFEBAG_new_null());
    std::unique_ptr<ASN1_OBJECT, ObjectFree> anyUsage(OBJ_txt2obj(kAnyExtendedKeyUsage, 1));
    if (!in || !bags || !anyUsage)
        return opensslError(QStringLiteral("could not start building the trust store"));
    int count = 0;
    for (;;) {
        std::unique_ptr<X509, X509Free> cert(PEM_read_bio_X509(in.get(), nullptr, nullptr, nullptr));
        if (!cert)
            break;
        // Non-null stack: OpenSSL pushes onto it and leaves the pointer unchanged.
        STACK_OF(PKCS12_SAFEBAG) *bagStack = bags.get();
        PKCS12_SAFEBAG *bag = PKCS12_add_cert(&bagStack, cert.get());
        if (!bag)
            return opensslError(
                QStringLiteral("could not add certificate %1 to the trust store").arg(count + 1));
        const QByteArray alias = QByteArrayLiteral("signet-ca-") + QByteArray::number(count + 1);
        // len -1 with a non-string type: OpenSSL takes the data pointer as the ASN1_OBJECT.
        if (!PKCS12_add_friendlyname_asc(bag, alias.constData(), int(alias.size())) ||
            !PKCS12_add1_attr_by_txt(bag, kJavaTrustedKeyUsage, V_ASN1_OBJECT,
                                     reinterpret_cast<const unsigned char *>(anyUsage.get()), -1))
            return opensslError(QStringLiteral("could not mark certificate %1 as trusted").arg(count + 1));
        ++count;
    }
    ERR_clear_error(); // the end of the PEM input reads as an error
    if (count == 0)
        return makeError(QStringLiteral("launch.truststore"),
                         QStringLiteral("the CA file holds no PEM certificate"),
                         QStringLiteral("Point the profile at the RDS CA bundle (a .pem file)."));

    std::unique_ptr<STACK_OF(PKCS7), SafesFree> safes(sk_PKCS7_new_null());
    // nid_safe -1: certificates are public, so the safe is not encrypted.
    STACK_OF(PKCS7) *safeStack = safes.get();
    if (!safes || !PKCS12_add_safe(&safeStack, bags.get(), -1, 0, nullptr))
        return opensslError(QStringLiteral("could not build the trust store"));
    std::unique_ptr<PKCS12, Pkcs12Free> p12(PKCS12_add_safes(safes.get(), 0));
    const QByteArray pass = password().toLatin1();
    if (!p12 || !PKCS12_set_mac(p12.get(), pass.constData(), int(pass.size()), nullptr, 0, 2048, nullptr))
        return opensslError(QStringLiteral("could not seal the trust store"));

    std::unique_ptr<BIO, BioFree> out(BIO_new(BIO_s_mem()));
    if (!out || i2d_PKCS12_bio(out.get(), p12.get()) != 1)
        return opensslError(QStringLiteral("could not encode the trust store"));
    char *data = nullptr;
    const long size = BIO_get_mem_data(out.get(), &data);
    return QByteArray(data, qsizetype(size));
}

Result<QString> TrustStore::ensureFor(const QString &caFile, const QString &directory)
{
    QFile file(caFile);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(QStringLiteral("launch.ca-unreadable"),
                         QStringLiteral("could not read the CA file %1: %2").arg(caFile, file.errorString()),
                         QStringLiteral("Check the profile's CA bundle path."));
    const QByteArray pem = file.readAll();
    const QString dir = directory.isEmpty() ? QDir::tempPath() : directory;
    const QByteArray digest = QCryptographicHash::hash(pem, QCryptographicHash::Sha256).toHex().left(16);
    const QString path =
        QDir(dir).filePath(QStringLiteral("signet-ca-%1.p12").arg(QString::fromLatin1(digest)));
    if (QFile::exists(path))
        return path;
    const auto store = fromPem(pem);
    if (!store)
        return store.error();
    QDir().mkpath(dir);
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(*store) != store->size() || !out.commit())
        return makeError(
            QStringLiteral("launch.truststore"),
            QStringLiteral("could not write the trust store %1: %2").arg(path, out.errorString()),
            QStringLiteral("Check that the directory is writable."));
    return path;
}

} // namespace signet::launch
