// SPDX-License-Identifier: GPL-3.0-or-later
// The token panel in the main window: sign, hidden until revealed, the countdown (amber, red, the
// credentials' expiry), automatic re-sign, copy with the concealed self-clearing clipboard and its
// clearing on quit, the identity from STS, inline errors, and the tray's copies. Offscreen,
// temporary HOME, a local STS.
#include "MainWindowFixture.h"

#include "common/ConcealedClipboard.h"
#include "common/ElidedLabel.h"
#include "common/Theme.h"
#include "profiles/ProfileTreeModel.h"
#include "token/AuthToken.h"
#include "token/DsqlToken.h"
#include "token/ProfileTokenPanel.h"
#include "token/TokenSessions.h"
#include "tray/TokenTray.h"

#include <QAction>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QToolButton>
#include <QTreeView>

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

    // A DSQL profile's token lifetime is chosen in the editor (keyboard only), saved, and the signed
    // token and its countdown follow it.
    void dsqlLifetimeChosenInTheEditor()
    {
        Fixture f;
        QTest::mouseClick(f.tree()->newButton(), Qt::LeftButton);
        typeInto(f.child<QLineEdit>("nameEdit"), u"ledger"_s);
        typeInto(f.child<QLineEdit>("hostEdit"), u"abcdefghijklmnopqrstuvwxyz.dsql.us-east-1.on.aws"_s);
        typeInto(f.child<QLineEdit>("userEdit"), u"admin"_s);
        auto *lifetime = f.child<QComboBox>("tokenLifetimeCombo");
        QVERIFY(lifetime->isVisibleTo(f.window.get()));
        QCOMPARE(lifetime->currentText(), u"15 minutes (default)"_s);
        lifetime->setFocus();
        QTest::keyClick(lifetime, Qt::Key_Down); // 1 hour
        QTest::keyClick(lifetime, Qt::Key_Down); // 8 hours
        QCOMPARE(lifetime->currentText(), u"8 hours"_s);
        QTest::mouseClick(f.child<QPushButton>("saveButton"), Qt::LeftButton);
        QTRY_COMPARE(f.store.profiles().size(), 1);
        QCOMPARE(f.store.profiles().first().tokenLifetime, 8 * 3600);

        QTest::mouseClick(f.token()->signButton(), Qt::LeftButton);
        QTRY_VERIFY(f.token()->hasToken());
        const auto token = token::DsqlToken::parse(f.token()->tokenField()->text());
        QVERIFY(token.ok());
        QCOMPARE(token->expiresIn(), 8 * 3600);
        QCOMPARE(f.token()->secondsLeft(), 8 * 3600);
        QVERIFY2(f.token()->countdownText().contains(u"8:00:00 left"_s),
                 qPrintable(f.token()->countdownText()));

        // Back in the editor the choice is shown again; an RDS engine hides the row.
        QCOMPARE(lifetime->currentText(), u"8 hours"_s);
        typeInto(f.child<QLineEdit>("hostEdit"), kRdsHost);
        auto *engine = f.child<QComboBox>("engineCombo");
        QTest::keyClick(engine, Qt::Key_Home);
        QVERIFY(!usesDsqlTokens(Engine(engine->currentData().toInt())));
        QVERIFY(!lifetime->isVisibleTo(f.window.get()));
    }

    // At 1366×768 the strip has room for its words: nothing cut short before or after signing.
    void stripFitsAtLaptopWidth()
    {
        Fixture f;
        f.window->resize(1366, 740);
        ConnectionProfile profile = makeProfile(u"orders"_s);
        QVERIFY(f.store.add(profile).ok());
        f.tree()->selectProfile(profile.id);
        auto *countdown = f.child<ElidedLabel>("countdown");
        auto *identity = f.child<ElidedLabel>("identity");
        QTRY_COMPARE(countdown->fullText(), u"No live token."_s);
        QTRY_VERIFY2(!countdown->isElided(), qPrintable(countdown->text()));
        QTRY_VERIFY2(!identity->isElided(), qPrintable(identity->text()));
        QTest::mouseClick(f.token()->signButton(), Qt::LeftButton);
        QTRY_VERIFY(f.token()->hasToken());
        QTRY_VERIFY2(!countdown->isElided(), qPrintable(countdown->text()));
        QTRY_VERIFY2(!identity->isElided(), qPrintable(identity->text()));
    }

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
        f.tokens()->tick();
        QCOMPARE(f.token()->secondsLeft(), 240);
        QCOMPARE(f.token()->urgency(), u"amber"_s);
        QVERIFY(f.token()->countdownText().contains(u"4:00 left"_s));
        QCOMPARE(row.siblingAtColumn(ProfileTreeModel::TokenColumn).data().toString(), u"4:00"_s);

        f.clock.advance(200);
        f.tokens()->tick();
        QCOMPARE(f.token()->urgency(), u"red"_s);
        QVERIFY(f.token()->countdownText().contains(u"0:40 left"_s));

        f.clock.advance(40);
        f.tokens()->tick();
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
        f.tokens()->tick();
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
        f.tokens()->tick();
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
        f.tokens()->tick();
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

    // Editing a profile's target ends its live token: typed into the editor's port field and saved,
    // the token is gone from the panel, Copy (button, shortcut, tray) offers nothing, and Sign signs
    // for the new port.
    void editingThePortEndsTheToken()
    {
        Fixture f;
        const ConnectionProfile profile = makeProfile(u"orders"_s);
        QVERIFY(f.store.add(profile).ok());
        f.tree()->selectProfile(profile.id);
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        QTest::mouseClick(f.token()->signButton(), Qt::LeftButton);
        QTRY_VERIFY(f.token()->hasToken());
        QVERIFY(f.token()->copyButton()->isEnabled());
        QVERIFY(f.child<QAction>("copyTokenAction")->isEnabled());
        const QModelIndex row = f.tree()->model()->indexOf(profile.id);
        QCOMPARE(row.siblingAtColumn(ProfileTreeModel::TokenColumn).data().toString(), u"15:00"_s);

        auto *port = f.child<QLineEdit>("portEdit");
        QVERIFY(port && port->isVisible());
        QTest::mouseClick(port, Qt::LeftButton);
        QVERIFY(port->hasFocus());
        typeInto(port, u"5433"_s);
        QTest::mouseClick(f.child<QPushButton>("saveButton"), Qt::LeftButton);
        QCOMPARE(f.store.byId(profile.id)->port, 5433);

        QVERIFY(!f.token()->hasToken());
        QVERIFY(f.token()->tokenField()->text().isEmpty());
        QVERIFY(!f.token()->copyButton()->isEnabled());
        QVERIFY(!f.token()->revealButton()->isEnabled());
        QVERIFY(!f.child<QAction>("copyTokenAction")->isEnabled()); // Token › Copy Token
        QVERIFY2(f.token()->countdownText().contains(u"endpoint changed"_s),
                 qPrintable(f.token()->countdownText()));
        QCOMPARE(f.token()->urgency(), QString());
        QVERIFY(row.siblingAtColumn(ProfileTreeModel::TokenColumn).data().toString().isEmpty());
        QGuiApplication::clipboard()->setText(u"the user's own text"_s);
        QTest::keyClick(f.window.get(), Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier); // Token › Copy
        QCOMPARE(QGuiApplication::clipboard()->text(), u"the user's own text"_s);
        f.window->tray()->rebuildMenu();
        QVERIFY(!f.window->tray()->menu()->actions().first()->isEnabled()); // "No live token"
        QVERIFY(f.window->tray()->toolTip().contains(u"no live token"_s));

        QTest::mouseClick(f.token()->signButton(), Qt::LeftButton);
        QTRY_VERIFY(f.token()->hasToken());
        QCOMPARE(token::AuthToken::parse(f.token()->tokenField()->text())->port(), 5433);

        // A rename is not a new target: the token stays, and the tray follows the new name.
        auto *name = f.child<QLineEdit>("nameEdit");
        QTest::mouseClick(name, Qt::LeftButton);
        typeInto(name, u"orders-renamed"_s);
        QTest::mouseClick(f.child<QPushButton>("saveButton"), Qt::LeftButton);
        QCOMPARE(f.store.byId(profile.id)->name, u"orders-renamed"_s);
        QVERIFY(f.token()->hasToken());
        QVERIFY(f.token()->copyButton()->isEnabled());
        f.window->tray()->rebuildMenu();
        QCOMPARE(f.window->tray()->menu()->actions().first()->text(),
                 u"Copy token for orders-renamed · 15:00 left"_s);
    }

    // Deleting a profile (Delete in the tree) takes its token with it: the tray no longer offers it,
    // and an undo brings the profile back without a token.
    void deletingAProfileEndsItsToken()
    {
        Fixture f;
        const ConnectionProfile gone = makeProfile(u"gone"_s);
        const ConnectionProfile stays = makeProfile(u"stays"_s);
        QVERIFY(f.store.add(gone).ok());
        QVERIFY(f.store.add(stays).ok());
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        f.tree()->selectProfile(stays.id);
        QTest::mouseClick(f.token()->signButton(), Qt::LeftButton);
        QTRY_VERIFY(f.token()->hasToken());
        f.tree()->selectProfile(gone.id);
        QTest::mouseClick(f.token()->signButton(), Qt::LeftButton);
        QTRY_VERIFY(f.token()->hasToken());
        QVERIFY(f.window->tray()->toolTip().contains(u"2 live tokens"_s));

        f.tree()->view()->setFocus();
        QTest::keyClick(f.tree()->view(), Qt::Key_Delete);
        QVERIFY(!f.store.byId(gone.id));
        QVERIFY2(f.window->tray()->toolTip().contains(u"stays: 15:00 left"_s),
                 qPrintable(f.window->tray()->toolTip()));
        f.window->tray()->rebuildMenu();
        QCOMPARE(f.window->tray()->menu()->actions().first()->text(), u"Copy token for stays · 15:00 left"_s);
        QVERIFY(!f.window->tray()->menu()->actions().at(1)->text().contains(u"gone"_s));

        QTest::keyClick(f.window.get(), Qt::Key_Z, Qt::ControlModifier);
        QVERIFY(f.store.byId(gone.id));
        f.tree()->selectProfile(gone.id);
        QVERIFY(!f.token()->hasToken());
        QVERIFY(!f.token()->copyButton()->isEnabled());
        QVERIFY(f.token()->countdownText().contains(u"No live token"_s));
    }

    // Room to work: the token strip is one row at 1366×768, says who signed in a few words, and gives
    // the details on demand (tooltip, or the "Who?" popup from the keyboard); a long identity is cut
    // with "…" and whole on hover.
    void tokenStripIsOneCompactRow()
    {
        Fixture f;
        f.window->resize(1366, 768);
        const ConnectionProfile profile = makeProfile(u"orders"_s);
        QVERIFY(f.store.add(profile).ok());
        f.tree()->selectProfile(profile.id);
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        f.tree()->view()->setFocus();
        QTest::keyClick(f.tree()->view(), Qt::Key_R, Qt::ControlModifier); // Token › Sign
        QTRY_VERIFY(f.token()->hasToken());
        QTRY_COMPARE(f.token()->identitySummary(), u"user/signet-ui-test @ 123456789012"_s);

        ProfileTokenPanel *panel = f.token();
        const QList<QWidget *> row{panel->findChild<QWidget *>(u"countdown"_s),
                                   panel->tokenField(),
                                   panel->signButton(),
                                   panel->copyButton(),
                                   panel->revealButton(),
                                   panel->autoResignBox(),
                                   panel->findChild<QWidget *>(u"identity"_s),
                                   panel->identityButton()};
        const int middle = panel->signButton()->geometry().center().y();
        for (QWidget *widget : row) {
            QVERIFY(widget && widget->isVisible());
            const QRect box(widget->mapTo(panel, QPoint(0, 0)), widget->size());
            QVERIFY2(qAbs(box.center().y() - middle) <= 3, qPrintable(widget->objectName()));
        }
        QVERIFY2(panel->height() <= panel->signButton()->height() + 8,
                 qPrintable(QString::number(panel->height())));

        // Details on demand: the tooltip, and the popup opened from the keyboard.
        const auto *identity = panel->findChild<ElidedLabel *>(u"identity"_s);
        QVERIFY(identity->toolTip().contains(u"arn:aws:iam::123456789012:user/signet-ui-test"_s));
        QVERIFY(identity->toolTip().contains(u"Key: AKIA"_s));
        QVERIFY(panel->identityPopup()->isHidden());
        panel->identityButton()->setFocus();
        QTest::keyClick(panel->identityButton(), Qt::Key_Space);
        QTRY_VERIFY(panel->identityPopup()->isVisible());
        QVERIFY(panel->identityText().contains(u"ARN: arn:aws:iam::123456789012:user/signet-ui-test"_s));
        QVERIFY(panel->identityText().contains(u"Kind: long-term keys"_s));
        QVERIFY(!panel->identityText().contains(u"wJalr"_s));
        QTest::keyClick(panel->identityPopup(), Qt::Key_Escape);
        QTRY_VERIFY(panel->identityPopup()->isHidden());

        // Narrow: the identity is cut, whole on hover.
        f.window->resize(1000, 600);
        QTRY_VERIFY(identity->isElided());
        QVERIFY2(identity->text().endsWith(u"…"_s) && identity->text().size() > 1,
                 qPrintable(identity->text()));
        QVERIFY(identity->toolTip().contains(u"user/signet-ui-test @ 123456789012"_s));
        QVERIFY(panel->height() <= panel->signButton()->height() + 8);
    }

    // Durations in words have their plurals: temporary credentials that last a day and more.
    void credentialLifetimesInWords()
    {
        qputenv("AWS_SESSION_TOKEN", "FwoGZXIvYXdzEXAMPLEsessiontoken");
        qputenv("AWS_CREDENTIAL_EXPIRATION", kStart.addSecs(86400 + 2 * 3600).toString(Qt::ISODate).toUtf8());
        Fixture f;
        const ConnectionProfile profile = makeProfile(u"day"_s);
        QVERIFY(f.store.add(profile).ok());
        f.tree()->selectProfile(profile.id);
        QTest::mouseClick(f.token()->signButton(), Qt::LeftButton);
        QTRY_VERIFY(f.token()->hasToken());
        QVERIFY2(f.token()->identityText().contains(u"they expire in 1 day 2 h"_s),
                 qPrintable(f.token()->identityText()));

        // The same credentials a day earlier: two days and two hours.
        f.clock.set(kStart.addSecs(-86400));
        QTest::mouseClick(f.token()->signButton(), Qt::LeftButton);
        QTRY_VERIFY2(f.token()->identityText().contains(u"they expire in 2 days 2 h"_s),
                     qPrintable(f.token()->identityText()));
    }

    // Colours come from the theme and follow a theme switch.
    void countdownColoursFollowTheTheme()
    {
        Fixture f;
        const ConnectionProfile profile = makeProfile(u"colours"_s);
        QVERIFY(f.store.add(profile).ok());
        f.tree()->selectProfile(profile.id);
        QTest::mouseClick(f.token()->signButton(), Qt::LeftButton);
        QTRY_VERIFY(f.token()->hasToken());
        const auto *countdown = f.token()->findChild<QLabel *>(u"countdown"_s);
        theme::apply(theme::Choice::Light);
        QTRY_COMPARE(countdown->palette().color(QPalette::WindowText), theme::ok());
        f.clock.advance(900 - 30);
        f.tokens()->tick();
        QCOMPARE(countdown->palette().color(QPalette::WindowText), theme::error());
        theme::apply(theme::Choice::Dark);
        QVERIFY(theme::isDark());
        QTRY_COMPARE(countdown->palette().color(QPalette::WindowText), theme::error());
        QCOMPARE(theme::error(), QColor(0xef, 0x53, 0x50));
        theme::apply(theme::Choice::System);
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
