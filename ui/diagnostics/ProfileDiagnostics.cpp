// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileDiagnostics: one DiagnosticsPanel per profile in a stack.
#include "diagnostics/ProfileDiagnostics.h"

#include "diagnostics/DiagnosticsPanel.h"

#include <QLabel>

namespace signet::ui {

ProfileDiagnostics::ProfileDiagnostics(QWidget *parent)
    : QStackedWidget(parent)
    , m_none(new QLabel(tr("Select a profile to check it."), this))
{
    setObjectName(QStringLiteral("profileDiagnostics"));
    m_none->setAlignment(Qt::AlignCenter);
    addWidget(m_none);
}

ProfileDiagnostics::~ProfileDiagnostics() = default;

DiagnosticsPanel *ProfileDiagnostics::show(const QUuid &profileId, const QString &name)
{
    if (profileId.isNull()) {
        setCurrentWidget(m_none);
        return nullptr;
    }
    DiagnosticsPanel *panel = m_panels.value(profileId);
    if (!panel) {
        panel = new DiagnosticsPanel(this);
        addWidget(panel);
        m_panels.insert(profileId, panel);
        connect(panel, &DiagnosticsPanel::runFinished, this,
                [this, profileId] { Q_EMIT checkFinished(profileId); });
    }
    panel->setSubject(name);
    setCurrentWidget(panel);
    return panel;
}

DiagnosticsPanel *ProfileDiagnostics::current() const
{
    return qobject_cast<DiagnosticsPanel *>(currentWidget());
}

void ProfileDiagnostics::forget(const QUuid &profileId)
{
    if (DiagnosticsPanel *panel = m_panels.take(profileId)) {
        panel->cancel();
        removeWidget(panel);
        panel->deleteLater();
    }
}

} // namespace signet::ui
