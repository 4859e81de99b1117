// Starts the GUI. `--quit-after-first-paint` exits once the window has painted (start-up benchmarks).
#include "gui/Gui.h"

#include "MainWindow.h"
#include "common/Clock.h"

#include <QApplication>
#include <QIcon>
#include <QTimer>

#include <cstring>

namespace signet::gui {

int run(int argc, char **argv)
{
    bool quitAfterPaint = false;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--quit-after-first-paint") == 0)
            quitAfterPaint = true;
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("signet"));
    QApplication::setApplicationDisplayName(QStringLiteral("Signet"));
    QApplication::setOrganizationName(QStringLiteral("signet"));
    QApplication::setApplicationVersion(QStringLiteral(SIGNET_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("signet"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/signet/icons/signet.svg")));

    ui::MainWindow window(Clock::system());
    window.show();
    if (quitAfterPaint)
        QTimer::singleShot(0, &app, &QCoreApplication::quit);
    return app.exec();
}

} // namespace signet::gui
