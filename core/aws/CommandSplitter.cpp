// SPDX-License-Identifier: GPL-3.0-or-later
// CommandSplitter: a small state machine equal to shlex.split in POSIX mode.
#include "aws/CommandSplitter.h"

namespace signet::aws {

Result<QStringList> CommandSplitter::split(const QString &text)
{
    QStringList words;
    QString word;
    bool inWord = false;
    enum class State
    {
        Plain,
        Single,
        Double
    } state = State::Plain;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        switch (state) {
        case State::Plain:
            if (c == u' ' || c == u'\t' || c == u'\n' || c == u'\r') {
                if (inWord)
                    words.append(word);
                word.clear();
                inWord = false;
            } else if (c == u'\'') {
                state = State::Single;
                inWord = true;
            } else if (c == u'"') {
                state = State::Double;
                inWord = true;
            } else if (c == u'\\') {
                if (i + 1 >= text.size())
                    return makeError(QStringLiteral("process.bad-command"),
                                     QStringLiteral("credential_process ends with a lone backslash"),
                                     QStringLiteral("Escape it as \\\\ or quote the argument."));
                word += text.at(++i);
                inWord = true;
            } else {
                word += c;
                inWord = true;
            }
            break;
        case State::Single:
            if (c == u'\'')
                state = State::Plain;
            else
                word += c;
            break;
        case State::Double:
            if (c == u'"') {
                state = State::Plain;
            } else if (c == u'\\' && i + 1 < text.size() &&
                       (text.at(i + 1) == u'"' || text.at(i + 1) == u'\\')) {
                word += text.at(++i);
            } else {
                word += c;
            }
            break;
        }
    }
    if (state != State::Plain)
        return makeError(
            QStringLiteral("process.bad-command"),
            QStringLiteral("credential_process has an unclosed %1 quote")
                .arg(state == State::Single ? QStringLiteral("single") : QStringLiteral("double")),
            QStringLiteral("Close the quote in the profile's credential_process line."));
    if (inWord)
        words.append(word);
    return words;
}

} // namespace signet::aws
