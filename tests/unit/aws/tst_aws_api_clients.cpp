// SPDX-License-Identifier: GPL-3.0-or-later
// RdsClient, IamClient, SecretsManagerClient and SsmClient against the local AWS stand-in (real wire formats,
// SigV4 checked).
#include "tst_aws_api_clients.h"
#include "AwsStandInAccess.h"

#include "aws/IamClient.h"
#include "aws/RdsClient.h"
#include "aws/RdsConnectPolicy.h"
#include "aws/SecretsManagerClient.h"
#include "aws/SsmClient.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

using namespace signet;
using namespace signet::aws;

namespace {

using signet::test::credentialsFor;
using signet::test::endpointsAt;

// Retries without waiting; records each delay asked for.
RetryPolicy instantRetries(QList<int> *delays)
{
    RetryPolicy policy;
    policy.sleep = [delays](int delayMs, std::function<void()> wake) {
        delays->append(delayMs);
        wake();
    };
    return policy;
}

template<typename T> Result<T> wait(QFuture<Result<T>> future, int timeoutMs = 20000)
{
    return waitForResult(std::move(future), timeoutMs, QStringLiteral("the AWS call"));
}

// How many requests the stand-in saw signed with `key` (for `action`, when given).
int requestsWith(const test::LocalAwsServer &server, const QString &key, const QString &action = {})
{
    int count = 0;
    for (const QJsonValue &value : server.requests()) {
        const QJsonObject request = value.toObject();
        const QString auth = request.value(QStringLiteral("headers"))
                                 .toObject()
                                 .value(QStringLiteral("authorization"))
                                 .toString();
        const QString body = request.value(QStringLiteral("body")).toString();
        if (auth.contains(QStringLiteral("Credential=") + key + u'/') &&
            (action.isEmpty() || body.contains(QStringLiteral("Action=") + action + u'&') ||
             request.value(QStringLiteral("headers"))
                 .toObject()
                 .value(QStringLiteral("x-amz-target"))
                 .toString()
                 .endsWith(action)))
            ++count;
    }
    return count;
}

} // namespace

void TestAwsApiClients::initTestCase()
{
    m_server = std::make_unique<test::LocalAwsServer>(
        QStringList{QStringLiteral("--rds-apply-delay"), QStringLiteral("0.5")});
    QVERIFY(m_server->isRunning());
}

void TestAwsApiClients::describeInstancesCollectsEveryPage()
{
    const QString key = QStringLiteral("AKIDPAGES");
    RdsClient rds(endpointsAt(m_server->url()), QStringLiteral("us-east-1"), credentialsFor(key));
    QList<int> pages;
    RdsListOptions options;
    options.maxRecords = 20;
    options.progressed = [&pages](int page, int items) { pages.append(page * 1000 + items); };
    const auto instances = wait(rds.describeDbInstances(options));
    QVERIFY2(instances.ok(), qPrintable(instances.ok() ? QString() : instances.error().toString()));
    QCOMPARE(instances->size(), 130);
    QCOMPARE(pages.size(), 7);
    QCOMPARE(pages.last(), 7 * 1000 + 130);
    QCOMPARE(requestsWith(*m_server, key, QStringLiteral("DescribeDBInstances")), 7);

    QSet<QString> engines, ids;
    for (const RdsDbInstance &db : *instances) {
        engines.insert(db.engine);
        ids.insert(db.identifier);
        QVERIFY(db.resourceId.startsWith(QStringLiteral("db-")));
        QVERIFY(db.port == 3306 || db.port == 5432);
        QVERIFY(db.address.endsWith(QStringLiteral(".us-east-1.rds.amazonaws.com")));
    }
    QCOMPARE(ids.size(), 130);
    QCOMPARE(engines,
             (QSet<QString>{QStringLiteral("mysql"), QStringLiteral("mariadb"), QStringLiteral("postgres"),
                            QStringLiteral("aurora-mysql"), QStringLiteral("aurora-postgresql")}));

    // The default page size (100) takes two pages; one identifier takes one request.
    QCOMPARE(wait(rds.describeDbInstances())->size(), 130);
    RdsListOptions one;
    one.identifier = QStringLiteral("aurora-pg-1-instance-2");
    const auto single = wait(rds.describeDbInstances(one));
    QCOMPARE(single->size(), 1);
    QCOMPARE(single->first().clusterIdentifier, QStringLiteral("aurora-pg-1"));
    one.identifier = QStringLiteral("no-such-db");
    const auto missing = wait(rds.describeDbInstances(one));
    QCOMPARE(missing.error().code, QStringLiteral("rds.DBInstanceNotFound"));
    QVERIFY(missing.error().hint.contains(QStringLiteral("identifier")));
}

