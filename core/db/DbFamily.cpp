// SPDX-License-Identifier: GPL-3.0-or-later
// DbFamily: picks the strategy for a target and reads rows the portable way.
#include "db/DbFamily.h"

#include "db/MySqlFamily.h"
#include "db/PostgresFamily.h"

#include <QSqlField>
#include <QSqlQuery>
#include <QSqlRecord>

namespace signet::db {

const DbFamily &DbFamily::of(const DbTarget &target)
{
    static const MySqlFamily mysql;
    static const PostgresFamily postgres;
    if (target.isMySqlFamily())
        return mysql;
    return postgres;
}

RowReader DbFamily::rowReader(QSqlQuery &query) const
{
    // Through QVariant: binary columns as \x-hex (what psql and the mysql client show).
    const QSqlRecord record = query.record();
    QList<bool> binary;
    for (int i = 0; i < record.count(); ++i)
        binary << (record.field(i).metaType().id() == QMetaType::QByteArray);
    return [&query, binary](ResultChunk &chunk) {
        for (int i = 0; i < binary.size(); ++i) {
            if (query.isNull(i)) {
                chunk.appendNull();
                continue;
            }
            const QVariant value = query.value(i);
            if (binary.at(i))
                chunk.appendCell(QByteArray("\\x" + value.toByteArray().toHex()));
            else
                chunk.appendCell(value.toString().toUtf8());
        }
    };
}

} // namespace signet::db
