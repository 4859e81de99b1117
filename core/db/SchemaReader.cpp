// SPDX-License-Identifier: GPL-3.0-or-later
// SchemaReader: the family's schema query through the session, folded into namespaces and tables.
#include "db/SchemaReader.h"

#include "db/DbFamily.h"
#include "db/DbSession.h"

namespace signet::db {

SchemaReader::SchemaReader(DbSession *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_family(DbFamily::of(session->target()))
{
    auto remember = [this](const ServerInfo &info) { m_currentSchema = info.schema; };
    connect(session, &DbSession::connected, this, remember);
    connect(session, &DbSession::reconnected, this,
            [remember](const QString &, const ServerInfo &info) { remember(info); });
    connect(session, &DbSession::progressed, this, [this](quint64 generation, const ResultChunk &chunk) {
        if (generation == m_generation)
            addRows(chunk);
    });
    connect(session, &DbSession::finished, this, [this](quint64 generation, const QuerySummary &) {
        if (generation != m_generation)
            return;
        m_generation = 0;
        m_hasRead = true;
        Q_EMIT loaded(m_schema);
    });
    connect(session, &DbSession::failed, this, [this](quint64 generation, const QueryError &error) {
        if (generation != m_generation)
            return;
        m_generation = 0;
        m_hasRead = true;
        Q_EMIT failed(error.error);
    });
}

void SchemaReader::load()
{
    if (m_generation)
        return;
    m_schema.clear();
    m_generation = m_session->run(m_family.schemaQuery());
}

void SchemaReader::addRows(const ResultChunk &chunk)
{
    // Rows come ordered by schema, table, position: a new name starts a new entry.
    for (int r = 0; r < chunk.rowCount(); ++r) {
        const QString schemaName = chunk.text(r, 0);
        const QString table = chunk.text(r, 1);
        if (m_schema.isEmpty() || m_schema.last().name != schemaName)
            m_schema.append(SchemaNamespace{schemaName, {}});
        QList<SchemaTable> &tables = m_schema.last().tables;
        if (tables.isEmpty() || tables.last().name != table)
            tables.append(SchemaTable{table, {}});
        tables.last().columns.append(SchemaColumn{chunk.text(r, 2), chunk.text(r, 3)});
    }
}

QString SchemaReader::tableReference(const QString &schemaName, const QString &table) const
{
    const QString name = m_family.quoteIdentifier(table);
    if (schemaName == m_currentSchema)
        return name;
    return m_family.quoteIdentifier(schemaName) + u'.' + name;
}

QString SchemaReader::columnReference(const QString &column) const
{
    return m_family.quoteIdentifier(column);
}

} // namespace signet::db
