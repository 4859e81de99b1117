// SPDX-License-Identifier: GPL-3.0-or-later
// SetupDialog: "Set up IAM access" for one profile — the setup assistant's steps (IAM authentication
// on the database, the rds-db:connect policy, the database user, a real login), each shown as ok /
// missing / cannot tell with why, its exact change previewed (the API request or SQL, the aws CLI
// command to hand to an administrator, the policy JSON to copy), and applied only after the user
// confirms that one change.
#pragma once

#include "setup/SetupAssistant.h"

#include <QDialog>
#include <QHash>
#include <QUuid>

#include <functional>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QWidget;

namespace signet::profiles {
class ProfileService;
}
namespace signet::tunnel {
class TunnelManager;
}

namespace signet::ui {

class SetupDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SetupDialog)

public:
    // What opening the dialog for a saved profile needs from the window.
    struct Opener
    {
        QWidget *parent = nullptr;
        profiles::ProfileService *profiles = nullptr;
        tunnel::TunnelManager *tunnels = nullptr;
        std::function<void(const QString &message)> say;
        // The profile's tunnel (SSH or SSM) did not open (the window may ask to trust a host key, then
        // retry).
        std::function<void(const Error &error)> routeFailed;
    };
    // Looks up the profile's credentials and signer, opens its route (a bastion's tunnel, held while
    // the dialog is open), then shows the dialog; raises the one already open for that profile.
    static void open(const Opener &opener, const profiles::ConnectionProfile &profile);
    QUuid profileId() const { return m_profileId; }

    // Checks every step as soon as it is shown.
    SetupDialog(setup::SetupContext context, QWidget *parent = nullptr);
    ~SetupDialog() override;

    setup::SetupAssistant *assistant() const { return m_assistant; }
    // What a person sees for a step: its state line, its preview, its Apply and Copy buttons.
    QString stateText(setup::SetupStepId id) const;
    QString previewText(setup::SetupStepId id) const;
    QPushButton *applyButton(setup::SetupStepId id) const;
    QPushButton *copyButton(setup::SetupStepId id) const;
    QPushButton *checkAgainButton() const { return m_checkAgain; }
    // The master password row (shown when the database-user step needs one).
    QLineEdit *masterUserEdit() const { return m_masterUser; }
    QLineEdit *masterPasswordEdit() const { return m_masterPassword; }
    QPushButton *useMasterButton() const { return m_useMaster; }
    QString progressText() const;

Q_SIGNALS:
    // Every step is ok (the login included).
    void allDone();

private:
    struct StepWidgets
    {
        QLabel *title = nullptr;
        QLabel *state = nullptr;
        QLabel *detail = nullptr;
        QPlainTextEdit *preview = nullptr;
        QPushButton *apply = nullptr;
        QPushButton *copy = nullptr;
    };

    void showStep(setup::SetupStepId id);
    void confirmAndApply(setup::SetupStepId id);
    void updateButtons();
    static QString preview(const setup::SetupStep &step);

    setup::SetupAssistant *m_assistant = nullptr;
    QHash<int, StepWidgets> m_rows;
    QLabel *m_progress = nullptr;
    QWidget *m_masterRow = nullptr;
    QLineEdit *m_masterUser = nullptr;
    QLineEdit *m_masterPassword = nullptr;
    QPushButton *m_useMaster = nullptr;
    QPushButton *m_checkAgain = nullptr;
    QUuid m_profileId;
};

} // namespace signet::ui
