// SPDX-License-Identifier: GPL-3.0-or-later
// ConsoleTargetDialog: File › Console…, the connection parameters of a database that has no saved
// profile; the main window opens the accepted target as a console tab of its own.
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

Q_SIGNALS:
    // Connect was clicked with a valid target (the fields are remembered for next time).
    void targetAccepted(const signet::db::DbTarget &target);

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
