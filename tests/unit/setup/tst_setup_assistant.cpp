// SPDX-License-Identifier: GPL-3.0-or-later
// SetupAssistant against the local AWS stand-in: the preview changes nothing, apply flips IAM
// authentication and creates and attaches the policy, an attached policy is recognised, a refusal
// names the permission, an assumed role gets the policy on the role.
#include "AwsStandInAccess.h"
#include "LocalAwsServer.h"

#include "aws/AsyncResult.h"
#include "aws/IamClient.h"
#include "aws/RdsClient.h"
#include "aws/RdsConnectPolicy.h"
#include "db/DbLoginStep.h"
#include "setup/SetupAssistant.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace signet;
using namespace signet::setup;

namespace {

const QString kRegion = QStringLiteral("us-east-1");

using signet::test::credentialsFor;
using signet::test::endpointsAt;

template<typename T> Result<T> wait(QFuture<Result<T>> future)
{
    return aws::waitForResult(std::move(future), 20000, QStringLiteral("the AWS call"));
}

// The instance as the stand-in describes it (what an import would have saved).
aws::RdsDbInstance describe(const test::LocalAwsServer &server, const QString &identifier)
{
    aws::RdsClient rds(endpointsAt(server.url()), kRegion, credentialsFor(QStringLiteral("AKIDLOOK")));
    aws::RdsListOptions options;
    options.identifier = identifier;
    const auto found = wait(rds.describeDbInstances(options));
    return found && !found->isEmpty() ? found->first() : aws::RdsDbInstance{};
}

// The actions the stand-in saw signed with `key`.
QStringList actionsOf(const test::LocalAwsServer &server, const QString &key)
{
    QStringList actions;
    for (const QJsonValue &value : server.requests()) {
        const QJsonObject request = value.toObject();
        const QJsonObject headers = request.value(QStringLiteral("headers")).toObject();
        if (!headers.value(QStringLiteral("authorization"))
                 .toString()
                 .contains(QStringLiteral("Credential=") + key + u'/'))
            continue;
        const QString target = headers.value(QStringLiteral("x-amz-target")).toString();
        if (!target.isEmpty()) {
            actions.append(target.section(u'.', 1));
            continue;
        }
        const QString body = request.value(QStringLiteral("body")).toString();
        for (const QString &pair : body.split(u'&'))
            if (pair.startsWith(QStringLiteral("Action=")))
                actions.append(pair.mid(7));
    }
    return actions;
}

} // namespace

