// SPDX-License-Identifier: GPL-3.0-or-later
// TokenSessions, the token-session model, on a ManualClock: the countdown, one set of urgency
// thresholds, validity = min(token, credentials), automatic re-sign, STS GetCallerIdentity once per
// access key (a local STS counts the calls), and tokens that end when their profile's target
// changes or the profile goes. Credentials come through the real lookup (environment, keychain).
#include "TestHttpServer.h"

#include "profiles/MemorySecretStore.h"
#include "profiles/ProfileService.h"
#include "profiles/ProfileSigner.h"
#include "profiles/ProfileStore.h"
#include "token/AuthToken.h"
#include "token/DurationText.h"
#include "token/ProfileCredentialLookup.h"
#include "token/TokenSessions.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace signet;
using namespace signet::token;
using profiles::ConnectionProfile;

namespace {

const QDateTime kStart(QDate(2026, 3, 1), QTime(12, 0, 0), Qt::UTC);
const QByteArray kEnvKey = "AKIAIOSFODNN7EXAMPLE";
const QByteArray kSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const QString kKeychainKey = u"AKIAKEYCHAINKEY00001"_s;

ConnectionProfile makeProfile(const QString &name,
                              profiles::CredentialSource source = profiles::CredentialSource::Environment)
{
    ConnectionProfile profile = ConnectionProfile::create(name, Engine::Postgres);
    profile.host = name + u".c9xyz.eu-west-1.rds.amazonaws.com"_s;
    profile.dbUser = u"iam_user"_s;
    profile.credentialSource = source;
    return profile;
}

// The access key id in a SigV4 Authorization header ("Credential=AKIA…/20260301/…").
QString keyOf(const signet::test::HttpRequest &request)
{
    const QByteArray header = request.headers.value("authorization");
    const int from = header.indexOf("Credential=") + 11;
    return QString::fromLatin1(header.mid(from, header.indexOf('/', from) - from));
}

} // namespace

class TestTokenSessions final : public QObject
{
    Q_OBJECT

    signet::test::TestHttpServer m_sts;
    bool m_stsDenies = false;
    QTemporaryDir m_home;

    struct Model
    {
        ManualClock clock{kStart};
        profiles::MemorySecretStore secrets;
        profiles::ProfileStore unusedStore{QStringLiteral("/nonexistent/profiles.json")};
        profiles::ProfileService service{unusedStore, secrets};
        TokenSessions sessions{clock, profileCredentialLookup(service, clock)};
    };