void TestAwsApiClients::clustersEndpointsAndProxies()
{
    RdsClient rds(endpointsAt(m_server->url()), QStringLiteral("us-east-1"),
                  credentialsFor(QStringLiteral("AKIDCLUSTERS")));
    const auto clusters = wait(rds.describeDbClusters());
    QVERIFY(clusters.ok());
    QCOMPARE(clusters->size(), 4);
    const RdsDbCluster &first = clusters->first();
    QVERIFY(first.resourceId.startsWith(QStringLiteral("cluster-")));
    QCOMPARE(first.members.size(), 2);
    QVERIFY(first.members.first().isWriter);
    QVERIFY(!first.readerEndpoint.isEmpty());
    QCOMPARE(first.customEndpoints.size(), 1);

    RdsListOptions ofCluster;
    ofCluster.parent = first.identifier;
    const auto endpoints = wait(rds.describeDbClusterEndpoints(ofCluster));
    QVERIFY(endpoints.ok());
    QStringList types;
    for (const RdsClusterEndpoint &endpoint : *endpoints)
        types.append(endpoint.endpointType);
    QCOMPARE(types,
             (QStringList{QStringLiteral("WRITER"), QStringLiteral("READER"), QStringLiteral("CUSTOM")}));
    QCOMPARE(endpoints->last().staticMembers, QStringList{first.members.at(1).instanceIdentifier});

    const auto proxies = wait(rds.describeDbProxies());
    QVERIFY(proxies.ok());
    QCOMPARE(proxies->size(), 2);
    QVERIFY(proxies->at(0).resourceId.startsWith(QStringLiteral("prx-")));
    QCOMPARE(proxies->at(0).port, 3306);
    QVERIFY(proxies->at(0).iamAuthEnabled);
    QVERIFY(!proxies->at(1).iamAuthEnabled);
    const auto proxyEndpoints = wait(rds.describeDbProxyEndpoints());
    QVERIFY(proxyEndpoints.ok());
    QCOMPARE(proxyEndpoints->size(), 3);
    QVERIFY(proxyEndpoints->first().isDefault);
}

void TestAwsApiClients::throttlingIsRetriedThenSucceeds()
{
    const QString key = QStringLiteral("AKIDTHROTTLE2");
    RdsClient rds(endpointsAt(m_server->url()), QStringLiteral("eu-west-1"), credentialsFor(key));
    QList<int> delays;
    rds.setRetryPolicy(instantRetries(&delays));
    const auto instances = wait(rds.describeDbInstances());
    QVERIFY2(instances.ok(), qPrintable(instances.ok() ? QString() : instances.error().toString()));
    QCOMPARE(instances->size(), 5);
    QCOMPARE(delays.size(), 2);
    QVERIFY(delays.at(0) >= 0 && delays.at(0) <= 100);
    QVERIFY(delays.at(1) >= 0 && delays.at(1) <= 200);
    QCOMPARE(requestsWith(*m_server, key), 3);
}

