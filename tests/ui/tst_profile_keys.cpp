// SPDX-License-Identifier: GPL-3.0-or-later
// Static keys typed into the main window, the way a new user does it, against a real Secret Service
// (run under `dbus-run-session -- scripts/with-keyring`): the first profile's keys reach the keychain
// and sign; the secret field says "stored" only when they are; a duplicate carries them; keys lost
// from the keychain are reported, and the report goes once they are typed in again.
#include "MainWindowFixture.h"

#include "profiles/KeychainSecretStore.h"
#include "profiles/ProfileEditor.h"
#include "profiles/ProfileService.h"
#include "profiles/StaticKeys.h"
#include "token/AuthToken.h"
#include "token/ProfileTokenPanel.h"

#include <QComboBox>
#include <QPushButton>
#include <QTreeView>

using namespace signet;
using namespace signet::ui;
using namespace signet::ui::test_support;

namespace {

const QString kKeyId = u"AKIAIOSFODNN7STATIC1"_s;
const QString kSecret = u"uiTypedSecretKeyThatOnlyTheKeychainHolds0123"_s;

QString keychainKey(const QUuid &id)
{
    return SecretStore::keyFor(id, SecretStore::staticKeysPurpose());
}

// What the system keychain holds for a profile, read by a store of its own (as another process would).
QString keysInKeychain(const QUuid &id)
{
    KeychainSecretStore keychain;
    const auto stored = keychain.readAndWait(keychainKey(id));
    if (!stored)
        return stored.error().code;
    const auto keys = StaticKeys::decode(*stored);
    return keys ? keys->accessKeyId + u':' + keys->secretAccessKey.revealText() : keys.error().code;
}

} // namespace

class TestProfileKeys final : public QObject
{
    Q_OBJECT

private:
    LocalSts m_sts;

    struct Window
    {
        ProfileStore store;
        KeychainSecretStore secrets;
        std::unique_ptr<MainWindow> window;

        Window()
        {
            (void)store.load();
            window = std::make_unique<MainWindow>(Clock::system(), store, secrets);
            window->show();
        }
        template<typename T> T *child(const char *name) const
        {
            return window->findChild<T *>(QString::fromLatin1(name));
        }
        QLineEdit *field(const char *name) const { return child<QLineEdit>(name); }
    };

    // Clicks into a visible field and types, as a person does.
    static void typeIn(QLineEdit *field, const QString &text)
    {
        QVERIFY(field);
        QVERIFY(field->isVisible());
        QVERIFY(field->isEnabled());
        QTest::mouseClick(field, Qt::LeftButton);
        QTRY_VERIFY(field->hasFocus());
        QTest::keyClicks(field, text);
    }

    static void click(QPushButton *button)
    {
        QVERIFY(button);
        QVERIFY(button->isVisible());
        QVERIFY(button->isEnabled());
        QTest::mouseClick(button, Qt::LeftButton);
    }

    static QString signedKeyId(const Window &w)
    {
        const auto token = token::AuthToken::parse(w.window->tokenPanel()->tokenField()->text());
        return token ? token->accessKeyId() : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            QSKIP("needs a Secret Service: run under `dbus-run-session -- scripts/with-keyring`");
        QVERIFY(m_sts.start());
        // Environment keys must not be what signs a static-keys profile.
        qunsetenv("AWS_ACCESS_KEY_ID");
        qunsetenv("AWS_SECRET_ACCESS_KEY");
    }

    void init() { QDir(home()->path() + u"/config"_s).removeRecursively(); }

    void firstProfileKeysReachTheKeychainAndSign()
    {
        Window w;
        QVERIFY(QTest::qWaitForWindowActive(w.window.get()));
        QVERIFY(w.store.profiles().isEmpty());

        QTest::keyClick(w.window.get(), Qt::Key_N, Qt::ControlModifier);
        QTRY_VERIFY(w.field("nameEdit")->hasFocus());
        QTest::keyClicks(w.field("nameEdit"), u"orders-static"_s);
        typeIn(w.field("hostEdit"), kRdsHost);
        typeIn(w.field("userEdit"), u"iam_reader"_s);
        auto *source = w.child<QComboBox>("sourceCombo");
        QTest::mouseClick(source, Qt::LeftButton);
        if (QWidget *popup = QApplication::activePopupWidget())
            QTest::keyClick(popup, Qt::Key_Escape);
        QTRY_VERIFY(source->hasFocus());
        QTest::keyClick(source, Qt::Key_Down);
        QTest::keyClick(source, Qt::Key_Down);
        QCOMPARE(source->currentText(), u"Static keys (kept in the keychain)"_s);
        typeIn(w.field("accessKeyEdit"), kKeyId);
        typeIn(w.field("secretKeyEdit"), kSecret);
        QCOMPARE(w.window->editor()->secretStatus(), u"secret access key"_s); // nothing stored yet

        click(w.child<QPushButton>("saveButton"));
        QTRY_COMPARE(w.store.profiles().size(), 1);
        const QUuid id = w.store.profiles().first().id;
        QTRY_COMPARE(keysInKeychain(id), kKeyId + u':' + kSecret);
        // The field tells the truth, and the typed secret is gone from it.
        QTRY_COMPARE(w.window->editor()->secretStatus(), u"stored in the keychain; type to replace"_s);
        QVERIFY(w.field("secretKeyEdit")->text().isEmpty());
        QTRY_COMPARE(w.field("accessKeyEdit")->text(), kKeyId);
        QTRY_COMPARE(w.window->treePanel()->currentProfileId(), id);

        click(w.window->tokenPanel()->signButton());
        QTRY_VERIFY(w.window->tokenPanel()->hasToken());
        QVERIFY(w.window->tokenPanel()->errorText().isEmpty());
        QCOMPARE(signedKeyId(w), kKeyId);
        // Nothing secret in the profile file.
        QFile file(w.store.filePath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains(kSecret.toUtf8()));
    }

