// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileService: a profile with its keys saved, duplicated, removed and restored as one; the signer
// of each credential source; the keychain entry format; a keychain that refuses is an error.
#include "profiles/MemorySecretStore.h"
#include "profiles/ProfileService.h"
#include "profiles/ProfileStore.h"
#include "profiles/SecretStore.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace signet;
using namespace signet::profiles;

namespace {

const QString kKeyId = u"AKIDEXAMPLESTATIC01"_s;
const QString kSecret = u"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"_s;

StaticKeys keys(const QString &id = kKeyId, const QString &secret = kSecret)
{
    return StaticKeys{id, SecretString::fromUtf8(secret)};
}

ConnectionProfile sample(const QString &name, CredentialSource source = CredentialSource::StaticKeys)
{
    ConnectionProfile profile = ConnectionProfile::create(name, Engine::Postgres);
    profile.host = u"orders.cluster-c9xyz.eu-west-1.rds.amazonaws.com"_s;
    profile.dbUser = u"iam_reader"_s;
    profile.credentialSource = source;
    return profile;
}

// A keychain that is there but says no (a locked keyring whose unlock was cancelled).
class RefusingSecretStore final : public SecretStore
{
public:
    void read(const QString &, QObject *context, ReadHandler handler) override
    {
        QTimer::singleShot(0, context, [handler] { handler(refusal()); });
    }
    void write(const QString &, const SecretString &, QObject *context, WriteHandler handler) override
    {
        QTimer::singleShot(0, context, [handler] { handler(refusal()); });
    }
    void remove(const QString &, QObject *context, WriteHandler handler) override
    {
        QTimer::singleShot(0, context, [handler] { handler(refusal()); });
    }
    QString backendName() const override { return u"locked keyring"_s; }

private:
    static Error refusal()
    {
        return makeError(u"secrets.denied"_s, u"the keychain refused to store the secret (locked)"_s,
                         u"Unlock the keyring and allow Signet access."_s);
    }
};

} // namespace

class TestProfileService final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_files = 0;

    QString newPath() { return m_dir.filePath(u"profiles-%1.json"_s.arg(++m_files)); }

    static QString storedSecret(MemorySecretStore &secrets, const QUuid &id)
    {
        const auto stored = secrets.get(SecretStore::keyFor(id, SecretStore::staticKeysPurpose()));
        if (!stored)
            return {};
        const auto decoded = StaticKeys::decode(*stored);
        return decoded ? decoded->accessKeyId + u':' + decoded->secretAccessKey.revealText() : QString();
    }

    static Result<token::AuthToken> signWith(ProfileService &service, const ConnectionProfile &profile)
    {
        const auto signer = ProfileService::wait(service.tokenSigner(profile));
        if (!signer)
            return signer.error();
        QTemporaryDir ca;
        service.setCaBundleStore(tls::CaBundleStore(ca.path()));
        return signer->sign(*service.dbTarget(profile));
    }

