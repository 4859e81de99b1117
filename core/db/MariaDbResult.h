// SPDX-License-Identifier: GPL-3.0-or-later
// MariaDbResult: a forward-only, streamed (mysql_use_result) QSqlResult for MariaDbDriver.
#pragma once

#include <QByteArrayView>
#include <QSqlError>
#include <QSqlRecord>
#include <QSqlResult>

struct st_mysql;
struct st_mysql_res;

namespace signet::db {

class MariaDbDriver;

class MariaDbResult final : public QSqlResult
{
public:
    explicit MariaDbResult(const MariaDbDriver *driver);
    ~MariaDbResult() override;

    // Fast path for the console: the cell's bytes as the server sent them (text protocol), valid
    // until the next fetch. Null cells have isNull() true and an empty view.
    QByteArrayView rawValue(int column) const;
    int columnCount() const { return m_columnCount; }
    // The server error number of the last failure (0 if none).
    unsigned int lastErrorNumber() const { return m_errorNumber; }

protected:
    QVariant data(int column) override;
    bool isNull(int column) override;
    bool reset(const QString &query) override;
    bool fetch(int index) override;
    bool fetchNext() override;
    bool fetchFirst() override;
    bool fetchLast() override;
    int size() override { return -1; }
    int numRowsAffected() override { return int(m_affectedRows); }
    QSqlRecord record() const override { return m_record; }
    QVariant lastInsertId() const override;
    QVariant handle() const override;
    void detachFromResultSet() override;

private:
    void freeResult();
    void setServerError(const QString &text, QSqlError::ErrorType type);

    st_mysql *m_mysql = nullptr;
    st_mysql_res *m_result = nullptr;
    char **m_row = nullptr;
    unsigned long *m_lengths = nullptr;
    QSqlRecord m_record;
    QList<bool> m_binary;
    int m_columnCount = 0;
    quint64 m_affectedRows = 0;
    quint64 m_insertId = 0;
    unsigned int m_errorNumber = 0;
};

} // namespace signet::db
