// SPDX-License-Identifier: GPL-3.0-or-later
// SchemaPane: namespaces → tables → "column  type" items, rebuilt when the reader has read.
#include "console/SchemaPane.h"

#include "db/SchemaReader.h"

#include <QHeaderView>
#include <QLabel>
#include <QResizeEvent>

namespace signet::ui {

namespace {

enum Role
{
    SchemaRole = Qt::UserRole,
    TableRole,
    ColumnRole,
};

} // namespace

SchemaPane::SchemaPane(db::SchemaReader *reader, QWidget *parent)
    : QTreeWidget(parent)
    , m_reader(reader)
{
    setHeaderLabels({tr("Schema")});
    connect(reader, &db::SchemaReader::loaded, this, &SchemaPane::rebuild);
    // The note is a wrapped label over the empty tree, not an item: an item is one line, which the
    // narrow pane cut off ("No tables this user c…"), and an error message is what must be read whole.
    m_note = new QLabel(viewport());
    m_note->setWordWrap(true);
    m_note->setTextFormat(Qt::PlainText);
    m_note->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_note->setMargin(fontMetrics().horizontalAdvance(u'x') / 2 + 2);
    m_note->setForegroundRole(QPalette::PlaceholderText);
    m_note->setTextInteractionFlags(Qt::TextSelectableByMouse); // an error can be copied
    QFont italic = m_note->font();
    italic.setItalic(true);
    m_note->setFont(italic);
    m_note->hide();

    connect(reader, &db::SchemaReader::failed, this, [this](const Error &error) {
        clear();
        showNote(tr("The schema could not be read: %1").arg(error.message));
    });
    connect(this, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
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

void SchemaPane::resizeEvent(QResizeEvent *event)
{
    QTreeWidget::resizeEvent(event);
    m_note->setGeometry(viewport()->rect());
}

void SchemaPane::rebuild()
{
    clear();
    m_note->hide();
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
    if (topLevelItemCount() == 0) {
        showNote(tr("No tables this user can see yet; Refresh Schema after creating one."));
        return;
    }
    // The hint is for the tables; over the empty pane's note it would cover the words it explains.
    setToolTip(tr("Double-click a table or column to insert its name at the cursor"));
    if (topLevelItemCount() == 1)
        expandItem(topLevelItem(0));
}

void SchemaPane::showNote(const QString &text)
{
    setToolTip(QString());
    m_note->setText(text);
    m_note->setGeometry(viewport()->rect());
    m_note->show();
}

} // namespace signet::ui
