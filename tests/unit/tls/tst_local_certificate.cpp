// SPDX-License-Identifier: GPL-3.0-or-later
// LocalCertificate: the loopback certificate is created once (names, validity, a private key file in
// a private directory), verifies under OpenSSL's strict rules as its own root, is reused, and is
// replaced with a note when it expired, is about to, or its key is unreadable, foreign or exposed.
#include "tls/LocalCertificate.h"

#include <QFile>
#include <QHostAddress>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <memory>

using namespace signet;
using namespace signet::tls;

namespace {

constexpr auto kMode0700 = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;
constexpr auto kGroupOrOther = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
                               QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;

// Verifies `cert` as a TLS server certificate for `host` (a name or an IP address) with `cert`
// itself as the only trusted root, as libpq, libmariadb and Python do.
int verifyFor(const QSslCertificate &cert, const char *host, bool isIp)
{
    auto *x509 = static_cast<X509 *>(cert.handle());
    std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(), X509_STORE_free);
    X509_STORE_add_cert(store.get(), x509);
    std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> context(X509_STORE_CTX_new(),
                                                                            X509_STORE_CTX_free);
    X509_STORE_CTX_init(context.get(), store.get(), x509, nullptr);
    X509_VERIFY_PARAM *param = X509_STORE_CTX_get0_param(context.get());
    X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_X509_STRICT);
    X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_SSL_SERVER);
    if (isIp)
        X509_VERIFY_PARAM_set1_ip_asc(param, host);
    else
        X509_VERIFY_PARAM_set1_host(param, host, 0);
    X509_verify_cert(context.get());
    return X509_STORE_CTX_get_error(context.get());
}

QByteArray digestOf(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QSslCertificate(file.readAll()).digest(QCryptographicHash::Sha256)
                                          : QByteArray();
}

} // namespace