class TestSetupAssistant final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::LocalAwsServer> m_server;
    quint16 m_closedPort = 0;

    // A profile imported for `identifier`, signing with `key`; the database itself is unreachable
    // (a closed local port), so the database-user and login steps cannot succeed here.
    SetupContext contextFor(const QString &identifier, const QString &key, bool byHost = false)
    {
        const aws::RdsDbInstance instance = describe(*m_server, identifier);
        SetupContext context;
        context.profile = profiles::ConnectionProfile::create(identifier, *engineFromName(instance.engine));
        context.profile.host = instance.address;
        context.profile.port = instance.port;
        context.profile.region = kRegion;
        context.profile.dbUser = QStringLiteral("app_user");
        if (!byHost)
            context.profile.awsResourceId = instance.resourceId;
        context.credentials = credentialsFor(key);
        context.endpoints = endpointsAt(m_server->url());
        static_cast<Endpoint &>(context.dbTarget) = context.profile;
        context.dbTarget.engine = context.profile.engine;
        context.dbTarget.viaHost = QStringLiteral("127.0.0.1");
        context.dbTarget.viaPort = m_closedPort;
        context.dbTarget.caFile = QStringLiteral("/nonexistent-ca.pem");
        context.login = [](const probe::ProbeTarget &, std::function<void(Status)> done) {
            done(makeError(QStringLiteral("db.connect"), QStringLiteral("connection refused")));
        };
        context.pollIntervalMs = 100;
        context.waitTimeoutMs = 20000;
        return context;
    }

    static bool run(SetupAssistant &assistant, std::function<void()> start, bool apply)
    {
        QEventLoop loop;
        bool finished = false;
        auto quit = [&] {
            finished = true;
            loop.quit();
        };
        const auto a = QObject::connect(&assistant, &SetupAssistant::checkFinished, &loop, quit);
        const auto b = QObject::connect(&assistant, &SetupAssistant::applyFinished, &loop, quit);
        QTimer::singleShot(30000, &loop, &QEventLoop::quit);
        start();
        loop.exec();
        QObject::disconnect(a);
        QObject::disconnect(b);
        Q_UNUSED(apply);
        return finished;
    }

    static bool check(SetupAssistant &assistant)
    {
        return run(
            assistant, [&] { assistant.check(); }, false);
    }

    static bool apply(SetupAssistant &assistant, SetupStepId id)
    {
        return run(
            assistant, [&] { assistant.apply(id); }, true);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<test::LocalAwsServer>(
            QStringList{QStringLiteral("--rds-apply-delay"), QStringLiteral("0.4")});
        QVERIFY(m_server->isRunning());
        m_closedPort = test::closedPort();
    }

    void previewChangesNothing()
    {
        const QString key = QStringLiteral("AKIDIAMUSERPREVIEW");
        SetupAssistant assistant(contextFor(QStringLiteral("mysql-003"), key));
        QVERIFY(check(assistant));

        const SetupStep &iam = assistant.step(SetupStepId::IamAuth);
        QCOMPARE(iam.state, SetupState::Missing);
        QVERIFY2(iam.detail.contains(QStringLiteral("mysql-003")), qPrintable(iam.detail));
        QVERIFY(iam.change.requests.join(u'\n').contains(QStringLiteral("ModifyDBInstance")));
        QVERIFY(iam.change.requests.contains(QStringLiteral("  EnableIAMDatabaseAuthentication=true")));
        QVERIFY(iam.change.requests.contains(QStringLiteral("  ApplyImmediately=true")));
        QCOMPARE(iam.change.awsCli,
                 QStringList{QStringLiteral("aws rds modify-db-instance --db-instance-identifier mysql-003 "
                                            "--enable-iam-database-authentication --apply-immediately "
                                            "--region us-east-1")});

        const SetupStep &policy = assistant.step(SetupStepId::Policy);
        QCOMPARE(policy.state, SetupState::Missing);
        const QString arn = QStringLiteral("arn:aws:rds-db:us-east-1:123456789012:dbuser:%1/app_user")
                                .arg(assistant.resourceId());
        QVERIFY2(policy.change.policyJson.contains(arn), qPrintable(policy.change.policyJson));
        QCOMPARE(aws::RdsConnectPolicy::evaluate(policy.change.policyJson, arn),
                 aws::RdsConnectPolicy::Verdict::Allows);
        const QString requests = policy.change.requests.join(u'\n');
        QVERIFY(requests.contains(QStringLiteral("CreatePolicy")));
        QVERIFY(requests.contains(QStringLiteral("AttachUserPolicy")));
        QVERIFY(requests.contains(QStringLiteral("UserName=preview")));
        QVERIFY(policy.change.awsCli.last().startsWith(
            QStringLiteral("aws iam attach-user-policy --user-name preview")));

        // No master password here: the RDS-managed secret was read, the session could not connect.
        const SetupStep &user = assistant.step(SetupStepId::DbUser);
        QCOMPARE(user.state, SetupState::CannotTell);
        QVERIFY(user.change.isSql);
        QCOMPARE(user.change.requests.first(),
                 QStringLiteral("CREATE USER 'app_user' IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS';"));
        QVERIFY(!user.detail.contains(QStringLiteral("p@ss")));
        QCOMPARE(assistant.step(SetupStepId::Login).state, SetupState::Missing);

        // Nothing changed: only reads were sent, and the instance still has IAM authentication off.
        const QStringList actions = actionsOf(*m_server, key);
        for (const QString &action : actions)
            QVERIFY2(!action.startsWith(QStringLiteral("Modify")) &&
                         !action.startsWith(QStringLiteral("Create")) &&
                         !action.startsWith(QStringLiteral("Attach")),
                     qPrintable(action));
        QVERIFY(actions.contains(QStringLiteral("ListAttachedUserPolicies")));
        QTest::qWait(500);
        QVERIFY(!describe(*m_server, QStringLiteral("mysql-003")).iamAuthEnabled);
    }

    void applyFlipsIamAuthAndAttachesPolicy()
    {
        const QString key = QStringLiteral("AKIDIAMUSERAPPLY");
        SetupAssistant assistant(contextFor(QStringLiteral("postgres-005"), key));
        QSignalSpy progress(&assistant, &SetupAssistant::progressed);
        QVERIFY(check(assistant));
        QCOMPARE(assistant.step(SetupStepId::IamAuth).state, SetupState::Missing);
        QCOMPARE(assistant.step(SetupStepId::DbUser).change.requests,
                 (QStringList{QStringLiteral("CREATE USER \"app_user\";"),
                              QStringLiteral("GRANT rds_iam TO \"app_user\";")}));

        QVERIFY(apply(assistant, SetupStepId::IamAuth));
        const SetupStep &iam = assistant.step(SetupStepId::IamAuth);
        QCOMPARE(iam.state, SetupState::Ok);
        QVERIFY(!progress.isEmpty());
        QVERIFY2(iam.done.join(u'\n').contains(QStringLiteral("ModifyDBInstance postgres-005")),
                 qPrintable(iam.done.join(u'\n')));
        QVERIFY(describe(*m_server, QStringLiteral("postgres-005")).iamAuthEnabled);

        QVERIFY(apply(assistant, SetupStepId::Policy));
        const SetupStep &policy = assistant.step(SetupStepId::Policy);
        QCOMPARE(policy.state, SetupState::Ok);
        QVERIFY(policy.done.join(u'\n').contains(QStringLiteral("CreatePolicy: created")));
        QVERIFY(policy.done.join(u'\n').contains(QStringLiteral("to the IAM user apply")));
        // Checked again after the change: the new policy is the one that allows it.
        QVERIFY2(policy.detail.contains(QStringLiteral("signet-rds-connect-")), qPrintable(policy.detail));

        // A second assistant (a new run) finds both in place and offers no change.
        SetupAssistant again(contextFor(QStringLiteral("postgres-005"), key));
        QVERIFY(check(again));
        QCOMPARE(again.step(SetupStepId::IamAuth).state, SetupState::Ok);
        QCOMPARE(again.step(SetupStepId::Policy).state, SetupState::Ok);
        QVERIFY(again.step(SetupStepId::Policy).change.isEmpty());
    }

    void existingAttachedPolicyIsRecognised()
    {
        // An administrator's broader policy, attached beforehand: dbuser:*/* in this account.
        const QString key = QStringLiteral("AKIDIAMUSERBROAD");
        aws::IamClient iam(endpointsAt(m_server->url()), kRegion, credentialsFor(key));
        const auto created =
            wait(iam.createPolicy(QStringLiteral("team-db-access"),
                                  aws::RdsConnectPolicy::document(
                                      {QStringLiteral("arn:aws:rds-db:us-east-1:123456789012:dbuser:*/*")})));
        QVERIFY(created.ok());
        QVERIFY(wait(iam.attachUserPolicy(QStringLiteral("broad"), created->arn)).ok());

        SetupAssistant assistant(contextFor(QStringLiteral("mysql-000"), key, /*byHost=*/true));
        QVERIFY(check(assistant));
        QCOMPARE(assistant.step(SetupStepId::IamAuth).state, SetupState::Ok);
        const SetupStep &policy = assistant.step(SetupStepId::Policy);
        QCOMPARE(policy.state, SetupState::Ok);
        QVERIFY2(policy.detail.contains(QStringLiteral("team-db-access")), qPrintable(policy.detail));
        QVERIFY(actionsOf(*m_server, key).contains(QStringLiteral("GetPolicyVersion")));
    }

    void accessDeniedNamesThePermission()
    {
        const QString key = QStringLiteral("AKIDDENYMODIFYDBINSTANCEDENYCREATEPOLICYIAMUSERDENY");
        SetupAssistant assistant(contextFor(QStringLiteral("mariadb-007"), key));
        QVERIFY(check(assistant));
        QCOMPARE(assistant.step(SetupStepId::IamAuth).state, SetupState::Missing);

        QVERIFY(apply(assistant, SetupStepId::IamAuth));
        const SetupStep &iam = assistant.step(SetupStepId::IamAuth);
        QCOMPARE(iam.state, SetupState::Failed);
        QVERIFY(iam.error);
        QCOMPARE(iam.error->message, QStringLiteral("your AWS identity may not call rds:ModifyDBInstance"));
        QVERIFY2(iam.error->hint.startsWith(
                     QStringLiteral("Ask an administrator to run: aws rds modify-db-instance "
                                    "--db-instance-identifier mariadb-007")),
                 qPrintable(iam.error->hint));

        QVERIFY(apply(assistant, SetupStepId::Policy));
        const SetupStep &policy = assistant.step(SetupStepId::Policy);
        QCOMPARE(policy.state, SetupState::Failed);
        QCOMPARE(policy.error->message, QStringLiteral("your AWS identity may not call iam:CreatePolicy"));
        QVERIFY(policy.error->hint.contains(QStringLiteral("aws iam create-policy --policy-name")));
        QVERIFY(!describe(*m_server, QStringLiteral("mariadb-007")).iamAuthEnabled);
    }

    void assumedRoleGetsThePolicyOnTheRole()
    {
        const QString key = QStringLiteral("AKIDASROLE");
        SetupAssistant assistant(contextFor(QStringLiteral("mysql-009"), key));
        QVERIFY(check(assistant));
        const SetupStep &policy = assistant.step(SetupStepId::Policy);
        QCOMPARE(policy.state, SetupState::Missing);
        QVERIFY(policy.change.requests.join(u'\n').contains(QStringLiteral("AttachRolePolicy")));
        QVERIFY(policy.change.requests.contains(QStringLiteral("  RoleName=setup-role")));
        QVERIFY(actionsOf(*m_server, key).contains(QStringLiteral("ListAttachedRolePolicies")));

        QVERIFY(apply(assistant, SetupStepId::Policy));
        QCOMPARE(assistant.step(SetupStepId::Policy).state, SetupState::Ok);
        QVERIFY(assistant.step(SetupStepId::Policy)
                    .done.join(u'\n')
                    .contains(QStringLiteral("IAM role setup-role")));
        QVERIFY(actionsOf(*m_server, key).contains(QStringLiteral("AttachRolePolicy")));
        QVERIFY(!actionsOf(*m_server, key).contains(QStringLiteral("AttachUserPolicy")));
    }

    void clusterMemberIsChangedOnItsCluster()
    {
        // An instance of the Aurora cluster aurora-pg-1 (IAM off): the change is ModifyDBCluster.
        SetupAssistant assistant(contextFor(QStringLiteral("aurora-pg-1-instance-1"),
                                            QStringLiteral("AKIDCLUSTER"),
                                            /*byHost=*/true));
        QVERIFY(check(assistant));
        const SetupStep &iam = assistant.step(SetupStepId::IamAuth);
        QCOMPARE(iam.state, SetupState::Missing);
        QVERIFY(iam.change.awsCli.first().startsWith(
            QStringLiteral("aws rds modify-db-cluster --db-cluster-identifier aurora-pg-1 ")));
        QVERIFY(assistant.resourceId().startsWith(QStringLiteral("cluster-")));
    }
};

QTEST_GUILESS_MAIN(TestSetupAssistant)
#include "tst_setup_assistant.moc"
