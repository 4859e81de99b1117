// SPDX-License-Identifier: GPL-3.0-or-later
// MfaCodeDialog: asks for the current code of an MFA device when an assume-role profile needs one.
#pragma once

#include "aws/CredentialChainOptions.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace signet::ui {

class MfaCodeDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MfaCodeDialog)

public:
    MfaCodeDialog(const QString &profile, const QString &mfaSerial, QWidget *parent = nullptr);

    QString code() const;
    QLineEdit *codeField() const { return m_code; }

    // An MfaPrompt for the credential chain that opens this dialog window-modally without a nested
    // event loop, and answers with the code, or "credentials.mfa-cancelled" when the user cancels.
    static aws::MfaPrompt asyncPrompt(QWidget *parent);

private:
    void updateAcceptable();

    QLineEdit *m_code = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace signet::ui
