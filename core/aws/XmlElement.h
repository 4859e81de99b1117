// SPDX-License-Identifier: GPL-3.0-or-later
// XmlElement: a small read-only element tree of an AWS Query API answer, for the RDS and IAM parsers.
#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace signet::aws {

// Built with QXmlStreamReader; namespaces are dropped (AWS documents use one default namespace).
// Bounded: depth and element count are capped so a hostile or broken answer cannot exhaust memory
// or the stack. Lookups of a missing child answer an empty element, so parsers read optional
// fields without checks.
class XmlElement final
{
public:
    static constexpr int kMaxDepth = 32;
    static constexpr int kMaxElements = 200000;

    // The document element, or an error (code `codePrefix`.malformed) naming `what`.
    static Result<XmlElement> parse(const QByteArray &xml, const QString &what, const QString &codePrefix);

    const QString &name() const { return m_name; }
    // The element's own text, trimmed.
    const QString &text() const { return m_text; }
    bool isNull() const { return m_name.isEmpty(); }

    // The first child called `name`, or a null element.
    const XmlElement &child(QStringView name) const;
    // Every child called `name`; every child when `name` is empty.
    QList<const XmlElement *> children(QStringView name = {}) const;
    // Walks child names separated by '/': "DescribeDBInstancesResult/Marker".
    const XmlElement &at(QStringView path) const;
    // The text at `path`.
    QString textAt(QStringView path) const { return at(path).text(); }
    // "true"/"false" at `path`; `fallback` when absent or anything else.
    bool boolAt(QStringView path, bool fallback = false) const;
    // An integer at `path`; `fallback` when absent or not a number.
    int intAt(QStringView path, int fallback = 0) const;
    // The texts of the children of the element at `path` (a list of strings, whatever the item name).
    QStringList textsAt(QStringView path) const;
    // The first descendant (depth first) called `name`, or a null element.
    const XmlElement &find(QStringView name) const;

private:
    QString m_name;
    QString m_text;
    QList<XmlElement> m_children;
};

} // namespace signet::aws
