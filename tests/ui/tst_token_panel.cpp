// The token panel in the main window: sign, hidden until revealed, the countdown (amber, red, the
// credentials' expiry), automatic re-sign, copy with the concealed self-clearing clipboard and its
// clearing on quit, the identity from STS, inline errors, and the tray's copies. Offscreen,
// temporary HOME, a local STS.
#include "MainWindowFixture.h"

#include "common/ConcealedClipboard.h"
#include "profiles/ProfileTreeModel.h"
#include "token/AuthToken.h"
#include "token/ProfileTokenPanel.h"
#include "tray/TokenTray.h"

#include <QCheckBox>
#include <QClipboard>
#include <QLabel>
#include <QMenu>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>

using namespace Qt::StringLiterals;
using namespace signet;
using namespace signet::profiles;
using namespace signet::ui;
using namespace signet::ui::test_support;

class TestTokenPanel final : public QObject
{
    Q_OBJECT

    LocalSts m_sts;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_sts.start()); }
    void init() { resetProfilesAndKeys(); }

    void signCountdownAndExpiry()
    {
        Fixture f;
        ConnectionProfile profile = makeProfile(u"orders"_s);
        profile.viaHost = u"127.0.0.1"_s;
        profile.viaPort = 15432;
        QVERIFY(f.store.add(profile).ok());
        f.tree()->selectProfile(profile.id);
        QVERIFY(!f.token()->hasToken());
        QVERIFY(f.token()->tokenField()->text().isEmpty());
        QTest::mouseClick(f.token()->signButton(), Qt::LeftButton);
        QTRY_VERIFY(f.token()->hasToken());

        // Hidden until revealed; signed for the real endpoint, not the tunnel.
        QCOMPARE(f.token()->tokenField()->echoMode(), QLineEdit::Password);
        const auto token = token::AuthToken::parse(f.token()->tokenField()->text());
        QVERIFY(token.ok());
        QCOMPARE(token->host(), profile.host);
        QCOMPARE(token->port(), 5432);
        QCOMPARE(token->signedAt(), kStart);
        QTest::mouseClick(f.token()->revealButton(), Qt::LeftButton);
        QCOMPARE(f.token()->tokenField()->echoMode(), QLineEdit::Normal);
        QVERIFY(f.token()->identityText().contains(u"AKIA"_s));
        QVERIFY(!f.token()->identityText().contains(u"wJalr"_s));
        // Long-term keys name no account: STS GetCallerIdentity does, shortly after.
        QTRY_VERIFY(f.token()->identityText().contains(u"arn:aws:iam::123456789012:user/signet-ui-test"_s));

        QCOMPARE(f.token()->secondsLeft(), 900);
        QCOMPARE(f.token()->urgency(), u"green"_s);
        QVERIFY(f.token()->countdownText().contains(u"15:00 left"_s));
        const QModelIndex row = f.tree()->model()->indexOf(profile.id);
        QCOMPARE(row.siblingAtColumn(ProfileTreeModel::TokenColumn).data().toString(), u"15:00"_s);

        f.clock.advance(11 * 60);
        f.token()->tick();
        QCOMPARE(f.token()->secondsLeft(), 240);
        QCOMPARE(f.token()->urgency(), u"amber"_s);
        QVERIFY(f.token()->countdownText().contains(u"4:00 left"_s));
        QCOMPARE(row.siblingAtColumn(ProfileTreeModel::TokenColumn).data().toString(), u"4:00"_s);

        f.clock.advance(200);
        f.token()->tick();
        QCOMPARE(f.token()->urgency(), u"red"_s);
        QVERIFY(f.token()->countdownText().contains(u"0:40 left"_s));

        f.clock.advance(40);
        f.token()->tick();
        QVERIFY(!f.token()->hasToken());
        QVERIFY(f.token()->tokenField()->text().isEmpty());
        QVERIFY(!f.token()->copyButton()->isEnabled());
        QVERIFY2(f.token()->countdownText().contains(u"Expired at"_s),
                 qPrintable(f.token()->countdownText()));
        QVERIFY(f.tree()->model()->indexOf(profile.id).siblingAtColumn(1).data().toString().isEmpty());
    }

    void countdownStopsAtCredentialExpiry()
    {
        qputenv("AWS_SESSION_TOKEN", "FwoGZXIvYXdzEXAMPLEsessiontoken");
        qputenv("AWS_CREDENTIAL_EXPIRATION", kStart.addSecs(5 * 60).toString(Qt::ISODate).toUtf8());
        Fixture f;
        const ConnectionProfile profile = makeProfile(u"short"_s);
        QVERIFY(f.store.add(profile).ok());
        f.tree()->selectProfile(profile.id);
        f.token()->sign();
        QTRY_VERIFY(f.token()->hasToken());
        QCOMPARE(f.token()->secondsLeft(), 300); // min(15 min, credentials' 5 min)
        QCOMPARE(f.token()->urgency(), u"amber"_s);
        QVERIFY(f.token()->identityText().contains(u"temporary"_s));
    }

    // The tray menu lists every live token, soonest to expire first, and copies any of them.
    void trayCopiesAnyLiveToken()
    {
        Fixture f;
        const ConnectionProfile first = makeProfile(u"orders-prod"_s);
        const ConnectionProfile second = makeProfile(u"billing-ro"_s);
        QVERIFY(f.store.add(first).ok());
        QVERIFY(f.store.add(second).ok());
        f.window->tray()->rebuildMenu();
        QVERIFY(!f.window->tray()->menu()->actions().first()->isEnabled()); // "No live token"
        f.tree()->selectProfile(first.id);
        f.token()->sign();
        QTRY_VERIFY(f.token()->hasToken());
        f.clock.advance(60);
        f.tree()->selectProfile(second.id);
        f.token()->sign();
        QTRY_VERIFY(f.token()->hasToken());
        f.token()->tick();
        QVERIFY2(f.window->tray()->toolTip().contains(u"2 live tokens, the next expires in 14:00"_s),
                 qPrintable(f.window->tray()->toolTip()));

        f.window->tray()->rebuildMenu();
        const QList<QAction *> actions = f.window->tray()->menu()->actions();
        QCOMPARE(actions.at(0)->text(), u"Copy token for orders-prod · 14:00 left"_s);
        QCOMPARE(actions.at(1)->text(), u"Copy token for billing-ro · 15:00 left"_s);
        // orders-prod is not the selected profile; the tray copies its token anyway.
        actions.at(0)->trigger();
        const auto copied = token::AuthToken::parse(QApplication::clipboard()->text());
        QVERIFY(copied.ok());
        QCOMPARE(copied->host(), first.host);
        QVERIFY(QApplication::clipboard()->mimeData()->hasFormat(u"x-kde-passwordManagerHint"_s));

        f.clock.advance(14 * 60 + 1);
        f.token()->tick();
        f.window->tray()->rebuildMenu();
        QCOMPARE(f.window->tray()->menu()->actions().at(0)->text(),
                 u"Copy token for billing-ro · 0:59 left"_s);
    }

    // Quitting with a token still on the clipboard clears it (and does not crash on the way out).
    void quittingClearsTheClipboard()
    {
        {
            Fixture f;
            const ConnectionProfile profile = makeProfile(u"quit"_s);
            QVERIFY(f.store.add(profile).ok());
            f.tree()->selectProfile(profile.id);
            f.token()->sign();
            QTRY_VERIFY(f.token()->hasToken());
            f.token()->copyToken();
            QVERIFY(token::AuthToken::parse(QApplication::clipboard()->text()).ok());
        }
        QVERIFY(QApplication::clipboard()->text().isEmpty());
    }

    void identityLookupFailureIsSaidBriefly()
    {
        qputenv("AWS_ACCESS_KEY_ID", "AKIAUNKNOWNKEY000001");
        m_sts.denies = true;
        Fixture f;
        const ConnectionProfile profile = makeProfile(u"denied"_s);
        QVERIFY(f.store.add(profile).ok());
        f.tree()->selectProfile(profile.id);
        f.token()->sign();
        QTRY_VERIFY(f.token()->hasToken());
        QTRY_VERIFY(f.token()->identityText().contains(u"account unknown"_s));
        QVERIFY(
            f.token()->identityToolTip().contains(u"security token included in the request is invalid"_s));
        QVERIFY(!f.token()->identityText().contains(u"wJalr"_s));
        m_sts.denies = false;
    }

    void autoResignRenewsBeforeExpiry()
    {
        Fixture f;
        const ConnectionProfile profile = makeProfile(u"auto"_s);
        QVERIFY(f.store.add(profile).ok());
        f.tree()->selectProfile(profile.id);
        f.token()->sign();
        QTRY_VERIFY(f.token()->hasToken());
        f.token()->autoResignBox()->setChecked(true);
        f.clock.advance(900 - 30);
        f.token()->tick();
        QTRY_COMPARE(f.token()->secondsLeft(), 900);
        QCOMPARE(token::AuthToken::parse(f.token()->tokenField()->text())->signedAt(), kStart.addSecs(870));
    }

    void copyMarksConcealedAndClearsAfterTimeout()
    {
        Fixture f;
        const ConnectionProfile profile = makeProfile(u"copy"_s);
        QVERIFY(f.store.add(profile).ok());
        f.tree()->selectProfile(profile.id);
        f.token()->sign();
        QTRY_VERIFY(f.token()->hasToken());
        QCOMPARE(f.token()->clipboard()->timeout(), 30'000); // the default
        f.token()->clipboard()->setTimeout(300);
        const QString token = f.token()->tokenField()->text();

        QTest::mouseClick(f.token()->copyButton(), Qt::LeftButton);
        QClipboard *clipboard = QGuiApplication::clipboard();
        QCOMPARE(clipboard->text(), token);
        QCOMPARE(clipboard->mimeData()->data(u"x-kde-passwordManagerHint"_s), QByteArray("secret"));
        QTRY_VERIFY_WITH_TIMEOUT(clipboard->text().isEmpty(), 3000);

        // Something the user copied afterwards is left alone.
        QTest::mouseClick(f.token()->copyButton(), Qt::LeftButton);
        clipboard->setText(u"the user's own text"_s);
        QTest::qWait(600);
        QCOMPARE(clipboard->text(), u"the user's own text"_s);
    }

    void signingErrorsAreInline()
    {
        qunsetenv("AWS_ACCESS_KEY_ID");
        qunsetenv("AWS_SECRET_ACCESS_KEY");
        Fixture f;
        const ConnectionProfile profile = makeProfile(u"no-creds"_s);
        QVERIFY(f.store.add(profile).ok());
        f.tree()->selectProfile(profile.id);
        f.token()->sign();
        QTRY_VERIFY(!f.token()->errorText().isEmpty());
        QVERIFY(f.token()->errorText().contains(u"AWS_ACCESS_KEY_ID"_s));
        QVERIFY(f.token()->errorText().contains(u"<br>"_s)); // with its hint
        QVERIFY(!f.token()->hasToken());
        QVERIFY(QApplication::activeModalWidget() == nullptr);
    }
};

int main(int argc, char **argv)
{
    return runInTemporaryHome<TestTokenPanel>(argc, argv);
}

#include "tst_token_panel.moc"
