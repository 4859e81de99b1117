// SPDX-License-Identifier: GPL-3.0-or-later
// DiagnosticsPanel: shows one check — each step with its icon, time, verdict and expandable details;
// "Copy report" puts the redacted text report on the clipboard. In the main window it is the view of
// the selected profile's check in the ProfileChecks (which keep every profile's result and time);
// on its own it checks the target it is given.
#pragma once

#include "probe/ProbeOptions.h"
#include "probe/ProbeReport.h"
#include "probe/ProbeTarget.h"

#include <QDateTime>
#include <QUuid>
#include <QWidget>

class QLabel;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace signet::probe {
class ProfileChecks;
}

namespace signet::ui {

class DiagnosticsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DiagnosticsPanel)

public:
    explicit DiagnosticsPanel(QWidget *parent = nullptr);
    ~DiagnosticsPanel() override;

    // The main window's checks: from now on the panel shows the profile given to showProfile(), and
    // Run check asks for a fresh check of it (runRequested) instead of running one itself.
    void setChecks(probe::ProfileChecks &checks);
    // Shows that profile's last (or running) check, "not checked yet" when it has none; a null id
    // shows none.
    void showProfile(const QUuid &profileId, const QString &profileName);
    QUuid profileId() const { return m_profileId; }

    // On its own: the target to check and whose check it is (shown with the time of the last run).
    void setTarget(const probe::ProbeTarget &target);
    void setSubject(const QString &profileName);
    // Environment, timeouts and the login step (wired by the app to DbSession).
    void setOptions(const probe::ProbeOptions &options);

    // When the shown check last finished (invalid before the first).
    QDateTime checkedAt() const;
    QString titleText() const;
    void run();
    void cancel();
    bool isRunning() const;
    const probe::ProbeReport &lastReport() const;
    // The redacted text report of the last run.
    QString reportText() const;
    void copyReport();

Q_SIGNALS:
    // The shown check started or finished.
    void runStarted();
    void runFinished(const signet::probe::ProbeReport &report);
    // Run check was clicked in the main window: the owner starts a check of profileId().
    void runRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void bind(probe::ProfileChecks *checks);
    // Everything shown comes from the shown profile's check.
    void render();
    void updateTitle();
    void updateButtons();
    void fillStep(QTreeWidgetItem *item, const probe::ProbeStep &step);

    // The checks shown: the main window's, or the panel's own (with one made-up profile id).
    probe::ProfileChecks *m_ownChecks = nullptr;
    probe::ProfileChecks *m_checks = nullptr;
    bool m_shared = false;
    QUuid m_profileId;
    probe::ProbeTarget m_target;
    probe::ProbeOptions m_options;
    QString m_subject;
    QLabel *m_title;
    QLabel *m_summary;
    QTreeWidget *m_steps;
    QPushButton *m_runButton;
    QPushButton *m_cancelButton;
    QPushButton *m_copyButton;
};

} // namespace signet::ui