void TestAwsApiClients::serverErrorsAreRetriedThenSucceed()
{
    QList<int> delays;
    RdsClient rds(endpointsAt(m_server->url()), QStringLiteral("eu-west-1"),
                  credentialsFor(QStringLiteral("AKIDERR500X1")));
    rds.setRetryPolicy(instantRetries(&delays));
    QVERIFY(wait(rds.describeDbClusters()).ok());
    QCOMPARE(delays.size(), 1);

    RdsClient html(endpointsAt(m_server->url()), QStringLiteral("eu-west-1"),
                   credentialsFor(QStringLiteral("AKIDERR503X2")));
    html.setRetryPolicy(instantRetries(&delays));
    QVERIFY(wait(html.describeDbProxies()).ok());
    QCOMPARE(delays.size(), 3);
}

void TestAwsApiClients::retriesStopAtTheCap()
{
    const QString key = QStringLiteral("AKIDTHROTTLE9");
    QList<int> delays;
    RdsClient rds(endpointsAt(m_server->url()), QStringLiteral("us-east-1"), credentialsFor(key));
    rds.setRetryPolicy(instantRetries(&delays));
    const auto result = wait(rds.describeDbInstances());
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, QStringLiteral("rds.Throttling"));
    QVERIFY(result.error().message.contains(QStringLiteral("gave up after 3 attempts")));
    QVERIFY(result.error().hint.contains(QStringLiteral("rate")));
    QCOMPARE(delays.size(), 2);
    QCOMPARE(requestsWith(*m_server, key), 3);

    const QString html = QStringLiteral("AKIDERR503X9");
    RdsClient unavailable(endpointsAt(m_server->url()), QStringLiteral("us-east-1"), credentialsFor(html));
    unavailable.setRetryPolicy(instantRetries(&delays));
    const auto down = wait(unavailable.describeDbInstances());
    QCOMPARE(down.error().code, QStringLiteral("rds.http-503"));
    QCOMPARE(requestsWith(*m_server, html), 3);
}

void TestAwsApiClients::accessDeniedNamesTheMissingAction()
{
    const QString key = QStringLiteral("AKIDDENIED");
    QList<int> delays;
    RdsClient rds(endpointsAt(m_server->url()), QStringLiteral("us-east-1"), credentialsFor(key));
    rds.setRetryPolicy(instantRetries(&delays));
    const auto result = wait(rds.describeDbProxies());
    QCOMPARE(result.error().code, QStringLiteral("rds.AccessDenied"));
    QVERIFY(result.error().hint.contains(QStringLiteral("rds:DescribeDBProxies")));
    QVERIFY(delays.isEmpty());
    QCOMPARE(requestsWith(*m_server, key), 1);

    IamClient iam(endpointsAt(m_server->url()), QStringLiteral("us-east-1"), credentialsFor(key));
    const auto policy = wait(iam.createPolicy(QStringLiteral("p"), QStringLiteral("{}")));
    QCOMPARE(policy.error().code, QStringLiteral("iam.AccessDenied"));
    QVERIFY(policy.error().hint.contains(QStringLiteral("iam:CreatePolicy")));

    SecretsManagerClient secrets(endpointsAt(m_server->url()), QStringLiteral("us-east-1"),
                                 credentialsFor(key));
    const auto secret = wait(secrets.getSecretValue(QStringLiteral("x")));
    QCOMPARE(secret.error().code, QStringLiteral("secretsmanager.AccessDeniedException"));
    QVERIFY(secret.error().hint.contains(QStringLiteral("secretsmanager:GetSecretValue")));
}

void TestAwsApiClients::badKeyAndBadSignatureAreClear()
{
    RdsClient badKey(endpointsAt(m_server->url()), QStringLiteral("us-east-1"),
                     credentialsFor(QStringLiteral("AKIDBADKEY")));
    const auto unknown = wait(badKey.describeDbInstances());
    QCOMPARE(unknown.error().code, QStringLiteral("rds.InvalidClientTokenId"));
    QVERIFY(unknown.error().hint.contains(QStringLiteral("access key")));

    Credentials wrong = credentialsFor(QStringLiteral("AKIDWRONGSECRET"));
    wrong.secretAccessKey = SecretString::fromUtf8(QStringLiteral("not-the-secret"));
    RdsClient rds(endpointsAt(m_server->url()), QStringLiteral("us-east-1"), wrong);
    const auto mismatch = wait(rds.describeDbInstances());
    QCOMPARE(mismatch.error().code, QStringLiteral("rds.SignatureDoesNotMatch"));
    QVERIFY(!mismatch.error().message.contains(QStringLiteral("not-the-secret")));
}

