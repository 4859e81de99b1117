// SPDX-License-Identifier: GPL-3.0-or-later
// ConcealedClipboard: puts a secret on the clipboard so it stays out of clipboard history and
// clears itself.
#pragma once

#include "common/SettingsKeys.h"

#include <QObject>
#include <QTimer>

namespace signet::ui {

// Marks the copy with `x-kde-passwordManagerHint: secret` (clipboard managers skip it), clears it
// after a timeout and on destruction, and only if the clipboard still holds what we put there,
// so a later copy by the user is never wiped.
class ConcealedClipboard final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConcealedClipboard)

public:
    static constexpr int DefaultTimeoutSeconds = config::kClipboardTimeoutSecondsDefault;
    static constexpr int MinTimeoutSeconds = 5;
    static constexpr int MaxTimeoutSeconds = 600;
    // Preferences (config::kClipboardTimeoutSeconds in QSettings), clamped to the range above.
    static int configuredTimeoutMs();

    explicit ConcealedClipboard(QObject *parent = nullptr);
    ~ConcealedClipboard() override;

    // A fixed timeout (tests); without one every copy uses the configured timeout of the moment.
    void setTimeout(int milliseconds) { m_timeoutMs = milliseconds; }
    int timeout() const { return m_timeoutMs >= 0 ? m_timeoutMs : configuredTimeoutMs(); }

    void copySecret(const QString &text);
    // Clears the clipboard now if it still holds our secret.
    void clearIfOurs();
    bool holdsSecret() const { return m_timer.isActive(); }

Q_SIGNALS:
    void copied(int timeoutMs);
    void cleared();

private:
    QTimer m_timer;
    QString m_copied;
    int m_timeoutMs = -1; // -1: configuredTimeoutMs()
};

} // namespace signet::ui
