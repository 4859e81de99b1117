// SPDX-License-Identifier: GPL-3.0-or-later
// `signet setup PROFILE [--apply] [--yes] [--json] [--grant-database DB] [--master-user U]`: the setup
// assistant's steps as a preview, or applied one confirmed change at a time.
#include "cli/SetupCommand.h"

#include "cli/Cli.h"
#include "cli/CommandLine.h"
#include "cli/ProfileSession.h"
#include "db/DbLoginStep.h"
#include "setup/SetupAssistant.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <cstdio>
#include <functional>
#include <string>
#include <termios.h>
#include <unistd.h>

namespace signet::cli {

namespace {

using setup::SetupAssistant;
using setup::SetupState;
using setup::SetupStep;
using setup::SetupStepId;

const QString kCommand = QStringLiteral("setup");
const QString kPasswordVariable = QStringLiteral("SIGNET_MASTER_PASSWORD");

QString marker(SetupState state)
{
    switch (state) {
    case SetupState::Ok:
        return QStringLiteral("[  OK   ]");
    case SetupState::Missing:
        return QStringLiteral("[MISSING]");
    case SetupState::CannotTell:
        return QStringLiteral("[  ???  ]");
    case SetupState::Failed:
        return QStringLiteral("[FAILED ]");
    default:
        return QStringLiteral("[       ]");
    }
}

QString stepText(const SetupStep &step, bool withChange)
{
    QString text = QStringLiteral("%1 %2: %3\n").arg(marker(step.state), step.title, step.detail);
    if (step.error && !step.error->hintFor(FrontEnd::Cli).isEmpty())
        text += QStringLiteral("          hint: %1\n").arg(step.error->hintFor(FrontEnd::Cli));
    for (const QString &line : step.done)
        text += QStringLiteral("          done: %1\n").arg(line);
    if (withChange && !step.change.isEmpty() && step.state != SetupState::Ok) {
        text += QStringLiteral("          change: %1\n").arg(step.change.summary);
        text +=
            step.change.isSql ? QStringLiteral("          SQL:\n") : QStringLiteral("          request:\n");
        for (const QString &line : step.change.requests)
            text += QStringLiteral("            %1\n").arg(line);
        if (!step.change.awsCli.isEmpty()) {
            text += QStringLiteral("          or with the AWS CLI:\n");
            for (const QString &line : step.change.awsCli)
                text += QStringLiteral("            %1\n").arg(line);
        }
        if (!step.change.policyJson.isEmpty()) {
            text += QStringLiteral("          policy:\n");
            for (const QString &line : step.change.policyJson.trimmed().split(u'\n'))
                text += QStringLiteral("            %1\n").arg(line);
        }
    }
    return text;
}

QJsonObject stepJson(const SetupStep &step)
{
    QJsonObject object{{QStringLiteral("step"), setup::setupStepKey(step.id)},
                       {QStringLiteral("title"), step.title},
                       {QStringLiteral("state"), setup::setupStateKey(step.state)},
                       {QStringLiteral("detail"), step.detail}};
    if (step.error)
        object.insert(QStringLiteral("error"),
                      QJsonObject{{QStringLiteral("code"), step.error->code},
                                  {QStringLiteral("message"), step.error->message},
                                  {QStringLiteral("hint"), step.error->hintFor(FrontEnd::Cli)}});
    if (!step.change.isEmpty()) {
        QJsonObject change{{QStringLiteral("summary"), step.change.summary},
                           {step.change.isSql ? QStringLiteral("sql") : QStringLiteral("requests"),
                            QJsonArray::fromStringList(step.change.requests)},
                           {QStringLiteral("aws_cli"), QJsonArray::fromStringList(step.change.awsCli)}};
        if (!step.change.policyJson.isEmpty())
            change.insert(QStringLiteral("policy"),
                          QJsonDocument::fromJson(step.change.policyJson.toUtf8()).object());
        object.insert(QStringLiteral("change"), change);
    }
    if (!step.done.isEmpty())
        object.insert(QStringLiteral("done"), QJsonArray::fromStringList(step.done));
    return object;
}

// A line from the terminal (never a pipe), with echo off when `secret`; nullopt when there is none.
std::optional<QByteArray> readTerminal(const QString &prompt, bool secret)
{
    FILE *tty = std::fopen("/dev/tty", "r+");
    if (!tty)
        return std::nullopt;
    const QByteArray text = prompt.toUtf8();
    std::fwrite(text.constData(), 1, size_t(text.size()), stderr);
    std::fflush(stderr);
    termios saved{};
    const int fd = ::fileno(tty);
    const bool quiet = secret && ::tcgetattr(fd, &saved) == 0;
    if (quiet) {
        termios silent = saved;
        silent.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(fd, TCSAFLUSH, &silent);
    }
    // Reserved up front: no reallocation leaves a copy of a typed password behind.
    QByteArray line;
    line.reserve(4096);
    int c = 0;
    while ((c = std::fgetc(tty)) != EOF && c != '\n')
        line.append(char(c));
    if (quiet) {
        ::tcsetattr(fd, TCSAFLUSH, &saved);
        std::fputs("\n", stderr);
    }
    std::fclose(tty);
    if (c == EOF && line.isEmpty())
        return std::nullopt;
    if (line.endsWith('\r'))
        line.chop(1);
    return line;
}

bool confirm(const QString &question)
{
    const auto answer = readTerminal(question + QStringLiteral(" [y/N] "), false);
    if (!answer)
        return false;
    const QByteArray word = answer->trimmed().toLower();
    return word == "y" || word == "yes";
}

// Starts the work, then spins the event loop until `finished` fires (or the bound passes). Connected
// before `start` runs, so an answer given at once is not missed.
template<typename Signal>
bool runAndWait(SetupAssistant &assistant, const std::function<void()> &start, Signal finished, int timeoutMs)
{
    QEventLoop loop;
    bool done = false;
    QObject::connect(&assistant, finished, &loop, [&] {
        done = true;
        loop.quit();
    });
    start();
    if (done)
        return true;
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return done;
}

} // namespace

int runSetup(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption apply(QStringLiteral("apply"),
                                   QStringLiteral("Make the missing changes, asking before each one."));
    const QCommandLineOption yes(QStringLiteral("yes"),
                                 QStringLiteral("With --apply: make every change without asking (scripts)."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print the steps as JSON."));
    const QCommandLineOption grant(QStringLiteral("grant-database"),
                                   QStringLiteral("Grant the new database user every privilege on DATABASE."),
                                   QStringLiteral("DATABASE"));
    const QCommandLineOption masterUser(
        QStringLiteral("master-user"),
        QStringLiteral(
            "Create the database user as USER, with the password from %1 (default: the "
            "RDS-managed master secret, else the master user and a password typed on the terminal).")
            .arg(kPasswordVariable),
        QStringLiteral("USER"));
    parser.addOptions({apply, yes, json, grant, masterUser});
    parser.addPositionalArgument(QStringLiteral("PROFILE"), QStringLiteral("The saved profile to set up."));
    const auto outcome = parseArguments(
        parser, args, kCommand,
        QStringLiteral("Check, step by step, what IAM login to a profile's database still needs (IAM "
                       "authentication on the instance, an rds-db:connect policy, the database user, a real "
                       "login) and preview each change; --apply makes them."));
    if (!outcome.proceed)
        return outcome.exitCode;
    auto usage = [](const QString &message, const QString &hint) {
        printFailure(kCommand, makeError(QStringLiteral("usage.setup"), message, hint));
        return int(ExitUsage);
    };
    if (parser.positionalArguments().size() != 1)
        return usage(QStringLiteral("name one saved profile"),
                     QStringLiteral("signet setup PROFILE [--apply]"));
    if (parser.isSet(yes) && !parser.isSet(apply))
        return usage(QStringLiteral("--yes goes with --apply"),
                     QStringLiteral("Add --apply to make changes."));
    if (parser.isSet(apply) && !parser.isSet(yes)) {
        // Each change is confirmed on the terminal; without one nothing could be answered.
        FILE *tty = std::fopen("/dev/tty", "r");
        if (!tty)
            return usage(
                QStringLiteral("--apply asks before each change, and there is no terminal to ask on"),
                QStringLiteral("Add --yes to make every change without asking."));
        std::fclose(tty);
    }
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (parser.isSet(masterUser) && env.value(kPasswordVariable).isEmpty())
        return usage(QStringLiteral("--master-user needs the password in %1").arg(kPasswordVariable),
                     QStringLiteral("Set %1, or leave --master-user out to type the password.")
                         .arg(kPasswordVariable));

    ProfileSession session;
    int exitCode = ExitOk;
    const auto profile = session.findOrReport(kCommand, parser.positionalArguments().first(), &exitCode);
    if (!profile)
        return exitCode;
    auto credentials = session.credentials(*profile);
    if (!credentials) {
        printFailure(kCommand, credentials.error());
        return ExitFailed;
    }
    auto dbTarget = session.service.dbTarget(*profile);
    auto loginTarget = session.service.probeTarget(*profile);
    if (!dbTarget || !loginTarget) {
        printFailure(kCommand, !dbTarget ? dbTarget.error() : loginTarget.error());
        return ExitFailed;
    }
    // An SSH route: the master session and the login go through the tunnel's local end.
    if (const Status routed = session.routeThrough(*profile, dbTarget.value()); !routed) {
        printFailure(kCommand, routed.error());
        return ExitFailed;
    }
    loginTarget->viaHost = dbTarget->viaHost;
    loginTarget->viaPort = dbTarget->viaPort;
    const auto signer = session.tokenSigner(*profile);
    if (!signer) {
        printFailure(kCommand, signer.error());
        return ExitFailed;
    }

    setup::SetupContext context;
    context.profile = *profile;
    context.credentials = *credentials;
    context.endpoints = aws::ServiceEndpoints(env);
    context.dbTarget = *dbTarget;
    context.loginTarget = *loginTarget;
    context.login = db::DbLoginStep::make(*signer);
    context.grantDatabase = parser.value(grant);
    context.pollIntervalMs = setup::SetupContext::pollIntervalFrom(env);
    SetupAssistant assistant(context);
    if (parser.isSet(masterUser)) {
        assistant.setMasterLogin(
            {parser.value(masterUser), SecretString::fromUtf8(env.value(kPasswordVariable))});
    }
    const bool asJson = parser.isSet(json);
    QObject::connect(&assistant, &SetupAssistant::progressed, &assistant,
                     [](SetupStepId, const QString &line) { printError(QStringLiteral("  … ") + line); });

    const int checkTimeoutMs = 10 * 60'000;
    if (!runAndWait(
            assistant, [&] { assistant.check(); }, &SetupAssistant::checkFinished, checkTimeoutMs)) {
        printFailure(kCommand, makeError(QStringLiteral("setup.timeout"),
                                         QStringLiteral("the checks did not finish within 10 min")));
        return ExitFailed;
    }
    const bool applying = parser.isSet(apply);
    if (!asJson) {
        printOut(QStringLiteral("Setting up IAM login to %1 (%2 as %3)\n")
                     .arg(profile->name, profile->host, profile->dbUser));
        for (const SetupStep &step : assistant.steps())
            printOut(stepText(step, true));
    }

    bool failed = false;
    if (applying) {
        const bool ask = !parser.isSet(yes);
        for (const SetupStepId id : {SetupStepId::IamAuth, SetupStepId::Policy, SetupStepId::DbUser}) {
            // The user step cannot look the user up without a master login: ask for one first.
            if (id == SetupStepId::DbUser && assistant.step(id).state == SetupState::CannotTell &&
                assistant.needsMasterPassword() && !assistant.step(id).change.isEmpty()) {
                const QString user = assistant.masterUser();
                auto password = readTerminal(
                    QStringLiteral("Password of the master user %1 (not stored): ").arg(user), true);
                if (!password) {
                    printFailure(kCommand,
                                 makeError(QStringLiteral("setup.no-master-login"),
                                           QStringLiteral("no terminal to type the master password on"),
                                           QStringLiteral("Give --master-user USER with the password in %1.")
                                               .arg(kPasswordVariable)));
                    failed = true;
                    continue;
                }
                QByteArray bytes = std::move(*password);
                assistant.setMasterLogin({user, SecretString::adopt(std::move(bytes))});
                runAndWait(
                    assistant, [&] { assistant.checkStep(id); }, &SetupAssistant::checkFinished,
                    checkTimeoutMs);
                if (!asJson)
                    printOut(stepText(assistant.step(id), true));
            }
            const SetupStep &step = assistant.step(id);
            if (step.state != SetupState::Missing || step.change.isEmpty())
                continue;
            if (ask && !confirm(QStringLiteral("%1?").arg(step.change.summary))) {
                if (!asJson)
                    printOut(QStringLiteral("          skipped: %1\n").arg(step.title));
                continue;
            }
            const bool finished = runAndWait(
                assistant, [&] { assistant.apply(id); }, &SetupAssistant::applyFinished,
                context.waitTimeoutMs + checkTimeoutMs);
            if (!finished || assistant.step(id).state == SetupState::Failed)
                failed = true;
            if (!asJson)
                printOut(stepText(assistant.step(id), false));
        }
        // The proof: a real IAM login after the changes.
        runAndWait(
            assistant, [&] { assistant.checkStep(SetupStepId::Login); }, &SetupAssistant::checkFinished,
            checkTimeoutMs);
        if (!asJson)
            printOut(stepText(assistant.step(SetupStepId::Login), false));
    }

    bool allOk = true;
    for (const SetupStep &step : assistant.steps())
        allOk = allOk && step.state == SetupState::Ok;
    if (asJson) {
        QJsonArray steps;
        for (const SetupStep &step : assistant.steps())
            steps.append(stepJson(step));
        printOut(QString::fromUtf8(
            QJsonDocument(QJsonObject{{QStringLiteral("profile"), profile->name},
                                      {QStringLiteral("applied"), applying},
                                      {QStringLiteral("ok"), allOk},
                                      {QStringLiteral("resource_id"), assistant.resourceId()},
                                      {QStringLiteral("steps"), steps}})
                .toJson(QJsonDocument::Indented)));
    } else if (allOk) {
        printOut(QStringLiteral("IAM login to %1 works.\n").arg(profile->name));
    } else if (!applying) {
        printOut(
            QStringLiteral("Nothing was changed. Run `signet setup %1 --apply` to make the changes above.\n")
                .arg(profile->name));
    }
    return allOk && !failed ? ExitOk : ExitFailed;
}

} // namespace signet::cli
