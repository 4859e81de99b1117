// SPDX-License-Identifier: GPL-3.0-or-later
// ConsoleTargetDialog: asks for a DbTarget (until profiles can open consoles) and opens a console window.
#pragma once

#include "db/DbTarget.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace signet::ui {

class ConsoleTargetDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConsoleTargetDialog)

public:
    explicit ConsoleTargetDialog(QWidget *parent = nullptr);

    QLineEdit *caField() const { return m_ca; }
    // The target as entered; validation errors are shown in the dialog.
    Result<db::DbTarget> target() const;

    // File ▸ Console…: asks, then opens a console for the target in `parent`'s ConsoleWindow
    // (one per parent, owned by it, made on first use; one tab per connection) and connects.
    static void openConsole(QWidget *parent);

private:
    void tryAccept();

    QComboBox *m_engine = nullptr;
    QLineEdit *m_host = nullptr;
    QSpinBox *m_port = nullptr;
    QLineEdit *m_via = nullptr;
    QLineEdit *m_user = nullptr;
    QLineEdit *m_database = nullptr;
    QLineEdit *m_region = nullptr;
    QLineEdit *m_ca = nullptr;
    QLineEdit *m_awsProfile = nullptr;
    QLabel *m_error = nullptr;
};

} // namespace signet::ui
