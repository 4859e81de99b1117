// SPDX-License-Identifier: GPL-3.0-or-later
// Parser for ~/.aws/config and ~/.aws/credentials with botocore's rules and line-numbered errors.
#include "aws/SharedConfigFile.h"

#include <QFile>
#include <QFileInfo>

namespace signet::aws {

namespace {

int indentOf(QStringView line)
{
    int n = 0;
    while (n < line.size() && line[n].isSpace())
        ++n;
    return n;
}

Error parseError(const QString &path, int line, const QString &what)
{
    return makeError(QStringLiteral("aws.config-parse"),
                     QStringLiteral("%1, line %2: %3").arg(path).arg(line).arg(what),
                     QStringLiteral("Fix or remove that line; the AWS CLI cannot read this file either."));
}

// The words of a section name, split like Python's shlex.split (quotes group, backslash escapes).
// Returns false where shlex would raise (an unclosed quote).
bool shellWords(const QString &text, QStringList *words)
{
    QString current;
    bool inWord = false;
    QChar quote;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (!quote.isNull()) {
            if (c == quote) {
                quote = QChar();
            } else if (c == u'\\' && quote == u'"' && i + 1 < text.size() &&
                       (text[i + 1] == u'"' || text[i + 1] == u'\\')) {
                current += text[++i];
            } else {
                current += c;
            }
        } else if (c == u'"' || c == u'\'') {
            quote = c;
            inWord = true;
        } else if (c == u'\\' && i + 1 < text.size()) {
            current += text[++i];
            inWord = true;
        } else if (c.isSpace()) {
            if (inWord)
                words->append(current);
            current.clear();
            inWord = false;
        } else {
            current += c;
            inWord = true;
        }
    }
    if (!quote.isNull())
        return false;
    if (inWord)
        words->append(current);
    return true;
}

// botocore's _parse_nested: a value that starts with a newline holds `key = value` lines.
Result<QMap<QString, QString>> parseNested(const QString &value, const QString &path, int line)
{
    QMap<QString, QString> nested;
    const QStringList lines = value.split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString entry = lines[i].trimmed();
        if (entry.isEmpty())
            continue;
        const qsizetype eq = entry.indexOf(u'=');
        if (eq < 0)
            return parseError(path, line + int(i),
                              QStringLiteral("\"%1\" in a nested block has no \"=\"").arg(entry));
        nested.insert(entry.left(eq).trimmed(), entry.mid(eq + 1).trimmed());
    }
    return nested;
}

struct PendingOption
{
    QString key;
    int line = 0;
    int indent = 0;
    QStringList valueLines;
};

} // namespace

