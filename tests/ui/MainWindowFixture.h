// SPDX-License-Identifier: GPL-3.0-or-later
// MainWindowFixture: what the main-window UI tests share — a window over a fresh profile store and
// an in-memory keychain with a manual clock, profile makers, a local STS for the token panel's
// GetCallerIdentity, and a main() that keeps every file in a temporary HOME.
#pragma once

#include "MainWindow.h"
#include "common/Ask.h"
#include "common/Clock.h"
#include "profiles/MemorySecretStore.h"
#include "profiles/ProfileFilterProxy.h"
#include "profiles/ProfileStore.h"
#include "profiles/ProfileTreeModel.h"
#include "profiles/ProfileTreePanel.h"

#include "EmulatorEnvironment.h"
#include "TestHttpServer.h"

#include <QApplication>
#include <QDir>
#include <QLineEdit>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include <memory>

namespace signet::ui::test_support {

using namespace Qt::StringLiterals;
using namespace signet;
using namespace signet::profiles;

inline const QString kRdsHost = u"orders.cluster-c9xyz.eu-west-1.rds.amazonaws.com"_s;
inline const QDateTime kStart(QDate(2026, 3, 1), QTime(12, 0, 0), Qt::UTC);

inline QTemporaryDir *home()
{
    static QTemporaryDir dir;
    return &dir;
}

// Answers the window's questions (Ask) as a user would click them, in order, and keeps what was
// asked; with no answer queued it answers Cancel, so an unexpected question never blocks a test.
struct Answers
{
    QList<Ask::Answer> queued;
    QList<Ask::Question> asked;

    Answers()
    {
        Ask::setResponder([this](QWidget *, const Ask::Question &question) {
            asked.append(question);
            return queued.isEmpty() ? Ask::Answer::Cancel : queued.takeFirst();
        });
    }
    ~Answers() { Ask::setResponder({}); }
    Q_DISABLE_COPY_MOVE(Answers)
    // The words of the button a person would click for that answer.
    static QString buttonText(const Ask::Question &question, Ask::Answer answer)
    {
        return question.label ? question.label(answer) : QString();
    }
};

struct Fixture
{
    ManualClock clock{kStart};
    ProfileStore store;
    MemorySecretStore secrets;
    Answers answers;
    std::unique_ptr<MainWindow> window;

    Fixture()
    {
        (void)store.load();
        window = std::make_unique<MainWindow>(clock, store, secrets);
        window->show();
    }
    ProfileTreePanel *tree() const { return window->treePanel(); }
    ProfileEditor *editor() const { return window->editor(); }
    ProfileTokenPanel *token() const { return window->tokenPanel(); }
    token::TokenSessions *tokens() const { return window->tokenSessions(); }
    template<typename T> T *child(const char *name) const
    {
        return window->findChild<T *>(QString::fromLatin1(name));
    }
};

inline ConnectionProfile makeProfile(const QString &name, const QString &folder = {})
{
    ConnectionProfile profile = ConnectionProfile::create(name, Engine::Postgres);
    profile.host = name + u".c9xyz.eu-west-1.rds.amazonaws.com"_s;
    profile.dbUser = u"iam_user"_s;
    profile.folder = folder;
    profile.credentialSource = CredentialSource::Environment;
    return profile;
}

// A profile on this machine's loopback at a port nobody listens on: every connect fails at once.
inline ConnectionProfile closedPortProfile(const QString &name)
{
    QTcpServer server;
    const bool listening = server.listen(QHostAddress::LocalHost);
    ConnectionProfile profile = makeProfile(name);
    profile.host = u"127.0.0.1"_s;
    profile.region = u"eu-west-1"_s;
    profile.port = listening ? server.serverPort() : 1;
    return profile;
}

// Clicks a profile's row in the tree, as a person picks it with the mouse.
inline void clickProfile(ProfileTreePanel *tree, const QUuid &id)
{
    const QModelIndex index = tree->proxy()->mapFromSource(tree->model()->indexOf(id));
    QVERIFY(index.isValid());
    tree->view()->scrollTo(index);
    QTest::mouseClick(tree->view()->viewport(), Qt::LeftButton, {}, tree->view()->visualRect(index).center());
}

inline void typeInto(QLineEdit *edit, const QString &text)
{
    QVERIFY(edit);
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

// Clicks into a visible field and types, as a person does.
inline void typeIn(QLineEdit *field, const QString &text)
{
    QVERIFY(field);
    QVERIFY(field->isVisible());
    QTest::mouseClick(field, Qt::LeftButton);
    QTRY_VERIFY(field->hasFocus());
    field->selectAll();
    QTest::keyClicks(field, text);
}

// STS on loopback (AWS_ENDPOINT_URL_STS) answering GetCallerIdentity for signed requests, or an
// InvalidClientTokenId error document while `denies` is set.
struct LocalSts
{
    signet::test::TestHttpServer server;
    bool denies = false;

    bool start()
    {
        if (server.start() == 0)
            return false;
        server.setHandler([this](const signet::test::HttpRequest &request) {
            using signet::test::HttpAnswer;
            using signet::test::TestHttpServer;
            if (request.method != "POST" ||
                !request.headers.value("authorization").startsWith("AWS4-HMAC-SHA256"))
                return HttpAnswer{TestHttpServer::response(400, "unsigned")};
            if (denies)
                return HttpAnswer{TestHttpServer::response(
                    403,
                    "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The "
                    "security token included in the request is invalid.</Message></Error></ErrorResponse>")};
            return HttpAnswer{TestHttpServer::response(
                200,
                "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/"
                "signet-ui-test</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account>"
                "</GetCallerIdentityResult></GetCallerIdentityResponse>")};
        });
        qputenv("AWS_ENDPOINT_URL_STS", server.baseUrl().toUtf8());
        return true;
    }
};

using signet::test::loadEmulatorEnvironment;

// Before each test: no profiles, and the environment keys every signing test uses.
inline void resetProfilesAndKeys()
{
    QDir(home()->path() + u"/config"_s).removeRecursively();
    qputenv("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
    qputenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    qunsetenv("AWS_SESSION_TOKEN");
    qunsetenv("AWS_CREDENTIAL_EXPIRATION");
}

// main(): never the real user's files — HOME and XDG_CONFIG_HOME point into a temporary folder.
template<typename Test> int runInTemporaryHome(int argc, char **argv)
{
    qputenv("HOME", home()->path().toUtf8());
    qputenv("XDG_CONFIG_HOME", (home()->path() + u"/config"_s).toUtf8());
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"signet"_s);
    QApplication::setApplicationName(u"signet"_s);
    Test test;
    return QTest::qExec(&test, argc, argv);
}

} // namespace signet::ui::test_support
