// SPDX-License-Identifier: GPL-3.0-or-later
// Fix: the CLI's and the GUI's words for each remedy, side by side.
#include "common/Fix.h"

namespace signet {

QString fixText(const Fix &fix, FrontEnd frontEnd)
{
    const bool cli = frontEnd == FrontEnd::Cli;
    const QString &arg = fix.argument;
    switch (fix.kind) {
    case Fix::Kind::None:
        return {};
    case Fix::Kind::GiveRegion:
        return cli ? QStringLiteral("Pass --region REGION.")
                   : QStringLiteral("Enter it in the Region field.");
    case Fix::Kind::UseRegion:
        return cli ? QStringLiteral("Use --region %1 or leave --region out.").arg(arg)
                   : QStringLiteral("Set the Region field to %1 or leave it empty.").arg(arg);
    case Fix::Kind::ConnectVia:
        return cli ? QStringLiteral("Pass --via HOST:PORT, the local end of the tunnel.")
                   : QStringLiteral("Enter the local end of the tunnel in the Connect via field.");
    case Fix::Kind::EnterMfaCode:
        return cli ? QStringLiteral("Pass --mfa-code CODE, or run in a terminal to be asked for it.")
                   : QStringLiteral("Sign again and enter the code when Signet asks for it.");
    case Fix::Kind::SignInSso:
        return cli ? QStringLiteral(
                         "Run `signet sso login --aws-profile %1` or `aws sso login --profile %1`.")
                         .arg(arg)
                   : QStringLiteral("Sign in to IAM Identity Center for profile %1 (the token panel offers "
                                    "it), or run `aws sso login`.")
                         .arg(arg);
    case Fix::Kind::UpdateCaBundle:
        return cli ? QStringLiteral("Run `signet ca update --source %1` (`signet ca list` shows the stored "
                                    "bundles).")
                         .arg(arg)
                   : QStringLiteral("Download it in File › CA Bundles….");
    case Fix::Kind::ListCaBundles:
        return cli ? QStringLiteral("Run `signet ca list` to see the stored bundles.")
                   : QStringLiteral("File › CA Bundles… shows the stored bundles.");
    case Fix::Kind::ListProfiles:
        return cli ? QStringLiteral("Run `signet profiles list` to see the saved profiles.")
                   : QStringLiteral("The profile list shows the saved profiles.");
    case Fix::Kind::SetVerifyFull:
        return cli ? QStringLiteral("Edit the profile with TLS verify-full, or connect without --via.")
                   : QStringLiteral("Choose TLS verify-full in the profile, or clear Connect via.");
    }
    return {};
}

} // namespace signet
