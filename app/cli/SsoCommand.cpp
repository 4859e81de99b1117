// `signet sso login [--aws-profile NAME]`: the OIDC device flow; prints the URL and code to open.
#include "cli/SsoCommand.h"

#include "aws/SsoDeviceLogin.h"
#include "cli/Cli.h"
#include "cli/CommandLine.h"

namespace signet::cli {

namespace {

const QString kCommand = QStringLiteral("sso");

} // namespace

int runSso(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption profile(QStringLiteral("aws-profile"),
                                     QStringLiteral("AWS profile with sso_session or sso_start_url."),
                                     QStringLiteral("NAME"));
    parser.addOptions({profile});
    parser.addPositionalArgument(QStringLiteral("login"), QStringLiteral("Sign in (the only action)."));
    const auto outcome =
        parseArguments(parser, args, kCommand,
                       QStringLiteral("Sign in to IAM Identity Center (AWS SSO). The sign-in is "
                                      "stored where the AWS CLI keeps it, so both share it."));
    if (!outcome.proceed)
        return outcome.exitCode;
    if (parser.positionalArguments() != QStringList{QStringLiteral("login")}) {
        printFailure(kCommand,
                     makeError(QStringLiteral("usage.action"), QStringLiteral("expected `signet sso login`"),
                               QStringLiteral("Run `signet sso login --aws-profile NAME`.")));
        return ExitUsage;
    }
    aws::SsoDeviceLogin login;
    QObject::connect(
        &login, &aws::SsoDeviceLogin::verificationReady, &login, [](const QString &uri, const QString &code) {
            printError(QStringLiteral("To sign in, open this page in a browser:\n  %1\nand check that "
                                      "it shows the code: %2\nWaiting for approval…")
                           .arg(uri, code));
        });
    // The device code itself lives ten minutes; allow a little more for the last poll.
    const auto token = aws::waitForResult(login.start(parser.value(profile)), 11 * 60 * 1000,
                                          QStringLiteral("the IAM Identity Center sign-in"));
    if (!token) {
        printFailure(kCommand, token.error());
        return ExitFailed;
    }
    printError(QStringLiteral("Signed in to %1; valid until %2.")
                   .arg(token->startUrl, token->expiresAt.toUTC().toString(Qt::ISODate)));
    return ExitOk;
}

} // namespace signet::cli