private Q_SLOTS:
    void keychainEntryRoundTripsWithoutQJson()
    {
        const StaticKeys typed = keys(u"AKID\"odd\\"_s, u"se\"cr\\et/+\n\x01"_s);
        const SecretString entry = typed.encode();
        // The format Signet has always stored: QJsonDocument reads it.
        const QJsonObject object = QJsonDocument::fromJson(entry.reveal()).object();
        QCOMPARE(object.value(u"accessKeyId"_s).toString(), typed.accessKeyId);
        QCOMPARE(object.value(u"secretAccessKey"_s).toString(), typed.secretAccessKey.revealText());
        const auto decoded = StaticKeys::decode(entry);
        QVERIFY(decoded.ok());
        QCOMPARE(decoded->accessKeyId, typed.accessKeyId);
        QVERIFY(decoded->secretAccessKey == typed.secretAccessKey);

        // Entries written by earlier Signets (QJsonDocument, compact) read the same.
        const QByteArray legacy =
            QJsonDocument(QJsonObject{{u"accessKeyId"_s, kKeyId}, {u"secretAccessKey"_s, kSecret}})
                .toJson(QJsonDocument::Compact);
        const auto old = StaticKeys::decode(SecretString(legacy));
        QVERIFY(old.ok());
        QCOMPARE(old->secretAccessKey.revealText(), kSecret);
        QCOMPARE(old->toCredentials().source, u"static-keys:keychain"_s);

        QCOMPARE(StaticKeys::decode(SecretString(QByteArrayView("{\"accessKeyId\":\"AKID\"}"))).error().code,
                 u"credentials.bad-static-keys"_s);
        QVERIFY(!StaticKeys::decode(SecretString(QByteArrayView("garbage"))).ok());
    }

    void saveStoresTheProfileWithItsKeys()
    {
        ProfileStore store(newPath());
        QVERIFY(store.load().ok());
        MemorySecretStore secrets;
        ProfileService service(store, secrets);
        const ConnectionProfile profile = sample(u"orders"_s);
        QVERIFY(ProfileService::wait(service.save(profile, keys())).ok());
        QVERIFY(store.byId(profile.id).has_value());
        QCOMPARE(storedSecret(secrets, profile.id), kKeyId + u':' + kSecret);
        QCOMPARE(*ProfileService::wait(service.storedAccessKeyId(profile.id)), kKeyId);
        // The file never holds the secret.
        QFile file(store.filePath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains(kSecret.toUtf8()));

        // Saving again without keys keeps the stored ones; new keys replace them.
        ConnectionProfile renamed = profile;
        renamed.name = u"orders-prod"_s;
        QVERIFY(ProfileService::wait(service.save(renamed)).ok());
        QCOMPARE(store.byId(profile.id)->name, u"orders-prod"_s);
        QCOMPARE(storedSecret(secrets, profile.id), kKeyId + u':' + kSecret);
        QVERIFY(ProfileService::wait(service.save(renamed, keys(u"AKIDNEWKEY000000002"_s, u"other"_s))).ok());
        QCOMPARE(storedSecret(secrets, profile.id), u"AKIDNEWKEY000000002:other"_s);

        // Another source: the keys leave the keychain.
        ConnectionProfile viaEnvironment = renamed;
        viaEnvironment.credentialSource = CredentialSource::Environment;
        QVERIFY(ProfileService::wait(service.save(viaEnvironment)).ok());
        QVERIFY(storedSecret(secrets, profile.id).isEmpty());
        QCOMPARE(ProfileService::wait(service.storedAccessKeyId(profile.id)).error().code,
                 u"secrets.not-found"_s);
    }

    void aNewStaticKeysProfileNeedsItsKeys()
    {
        ProfileStore store(newPath());
        QVERIFY(store.load().ok());
        MemorySecretStore secrets;
        ProfileService service(store, secrets);
        const ConnectionProfile profile = sample(u"orders"_s);
        QCOMPARE(ProfileService::wait(service.save(profile)).error().code, u"credentials.no-static-keys"_s);
        QCOMPARE(ProfileService::wait(service.save(profile, keys(kKeyId, {}))).error().code,
                 u"credentials.bad-static-keys"_s);
        QVERIFY(store.profiles().isEmpty());
        ConnectionProfile invalid = profile;
        invalid.port = 0;
        QCOMPARE(ProfileService::wait(service.save(invalid, keys())).error().code, u"profile.invalid"_s);
        QVERIFY(store.profiles().isEmpty());
    }

    void aRefusingKeychainIsAnErrorAndNothingIsSaved()
    {
        ProfileStore store(newPath());
        QVERIFY(store.load().ok());
        RefusingSecretStore secrets;
        ProfileService service(store, secrets);
        const ConnectionProfile profile = sample(u"orders"_s);
        const Status saved = ProfileService::wait(service.save(profile, keys()));
        QVERIFY(!saved.ok());
        QCOMPARE(saved.error().code, u"secrets.denied"_s);
        QVERIFY(saved.error().message.contains(u"refused"_s));
        QVERIFY(store.profiles().isEmpty());
        QVERIFY(!QFile::exists(store.filePath()));
        QCOMPARE(ProfileService::wait(service.tokenSigner(profile)).error().code, u"secrets.denied"_s);
    }

    void staticKeysSignWithThoseKeysOnly()
    {
        ProfileStore store(newPath());
        QVERIFY(store.load().ok());
        MemorySecretStore secrets;
        ProfileService service(store, secrets);
        // Other keys in the environment must not be the ones that sign.
        QProcessEnvironment system;
        system.insert(u"AWS_ACCESS_KEY_ID"_s, u"AKIDEXAMPLEENVIRON01"_s);
        system.insert(u"AWS_SECRET_ACCESS_KEY"_s, u"wJalrXUtnFEMI/K7MDENG/EXAMPLEKEY"_s);
        service.setEnvironment(system);
        const ConnectionProfile profile = sample(u"orders"_s);
        QCOMPARE(ProfileService::wait(service.tokenSigner(profile)).error().code, u"secrets.not-found"_s);
        QVERIFY(ProfileService::wait(service.save(profile, keys())).ok());

        const auto token = signWith(service, profile);
        QVERIFY2(token.ok(), qPrintable(token.ok() ? QString() : token.error().message));
        QCOMPARE(token->accessKeyId(), kKeyId);
        QCOMPARE(token->host(), profile.host);
        QCOMPARE(token->port(), 5432);
        QCOMPARE(token->region(), u"eu-west-1"_s);

        const auto resolved = ProfileService::wait(service.credentials(profile));
        QVERIFY(resolved.ok());
        QCOMPARE(resolved->provider, u"keychain"_s);
        QCOMPARE(resolved->credentials.source, u"static-keys:keychain"_s);
        QCOMPARE(resolved->credentials.accessKeyId, kKeyId);
        const auto chain = ProfileService::wait(service.credentialChain(profile));
        QVERIFY(chain->isFixed());
        QVERIFY(chain->defaultRegion().isEmpty());
    }

    void environmentSignsWithEnvironmentKeysOnly()
    {
        ProfileStore store(newPath());
        MemorySecretStore secrets;
        ProfileService service(store, secrets);
        ConnectionProfile profile = sample(u"orders"_s, CredentialSource::Environment);
        QProcessEnvironment system;
        system.insert(u"AWS_ACCESS_KEY_ID"_s, u"AKIDEXAMPLEENVIRON01"_s);
        system.insert(u"AWS_SECRET_ACCESS_KEY"_s, u"wJalrXUtnFEMI/K7MDENG/EXAMPLEKEY"_s);
        service.setEnvironment(system);
        const auto token = signWith(service, profile);
        QVERIFY(token.ok());
        QCOMPARE(token->accessKeyId(), u"AKIDEXAMPLEENVIRON01"_s);
        QCOMPARE(ProfileService::wait(service.credentials(profile))->credentials.source, u"environment"_s);

        // No keys in the environment: an error, not another identity from the AWS config files.
        QFile credentials(m_dir.filePath(u"credentials"_s));
        QVERIFY(credentials.open(QIODevice::WriteOnly));
        credentials.write("[default]\naws_access_key_id = AKIDFROMTHEFILE00001\n"
                          "aws_secret_access_key = fromthefilefromthefilefromthefile\n");
        credentials.close();
        QProcessEnvironment bare;
        bare.insert(u"AWS_SHARED_CREDENTIALS_FILE"_s, credentials.fileName());
        service.setEnvironment(bare);
        QVERIFY(!signWith(service, profile).ok());
        const auto none = ProfileService::wait(service.credentials(profile));
        QVERIFY(!none.ok());
        QVERIFY(!none.error().message.contains(u"AKIDFROMTHEFILE"_s));
        // An AWS-profile source does read the file.
        profile.credentialSource = CredentialSource::AwsProfile;
        profile.awsProfile.clear();
        const auto fromFile = signWith(service, profile);
        QVERIFY2(fromFile.ok(), qPrintable(fromFile.ok() ? QString() : fromFile.error().message));
        QCOMPARE(fromFile->accessKeyId(), u"AKIDFROMTHEFILE00001"_s);
    }

    void duplicateCopiesTheKeys()
    {
        ProfileStore store(newPath());
        QVERIFY(store.load().ok());
        MemorySecretStore secrets;
        ProfileService service(store, secrets);
        const ConnectionProfile original = sample(u"orders"_s);
        const ConnectionProfile other = sample(u"billing"_s, CredentialSource::AwsProfile);
        QVERIFY(ProfileService::wait(service.save(original, keys())).ok());
        QVERIFY(ProfileService::wait(service.save(other)).ok());
        const auto copy = ProfileService::wait(service.duplicate(original.id));
        QVERIFY(copy.ok());
        QCOMPARE(copy->name, u"orders copy"_s);
        QVERIFY(copy->id != original.id);
        QCOMPARE(store.indexOf(copy->id), 1); // right after the original
        QCOMPARE(storedSecret(secrets, copy->id), kKeyId + u':' + kSecret);
        QCOMPARE(*ProfileService::wait(service.storedAccessKeyId(copy->id)), kKeyId);
        QCOMPARE(ProfileService::wait(service.duplicate(original.id))->name, u"orders copy (2)"_s);
        // The copy's keys are its own.
        QVERIFY(ProfileService::wait(service.remove(original.id)).ok());
        QCOMPARE(signWith(service, *copy)->accessKeyId(), kKeyId);
        QCOMPARE(ProfileService::wait(service.duplicate(QUuid::createUuid())).error().code,
                 u"profiles.not-found"_s);
    }

    void removeAndRestoreCarryTheKeys()
    {
        ProfileStore store(newPath());
        QVERIFY(store.load().ok());
        MemorySecretStore secrets;
        ProfileService service(store, secrets);
        const ConnectionProfile first = sample(u"first"_s, CredentialSource::AwsProfile);
        const ConnectionProfile profile = sample(u"orders"_s);
        QVERIFY(ProfileService::wait(service.save(first)).ok());
        QVERIFY(ProfileService::wait(service.save(profile, keys())).ok());
        QVERIFY(ProfileService::wait(service.save(sample(u"last"_s, CredentialSource::AwsProfile))).ok());

        const auto removed = ProfileService::wait(service.remove(profile.id));
        QVERIFY(removed.ok());
        QCOMPARE(removed->index, 1);
        QVERIFY(removed->keys.has_value());
        QVERIFY(!store.byId(profile.id));
        QVERIFY(storedSecret(secrets, profile.id).isEmpty());

        QVERIFY(ProfileService::wait(service.restore(*removed)).ok());
        QCOMPARE(store.indexOf(profile.id), 1);
        QCOMPARE(storedSecret(secrets, profile.id), kKeyId + u':' + kSecret);
    }

    void aRefusingKeychainKeepsTheProfileOnRemove()
    {
        ProfileStore store(newPath());
        QVERIFY(store.load().ok());
        const ConnectionProfile profile = sample(u"orders"_s);
        QVERIFY(store.add(profile).ok());
        RefusingSecretStore secrets;
        ProfileService service(store, secrets);
        QCOMPARE(ProfileService::wait(service.remove(profile.id)).error().code, u"secrets.denied"_s);
        QVERIFY(store.byId(profile.id).has_value());
    }

    void aKeychainThatDoesNotAnswerTimesOut()
    {
        ProfileStore store(newPath());
        MemorySecretStore secrets;
        ProfileService service(store, secrets);
        QFutureInterface<Result<QString>> never;
        never.reportStarted();
        const auto waited = ProfileService::wait(never.future(), 50);
        QCOMPARE(waited.error().code, u"profiles.timeout"_s);
        QVERIFY(waited.error().message.contains(u"keychain"_s));
    }

    void targetsUseTheCaStore()
    {
        ProfileStore store(newPath());
        MemorySecretStore secrets;
        ProfileService service(store, secrets);
        QTemporaryDir ca;
        service.setCaBundleStore(tls::CaBundleStore(ca.path()));
        ConnectionProfile profile = sample(u"orders"_s);
        const auto file = service.caFile(profile);
        QVERIFY(file.ok());
        QCOMPARE(service.dbTarget(profile)->caFile, *file);
        QCOMPARE(service.probeTarget(profile)->caBundle, *file);
        QCOMPARE(service.launchTarget(profile)->caFile, *file);
        profile.caFile = ca.path() + u"/missing.pem"_s;
        QVERIFY(!service.caFile(profile).ok());
        QVERIFY(service.caFile(profile).error().message.contains(u"orders"_s));
    }
};

QTEST_GUILESS_MAIN(TestProfileService)
#include "tst_profileservice.moc"
