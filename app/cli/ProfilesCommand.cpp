// SPDX-License-Identifier: GPL-3.0-or-later
// `signet profiles list|show|add|edit|remove|import|export`: the profile store from the shell.
#include "cli/ProfilesCommand.h"

#include "aws/CredentialChain.h"
#include "cli/Cli.h"
#include "cli/CommandLine.h"
#include "cli/EndpointOptions.h"
#include "cli/ProfileSession.h"
#include "endpoint/Endpoint.h"
#include "profiles/KeychainSecretStore.h"
#include "profiles/ProfileService.h"
#include "profiles/ProfileSigner.h"
#include "profiles/ProfileStore.h"
#include "tls/CaBundleStore.h"
#include "token/TokenRequest.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>

namespace signet::cli {

using profiles::ConnectionProfile;
using profiles::ProfileStore;

namespace {

const QString kCommand = QStringLiteral("profiles");

int fail(const Error &error, int code = ExitFailed)
{
    printFailure(kCommand, error);
    return code;
}

Error usageError(const QString &message, const QString &hint)
{
    return makeError(QStringLiteral("usage.profiles"), message, hint);
}

Result<ProfileStore *> openStore(ProfileStore &store)
{
    if (auto loaded = store.load(); !loaded)
        return loaded.error();
    return &store;
}

// The options shared by add and edit; `edit` leaves unset options alone.
struct ProfileOptions
{
    QCommandLineOption name{QStringLiteral("name"), QStringLiteral("Profile name."), QStringLiteral("NAME")};
    EndpointOptions endpoint;
    const QCommandLineOption &engine = endpoint.option(EndpointOptions::Field::Engine);
    const QCommandLineOption &host = endpoint.option(EndpointOptions::Field::Host);
    const QCommandLineOption &port = endpoint.option(EndpointOptions::Field::Port);
    const QCommandLineOption &user = endpoint.option(EndpointOptions::Field::User);
    const QCommandLineOption &region = endpoint.option(EndpointOptions::Field::Region);
    const QCommandLineOption &database = endpoint.option(EndpointOptions::Field::Database);
    const QCommandLineOption &awsProfile = endpoint.option(EndpointOptions::Field::AwsProfile);
    const QCommandLineOption &via = endpoint.option(EndpointOptions::Field::Via);
    const QCommandLineOption &ca = endpoint.option(EndpointOptions::Field::Ca);
    QCommandLineOption credentials{
        QStringLiteral("credentials"),
        QStringLiteral("Credential source: aws-profile, environment, or static-keys "
                       "(reads ACCESS_KEY_ID and SECRET as two lines on stdin into "
                       "the keychain)."),
        QStringLiteral("SOURCE")};
    QCommandLineOption folder{QStringLiteral("folder"), QStringLiteral("Folder in the profile tree."),
                              QStringLiteral("FOLDER")};
    QCommandLineOption tags{QStringLiteral("tags"), QStringLiteral("Comma-separated tags."),
                            QStringLiteral("TAGS")};
    QCommandLineOption notes{QStringLiteral("notes"), QStringLiteral("Free-form notes."),
                             QStringLiteral("TEXT")};
    QCommandLineOption production{
        QStringLiteral("production"),
        QStringLiteral("yes: a production database (its consoles say so and ask before statements "
                       "that change data); no: not."),
        QStringLiteral("yes|no")};
    QCommandLineOption ssh{QStringLiteral("ssh"),
                           QStringLiteral("Reach the database through this SSH bastion (USER@HOST[:PORT]; "
                                          "\"\" removes the route). Signet runs the tunnel itself."),
                           QStringLiteral("USER@HOST[:PORT]")};
    QCommandLineOption sshIdentity{QStringLiteral("ssh-identity"),
                                   QStringLiteral("The bastion's private key file (default: the agent and "
                                                  "~/.ssh/config)."),
                                   QStringLiteral("FILE")};
    QCommandLineOption sshJump{QStringLiteral("ssh-jump"),
                               QStringLiteral("Jump host(s) before the bastion (ssh -J; comma-separated)."),
                               QStringLiteral("HOST")};