Result<SharedConfigFile> SharedConfigFile::parse(const QByteArray &utf8, const QString &path)
{
    SharedConfigFile file;
    file.m_path = path;
    file.m_exists = true;

    const QString text = QString::fromUtf8(utf8);
    if (text.contains(QChar::ReplacementCharacter) && !utf8.contains("\xEF\xBF\xBD"))
        return makeError(QStringLiteral("aws.config-encoding"),
                         QStringLiteral("%1 is not valid UTF-8").arg(path),
                         QStringLiteral("Save the file as UTF-8."));

    QList<Section> raw;
    Section defaults;
    Section *current = nullptr;
    std::optional<PendingOption> option;

    auto finishOption = [&]() -> Status {
        if (!option || !current)
            return Unit{};
        // RawConfigParser keeps inner empty lines but strips the value's ends.
        while (!option->valueLines.isEmpty() && option->valueLines.last().isEmpty())
            option->valueLines.removeLast();
        const QString value = option->valueLines.join(u'\n').trimmed();
        const bool nested = option->valueLines.size() > 1 && option->valueLines.first().isEmpty();
        if (nested) {
            auto sub = parseNested(option->valueLines.mid(1).join(u'\n'), path, option->line + 1);
            if (!sub)
                return sub.error();
            current->subsections.insert(option->key, sub.value());
            current->values.insert(option->key, QStringLiteral("\n") + value);
        } else {
            current->values.insert(option->key, value);
        }
        option.reset();
        return Unit{};
    };

    const QStringList lines = text.split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const int lineNo = int(i) + 1;
        QString line = lines[i];
        if (line.endsWith(u'\r'))
            line.chop(1);
        const QString stripped = line.trimmed();
        const int indent = indentOf(line);

        if (stripped.startsWith(u'#') || stripped.startsWith(u';')) {
            continue; // A full-line comment, even inside a multi-line value.
        }
        if (stripped.isEmpty()) {
            if (option)
                option->valueLines.append(QString());
            continue;
        }
        if (option && current && indent > option->indent) {
            option->valueLines.append(stripped);
            continue;
        }
        if (auto done = finishOption(); !done)
            return done.error();

        if (stripped.startsWith(u'[')) {
            const qsizetype close = stripped.lastIndexOf(u']');
            if (close <= 1)
                return parseError(
                    path, lineNo,
                    QStringLiteral("section header \"%1\" is not closed by \"]\"").arg(stripped));
            const QString name = stripped.mid(1, close - 1);
            if (name == u"DEFAULT") {
                current = &defaults;
                continue;
            }
            for (const Section &seen : std::as_const(raw)) {
                if (seen.name == name)
                    return parseError(path, lineNo,
                                      QStringLiteral("section [%1] is already defined on line %2")
                                          .arg(name)
                                          .arg(seen.line));
            }
            raw.append(Section{name, lineNo, {}, {}});
            current = &raw.last();
            continue;
        }
        if (!current)
            return parseError(path, lineNo,
                              QStringLiteral("\"%1\" comes before any [section] header").arg(stripped));

        qsizetype delimiter = -1;
        for (qsizetype c = 0; c < stripped.size(); ++c) {
            if (stripped[c] == u'=' || stripped[c] == u':') {
                delimiter = c;
                break;
            }
        }
        if (delimiter < 0)
            return parseError(path, lineNo,
                              QStringLiteral("\"%1\" is not of the form key = value").arg(stripped));
        const QString key = stripped.left(delimiter).trimmed().toLower();
        if (key.isEmpty()) // RawConfigParser needs a name before the delimiter
            return parseError(
                path, lineNo,
                QStringLiteral("\"%1\" has no key before its \"%2\"").arg(stripped, stripped.at(delimiter)));
        if (current->values.contains(key))
            return parseError(path, lineNo,
                              QStringLiteral("key \"%1\" appears twice in [%2]").arg(key, current->name));
        // Mark the key as seen at once so a duplicate is caught even before the value is complete.
        current->values.insert(key, QString());
        option = PendingOption{key, lineNo, indent, {stripped.mid(delimiter + 1).trimmed()}};
    }
    if (auto done = finishOption(); !done)
        return done.error();

    for (Section &section : raw) {
        for (auto it = defaults.values.cbegin(); it != defaults.values.cend(); ++it) {
            if (!section.values.contains(it.key()))
                section.values.insert(it.key(), it.value());
        }
        for (auto it = defaults.subsections.cbegin(); it != defaults.subsections.cend(); ++it) {
            if (!section.subsections.contains(it.key()))
                section.subsections.insert(it.key(), it.value());
        }
    }
    file.m_sections = std::move(raw);
    return file;
}

Result<SharedConfigFile> SharedConfigFile::load(const QString &path)
{
    if (!QFileInfo(path).isFile()) {
        SharedConfigFile empty;
        empty.m_path = path;
        return empty;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(QStringLiteral("aws.config-unreadable"),
                         QStringLiteral("cannot read %1: %2").arg(path, file.errorString()),
                         QStringLiteral("Check the file's permissions."));
    return parse(file.readAll(), path);
}

const SharedConfigFile::Section *SharedConfigFile::section(const QString &name) const
{
    for (const Section &s : m_sections) {
        if (s.name == name)
            return &s;
    }
    return nullptr;
}

namespace {

// The profile or sso-session a config-file section header names, or an empty string.
QString namedSection(const QString &header, QStringView kind)
{
    if (!header.startsWith(kind))
        return {};
    QStringList words;
    if (!shellWords(header, &words) || words.size() != 2)
        return {};
    return words[1];
}

} // namespace

const SharedConfigFile::Section *SharedConfigFile::configProfile(const QString &profile) const
{
    const Section *found = nullptr;
    for (const Section &s : m_sections) {
        const bool match =
            (profile == u"default" && s.name == u"default") || namedSection(s.name, u"profile") == profile;
        if (match)
            found = &s;
    }
    return found;
}

const SharedConfigFile::Section *SharedConfigFile::ssoSession(const QString &name) const
{
    const Section *found = nullptr;
    for (const Section &s : m_sections) {
        if (namedSection(s.name, u"sso-session") == name)
            found = &s;
    }
    return found;
}

QStringList SharedConfigFile::configProfileNames() const
{
    QStringList names;
    for (const Section &s : m_sections) {
        const QString name = s.name == u"default" ? s.name : namedSection(s.name, u"profile");
        if (!name.isEmpty() && !names.contains(name))
            names.append(name);
    }
    return names;
}

} // namespace signet::aws
