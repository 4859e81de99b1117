// SPDX-License-Identifier: GPL-3.0-or-later
// Shell quoting: a corpus of nasty words survives bash for real, and PowerShell and cmd.exe by
// parsing the text back with each shell's documented rules.
#include "launch/ShellQuoting.h"

#include <QProcess>
#include <QTest>

using namespace signet;
using namespace signet::launch;

namespace {

QStringList corpus()
{
    return {
        QStringLiteral("plain"),
        QString(),
        QStringLiteral("two words"),
        QStringLiteral("  leading and trailing  "),
        QStringLiteral("it's"),
        QStringLiteral("''"),
        QStringLiteral("say \"hi\""),
        QStringLiteral("\\\"backslash quote\\\\"),
        QStringLiteral("trailing backslash\\"),
        QStringLiteral("C:\\Program Files\\x\\"),
        QStringLiteral("$HOME ${PATH} $(id) `id`"),
        QStringLiteral("%PATH% %USERPROFILE% %%"),
        QStringLiteral("!bang! !PATH!"),
        QStringLiteral("a&b|c<d>e^f(g)h"),
        QStringLiteral("semi;colon # hash * ? [x] ~user {a,b}"),
        QStringLiteral("line1\nline2"),
        QStringLiteral("tab\there"),
        QStringLiteral("caf\u00e9 \u65e5\u672c \U0001F600"),
        QStringLiteral("\u2018curly\u2019 \u201cquotes\u201d"),
        QStringLiteral("host=x port=5432 sslrootcert='/tmp/a b.pem'"),
        QStringLiteral("localhost:5432/?Action=connect&DBUser=iam_user&X-Amz-Signature=ab%2Fcd="),
        QStringLiteral("-dash-start"),
        QStringLiteral("="),
    };
}

// PowerShell: parses `& 'a' 'b'` words made only of single-quoted strings, as PowerShell's
// tokenizer does: ' or a typographic single quote opens/closes; a doubled quote is one quote.
QStringList parsePowerShellWords(const QString &text)
{
    const auto isQuote = [](QChar c) {
        return c == u'\'' || c.unicode() == 0x2018 || c.unicode() == 0x2019 || c.unicode() == 0x201A ||
               c.unicode() == 0x201B;
    };
    QStringList words;
    qsizetype i = 0;
    while (i < text.size()) {
        if (text[i] == u' ' || text[i] == u'&') {
            ++i;
            continue;
        }
        if (!isQuote(text[i]))
            return {QStringLiteral("<unquoted word at %1>").arg(i)};
        ++i;
        QString word;
        for (;;) {
            if (i >= text.size())
                return {QStringLiteral("<unterminated>")};
            if (isQuote(text[i])) {
                if (i + 1 < text.size() && isQuote(text[i + 1])) {
                    word += text[i];
                    i += 2;
                    continue;
                }
                ++i;
                break;
            }
            word += text[i++];
        }
        words << word;
    }
    return words;
}

// cmd.exe at the interactive prompt, then the MSVC runtime's argv split.
// Phase 1: %NAME% expands when NAME is defined (we define PATH and USERPROFILE); an undefined
// one stays as typed. Phase 2: outside "…", ^ escapes the next character and is removed, and an
// unescaped & | < > ( ) would be an operator (reported as an error); " toggles quoting.
QString cmdPhases(const QString &line, bool *operatorFound)
{
    QString expanded;
    for (qsizetype i = 0; i < line.size(); ++i) {
        if (line[i] == u'%') {
            const qsizetype end = line.indexOf(u'%', i + 1);
            if (end > i) {
                const QString name = line.mid(i + 1, end - i - 1);
                if (name == u"PATH" || name == u"USERPROFILE") {
                    expanded += QStringLiteral("EXPANDED");
                    i = end;
                    continue;
                }
            }
        }
        expanded += line[i];
    }
    QString out;
    bool quoted = false;
    *operatorFound = false;
    for (qsizetype i = 0; i < expanded.size(); ++i) {
        const QChar c = expanded[i];
        if (c == u'"')
            quoted = !quoted;
        if (!quoted && c == u'^' && i + 1 < expanded.size()) {
            out += expanded[++i];
            continue;
        }
        if (!quoted && QStringView(u"&|<>").contains(c))
            *operatorFound = true;
        out += c;
    }
    return out;
}

QStringList msvcrtSplit(const QString &line)
{
    QStringList words;
    qsizetype i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == u' ' || line[i] == u'\t'))
            ++i;
        if (i >= line.size())
            break;
        QString word;
        bool quoted = false;
        while (i < line.size() && (quoted || (line[i] != u' ' && line[i] != u'\t'))) {
            if (line[i] == u'\\') {
                qsizetype n = 0;
                while (i < line.size() && line[i] == u'\\') {
                    ++n;
                    ++i;
                }
                if (i < line.size() && line[i] == u'"') {
                    word += QString(n / 2, u'\\');
                    if (n % 2) {
                        word += u'"';
                        ++i;
                    }
                } else {
                    word += QString(n, u'\\');
                }
                continue;
            }
            if (line[i] == u'"') {
                if (quoted && i + 1 < line.size() && line[i + 1] == u'"') {
                    word += u'"';
                    i += 2;
                    continue;
                }
                quoted = !quoted;
                ++i;
                continue;
            }
            word += line[i++];
        }
        words << word;
    }
    return words;
}