void TestAwsApiClients::malformedXmlIsAClearError()
{
    RdsClient rds(endpointsAt(m_server->url()), QStringLiteral("us-east-1"),
                  credentialsFor(QStringLiteral("AKIDGARBAGE")));
    const auto result = wait(rds.describeDbInstances());
    QCOMPARE(result.error().code, QStringLiteral("rds.malformed"));
    QVERIFY(result.error().message.contains(QStringLiteral("not valid XML")));
    SecretsManagerClient secrets(endpointsAt(m_server->url()), QStringLiteral("us-east-1"),
                                 credentialsFor(QStringLiteral("AKIDGARBAGE2")));
    QCOMPARE(wait(secrets.getSecretValue(QStringLiteral("x"))).error().code,
             QStringLiteral("secretsmanager.malformed"));
}

void TestAwsApiClients::hangingServerTimesOut()
{
    QList<int> delays;
    RdsClient rds(endpointsAt(m_server->url()), QStringLiteral("us-east-1"),
                  credentialsFor(QStringLiteral("AKIDHANG")));
    rds.setTimeoutMs(300);
    rds.setRetryPolicy(instantRetries(&delays));
    QElapsedTimer timer;
    timer.start();
    const auto result = wait(rds.describeDbInstances(), 10000);
    QCOMPARE(result.error().code, QStringLiteral("aws.unreachable"));
    QVERIFY(result.error().message.contains(QStringLiteral("gave up after 3 attempts")));
    QCOMPARE(delays.size(), 2);
    QVERIFY(timer.elapsed() < 5000);
}

void TestAwsApiClients::endpointOverridesAreHonoured()
{
    const QString closed = QStringLiteral("http://127.0.0.1:%1").arg(test::closedPort());
    QProcessEnvironment env;
    env.insert(QStringLiteral("AWS_ENDPOINT_URL"), closed);
    env.insert(QStringLiteral("AWS_ENDPOINT_URL_RDS"),
               m_server->url(QStringLiteral("/rds-here/")).toString());
    env.insert(QStringLiteral("AWS_ENDPOINT_URL_IAM"),
               m_server->url(QStringLiteral("/iam-here/")).toString());
    env.insert(QStringLiteral("AWS_ENDPOINT_URL_SECRETS_MANAGER"),
               m_server->url(QStringLiteral("/sm-here/")).toString());
    const ServiceEndpoints endpoints(env);
    const Credentials credentials = credentialsFor(QStringLiteral("AKIDOVERRIDE"));
    RdsClient rds(endpoints, QStringLiteral("eu-west-1"), credentials);
    QVERIFY(wait(rds.describeDbProxies()).ok());
    IamClient iam(endpoints, QStringLiteral("eu-west-1"), credentials);
    QVERIFY(wait(iam.listAttachedRolePolicies(QStringLiteral("nobody"))).ok());
    SecretsManagerClient secrets(endpoints, QStringLiteral("eu-west-1"), credentials);
    QCOMPARE(wait(secrets.getSecretValue(QStringLiteral("plain-text")))->secretString.revealText(),
             QStringLiteral("just text"));
    QSet<QString> paths;
    for (const QJsonValue &value : m_server->requests()) {
        if (value.toObject()
                .value(QStringLiteral("headers"))
                .toObject()
                .value(QStringLiteral("authorization"))
                .toString()
                .contains(QStringLiteral("AKIDOVERRIDE")))
            paths.insert(value.toObject().value(QStringLiteral("path")).toString());
    }
    QCOMPARE(paths, (QSet<QString>{QStringLiteral("/rds-here/"), QStringLiteral("/iam-here/"),
                                   QStringLiteral("/sm-here/")}));

    // Without the service's own variable, AWS_ENDPOINT_URL is used: here a closed port.
    QProcessEnvironment globalOnly;
    globalOnly.insert(QStringLiteral("AWS_ENDPOINT_URL"), closed);
    RdsClient unreachable(ServiceEndpoints(globalOnly), QStringLiteral("eu-west-1"), credentials);
    QList<int> delays;
    unreachable.setRetryPolicy(instantRetries(&delays));
    const auto refused = wait(unreachable.describeDbInstances());
    QCOMPARE(refused.error().code, QStringLiteral("aws.unreachable"));
    QVERIFY(refused.error().message.contains(QStringLiteral("Amazon RDS")));
    QCOMPARE(delays.size(), 2);
}