    QCommandLineOption ssmTarget{
        QStringLiteral("ssm-target"),
        QStringLiteral("Reach the database through AWS Systems Manager port forwarding "
                       "on this instance (i-…; \"\" removes the route), with the "
                       "profile's AWS credentials. Needs Amazon's session-manager-plugin."),
        QStringLiteral("INSTANCE")};
    QCommandLineOption ssmRegion{QStringLiteral("ssm-region"),
                                 QStringLiteral("The SSM target's region (default: the profile's region)."),
                                 QStringLiteral("REGION")};

    QCommandLineOption tokenLifetime{
        QStringLiteral("token-lifetime"),
        QStringLiteral("Aurora DSQL: how long the tokens signed for this profile live, 1-604800 seconds "
                       "(default 900; 0 restores it). RDS tokens always live 900 seconds."),
        QStringLiteral("SECONDS")};

    void addTo(QCommandLineParser &parser) const
    {
        parser.addOption(name);
        endpoint.addTo(parser);
        parser.addOptions({credentials, folder, tags, notes, production, ssh, sshIdentity, sshJump, ssmTarget,
                           ssmRegion, tokenLifetime});
    }

    Status applySsm(const QCommandLineParser &parser, ConnectionProfile &profile) const
    {
        if (parser.isSet(ssmTarget)) {
            const QString target = parser.value(ssmTarget).trimmed();
            if (target.isEmpty()) {
                profile.ssm = {};
            } else {
                if (!tunnel::SsmRoute::isTargetId(target))
                    return usageError(QStringLiteral("\"%1\" is not an instance ID").arg(target),
                                      QStringLiteral("Pass --ssm-target i-0123456789abcdef0."));
                profile.ssm.target = target;
            }
        }
        if (parser.isSet(ssmRegion)) {
            if (!profile.ssm.isSet() && !parser.value(ssmRegion).trimmed().isEmpty())
                return usageError(QStringLiteral("--ssm-region needs an SSM target"),
                                  QStringLiteral("Pass --ssm-target i-… too."));
            profile.ssm.region = parser.value(ssmRegion).trimmed();
        }
        return Unit{};
    }

    Status applySsh(const QCommandLineParser &parser, ConnectionProfile &profile) const
    {
        if (parser.isSet(ssh)) {
            const QString text = parser.value(ssh).trimmed();
            if (text.isEmpty()) {
                profile.ssh = {};
            } else {
                auto route = tunnel::SshRoute::parseDestination(text);
                if (!route)
                    return usageError(route.error().message, QStringLiteral("Pass --ssh USER@HOST[:PORT]."));
                route->identityFile = profile.ssh.identityFile;
                route->jumpHosts = profile.ssh.jumpHosts;
                profile.ssh = *route;
            }
        }
        if ((parser.isSet(sshIdentity) || parser.isSet(sshJump)) && !profile.ssh.isSet())
            return usageError(QStringLiteral("--ssh-identity and --ssh-jump need an SSH bastion"),
                              QStringLiteral("Pass --ssh USER@HOST[:PORT] too."));
        if (parser.isSet(sshIdentity)) {
            const QString file = parser.value(sshIdentity).trimmed();
            profile.ssh.identityFile = file.isEmpty() ? QString() : QFileInfo(file).absoluteFilePath();
        }
        if (parser.isSet(sshJump)) {
            profile.ssh.jumpHosts.clear();
            for (const QString &jump : parser.values(sshJump))
                for (const QString &part : jump.split(u',', Qt::SkipEmptyParts))
                    profile.ssh.jumpHosts << part.trimmed();
        }
        return Unit{};
    }

