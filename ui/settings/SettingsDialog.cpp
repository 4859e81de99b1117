// SPDX-License-Identifier: GPL-3.0-or-later
// Preferences: clipboard timeout and client paths, kept in QSettings.
#include "settings/SettingsDialog.h"

#include "common/SettingsKeys.h"
#include "common/Theme.h"

#include "common/ConcealedClipboard.h"
#include "workspace/ConsoleTab.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

namespace signet::ui {

using launch::Client;
using launch::ClientDetector;

SettingsDialog::SettingsDialog(const ClientDetector &detector, QWidget *parent)
    : QDialog(parent)
    , m_detector(detector)
{
    setWindowTitle(tr("Preferences"));
    setMinimumWidth(640);
    setObjectName(QStringLiteral("settingsDialog"));
    auto *layout = new QVBoxLayout(this);

    auto *appearance = new QGroupBox(tr("Appearance"), this);
    auto *appearanceForm = new QFormLayout(appearance);
    m_theme = new QComboBox(appearance);
    m_theme->setObjectName(QStringLiteral("themeBox"));
    m_theme->addItem(tr("Follow the system"), int(theme::Choice::System));
    m_theme->addItem(tr("Light"), int(theme::Choice::Light));
    m_theme->addItem(tr("Dark"), int(theme::Choice::Dark));
    m_theme->setCurrentIndex(m_theme->findData(int(theme::configured())));
    appearanceForm->addRow(tr("T&heme:"), m_theme);
    layout->addWidget(appearance);

    auto *consoles = new QGroupBox(tr("Consoles"), this);
    auto *consolesLayout = new QVBoxLayout(consoles);
    m_confirmProduction = new QCheckBox(
        tr("Ask before a &production profile's console runs a statement that changes data"), consoles);
    m_confirmProduction->setObjectName(QStringLiteral("confirmProduction"));
    m_confirmProduction->setChecked(ConsoleTab::confirmsProductionChanges());
    consolesLayout->addWidget(m_confirmProduction);
    layout->addWidget(consoles);

    auto *clipboard = new QGroupBox(tr("Clipboard"), this);
    auto *clipboardForm = new QFormLayout(clipboard);
    m_clipboardSeconds = new QSpinBox(clipboard);
    m_clipboardSeconds->setObjectName(QStringLiteral("clipboardSeconds"));
    m_clipboardSeconds->setRange(ConcealedClipboard::MinTimeoutSeconds,
                                 ConcealedClipboard::MaxTimeoutSeconds);
    m_clipboardSeconds->setSuffix(tr(" s"));
    m_clipboardSeconds->setValue(ConcealedClipboard::configuredTimeoutMs() / 1000);
    clipboardForm->addRow(tr("Clear a copied &token after:"), m_clipboardSeconds);
    auto *clipboardNote =
        new QLabel(tr("Only if the clipboard still holds the token; always when Signet quits."), clipboard);
    clipboardNote->setWordWrap(true);
    clipboardNote->setEnabled(false);
    clipboardForm->addRow(clipboardNote);
    layout->addWidget(clipboard);

    auto *clients = new QGroupBox(tr("Client programs (empty: found on PATH and the usual places)"), this);
    auto *clientsForm = new QFormLayout(clients);
    const QMap<Client, QString> configured = ClientDetector::configuredPaths(QSettings());
    for (const Client client : launch::allClients()) {
        auto *row = new QWidget(clients);
        auto *rowLayout = new QHBoxLayout(row);
        rowLayout->setContentsMargins(0, 0, 0, 0);
        auto *path = new QLineEdit(configured.value(client), row);
        path->setObjectName(QStringLiteral("path-") + launch::clientName(client));
        path->setClearButtonEnabled(true);
        auto *browse = new QPushButton(tr("Browse…"), row);
        rowLayout->addWidget(path, 1);
        rowLayout->addWidget(browse);
        auto *found = new QLabel(clients);
        found->setEnabled(false);
        found->setTextInteractionFlags(Qt::TextSelectableByMouse);
        clientsForm->addRow(launch::clientLabel(client) + u':', row);
        clientsForm->addRow(QString(), found);
        m_paths.insert(client, path);
        m_found.insert(client, found);
        connect(path, &QLineEdit::textChanged, this, [this, client] { updateFound(client); });
        connect(browse, &QPushButton::clicked, this, [this, client, path] {
            const QString chosen = QFileDialog::getOpenFileName(
                this, tr("%1 program").arg(launch::clientLabel(client)), path->text());
            if (!chosen.isEmpty())
                path->setText(chosen);
        });
        updateFound(client);
    }
    layout->addWidget(clients);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("settingsError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: %1;").arg(theme::error().name()));
    m_error->hide();
    layout->addWidget(m_error);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    layout->addWidget(buttons);
}

bool SettingsDialog::isUnusable(Client client) const
{
    const QString typed = m_paths.value(client)->text().trimmed();
    // find() falls back to detection when the configured path is no executable.
    return !typed.isEmpty() && m_detector.find(client, typed) != typed;
}

void SettingsDialog::updateFound(Client client)
{
    const QString typed = m_paths.value(client)->text().trimmed();
    const QString found = m_detector.find(client, typed);
    QLabel *label = m_found.value(client);
    if (isUnusable(client))
        label->setText(tr("%1 is not an executable program").arg(typed));
    else if (found.isEmpty())
        label->setText(tr("not found"));
    else
        label->setText(typed.isEmpty() ? tr("found: %1").arg(found) : tr("uses %1").arg(found));
}

bool SettingsDialog::apply()
{
    QStringList problems;
    for (auto it = m_paths.cbegin(); it != m_paths.cend(); ++it) {
        if (isUnusable(it.key()))
            problems << tr("%1: %2 is not an executable program; fix the path or leave it empty.")
                            .arg(launch::clientLabel(it.key()), it.value()->text().trimmed());
    }
    if (!problems.isEmpty()) {
        m_error->setText(problems.join(u'\n'));
        m_error->show();
        return false;
    }
    m_error->hide();
    const auto chosen = theme::Choice(m_theme->currentData().toInt());
    if (chosen != theme::configured()) {
        theme::setConfigured(chosen);
        theme::apply(chosen);
    }
    QSettings settings;
    settings.setValue(config::key(config::kClipboardTimeoutSeconds), m_clipboardSeconds->value());
    ConsoleTab::setConfirmsProductionChanges(m_confirmProduction->isChecked());
    for (auto it = m_paths.cbegin(); it != m_paths.cend(); ++it)
        ClientDetector::setConfiguredPath(settings, it.key(), it.value()->text().trimmed());
    settings.sync();
    return true;
}

void SettingsDialog::accept()
{
    if (apply())
        QDialog::accept();
}

} // namespace signet::ui
