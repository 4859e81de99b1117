// SPDX-License-Identifier: GPL-3.0-or-later
// Error: what failed, in the user's words, and what to do about it.
#pragma once

#include "common/Fix.h"

#include <QDebug>
#include <QString>

namespace signet {

struct Error final
{
    // Stable machine-readable identifier, e.g. "token.bad-port"; tests and --json output use it.
    QString code;
    // What went wrong, naming the offending input ("port 70000 is outside 1-65535").
    QString message;
    // What the user can do about it, in words every front-end can show (core hints name no CLI
    // option or command; the CLI's own usage errors may).
    QString hint;
    // A remedy each front-end words itself (a CLI option, a GUI field); see Fix.h.
    Fix fix = {};

    // The hint followed by the fix in the words of `frontEnd`.
    QString hintFor(FrontEnd frontEnd) const
    {
        const QString words = fixText(fix, frontEnd);
        if (words.isEmpty())
            return hint;
        return hint.isEmpty() ? words : hint + u' ' + words;
    }

    // The one-line form used on stderr and in status bars: "message — hint".
    QString toString(FrontEnd frontEnd = FrontEnd::Gui) const
    {
        const QString fullHint = hintFor(frontEnd);
        return fullHint.isEmpty() ? message : message + QStringLiteral(" — ") + fullHint;
    }
};

inline Error makeError(QString code, QString message, QString hint = {}, Fix fix = {})
{
    return Error{std::move(code), std::move(message), std::move(hint), std::move(fix)};
}

inline QDebug operator<<(QDebug debug, const Error &error)
{
    const QDebugStateSaver saver(debug);
    debug.nospace() << "Error(" << error.code << ": " << error.message << ")";
    return debug;
}

} // namespace signet