    // Applies every option that is set; usage errors for values that cannot be parsed.
    Status apply(const QCommandLineParser &parser, ConnectionProfile &profile, bool *wantsStaticKeys) const
    {
        if (parser.isSet(name))
            profile.name = parser.value(name).trimmed();
        // --engine, or else an endpoint name that implies one (a DSQL cluster's).
        std::optional<Engine> chosen;
        if (parser.isSet(engine)) {
            const auto parsed = endpoint.engine(parser);
            if (!parsed)
                return parsed.error();
            chosen = *parsed;
        } else if (parser.isSet(host)) {
            chosen = engineFromEndpointName(parser.value(host).trimmed());
        }
        if (chosen) {
            if (!parser.isSet(port) && profile.port == defaultPort(profile.engine))
                profile.port = defaultPort(*chosen);
            profile.engine = *chosen;
            // DSQL has a database every cluster has ("postgres") and a built-in login ("admin");
            // the others leave both to the user.
            if (profile.database.isEmpty() && !parser.isSet(database))
                profile.database = defaultDatabase(profile.engine);
            if (profile.dbUser.isEmpty() && !parser.isSet(user))
                profile.dbUser = defaultUser(profile.engine);
        }
        if (parser.isSet(host))
            profile.host = parser.value(host).trimmed();
        if (parser.isSet(port)) {
            const auto value = endpoint.port(parser);
            if (!value)
                return value.error();
            profile.port = *value;
        }
        if (parser.isSet(user))
            profile.dbUser = parser.value(user).trimmed();
        if (parser.isSet(region))
            profile.region = parser.value(region).trimmed();
        if (parser.isSet(database))
            profile.database = parser.value(database).trimmed();
        if (parser.isSet(awsProfile)) {
            profile.awsProfile = parser.value(awsProfile).trimmed();
            profile.credentialSource = profiles::CredentialSource::AwsProfile;
        }
        if (parser.isSet(credentials)) {
            const auto source = profiles::credentialSourceFromKey(parser.value(credentials).trimmed());
            if (!source)
                return usageError(
                    QStringLiteral("unknown credential source \"%1\"").arg(parser.value(credentials)),
                    QStringLiteral("Pass --credentials aws-profile, environment or static-keys."));
            profile.credentialSource = *source;
            *wantsStaticKeys = *source == profiles::CredentialSource::StaticKeys;
        }
        if (parser.isSet(via)) {
            const auto hostPort = endpoint.via(parser);
            if (!hostPort)
                return hostPort.error();
            profile.viaHost = hostPort->host;
            profile.viaPort = hostPort->port;
        }
        if (const Status route = applySsh(parser, profile); !route)
            return route;
        if (const Status route = applySsm(parser, profile); !route)
            return route;
        if (parser.isSet(tokenLifetime)) {
            Error error;
            const auto seconds = intOption(parser.value(tokenLifetime), QStringLiteral("--token-lifetime"), 0,
                                           token::TokenRequest::maxLifetime(Engine::AuroraDsql), &error);
            if (!seconds)
                return error;
            profile.tokenLifetime = *seconds;
        }
        if (parser.isSet(ca)) {
            // A file is kept as its full path, a stored bundle's name as its file.
            const QString value = parser.value(ca).trimmed();
            profile.caFile.clear();
            if (tls::CaBundleStore::isPath(value)) {
                profile.caFile = QFileInfo(value).absoluteFilePath();
            } else if (value == tls::CaBundleStore::systemBundleName()) {
                profile.caFile = value;
            } else if (!value.isEmpty()) {
                const auto file = tls::CaBundleStore().resolve(value);
                if (!file)
                    return file.error();
                profile.caFile = *file;
            }
        }
        if (parser.isSet(folder))
            profile.folder = parser.value(folder).trimmed();
        if (parser.isSet(tags)) {
            profile.tags.clear();
            for (const QString &tag : parser.value(tags).split(u',', Qt::SkipEmptyParts))
                profile.tags.append(tag.trimmed());
        }
        if (parser.isSet(notes))
            profile.notes = parser.value(notes);
        if (parser.isSet(production)) {
            const QString value = parser.value(production).trimmed().toLower();
            if (value == u"yes" || value == u"true" || value == u"on")
                profile.production = true;
            else if (value == u"no" || value == u"false" || value == u"off")
                profile.production = false;
            else
                return usageError(
                    QStringLiteral("--production takes yes or no, not \"%1\"").arg(parser.value(production)),
                    QStringLiteral("Pass --production yes or --production no."));
        }
        return Unit{};
    }
};

// Two lines on stdin: the access key id, then the secret.
Result<profiles::StaticKeys> staticKeysFromStdin()
{
    QTextStream in(stdin);
    profiles::StaticKeys keys;
    keys.accessKeyId = in.readLine().trimmed();
    QString secretLine = in.readLine().trimmed();
    keys.secretAccessKey = SecretString::fromUtf8(secretLine);
    secretLine.fill(u'\0');
    if (!keys.isComplete())
        return usageError(QStringLiteral("--credentials static-keys needs the keys on stdin"),
                          QStringLiteral("Pipe two lines: the access key id, then the secret access key."));
    return keys;
}

QString profileText(const ConnectionProfile &profile)
{
    QString text;
    auto line = [&text](const QString &label, const QString &value) {
        if (!value.isEmpty())
            text += label.leftJustified(14) + value + u'\n';
    };
    line(QStringLiteral("name"), profile.name);
    line(QStringLiteral("id"), profile.id.toString(QUuid::WithoutBraces));
    line(QStringLiteral("folder"), profile.folder);
    line(QStringLiteral("tags"), profile.tags.join(QStringLiteral(", ")));
    line(QStringLiteral("engine"), engineDisplayName(profile.engine));
    line(QStringLiteral("endpoint"), QStringLiteral("%1:%2").arg(profile.host).arg(profile.port));
    line(QStringLiteral("region"), profile.effectiveRegion());
    line(QStringLiteral("user"), profile.dbUser);
    line(QStringLiteral("database"), profile.database);
    line(QStringLiteral("credentials"), profiles::ProfileSigner::describeSource(profile));
    line(QStringLiteral("via"), profile.viaText());
    if (profile.ssh.isSet()) {
        line(QStringLiteral("route"), QStringLiteral("SSH tunnel through %1").arg(profile.ssh.displayText()));
        line(QStringLiteral("ssh identity"), profile.ssh.identityFile.isEmpty()
                                                 ? QStringLiteral("(agent / ssh config)")
                                                 : profile.ssh.identityFile);
    } else if (profile.ssm.isSet()) {
        line(QStringLiteral("route"),
             QStringLiteral("SSM port forwarding through %1").arg(profile.ssmRoute().displayText()));
    } else {
        line(QStringLiteral("route"),
             profile.hasVia() ? QStringLiteral("via %1").arg(profile.viaText()) : QStringLiteral("direct"));
    }
    const bool systemDefault = tls::CaBundleStore::defaultsToSystemStore(profile.engine, profile.host);
    line(QStringLiteral("ca"), !profile.caFile.isEmpty() ? profile.caFile
                               : systemDefault           ? QStringLiteral("system trust store")
                                                         : QStringLiteral("RDS global bundle"));
    if (usesDsqlTokens(profile.engine))
        line(
            QStringLiteral("token lifetime"),
            QStringLiteral("%1 seconds")
                .arg(profile.tokenLifetime ? profile.tokenLifetime : token::TokenRequest::defaultLifetime()));
    line(QStringLiteral("tls"), profile.tlsMode == profiles::TlsMode::VerifyFull
                                    ? QStringLiteral("verify-full")
                                    : QStringLiteral("verify-ca (host name not checked)"));
    line(QStringLiteral("production"), profile.production ? QStringLiteral("yes") : QString());
    line(QStringLiteral("notes"), profile.notes);
    return text;
}

int runList(const QCommandLineParser &parser, bool json, bool namesOnly)
{
    if (!parser.positionalArguments().value(1).isEmpty())
        return fail(usageError(QStringLiteral("list takes no argument"),
                               QStringLiteral("Run `signet profiles list`.")),
                    ExitUsage);
    ProfileStore store;
    if (auto opened = openStore(store); !opened)
        return fail(opened.error());
    if (namesOnly) {
        QString names;
        for (const ConnectionProfile &profile : store.profiles())
            names += profile.name + u'\n';
        printOut(names);
        return ExitOk;
    }
    if (json) {
        QJsonArray array;
        for (const ConnectionProfile &profile : store.profiles())
            array.append(profile.toJson());
        printOut(QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented)));
        return ExitOk;
    }
    if (store.profiles().isEmpty()) {
        printError(
            QStringLiteral("No profiles yet. Add one with `signet profiles add --name N --engine E --host H "
                           "--user U`."));
        return ExitOk;
    }
    QString text =
        QStringLiteral("%1 %2 %3 %4 %5\n")
            .arg(QStringLiteral("NAME").leftJustified(24), QStringLiteral("ENGINE").leftJustified(18),
                 QStringLiteral("USER").leftJustified(14), QStringLiteral("FOLDER").leftJustified(14),
                 QStringLiteral("ENDPOINT"));
    for (const ConnectionProfile &profile : store.profiles())
        text += QStringLiteral("%1 %2 %3 %4 %5:%6\n")
                    .arg(profile.name.leftJustified(24), engineDisplayName(profile.engine).leftJustified(18),
                         profile.dbUser.leftJustified(14), profile.folder.leftJustified(14), profile.host)
                    .arg(profile.port);
    printOut(text);
    return ExitOk;
}