void TestAwsApiClients::modifyEnablesIamAuthentication()
{
    RdsClient rds(endpointsAt(m_server->url()), QStringLiteral("us-east-1"),
                  credentialsFor(QStringLiteral("AKIDMODIFY")));
    RdsListOptions one;
    one.identifier = QStringLiteral("mariadb-001");
    QVERIFY(!wait(rds.describeDbInstances(one))->first().iamAuthEnabled);
    const auto modified = wait(rds.modifyDbInstanceIamAuth(one.identifier, true));
    QVERIFY2(modified.ok(), qPrintable(modified.ok() ? QString() : modified.error().toString()));
    QVERIFY(modified->iamAuthChangePending);
    QVERIFY(modified->iamAuthPendingValue);
    QVERIFY(!modified->iamAuthEnabled);
    QTRY_VERIFY_WITH_TIMEOUT(wait(rds.describeDbInstances(one))->first().iamAuthEnabled, 5000);

    const auto cluster = wait(rds.modifyDbClusterIamAuth(QStringLiteral("aurora-pg-1"), true));
    QVERIFY(cluster.ok());
    QVERIFY(cluster->iamAuthChangePending);
    const auto member = wait(rds.modifyDbInstanceIamAuth(QStringLiteral("aurora-pg-1-instance-1"), true));
    QCOMPARE(member.error().code, QStringLiteral("rds.InvalidParameterCombination"));
    QCOMPARE(
        RdsClient::modifyIamAuthParameters(QStringLiteral("DBInstanceIdentifier"), QStringLiteral("x"), true)
            .at(1),
        (std::pair{QStringLiteral("EnableIAMDatabaseAuthentication"), QStringLiteral("true")}));
}

void TestAwsApiClients::regionsRunConcurrentlyWithTheirOwnErrors()
{
    const ServiceEndpoints endpoints = endpointsAt(m_server->url());
    RdsClient east(endpoints, QStringLiteral("us-east-1"), credentialsFor(QStringLiteral("AKIDREGIONS")));
    RdsClient west(endpoints, QStringLiteral("eu-west-1"), credentialsFor(QStringLiteral("AKIDREGIONS")));
    RdsClient empty(endpoints, QStringLiteral("sa-east-1"), credentialsFor(QStringLiteral("AKIDREGIONS")));
    RdsClient denied(endpoints, QStringLiteral("ap-south-1"),
                     credentialsFor(QStringLiteral("AKIDREGIONSDENIED")));
    QMap<QString, int> progress;
    const auto track = [&progress](const QString &region) {
        RdsListOptions options;
        options.progressed = [&progress, region](int, int items) { progress[region] = items; };
        return options;
    };
    // All started before any is waited for.
    auto a = east.describeDbInstances(track(east.region()));
    auto b = west.describeDbInstances(track(west.region()));
    auto c = empty.describeDbInstances(track(empty.region()));
    auto d = denied.describeDbInstances(track(denied.region()));
    QCOMPARE(wait(a)->size(), 130);
    QCOMPARE(wait(b)->size(), 5);
    QCOMPARE(wait(c)->size(), 0);
    QCOMPARE(wait(d).error().code, QStringLiteral("rds.AccessDenied"));
    QCOMPARE(progress.value(QStringLiteral("us-east-1")), 130);
    QCOMPARE(progress.value(QStringLiteral("eu-west-1")), 5);
    QVERIFY(!progress.contains(QStringLiteral("ap-south-1")));
}

