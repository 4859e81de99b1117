// SPDX-License-Identifier: GPL-3.0-or-later
// TokenSigning: the `signet token` command line and the endpoint form's signing and output, shared by
// the full CLI and the lean path that signs with environment keys without loading the rest.
#pragma once

#include "aws/Credentials.h"
#include "cli/EndpointOptions.h"
#include "common/Result.h"
#include "token/AuthToken.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

#include <functional>

namespace signet::cli {

// Every option of `signet token` and its PROFILE argument, declared once.
struct TokenCommandLine final
{
    EndpointOptions endpoint;
    QCommandLineOption expires{
        QStringLiteral("expires"),
        QStringLiteral("Token lifetime in seconds: 1-900 for RDS, up to 604800 (a week) "
                       "for Aurora DSQL (default 900)."),
        QStringLiteral("SECONDS"), QStringLiteral("900")};
    QCommandLineOption mfaCode{QStringLiteral("mfa-code"),
                               QStringLiteral("MFA code for a role with mfa_serial (asked on the terminal "
                                              "otherwise)."),
                               QStringLiteral("CODE")};
    QCommandLineOption json{QStringLiteral("json"),
                            QStringLiteral("Print the token with its expiry and parsed fields as JSON.")};

    void addTo(QCommandLineParser &parser) const;
};

// --expires read and checked against the engine's limit; errors are usage errors.
Result<int> tokenLifetime(const QString &text, Engine engine);

// The --json form of a token.
QByteArray tokenJson(const token::AuthToken &token, const aws::Credentials &credentials);

// The endpoint form once the options are read: the engine's token (RDS or DSQL), the region (given, the
// endpoint's, else `defaultRegion`), the credentials, the expiry check, the token on stdout. Returns the exit
// code.
int signEndpoint(const EndpointArguments &arguments, int lifetime, bool json, const QString &defaultRegion,
                 const std::function<Result<aws::Credentials>()> &credentials);

} // namespace signet::cli
