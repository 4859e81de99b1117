// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileDiagnostics: the Diagnostics tab of the profile page. Every profile has its own check
// (its own panel, report and time), so a result never shows under another profile — a fresh
// duplicate starts with none — and a check keeps running when another profile is selected.
#pragma once

#include <QHash>
#include <QStackedWidget>
#include <QUuid>

class QLabel;

namespace signet::ui {

class DiagnosticsPanel;

class ProfileDiagnostics final : public QStackedWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileDiagnostics)

public:
    explicit ProfileDiagnostics(QWidget *parent = nullptr);
    ~ProfileDiagnostics() override;

    // Shows the profile's panel (made on first use, titled with `name`); a null id shows none.
    DiagnosticsPanel *show(const QUuid &profileId, const QString &name);
    // The panel of a profile, or null when it never had one.
    DiagnosticsPanel *panelFor(const QUuid &profileId) const { return m_panels.value(profileId); }
    DiagnosticsPanel *current() const;
    // The profile is gone: so is its check.
    void forget(const QUuid &profileId);

Q_SIGNALS:
    // A check of that profile finished (the tab title shows the time of the visible one).
    void checkFinished(const QUuid &profileId);

private:
    QLabel *m_none = nullptr;
    QHash<QUuid, DiagnosticsPanel *> m_panels;
};

} // namespace signet::ui