int runShow(const QString &name, bool json)
{
    if (name.isEmpty())
        return fail(usageError(QStringLiteral("show needs the profile to show"),
                               QStringLiteral("Run `signet profiles show PROFILE` (name or id).")),
                    ExitUsage);
    ProfileSession session;
    const auto profile = session.find(name);
    if (!profile)
        return fail(profile.error());
    printOut(json ? QString::fromUtf8(QJsonDocument(profile->toJson()).toJson(QJsonDocument::Indented))
                  : profileText(*profile));
    return ExitOk;
}

int runAddOrEdit(const QCommandLineParser &parser, const ProfileOptions &options, bool adding, bool json)
{
    ProfileSession session;
    ProfileStore &store = session.store;
    if (auto opened = openStore(store); !opened)
        return fail(opened.error());
    ConnectionProfile profile;
    if (adding) {
        if (!parser.positionalArguments().value(1).isEmpty())
            return fail(
                usageError(
                    QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().value(1)),
                    QStringLiteral("Name the profile with --name.")),
                ExitUsage);
        // An endpoint that names its engine (a DSQL cluster's) needs no --engine, and an engine with
        // a built-in login (DSQL's admin) no --user.
        const auto implied = engineFromEndpointName(parser.value(options.host).trimmed());
        const bool builtInUser = implied && !defaultUser(*implied).isEmpty();
        for (const QCommandLineOption *required :
             {&options.name, &options.engine, &options.host, &options.user}) {
            if ((required == &options.engine && implied) || (required == &options.user && builtInUser))
                continue;
            if (parser.value(*required).trimmed().isEmpty())
                return fail(usageError(QStringLiteral("--%1 is missing").arg(required->names().first()),
                                       QStringLiteral("Pass --%1 %2.")
                                           .arg(required->names().first(), required->valueName())),
                            ExitUsage);
        }
        profile = ConnectionProfile::create({}, Engine::Postgres);
    } else {
        const QString name = parser.positionalArguments().value(1);
        if (name.isEmpty())
            return fail(
                usageError(QStringLiteral("edit needs the profile to change"),
                           QStringLiteral("Run `signet profiles edit PROFILE --port 5433` (name or id).")),
                ExitUsage);
        auto found = store.find(name);
        if (!found)
            return fail(found.error());
        profile = *found;
    }
    bool wantsStaticKeys = false;
    if (auto applied = options.apply(parser, profile, &wantsStaticKeys); !applied)
        return fail(applied.error(), ExitUsage);
    if (auto valid = profile.check(); !valid)
        return fail(valid.error(), ExitUsage);
    std::optional<profiles::StaticKeys> keys;
    if (wantsStaticKeys) {
        auto typed = staticKeysFromStdin();
        if (!typed)
            return fail(typed.error(), ExitUsage);
        keys = std::move(typed).value();
    }
    if (adding) {
        if (auto saved = profiles::ProfileService::wait(session.service.save(profile, std::move(keys)));
            !saved)
            return fail(saved.error());
    } else {
        // The options apply to the profile as the file holds it when the change is written, so
        // concurrent edits of other fields or other profiles are kept.
        auto saved = profiles::ProfileService::wait(session.service.modify(
            profile.id,
            [&](ConnectionProfile &current) {
                bool ignored = false;
                return options.apply(parser, current, &ignored);
            },
            std::move(keys)));
        if (!saved)
            return fail(saved.error());
        profile = std::move(saved).value();
    }
    if (json)
        printOut(QString::fromUtf8(QJsonDocument(profile.toJson()).toJson(QJsonDocument::Indented)));
    else
        printOut(QStringLiteral("%1 profile \"%2\" (%3)\n")
                     .arg(adding ? QStringLiteral("Added") : QStringLiteral("Updated"), profile.name,
                          profile.id.toString(QUuid::WithoutBraces)));
    return ExitOk;
}

