// SPDX-License-Identifier: GPL-3.0-or-later
// TestPki: OpenSSL X509 building (EC P-256 keys, SHA-256 signatures) for tests only.
#include "TestPki.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace signet::test {

namespace {

QByteArray bioBytes(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, int(size));
}

void setTime(ASN1_TIME *field, const QDateTime &when)
{
    ASN1_TIME_set(field, time_t(when.toSecsSinceEpoch()));
}

void addExtension(X509 *certificate, X509 *issuer, int nid, const QByteArray &value)
{
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
    X509_EXTENSION *extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value.constData());
    X509_add_ext(certificate, extension, -1);
    X509_EXTENSION_free(extension);
}

TestCertificate build(const TestCertificate *ca, const QString &commonName, const QByteArray &subjectAltName,
                      const QDateTime &notBefore, const QDateTime &notAfter)
{
    EVP_PKEY *key = EVP_EC_gen("P-256");
    X509 *certificate = X509_new();
    X509_set_version(certificate, 2);
    static long serial = 1000;
    ASN1_INTEGER_set(X509_get_serialNumber(certificate), ++serial);
    setTime(X509_getm_notBefore(certificate), notBefore);
    setTime(X509_getm_notAfter(certificate), notAfter);
    X509_set_pubkey(certificate, key);
    X509_NAME *name = X509_get_subject_name(certificate);
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char *>("Signet tests"), -1, -1, 0);
    const QByteArray cn = commonName.toUtf8();
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char *>(cn.constData()), -1, -1, 0);

    X509 *issuerCertificate = certificate;
    EVP_PKEY *issuerKey = key;
    if (ca) {
        BIO *certBio = BIO_new_mem_buf(ca->certificatePem.constData(), int(ca->certificatePem.size()));
        issuerCertificate = PEM_read_bio_X509(certBio, nullptr, nullptr, nullptr);
        BIO_free(certBio);
        BIO *keyBio = BIO_new_mem_buf(ca->keyPem.constData(), int(ca->keyPem.size()));
        issuerKey = PEM_read_bio_PrivateKey(keyBio, nullptr, nullptr, nullptr);
        BIO_free(keyBio);
    }
    X509_set_issuer_name(certificate, X509_get_subject_name(issuerCertificate));
    if (ca) {
        addExtension(certificate, issuerCertificate, NID_basic_constraints, "critical,CA:FALSE");
        addExtension(certificate, issuerCertificate, NID_ext_key_usage, "serverAuth");
        if (!subjectAltName.isEmpty())
            addExtension(certificate, issuerCertificate, NID_subject_alt_name, subjectAltName);
    } else {
        addExtension(certificate, certificate, NID_basic_constraints, "critical,CA:TRUE");
        addExtension(certificate, certificate, NID_key_usage, "critical,keyCertSign,cRLSign");
        addExtension(certificate, certificate, NID_subject_key_identifier, "hash");
    }
    X509_sign(certificate, issuerKey, EVP_sha256());

    TestCertificate result;
    BIO *out = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(out, certificate);
    result.certificatePem = bioBytes(out);
    BIO_free(out);
    out = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(out, key, nullptr, nullptr, 0, nullptr, nullptr);
    result.keyPem = bioBytes(out);
    BIO_free(out);
    if (ca) {
        X509_free(issuerCertificate);
        EVP_PKEY_free(issuerKey);
    }
    X509_free(certificate);
    EVP_PKEY_free(key);
    return result;
}

} // namespace

TestCertificate makeCa(const QString &commonName, const QDateTime &notBefore, const QDateTime &notAfter)
{
    return build(nullptr, commonName, {}, notBefore, notAfter);
}

TestCertificate makeServer(const TestCertificate &ca, const QString &commonName, const QStringList &dnsNames,
                           const QStringList &ipAddresses, const QDateTime &notBefore,
                           const QDateTime &notAfter)
{
    QStringList names;
    for (const QString &dns : dnsNames)
        names << QStringLiteral("DNS:") + dns;
    for (const QString &ip : ipAddresses)
        names << QStringLiteral("IP:") + ip;
    return build(&ca, commonName, names.join(u',').toUtf8(), notBefore, notAfter);
}

} // namespace signet::test
