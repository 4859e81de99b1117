// SPDX-License-Identifier: GPL-3.0-or-later
// Starts the GUI. `--quit-after-first-paint` exits once the main window has painted (start-up
// benchmarks) and prints the time it took on stderr.
#include "gui/Gui.h"

#include "gui/GuiOptions.h"

#include "MainWindow.h"
#include "buildinfo/BuildInfo.h"
#include "common/Clock.h"
#include "common/Theme.h"
#include "profiles/KeychainSecretStore.h"
#include "profiles/ProfileStore.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QIcon>
#include <QTimer>

#include <cstdio>

namespace signet::gui {

namespace {

// Quits the application right after the first paint event of the watched window.
class FirstPaintWatcher final : public QObject
{
public:
    FirstPaintWatcher(const QElapsedTimer &started, QObject *parent)
        : QObject(parent)
        , m_started(started)
    {}

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && !m_done) {
            m_done = true;
            std::fprintf(stderr, "first paint after %lld ms\n", static_cast<long long>(m_started.elapsed()));
            QTimer::singleShot(0, qApp, &QCoreApplication::quit);
        }
        return QObject::eventFilter(watched, event);
    }

private:
    const QElapsedTimer &m_started;
    bool m_done = false;
};

} // namespace

int run(int argc, char **argv)
{
    QElapsedTimer started;
    started.start();
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    const GuiOptions options = parseGuiOptions(arguments);
    // Answered before QApplication exists, so they work without a display (help2man runs them).
    if (options.help || options.version) {
        const QByteArray text =
            (options.help ? guiHelpText() : QStringLiteral("signet-gui %1\n").arg(buildinfo::versionLine()))
                .toUtf8();
        std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
        return 0;
    }
    if (!options.error.isEmpty()) {
        std::fprintf(stderr, "signet-gui: %s\n", options.error.toLocal8Bit().constData());
        return 2;
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("signet"));
    QApplication::setApplicationDisplayName(QStringLiteral("Signet"));
    QApplication::setOrganizationName(QStringLiteral("signet"));
    QApplication::setApplicationVersion(buildinfo::version());
    QApplication::setDesktopFileName(QStringLiteral("signet"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/signet/icons/signet.svg")));
    // Light and dark follow the system (its palette) unless Preferences chose one.
    if (const auto chosen = ui::theme::configured(); chosen != ui::theme::Choice::System)
        ui::theme::apply(chosen);

    profiles::ProfileStore store;
    profiles::KeychainSecretStore secrets;
    ui::MainWindow window(Clock::system(), store, secrets);
    // Loaded after the window exists so a damaged file is reported in it.
    (void)store.load();
    store.setWatching(!options.quitAfterFirstPaint);
    applyGuiOptions(window, options);
    if (options.quitAfterFirstPaint)
        window.installEventFilter(new FirstPaintWatcher(started, &window));
    window.show();
    return app.exec();
}

} // namespace signet::gui
