// SPDX-License-Identifier: GPL-3.0-or-later
// SchemaPane: namespaces → tables → "column  type" items, rebuilt when the reader has read.
#include "console/SchemaPane.h"

#include "db/SchemaReader.h"

#include <QHeaderView>

namespace signet::ui {

namespace {

enum Role
{
    NoteRole = Qt::UserRole,
    SchemaRole,
    TableRole,
    ColumnRole,
};

} // namespace

SchemaPane::SchemaPane(db::SchemaReader *reader, QWidget *parent)
    : QTreeWidget(parent)
    , m_reader(reader)
{
    setHeaderLabels({tr("Schema")});
    setToolTip(tr("Double-click a table or column to insert its name at the cursor"));
    connect(reader, &db::SchemaReader::loaded, this, &SchemaPane::rebuild);
    connect(reader, &db::SchemaReader::failed, this, [this](const Error &error) {
        clear();
        addNote(tr("The schema could not be read: %1").arg(error.message));
    });
    connect(this, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        if (item->data(0, NoteRole).toBool()) // a note is no name to insert
            return;
        const QString column = item->data(0, ColumnRole).toString();
        const QString table = item->data(0, TableRole).toString();
        if (!column.isEmpty())
            Q_EMIT referenceActivated(m_reader->columnReference(column));
        else if (!table.isEmpty())
            Q_EMIT referenceActivated(m_reader->tableReference(item->data(0, SchemaRole).toString(), table));
    });
}

QSize SchemaPane::sizeHint() const
{
    return {fontMetrics().horizontalAdvance(u'x') * 24, QTreeWidget::sizeHint().height()};
}

void SchemaPane::rebuild()
{
    clear();
    for (const db::SchemaNamespace &space : m_reader->schema()) {
        auto *spaceItem = new QTreeWidgetItem(this, {space.name});
        for (const db::SchemaTable &table : space.tables) {
            auto *tableItem = new QTreeWidgetItem(spaceItem, {table.name});
            tableItem->setData(0, SchemaRole, space.name);
            tableItem->setData(0, TableRole, table.name);
            tableItem->setToolTip(0, m_reader->tableReference(space.name, table.name));
            for (const db::SchemaColumn &column : table.columns) {
                auto *columnItem =
                    new QTreeWidgetItem(tableItem, {column.name + QStringLiteral("  ") + column.type});
                columnItem->setData(0, ColumnRole, column.name);
            }
        }
    }
    if (topLevelItemCount() == 0)
        addNote(tr("No tables this user can see yet; Refresh Schema after creating one."));
    else if (topLevelItemCount() == 1)
        expandItem(topLevelItem(0));
}

void SchemaPane::addNote(const QString &text)
{
    auto *note = new QTreeWidgetItem(this, {text});
    note->setFlags(Qt::ItemIsEnabled);
    note->setData(0, NoteRole, true);
    note->setToolTip(0, text);
    QFont font = note->font(0);
    font.setItalic(true);
    note->setFont(0, font);
}

} // namespace signet::ui
