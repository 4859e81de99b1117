// SPDX-License-Identifier: GPL-3.0-or-later
// SetupAssistant: the checks and changes of the four steps, chained on the event loop.
#include "setup/SetupAssistant.h"

#include "aws/IamClient.h"
#include "aws/RdsClient.h"
#include "aws/RdsConnectPolicy.h"
#include "aws/SecretsManagerClient.h"
#include "aws/StsClient.h"
#include "launch/ShellQuoting.h"
#include "setup/MasterSession.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QPointer>
#include <QTimer>

namespace signet::setup {

namespace {

bool isAccessDenied(const Error &error)
{
    static const QStringList codes{QStringLiteral("AccessDenied"), QStringLiteral("AccessDeniedException"),
                                   QStringLiteral("UnauthorizedOperation"), QStringLiteral("NotAuthorized"),
                                   QStringLiteral("AuthorizationError")};
    return codes.contains(error.code.section(u'.', 1));
}

QString compactJson(const QString &json)
{
    return QString::fromUtf8(QJsonDocument::fromJson(json.toUtf8()).toJson(QJsonDocument::Compact));
}

QStringList requestLines(const QString &service, const QString &action,
                         const QList<std::pair<QString, QString>> &parameters)
{
    QStringList lines{QStringLiteral("%1 %2").arg(service, action)};
    for (const auto &[name, value] : parameters)
        lines.append(QStringLiteral("  %1=%2").arg(name, value));
    return lines;
}

QString bash(const QStringList &words)
{
    QStringList quoted;
    for (const QString &word : words)
        quoted.append(launch::quoteBash(word));
    return quoted.join(u' ');
}

} // namespace

// What the checks learnt, kept for the changes.
struct SetupAssistant::State
{
    QString region;
    bool found = false;
    bool isCluster = false;
    bool isProxy = false;
    QString identifier;
    QString resourceId;
    QString masterUser;
    QString secretArn;
    bool iamEnabled = false;
    QString status;
    // STS GetCallerIdentity.
    QString account;
    QString callerArn;
    std::optional<aws::IamPrincipal> principal;
    QString resourceArn;
    std::optional<MasterLogin> masterLogin;
    bool userExists = false;
    bool userIsIam = false;
};

QString setupStepKey(SetupStepId id)
{
    switch (id) {
    case SetupStepId::IamAuth:
        return QStringLiteral("iam-auth");
    case SetupStepId::Policy:
        return QStringLiteral("policy");
    case SetupStepId::DbUser:
        return QStringLiteral("db-user");
    case SetupStepId::Login:
        return QStringLiteral("login");
    }
    return {};
}

QString setupStateKey(SetupState state)
{
    switch (state) {
    case SetupState::Unchecked:
        return QStringLiteral("unchecked");
    case SetupState::Checking:
        return QStringLiteral("checking");
    case SetupState::Ok:
        return QStringLiteral("ok");
    case SetupState::Missing:
        return QStringLiteral("missing");
    case SetupState::CannotTell:
        return QStringLiteral("cannot-tell");
    case SetupState::Applying:
        return QStringLiteral("applying");
    case SetupState::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

QString setupStateText(SetupState state)
{
    QString key = setupStateKey(state);
    return key.replace(u'-', u' ');
}

int SetupContext::pollIntervalFrom(const QProcessEnvironment &env)
{
    bool ok = false;
    const int ms = env.value(QStringLiteral("SIGNET_SETUP_POLL_MS")).toInt(&ok);
    return ok && ms > 0 ? ms : 10'000;
}

SetupAssistant::SetupAssistant(SetupContext context, QObject *parent)
    : QObject(parent)
    , m_context(std::move(context))
    , m_state(std::make_unique<State>())
{
    const std::pair<SetupStepId, QString> titles[] = {
        {SetupStepId::IamAuth, QStringLiteral("IAM database authentication")},
        {SetupStepId::Policy, QStringLiteral("rds-db:connect policy")},
        {SetupStepId::DbUser, QStringLiteral("database user")},
        {SetupStepId::Login, QStringLiteral("IAM login")}};
    for (const auto &[id, title] : titles) {
        SetupStep s;
        s.id = id;
        s.title = title;
        m_steps.append(s);
    }
    const auto region = resolveSigningRegion(m_context.profile.host, m_context.profile.region, {});
    m_state->region = region ? *region : m_context.profile.region;
}

SetupAssistant::~SetupAssistant() = default;

const SetupStep &SetupAssistant::step(SetupStepId id) const
{
    return m_steps.at(int(id));
}

SetupStep &SetupAssistant::mutableStep(SetupStepId id)
{
    return m_steps[int(id)];
}

QString SetupAssistant::resourceId() const
{
    return m_state->resourceId;
}

QString SetupAssistant::masterUser() const
{
    return m_state->masterUser;
}

QString SetupAssistant::masterSecretArn() const
{
    return m_state->secretArn;
}

bool SetupAssistant::needsMasterPassword() const
{
    return !m_state->masterLogin && m_state->secretArn.isEmpty();
}

void SetupAssistant::setMasterLogin(MasterLogin login)
{
    if (login.user.isEmpty())
        login.user = m_state->masterUser;
    m_state->masterLogin = std::move(login);
}

void SetupAssistant::update(SetupStepId id, SetupState state, const QString &detail,
                            std::optional<Error> error)
{
    SetupStep &s = mutableStep(id);
    s.state = state;
    s.detail = detail;
    s.error = std::move(error);
    Q_EMIT stepChanged(id);
}

void SetupAssistant::cancel()
{
    ++m_generation;
    m_busy = false;
}

void SetupAssistant::check()
{
    if (m_busy)
        return;
    m_busy = true;
    const quint64 generation = m_generation;
    runCheck(SetupStepId::IamAuth, [this, generation] {
        runCheck(SetupStepId::Policy, [this, generation] {
            runCheck(SetupStepId::DbUser, [this, generation] {
                runCheck(SetupStepId::Login, [this, generation] {
                    if (generation != m_generation)
                        return;
                    m_busy = false;
                    Q_EMIT checkFinished();
                });
            });
        });
    });
}

void SetupAssistant::checkStep(SetupStepId id)
{
    if (m_busy)
        return;
    m_busy = true;
    const quint64 generation = m_generation;
    runCheck(id, [this, generation] {
        if (generation != m_generation)
            return;
        m_busy = false;
        Q_EMIT checkFinished();
    });
}

void SetupAssistant::runCheck(SetupStepId id, Next next)
{
    const quint64 generation = m_generation;
    // Every callback below ends in `next` once; a cancel in between drops the rest.
    Next guarded = [this, generation, next = std::move(next)] {
        if (generation == m_generation)
            next();
    };
    mutableStep(id).change = {};
    update(id, SetupState::Checking, {});
    switch (id) {
    case SetupStepId::IamAuth:
        checkIamAuth(std::move(guarded));
        break;
    case SetupStepId::Policy:
        checkPolicy(std::move(guarded));
        break;
    case SetupStepId::DbUser:
        checkDbUser(std::move(guarded));
        break;
    case SetupStepId::Login:
        checkLogin(std::move(guarded));
        break;
    }
}

void SetupAssistant::apply(SetupStepId id)
{
    if (m_busy)
        return;
    m_busy = true;
    const quint64 generation = m_generation;
    Next finish = [this, id, generation] {
        if (generation != m_generation)
            return;
        const SetupStep &s = step(id);
        if (s.state == SetupState::Failed) {
            m_busy = false;
            Q_EMIT applyFinished(id, false);
            return;
        }
        // Check again: the step says what holds now.
        const QStringList done = s.done;
        runCheck(id, [this, id, generation, done] {
            if (generation != m_generation)
                return;
            mutableStep(id).done = done;
            m_busy = false;
            Q_EMIT applyFinished(id, step(id).state == SetupState::Ok);
        });
    };
    mutableStep(id).done.clear();
    update(id, SetupState::Applying, step(id).detail);
    switch (id) {
    case SetupStepId::IamAuth:
        applyIamAuth(std::move(finish));
        break;
    case SetupStepId::Policy:
        applyPolicy(std::move(finish));
        break;
    case SetupStepId::DbUser:
        applyDbUser(std::move(finish));
        break;
    case SetupStepId::Login:
        finish();
        break;
    }
}

QString SetupAssistant::awsRegionArgument() const
{
    return m_state->region;
}

Error SetupAssistant::permissionError(const Error &error, const QString &iamAction,
                                      const QStringList &awsCli) const
{
    if (!isAccessDenied(error))
        return error;
    Error out = error;
    out.message = QStringLiteral("your AWS identity may not call %1").arg(iamAction);
    out.hint =
        awsCli.isEmpty()
            ? QStringLiteral("Ask an administrator to allow %1 for your identity.").arg(iamAction)
            : QStringLiteral("Ask an administrator to run: %1").arg(awsCli.join(QStringLiteral(" && ")));
    return out;
}

// ---- IAM database authentication -------------------------------------------------------------------

void SetupAssistant::describeDatabase(std::function<void(Status)> done)
{
    State &st = *m_state;
    const profiles::ConnectionProfile &profile = m_context.profile;
    if (st.region.isEmpty()) {
        done(makeError(QStringLiteral("setup.no-region"), QStringLiteral("the profile names no AWS region"),
                       QStringLiteral("Give the profile the database's region.")));
        return;
    }
    if (profile.awsResourceId.startsWith(QStringLiteral("prx-"))) {
        st.isProxy = true;
        st.resourceId = profile.awsResourceId;
        done(Unit{});
        return;
    }
    auto rds = std::make_shared<aws::RdsClient>(m_context.endpoints, st.region, m_context.credentials,
                                                *m_context.clock);
    rds->setTimeoutMs(m_context.callTimeoutMs);
    const QString wantedId = profile.awsResourceId;
    const QString host = profile.host;
    const int port = profile.port;
    const auto hostMatches = [host](const QString &address) {
        return !address.isEmpty() && address.compare(host, Qt::CaseInsensitive) == 0;
    };
    QPointer<SetupAssistant> self(this);
    const bool wantCluster = wantedId.startsWith(QStringLiteral("cluster-"));
    auto lookClusters = [self, rds, wantedId, hostMatches, done](const QString &clusterIdentifier) {
        aws::RdsListOptions options;
        options.identifier = clusterIdentifier;
        rds->describeDbClusters(options).then(self, [self, rds, wantedId, hostMatches, clusterIdentifier,
                                                     done](Result<QList<aws::RdsDbCluster>> r) {
            if (!r) {
                done(self->permissionError(r.error(), QStringLiteral("rds:DescribeDBClusters"),
                                           {bash({QStringLiteral("aws"), QStringLiteral("rds"),
                                                  QStringLiteral("describe-db-clusters"),
                                                  QStringLiteral("--region"), self->m_state->region})}));
                return;
            }
            for (const aws::RdsDbCluster &c : *r) {
                const bool matches =
                    !clusterIdentifier.isEmpty() ? c.identifier == clusterIdentifier
                    : !wantedId.isEmpty()
                        ? c.resourceId == wantedId
                        : hostMatches(c.endpoint) || hostMatches(c.readerEndpoint) ||
                              c.customEndpoints.contains(self->m_context.profile.host, Qt::CaseInsensitive);
                if (!matches)
                    continue;
                State &found = *self->m_state;
                found.found = true;
                found.isCluster = true;
                found.identifier = c.identifier;
                found.resourceId = c.resourceId;
                found.masterUser = c.masterUsername;
                found.secretArn = c.masterUserSecret.secretArn;
                found.iamEnabled = c.iamAuthEnabled;
                found.status = c.status;
                done(Unit{});
                return;
            }
            done(makeError(
                QStringLiteral("setup.not-found"),
                QStringLiteral("no RDS instance or cluster in %1 has the endpoint %2")
                    .arg(self->m_state->region, self->m_context.profile.host),
                QStringLiteral("Check the profile's host and region, or import it from AWS again.")));
        });
    };
    if (wantCluster) {
        lookClusters({});
        return;
    }
    rds->describeDbInstances().then(this, [self, rds, wantedId, hostMatches, port, lookClusters,
                                           done](Result<QList<aws::RdsDbInstance>> r) {
        if (!r) {
            done(self->permissionError(
                r.error(), QStringLiteral("rds:DescribeDBInstances"),
                {bash({QStringLiteral("aws"), QStringLiteral("rds"), QStringLiteral("describe-db-instances"),
                       QStringLiteral("--region"), self->m_state->region})}));
            return;
        }
        for (const aws::RdsDbInstance &i : *r) {
            const bool matches = !wantedId.isEmpty()
                                     ? i.resourceId == wantedId
                                     : hostMatches(i.address) && (i.port == port || i.port == 0);
            if (!matches)
                continue;
            // A cluster member: IAM authentication and the policy's resource are the cluster's.
            if (!i.clusterIdentifier.isEmpty()) {
                lookClusters(i.clusterIdentifier);
                return;
            }
            State &found = *self->m_state;
            found.found = true;
            found.isCluster = false;
            found.identifier = i.identifier;
            found.resourceId = i.resourceId;
            found.masterUser = i.masterUsername;
            found.secretArn = i.masterUserSecret.secretArn;
            found.iamEnabled = i.iamAuthEnabled;
            found.status = i.status;
            done(Unit{});
            return;
        }
        lookClusters({});
    });
}

void SetupAssistant::previewIamAuth()
{
    const State &st = *m_state;
    SetupChange change;
    const QString kind = st.isCluster ? QStringLiteral("DB cluster") : QStringLiteral("DB instance");
    change.summary = QStringLiteral("Enable IAM database authentication on the %1 %2 (applied immediately)")
                         .arg(kind, st.identifier);
    change.requests = requestLines(
        QStringLiteral("Amazon RDS (%1)").arg(st.region),
        st.isCluster ? QStringLiteral("ModifyDBCluster") : QStringLiteral("ModifyDBInstance"),
        aws::RdsClient::modifyIamAuthParameters(st.isCluster ? QStringLiteral("DBClusterIdentifier")
                                                             : QStringLiteral("DBInstanceIdentifier"),
                                                st.identifier, true));
    change.awsCli = {
        bash({QStringLiteral("aws"), QStringLiteral("rds"),
              st.isCluster ? QStringLiteral("modify-db-cluster") : QStringLiteral("modify-db-instance"),
              st.isCluster ? QStringLiteral("--db-cluster-identifier")
                           : QStringLiteral("--db-instance-identifier"),
              st.identifier, QStringLiteral("--enable-iam-database-authentication"),
              QStringLiteral("--apply-immediately"), QStringLiteral("--region"), st.region})};
    mutableStep(SetupStepId::IamAuth).change = change;
}

void SetupAssistant::checkIamAuth(Next next)
{
    describeDatabase([this, next](Status found) {
        if (!found) {
            update(SetupStepId::IamAuth, SetupState::CannotTell, found.error().message, found.error());
            next();
            return;
        }
        const State &st = *m_state;
        if (st.isProxy) {
            update(SetupStepId::IamAuth, SetupState::CannotTell,
                   QStringLiteral("an RDS Proxy takes IAM authentication from its own settings, which Signet "
                                  "does not change"));
            next();
            return;
        }
        const QString what = QStringLiteral("%1 %2 (%3)")
                                 .arg(st.isCluster ? QStringLiteral("cluster") : QStringLiteral("instance"),
                                      st.identifier, st.resourceId);
        if (st.iamEnabled) {
            update(SetupStepId::IamAuth, SetupState::Ok, QStringLiteral("enabled on the %1").arg(what));
        } else {
            previewIamAuth();
            update(SetupStepId::IamAuth, SetupState::Missing,
                   QStringLiteral("not enabled on the %1 (status %2)").arg(what, st.status));
        }
        next();
    });
}

void SetupAssistant::applyIamAuth(Next next)
{
    const State &st = *m_state;
    if (!st.found || st.isProxy) {
        update(SetupStepId::IamAuth, SetupState::Failed, QStringLiteral("nothing to change"),
               makeError(QStringLiteral("setup.nothing-to-change"),
                         QStringLiteral("the database was not found, so nothing can be changed")));
        next();
        return;
    }
    if (step(SetupStepId::IamAuth).change.isEmpty())
        previewIamAuth();
    auto rds = std::make_shared<aws::RdsClient>(m_context.endpoints, st.region, m_context.credentials,
                                                *m_context.clock);
    rds->setTimeoutMs(m_context.callTimeoutMs);
    const QString action =
        st.isCluster ? QStringLiteral("ModifyDBCluster") : QStringLiteral("ModifyDBInstance");
    auto answered = [this, rds, action, next](const std::optional<Error> &error, const QString &status) {
        if (error) {
            const Error e = permissionError(*error, QStringLiteral("rds:") + action,
                                            step(SetupStepId::IamAuth).change.awsCli);
            update(SetupStepId::IamAuth, SetupState::Failed, e.message, e);
            next();
            return;
        }
        mutableStep(SetupStepId::IamAuth)
            .done.append(QStringLiteral("%1 %2: IAM database authentication requested (status %3)")
                             .arg(action, m_state->identifier, status));
        Q_EMIT progressed(SetupStepId::IamAuth,
                          QStringLiteral("%1 accepted; waiting for %2 to report IAM authentication enabled")
                              .arg(action, m_state->identifier));
        QElapsedTimer waiting; // monotonic: a wall-clock jump neither ends nor stretches the wait
        waiting.start();
        waitForIamAuth(waiting, next);
    };
    if (st.isCluster)
        rds->modifyDbClusterIamAuth(st.identifier, true).then(this, [answered](Result<aws::RdsDbCluster> r) {
            answered(r ? std::nullopt : std::optional<Error>(r.error()), r ? r->status : QString());
        });
    else
        rds->modifyDbInstanceIamAuth(st.identifier, true)
            .then(this, [answered](Result<aws::RdsDbInstance> r) {
                answered(r ? std::nullopt : std::optional<Error>(r.error()), r ? r->status : QString());
            });
}

void SetupAssistant::waitForIamAuth(QElapsedTimer waiting, Next next)
{
    const quint64 generation = m_generation;
    QTimer::singleShot(m_context.pollIntervalMs, this, [this, waiting, next, generation] {
        if (generation != m_generation)
            return;
        describeDatabase([this, waiting, next](Status found) {
            const qint64 elapsed = waiting.elapsed();
            if (found && m_state->iamEnabled) {
                mutableStep(SetupStepId::IamAuth)
                    .done.append(QStringLiteral("%1 reports IAM database authentication enabled after %2 s")
                                     .arg(m_state->identifier)
                                     .arg(elapsed / 1000));
                next();
                return;
            }
            if (elapsed >= m_context.waitTimeoutMs) {
                update(SetupStepId::IamAuth, SetupState::Failed, QStringLiteral("still not enabled"),
                       makeError(QStringLiteral("setup.wait-timeout"),
                                 QStringLiteral("%1 did not report IAM authentication enabled within %2 min")
                                     .arg(m_state->identifier)
                                     .arg(m_context.waitTimeoutMs / 60'000),
                                 QStringLiteral("RDS may still be applying the change; check again later.")));
                next();
                return;
            }
            Q_EMIT progressed(SetupStepId::IamAuth,
                              QStringLiteral("waiting for %1: %2 (%3 s)")
                                  .arg(m_state->identifier, found ? m_state->status : found.error().message)
                                  .arg(elapsed / 1000));
            waitForIamAuth(waiting, next);
        });
    });
}

// ---- the rds-db:connect policy ---------------------------------------------------------------------

void SetupAssistant::callerIdentity(std::function<void(Status)> done)
{
    if (!m_state->account.isEmpty()) {
        done(Unit{});
        return;
    }
    auto sts = std::make_shared<aws::StsClient>(m_context.endpoints, m_state->region, *m_context.clock,
                                                m_context.callTimeoutMs);
    QPointer<SetupAssistant> self(this);
    sts->getCallerIdentity(m_context.credentials, [self, sts, done](Result<aws::CallerIdentity> identity) {
        if (!self)
            return;
        if (!identity) {
            done(self->permissionError(identity.error(), QStringLiteral("sts:GetCallerIdentity"), {}));
            return;
        }
        self->m_state->account = identity->account;
        self->m_state->callerArn = identity->arn;
        auto principal = aws::RdsConnectPolicy::principalFromArn(identity->arn);
        if (principal)
            self->m_state->principal = *principal;
        done(Unit{});
    });
}

void SetupAssistant::previewPolicy()
{
    const State &st = *m_state;
    const QString user = m_context.profile.dbUser;
    SetupChange change;
    const QString name = aws::RdsConnectPolicy::policyName(st.resourceId, user);
    const QString document = aws::RdsConnectPolicy::document({st.resourceArn});
    const QString partition = aws::ServiceEndpoints::partition(st.region);
    const QString policyArn = QStringLiteral("arn:%1:iam::%2:policy/%3").arg(partition, st.account, name);
    const bool role = st.principal && st.principal->kind == aws::IamPrincipal::Kind::Role;
    const QString who = st.principal ? st.principal->name : QString();
    change.summary =
        QStringLiteral("Create the policy %1 allowing rds-db:connect as %2 on %3, and attach it to "
                       "the IAM %4 %5")
            .arg(name, user, st.resourceId, role ? QStringLiteral("role") : QStringLiteral("user"), who);
    const QString description = QStringLiteral("Signet: IAM login as %1 to %2").arg(user, st.resourceId);
    change.requests = requestLines(QStringLiteral("AWS IAM"), QStringLiteral("CreatePolicy"),
                                   {{QStringLiteral("PolicyName"), name},
                                    {QStringLiteral("PolicyDocument"), compactJson(document)},
                                    {QStringLiteral("Description"), description}});
    change.requests +=
        requestLines(QStringLiteral("AWS IAM"),
                     role ? QStringLiteral("AttachRolePolicy") : QStringLiteral("AttachUserPolicy"),
                     {{role ? QStringLiteral("RoleName") : QStringLiteral("UserName"), who},
                      {QStringLiteral("PolicyArn"), policyArn}});
    change.awsCli = {bash({QStringLiteral("aws"), QStringLiteral("iam"), QStringLiteral("create-policy"),
                           QStringLiteral("--policy-name"), name, QStringLiteral("--policy-document"),
                           compactJson(document), QStringLiteral("--description"), description}),
                     bash({QStringLiteral("aws"), QStringLiteral("iam"),
                           role ? QStringLiteral("attach-role-policy") : QStringLiteral("attach-user-policy"),
                           role ? QStringLiteral("--role-name") : QStringLiteral("--user-name"), who,
                           QStringLiteral("--policy-arn"), policyArn})};
    change.policyJson = document;
    mutableStep(SetupStepId::Policy).change = change;
}

void SetupAssistant::checkPolicy(Next next)
{
    if (m_state->resourceId.isEmpty()) {
        update(SetupStepId::Policy, SetupState::CannotTell,
               QStringLiteral("the database's resource ID is not known (see the first step)"));
        next();
        return;
    }
    callerIdentity([this, next](Status known) {
        if (!known) {
            update(SetupStepId::Policy, SetupState::CannotTell, known.error().message, known.error());
            next();
            return;
        }
        State &st = *m_state;
        const auto arn = aws::RdsConnectPolicy::resourceArn(st.region, st.account, st.resourceId,
                                                            m_context.profile.dbUser);
        if (!arn) {
            update(SetupStepId::Policy, SetupState::CannotTell, arn.error().message, arn.error());
            next();
            return;
        }
        st.resourceArn = *arn;
        if (!st.principal) {
            update(SetupStepId::Policy, SetupState::CannotTell,
                   QStringLiteral("cannot tell the IAM user or role of %1").arg(st.callerArn));
            next();
            return;
        }
        if (st.principal->kind == aws::IamPrincipal::Kind::Root) {
            update(SetupStepId::Policy, SetupState::Ok,
                   QStringLiteral("the account root may connect without a policy (better: a user or role)"));
            next();
            return;
        }
        previewPolicy();
        const bool role = st.principal->kind == aws::IamPrincipal::Kind::Role;
        const QString who =
            QStringLiteral("IAM %1 %2")
                .arg(role ? QStringLiteral("role") : QStringLiteral("user"), st.principal->name);
        auto iam = std::make_shared<aws::IamClient>(m_context.endpoints, st.region, m_context.credentials,
                                                    *m_context.clock);
        iam->setTimeoutMs(m_context.callTimeoutMs);
        auto listed = role ? iam->listAttachedRolePolicies(st.principal->name)
                           : iam->listAttachedUserPolicies(st.principal->name);
        listed.then(this, [this, iam, role, who, next](Result<QList<aws::IamAttachedPolicy>> policies) {
            if (!policies) {
                const QString action = role ? QStringLiteral("ListAttachedRolePolicies")
                                            : QStringLiteral("ListAttachedUserPolicies");
                const Error e = permissionError(policies.error(), QStringLiteral("iam:") + action, {});
                update(SetupStepId::Policy, SetupState::CannotTell,
                       QStringLiteral("cannot read the policies of the %1: %2").arg(who, e.message), e);
                next();
                return;
            }
            // Each attached policy's default version, one after another, until one allows it.
            struct Scan
            {
                QList<aws::IamAttachedPolicy> remaining;
                QStringList unknown;
                QStringList unreadable;
                std::function<void()> step;
            };
            auto scan = std::make_shared<Scan>();
            scan->remaining = *policies;
            const QString resourceArn = m_state->resourceArn;
            QPointer<SetupAssistant> self(this);
            scan->step = [self, scan, iam, resourceArn, who, next] {
                if (!self)
                    return;
                if (scan->remaining.isEmpty()) {
                    QString detail =
                        QStringLiteral("no policy attached to the %1 allows rds-db:connect on %2")
                            .arg(who, resourceArn);
                    if (!scan->unknown.isEmpty())
                        detail += QStringLiteral("; %1 has conditions Signet does not judge")
                                      .arg(scan->unknown.join(QStringLiteral(", ")));
                    if (!scan->unreadable.isEmpty())
                        detail += QStringLiteral("; could not read %1")
                                      .arg(scan->unreadable.join(QStringLiteral(", ")));
                    detail += QStringLiteral(" (inline and group policies are not read)");
                    self->update(SetupStepId::Policy, SetupState::Missing, detail);
                    // Clearing step ends this very closure (and the cycle through `scan`): keep `next`.
                    const Next finish = next;
                    scan->step = nullptr;
                    finish();
                    return;
                }
                const aws::IamAttachedPolicy policy = scan->remaining.takeFirst();
                iam->getPolicy(policy.arn)
                    .then(self, [self, scan, iam, policy, resourceArn, who,
                                 next](Result<aws::IamPolicy> got) {
                        if (!got) {
                            scan->unreadable.append(policy.name);
                            scan->step();
                            return;
                        }
                        iam->getPolicyVersion(policy.arn, got->defaultVersionId)
                            .then(self, [self, scan, policy, resourceArn, who,
                                         next](Result<aws::IamPolicyVersion> v) {
                                if (!v) {
                                    scan->unreadable.append(policy.name);
                                    scan->step();
                                    return;
                                }
                                switch (aws::RdsConnectPolicy::evaluate(v->document, resourceArn)) {
                                case aws::RdsConnectPolicy::Verdict::Allows:
                                    self->mutableStep(SetupStepId::Policy).change = {};
                                    self->update(SetupStepId::Policy, SetupState::Ok,
                                                 QStringLiteral(
                                                     "the policy %1 attached to the %2 allows rds-db:connect "
                                                     "on %3")
                                                     .arg(policy.name, who, resourceArn));
                                    scan->step = nullptr;
                                    next();
                                    return;
                                case aws::RdsConnectPolicy::Verdict::Unknown:
                                    scan->unknown.append(policy.name);
                                    break;
                                case aws::RdsConnectPolicy::Verdict::DoesNotAllow:
                                    break;
                                }
                                scan->step();
                            });
                    });
            };
            scan->step();
        });
    });
}

void SetupAssistant::applyPolicy(Next next)
{
    const State &st = *m_state;
    if (st.resourceArn.isEmpty() || !st.principal || st.principal->kind == aws::IamPrincipal::Kind::Root) {
        update(
            SetupStepId::Policy, SetupState::Failed, QStringLiteral("nothing to change"),
            makeError(QStringLiteral("setup.nothing-to-change"),
                      QStringLiteral("the policy's resource or the identity to attach it to is not known")));
        next();
        return;
    }
    if (step(SetupStepId::Policy).change.isEmpty())
        previewPolicy();
    const SetupChange change = step(SetupStepId::Policy).change;
    const QString name = aws::RdsConnectPolicy::policyName(st.resourceId, m_context.profile.dbUser);
    const QString description =
        QStringLiteral("Signet: IAM login as %1 to %2").arg(m_context.profile.dbUser, st.resourceId);
    const bool role = st.principal->kind == aws::IamPrincipal::Kind::Role;
    const QString who = st.principal->name;
    const QString existingArn = QStringLiteral("arn:%1:iam::%2:policy/%3")
                                    .arg(aws::ServiceEndpoints::partition(st.region), st.account, name);
    auto iam = std::make_shared<aws::IamClient>(m_context.endpoints, st.region, m_context.credentials,
                                                *m_context.clock);
    iam->setTimeoutMs(m_context.callTimeoutMs);
    auto attach = [this, iam, role, who, change, next](const QString &policyArn) {
        const QString action = role ? QStringLiteral("AttachRolePolicy") : QStringLiteral("AttachUserPolicy");
        (role ? iam->attachRolePolicy(who, policyArn) : iam->attachUserPolicy(who, policyArn))
            .then(this, [this, action, policyArn, role, who, change, next](Result<Unit> attached) {
                if (!attached) {
                    const Error e = permissionError(attached.error(), QStringLiteral("iam:") + action,
                                                    change.awsCli.mid(1));
                    update(SetupStepId::Policy, SetupState::Failed, e.message, e);
                    next();
                    return;
                }
                mutableStep(SetupStepId::Policy)
                    .done.append(QStringLiteral("%1: attached %2 to the IAM %3 %4")
                                     .arg(action, policyArn,
                                          role ? QStringLiteral("role") : QStringLiteral("user"), who));
                next();
            });
    };
    iam->createPolicy(name, compactJson(change.policyJson), description)
        .then(this, [this, attach, existingArn, change, next](Result<aws::IamPolicy> created) {
            if (!created && created.error().code.endsWith(QStringLiteral(".EntityAlreadyExists"))) {
                // Made by an earlier run (and detached since, or not yet attached): attach that one.
                mutableStep(SetupStepId::Policy)
                    .done.append(
                        QStringLiteral("CreatePolicy: %1 exists already; attaching it").arg(existingArn));
                attach(existingArn);
                return;
            }
            if (!created) {
                const Error e =
                    permissionError(created.error(), QStringLiteral("iam:CreatePolicy"), change.awsCli);
                update(SetupStepId::Policy, SetupState::Failed, e.message, e);
                next();
                return;
            }
            mutableStep(SetupStepId::Policy)
                .done.append(QStringLiteral("CreatePolicy: created %1").arg(created->arn));
            attach(created->arn);
        });
}

// ---- the database user ---------------------------------------------------------------------------

QStringList SetupAssistant::dbUserStatements(bool exists) const
{
    const Engine engine = m_context.profile.engine;
    const QString user = m_context.profile.dbUser;
    QStringList statements;
    if (!exists) {
        for (const QString &part : createIamUserSql(engine, user).split(u';', Qt::SkipEmptyParts))
            if (!part.trimmed().isEmpty())
                statements.append(part.trimmed() + u';');
    } else if (const QString make = makeIamUserSql(engine, user); !make.isEmpty() && !m_state->userIsIam) {
        statements.append(make);
    }
    if (!m_context.grantDatabase.isEmpty())
        statements.append(grantDatabaseSql(engine, user, m_context.grantDatabase));
    return statements;
}

void SetupAssistant::previewDbUser()
{
    SetupChange change;
    change.isSql = true;
    const QString master = m_state->masterLogin ? m_state->masterLogin->user : m_state->masterUser;
    change.summary =
        QStringLiteral("%1 the database user %2 as an IAM user%3, as the master user %4")
            .arg(m_state->userExists ? QStringLiteral("Make") : QStringLiteral("Create"),
                 m_context.profile.dbUser,
                 m_context.grantDatabase.isEmpty()
                     ? QString()
                     : QStringLiteral(" with every privilege on %1").arg(m_context.grantDatabase),
                 master.isEmpty() ? QStringLiteral("(name not known)") : master);
    change.requests = dbUserStatements(m_state->userExists);
    mutableStep(SetupStepId::DbUser).change = change;
}

void SetupAssistant::withMasterLogin(std::function<void(Result<MasterLogin>)> done)
{
    State &st = *m_state;
    if (st.masterLogin) {
        done(*st.masterLogin);
        return;
    }
    if (st.secretArn.isEmpty()) {
        done(makeError(
            QStringLiteral("setup.no-master-login"),
            QStringLiteral("the master user's password is needed to look the user up and create it"),
            QStringLiteral("Type the master user's password when asked, or give it for scripts.")));
        return;
    }
    // The secret lives in the database's region; its ARN says so.
    const QString secretRegion = st.secretArn.section(u':', 3, 3);
    auto secrets = std::make_shared<aws::SecretsManagerClient>(
        m_context.endpoints, secretRegion.isEmpty() ? st.region : secretRegion, m_context.credentials,
        *m_context.clock);
    secrets->setTimeoutMs(m_context.callTimeoutMs);
    const QString arn = st.secretArn;
    secrets->getSecretValue(arn).then(this, [this, secrets, arn, done](Result<aws::SecretValue> value) {
        if (!value) {
            done(permissionError(
                value.error(), QStringLiteral("secretsmanager:GetSecretValue"),
                {bash({QStringLiteral("aws"), QStringLiteral("secretsmanager"),
                       QStringLiteral("get-secret-value"), QStringLiteral("--secret-id"), arn})}));
            return;
        }
        auto login = aws::SecretsManagerClient::loginFromSecret(*value);
        if (!login) {
            done(login.error());
            return;
        }
        // Kept for this run only (the apply after the check), never written anywhere.
        m_state->masterLogin = MasterLogin{login->username, login->password};
        done(*m_state->masterLogin);
    });
}

void SetupAssistant::checkDbUser(Next next)
{
    const Engine engine = m_context.profile.engine;
    if (usesDsqlTokens(engine)) {
        update(
            SetupStepId::DbUser, SetupState::CannotTell,
            QStringLiteral("Aurora DSQL maps roles to IAM identities with AWS IAM GRANT; Signet does not set "
                           "that up"));
        next();
        return;
    }
    previewDbUser();
    withMasterLogin([this, next, engine](Result<MasterLogin> login) {
        if (!login) {
            update(SetupStepId::DbUser, SetupState::CannotTell, login.error().message, login.error());
            next();
            return;
        }
        const QString grantSql =
            m_context.grantDatabase.isEmpty()
                ? QString()
                : grantLookupSql(engine, m_context.profile.dbUser, m_context.grantDatabase);
        MasterSession::lookupUser(masterTarget(login->user), login->password,
                                  iamUserLookupSql(engine, m_context.profile.dbUser), grantSql)
            .then(this, [this, next, user = login->user](Result<UserLookup> found) {
                if (!found) {
                    update(SetupStepId::DbUser, SetupState::CannotTell,
                           found.error().code == u"setup.sql"
                               ? found.error().message
                               : QStringLiteral("cannot log in as the master user %1: %2")
                                     .arg(user, found.error().message),
                           found.error());
                    next();
                    return;
                }
                m_state->userExists = found->exists;
                m_state->userIsIam = found->isIam;
                previewDbUser();
                const QString name = m_context.profile.dbUser;
                const bool granted = m_context.grantDatabase.isEmpty() || found->hasGrant;
                if (found->exists && found->isIam && granted) {
                    mutableStep(SetupStepId::DbUser).change = {};
                    update(SetupStepId::DbUser, SetupState::Ok,
                           m_context.grantDatabase.isEmpty()
                               ? QStringLiteral("%1 exists and logs in with IAM").arg(name)
                               : QStringLiteral("%1 exists, logs in with IAM and has the privileges on %2")
                                     .arg(name, m_context.grantDatabase));
                } else if (found->exists && found->isIam) {
                    update(SetupStepId::DbUser, SetupState::Missing,
                           QStringLiteral("%1 exists and logs in with IAM but lacks the privileges on %2")
                               .arg(name, m_context.grantDatabase));
                } else if (found->exists && makeIamUserSql(m_context.profile.engine, name).isEmpty()) {
                    mutableStep(SetupStepId::DbUser).change = {};
                    update(
                        SetupStepId::DbUser, SetupState::CannotTell,
                        QStringLiteral("%1 exists but logs in with a password or another plugin; Signet does "
                                       "not change an existing user's login")
                            .arg(name));
                } else if (found->exists) {
                    update(SetupStepId::DbUser, SetupState::Missing,
                           QStringLiteral("%1 exists but is not a member of rds_iam").arg(name));
                } else {
                    update(SetupStepId::DbUser, SetupState::Missing,
                           QStringLiteral("%1 does not exist").arg(name));
                }
                next();
            });
    });
}

db::DbTarget SetupAssistant::masterTarget(const QString &user) const
{
    db::DbTarget target = m_context.dbTarget;
    target.user = user;
    // PostgreSQL needs a database to connect to; the master user always has "postgres".
    target.database = isPostgresFamily(m_context.profile.engine) ? QStringLiteral("postgres") : QString();
    return target;
}

void SetupAssistant::applyDbUser(Next next)
{
    withMasterLogin([this, next](Result<MasterLogin> login) {
        if (!login) {
            update(SetupStepId::DbUser, SetupState::Failed, login.error().message, login.error());
            next();
            return;
        }
        previewDbUser();
        const QStringList statements = step(SetupStepId::DbUser).change.requests;
        MasterSession::run(masterTarget(login->user), login->password, statements)
            .then(this, [this, next, statements](Result<int> ran) {
                if (!ran) {
                    update(SetupStepId::DbUser, SetupState::Failed, ran.error().message, ran.error());
                    next();
                    return;
                }
                for (const QString &statement : statements)
                    mutableStep(SetupStepId::DbUser).done.append(QStringLiteral("ran: ") + statement);
                next();
            });
    });
}

// ---- the login ---------------------------------------------------------------------------------

void SetupAssistant::checkLogin(Next next)
{
    if (!m_context.login) {
        update(SetupStepId::Login, SetupState::CannotTell, QStringLiteral("no login was set up to try"));
        next();
        return;
    }
    QPointer<SetupAssistant> self(this);
    m_context.login(m_context.loginTarget, [self, next](Status status) {
        if (!self)
            return;
        if (status)
            self->update(
                SetupStepId::Login, SetupState::Ok,
                QStringLiteral("logged in as %1 with an IAM token").arg(self->m_context.profile.dbUser));
        else
            self->update(SetupStepId::Login, SetupState::Missing,
                         QStringLiteral("the IAM login failed: %1").arg(status.error().message),
                         status.error());
        next();
    });
}

} // namespace signet::setup
