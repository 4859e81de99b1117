// QuickTokenPanel: signing looks up the credentials without blocking the window, then shows the token;
// a missing key is an inline error and the Sign button comes back.
#include "common/Clock.h"
#include "token/AuthToken.h"
#include "token/QuickTokenPanel.h"

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
        QuickTokenPanel panel(clock);
        panel.show();
        panel.hostField()->setText(u"orders.cluster-c9xyz.eu-west-1.rds.amazonaws.com"_s);
        panel.userField()->setText(u"iam_reader"_s);
        QSignalSpy signedSpy(&panel, &QuickTokenPanel::tokenSigned);
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
        QuickTokenPanel panel(clock);
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
};

QTEST_MAIN(TestQuickToken)
#include "tst_quicktoken.moc"
