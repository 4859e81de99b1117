// SPDX-License-Identifier: GPL-3.0-or-later
// The MFA code dialog and the asynchronous prompt the credential chain calls.
#include "token/MfaCodeDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpressionValidator>

namespace signet::ui {

MfaCodeDialog::MfaCodeDialog(const QString &profile, const QString &mfaSerial, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("MFA code for %1").arg(profile));
    auto *intro = new QLabel(tr("Assuming the role of AWS profile <b>%1</b> needs the current code of "
                                "your MFA device.")
                                 .arg(profile.toHtmlEscaped()),
                             this);
    intro->setWordWrap(true);
    auto *device = new QLabel(mfaSerial, this);
    device->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_code = new QLineEdit(this);
    m_code->setObjectName(QStringLiteral("mfaCode"));
    m_code->setPlaceholderText(QStringLiteral("123456"));
    m_code->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("\\d{0,6}")), m_code));
    m_code->setMaxLength(6);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);

    auto *form = new QFormLayout(this);
    form->addRow(intro);
    form->addRow(tr("Device:"), device);
    form->addRow(tr("&Code:"), m_code);
    form->addRow(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_code, &QLineEdit::textChanged, this, &MfaCodeDialog::updateAcceptable);
    updateAcceptable();
}

QString MfaCodeDialog::code() const
{
    return m_code->text();
}

void MfaCodeDialog::updateAcceptable()
{
    // AWS MFA codes are six digits; OK stays off until there are six.
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_code->text().size() == 6);
}

aws::MfaPrompt MfaCodeDialog::asyncPrompt(QWidget *parent)
{
    QPointer<QWidget> owner(parent);
    return [owner](const QString &profile, const QString &mfaSerial, aws::ResultCallback<QString> answer) {
        auto *dialog = new MfaCodeDialog(profile, mfaSerial, owner.data());
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setWindowModality(Qt::WindowModal);
        QObject::connect(dialog, &QDialog::finished, dialog, [dialog, answer](int result) {
            if (result == QDialog::Accepted)
                answer(dialog->code());
            else
                answer(makeError(QStringLiteral("credentials.mfa-cancelled"),
                                 QObject::tr("the MFA code was not entered"),
                                 QObject::tr("Sign again and enter the code your MFA device shows.")));
        });
        dialog->open();
    };
}

} // namespace signet::ui
