// SPDX-License-Identifier: GPL-3.0-or-later
// ShellQuoting: quoting rules per shell; see the header for each rule.
#include "launch/ShellQuoting.h"

#include <QRegularExpression>

namespace signet::launch {

QString shellName(Shell shell)
{
    switch (shell) {
    case Shell::Bash:
        return QStringLiteral("bash");
    case Shell::PowerShell:
        return QStringLiteral("powershell");
    case Shell::Cmd:
        return QStringLiteral("cmd");
    }
    return {};
}

std::optional<Shell> shellFromName(const QString &name)
{
    const QString lower = name.trimmed().toLower();
    if (lower == u"bash" || lower == u"zsh" || lower == u"sh")
        return Shell::Bash;
    if (lower == u"powershell" || lower == u"pwsh")
        return Shell::PowerShell;
    if (lower == u"cmd" || lower == u"cmd.exe")
        return Shell::Cmd;
    return std::nullopt;
}

Shell nativeShell()
{
#ifdef Q_OS_WIN
    return Shell::PowerShell;
#else
    return Shell::Bash;
#endif
}

namespace {

bool isBashSafe(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') || u == u'_' ||
           u == u'@' || u == u'%' || u == u'+' || u == u'=' || u == u':' || u == u',' || u == u'.' ||
           u == u'/' || u == u'-';
}

bool isPowerShellQuote(QChar c)
{
    // ' and the typographic single quotes PowerShell's tokenizer accepts as the same quote.
    const char16_t u = c.unicode();
    return u == u'\'' || u == 0x2018 || u == 0x2019 || u == 0x201A || u == 0x201B;
}

// The MSVC runtime / CommandLineToArgvW rule: backslashes are literal unless they precede a
// quote, so double those, and escape the quote itself.
QString msvcrtQuote(const QString &word)
{
    if (!word.isEmpty() && !word.contains(QRegularExpression(QStringLiteral("[\\s\"]"))))
        return word;
    QString out = QStringLiteral("\"");
    int backslashes = 0;
    for (const QChar c : word) {
        if (c == u'\\') {
            ++backslashes;
            continue;
        }
        if (c == u'"') {
            out += QString(backslashes * 2 + 1, u'\\');
            out += u'"';
        } else {
            out += QString(backslashes, u'\\');
            out += c;
        }
        backslashes = 0;
    }
    out += QString(backslashes * 2, u'\\');
    out += u'"';
    return out;
}

Result<QString> caretEscape(const QString &text)
{
    QString out;
    for (const QChar c : text) {
        if (c == u'\n' || c == u'\r')
            return makeError(QStringLiteral("launch.cmd-newline"),
                             QStringLiteral("cmd.exe cannot pass a line break inside an argument"),
                             QStringLiteral("Copy the command for PowerShell or bash instead."));
        if (QStringView(u"()%!^\"<>&|").contains(c))
            out += u'^';
        out += c;
    }
    return out;
}

QString displayed(const QString &value, bool secret, bool reveal)
{
    return secret && !reveal ? QStringLiteral("<token redacted>") : value;
}

} // namespace

QString quoteBash(const QString &word)
{
    if (word.isEmpty())
        return QStringLiteral("''");
    bool safe = true;
    for (const QChar c : word)
        safe = safe && isBashSafe(c);
    if (safe)
        return word;
    QString out = QStringLiteral("'");
    for (const QChar c : word) {
        if (c == u'\'')
            out += QStringLiteral("'\\''");
        else
            out += c;
    }
    out += u'\'';
    return out;
}

QString quotePowerShell(const QString &word)
{
    QString out = QStringLiteral("'");
    for (const QChar c : word) {
        if (isPowerShellQuote(c))
            out += c;
        out += c;
    }
    out += u'\'';
    return out;
}

Result<QString> quoteCmd(const QString &word)
{
    return caretEscape(msvcrtQuote(word));
}

Result<QString> environmentText(const QList<EnvironmentEntry> &entries, Shell shell, bool revealSecrets)
{
    QString out;
    for (const EnvironmentEntry &entry : entries) {
        const QString value = displayed(entry.value, entry.secret, revealSecrets);
        switch (shell) {
        case Shell::Bash:
            out += QStringLiteral("export %1=%2\n").arg(entry.name, quoteBash(value));
            break;
        case Shell::PowerShell:
            out += QStringLiteral("$env:%1 = %2\n").arg(entry.name, quotePowerShell(value));
            break;
        case Shell::Cmd: {
            // set NAME=value takes the rest of the line after cmd removed the carets.
            const auto escaped = caretEscape(value);
            if (!escaped)
                return escaped.error();
            out += QStringLiteral("set %1=%2\n").arg(entry.name, *escaped);
            break;
        }
        }
    }
    return out;
}

Result<QString> commandText(const ClientCommand &command, Shell shell, bool revealSecrets)
{
    const QStringList arguments = revealSecrets ? command.arguments : command.redactedArguments();
    QStringList parts;
    switch (shell) {
    case Shell::Bash:
        // NAME=value program …: the variables reach only this program, not the shell.
        for (const EnvironmentEntry &entry : command.environment)
            parts << entry.name + u'=' + quoteBash(displayed(entry.value, entry.secret, revealSecrets));
        parts << quoteBash(command.program);
        for (const QString &argument : arguments)
            parts << quoteBash(argument);
        return parts.join(u' ');
    case Shell::PowerShell: {
        QString prefix;
        for (const EnvironmentEntry &entry : command.environment)
            prefix +=
                QStringLiteral("$env:%1 = %2; ")
                    .arg(entry.name, quotePowerShell(displayed(entry.value, entry.secret, revealSecrets)));
        parts << QStringLiteral("&") << quotePowerShell(command.program);
        for (const QString &argument : arguments)
            parts << quotePowerShell(argument);
        return QString(prefix + parts.join(u' '));
    }
    case Shell::Cmd: {
        QString prefix;
        for (const EnvironmentEntry &entry : command.environment) {
            const auto value = caretEscape(displayed(entry.value, entry.secret, revealSecrets));
            if (!value)
                return value.error();
            // No space before & : it would become part of the value.
            prefix += QStringLiteral("set %1=%2& ").arg(entry.name, *value);
        }
        for (const QString &word : QStringList{command.program} + arguments) {
            const auto quoted = quoteCmd(word);
            if (!quoted)
                return quoted.error();
            parts << *quoted;
        }
        return QString(prefix + parts.join(u' '));
    }
    }
    return QString();
}

} // namespace signet::launch
