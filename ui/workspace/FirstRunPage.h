// SPDX-License-Identifier: GPL-3.0-or-later
// FirstRunPage: what an empty profile list shows instead of "pick a database on the left": what a
// profile is, and the buttons that make the first one.
#pragma once

#include <QWidget>

class QPushButton;

namespace signet::ui {

class FirstRunPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FirstRunPage)

public:
    explicit FirstRunPage(QWidget *parent = nullptr);
    ~FirstRunPage() override;

    QPushButton *newButton() const { return m_new; }
    QPushButton *importButton() const { return m_import; }
    QPushButton *awsImportButton() const { return m_awsImport; }

Q_SIGNALS:
    void newProfileRequested();
    void importRequested();
    void awsImportRequested();

private:
    QPushButton *m_new = nullptr;
    QPushButton *m_import = nullptr;
    QPushButton *m_awsImport = nullptr;
};

} // namespace signet::ui
