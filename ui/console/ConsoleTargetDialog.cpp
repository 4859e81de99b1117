// ConsoleTargetDialog: a small form for the connection parameters, remembered in QSettings.
#include "console/ConsoleTargetDialog.h"

#include "common/SettingsKeys.h"
#include "console/ConsoleWidget.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>

namespace signet::ui {

ConsoleTargetDialog::ConsoleTargetDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Open Console"));
    QSettings settings;
    settings.beginGroup(config::key(config::kConsoleLastTarget));
    m_engine = new QComboBox(this);
    for (const Engine engine : allEngines())
        m_engine->addItem(engineKey(engine));
    m_engine->setCurrentText(settings.value(QStringLiteral("engine"), QString::fromLatin1(config::kConsoleLastTargetEngineDefault)).toString());
    auto line = [&](const QString &key, const QString &placeholder) {
        auto *edit = new QLineEdit(settings.value(key).toString(), this);
        edit->setPlaceholderText(placeholder);
        return edit;
    };
    m_host = line(QStringLiteral("host"), QStringLiteral("mydb.abc123.eu-west-1.rds.amazonaws.com"));
    m_port = new QSpinBox(this);
    m_port->setRange(1, 65535);
    m_port->setValue(settings.value(QStringLiteral("port"), config::kConsoleLastTargetPortDefault).toInt());
    m_via = line(QStringLiteral("via"), tr("optional HOST:PORT, e.g. 127.0.0.1:15432"));
    m_user = line(QStringLiteral("user"), QStringLiteral("iam_user"));
    m_database = line(QStringLiteral("database"), {});
    m_region = line(QStringLiteral("region"), tr("from the endpoint name"));
    m_ca = line(QStringLiteral("ca"), QStringLiteral("/path/to/global-bundle.pem"));
    m_awsProfile = line(QStringLiteral("aws-profile"), tr("default credential chain"));
    m_error = new QLabel(this);
    m_error->setWordWrap(true);

    auto *form = new QFormLayout(this);
    form->addRow(tr("&Engine"), m_engine);
    form->addRow(tr("&Host"), m_host);
    form->addRow(tr("&Port"), m_port);
    form->addRow(tr("Connect &via"), m_via);
    form->addRow(tr("&User"), m_user);
    form->addRow(tr("&Database"), m_database);
    form->addRow(tr("&Region"), m_region);
    form->addRow(tr("&CA bundle"), m_ca);
    form->addRow(tr("AWS &profile"), m_awsProfile);
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
    const auto engine = parseEngine(m_engine->currentText());
    if (!engine)
        return engine.error();
    target.engine = *engine;
    target.host = m_host->text().trimmed();
    target.port = m_port->value();
    target.user = m_user->text().trimmed();
    target.database = m_database->text().trimmed();
    target.region = m_region->text().trimmed();
    target.caFile = m_ca->text().trimmed();
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
    settings.setValue(QStringLiteral("engine"), m_engine->currentText());
    settings.setValue(QStringLiteral("host"), m_host->text());
    settings.setValue(QStringLiteral("port"), m_port->value());
    settings.setValue(QStringLiteral("via"), m_via->text());
    settings.setValue(QStringLiteral("user"), m_user->text());
    settings.setValue(QStringLiteral("database"), m_database->text());
    settings.setValue(QStringLiteral("region"), m_region->text());
    settings.setValue(QStringLiteral("ca"), m_ca->text());
    settings.setValue(QStringLiteral("aws-profile"), m_awsProfile->text());
    accept();
}

void ConsoleTargetDialog::openConsole(QWidget *parent)
{
    // Window-modal and asynchronous: no nested event loop.
    auto *dialog = new ConsoleTargetDialog(parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, dialog, [dialog] {
        const auto target = dialog->target();
        if (target)
            showConsole(*target);
    });
    dialog->open();
}

ConsoleWidget *ConsoleTargetDialog::showConsole(const db::DbTarget &target)
{
    // One window collects the consoles opened this way, a tab per connection.
    static QPointer<QTabWidget> window;
    if (!window) {
        window = new QTabWidget;
        window->setAttribute(Qt::WA_DeleteOnClose);
        window->setWindowTitle(tr("Signet Console"));
        window->setTabsClosable(true);
        window->resize(1100, 750);
        QObject::connect(window, &QTabWidget::tabCloseRequested, window, [](int index) {
            QWidget *page = window->widget(index);
            window->removeTab(index);
            page->deleteLater();
        });
    }
    auto *console = new ConsoleWidget(target);
    window->setCurrentIndex(window->addTab(console, console->title()));
    window->show();
    window->raise();
    console->connectToServer();
    return console;
}

} // namespace signet::ui
