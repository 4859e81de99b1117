// SPDX-License-Identifier: GPL-3.0-or-later
// signet-gui's start options (the desktop entry's actions: New Profile, Open Console for the Last
// Profile) acting on a real main window, and Help › About showing what `signet --version` and the
// package's copyright file say.
#include "MainWindowFixture.h"

#include "MainWindow.h"
#include "buildinfo/BuildInfo.h"
#include "console/ConsoleWidget.h"
#include "gui/GuiOptions.h"
#include "help/AboutDialog.h"
#include "profiles/ProfileEditor.h"
#include "profiles/ProfileTreePanel.h"
#include "workspace/ConsoleTab.h"
#include "workspace/Workspace.h"

#include <QAction>
#include <QFile>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QTreeWidget>

using namespace signet;
using namespace signet::gui;
using namespace signet::ui;
using namespace signet::ui::test_support;

class TestGuiOptions final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { resetProfilesAndKeys(); }

    void parsesItsOptionsAndLeavesQtsAlone()
    {
        const GuiOptions none = parseGuiOptions({u"signet-gui"_s, u"-platform"_s, u"offscreen"_s});
        QVERIFY(none.error.isEmpty());
        QVERIFY(!none.newProfile && !none.consoleLast && !none.help && none.profile.isEmpty());

        const GuiOptions some = parseGuiOptions({u"signet"_s, u"--profile"_s, u"Demo MariaDB"_s,
                                                 u"--console-last"_s, u"--quit-after-first-paint"_s});
        QVERIFY(some.error.isEmpty());
        QCOMPARE(some.profile, u"Demo MariaDB"_s);
        QVERIFY(some.consoleLast && some.quitAfterFirstPaint && !some.newProfile);
        QCOMPARE(parseGuiOptions({u"signet-gui"_s, u"--profile=orders"_s}).profile, u"orders"_s);
        QVERIFY(parseGuiOptions({u"signet-gui"_s, u"--new-profile"_s}).newProfile);
        QVERIFY(parseGuiOptions({u"signet-gui"_s, u"--help"_s}).help);
        QVERIFY(parseGuiOptions({u"signet-gui"_s, u"-v"_s}).version);

        QVERIFY(parseGuiOptions({u"signet-gui"_s, u"--profile"_s}).error.contains(u"--profile"_s));
        QVERIFY(!parseGuiOptions({u"signet-gui"_s, u"--new-profile"_s, u"--console-last"_s}).error.isEmpty());
        // Every option is in the help the man page is made from.
        for (const char *option :
             {"--profile NAME", "--new-profile", "--console-last", "--quit-after-first-paint"})
            QVERIFY2(guiHelpText().contains(QLatin1String(option)), option);
    }

    // The desktop action "New Profile": the window starts in an empty profile editor, typing goes
    // into its name.
    void newProfileStartsInTheEditor()
    {
        Fixture f;
        QVERIFY(f.store.add(makeProfile(u"existing"_s)).ok());
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        GuiOptions options;
        options.newProfile = true;
        applyGuiOptions(*f.window, options);
        QVERIFY(f.editor()->isNew());
        QVERIFY(f.editor()->isVisible());
        QVERIFY(f.tree()->currentProfileId().isNull());
        auto *name = qobject_cast<QLineEdit *>(QApplication::focusWidget());
        QVERIFY(name);
        QTest::keyClicks(name, u"fresh"_s);
        QCOMPARE(f.editor()->profileFromForm().name, u"fresh"_s);
    }

    // The desktop action "Open Console for the Last Profile": the profile selected when the window
    // last closed gets a console tab.
    void consoleLastOpensTheProfileUsedLast()
    {
        const ConnectionProfile first = closedPortProfile(u"first"_s);
        const ConnectionProfile last = closedPortProfile(u"last-used"_s);
        {
            Fixture before;
            QVERIFY(before.store.add(first).ok());
            QVERIFY(before.store.add(last).ok());
            before.tree()->selectProfile(last.id);
            before.window->close(); // remembers the selection
        }
        Fixture f;
        GuiOptions options;
        options.consoleLast = true;
        applyGuiOptions(*f.window, options);
        QTRY_VERIFY(f.window->consoleFor(last.id) != nullptr);
        QVERIFY(f.window->consoleFor(first.id) == nullptr);
        // The console's own workspace tab is in front (consoles are tabs of the workspace).
        QCOMPARE(f.window->workspace()->currentWidget(), f.window->workspace()->consoleTabFor(last.id));
        QCOMPARE(f.tree()->currentProfileId(), last.id);
    }

    void consoleLastWithoutHistorySaysSo()
    {
        QSettings().remove(u"window/lastProfile"_s);
        Fixture f;
        const ConnectionProfile only = closedPortProfile(u"only"_s);
        QVERIFY(f.store.add(only).ok());
        GuiOptions options;
        options.consoleLast = true;
        applyGuiOptions(*f.window, options);
        QVERIFY(f.window->consoleFor(only.id) == nullptr);
        QVERIFY2(f.window->statusBar()->currentMessage().contains(u"No profile was used yet"_s),
                 qPrintable(f.window->statusBar()->currentMessage()));
    }

    // Help › About: the version and revision `signet --version` prints, the licence, and each
    // library with its licence as the package's copyright file lists them.
    void aboutShowsVersionLicenceAndLibraries()
    {
        Fixture f;
        QAction *about = nullptr;
        for (QAction *top : f.window->menuBar()->actions()) {
            if (top->menu() && top->text().remove(u'&') == u"Help") {
                for (QAction *action : top->menu()->actions()) {
                    if (action->text().remove(u'&').startsWith(u"About"))
                        about = action;
                }
            }
        }
        QVERIFY(about);
        QFile copyright(qEnvironmentVariable("SIGNET_SOURCE_DIR") + u"/installer/copyright"_s);
        QVERIFY(copyright.open(QIODevice::ReadOnly));
        const QString listed = QString::fromUtf8(copyright.readAll());

        bool seen = false;
        QTimer::singleShot(0, this, [&] {
            auto *dialog = qobject_cast<AboutDialog *>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            seen = true;
            dialog->reject();
            const QString version = dialog->versionLabel()->text();
            QVERIFY2(version.contains(buildinfo::version()), qPrintable(version));
            QVERIFY2(version.contains(buildinfo::gitRevision()), qPrintable(version));
            QVERIFY(!buildinfo::gitRevision().isEmpty());
            QVERIFY(dialog->licenceLabel()->text().contains(u"GPL-3.0-or-later"_s));
            QTreeWidget *libraries = dialog->libraries();
            QCOMPARE(libraries->topLevelItemCount(), buildinfo::libraries().size());
            QStringList names;
            for (int i = 0; i < libraries->topLevelItemCount(); ++i) {
                const QTreeWidgetItem *row = libraries->topLevelItem(i);
                names << row->text(0);
                const QString line = u" - %1: %2"_s.arg(row->text(0), row->text(2));
                QVERIFY2(listed.contains(line), qPrintable(u"copyright lacks \"%1\""_s.arg(line)));
            }
            for (const char *library :
                 {"Qt", "QtKeychain", "QScintilla", "OpenSSL", "MariaDB Connector/C", "libpq"})
                QVERIFY2(names.contains(QLatin1String(library)), library);
            // Versions in use, where the library says.
            QVERIFY(!libraries->findItems(u"OpenSSL"_s, Qt::MatchExactly).first()->text(1).isEmpty());
            QCOMPARE(libraries->findItems(u"Qt"_s, Qt::MatchExactly).first()->text(1),
                     QString::fromLatin1(qVersion()));
        });
        about->trigger();
        QVERIFY(seen);
    }
};

int main(int argc, char **argv)
{
    return runInTemporaryHome<TestGuiOptions>(argc, argv);
}

#include "tst_gui_options.moc"
