// SPDX-License-Identifier: GPL-3.0-or-later
// XmlElement: a bounded QXmlStreamReader tree builder and its lookups.
#include "aws/XmlElement.h"

#include <QXmlStreamReader>

namespace signet::aws {

namespace {

const XmlElement &nullElement()
{
    static const XmlElement empty;
    return empty;
}

} // namespace

Result<XmlElement> XmlElement::parse(const QByteArray &xml, const QString &what, const QString &codePrefix)
{
    const auto malformed = [&](const QString &why) {
        return makeError(
            codePrefix + QStringLiteral(".malformed"),
            QStringLiteral("%1 answered with a document that is not valid XML (%2)").arg(what, why),
            QStringLiteral("Check the endpoint (AWS_ENDPOINT_URL* overrides), or try again later."));
    };
    QXmlStreamReader reader(xml);
    // The open elements, innermost last; the root stays at the front.
    QList<XmlElement> stack;
    XmlElement root;
    bool haveRoot = false;
    int elements = 0;
    while (!reader.atEnd()) {
        switch (reader.readNext()) {
        case QXmlStreamReader::StartElement: {
            if (haveRoot)
                return malformed(QStringLiteral("content after the document element"));
            if (stack.size() >= kMaxDepth)
                return malformed(QStringLiteral("nested deeper than %1 elements").arg(kMaxDepth));
            if (++elements > kMaxElements)
                return malformed(QStringLiteral("more than %1 elements").arg(kMaxElements));
            XmlElement element;
            element.m_name = reader.name().toString();
            stack.append(std::move(element));
            break;
        }
        case QXmlStreamReader::Characters:
            if (!stack.isEmpty() && !reader.isWhitespace())
                stack.last().m_text += reader.text();
            break;
        case QXmlStreamReader::EndElement: {
            XmlElement done = stack.takeLast();
            done.m_text = done.m_text.trimmed();
            if (stack.isEmpty()) {
                root = std::move(done);
                haveRoot = true;
            } else {
                stack.last().m_children.append(std::move(done));
            }
            break;
        }
        case QXmlStreamReader::DTD:
            // No entity games: AWS never sends a DTD.
            return malformed(QStringLiteral("a document type declaration"));
        default:
            break;
        }
    }
    if (reader.hasError())
        return malformed(reader.errorString());
    if (!haveRoot)
        return malformed(QStringLiteral("empty body"));
    return root;
}

const XmlElement &XmlElement::child(QStringView name) const
{
    for (const XmlElement &element : m_children) {
        if (element.m_name == name)
            return element;
    }
    return nullElement();
}

QList<const XmlElement *> XmlElement::children(QStringView name) const
{
    QList<const XmlElement *> out;
    for (const XmlElement &element : m_children) {
        if (name.isEmpty() || element.m_name == name)
            out.append(&element);
    }
    return out;
}

const XmlElement &XmlElement::at(QStringView path) const
{
    const XmlElement *current = this;
    for (const QStringView part : path.tokenize(u'/')) {
        current = &current->child(part);
        if (current->isNull())
            break;
    }
    return *current;
}

bool XmlElement::boolAt(QStringView path, bool fallback) const
{
    const QString value = textAt(path);
    if (value.compare(QStringLiteral("true"), Qt::CaseInsensitive) == 0)
        return true;
    if (value.compare(QStringLiteral("false"), Qt::CaseInsensitive) == 0)
        return false;
    return fallback;
}

int XmlElement::intAt(QStringView path, int fallback) const
{
    bool ok = false;
    const int value = textAt(path).toInt(&ok);
    return ok ? value : fallback;
}

QStringList XmlElement::textsAt(QStringView path) const
{
    QStringList out;
    for (const XmlElement *item : at(path).children())
        out.append(item->text());
    return out;
}

const XmlElement &XmlElement::find(QStringView name) const
{
    for (const XmlElement &element : m_children) {
        if (element.m_name == name)
            return element;
        const XmlElement &deeper = element.find(name);
        if (!deeper.isNull())
            return deeper;
    }
    return nullElement();
}

} // namespace signet::aws
