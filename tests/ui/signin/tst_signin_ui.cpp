// SPDX-License-Identifier: GPL-3.0-or-later
// The interactive parts of signing: the MFA code dialog the credential chain asks through, and the
// IAM Identity Center "Sign in" offered when a profile's SSO session is missing or expired.
#include "profiles/ConnectionProfile.h"
#include "profiles/MemorySecretStore.h"
#include "profiles/ProfileService.h"
#include "profiles/ProfileStore.h"
#include "token/MfaCodeDialog.h"
#include "token/ProfileCredentialLookup.h"
#include "token/ProfileTokenPanel.h"
#include "token/SsoSignInDialog.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPushButton>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace signet;

class TestSignInUi final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;

    static QPushButton *okButton(QDialog *dialog)
    {
        return dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        // No real AWS files, and an SSO profile that has never signed in.
        qputenv("HOME", m_home.path().toUtf8());
        qunsetenv("AWS_ACCESS_KEY_ID");
        qunsetenv("AWS_SECRET_ACCESS_KEY");
        qunsetenv("AWS_PROFILE");
        qunsetenv("AWS_DEFAULT_PROFILE");
        QDir(m_home.path()).mkpath(u".aws"_s);
        QFile config(m_home.filePath(u".aws/config"_s));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("[profile dev-sso]\nsso_session = corp\nsso_account_id = 123456789012\n"
                     "sso_role_name = ReadOnly\nregion = eu-west-1\n\n"
                     "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n"
                     "sso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n");
        config.close();
        qputenv("AWS_CONFIG_FILE", config.fileName().toUtf8());
        // Nothing listens here: the sign-in must fail with a message, quickly, not hang.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 closedPort = probe.serverPort();
        probe.close();
        qputenv("AWS_ENDPOINT_URL_SSO_OIDC", QStringLiteral("http://127.0.0.1:%1").arg(closedPort).toUtf8());
    }

    void mfaPromptAnswersWithTheCode()
    {
        QWidget owner;
        owner.show();
        std::optional<Result<QString>> answer;
        const aws::MfaPrompt prompt = ui::MfaCodeDialog::asyncPrompt(&owner);
        prompt(u"admin"_s, u"arn:aws:iam::123456789012:mfa/alice"_s,
               [&answer](Result<QString> result) { answer = std::move(result); });
        auto *dialog = owner.findChild<ui::MfaCodeDialog *>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QVERIFY(!answer.has_value()); // asynchronous: no nested event loop
        QTest::keyClicks(dialog->codeField(), u"12345"_s);
        QVERIFY(!okButton(dialog)->isEnabled());
        QTest::keyClicks(dialog->codeField(), u"6x"_s); // letters are refused
        QCOMPARE(dialog->code(), u"123456"_s);
        QVERIFY(okButton(dialog)->isEnabled());
        okButton(dialog)->click();
        QVERIFY(answer.has_value());
        QVERIFY(answer->ok());
        QCOMPARE(answer->value(), u"123456"_s);
    }

    void mfaPromptCancelled()
    {
        QWidget owner;
        owner.show();
        std::optional<Result<QString>> answer;
        ui::MfaCodeDialog::asyncPrompt (&owner)(
            u"admin"_s, u"serial"_s, [&answer](Result<QString> result) { answer = std::move(result); });
        auto *dialog = owner.findChild<ui::MfaCodeDialog *>();
        QVERIFY(dialog);
        dialog->reject();
        QVERIFY(answer.has_value());
        QVERIFY(!answer->ok());
        QCOMPARE(answer->error().code, u"credentials.mfa-cancelled"_s);
    }

    void ssoProfileOffersSignIn()
    {
        profiles::MemorySecretStore secrets;
        profiles::ProfileStore unusedStore(QStringLiteral("/nonexistent/profiles.json"));
        profiles::ProfileService service(unusedStore, secrets);
        token::TokenSessions sessions(Clock::system(),
                                      token::profileCredentialLookup(service, Clock::system()));
        ui::ProfileTokenPanel panel(sessions);
        panel.show();
        auto profile = profiles::ConnectionProfile::create(u"orders-dev"_s, Engine::Postgres);
        profile.host = u"orders.c9xyz.eu-west-1.rds.amazonaws.com"_s;
        profile.dbUser = u"iam_reader"_s;
        profile.awsProfile = u"dev-sso"_s;
        panel.setProfile(profile);
        QVERIFY(panel.signInButton()->isHidden());

        panel.sign();
        QTRY_VERIFY_WITH_TIMEOUT(!panel.errorText().isEmpty(), 10'000);
        QVERIFY2(panel.signInButton()->isVisible(), qPrintable(panel.errorText()));
        QVERIFY(!panel.hasToken());

        // The sign-in dialog opens, and with the OIDC service unreachable it says so instead of hanging.
        panel.setSsoUrlOpener([](const QUrl &) { return true; });
        QTest::mouseClick(panel.signInButton(), Qt::LeftButton);
        auto *dialog = panel.findChild<ui::SsoSignInDialog *>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(dialog->statusText().contains(u"<b>"_s), 15'000);
        QVERIFY(dialog->userCode().isEmpty());
        dialog->reject();
    }
};

QTEST_MAIN(TestSignInUi)
#include "tst_signin_ui.moc"