void TestAwsApiClients::cancellingStopsPaging()
{
    const QString key = QStringLiteral("AKIDCANCEL");
    RdsClient rds(endpointsAt(m_server->url()), QStringLiteral("us-east-1"), credentialsFor(key));
    QFuture<Result<QList<RdsDbInstance>>> future;
    RdsListOptions options;
    options.maxRecords = 20;
    options.progressed = [&future](int pages, int) {
        if (pages == 2)
            future.cancel();
    };
    future = rds.describeDbInstances(options);
    QTRY_VERIFY(future.isFinished());
    QVERIFY(future.isCanceled());
    QCOMPARE(future.resultCount(), 0);
    QCOMPARE(requestsWith(*m_server, key), 2);
}

void TestAwsApiClients::iamPolicyRoundTrip()
{
    IamClient iam(endpointsAt(m_server->url()), QStringLiteral("eu-west-1"),
                  credentialsFor(QStringLiteral("AKIDIAM")));
    const QString arn = *RdsConnectPolicy::resourceArn(
        QStringLiteral("eu-west-1"), QStringLiteral("123456789012"),
        QStringLiteral("db-ABCDEFGHIJKLMNOPQRSTUVWXYZ"), QStringLiteral("app_user"));
    const QString document = RdsConnectPolicy::document({arn});
    const QString name = RdsConnectPolicy::policyName(QStringLiteral("db-ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
                                                      QStringLiteral("app_user"));
    const auto created =
        wait(iam.createPolicy(name, document, QStringLiteral("rds-db:connect for app_user & co")));
    QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error().toString()));
    QCOMPARE(created->arn, QStringLiteral("arn:aws:iam::123456789012:policy/") + name);
    QCOMPARE(created->defaultVersionId, QStringLiteral("v1"));
    QCOMPARE(wait(iam.createPolicy(name, document)).error().code, QStringLiteral("iam.EntityAlreadyExists"));

    QVERIFY(wait(iam.attachUserPolicy(QStringLiteral("alice"), created->arn)).ok());
    QVERIFY(wait(iam.attachRolePolicy(QStringLiteral("Admin"), created->arn)).ok());
    const auto ghost = wait(iam.attachUserPolicy(QStringLiteral("ghost"), created->arn));
    QCOMPARE(ghost.error().code, QStringLiteral("iam.NoSuchEntity"));
    const auto attached = wait(iam.listAttachedUserPolicies(QStringLiteral("alice")));
    QCOMPARE(attached->size(), 1);
    QCOMPARE(attached->first().arn, created->arn);
    QCOMPARE(wait(iam.listAttachedRolePolicies(QStringLiteral("Admin")))->size(), 1);
    // Three policies, answered two per page.
    QCOMPARE(wait(iam.listAttachedUserPolicies(QStringLiteral("many-policies")))->size(), 3);

    const auto policy = wait(iam.getPolicy(created->arn));
    QCOMPARE(policy->attachmentCount, 2);
    QCOMPARE(policy->description, QStringLiteral("rds-db:connect for app_user & co"));
    const auto version = wait(iam.getPolicyVersion(created->arn, policy->defaultVersionId));
    QVERIFY(version.ok());
    QCOMPARE(version->document, document);
    QCOMPARE(RdsConnectPolicy::evaluate(version->document, arn), RdsConnectPolicy::Verdict::Allows);
    QCOMPARE(wait(iam.getPolicy(QStringLiteral("arn:aws:iam::123456789012:policy/none"))).error().code,
             QStringLiteral("iam.NoSuchEntity"));
}