    static void signAndWait(TokenSessions &sessions, const ConnectionProfile &profile)
    {
        QSignalSpy done(&sessions, &TokenSessions::tokenSigned);
        QSignalSpy failed(&sessions, &TokenSessions::signingFailed);
        sessions.sign(profile);
        QTRY_VERIFY(done.count() + failed.count() > 0);
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? "" : qPrintable(failed.first().at(1).value<Error>().toString()));
    }

    int stsCallsFor(const QString &key) const
    {
        int calls = 0;
        for (const auto &request : m_sts.requests())
            calls += keyOf(request) == key ? 1 : 0;
        return calls;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        qputenv("HOME", m_home.path().toUtf8());
        qputenv("XDG_CONFIG_HOME", (m_home.path() + u"/config"_s).toUtf8());
        qputenv("AWS_CONFIG_FILE", "/nonexistent");
        qputenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent");
        qputenv("AWS_EC2_METADATA_DISABLED", "true");
        QVERIFY(m_sts.start() != 0);
        m_sts.setHandler([this](const signet::test::HttpRequest &request) {
            using signet::test::HttpAnswer;
            using signet::test::TestHttpServer;
            if (m_stsDenies)
                return HttpAnswer{TestHttpServer::response(
                    403,
                    "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The "
                    "security token included in the request is invalid.</Message></Error></ErrorResponse>")};
            const QByteArray user = keyOf(request) == kKeychainKey ? "keychain-user" : "env-user";
            return HttpAnswer{TestHttpServer::response(
                200,
                "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/" +
                    user +
                    "</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account>"
                    "</GetCallerIdentityResult></GetCallerIdentityResponse>")};
        });
        qputenv("AWS_ENDPOINT_URL_STS", m_sts.baseUrl().toUtf8());
    }

    void init()
    {
        qputenv("AWS_ACCESS_KEY_ID", kEnvKey);
        qputenv("AWS_SECRET_ACCESS_KEY", kSecret);
        qunsetenv("AWS_SESSION_TOKEN");
        qunsetenv("AWS_CREDENTIAL_EXPIRATION");
        m_stsDenies = false;
    }

    void durationsInWords()
    {
        QCOMPARE(countdownText(900), u"15:00"_s);
        QCOMPARE(countdownText(59), u"0:59"_s);
        QCOMPARE(countdownText(0), u"0:00"_s);
        QCOMPARE(countdownText(-3), u"0:00"_s);
        QCOMPARE(countdownText(3600 + 62), u"1:01:02"_s);
        QCOMPARE(durationText(86400), u"1 day"_s);
        QCOMPARE(durationText(2 * 86400), u"2 days"_s);
        QCOMPARE(durationText(86400 + 3 * 3600 + 60), u"1 day 3 h"_s);
        QCOMPARE(durationText(5 * 3600 + 120), u"5 h 2 min"_s);
        QCOMPARE(durationText(3600), u"1 h"_s);
        QCOMPARE(durationText(60), u"1 min"_s);
        QCOMPARE(durationText(40), u"40 s"_s);
        QCOMPARE(durationText(-1), u"0 s"_s);
    }

    void urgencyThresholds()
    {
        QCOMPARE(TokenSessions::urgencyFor(0), Urgency::None);
        QCOMPARE(TokenSessions::urgencyFor(1), Urgency::Critical);
        QCOMPARE(TokenSessions::urgencyFor(TokenSessions::CriticalSeconds), Urgency::Critical);
        QCOMPARE(TokenSessions::urgencyFor(TokenSessions::CriticalSeconds + 1), Urgency::Soon);
        QCOMPARE(TokenSessions::urgencyFor(TokenSessions::SoonSeconds), Urgency::Soon);
        QCOMPARE(TokenSessions::urgencyFor(TokenSessions::SoonSeconds + 1), Urgency::Ok);
        QCOMPARE(TokenSessions::urgencyFor(900), Urgency::Ok);
    }

    void countdownUrgencyAndExpiry()
    {
        Model m;
        const ConnectionProfile profile = makeProfile(u"orders"_s);
        QSignalSpy urgencies(&m.sessions, &TokenSessions::urgencyChanged);
        QSignalSpy seconds(&m.sessions, &TokenSessions::secondsLeftChanged);
        QSignalSpy ended(&m.sessions, &TokenSessions::tokenEnded);
        QVERIFY(!m.sessions.hasToken(profile.id));
        signAndWait(m.sessions, profile);

        QVERIFY(m.sessions.hasToken(profile.id));
        QCOMPARE(m.sessions.secondsLeft(profile.id), 900);
        QCOMPARE(m.sessions.urgency(profile.id), Urgency::Ok);
        QCOMPARE(m.sessions.signedAt(profile.id), kStart);
        QCOMPARE(m.sessions.validUntil(profile.id), kStart.addSecs(900));
        const auto token = AuthToken::parse(m.sessions.tokenText(profile.id));
        QVERIFY(token.ok());
        QCOMPARE(token->host(), profile.host);
        QCOMPARE(token->accessKeyId(), QString::fromLatin1(kEnvKey));
        QCOMPARE(urgencies.count(), 1);
        QCOMPARE(urgencies.last().at(1).value<Urgency>(), Urgency::Ok);

        // One whole second is one change; nothing moves without the clock.
        seconds.clear();
        m.sessions.tick();
        QCOMPARE(seconds.count(), 0);
        m.clock.advance(1);
        m.sessions.tick();
        QCOMPARE(seconds.count(), 1);
        QCOMPARE(seconds.last().at(1).toLongLong(), 899);

        m.clock.set(kStart.addSecs(900 - 301));
        m.sessions.tick();
        QCOMPARE(m.sessions.urgency(profile.id), Urgency::Ok);
        QCOMPARE(urgencies.count(), 1);
        m.clock.advance(1); // 300 left
        m.sessions.tick();
        QCOMPARE(m.sessions.urgency(profile.id), Urgency::Soon);
        QCOMPARE(urgencies.count(), 2);
        QCOMPARE(urgencies.last().at(1).value<Urgency>(), Urgency::Soon);
        m.clock.set(kStart.addSecs(900 - 60));
        m.sessions.tick();
        QCOMPARE(m.sessions.urgency(profile.id), Urgency::Critical);
        QCOMPARE(urgencies.count(), 3);
        QCOMPARE(m.sessions.liveTokens().size(), 1);
        QCOMPARE(m.sessions.liveTokens().first().secondsLeft, 60);

        // Without auto re-sign the token runs out and is gone: no text, no live token, an ending.
        m.clock.advance(60);
        m.sessions.tick();
        QCOMPARE(ended.count(), 1);
        QCOMPARE(ended.first().at(0).toUuid(), profile.id);
        QCOMPARE(ended.first().at(1).value<EndReason>(), EndReason::Expired);
        QCOMPARE(seconds.last().at(1).toLongLong(), 0);
        QCOMPARE(urgencies.last().at(1).value<Urgency>(), Urgency::None);
        QVERIFY(!m.sessions.hasToken(profile.id));
        QVERIFY(m.sessions.tokenText(profile.id).isEmpty());
        QVERIFY(m.sessions.liveTokens().isEmpty());
        QVERIFY(m.sessions.lastEnding(profile.id).has_value());
        QCOMPARE(m.sessions.lastEnding(profile.id)->at, kStart.addSecs(900));
        QCOMPARE(m.sessions.lastEnding(profile.id)->reason, EndReason::Expired);
        m.sessions.tick();
        QCOMPARE(ended.count(), 1); // said once
    }

    // Validity is the earlier of the token's 15 minutes and the credentials' expiry.
    void validityIsTheEarlierOfTokenAndCredentials()
    {
        qputenv("AWS_SESSION_TOKEN", "FwoGZXIvYXdzEXAMPLEsessiontoken");
        qputenv("AWS_CREDENTIAL_EXPIRATION", kStart.addSecs(5 * 60).toString(Qt::ISODate).toUtf8());
        Model m;
        const ConnectionProfile shortLived = makeProfile(u"short"_s);
        signAndWait(m.sessions, shortLived);
        QCOMPARE(m.sessions.secondsLeft(shortLived.id), 300);
        QCOMPARE(m.sessions.validUntil(shortLived.id), kStart.addSecs(300));
        QCOMPARE(m.sessions.urgency(shortLived.id), Urgency::Soon);
        QVERIFY(m.sessions.identity(shortLived.id)->temporary);
        QCOMPARE(*m.sessions.identity(shortLived.id)->credentialsExpireAt, kStart.addSecs(300));
        m.clock.advance(300);
        m.sessions.tick();
        QVERIFY(!m.sessions.hasToken(shortLived.id));

        qputenv("AWS_CREDENTIAL_EXPIRATION", kStart.addSecs(3600).toString(Qt::ISODate).toUtf8());
        const ConnectionProfile longLived = makeProfile(u"long"_s);
        signAndWait(m.sessions, longLived);
        QCOMPARE(m.sessions.secondsLeft(longLived.id), 900); // the token's own limit comes first
    }

    void autoResignBeforeExpiry()
    {
        Model m;
        const ConnectionProfile profile = makeProfile(u"auto"_s);
        QSignalSpy toggled(&m.sessions, &TokenSessions::autoResignChanged);
        m.sessions.setAutoResign(profile.id, true); // before the first token: kept for the profile
        QCOMPARE(toggled.count(), 1);
        signAndWait(m.sessions, profile);
        QVERIFY(m.sessions.autoResign(profile.id));

        QSignalSpy started(&m.sessions, &TokenSessions::signingStarted);
        QSignalSpy signedAgain(&m.sessions, &TokenSessions::tokenSigned);
        m.clock.set(kStart.addSecs(900 - TokenSessions::ResignSeconds - 1));
        m.sessions.tick();
        QCOMPARE(started.count(), 0); // 61 s left: not yet
        m.clock.advance(1);
        m.sessions.tick();
        QCOMPARE(started.count(), 1);
        m.sessions.tick(); // one re-sign, not one per tick
        QCOMPARE(started.count(), 1);
        QTRY_COMPARE(signedAgain.count(), 1);
        QCOMPARE(m.sessions.signedAt(profile.id), kStart.addSecs(900 - 60));
        QCOMPARE(m.sessions.secondsLeft(profile.id), 900);
        QCOMPARE(AuthToken::parse(m.sessions.tokenText(profile.id))->signedAt(), kStart.addSecs(840));

        // Switched off: the token runs out.
        m.sessions.setAutoResign(profile.id, false);
        m.clock.advance(900 - 60);
        m.sessions.tick();
        QCOMPARE(started.count(), 1);
        m.clock.advance(60);
        m.sessions.tick();
        QVERIFY(!m.sessions.hasToken(profile.id));
    }

    // A failed re-sign is tried once per token (no retry storm every second); the old token lives on.
    void failedResignIsTriedOnce()
    {
        Model m;
        const ConnectionProfile profile = makeProfile(u"flaky"_s);
        signAndWait(m.sessions, profile);
        m.sessions.setAutoResign(profile.id, true);
        qunsetenv("AWS_ACCESS_KEY_ID");
        qunsetenv("AWS_SECRET_ACCESS_KEY");
        QSignalSpy failed(&m.sessions, &TokenSessions::signingFailed);
        m.clock.set(kStart.addSecs(900 - 30));
        m.sessions.tick();
        QTRY_COMPARE(failed.count(), 1);
        const Error error = failed.first().at(1).value<Error>();
        QVERIFY2(error.toString().contains(u"AWS_ACCESS_KEY_ID"_s), qPrintable(error.toString()));
        QCOMPARE(m.sessions.secondsLeft(profile.id), 30);
        m.clock.advance(1);
        m.sessions.tick();
        QTest::qWait(50);
        QCOMPARE(failed.count(), 1);
    }

    // Long-term keys name no account: STS GetCallerIdentity does, once per access key however many
    // profiles and tokens use it.
    void callerIdentityOncePerKey()
    {
        // A key no other test signs with: earlier tests' look-ups may still be arriving.
        const QString key = u"AKIAONCEPERKEY000001"_s;
        qputenv("AWS_ACCESS_KEY_ID", key.toLatin1());
        Model m;
        const ConnectionProfile first = makeProfile(u"first"_s);
        const ConnectionProfile second = makeProfile(u"second"_s);
        QSignalSpy identities(&m.sessions, &TokenSessions::identityChanged);
        signAndWait(m.sessions, first);
        QVERIFY(m.sessions.identity(first.id)->lookingUp);
        QCOMPARE(m.sessions.identity(first.id)->maskedKeyId, u"AKIA…0001"_s);
        signAndWait(m.sessions, second); // the first look-up is still on its way: not asked again
        QTRY_VERIFY(!m.sessions.identity(first.id)->arn.isEmpty());
        QTRY_VERIFY(!m.sessions.identity(second.id)->arn.isEmpty());
        QCOMPARE(m.sessions.identity(first.id)->arn, u"arn:aws:iam::123456789012:user/env-user"_s);
        QCOMPARE(m.sessions.identity(second.id)->account, u"123456789012"_s);
        QVERIFY(identities.count() >= 2);
        QCOMPARE(stsCallsFor(key), 1);

        // Signing again with the same key: known already.
        m.clock.advance(10);
        signAndWait(m.sessions, first);
        QCOMPARE(m.sessions.identity(first.id)->arn, u"arn:aws:iam::123456789012:user/env-user"_s);
        QVERIFY(!m.sessions.identity(first.id)->lookingUp);
        QTest::qWait(100);
        QCOMPARE(stsCallsFor(key), 1);

        // Another key (a profile's static keys from the keychain) is asked about once too.
        const ConnectionProfile keyed = makeProfile(u"keyed"_s, profiles::CredentialSource::StaticKeys);
        QVERIFY(m.secrets
                    .writeAndWait(
                        profiles::SecretStore::keyFor(keyed.id, profiles::SecretStore::staticKeysPurpose()),
                        profiles::StaticKeys{kKeychainKey, SecretString(kSecret)}.encode())
                    .ok());
        signAndWait(m.sessions, keyed);
        QCOMPARE(m.sessions.identity(keyed.id)->source, u"static-keys:keychain"_s);
        QTRY_COMPARE(m.sessions.identity(keyed.id)->arn, u"arn:aws:iam::123456789012:user/keychain-user"_s);
        QCOMPARE(stsCallsFor(kKeychainKey), 1);
        QCOMPARE(stsCallsFor(key), 1);
    }

    void callerLookupFailureKeepsTheToken()
    {
        m_stsDenies = true;
        qputenv("AWS_ACCESS_KEY_ID", "AKIAUNKNOWNKEY000001");
        Model m;
        const ConnectionProfile profile = makeProfile(u"denied"_s);
        signAndWait(m.sessions, profile);
        QTRY_VERIFY(m.sessions.identity(profile.id)->lookupFailed.has_value());
        QVERIFY(m.sessions.identity(profile.id)->lookupFailed->toString().contains(u"security token"_s));
        QVERIFY(m.sessions.identity(profile.id)->arn.isEmpty());
        QVERIFY(!m.sessions.identity(profile.id)->lookingUp);
        QVERIFY(m.sessions.hasToken(profile.id));
    }

    // A profile that now points elsewhere loses its token; a rename or another database does not.
    void targetChangeEndsTheToken()
    {
        Model m;
        ConnectionProfile profile = makeProfile(u"orders"_s);
        m.sessions.syncProfiles({profile});
        signAndWait(m.sessions, profile);
        QSignalSpy ended(&m.sessions, &TokenSessions::tokenEnded);

        profile.name = u"orders-renamed"_s;
        profile.database = u"reports"_s;
        profile.notes = u"just notes"_s;
        m.sessions.syncProfiles({profile});
        QVERIFY(m.sessions.hasToken(profile.id));
        QCOMPARE(m.sessions.liveTokens().first().profileName, u"orders-renamed"_s);
        QCOMPARE(ended.count(), 0);

        const auto changes = std::vector<std::function<void(ConnectionProfile &)>>{
            [](ConnectionProfile &p) { p.port = 5433; },
            [](ConnectionProfile &p) { p.host = u"other.c9xyz.eu-west-1.rds.amazonaws.com"_s; },
            [](ConnectionProfile &p) { p.dbUser = u"someone_else"_s; },
            [](ConnectionProfile &p) { p.region = u"eu-central-1"_s; },
            [](ConnectionProfile &p) { p.engine = Engine::AuroraPostgres; },
            [](ConnectionProfile &p) {
                p.viaHost = u"127.0.0.1"_s;
                p.viaPort = 15432;
            },
        };
        for (const auto &change : changes) {
            ended.clear();
            ConnectionProfile changed = profile;
            signAndWait(m.sessions, changed);
            QVERIFY(m.sessions.hasToken(changed.id));
            change(changed);
            m.sessions.syncProfiles({changed});
            QCOMPARE(ended.count(), 1);
            QCOMPARE(ended.first().at(1).value<EndReason>(), EndReason::TargetChanged);
            QVERIFY(!m.sessions.hasToken(changed.id));
            QVERIFY(m.sessions.tokenText(changed.id).isEmpty());
            QCOMPARE(m.sessions.lastEnding(changed.id)->reason, EndReason::TargetChanged);
            m.sessions.syncProfiles({profile}); // back as it was, for the next change
        }
    }

    // A token being signed for the old target is not delivered after the target changed.
    void targetChangeWhileSigning()
    {
        Model m;
        ConnectionProfile profile = makeProfile(u"moving"_s, profiles::CredentialSource::StaticKeys);
        QVERIFY(m.secrets
                    .writeAndWait(
                        profiles::SecretStore::keyFor(profile.id, profiles::SecretStore::staticKeysPurpose()),
                        profiles::StaticKeys{kKeychainKey, SecretString(kSecret)}.encode())
                    .ok());
        m.sessions.syncProfiles({profile});
        QSignalSpy failed(&m.sessions, &TokenSessions::signingFailed);
        QSignalSpy signedSpy(&m.sessions, &TokenSessions::tokenSigned);
        m.sessions.sign(profile); // the keychain answers later
        QVERIFY(m.sessions.isSigning(profile.id));
        profile.port = 6543;
        m.sessions.syncProfiles({profile});
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.first().at(1).value<Error>().code, u"token.target-changed"_s);
        QVERIFY(!m.sessions.isSigning(profile.id));
        QTest::qWait(100);
        QCOMPARE(signedSpy.count(), 0);
        QVERIFY(!m.sessions.hasToken(profile.id));
    }

    // Following a real store: an edit saved there ends the token; a removal forgets the profile; a
    // token that never belonged to the store (quick sign) is left alone.
    void followsTheStore()
    {
        Model m;
        profiles::ProfileStore store(m_home.filePath(u"profiles.json"_s), m.clock);
        (void)store.load();
        ConnectionProfile kept = makeProfile(u"kept"_s);
        ConnectionProfile edited = makeProfile(u"edited"_s);
        QVERIFY(store.add(kept).ok());
        QVERIFY(store.add(edited).ok());
        m.sessions.followStore(store);
        const ConnectionProfile quick = makeProfile(u"quick"_s);
        signAndWait(m.sessions, kept);
        signAndWait(m.sessions, edited);
        signAndWait(m.sessions, quick);
        m.sessions.setAutoResign(kept.id, true);

        QSignalSpy ended(&m.sessions, &TokenSessions::tokenEnded);
        edited.port = 6432;
        QVERIFY(store.update(edited).ok());
        QCOMPARE(ended.count(), 1);
        QCOMPARE(ended.first().at(0).toUuid(), edited.id);
        QCOMPARE(ended.first().at(1).value<EndReason>(), EndReason::TargetChanged);
        QVERIFY(m.sessions.hasToken(kept.id));
        QVERIFY(m.sessions.hasToken(quick.id));

        QVERIFY(store.remove(kept.id).ok());
        QCOMPARE(ended.count(), 2);
        QCOMPARE(ended.last().at(0).toUuid(), kept.id);
        QCOMPARE(ended.last().at(1).value<EndReason>(), EndReason::ProfileRemoved);
        QVERIFY(!m.sessions.autoResign(kept.id));
        QVERIFY(!m.sessions.lastEnding(kept.id).has_value()); // forgotten, not "expired"
        QVERIFY(m.sessions.hasToken(quick.id));
        QCOMPARE(m.sessions.liveTokens().size(), 1);
    }

    void keychainErrorsAreSigningFailures()
    {
        Model m;
        const ConnectionProfile profile = makeProfile(u"no-secret"_s, profiles::CredentialSource::StaticKeys);
        QSignalSpy failed(&m.sessions, &TokenSessions::signingFailed);
        m.sessions.sign(profile);
        QTRY_COMPARE(failed.count(), 1);
        QCOMPARE(failed.first().at(1).value<Error>().code, u"secrets.not-found"_s);
        QVERIFY(!m.sessions.hasToken(profile.id));
        QVERIFY(!m.sessions.isSigning(profile.id));
    }
};

QTEST_GUILESS_MAIN(TestTokenSessions)
#include "tst_token_sessions.moc"