    void aDuplicateCarriesTheKeys()
    {
        Window w;
        QVERIFY(QTest::qWaitForWindowActive(w.window.get()));
        ConnectionProfile original = makeProfile(u"orders"_s);
        original.credentialSource = CredentialSource::StaticKeys;
        QVERIFY(ProfileService::wait(w.window->profileService().save(
                                         original, StaticKeys{kKeyId, SecretString::fromUtf8(kSecret)}))
                    .ok());
        w.window->treePanel()->selectProfile(original.id);
        QTRY_COMPARE(w.field("accessKeyEdit")->text(), kKeyId);

        w.window->treePanel()->view()->setFocus();
        QTest::keyClick(w.window.get(), Qt::Key_D, Qt::ControlModifier);
        QTRY_VERIFY(w.store.find(u"orders copy"_s).ok());
        const QUuid copy = w.store.find(u"orders copy"_s)->id;
        QTRY_COMPARE(w.window->treePanel()->currentProfileId(), copy);
        QCOMPARE(keysInKeychain(copy), kKeyId + u':' + kSecret);
        // The copy's access-key field shows its key id, and it signs.
        QTRY_COMPARE(w.field("accessKeyEdit")->text(), kKeyId);
        QTRY_COMPARE(w.window->editor()->secretStatus(), u"stored in the keychain; type to replace"_s);
        click(w.window->tokenPanel()->signButton());
        QTRY_VERIFY(w.window->tokenPanel()->hasToken());
        QCOMPARE(signedKeyId(w), kKeyId);

        // Deleting the copy takes its keys out of the keychain; undo puts them back.
        w.window->treePanel()->view()->setFocus();
        QTest::keyClick(w.window->treePanel()->view(), Qt::Key_Delete);
        QTRY_VERIFY(!w.store.byId(copy));
        QTRY_COMPARE(keysInKeychain(copy), u"secrets.not-found"_s);
        QCOMPARE(keysInKeychain(original.id), kKeyId + u':' + kSecret);
        QTest::keyClick(w.window.get(), Qt::Key_Z, Qt::ControlModifier);
        QTRY_VERIFY(w.store.byId(copy).has_value());
        QTRY_COMPARE(keysInKeychain(copy), kKeyId + u':' + kSecret);
    }

    void lostKeysAreReportedUntilTypedAgain()
    {
        ConnectionProfile profile = makeProfile(u"lost-keys"_s);
        profile.credentialSource = CredentialSource::StaticKeys;
        {
            ProfileStore store;
            QVERIFY(store.load().ok());
            KeychainSecretStore keychain;
            ProfileService service(store, keychain);
            QVERIFY(ProfileService::wait(
                        service.save(profile, StaticKeys{kKeyId, SecretString::fromUtf8(kSecret)}))
                        .ok());
            // Gone from the keychain behind Signet's back (another tool, a reset keyring).
            QVERIFY(keychain.removeAndWait(keychainKey(profile.id)).ok());
        }
        Window w;
        QVERIFY(QTest::qWaitForWindowActive(w.window.get()));
        w.window->treePanel()->selectProfile(profile.id);
        QTRY_COMPARE(w.window->editor()->secretStatus(), u"none stored: enter the secret access key"_s);
        QVERIFY(w.field("accessKeyEdit")->text().isEmpty());
        QVERIFY(!w.window->editor()->fieldError(u"staticKeys"_s).isEmpty());
        click(w.window->tokenPanel()->signButton());
        QTRY_VERIFY(w.window->tokenPanel()->errorText().contains(u"no secret is stored"_s));
        QVERIFY(!w.window->tokenPanel()->hasToken());

        typeIn(w.field("accessKeyEdit"), kKeyId);
        typeIn(w.field("secretKeyEdit"), kSecret);
        click(w.child<QPushButton>("saveButton"));
        QTRY_COMPARE(keysInKeychain(profile.id), kKeyId + u':' + kSecret);
        QTRY_VERIFY(w.window->tokenPanel()->errorText().isEmpty());
        QTRY_COMPARE(w.window->editor()->secretStatus(), u"stored in the keychain; type to replace"_s);
        click(w.window->tokenPanel()->signButton());
        QTRY_VERIFY(w.window->tokenPanel()->hasToken());
        QCOMPARE(signedKeyId(w), kKeyId);
    }
};

int main(int argc, char **argv)
{
    return runInTemporaryHome<TestProfileKeys>(argc, argv);
}

#include "tst_profile_keys.moc"
