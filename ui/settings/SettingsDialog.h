// SPDX-License-Identifier: GPL-3.0-or-later
// SettingsDialog: Preferences — how long copied tokens stay on the clipboard, and where the
// external clients are when detection does not find them.
#pragma once

#include "launch/Client.h"
#include "launch/ClientDetector.h"

#include <QDialog>
#include <QMap>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSettings;
class QSpinBox;

namespace signet::ui {

class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    // `detector` finds what a client path left empty resolves to (shown under each field).
    explicit SettingsDialog(const launch::ClientDetector &detector = launch::ClientDetector::system(),
                            QWidget *parent = nullptr);

    QSpinBox *clipboardSeconds() const { return m_clipboardSeconds; }
    QComboBox *themeBox() const { return m_theme; }
    QCheckBox *confirmProductionBox() const { return m_confirmProduction; }
    QLineEdit *pathField(launch::Client client) const { return m_paths.value(client); }
    // Checks the paths; writes the settings and returns true, or shows what is wrong and returns false.
    bool apply();

    void accept() override;

private:
    void updateFound(launch::Client client);
    // A path is typed but is no executable program.
    bool isUnusable(launch::Client client) const;

    launch::ClientDetector m_detector;
    QSpinBox *m_clipboardSeconds = nullptr;
    QComboBox *m_theme = nullptr;
    QCheckBox *m_confirmProduction = nullptr;
    QMap<launch::Client, QLineEdit *> m_paths;
    QMap<launch::Client, QLabel *> m_found;
    QLabel *m_error = nullptr;
};

} // namespace signet::ui