class TestLocalCertificate final : public QObject
{
    Q_OBJECT

private slots:
    void createdOnceThenReused()
    {
        QTemporaryDir dir;
        const QString where = dir.filePath(QStringLiteral("signet/local-tls"));
        const ManualClock clock(QDateTime::currentDateTimeUtc());
        const LocalCertificate local(where, clock);

        const auto first = local.ensure();
        QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : first.error().message));
        QVERIFY(first->note.startsWith(QStringLiteral("created a local TLS certificate")));
        QCOMPARE(first->certificatePath, where + QStringLiteral("/localhost.crt"));
        QCOMPARE(first->keyPath, where + QStringLiteral("/localhost.key"));

        // The names every loopback client uses, and nothing else.
        const auto names = first->certificate.subjectAlternativeNames();
        QCOMPARE(names.values(QSsl::DnsEntry), QStringList{QStringLiteral("localhost")});
        QList<QHostAddress> ips;
        for (const QString &ip : names.values(QSsl::IpAddressEntry))
            ips << QHostAddress(ip);
        QCOMPARE(ips.size(), 2);
        QVERIFY(ips.contains(QHostAddress(QHostAddress::LocalHost)));
        QVERIFY(ips.contains(QHostAddress(QHostAddress::LocalHostIPv6)));

        // About 13 months from now, from an hour ago; an EC P-256 key.
        QCOMPARE(first->certificate.expiryDate().secsTo(clock.now().addDays(LocalCertificate::kValidityDays)),
                 0);
        QCOMPARE(first->certificate.effectiveDate().secsTo(clock.now()), 3600);
        QCOMPARE(first->privateKey.algorithm(), QSsl::Ec);
        QCOMPARE(first->privateKey.length(), 256);

        // Private: the key 0600 in a 0700 directory.
        const auto dirMode = QFile::permissions(where);
        QVERIFY((dirMode & kMode0700) == kMode0700);
        QVERIFY(!(dirMode & kGroupOrOther));
        const auto keyMode = QFile::permissions(first->keyPath);
        QVERIFY(keyMode.testFlag(QFileDevice::ReadOwner) && keyMode.testFlag(QFileDevice::WriteOwner));
        QVERIFY(!(keyMode & kGroupOrOther));

        // Valid as its own root under OpenSSL's strict checks, for each name and no other.
        QCOMPARE(verifyFor(first->certificate, "localhost", false), X509_V_OK);
        QCOMPARE(verifyFor(first->certificate, "127.0.0.1", true), X509_V_OK);
        QCOMPARE(verifyFor(first->certificate, "::1", true), X509_V_OK);
        QCOMPARE(verifyFor(first->certificate, "example.com", false), X509_V_ERR_HOSTNAME_MISMATCH);
        QCOMPARE(verifyFor(first->certificate, "192.0.2.1", true), X509_V_ERR_IP_ADDRESS_MISMATCH);

        // The second call reuses it, without a note.
        const auto second = LocalCertificate(where, clock).ensure();
        QVERIFY(second.ok());
        QVERIFY(second->note.isEmpty());
        QCOMPARE(second->certificate, first->certificate);
        QCOMPARE(second->privateKey.toPem(), first->privateKey.toPem());
    }

    void replacedWhenExpiredOrAboutTo_data()
    {
        QTest::addColumn<int>("daysLater");
        QTest::addColumn<QString>("why");
        QTest::newRow("expired") << LocalCertificate::kValidityDays + 3 << QStringLiteral("it expired on ");
        QTest::newRow("about to expire")
            << LocalCertificate::kValidityDays - 10 << QStringLiteral("it expires on ");
    }

    void replacedWhenExpiredOrAboutTo()
    {
        QFETCH(int, daysLater);
        QFETCH(QString, why);
        QTemporaryDir dir;
        ManualClock clock(QDateTime::currentDateTimeUtc());
        const LocalCertificate local(dir.path(), clock);
        const auto first = local.ensure();
        QVERIFY(first.ok());
        clock.advance(qint64(daysLater) * 86400);
        const auto renewed = local.ensure();
        QVERIFY(renewed.ok());
        QVERIFY2(renewed->note.contains(why), qPrintable(renewed->note));
        QVERIFY(renewed->note.startsWith(QStringLiteral("replaced the local TLS certificate")));
        QVERIFY(renewed->certificate != first->certificate);
        QVERIFY(renewed->certificate.expiryDate() > clock.now().addDays(LocalCertificate::kValidityDays - 1));
        QCOMPARE(digestOf(local.certificatePath()), renewed->certificate.digest(QCryptographicHash::Sha256));
    }

    void replacedWhenTheKeyIsUnusable_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("why");
        QTest::newRow("garbage") << QStringLiteral("garbage") << QStringLiteral("not an EC private key");
        QTest::newRow("missing") << QStringLiteral("missing") << QStringLiteral("its key is missing");
        QTest::newRow("foreign") << QStringLiteral("foreign")
                                 << QStringLiteral("the key does not belong to the certificate");
        QTest::newRow("readable by others")
            << QStringLiteral("open") << QStringLiteral("its key could be read by other users");
        QTest::newRow("certificate garbage")
            << QStringLiteral("cert") << QStringLiteral("the certificate file is not one PEM certificate");
    }

    void replacedWhenTheKeyIsUnusable()
    {
        QFETCH(QString, damage);
        QFETCH(QString, why);
        QTemporaryDir dir;
        const LocalCertificate local(dir.filePath(QStringLiteral("a")));
        const auto first = local.ensure();
        QVERIFY(first.ok());
        if (damage == u"garbage" || damage == u"cert") {
            QFile file(damage == u"cert" ? local.certificatePath() : local.keyPath());
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write("-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----\n");
        } else if (damage == u"missing") {
            QVERIFY(QFile::remove(local.keyPath()));
        } else if (damage == u"foreign") {
            const LocalCertificate other(dir.filePath(QStringLiteral("b")));
            QVERIFY(other.ensure().ok());
            QVERIFY(QFile::remove(local.keyPath()));
            QVERIFY(QFile::copy(other.keyPath(), local.keyPath()));
        } else {
            QVERIFY(QFile::setPermissions(local.keyPath(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                               QFileDevice::ReadGroup |
                                                               QFileDevice::ReadOther));
        }
        const auto replaced = local.ensure();
        QVERIFY2(replaced.ok(), qPrintable(replaced.ok() ? QString() : replaced.error().message));
        QVERIFY2(replaced->note.contains(why), qPrintable(replaced->note));
        QVERIFY(replaced->certificate != first->certificate);
        QVERIFY(!(QFile::permissions(local.keyPath()) & (QFileDevice::ReadGroup | QFileDevice::ReadOther)));
        // The files on disk are the new pair, reused next time.
        const auto again = local.ensure();
        QVERIFY(again.ok() && again->note.isEmpty());
        QCOMPARE(again->certificate, replaced->certificate);
    }

    void openDirectoryIsMadePrivate()
    {
        QTemporaryDir dir;
        QVERIFY(QFile::setPermissions(dir.path(), kMode0700 | QFileDevice::ReadGroup | QFileDevice::ExeGroup |
                                                      QFileDevice::ReadOther | QFileDevice::ExeOther));
        QVERIFY(LocalCertificate(dir.path()).ensure().ok());
        QVERIFY(!(QFile::permissions(dir.path()) & kGroupOrOther));
    }
};

QTEST_GUILESS_MAIN(TestLocalCertificate)
#include "tst_local_certificate.moc"
