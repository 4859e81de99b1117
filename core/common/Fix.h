// SPDX-License-Identifier: GPL-3.0-or-later
// Fix: a remedy that each front-end words itself. Core hints say what to do in plain words; when the
// way to do it differs (a CLI option or command, a GUI field or menu), the Error carries a Fix and
// the CLI and the GUI render it with fixText().
#pragma once

#include <QString>

namespace signet {

enum class FrontEnd
{
    Cli,
    Gui,
};

struct Fix final
{
    enum class Kind
    {
        None,
        GiveRegion,     // the endpoint names no region: say which
        UseRegion,      // argument: the endpoint's region
        ConnectVia,     // reach the instance through a tunnel or port-forward
        EnterMfaCode,   // a code from the MFA device is needed
        SignInSso,      // argument: the AWS profile to sign in with
        UpdateCaBundle, // argument: the bundle source to download
        ListCaBundles,  // see which CA bundles are stored
        ListProfiles,   // see the saved profiles' names
        SetVerifyFull,  // the profile checks the chain only; verify-full checks the name too
    };

    Kind kind = Kind::None;
    QString argument;

    bool isEmpty() const { return kind == Kind::None; }
    bool operator==(const Fix &) const = default;
};

// The fix in the words of `frontEnd`, one sentence; empty for Kind::None.
QString fixText(const Fix &fix, FrontEnd frontEnd);

} // namespace signet
