// SPDX-License-Identifier: GPL-3.0-or-later
// DiagnosticsPanel: runs the check for one target and shows each step with its icon, time,
// verdict and expandable details; "Copy report" puts the redacted text report on the clipboard.
#pragma once

#include "probe/ProbeOptions.h"
#include "probe/ProbeReport.h"
#include "probe/ProbeTarget.h"

#include <QDateTime>
#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace signet::probe {
class Probe;
}

namespace signet::ui {

class DiagnosticsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DiagnosticsPanel)

public:
    explicit DiagnosticsPanel(QWidget *parent = nullptr);
    ~DiagnosticsPanel() override;

    void setTarget(const probe::ProbeTarget &target);
    // Whose check this is (the profile's name), shown with the target and the time of the last run.
    void setSubject(const QString &profileName);
    // When the last run finished (invalid before the first).
    QDateTime checkedAt() const { return m_checkedAt; }
    QString titleText() const;
    // Environment, timeouts and the login step (wired by the app to DbSession).
    void setOptions(const probe::ProbeOptions &options);

    void run();
    void cancel();
    bool isRunning() const;
    const probe::ProbeReport &lastReport() const { return m_report; }
    // The redacted text report of the last run.
    QString reportText() const;
    void copyReport();

signals:
    void runStarted();
    void runFinished(const signet::probe::ProbeReport &report);

protected:
    void changeEvent(QEvent *event) override;

private:
    void updateTitle();
    void applyIcons();
    void onStepStarted(const QString &id);
    void onStepFinished(const probe::ProbeStep &step);
    void onFinished(const probe::ProbeReport &report);
    QTreeWidgetItem *itemFor(const QString &id) const;
    void updateButtons();

    probe::ProbeTarget m_target;
    probe::ProbeOptions m_options;
    probe::ProbeReport m_report;
    QString m_subject;
    QDateTime m_checkedAt;
    QPointer<probe::Probe> m_probe;
    QLabel *m_title;
    QLabel *m_summary;
    QTreeWidget *m_steps;
    QPushButton *m_runButton;
    QPushButton *m_cancelButton;
    QPushButton *m_copyButton;
};

} // namespace signet::ui