QStringList bashWords(const QString &quotedWords)
{
    QProcess bash;
    bash.start(QStringLiteral("bash"),
               {QStringLiteral("-c"), QStringLiteral("printf '%s\\0' ") + quotedWords});
    if (!bash.waitForFinished(10000))
        return {QStringLiteral("<bash timed out>")};
    QStringList words = QString::fromUtf8(bash.readAllStandardOutput()).split(QChar(0));
    words.removeLast(); // after the final NUL
    return words;
}

} // namespace

class TestLaunchQuoting : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void bashRoundTripsEveryWordForReal()
    {
        QStringList quoted;
        for (const QString &word : corpus())
            quoted << quoteBash(word);
        QCOMPARE(bashWords(quoted.join(u' ')), corpus());
    }

    void bashLeavesSafeWordsBare()
    {
        QCOMPARE(quoteBash(QStringLiteral("--ssl-ca=/etc/ssl/rds.pem")),
                 QStringLiteral("--ssl-ca=/etc/ssl/rds.pem"));
        QCOMPARE(quoteBash(QStringLiteral("it's")), QStringLiteral("'it'\\''s'"));
    }

    void bashEnvironmentAssignmentReachesTheProgram()
    {
        ClientCommand command;
        command.program = QStringLiteral("printenv");
        command.arguments << QStringLiteral("SIGNET_X");
        const QString nasty = QStringLiteral("a'b\"c $HOME `id` %PATH% !x \u00e9\nz");
        command.environment << EnvironmentEntry{QStringLiteral("SIGNET_X"), nasty, true};
        const auto text = commandText(command, Shell::Bash, true);
        QVERIFY(text.ok());
        QProcess bash;
        bash.start(QStringLiteral("bash"), {QStringLiteral("-c"), *text});
        QVERIFY(bash.waitForFinished(10000));
        QCOMPARE(QString::fromUtf8(bash.readAllStandardOutput()), nasty + u'\n');
        const auto redacted = commandText(command, Shell::Bash, false);
        QVERIFY(!redacted->contains(nasty));
        QVERIFY(redacted->contains(QStringLiteral("<token redacted>")));
    }

    void powerShellParsesBackToTheSameWords()
    {
        for (const QString &word : corpus()) {
            const QString quoted = quotePowerShell(word);
            QCOMPARE(parsePowerShellWords(quoted), QStringList{word});
        }
        ClientCommand command;
        command.program = QStringLiteral("C:\\Program Files\\PostgreSQL\\bin\\psql.exe");
        command.arguments = corpus();
        const auto text = commandText(command, Shell::PowerShell, true);
        QVERIFY(text->startsWith(QStringLiteral("& '")));
        QCOMPARE(parsePowerShellWords(*text), QStringList{command.program} + corpus());
    }

    void cmdParsesBackToTheSameWords()
    {
        for (const QString &word : corpus()) {
            const auto quoted = quoteCmd(word);
            if (word.contains(u'\n')) {
                QVERIFY(!quoted.ok());
                QCOMPARE(quoted.error().code, QStringLiteral("launch.cmd-newline"));
                continue;
            }
            QVERIFY2(quoted.ok(), qPrintable(word));
            bool op = false;
            const QString line = cmdPhases(QStringLiteral("prog.exe ") + *quoted, &op);
            QVERIFY2(!op, qPrintable(*quoted));
            QCOMPARE(msvcrtSplit(line), (QStringList{QStringLiteral("prog.exe"), word}));
        }
    }

    void cmdSetAssignmentKeepsTheValue()
    {
        ClientCommand command;
        command.program = QStringLiteral("psql.exe");
        const QString value = QStringLiteral("a&b|c %PATH% ^x \"q\" !y");
        command.environment << EnvironmentEntry{QStringLiteral("PGPASSWORD"), value, true};
        const auto text = commandText(command, Shell::Cmd, true);
        QVERIFY(text.ok());
        // "set NAME=<escaped>& program": split at the one unescaped &.
        const QString line = *text;
        qsizetype split = -1;
        for (qsizetype i = 0; i < line.size(); ++i) {
            if (line[i] == u'^') {
                ++i;
                continue;
            }
            if (line[i] == u'&') {
                split = i;
                break;
            }
        }
        QVERIFY(split > 0);
        bool op = false;
        const QString setCommand = cmdPhases(line.left(split), &op);
        QVERIFY(!op);
        QCOMPARE(setCommand, QStringLiteral("set PGPASSWORD=") + value);
        QCOMPARE(cmdPhases(line.mid(split + 1), &op).trimmed(), QStringLiteral("psql.exe"));
    }

    void shellNames()
    {
        QCOMPARE(shellFromName(QStringLiteral("pwsh")), std::optional<Shell>(Shell::PowerShell));
        QCOMPARE(shellFromName(QStringLiteral("zsh")), std::optional<Shell>(Shell::Bash));
        QCOMPARE(shellFromName(QStringLiteral("cmd")), std::optional<Shell>(Shell::Cmd));
        QVERIFY(!shellFromName(QStringLiteral("fish")));
    }
};

QTEST_GUILESS_MAIN(TestLaunchQuoting)
#include "tst_launch_quoting.moc"
