// The main window: menus, status bar, remembered geometry, and the token panel.
#include "MainWindow.h"

#include "console/ConsoleTargetDialog.h"
#include "token/QuickTokenPanel.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>

namespace signet::ui {

MainWindow::MainWindow(const Clock &clock, QWidget *parent)
    : QMainWindow(parent)
    , m_tokenPanel(new QuickTokenPanel(clock, this))
{
    setWindowTitle(QStringLiteral("Signet"));
    setWindowIcon(QIcon(QStringLiteral(":/signet/icons/signet.svg")));
    setCentralWidget(m_tokenPanel);
    createMenus();
    statusBar()->showMessage(tr("Ready. Credentials come from the environment or your AWS profiles."));
    connect(m_tokenPanel, &QuickTokenPanel::statusChanged, this,
            [this](const QString &message) { statusBar()->showMessage(message, 10'000); });

    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(720, 460);
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *sign = file->addAction(tr("&Sign Token"), m_tokenPanel, &QuickTokenPanel::sign);
    sign->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    QAction *copy = file->addAction(tr("&Copy Token"), m_tokenPanel, &QuickTokenPanel::copyToken);
    copy->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    file->addSeparator();
    file->addAction(tr("&Console…"), this, [this] { ConsoleTargetDialog::openConsole(this); });
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Signet"), this, &MainWindow::showAbout);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Signet"),
                       tr("<h3>Signet %1</h3><p>IAM database authentication for Amazon RDS and Aurora.</p>")
                           .arg(QApplication::applicationVersion()));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    QMainWindow::closeEvent(event);
}

} // namespace signet::ui