void TestAwsApiClients::secretsManagerGetSecretValue()
{
    const ServiceEndpoints endpoints = endpointsAt(m_server->url());
    RdsClient rds(endpoints, QStringLiteral("us-east-1"), credentialsFor(QStringLiteral("AKIDSECRETS")));
    RdsListOptions one;
    one.identifier = QStringLiteral("postgres-002");
    const auto db = wait(rds.describeDbInstances(one));
    QVERIFY(db.ok());
    const QString secretArn = db->first().masterUserSecret.secretArn;
    QVERIFY(!secretArn.isEmpty());

    QList<int> delays;
    SecretsManagerClient secrets(endpoints, QStringLiteral("us-east-1"),
                                 credentialsFor(QStringLiteral("AKIDTHROTTLE1SM")));
    secrets.setRetryPolicy(instantRetries(&delays));
    const auto value = wait(secrets.getSecretValue(secretArn));
    QVERIFY2(value.ok(), qPrintable(value.ok() ? QString() : value.error().toString()));
    QCOMPARE(delays.size(), 1);
    QCOMPARE(value->arn, secretArn);
    const auto login = SecretsManagerClient::loginFromSecret(*value);
    QVERIFY(login.ok());
    QCOMPARE(login->username, QStringLiteral("admin"));
    QVERIFY(login->password.revealText().startsWith(QStringLiteral("master-")));
    QString printed;
    QDebug(&printed) << login->password;
    QVERIFY(!printed.contains(QStringLiteral("master-")));

    const auto missing = wait(secrets.getSecretValue(QStringLiteral("nope")));
    QCOMPARE(missing.error().code, QStringLiteral("secretsmanager.ResourceNotFoundException"));
    QVERIFY(missing.error().hint.contains(QStringLiteral("name or ARN")));
}

void TestAwsApiClients::ssmStartAndTerminateSession()
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("AWS_ENDPOINT_URL"),
               QStringLiteral("http://127.0.0.1:%1").arg(test::closedPort()));
    env.insert(QStringLiteral("AWS_ENDPOINT_URL_SSM"), m_server->url(QStringLiteral("/ssm-here")).toString());
    const QString key = QStringLiteral("AKIDSSMSHAPE");
    SsmClient ssm(ServiceEndpoints(env), QStringLiteral("eu-west-1"), credentialsFor(key));
    // The plugin is handed the endpoint as configured.
    QCOMPARE(ssm.endpoint(), m_server->url(QStringLiteral("/ssm-here")));
    QCOMPARE(ServiceEndpoints(QProcessEnvironment()).ssm(QStringLiteral("eu-west-1")),
             QUrl(QStringLiteral("https://ssm.eu-west-1.amazonaws.com")));
    const QJsonObject request =
        SsmClient::portForwardingRequest(QStringLiteral("i-0123456789abcdef0"),
                                         QStringLiteral("db.abc.eu-west-1.rds.amazonaws.com"), 5432, 40123);
    const auto session = wait(ssm.startSession(request));
    QVERIFY2(session.ok(), qPrintable(session.ok() ? QString() : session.error().toString()));
    QVERIFY(!session->sessionId.isEmpty());
    QVERIFY(session->streamUrl.startsWith(QStringLiteral("wss://ssmmessages.eu-west-1.amazonaws.com/")));
    QVERIFY(session->tokenValue.revealText().startsWith(QStringLiteral("AAEAA")));
    QVERIFY(wait(ssm.terminateSession(session->sessionId)).ok());

    QList<QJsonObject> bodies;
    for (const QJsonValue &value : m_server->requests()) {
        const QJsonObject seen = value.toObject();
        const QJsonObject headers = seen.value(QStringLiteral("headers")).toObject();
        if (!headers.value(QStringLiteral("authorization")).toString().contains(key))
            continue;
        QCOMPARE(seen.value(QStringLiteral("path")).toString(), QStringLiteral("/ssm-here"));
        QCOMPARE(headers.value(QStringLiteral("content-type")).toString(),
                 QStringLiteral("application/x-amz-json-1.1"));
        QVERIFY(headers.value(QStringLiteral("authorization"))
                    .toString()
                    .contains(QStringLiteral("/eu-west-1/ssm/aws4_request")));
        bodies << QJsonObject{
            {QStringLiteral("target"), headers.value(QStringLiteral("x-amz-target"))},
            {QStringLiteral("body"),
             QJsonDocument::fromJson(seen.value(QStringLiteral("body")).toString().toUtf8()).object()}};
    }
    QCOMPARE(bodies.size(), 2);
    QCOMPARE(bodies[0].value(QStringLiteral("target")).toString(), QStringLiteral("AmazonSSM.StartSession"));
    const QJsonObject expected{
        {QStringLiteral("Target"), QStringLiteral("i-0123456789abcdef0")},
        {QStringLiteral("DocumentName"), QStringLiteral("AWS-StartPortForwardingSessionToRemoteHost")},
        {QStringLiteral("Parameters"),
         QJsonObject{
             {QStringLiteral("host"), QJsonArray{QStringLiteral("db.abc.eu-west-1.rds.amazonaws.com")}},
             {QStringLiteral("portNumber"), QJsonArray{QStringLiteral("5432")}},
             {QStringLiteral("localPortNumber"), QJsonArray{QStringLiteral("40123")}}}}};
    QCOMPARE(bodies[0].value(QStringLiteral("body")).toObject(), expected);
    QCOMPARE(bodies[1].value(QStringLiteral("target")).toString(),
             QStringLiteral("AmazonSSM.TerminateSession"));
    QCOMPARE(bodies[1].value(QStringLiteral("body")).toObject(),
             (QJsonObject{{QStringLiteral("SessionId"), session->sessionId}}));
    // The session's token never shows when printed.
    QString printed;
    QDebug(&printed) << session->tokenValue;
    QVERIFY(!printed.contains(QStringLiteral("AAEAA")));
}