int runRemove(const QString &name)
{
    if (name.isEmpty())
        return fail(usageError(QStringLiteral("remove needs the profile to remove"),
                               QStringLiteral("Run `signet profiles remove PROFILE` (name or id).")),
                    ExitUsage);
    ProfileSession session;
    if (auto opened = openStore(session.store); !opened)
        return fail(opened.error());
    const auto profile = session.store.find(name);
    if (!profile)
        return fail(profile.error());
    if (auto removed = profiles::ProfileService::wait(session.service.remove(profile->id)); !removed)
        return fail(removed.error());
    printOut(QStringLiteral("Removed profile \"%1\"\n").arg(profile->name));
    return ExitOk;
}

int runImport(const QString &path, bool json)
{
    if (path.isEmpty())
        return fail(usageError(QStringLiteral("import needs a file"),
                               QStringLiteral("Run `signet profiles import FILE` (- for stdin).")),
                    ExitUsage);
    QFile file;
    const bool opened = path == u"-" ? file.open(stdin, QIODevice::ReadOnly)
                                     : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!opened)
        return fail(makeError(QStringLiteral("profiles.import-unreadable"),
                              QStringLiteral("cannot read %1: %2").arg(path, file.errorString()),
                              QStringLiteral("Check the path and its permissions.")));
    ProfileStore store;
    if (auto loaded = openStore(store); !loaded)
        return fail(loaded.error());
    const auto added = store.importJson(file.readAll());
    if (!added)
        return fail(added.error());
    if (json) {
        QJsonArray array;
        for (const ConnectionProfile &profile : *added)
            array.append(profile.toJson());
        printOut(QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented)));
    } else {
        printOut(QStringLiteral("Imported %1 profile(s)\n").arg(added->size()));
    }
    return ExitOk;
}

