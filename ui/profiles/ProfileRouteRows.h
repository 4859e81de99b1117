// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileRouteRows: the profile editor's route: one "Route" choice (direct, SSH bastion, SSM instance,
// a manual address) and only the rows of the route chosen.
#pragma once

#include "endpoint/Endpoint.h"
#include "profiles/ConnectionProfile.h"

#include <QObject>

#include <functional>
#include <utility>

class QComboBox;
class QFormLayout;
class QLineEdit;
class QWidget;

namespace signet::ui {

// A profile has at most one route, so the form offers one choice and hides the fields of the others;
// the profile made from the form carries only the chosen route's fields (the others are cleared).
class ProfileRouteRows final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileRouteRows)

public:
    enum class Kind
    {
        Direct,
        Ssh,
        Ssm,
        Via,
    };

    // Adds a labelled row (the field and its error line) to the form and returns the row's cell.
    using AddRow = std::function<QWidget *(const QString &label, QWidget *field, const QString &errorKey)>;

    // Creates the fields (the tab order follows creation); addRows() puts them in the form.
    ProfileRouteRows(QFormLayout *form, QWidget *parent);
    void addRows(const AddRow &addRow);

    static Kind kindOf(const profiles::ConnectionProfile &profile);
    Kind kind() const;
    void load(const profiles::ConnectionProfile &profile);
    // Sets the route fields of `profile` (via, ssh, ssm) from the form: the chosen route's only.
    void applyTo(profiles::ConnectionProfile &profile) const;
    // What the form alone can tell (a route chosen but left empty, text that does not parse); the
    // profile's own validation says the rest.
    QList<FieldError> errors() const;
    // Shows the chosen route's rows; `region` is the profile's region the SSM region defaults to.
    void updateRows(const QString &region);

    QComboBox *routeCombo() const { return m_route; }
    // Its text fields with the error key an edit touches ("via", "ssh", "sshIdentity", "ssm", …): the
    // editor tracks them as it tracks its own.
    QList<std::pair<QLineEdit *, QString>> textFields() const;

private:
    Result<tunnel::SshRoute> sshFromForm() const;

    QFormLayout *m_form = nullptr;
    QComboBox *m_route = nullptr;
    QLineEdit *m_via = nullptr;
    QWidget *m_viaRow = nullptr;
    QLineEdit *m_ssh = nullptr;
    QWidget *m_sshRow = nullptr;
    QLineEdit *m_sshIdentity = nullptr;
    QWidget *m_sshIdentityRow = nullptr;
    QLineEdit *m_sshJump = nullptr;
    QWidget *m_sshJumpRow = nullptr;
    QLineEdit *m_ssmTarget = nullptr;
    QWidget *m_ssmTargetRow = nullptr;
    QLineEdit *m_ssmRegion = nullptr;
    QWidget *m_ssmRegionRow = nullptr;
};

} // namespace signet::ui