void TestAwsApiClients::ssmErrorsInTheUsersWords()
{
    const QJsonObject request = SsmClient::portForwardingRequest(QStringLiteral("i-0123456789abcdef0"),
                                                                 QStringLiteral("db.example"), 3306, 40000);
    SsmClient denied(endpointsAt(m_server->url()), QStringLiteral("us-east-1"),
                     credentialsFor(QStringLiteral("AKIDSSMDENIED")));
    const auto refused = wait(denied.startSession(request));
    QCOMPARE(refused.error().code, QStringLiteral("ssm.AccessDeniedException"));
    QVERIFY2(refused.error().hint.contains(QStringLiteral("ssm:StartSession")),
             qPrintable(refused.error().hint));

    SsmClient offline(endpointsAt(m_server->url()), QStringLiteral("us-east-1"),
                      credentialsFor(QStringLiteral("AKIDSSMNOTCONNECTED")));
    const auto agent = wait(offline.startSession(request));
    QCOMPARE(agent.error().code, QStringLiteral("ssm.TargetNotConnected"));
    QVERIFY2(agent.error().message.contains(
                 QStringLiteral("the SSM agent of instance i-0123456789abcdef0 is not connected")),
             qPrintable(agent.error().message));
    QVERIFY(agent.error().hint.contains(QStringLiteral("AmazonSSMManagedInstanceCore")));

    SsmClient garbage(endpointsAt(m_server->url()), QStringLiteral("us-east-1"),
                      credentialsFor(QStringLiteral("AKIDSSMGARBAGE")));
    QCOMPARE(wait(garbage.startSession(request)).error().code, QStringLiteral("ssm.malformed"));

    SsmClient ok(endpointsAt(m_server->url()), QStringLiteral("us-east-1"),
                 credentialsFor(QStringLiteral("AKIDSSMOK")));
    QCOMPARE(wait(ok.terminateSession(QStringLiteral("nobody-0000"))).error().code,
             QStringLiteral("ssm.DoesNotExistException"));
}

QTEST_GUILESS_MAIN(TestAwsApiClients)
