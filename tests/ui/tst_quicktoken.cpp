// SPDX-License-Identifier: GPL-3.0-or-later
// QuickTokenPanel: signing looks up the credentials without blocking the window, then shows the token;
// a missing key is an inline error and the Sign button comes back.
#include "common/Clock.h"
#include "common/ConcealedClipboard.h"
#include "profiles/MemorySecretStore.h"
#include "profiles/ProfileService.h"
#include "profiles/ProfileStore.h"
#include "token/AuthToken.h"
#include "token/ProfileCredentialLookup.h"
#include "token/QuickTokenPanel.h"
#include "token/TokenSessions.h"

#include <QClipboard>
#include <QMimeData>

#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace signet;
using namespace signet::ui;

class TestQuickToken final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        qputenv("AWS_CONFIG_FILE", "/nonexistent");
        qputenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent");
        qputenv("AWS_EC2_METADATA_DISABLED", "true");
        qunsetenv("AWS_SESSION_TOKEN");
    }

    void signsAsynchronously()
    {
        // A credential_process that takes a moment: the window must keep running meanwhile.
        QTemporaryDir dir;
        QFile script(dir.filePath(u"creds.sh"_s));
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write("sleep 0.3\necho '{\"Version\": 1, \"AccessKeyId\": \"AKIAQUICKTOKEN000001\", "
                     "\"SecretAccessKey\": \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"}'\n");
        script.close();
        QFile config(dir.filePath(u"config"_s));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("[default]\ncredential_process = /bin/sh " + script.fileName().toUtf8() + "\n");
        config.close();
        qputenv("AWS_CONFIG_FILE", config.fileName().toUtf8());
        qunsetenv("AWS_ACCESS_KEY_ID");
        qunsetenv("AWS_SECRET_ACCESS_KEY");
        const QDateTime now(QDate(2026, 3, 1), QTime(12, 0, 0), Qt::UTC);
        ManualClock clock(now);
        profiles::MemorySecretStore secrets;
        profiles::ProfileStore unusedStore(QStringLiteral("/nonexistent/profiles.json"));
        profiles::ProfileService service(unusedStore, secrets);
        token::TokenSessions sessions(clock, token::profileCredentialLookup(service, clock));
        QuickTokenPanel panel(sessions);
        panel.show();
        panel.hostField()->setText(u"orders.cluster-c9xyz.eu-west-1.rds.amazonaws.com"_s);
        panel.userField()->setText(u"iam_reader"_s);
        QSignalSpy signedSpy(&sessions, &token::TokenSessions::tokenSigned);
        QTest::mouseClick(panel.signButton(), Qt::LeftButton);
        // The click returns before the chain has answered: nothing is shown yet, Sign waits.
        QVERIFY(!panel.hasToken());
        QVERIFY(!panel.signButton()->isEnabled());
        QTRY_COMPARE(signedSpy.count(), 1);
        QVERIFY(panel.signButton()->isEnabled());
        const auto token = token::AuthToken::parse(panel.tokenField()->text());
        QVERIFY(token.ok());
        QCOMPARE(token->accessKeyId(), u"AKIAQUICKTOKEN000001"_s);
        QCOMPARE(token->region(), u"eu-west-1"_s);
        QCOMPARE(token->signedAt(), now); // the injected clock
    }

    void missingCredentialsShowInline()
    {
        qunsetenv("AWS_ACCESS_KEY_ID");
        qunsetenv("AWS_SECRET_ACCESS_KEY");
        ManualClock clock(QDateTime::currentDateTimeUtc());
        profiles::MemorySecretStore secrets;
        profiles::ProfileStore unusedStore(QStringLiteral("/nonexistent/profiles.json"));
        profiles::ProfileService service(unusedStore, secrets);
        token::TokenSessions sessions(clock, token::profileCredentialLookup(service, clock));
        QuickTokenPanel panel(sessions);
        panel.show();
        panel.hostField()->setText(u"orders.cluster-c9xyz.eu-west-1.rds.amazonaws.com"_s);
        panel.userField()->setText(u"iam_reader"_s);
        panel.sign();
        QTRY_VERIFY(panel.signButton()->isEnabled());
        QVERIFY(!panel.hasToken());
        bool shown = false;
        for (const QLabel *label : panel.findChildren<QLabel *>())
            shown = shown || (label->isVisible() && label->text().contains(u"<b>"_s));
        QVERIFY(shown);
    }

    // The quick token is a session of the model: typed in, signed with Enter, counted down by the
    // model's clock, copied concealed, listed with the others, and gone with the panel.
    void quickTokenIsASessionOfTheModel()
    {
        qputenv("AWS_ACCESS_KEY_ID", "AKIAQUICKTOKEN000002");
        qputenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        const QDateTime now(QDate(2026, 3, 1), QTime(12, 0, 0), Qt::UTC);
        ManualClock clock(now);
        profiles::MemorySecretStore secrets;
        profiles::ProfileStore unusedStore(QStringLiteral("/nonexistent/profiles.json"));
        profiles::ProfileService service(unusedStore, secrets);
        token::TokenSessions sessions(clock, token::profileCredentialLookup(service, clock));
        QUuid id;
        {
            QuickTokenPanel panel(sessions);
            panel.show();
            QVERIFY(!panel.copyButton()->isEnabled());
            QVERIFY(panel.countdownText().contains(u"Sign a token"_s));
            panel.hostField()->setFocus();
            QTest::keyClicks(panel.hostField(), u"orders.cluster-c9xyz.eu-west-1.rds.amazonaws.com"_s);
            QTest::keyClicks(panel.userField(), u"iam_reader"_s);
            QTest::keyClick(panel.userField(), Qt::Key_Return);
            QTRY_VERIFY(panel.hasToken());
            id = panel.sessionId();
            QCOMPARE(sessions.liveTokens().size(), 1);
            QCOMPARE(sessions.liveTokens().first().profileId, id);
            QCOMPARE(panel.countdownText(), u"15:00 left"_s);
            QVERIFY(panel.copyButton()->isEnabled());

            clock.advance(14 * 60 + 30);
            sessions.tick();
            QCOMPARE(panel.countdownText(), u"0:30 left"_s);
            QTest::mouseClick(panel.copyButton(), Qt::LeftButton);
            QCOMPARE(token::AuthToken::parse(QApplication::clipboard()->text())->dbUser(), u"iam_reader"_s);
            QVERIFY(QApplication::clipboard()->mimeData()->hasFormat(u"x-kde-passwordManagerHint"_s));

            clock.advance(30);
            sessions.tick();
            QVERIFY(!panel.hasToken());
            QVERIFY(panel.tokenField()->text().isEmpty());
            QVERIFY(!panel.copyButton()->isEnabled());
            QVERIFY2(panel.countdownText().contains(u"Expired at"_s), qPrintable(panel.countdownText()));

            QTest::mouseClick(panel.signButton(), Qt::LeftButton);
            QTRY_VERIFY(panel.hasToken());
        }
        QVERIFY(!sessions.hasToken(id));
        QVERIFY(sessions.liveTokens().isEmpty());
    }
};

QTEST_MAIN(TestQuickToken)
#include "tst_quicktoken.moc"
