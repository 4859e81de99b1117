// Error: what failed, in the user's words, and what to do about it.
#pragma once

#include <QDebug>
#include <QString>

namespace signet {

struct Error final
{
    // Stable machine-readable identifier, e.g. "token.bad-port"; tests and --json output use it.
    QString code;
    // What went wrong, naming the offending input ("port 70000 is outside 1-65535").
    QString message;
    // What the user can do about it ("pass --port with a value from 1 to 65535").
    QString hint;

    // The one-line form used on stderr and in status bars: "message (hint)".
    QString toString() const
    {
        return hint.isEmpty() ? message : message + QStringLiteral(" — ") + hint;
    }
};

inline Error makeError(QString code, QString message, QString hint = {})
{
    return Error{std::move(code), std::move(message), std::move(hint)};
}

inline QDebug operator<<(QDebug debug, const Error &error)
{
    const QDebugStateSaver saver(debug);
    debug.nospace() << "Error(" << error.code << ": " << error.message << ")";
    return debug;
}

} // namespace signet
