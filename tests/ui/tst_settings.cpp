// SPDX-License-Identifier: GPL-3.0-or-later
// Preferences: the clipboard timeout and client paths are saved to QSettings and take effect at
// once (the next copy clears after the new timeout, Open in… finds the configured program); a path
// that is not an executable is refused in the dialog; a clipboard copy is cleared when Signet quits.
#include "common/ConcealedClipboard.h"
#include "common/Theme.h"
#include "launch/ClientDetector.h"
#include "settings/SettingsDialog.h"
#include "workspace/ConsoleTab.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using signet::launch::Client;
using signet::launch::ClientDetector;
using signet::ui::ConcealedClipboard;
using signet::ui::SettingsDialog;
namespace theme = signet::ui::theme;

namespace {

QTemporaryDir *home()
{
    static QTemporaryDir dir;
    return &dir;
}

// A detector that knows nothing on PATH: only configured paths that exist and are executable count.
ClientDetector bareDetector()
{
    return ClientDetector({}, home()->path(), [](const QString &path) {
        const QFileInfo info(path);
        return info.isFile() && info.isExecutable();
    });
}

QString makeProgram(const QString &name)
{
    const QString path = home()->path() + u'/' + name;
    QFile file(path);
    file.open(QIODevice::WriteOnly);
    file.write("#!/bin/sh\n");
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return path;
}

} // namespace

class TestSettings final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QSettings().clear(); }

    void defaultsAndRange()
    {
        QCOMPARE(ConcealedClipboard::configuredTimeoutMs(), 30'000);
        QSettings().setValue(u"clipboard/timeoutSeconds"_s, 1);
        QCOMPARE(ConcealedClipboard::configuredTimeoutMs(), ConcealedClipboard::MinTimeoutSeconds * 1000);
        SettingsDialog dialog(bareDetector());
        QCOMPARE(dialog.clipboardSeconds()->minimum(), ConcealedClipboard::MinTimeoutSeconds);
        QCOMPARE(dialog.clipboardSeconds()->value(), ConcealedClipboard::MinTimeoutSeconds);
    }

    void savedSettingsTakeEffect()
    {
        ConcealedClipboard clipboard; // made before the change: it still follows it
        const QString psql = makeProgram(u"my psql"_s);
        {
            SettingsDialog dialog(bareDetector());
            dialog.clipboardSeconds()->setValue(12);
            dialog.pathField(Client::Psql)->setText(psql);
            QVERIFY(dialog.apply());
        }
        QCOMPARE(QSettings().value(u"clipboard/timeoutSeconds"_s).toInt(), 12);
        QCOMPARE(clipboard.timeout(), 12'000);
        QCOMPARE(ClientDetector::configuredPaths(QSettings()).value(Client::Psql), psql);
        QCOMPARE(bareDetector().find(Client::Psql,
                                     ClientDetector::configuredPaths(QSettings()).value(Client::Psql)),
                 psql);

        // Clearing the field goes back to detection.
        SettingsDialog again(bareDetector());
        QCOMPARE(again.pathField(Client::Psql)->text(), psql);
        again.pathField(Client::Psql)->clear();
        QVERIFY(again.apply());
        QVERIFY(!ClientDetector::configuredPaths(QSettings()).contains(Client::Psql));
    }

    // Consoles › production question: on by default, a click and Save turn it off.
    void productionQuestionCanBeTurnedOff()
    {
        QVERIFY(signet::ui::ConsoleTab::confirmsProductionChanges());
        SettingsDialog dialog(bareDetector());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QCheckBox *box = dialog.confirmProductionBox();
        QVERIFY(box->isVisible());
        QVERIFY(box->isChecked());
        QTest::mouseClick(box, Qt::LeftButton);
        QVERIFY(!box->isChecked());
        QTest::mouseClick(dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save),
                          Qt::LeftButton);
        QVERIFY(!signet::ui::ConsoleTab::confirmsProductionChanges());
        SettingsDialog again(bareDetector());
        QVERIFY(!again.confirmProductionBox()->isChecked());
    }

    void notAnExecutableIsRefused()
    {
        const QString text = home()->path() + u"/notes.txt"_s;
        QFile file(text);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        SettingsDialog dialog(bareDetector());
        dialog.show();
        dialog.pathField(Client::Dbeaver)->setText(text);
        dialog.clipboardSeconds()->setValue(45);
        QVERIFY(!dialog.apply());
        auto *error = dialog.findChild<QLabel *>(u"settingsError"_s);
        QVERIFY(error && error->isVisible());
        QVERIFY(error->text().contains(u"not an executable program"_s));
        // Nothing was saved.
        QVERIFY(!QSettings().contains(u"clipboard/timeoutSeconds"_s));
        QVERIFY(!QSettings().contains(u"clients/dbeaver"_s));
    }

    void darkThemeAppliesAndIsRemembered()
    {
        SettingsDialog dialog(bareDetector());
        dialog.themeBox()->setCurrentIndex(dialog.themeBox()->findData(int(theme::Choice::Dark)));
        QVERIFY(dialog.apply());
        QCOMPARE(theme::configured(), theme::Choice::Dark);
        QVERIFY(theme::isDark());
        QVERIFY(QApplication::palette().color(QPalette::Base).lightness() < 60);
        // Status colours stay readable on the dark window: lighter than it by a wide margin.
        for (const QColor &colour : {theme::ok(), theme::warning(), theme::error()})
            QVERIFY(colour.lightness() - QApplication::palette().color(QPalette::Window).lightness() > 60);

        SettingsDialog light(bareDetector());
        QCOMPARE(light.themeBox()->currentData().toInt(), int(theme::Choice::Dark));
        light.themeBox()->setCurrentIndex(light.themeBox()->findData(int(theme::Choice::Light)));
        QVERIFY(light.apply());
        QVERIFY(!theme::isDark());
        QCOMPARE(QSettings().value(u"appearance/theme"_s).toString(), u"light"_s);
        // Back to the system's palette (light on this platform) from dark.
        theme::apply(theme::Choice::Dark);
        QVERIFY(theme::isDark());
        theme::apply(theme::Choice::System);
        QVERIFY(!theme::isDark());
    }

    void copyIsClearedOnQuit()
    {
        {
            ConcealedClipboard clipboard;
            clipboard.copySecret(u"token-on-quit"_s);
            QCOMPARE(QApplication::clipboard()->text(), u"token-on-quit"_s);
        } // what the main window's destruction does on quit
        QVERIFY(QApplication::clipboard()->text().isEmpty());

        // A later copy by the user is never wiped.
        {
            ConcealedClipboard clipboard;
            clipboard.copySecret(u"token"_s);
            QApplication::clipboard()->setText(u"the user's own text"_s);
        }
        QCOMPARE(QApplication::clipboard()->text(), u"the user's own text"_s);
    }
};

int main(int argc, char **argv)
{
    qputenv("HOME", home()->path().toUtf8());
    qputenv("XDG_CONFIG_HOME", (home()->path() + u"/config"_s).toUtf8());
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"signet"_s);
    QApplication::setApplicationName(u"signet-settings-test"_s);
    TestSettings test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_settings.moc"
