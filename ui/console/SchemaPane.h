// SPDX-License-Identifier: GPL-3.0-or-later
// SchemaPane: the console's schema browser, a view of a SchemaReader; double-click names a table.
#pragma once

#include <QTreeWidget>

class QLabel;

namespace signet::db {
class SchemaReader;
}

namespace signet::ui {

class SchemaPane final : public QTreeWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SchemaPane)

public:
    explicit SchemaPane(db::SchemaReader *reader, QWidget *parent = nullptr);

    // The narrow default width: room for typical table names, the grid gets the rest.
    QSize sizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;

signals:
    // A table or column was double-clicked (or Enter pressed on it): its name as SQL.
    void referenceActivated(const QString &reference);

private:
    void rebuild();
    // Grey wrapped text over the empty tree: nothing to show, or why not.
    void showNote(const QString &text);

    db::SchemaReader *m_reader;
    QLabel *m_note = nullptr;
};

} // namespace signet::ui
