// SPDX-License-Identifier: GPL-3.0-or-later
// `signet sso login [--aws-profile NAME] [--no-browser]`: the OIDC device flow; opens the sign-in
// page in a browser (as `aws sso login` does) and prints the URL and code.
#include "cli/SsoCommand.h"

#include "aws/SsoDeviceLogin.h"
#include "cli/Cli.h"
#include "cli/CommandLine.h"

#include <QProcess>

namespace signet::cli {

namespace {

const QString kCommand = QStringLiteral("sso");

// $BROWSER (Debian's convention: a ':'-separated list, the first that starts wins), else the
// desktop's opener. On a machine without a display and no $BROWSER nothing is started.
QString openInBrowser(const QString &url)
{
    QStringList candidates = qEnvironmentVariable("BROWSER").split(u':', Qt::SkipEmptyParts);
    if (candidates.isEmpty()) {
#if defined(Q_OS_MACOS)
        candidates << QStringLiteral("open");
#elif defined(Q_OS_WIN)
        candidates << QStringLiteral("explorer");
#else
        if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
            return {};
        candidates << QStringLiteral("xdg-open");
#endif
    }
    for (const QString &candidate : candidates) {
        // No shell: the program gets the URL as one argument.
        if (QProcess::startDetached(candidate.trimmed(), {url}))
            return candidate.trimmed();
    }
    return {};
}

} // namespace

int runSso(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption profile(QStringLiteral("aws-profile"),
                                     QStringLiteral("AWS profile with sso_session or sso_start_url."),
                                     QStringLiteral("NAME"));
    const QCommandLineOption noBrowser(
        QStringLiteral("no-browser"),
        QStringLiteral("Only print the sign-in page and code; open no browser."));
    parser.addOptions({profile, noBrowser});
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
        &login, &aws::SsoDeviceLogin::verificationReady, &login,
        [browse = !parser.isSet(noBrowser)](const QString &uri, const QString &code) {
            const QString opener = browse ? openInBrowser(uri) : QString();
            if (!opener.isEmpty())
                printError(QStringLiteral("Opened the sign-in page with %1:\n  %2\nCheck that it shows the "
                                          "code: %3\nWaiting for approval…")
                               .arg(opener, uri, code));
            else
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
