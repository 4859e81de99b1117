// SPDX-License-Identifier: GPL-3.0-or-later
// SetupAssistant: the steps that make IAM login work for one profile — checked, previewed, applied.
#pragma once

#include "aws/Credentials.h"
#include "aws/ServiceEndpoints.h"
#include "common/Clock.h"
#include "common/Result.h"
#include "common/SecretString.h"
#include "db/DbTarget.h"
#include "probe/ProbeOptions.h"
#include "probe/ProbeTarget.h"
#include "profiles/ConnectionProfile.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace signet::setup {

// The steps, in the order they are checked and applied.
enum class SetupStepId
{
    IamAuth, // IAM database authentication enabled on the instance or cluster
    Policy,  // an rds-db:connect policy for this user on this resource, attached to the signer
    DbUser,  // the database user, made an IAM user
    Login,   // a real IAM login proves it
};

enum class SetupState
{
    Unchecked,
    Checking,
    Ok,
    Missing,    // a change would fix it (SetupStep::change)
    CannotTell, // the check could not decide (SetupStep::detail says why)
    Applying,
    Failed, // the change was tried and failed (SetupStep::error)
};

// "iam-auth", "policy", "db-user", "login": the names in JSON.
QString setupStepKey(SetupStepId id);
// "unchecked", "checking", "ok", "missing", "cannot-tell", "applying", "failed".
QString setupStateKey(SetupState state);
// "ok", "missing", "cannot tell", … for people.
QString setupStateText(SetupState state);

// What apply() would do, exactly as it will be sent: the API requests (service, action and
// parameters) or the SQL, and the same as `aws` CLI commands for handing to an administrator.
struct SetupChange final
{
    // One line: "Enable IAM database authentication on the DB instance orders-1".
    QString summary;
    // The API requests ("Amazon RDS ModifyDBInstance" and one "  Name=value" line per parameter) or
    // the SQL statements, one per line.
    QStringList requests;
    // The equivalent `aws` commands (empty for SQL).
    QStringList awsCli;
    // The Policy step: the policy document, to copy.
    QString policyJson;
    bool isSql = false;

    bool isEmpty() const { return summary.isEmpty(); }
};

struct SetupStep final
{
    SetupStepId id = SetupStepId::IamAuth;
    // "IAM database authentication", "rds-db:connect policy", "database user", "IAM login".
    QString title;
    SetupState state = SetupState::Unchecked;
    // What the check found, or why it cannot tell.
    QString detail;
    // Why the check could not decide or the change failed (its hint says what to do; for a missing
    // permission it names the IAM action and the `aws` command an administrator can run).
    std::optional<Error> error;
    SetupChange change;
    // What apply() did, one line each.
    QStringList done;
};

// The master user's login for the database-user step: typed once, or from the RDS-managed secret.
// Never stored, printed or logged.
struct MasterLogin final
{
    QString user;
    SecretString password;
};

struct SetupContext final
{
    profiles::ConnectionProfile profile;
    aws::Credentials credentials;
    aws::ServiceEndpoints endpoints{QProcessEnvironment()};
    // Where the database is reached (the profile's endpoint and route, its CA resolved): the master
    // user's session and the login use it, with their own user.
    db::DbTarget dbTarget;
    // The real IAM login (the check's login step) and the probe target it logs in to.
    probe::LoginFunction login;
    probe::ProbeTarget loginTarget;
    // Grant the new user every privilege on this database (empty: no grant).
    QString grantDatabase;
    // How often the instance is asked whether IAM authentication is on yet, and for how long.
    int pollIntervalMs = 10'000;
    int waitTimeoutMs = 20 * 60'000;
    // Each AWS call and the master session get this long.
    int callTimeoutMs = 30'000;
    const Clock *clock = &Clock::system();

    // SIGNET_SETUP_POLL_MS in `env` (for tests), else 10 s.
    static int pollIntervalFrom(const QProcessEnvironment &env);
};

// The assistant for one profile. Every call returns at once; the work runs on this object's thread
// (AWS calls on its event loop, the master user's SQL on the thread pool) and is reported by
// signals, so the CLI waits in an event loop and a GUI page watches. Nothing changes unless apply()
// is called for a step; check() only reads (it may read the RDS-managed master secret to look the
// user up, never showing it).
class SetupAssistant final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SetupAssistant)

public:
    explicit SetupAssistant(SetupContext context, QObject *parent = nullptr);
    ~SetupAssistant() override;

    const QList<SetupStep> &steps() const { return m_steps; }
    const SetupStep &step(SetupStepId id) const;
    bool isBusy() const { return m_busy; }

    // What the checks learnt about the database (empty until the IAM authentication check ran).
    QString resourceId() const;
    QString masterUser() const;
    // The RDS-managed master secret (MasterUserSecret.SecretArn), empty when the database has none.
    QString masterSecretArn() const;
    // The database-user step needs a master password from the user: none was given and the
    // database has no RDS-managed secret.
    bool needsMasterPassword() const;
    // The master login to use instead of the RDS-managed secret; `user` empty means the master user
    // RDS names.
    void setMasterLogin(MasterLogin login);

    // Checks every step in order, then checkFinished().
    void check();
    // Checks one step again (after setMasterLogin, or after another step changed), then
    // checkFinished().
    void checkStep(SetupStepId id);
    // Makes the change the step's check found missing, waits for it where AWS applies it later, checks
    // the step again, then applyFinished().
    void apply(SetupStepId id);
    // Stops what runs; no signal follows.
    void cancel();

Q_SIGNALS:
    void stepChanged(signet::setup::SetupStepId id);
    // A progress line while a step runs ("waiting for orders-1: modifying (30 s)").
    void progressed(signet::setup::SetupStepId id, const QString &line);
    void checkFinished();
    void applyFinished(signet::setup::SetupStepId id, bool succeeded);

private:
    struct State;
    using Next = std::function<void()>;

    SetupStep &mutableStep(SetupStepId id);
    void update(SetupStepId id, SetupState state, const QString &detail, std::optional<Error> error = {});
    void runCheck(SetupStepId id, Next next);
    void checkIamAuth(Next next);
    void checkPolicy(Next next);
    void checkDbUser(Next next);
    void checkLogin(Next next);
    void applyIamAuth(Next next);
    void applyPolicy(Next next);
    void applyDbUser(Next next);
    void waitForIamAuth(QElapsedTimer waiting, Next next);
    void describeDatabase(std::function<void(Status)> done);
    void callerIdentity(std::function<void(Status)> done);
    void withMasterLogin(std::function<void(Result<MasterLogin>)> done);
    void previewIamAuth();
    void previewPolicy();
    void previewDbUser();
    QStringList dbUserStatements(bool exists) const;
    QString awsRegionArgument() const;
    // A refused AWS call in the user's words: which IAM action, and the `aws` command to hand over.
    Error permissionError(const Error &error, const QString &iamAction, const QStringList &awsCli) const;
    // The database as the master user `user` reaches it.
    db::DbTarget masterTarget(const QString &user) const;

    SetupContext m_context;
    QList<SetupStep> m_steps;
    std::unique_ptr<State> m_state;
    bool m_busy = false;
    // Bumped by cancel(): callbacks of an older generation do nothing.
    quint64 m_generation = 0;
};

} // namespace signet::setup
