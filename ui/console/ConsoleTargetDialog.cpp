// SPDX-License-Identifier: GPL-3.0-or-later
// ConsoleTargetDialog: a roomy form for the connection parameters, remembered in QSettings.
#include "console/ConsoleTargetDialog.h"

#include "common/SettingsKeys.h"
#include "common/Theme.h"
#include "tls/CaBundleStore.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>

namespace signet::ui {

ConsoleTargetDialog::ConsoleTargetDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Open Console"));
    setObjectName(QStringLiteral("consoleTargetDialog"));
    // Room for an RDS host name and a CA path without cutting them (fits 1366×768, also at 200 %).
    setMinimumWidth(qMin(620, fontMetrics().averageCharWidth() * 80));
    QSettings settings;
    settings.beginGroup(config::key(config::kConsoleLastTarget));
    m_engine = new QComboBox(this);
    m_engine->setObjectName(QStringLiteral("engineCombo"));
    // The engine by the name people know; its key (as the command line spells it) is remembered.
    for (const Engine engine : allEngines())
        m_engine->addItem(engineDisplayName(engine), engineKey(engine));
    m_engine->setCurrentIndex(qMax(
        0, m_engine->findData(settings.value(QStringLiteral("engine"),
                                             QString::fromLatin1(config::kConsoleLastTargetEngineDefault)))));
    auto line = [&](const QString &key, const QString &placeholder) {
        auto *edit = new QLineEdit(settings.value(key).toString(), this);
        edit->setObjectName(key + QStringLiteral("Edit"));
        edit->setPlaceholderText(placeholder);
        return edit;
    };
    m_host = line(QStringLiteral("host"), QStringLiteral("mydb.abc123.eu-west-1.rds.amazonaws.com"));
    m_port = new QSpinBox(this);
    m_port->setObjectName(QStringLiteral("portSpin"));
    m_port->setRange(1, 65535);
    m_port->setValue(settings.value(QStringLiteral("port"), config::kConsoleLastTargetPortDefault).toInt());
    m_via = line(QStringLiteral("via"), tr("optional HOST:PORT, e.g. 127.0.0.1:15432"));
    m_user = line(QStringLiteral("user"), QStringLiteral("iam_user"));
    m_database = line(QStringLiteral("database"), {});
    m_region = line(QStringLiteral("region"), tr("from the endpoint name"));
    m_ca = line(QStringLiteral("ca"), tr("default: RDS global bundle (or a bundle id, a PEM file)"));
    auto *browse = new QPushButton(tr("&Browse…"), this);
    browse->setObjectName(QStringLiteral("caBrowse"));
    auto *caRow = new QHBoxLayout;
    caRow->addWidget(m_ca, 1);
    caRow->addWidget(browse);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("CA bundle"), m_ca->text(),
                                                          tr("Certificates (*.pem *.crt);;All files (*)"));
        if (!file.isEmpty())
            m_ca->setText(file);
    });
    m_awsProfile = line(QStringLiteral("aws-profile"), tr("default credential chain"));
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("consoleTargetError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: %1;").arg(theme::error().name()));

    auto *form = new QFormLayout(this);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    form->addRow(tr("&Engine:"), m_engine);
    form->addRow(tr("&Host:"), m_host);
    form->addRow(tr("&Port:"), m_port);
    form->addRow(tr("Connect &via:"), m_via);
    form->addRow(tr("&User:"), m_user);
    form->addRow(tr("&Database:"), m_database);
    form->addRow(tr("&Region:"), m_region);
    // A row of two widgets gets no buddy from the form: the label names the field itself, so its
    // "&" is a shortcut and not shown.
    auto *caLabel = new QLabel(tr("&CA bundle:"), this);
    caLabel->setBuddy(m_ca);
    form->addRow(caLabel, caRow);
    form->addRow(tr("AWS pr&ofile:"), m_awsProfile);
    form->addRow(m_error);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ConsoleTargetDialog::tryAccept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

Result<db::DbTarget> ConsoleTargetDialog::target() const
{
    db::DbTarget target;
    const auto engine = parseEngine(m_engine->currentData().toString());
    if (!engine)
        return engine.error();
    target.engine = *engine;
    target.host = m_host->text().trimmed();
    target.port = m_port->value();
    target.user = m_user->text().trimmed();
    target.database = m_database->text().trimmed();
    target.region = m_region->text().trimmed();
    // Empty is the endpoint's default bundle (the RDS global bundle, or the system store for DSQL and
    // RDS Proxy), as the placeholder says; a stored bundle's id or a PEM path otherwise.
    const auto ca = tls::CaBundleStore().resolveFor(m_ca->text().trimmed(), target.engine, target.host);
    if (!ca)
        return ca.error();
    target.caFile = *ca;
    target.awsProfile = m_awsProfile->text().trimmed();
    if (const Status via = target.setVia(m_via->text()); !via)
        return via.error();
    const Status valid = target.validate();
    if (!valid)
        return valid.error();
    return target;
}

void ConsoleTargetDialog::tryAccept()
{
    const auto result = target();
    if (!result) {
        m_error->setText(result.error().toString());
        return;
    }
    QSettings settings;
    settings.beginGroup(config::key(config::kConsoleLastTarget));
    settings.setValue(QStringLiteral("engine"), m_engine->currentData());
    settings.setValue(QStringLiteral("host"), m_host->text());
    settings.setValue(QStringLiteral("port"), m_port->value());
    settings.setValue(QStringLiteral("via"), m_via->text());
    settings.setValue(QStringLiteral("user"), m_user->text());
    settings.setValue(QStringLiteral("database"), m_database->text());
    settings.setValue(QStringLiteral("region"), m_region->text());
    settings.setValue(QStringLiteral("ca"), m_ca->text());
    settings.setValue(QStringLiteral("aws-profile"), m_awsProfile->text());
    accept();
    Q_EMIT targetAccepted(*result);
}

} // namespace signet::ui
