// SPDX-License-Identifier: GPL-3.0-or-later
// SchemaReader: reads a session's schemas, tables and columns with its family's query, for browsers.
#pragma once

#include "common/Error.h"
#include "db/DbTypes.h"

#include <QList>
#include <QObject>
#include <QString>

namespace signet::db {

class DbFamily;
class DbSession;
class ResultChunk;

struct SchemaColumn final
{
    QString name;
    QString type;
};

struct SchemaTable final
{
    QString name;
    QList<SchemaColumn> columns;
};

// A PostgreSQL schema or a MySQL database.
struct SchemaNamespace final
{
    QString name;
    QList<SchemaTable> tables;
};

// Runs on the session's own connection (queued like any statement), so it sees what the user sees.
class SchemaReader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SchemaReader)

public:
    explicit SchemaReader(DbSession *session, QObject *parent = nullptr);

    // Reads everything again (no-op while a read runs); loaded or failed follows.
    void load();
    bool isLoading() const { return m_generation != 0; }
    // A read finished (successfully or not) at least once.
    bool hasRead() const { return m_hasRead; }
    const QList<SchemaNamespace> &schema() const { return m_schema; }

    // How to name `table` of `schemaName` in the editor: quoted the family's way, qualified with its
    // schema unless that is the one unqualified names resolve to on this connection.
    QString tableReference(const QString &schemaName, const QString &table) const;
    // A column name quoted the family's way.
    QString columnReference(const QString &column) const;

signals:
    void loaded(const QList<signet::db::SchemaNamespace> &schema);
    void failed(const signet::Error &error);

private:
    void addRows(const ResultChunk &chunk);

    DbSession *m_session;
    const DbFamily &m_family;
    quint64 m_generation = 0;
    bool m_hasRead = false;
    QString m_currentSchema;
    QList<SchemaNamespace> m_schema;
};

} // namespace signet::db