int runExport(const QStringList &names, const QString &output)
{
    ProfileStore store;
    if (auto loaded = openStore(store); !loaded)
        return fail(loaded.error());
    QList<QUuid> ids;
    for (const QString &name : names) {
        const auto profile = store.find(name);
        if (!profile)
            return fail(profile.error());
        ids.append(profile->id);
    }
    const QByteArray bytes = store.exportJson(ids);
    if (output.isEmpty() || output == u"-") {
        printOut(QString::fromUtf8(bytes));
        return ExitOk;
    }
    QFile file(output);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        return fail(makeError(QStringLiteral("profiles.export-unwritable"),
                              QStringLiteral("cannot write %1: %2").arg(output, file.errorString()),
                              QStringLiteral("Choose a writable path.")));
    printError(QStringLiteral("Exported %1 profile(s) to %2 (no secrets included)")
                   .arg(ids.isEmpty() ? store.profiles().size() : ids.size())
                   .arg(output));
    return ExitOk;
}

} // namespace

int runProfiles(const QStringList &args)
{
    QCommandLineParser parser;
    const ProfileOptions options;
    options.addTo(parser);
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Machine-readable output."));
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("export: write to FILE instead of stdout."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption names(QStringLiteral("names"),
                                   QStringLiteral("list: only the names, one a line (shell completion)."));
    parser.addOptions({json, output, names});
    parser.addPositionalArgument(QStringLiteral("action"),
                                 QStringLiteral("list | show PROFILE | add | edit PROFILE | remove PROFILE | "
                                                "import FILE | export [PROFILE…]"));
    const auto outcome =
        parseArguments(parser, args, kCommand,
                       QStringLiteral("Manage saved connection profiles. Secrets are never part of "
                                      "the profile file or an export."));
    if (!outcome.proceed)
        return outcome.exitCode;

    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    const bool asJson = parser.isSet(json);
    if (action == u"list")
        return runList(parser, asJson, parser.isSet(names));
    if (action == u"show")
        return runShow(positional.value(1), asJson);
    if (action == u"add")
        return runAddOrEdit(parser, options, true, asJson);
    if (action == u"edit")
        return runAddOrEdit(parser, options, false, asJson);
    if (action == u"remove")
        return runRemove(positional.value(1));
    if (action == u"import")
        return runImport(positional.value(1), asJson);
    if (action == u"export")
        return runExport(positional.mid(1), parser.value(output));
    return fail(usageError(action.isEmpty() ? QStringLiteral("no action given")
                                            : QStringLiteral("unknown action \"%1\"").arg(action),
                           QStringLiteral("Use list, show, add, edit, remove, import or export.")),
                ExitUsage);
}

} // namespace signet::cli
