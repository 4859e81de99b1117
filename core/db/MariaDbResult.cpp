// SPDX-License-Identifier: GPL-3.0-or-later
// MariaDbResult: mysql_real_query + mysql_use_result, one row in memory at a time.
#include "db/MariaDbResult.h"

#include "db/MariaDbDriver.h"

#include <QSqlError>
#include <QSqlField>

#include <mysql.h>

namespace signet::db {

namespace {

QMetaType metaTypeOf(const MYSQL_FIELD &field)
{
    switch (field.type) {
    case MYSQL_TYPE_TINY:
    case MYSQL_TYPE_SHORT:
    case MYSQL_TYPE_LONG:
    case MYSQL_TYPE_INT24:
    case MYSQL_TYPE_LONGLONG:
    case MYSQL_TYPE_YEAR:
        return QMetaType(QMetaType::LongLong);
    case MYSQL_TYPE_FLOAT:
    case MYSQL_TYPE_DOUBLE:
    case MYSQL_TYPE_DECIMAL:
    case MYSQL_TYPE_NEWDECIMAL:
        return QMetaType(QMetaType::Double);
    default:
        break;
    }
    return QMetaType(field.charsetnr == 63 && field.type != MYSQL_TYPE_BIT ? QMetaType::QByteArray
                                                                           : QMetaType::QString);
}

} // namespace

MariaDbResult::MariaDbResult(const MariaDbDriver *driver)
    : QSqlResult(driver)
{
    setForwardOnly(true);
}

MariaDbResult::~MariaDbResult()
{
    freeResult();
}

void MariaDbResult::freeResult()
{
    if (m_result) {
        // With mysql_use_result this reads (and drops) whatever rows the server still sends.
        mysql_free_result(m_result);
        m_result = nullptr;
    }
    if (m_mysql) {
        while (mysql_more_results(m_mysql) && mysql_next_result(m_mysql) == 0) {
            if (MYSQL_RES *more = mysql_use_result(m_mysql))
                mysql_free_result(more);
        }
    }
    m_row = nullptr;
    m_lengths = nullptr;
}

void MariaDbResult::setServerError(const QString &text, QSqlError::ErrorType type)
{
    m_errorNumber = m_mysql ? mysql_errno(m_mysql) : 0;
    const QString message =
        m_mysql ? QString::fromUtf8(mysql_error(m_mysql)) : QStringLiteral("not connected");
    setLastError(QSqlError(text, message, type, QString::number(m_errorNumber)));
}

bool MariaDbResult::reset(const QString &query)
{
    freeResult();
    setActive(false);
    setAt(QSql::BeforeFirstRow);
    m_record.clear();
    m_binary.clear();
    m_columnCount = 0;
    m_affectedRows = 0;
    m_errorNumber = 0;
    m_mysql = static_cast<const MariaDbDriver *>(driver())->mysql();
    if (!m_mysql || !driver()->isOpen()) {
        m_errorNumber = 2006; // CR_SERVER_GONE_ERROR
        setLastError(QSqlError(QStringLiteral("not connected"), {}, QSqlError::ConnectionError,
                               QString::number(m_errorNumber)));
        return false;
    }
    const QByteArray sql = query.toUtf8();
    if (mysql_real_query(m_mysql, sql.constData(), sql.size()) != 0) {
        setServerError(QStringLiteral("Unable to execute query"), QSqlError::StatementError);
        return false;
    }
    m_columnCount = int(mysql_field_count(m_mysql));
    if (m_columnCount == 0) {
        m_affectedRows = mysql_affected_rows(m_mysql);
        m_insertId = mysql_insert_id(m_mysql);
        setSelect(false);
        setActive(true);
        return true;
    }
    m_result = mysql_use_result(m_mysql);
    if (!m_result) {
        setServerError(QStringLiteral("Unable to read the result"), QSqlError::StatementError);
        return false;
    }
    const MYSQL_FIELD *fields = mysql_fetch_fields(m_result);
    for (int i = 0; i < m_columnCount; ++i) {
        const MYSQL_FIELD &field = fields[i];
        const QMetaType type = metaTypeOf(field);
        QSqlField sqlField(QString::fromUtf8(field.name, field.name_length), type,
                           QString::fromUtf8(field.table, field.table_length));
        m_record.append(sqlField);
        m_binary.append(type.id() == QMetaType::QByteArray);
    }
    setSelect(true);
    setActive(true);
    return true;
}

bool MariaDbResult::fetchNext()
{
    if (!m_result)
        return false;
    m_row = mysql_fetch_row(m_result);
    if (!m_row) {
        if (mysql_errno(m_mysql) != 0)
            setServerError(QStringLiteral("Unable to fetch the next row"), QSqlError::StatementError);
        m_lengths = nullptr;
        return false;
    }
    m_lengths = mysql_fetch_lengths(m_result);
    setAt(at() + 1);
    return true;
}

bool MariaDbResult::fetch(int index)
{
    if (index == at())
        return m_row != nullptr;
    if (index != at() + 1)
        return false;
    return fetchNext();
}

bool MariaDbResult::fetchFirst()
{
    return at() == QSql::BeforeFirstRow && fetchNext();
}

bool MariaDbResult::fetchLast()
{
    // Forward-only: walk to the end, keeping the last row's bytes.
    if (!m_result)
        return false;
    bool any = false;
    while (fetchNext())
        any = true;
    return any;
}

QByteArrayView MariaDbResult::rawValue(int column) const
{
    if (!m_row || column < 0 || column >= m_columnCount || !m_row[column])
        return {};
    return QByteArrayView(m_row[column], qsizetype(m_lengths[column]));
}

bool MariaDbResult::isNull(int column)
{
    return !m_row || column < 0 || column >= m_columnCount || m_row[column] == nullptr;
}

QVariant MariaDbResult::data(int column)
{
    if (isNull(column))
        return QVariant(m_record.field(column).metaType());
    const QByteArrayView bytes = rawValue(column);
    if (m_binary.at(column))
        return QByteArray(bytes.data(), bytes.size());
    const int type = m_record.field(column).metaType().id();
    if (type == QMetaType::LongLong)
        return bytes.toLongLong();
    if (type == QMetaType::Double && numericalPrecisionPolicy() != QSql::HighPrecision)
        return QByteArray(bytes.data(), bytes.size()).toDouble();
    return QString::fromUtf8(bytes);
}

QVariant MariaDbResult::lastInsertId() const
{
    return m_insertId ? QVariant(qulonglong(m_insertId)) : QVariant();
}

QVariant MariaDbResult::handle() const
{
    return QVariant::fromValue(static_cast<void *>(m_result));
}

void MariaDbResult::detachFromResultSet()
{
    freeResult();
}

} // namespace signet::db
